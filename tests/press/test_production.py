"""Print production on our own products: page boxes, true bleed, colour mode, metadata, preflight."""

from __future__ import annotations

import io
import time

import pikepdf
import pytest
from pypdf import PdfReader

from generator.api import build_pdf
from generator.errors import PressError, TemplateError
from generator.press.preflight import check_pdf
from tests.conftest import MM, run_cli

PRODUCTS = {"poster": (297, 420), "trifold": (297, 210), "booklet": (148, 210)}


def boxes(pdf: bytes) -> list[dict[str, tuple[float, ...]]]:
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        out.append(
            {
                n: tuple(float(v) / MM for v in getattr(page, n))
                for n in ("mediabox", "bleedbox", "trimbox")
            }
        )
    return out


@pytest.mark.parametrize("name", PRODUCTS)
def test_boxes_on_every_page_with_default_bleed(event, name):
    w, h = PRODUCTS[name]
    pdf = build_pdf(name, event)
    for page in boxes(pdf):
        x0, y0, x1, y1 = page["trimbox"]
        assert abs(x1 - x0 - w) < 0.1 and abs(y1 - y0 - h) < 0.1
        assert abs(x0 - 3) < 0.1 and abs(y0 - 3) < 0.1
        bx0, by0, bx1, by1 = page["bleedbox"]
        assert abs(bx1 - bx0 - (w + 6)) < 0.1 and abs(by1 - by0 - (h + 6)) < 0.1
        mx0, my0, mx1, my1 = page["mediabox"]
        assert abs(mx1 - mx0 - (w + 6)) < 0.1 and abs(my1 - my0 - (h + 6)) < 0.1


def test_marks_grow_the_media_box_not_the_bleed(event):
    pdf = build_pdf("poster", event, marks=True)
    page = boxes(pdf)[0]
    assert page["mediabox"][2] - page["mediabox"][0] > 297 + 6 + 10
    assert abs(page["bleedbox"][2] - page["bleedbox"][0] - 303) < 0.1
    from tests.conftest import pdf_text

    assert "poster-A3" in pdf_text(pdf) or "poster" in pdf_text(pdf)


def test_marks_drawn_once_are_replayed_the_same(event, monkeypatch):
    # Crop, fold and registration marks are made once per geometry and colour mode; the
    # next document replays their operators (with the overprint states they select).
    from generator.press import marks

    monkeypatch.setattr(marks, "_MADE", {})
    first = build_pdf("trifold", event, marks=True, color="cmyk")
    made = len(marks._MADE)
    assert made >= 1

    def again(*args, **kwargs):
        raise AssertionError("marks drawn again")

    monkeypatch.setattr(marks, "crop_marks", again)
    monkeypatch.setattr(marks, "registration_marks", again)
    assert build_pdf("trifold", event, marks=True, color="cmyk") == first
    assert len(marks._MADE) == made
    doc = pikepdf.open(io.BytesIO(first))
    ops = [str(op) for _, op in pikepdf.parse_content_stream(doc.pages[0])]
    assert ops.count("c") >= 12  # three registration targets, four curves each
    assert check_pdf(first, color_mode="cmyk").ok


def _pixel(pdf: bytes, page: int, x_mm: float, y_mm: float) -> tuple[int, int, int]:
    """The colour at a point measured from the media box's top-left corner."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    scale = 2.0
    image = doc[page].render(scale=scale).to_pil().convert("RGB")
    return image.getpixel((int(x_mm * MM * scale), int(y_mm * MM * scale)))


@pytest.mark.parametrize(
    ("name", "page", "where"),
    [
        ("poster", 0, (1.0, 1.0)),  # sky band: top-left corner of the bleed
        ("trifold", 0, (302.0, 100.0)),  # cover: right-hand bleed
        ("booklet", 0, (1.0, 212.0)),  # cover: bottom-left corner of the bleed
    ],
)
def test_background_reaches_the_bleed_edge(event, name, page, where):
    pdf = build_pdf(name, event)
    r, g, b = _pixel(pdf, page, *where)
    assert (r, g, b) != (255, 255, 255)
    assert b > 150 and r < 60, (r, g, b)  # the flag's sky blue
    bare = build_pdf(name, event, bleed_mm=0)
    assert boxes(bare)[page]["mediabox"][2] < boxes(pdf)[page]["mediabox"][2]


def _text_positions(pdf: bytes) -> list[tuple[int, str, float, float, float]]:
    """(page, text, x, y, font size) of every text run, relative to the page's TrimBox."""
    found = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        tx, ty = float(page.trimbox[0]), float(page.trimbox[1])

        def visit(text, cm, tm, font, size, n=n, tx=tx, ty=ty):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append(
                    (n, text, round(x - tx, 2), round(y - ty, 2), round(size * tm[0] * cm[0], 2))
                )

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("name", PRODUCTS)
def test_text_does_not_move_or_scale_with_bleed(event, name):
    with_bleed = _text_positions(build_pdf(name, event, bleed_mm=3))
    without = _text_positions(build_pdf(name, event, bleed_mm=0))
    assert len(with_bleed) > 5
    assert with_bleed == without


