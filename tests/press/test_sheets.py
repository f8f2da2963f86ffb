"""Press sheets and folded pieces: booklet sheets with marks and slug that stay PDF/X, creep
that keeps the bleed, step-and-repeat on SRA3, tri-fold folds; dates, Author, subset tags."""

from __future__ import annotations

import io
import time

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf, find_template, load_event
from generator.cli import main
from generator.errors import InputError
from generator.press.impose import impose_booklet
from generator.press.nup import impose_nup
from generator.press.preflight import check_pdf

MM = 72 / 25.4


def _boxes(page) -> dict[str, list[float]]:
    return {k: [round(float(v) / MM, 2) for v in page[f"/{k}"]] for k in ("MediaBox", "BleedBox", "TrimBox")}  # fmt: skip


def _strokes(page) -> list[tuple[float, float, float, float]]:
    """Straight lines (x0, y0, x1, y1) drawn by the page's marks form, in mm."""
    form = page.Resources.XObject["/Marks"]
    lines, start = [], None
    for operands, op in pikepdf.parse_content_stream(form):
        if str(op) == "m":
            start = [float(v) for v in operands]
        elif str(op) == "l" and start:
            end = [float(v) for v in operands]
            lines.append(tuple(round(v / MM, 2) for v in (*start, *end)))
    return lines


@pytest.fixture(scope="module")
def pdfx_booklet():
    return build_pdf("booklet", load_event(), color="cmyk", pdfx=True)


