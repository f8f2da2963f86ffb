"""Saddle-stitch imposition: page order, sheet size, vector placement, creep, bleed, errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ImageChops, ImageStat
from reportlab import rl_config
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from generator.errors import InputError
from generator.press.impose import booklet_sequence, impose_booklet, saddle_order
from generator.press.preflight import check_pdf

rl_config.invariant = 1


def booklet(
    n: int,
    *,
    size: tuple[float, float] = A5,
    bleed_mm: float = 0.0,
    odd_size_page: int | None = None,
    rotate: bool = False,
) -> bytes:
    """n pages; page N says "PAGE N" in big type at the centre of its trim."""
    buf = io.BytesIO()
    b = bleed_mm * mm
    c = canvas.Canvas(buf)
    for number in range(1, n + 1):
        w, h = (size[0] + 20, size[1]) if number == odd_size_page else size
        c.setPageSize((w + 2 * b, h + 2 * b))
        if b:
            c.setTrimBox((b, b, b + w, b + h))
            c.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
        # odd pages light grey, even pages dark grey, over the whole page with its bleed
        c.setFillGray(0.8 if number % 2 else 0.3)
        c.rect(0, 0, w + 2 * b, h + 2 * b, fill=1, stroke=0)
        c.setFillGray(0)
        c.setFont("Helvetica-Bold", 40)
        c.drawCentredString(b + w / 2, b + h / 2, f"PAGE {number}")
        c.showPage()
    c.save()
    return turned(buf.getvalue()) if rotate else buf.getvalue()


def turned(pdf: bytes) -> bytes:
    """The same pages stored landscape with /Rotate 90, so a viewer shows them unchanged."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            w, h = float(page.MediaBox[2]), float(page.MediaBox[3])
            # shown (u, v) lies at stored (h - v, u) once the viewer turns the page clockwise
            page.contents_add(doc.make_stream(f"q 0 1 -1 0 {h} 0 cm".encode()), prepend=True)
            page.contents_add(doc.make_stream(b"Q"))
            page.MediaBox = pikepdf.Array([0, 0, h, w])
            page.Rotate = 90
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def words(pdf: bytes, tmp_path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per output page: (text, x0, y0, x1, y1) of each "PAGE N", in points (pdfium's text
    boxes, y from the bottom)."""
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        labels = []
        for m in re.finditer(r"PAGE \d+", text):
            boxes = [text_page.get_charbox(i) for i in range(m.start(), m.end()) if text[i] != " "]
            labels.append(
                (
                    m.group(0),
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
        pages.append(labels)
    return pages


def sides(pdf: bytes, tmp_path: Path) -> list[tuple[str | None, str | None]]:
    """Per output page: the label in the left half and the one in the right half."""
    result = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        widths = [float(p.MediaBox[2]) for p in doc.pages]
    for labels, width in zip(words(pdf, tmp_path), widths, strict=True):
        left = [t for t, x0, _, x1, _ in labels if (x0 + x1) / 2 < width / 2]
        right = [t for t, x0, _, x1, _ in labels if (x0 + x1) / 2 > width / 2]
        assert len(left) <= 1 and len(right) <= 1
        result.append((left[0] if left else None, right[0] if right else None))
    return result


def expected(n_pages: int) -> list[tuple[str | None, str | None]]:
    seq = booklet_sequence(n_pages)
    label = {i: f"PAGE {p}" if p else None for i, p in enumerate(seq, start=1)}
    return [(label[a], label[b]) for a, b in saddle_order(len(seq))]


def test_saddle_order_of_16() -> None:
    assert saddle_order(16) == [
        (16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9),
    ]  # fmt: skip
    with pytest.raises(ValueError):
        saddle_order(6)


@given(st.integers(min_value=1, max_value=60))
def test_saddle_order_uses_every_page_once(sheets: int) -> None:
    n = 4 * sheets
    order = saddle_order(n)
    assert len(order) == 2 * sheets
    assert sorted(p for pair in order for p in pair) == list(range(1, n + 1))
    assert all(a + b == n + 1 for a, b in order)  # facing pages of a sheet side


def test_padding_puts_blanks_before_the_back_cover() -> None:
    assert booklet_sequence(6) == [1, 2, 3, 4, 5, None, None, 6]
    assert booklet_sequence(8) == list(range(1, 9))
    assert booklet_sequence(1) == [1, None, None, None]


@pytest.mark.parametrize(("n_pages", "n_sides"), [(8, 4), (12, 6)])
def test_order_and_sheet_size(n_pages: int, n_sides: int, tmp_path: Path) -> None:
    out = impose_booklet(booklet(n_pages))
    with pikepdf.open(io.BytesIO(out)) as doc:
        assert len(doc.pages) == n_sides  # 2 PDF pages (front, back) per sheet
        for page in doc.pages:
            # A5 is 148 mm wide (half of A4's 297 rounded down): the spread is 296 x 210
            assert [round(float(v) / mm, 2) for v in page.TrimBox] == [0, 0, 296, 210]
            assert [round(float(v) / mm, 2) for v in page.MediaBox] == [0, 0, 296, 210]
            assert int(page.obj.get("/Rotate", 0)) == 0
    assert sides(out, tmp_path) == expected(n_pages)


def test_text_is_upright_and_centred_on_each_half(tmp_path: Path) -> None:
    out = impose_booklet(booklet(8))
    for labels in words(out, tmp_path):
        for _, x0, y0, x1, y1 in labels:
            assert x1 - x0 > 2 * (y1 - y0)  # a horizontal line of text, not a rotated one
            centre_x = (x0 + x1) / 2 % (148 * mm)
            assert centre_x == pytest.approx(74 * mm, abs=3)  # glyph boxes: within 1 mm
            assert (y0 + y1) / 2 == pytest.approx(105 * mm, abs=20)  # baseline at the centre


def test_rotated_source_pages_come_out_upright(tmp_path: Path) -> None:
    source = booklet(4, rotate=True)
    # the fixture is right: shown (rendered with its /Rotate), each page looks the same
    shown, upright_pages = pdfium.PdfDocument(source), pdfium.PdfDocument(booklet(4))
    for turned_page, upright in zip(shown, upright_pages, strict=True):
        a = turned_page.render(scale=0.5, grayscale=True).to_pil()
        b = upright.render(scale=0.5, grayscale=True).to_pil()
        assert a.size == b.size
        assert ImageStat.Stat(ImageChops.difference(a, b)).mean[0] < 1
    out = impose_booklet(source)
    assert out != impose_booklet(booklet(4))
    assert words(out, tmp_path) == words(impose_booklet(booklet(4)), tmp_path)


def test_output_is_vector_and_deterministic() -> None:
    source = booklet(8)
    out = impose_booklet(source)
    assert impose_booklet(source) == out
    report = check_pdf(out, profile="screen")
    assert report.images == []
    with pikepdf.open(io.BytesIO(out)) as doc:
        for page in doc.pages:
            for xobj in page.Resources.XObject.values():
                assert xobj.Subtype == "/Form"


def test_creep_moves_inner_sheets_toward_the_spine(tmp_path: Path) -> None:
    source = booklet(12)
    flat = words(impose_booklet(source), tmp_path)
    crept = words(impose_booklet(source, creep_mm=0.5), tmp_path)
    spine = 148 * mm
    for side, (a, b) in enumerate(zip(flat, crept, strict=True)):
        shift = (side // 2) * 0.5 * mm  # sheet index x paper thickness
        for (label, x_flat, *_), (label2, x_crept, *_) in zip(sorted(a), sorted(b), strict=True):
            assert label == label2
            toward_spine = 1 if x_flat < spine else -1
            assert x_crept - x_flat == pytest.approx(toward_spine * shift, abs=0.01)


def test_bleed_kept_outside_and_clipped_at_the_spine() -> None:
    out = impose_booklet(booklet(4, bleed_mm=3))
    with pikepdf.open(io.BytesIO(out)) as doc:
        page = doc.pages[0]
        assert [round(float(v) / mm, 2) for v in page.MediaBox] == [0, 0, 302, 216]
        assert [round(float(v) / mm, 2) for v in page.BleedBox] == [0, 0, 302, 216]
        assert [round(float(v) / mm, 2) for v in page.TrimBox] == [3, 3, 299, 213]
    # sheet 1 front is 4 | 1: page 4 (even, dark) left, page 1 (odd, light) right
    scale = 4  # pixels per point
    bitmap = pdfium.PdfDocument(out)[0].render(scale=scale, grayscale=True).to_pil()
    spine_px, mid_y = round(151 * mm * scale), bitmap.height // 2

    def grey(x_mm: float, y: int = mid_y) -> int:
        return bitmap.getpixel((round(x_mm * mm * scale), y))

    assert grey(150.5) < 100 and grey(151.5) > 180  # the spread meets exactly at the spine
    assert bitmap.getpixel((spine_px - 2, mid_y)) < 100
    assert bitmap.getpixel((spine_px + 2, mid_y)) > 180
    assert grey(0.5) < 100 and grey(301.5) > 180  # the outer bleed is kept
    assert grey(0.5, 2) < 100  # ... at the top and bottom too


def test_press_sheet_centres_the_spread() -> None:
    out = impose_booklet(booklet(4), sheet=(297, 210))
    with pikepdf.open(io.BytesIO(out)) as doc:
        page = doc.pages[0]
        assert [round(float(v) / mm, 2) for v in page.MediaBox] == [0, 0, 297, 210]
        assert [round(float(v) / mm, 2) for v in page.TrimBox] == [0.5, 0, 296.5, 210]
    with pytest.raises(InputError, match="smaller than the spread"):
        impose_booklet(booklet(4, bleed_mm=3), sheet=(297, 210))


def test_six_pages_are_padded_before_the_back_cover(tmp_path: Path) -> None:
    out = impose_booklet(booklet(6))
    assert sides(out, tmp_path) == [
        ("PAGE 6", "PAGE 1"),
        ("PAGE 2", None),
        (None, "PAGE 3"),
        ("PAGE 4", "PAGE 5"),
    ]


def test_mismatched_page_sizes_are_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(booklet(8, odd_size_page=3))
    with pytest.raises(InputError) as error:
        impose_booklet(path)
    message = str(error.value)
    assert message.startswith(f"{path}: page 3 is 155.1x210.0 mm but page 1 is 148.0x210.0 mm")


def test_bad_input() -> None:
    with pytest.raises(InputError, match="x.pdf: not a readable PDF"):
        impose_booklet(b"%PDF-nonsense", name="x.pdf")
    with pytest.raises(InputError, match="creep"):
        impose_booklet(booklet(4), creep_mm=-1)


def test_output_intents_of_a_pdfx_source_are_kept() -> None:
    with pikepdf.open(io.BytesIO(booklet(4))) as doc:
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String("FOGRA39"),
        )
        doc.Root.OutputIntents = pikepdf.Array([intent])  # direct, as many writers leave it
        buf = io.BytesIO()
        doc.save(buf)
    with pikepdf.open(io.BytesIO(impose_booklet(buf.getvalue()))) as out:
        assert str(out.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