def _low_drawing(pdf: bytes, above_mm: float) -> tuple[float, float]:
    """Bottom and top (mm from the TrimBox's bottom) of what is drawn in the lowest
    ``above_mm`` of the trimmed page and the bleed under it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    page = pdfium.PdfDocument(pdf)[0]
    bottom = page.get_trimbox()[1]
    kinds = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)
    spans = [
        ((b - bottom) / MM, (t - bottom) / MM)
        for _, b, _, t in (o.get_bounds() for o in page.get_objects(kinds, max_depth=0))
        if t < bottom + above_mm * MM
    ]
    assert spans
    return round(min(b for b, _ in spans), 2), round(max(t for _, t in spans), 2)


def test_an_ornament_band_keeps_its_motifs_whatever_the_bleed(event):
    # The badge's band of motifs, 4 mm high on the bottom edge, bleeds off the bottom: the
    # motifs stay as designed inside the trim, not grown by the bleed and cut by the trim.
    record = {"name": "Әлия", "role": "", "organisation": ""}
    low = {b: _low_drawing(build_pdf("badge", event, record=record, bleed_mm=b), 5) for b in (0, 5)}
    assert low[0] == low[5]
    assert 0 <= low[0][0] and low[0][1] <= 4


def test_cmyk_mode_has_no_rgb_operators(event):
    for name in PRODUCTS:
        pdf = build_pdf(name, event, color="cmyk", marks=True)
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                for operands, op in pikepdf.parse_content_stream(page):
                    assert str(op) not in ("rg", "RG"), (name, op, operands)
        assert check_pdf(pdf, color_mode="cmyk").ok


def test_pdfx_mode_writes_output_intent_and_keys(event):
    pdf = build_pdf("poster", event, color="cmyk", pdfx=True)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.trailer.Info.GTS_PDFXVersion) == "PDF/X-1:2003"
        assert str(doc.trailer.Info.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert str(doc.trailer.Info.Trapped) == "/False"
        intent = doc.Root.OutputIntents[0]
        assert str(intent.S) == "/GTS_PDFX"
    report = check_pdf(pdf, profile="pdfx", color_mode="cmyk")
    assert report.ok, report.format()
    assert build_pdf("poster", event, color="cmyk", pdfx=True) == pdf


def test_rgb_only_colour_in_cmyk_mode_names_colour_and_template(event, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace(
            'gold = { rgb = "#FEC50C", cmyk = [0, 22, 96, 0], fine_cmyk = [0, 0, 100, 0] }',
            'gold = { rgb = "#FEC50C" }',
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        TemplateError,
        match=r"template.toml: colour 'gold' is RGB only \(#FEC50C\); CMYK output needs",
    ):
        build_pdf(str(folder), event, color="cmyk")
    assert build_pdf(str(folder), event, color="rgb")  # RGB output does not need it


def test_safe_zone_violation_names_the_box(event, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "x = 22\ny = 24\nw = 180", "x = 2\ny = 24\nw = 180"
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        PressError, match=r"box 'kicker' is 2.0 mm from the trim; live content needs 4 mm"
    ):
        build_pdf(str(folder), event)


def test_metadata_on_every_pdf(event_dir):
    facts = event_dir / "facts.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace('# organiser = "..."', 'organiser = "Ассамблея"'),
        encoding="utf-8",
    )
    from generator.api import load_event

    pdf = build_pdf("poster", load_event(event_dir / "article.kk.txt"))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.trailer.Info
        assert str(info.Title).startswith("1")
        assert str(info.Author) == "Ассамблея"
        assert str(info.Creator).startswith("generator ")
        assert "poster" in str(info.Keywords) and str(info.Subject)
        assert str(doc.Root.Lang) == "kk-KZ"
        # dated by the newest input: the facts file just edited
        newest = time.strftime("D:%Y%m%d%H%M%S", time.gmtime(int(facts.stat().st_mtime)))
        assert str(info.CreationDate).startswith(newest)


def test_check_cli_passes_our_outputs_and_fails_bad_ones(tmp_path):
    code, out, err = run_cli("build", "poster", "trifold", "booklet", "--out", str(tmp_path))
    assert code == 0, err
    pdfs = sorted(str(p) for p in tmp_path.glob("*.pdf"))
    code, out, _ = run_cli("check", *pdfs)
    assert code == 0, out
    from reportlab.pdfgen.canvas import Canvas

    bad = tmp_path / "bad.pdf"
    c = Canvas(str(bad), pagesize=(100, 100), initialFontName="Helvetica")
    c.setFont("Helvetica", 10)
    c.drawString(10, 10, "x")
    c.save()
    code, out, _ = run_cli("check", str(bad))
    assert code == 1
    assert "not embedded" in out and "TrimBox" in out


def test_build_impose_writes_printer_spreads(tmp_path):
    code, _, err = run_cli("build", "booklet", "--impose", "--out", str(tmp_path))
    assert code == 0, err
    single = PdfReader(str(tmp_path / "booklet-A5.pdf"))
    sheets = PdfReader(str(tmp_path / "booklet-A5-imposed.pdf"))
    assert len(sheets.pages) == len(single.pages) // 2