def test_imposed_booklet_has_slug_marks_and_stays_pdfx(pdfx_booklet):
    out = impose_booklet(pdfx_booklet, marks=True, name="booklet-A5.pdf")
    source = pikepdf.open(io.BytesIO(pdfx_booklet))
    with pikepdf.open(io.BytesIO(out)) as doc:
        info, src_info = doc.docinfo, source.docinfo
        for key in ("/Title", "/Trapped", "/CreationDate", "/ModDate", "/GTS_PDFXVersion"):
            assert str(info[key]) == str(src_info[key]), key
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert str(doc.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
        assert doc.open_metadata()["pdfx:GTS_PDFXVersion"] == "PDF/X-1:2003"
        page = doc.pages[0]
        boxes = _boxes(page)
        media, bleed, trim = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
        assert trim[2] - trim[0] == pytest.approx(296) and trim[3] - trim[1] == pytest.approx(210)
        assert bleed[0] == pytest.approx(trim[0] - 3) and bleed[3] == pytest.approx(trim[3] + 3)
        assert media[2] - bleed[2] >= 9 and bleed[0] - media[0] >= 9  # a slug all round
        lines = _strokes(page)
        spine = (trim[0] + trim[2]) / 2
        # crop marks in line with the trim corners, outside the bleed
        assert any(x0 == x1 == trim[0] and max(y0, y1) < bleed[1] for x0, y0, x1, y1 in lines)
        assert any(y0 == y1 == trim[3] and min(x0, x1) > bleed[2] for x0, y0, x1, y1 in lines)
        # a fold mark at the spine, above and below
        folds = [ln for ln in lines if ln[0] == ln[2] == pytest.approx(spine, abs=0.01)]
        assert any(min(ln[1], ln[3]) > bleed[3] for ln in folds)
        assert any(max(ln[1], ln[3]) < bleed[1] for ln in folds)
        slug = pdfium.PdfDocument(out)[0].get_textpage().get_text_range()
        assert "booklet-A5.pdf" in slug and "sheet 1/" in slug
    report = check_pdf(out, profile="pdfx", color_mode="cmyk")
    assert report.ok, report.format()
    assert report.warnings == []
    assert impose_booklet(pdfx_booklet, marks=True, name="booklet-A5.pdf") == out


def test_creep_keeps_the_whole_bleed_beyond_the_fore_edge(pdfx_booklet):
    out = impose_booklet(pdfx_booklet, creep_mm=0.5)
    with pikepdf.open(io.BytesIO(out)) as doc:
        n_sheets = len(doc.pages) // 2
        inner = doc.pages[-1]  # the innermost sheet's back: shifted most
        boxes = _boxes(inner)
        shift = (n_sheets - 1) * 0.5
        assert boxes["TrimBox"][0] == pytest.approx(boxes["MediaBox"][0] + 3 + shift, abs=0.01)
        assert boxes["BleedBox"][0] == pytest.approx(boxes["TrimBox"][0] - 3, abs=0.01)
    # and the artwork really reaches the BleedBox: the booklet's coloured cover/back pages
    # fill their bleed, so the pixel just inside the BleedBox edge is not paper white
    bitmap = pdfium.PdfDocument(out)[0].render(scale=4).to_pil()
    with pikepdf.open(io.BytesIO(out)) as doc:
        b = _boxes(doc.pages[0])["BleedBox"]
    x = round((b[2] - 0.3) * MM * 4)
    assert bitmap.getpixel((x, bitmap.height // 2)) != (255, 255, 255)
    assert check_pdf(out, profile="pdfx").ok


def _invitation(size: str = "A6") -> bytes:
    tpl = find_template("invitation")
    record = dict.fromkeys(tpl.fields, "Айгерім Қанатқызы")
    return build_pdf(tpl, load_event(), size=size, color="cmyk", pdfx=True, record=record)


def test_step_and_repeat_of_the_a6_invitation_on_sra3():
    source = _invitation()
    out = impose_nup(source, name="invitation-A6.pdf")
    with pikepdf.open(io.BytesIO(out)) as doc:
        (page,) = doc.pages
        boxes = _boxes(page)
        assert sorted(boxes["MediaBox"][2:]) == [320, 450]
        pieces = [k for k in page.Resources.XObject.keys() if k != "/Marks"]
        draws = page.Contents.read_bytes().decode().count("/P1 Do")
        assert pieces == ["/P1"] and draws == 4  # 2 x 2 with 6 mm gutters, 3 mm bleed each
        trim, bleed = boxes["TrimBox"], boxes["BleedBox"]
        assert trim[2] - trim[0] == pytest.approx(2 * 105 + 6)
        assert trim[3] - trim[1] == pytest.approx(2 * 148 + 6)
        assert bleed[0] == pytest.approx(trim[0] - 3)
        xs = {round(x0, 1) for x0, _, x1, _ in _strokes(page) if x0 == x1}
        # crop marks in line with every trim edge of both columns
        left = trim[0]
        for edge in (left, left + 105, left + 111, left + 216):
            assert round(edge, 1) in xs, (edge, xs)
        assert str(doc.docinfo.GTS_PDFXVersion) == "PDF/X-1:2003"
    report = check_pdf(out, profile="pdfx", color_mode="cmyk")
    assert report.ok, report.format()
    # butted (gutter 0): 8 up, the SRA3 sheet turned
    with pikepdf.open(io.BytesIO(impose_nup(source, gutter_mm=0))) as doc:
        assert doc.pages[0].Contents.read_bytes().decode().count("/P1 Do") == 8
        assert _boxes(doc.pages[0])["MediaBox"][2:] == [450, 320]


def test_step_and_repeat_of_many_pages_and_other_sheets(tmp_path):
    source = _invitation()
    with pikepdf.open(io.BytesIO(source)) as doc:
        for _ in range(9):
            doc.pages.append(doc.pages[0])
        buf = io.BytesIO()
        doc.save(buf)
    ten = buf.getvalue()
    start = time.perf_counter()
    out = impose_nup(ten, sheet="A3")
    print(f"10 pages on A3: {(time.perf_counter() - start) * 1000:.0f} ms")
    with pikepdf.open(io.BytesIO(out)) as doc:
        per = [p.Contents.read_bytes().decode().count(" Do") - 1 for p in doc.pages]
        assert sum(per) == 10 and per[0] == max(per)  # every page once, sheets filled first
    with pikepdf.open(io.BytesIO(impose_nup(source, sheet="B2"))) as doc:
        assert sorted(_boxes(doc.pages[0])["MediaBox"][2:]) == [500, 707]
    with pikepdf.open(io.BytesIO(impose_nup(source, sheet="330x480", marks=False))) as doc:
        assert "/Marks" not in doc.pages[0].Resources.XObject
    with pytest.raises(InputError, match="does not fit a 100x100 mm sheet"):
        impose_nup(source, sheet="100x100")
    with pytest.raises(InputError, match="unknown sheet 'XL'"):
        impose_nup(source, sheet="XL")
    path = tmp_path / "invitation.pdf"
    path.write_bytes(source)
    assert main(["impose", str(path), "--nup", "--sheet", "SRA3"]) == 0
    assert check_pdf(tmp_path / "invitation-nup.pdf", profile="pdfx").ok
    assert main(["impose", str(path), "--gutter", "2"]) == 2  # --gutter without --nup: wrong usage


def test_a_sheet_given_to_impose_is_refused_naming_the_file_and_why(tmp_path, capsys):
    """Sheets imposed again were placed as one big piece (marks inside marks) or said only
    «a 148.0x426.0 mm piece does not fit a 210x297 mm sheet»."""
    imposed = tmp_path / "invitation-nup.pdf"
    imposed.write_bytes(impose_nup(_invitation(), sheet="SRA3"))
    # A4 with its pieces 12 mm inside, as a batch's badges on A4 or another imposer's sheet
    a4 = pikepdf.new()
    a4.add_blank_page(page_size=(210 * MM, 297 * MM))
    a4.pages[0].TrimBox = pikepdf.Array([12 * MM, 151.5 * MM, 198 * MM, 267.5 * MM])
    badges = tmp_path / "badge-all.pdf"
    a4.save(badges)
    for path, said in (
        (imposed, "already imposed (step-and-repeat sheets made by `generator impose`)"),
        (badges, "page 1 is a whole A4 sheet with its pieces inside a 186.0x116.0 mm trim"),
    ):
        for nup in (["--nup"], []):
            assert main(["impose", str(path), *nup, "-o", str(tmp_path / "again.pdf")]) == 1
            err = capsys.readouterr().err.strip()
            assert err.startswith(f"error: {path}: {said}") and "\n" not in err, err
    assert not (tmp_path / "again.pdf").exists()
    # An A4 page whose trim is the page (a flyer) is a piece: placed as ever.
    a4.pages[0].TrimBox = a4.pages[0].MediaBox
    a4.save(badges)
    assert main(["impose", str(badges), "--nup", "-o", str(tmp_path / "flyers.pdf")]) == 0


def test_trifold_backgrounds_overlap_the_folds_and_marks_show_them():
    pdf = build_pdf("trifold", load_event(), color="cmyk", marks=True)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        trim_x0 = float(page.TrimBox[0])
        dashed = []
        dash, start, stack = False, None, []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "q":
                stack.append(dash)
            elif op == "Q":
                dash = stack.pop()
            elif op == "d":
                dash = len(operands[0]) > 0
            elif op == "m":
                start = [float(v) for v in operands]
            elif op == "l" and dash and start:
                dashed.append(round((start[0] - trim_x0) / MM, 2))
        assert sorted(set(dashed)) == [97, 197]  # fold marks at both folds of the outside
    # the cover colour wraps 1 mm (the template's fold_overlap) past the 197 mm fold
    bitmap = pdfium.PdfDocument(pdf)[0].render(scale=4).to_pil()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        x0, y0 = float(doc.pages[0].TrimBox[0]), float(doc.pages[0].MediaBox[3])
    y = bitmap.height // 2

    def at(mm_from_trim: float):
        return bitmap.getpixel((round((x0 + mm_from_trim * MM) * 4), y))

    assert at(196.5) == at(198)  # cover colour on both sides of the fold
    assert at(195.5) != at(198)  # and only 1 mm over it
    assert at(97.5) == at(96.5) != at(95.5)  # the back panel's tint wraps the first fold
    assert y0 > 0


def test_dates_follow_source_date_epoch_then_the_newest_input(monkeypatch, event_dir):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")  # 2026-05-01 00:00 UTC
    pdf = build_pdf("poster", load_event(event_dir / "article.kk.txt"))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.CreationDate).startswith("D:20260501000000")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    article = event_dir / "article.kk.txt"
    import os

    for path in event_dir.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14 22:13:20 UTC
    os.utime(article, (1_750_000_000, 1_750_000_000))  # 2025-06-15 15:06:40 UTC: the newest
    first = build_pdf("poster", load_event(article), date=None)
    assert build_pdf("poster", load_event(article)) == first  # unchanged inputs: same bytes
    with pikepdf.open(io.BytesIO(first)) as doc:
        stamp = str(doc.docinfo.ModDate)
    tpl = find_template("poster")
    newest_template = max(tpl.data_file.stat().st_mtime, tpl.text_file.stat().st_mtime)
    expected = time.strftime("D:%Y%m%d", time.gmtime(max(1_750_000_000, newest_template)))
    assert stamp.startswith(expected)


def test_no_placeholder_author_and_distinct_subset_tags(event):
    tpl = find_template("certificate")
    one = build_pdf(tpl, event, record=dict.fromkeys(tpl.fields, "Айгерім Қанатқызы"))
    two = build_pdf(tpl, event, record=dict.fromkeys(tpl.fields, "Бауыржан Момышұлы"))

    def tags(pdf: bytes) -> dict[str, str]:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert "/Author" not in doc.docinfo  # no organiser given: no Author at all
            fonts = {}
            for page in doc.pages:
                for font in page.Resources.Font.values():
                    tag, face = str(font.BaseFont)[1:].split("+")
                    fonts.setdefault(face, set()).add(tag)
            return fonts

    a, b = tags(one), tags(two)
    assert all(tag != "AAAAAA" for t in a.values() for tag in t)
    # the name's face has different subsets in the two files, so different tags ...
    assert any(a[face] != b[face] for face in a if face in b)
    # ... and a file built again carries the same tags (derived from the content)
    assert tags(build_pdf(tpl, event, record=dict.fromkeys(tpl.fields, "Айгерім Қанатқызы"))) == a


def test_check_reports_the_old_defects_in_a_file_from_another_tool(event):
    """Subset tags shared by different subsets, a placeholder Author, the fixed 2000 date,
    the old PDF/X version string, 95 % K body text and multi-plate small text."""
    tpl = find_template("certificate")
    pdf = build_pdf(tpl, event, color="cmyk", record=dict.fromkeys(tpl.fields, "Айгерім"))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for font in doc.pages[0].Resources.Font.values():
            font.BaseFont = pikepdf.Name("/AAAAAA+" + str(font.BaseFont).split("+")[1])
        doc.docinfo.Author = pikepdf.String("generator")
        doc.docinfo.CreationDate = pikepdf.String("D:20000101000000+00'00'")
        doc.docinfo.GTS_PDFXVersion = pikepdf.String("PDF/X-1a:2003")
        page = doc.pages[0]
        # body text at 95 % K, and a 9 pt line in four inks
        page.contents_add(
            doc.make_stream(
                b"q 0 0 0 .95 k BT /F1+0 9 Tf 40 40 Td (x) Tj ET "
                b"1 .8 .3 .3 k BT /F1+0 9 Tf 40 60 Td (y) Tj ET Q"
            )  # fmt: skip
        )
        buf = io.BytesIO()
        doc.save(buf)
    report = check_pdf(buf.getvalue(), profile="pdfx", color_mode="cmyk")
    text = report.format()
    assert "share the tag AAAAAA+" in text
    assert "Author is the placeholder 'generator'" in text
    assert "dated 2000-01-01" in text
    assert "GTS_PDFXVersion is 'PDF/X-1a:2003'" in text
    assert "text in 90-99 % K is screened" in text
    assert "9 pt text on 4 plates (C100 M80 Y30 K30)" in text
