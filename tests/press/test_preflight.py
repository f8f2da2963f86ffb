"""Preflight: a good CMYK file passes; each crafted fault fails with a precise message."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from generator.errors import InputError
from generator.press.preflight import check_pdf
from generator.typeset.fonts import ensure_family

rl_config.invariant = 1
ensure_family("PTSans")  # the product's own registration: one font book per process

TRIM = (148 * mm, 210 * mm)


def make_pdf(
    draw: Callable[[canvas.Canvas], None] | None = None,
    *,
    bleed_mm: float | None = 3.0,
    trim: bool = True,
    pages: int = 1,
) -> bytes:
    """A CMYK A5 page with PT Sans text, page boxes, and whatever ``draw`` adds."""
    b = (bleed_mm or 0.0) * mm
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(TRIM[0] + 2 * b, TRIM[1] + 2 * b))
    for _ in range(pages):
        if trim:
            c.setTrimBox((b, b, b + TRIM[0], b + TRIM[1]))
        if bleed_mm is not None:
            c.setBleedBox((0, 0, TRIM[0] + 2 * b, TRIM[1] + 2 * b))
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont("PTSans", 12)
        c.drawString(20 * mm, 100 * mm, "Бірлік күні")
        c.setFillColorCMYK(0.9, 0.1, 0, 0)
        c.rect(0, 0, 50 * mm, 30 * mm, fill=1, stroke=0)
        if draw:
            draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def cmyk_image(px: int) -> Image.Image:
    return Image.new("CMYK", (px, px), (0, 128, 255, 0))


def test_good_cmyk_pdf_passes() -> None:
    def draw(c: canvas.Canvas) -> None:
        # 300 px over 25.4 mm is 300 dpi
        c.drawInlineImage(cmyk_image(300), 60 * mm, 20 * mm, 25.4 * mm, 25.4 * mm)

    report = check_pdf(make_pdf(draw), color_mode="cmyk", name="good.pdf")
    assert report.ok, report.format()
    assert report.failures == []
    fonts = {f.name: f for f in report.fonts}
    (pt,) = (f for name, f in fonts.items() if name.endswith("+PTSans-Regular"))
    assert pt.embedded and pt.subset and pt.used_on == [1]
    # A plain ReportLab canvas declares its initial font (Helvetica unless the process has
    # set another) on every page; never drawn, so it is no failure.
    for name, font in fonts.items():
        if not font.embedded:
            assert font.used_on == [], name
    assert set(report.colorspaces) == {"DeviceCMYK"}
    assert report.images[0].dpi == pytest.approx(300, abs=0.5)
    assert "good.pdf: PASS" in report.format()


def test_sizes_bleed_text_and_line_facts() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.saveState()
        c.scale(0.5, 0.5)
        c.setFont("PTSans", 8)
        c.drawString(40 * mm, 40 * mm, "кішкентай")  # 8 pt at half scale: 4 pt on paper
        c.setLineWidth(0.5)
        c.line(0, 0, 100, 0)  # 0.25 pt on paper
        c.restoreState()
        c.setLineWidth(1)
        c.line(0, 0, 100, 100)

    report = check_pdf(make_pdf(draw, bleed_mm=5))
    page = report.pages[0]
    assert page.size_mm == pytest.approx((158.0, 220.0), abs=0.01)
    assert page.trim_mm == pytest.approx((148.0, 210.0), abs=0.01)
    assert page.bleed_mm == pytest.approx({"left": 5, "right": 5, "bottom": 5, "top": 5})
    assert report.min_text_pt == pytest.approx(4.0)
    assert report.min_line_pt == pytest.approx(0.25)
    text = report.format()
    assert "media 158.0x220.0 mm, trim 148.0x210.0 bleed L5.0 R5.0 B5.0 T5.0" in text
    assert "smallest text: 4.00 pt" in text
    assert report.ok  # small, but the print profile only warns
    assert any("4.00 pt is very small" in w for w in report.warnings)


def test_unembedded_standard_font_fails() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 10)
        c.drawString(20 * mm, 50 * mm, "Helvetica")

    report = check_pdf(make_pdf(draw, pages=3))
    assert report.failures == ["page 1: font 'Helvetica' is not embedded (and 2 more pages)"]
    assert not report.ok
    assert check_pdf(make_pdf(draw), profile="screen").failures == [
        "page 1: font 'Helvetica' is not embedded"
    ]


def test_missing_trimbox_fails() -> None:
    report = check_pdf(make_pdf(trim=False))
    assert report.failures == ["page 1: no TrimBox"]
    assert check_pdf(make_pdf(trim=False), profile="screen").ok


def test_rgb_colour_fails_only_in_cmyk_mode() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.setFillColorRGB(1, 0, 0)
        c.rect(10, 10, 20, 20, fill=1, stroke=0)

    data = make_pdf(draw)
    assert check_pdf(data).ok
    assert check_pdf(data, color_mode="cmyk").failures == [
        "page 1: RGB colour (DeviceRGB) in a CMYK document"
    ]


def test_low_resolution_image_fails() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.drawInlineImage(cmyk_image(50), 20 * mm, 20 * mm, 50, 50)  # 50 px over 50 pt

    report = check_pdf(make_pdf(draw))
    assert report.images[0].pixels == (50, 50)
    assert report.images[0].dpi == pytest.approx(72.0)
    assert report.failures == [
        "page 1: image inline is 72 dpi at its placed size (17.6x17.6 mm; print needs 150, "
        "250 is good)"
    ]


def test_image_between_150_and_250_dpi_warns() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.drawInlineImage(cmyk_image(50), 20 * mm, 20 * mm, 18, 18)  # 50 px over 1/4 inch

    report = check_pdf(make_pdf(draw))
    assert report.images[0].dpi == pytest.approx(200.0)
    assert report.ok and (
        "page 1: image inline is 200 dpi at its placed size (6.3x6.3 mm; print needs 150, "
        "250 is good)" in report.warnings
    )


def test_image_xobject_scaled_up_fails() -> None:
    def draw(c: canvas.Canvas) -> None:
        # the brief's example: 50 px across 50 mm is 25.4 dpi
        c.drawImage(canvas.ImageReader(cmyk_image(50)), 20 * mm, 20 * mm, 50 * mm, 50 * mm)

    report = check_pdf(make_pdf(draw))
    (image,) = report.images
    assert image.dpi == pytest.approx(25.4) and image.placed_mm == pytest.approx((50, 50))
    assert len(report.failures) == 1 and "is 25 dpi at its placed size" in report.failures[0]


def test_one_millimetre_bleed_fails() -> None:
    report = check_pdf(make_pdf(bleed_mm=1))
    assert report.failures == [
        "page 1: bleed too small (left 1.0 mm, right 1.0 mm, bottom 1.0 mm, top 1.0 mm; needs 2 mm)"
    ]


def test_fonts_in_forms_and_spot_colour() -> None:
    gold = CMYKColorSep(0, 0.5, 1, 0, spotName="Gold")

    def draw(c: canvas.Canvas) -> None:
        c.beginForm("logo")
        c.setFont("PTSans-Bold", 9)
        c.drawString(0, 0, "Логотип")
        c.endForm()
        c.saveState()
        c.scale(0.5, 0.5)
        c.setFillColor(gold)
        c.doForm("logo")
        c.restoreState()

    report = check_pdf(make_pdf(draw), color_mode="cmyk")
    bold = next(f for f in report.fonts if f.name.endswith("PTSans-Bold"))
    assert bold.embedded and bold.used_on == [1]
    assert report.min_text_pt == pytest.approx(4.5)
    assert report.colorspaces["Separation"] == [1]
    assert report.ok


def test_colour_space_missing_from_resources_fails() -> None:
    # ReportLab 5.1 writes "/Gold cs" inside a form but declares /Gold in no resources
    def draw(c: canvas.Canvas) -> None:
        c.beginForm("logo")
        c.setFillColor(CMYKColorSep(0, 0.5, 1, 0, spotName="Gold"))
        c.rect(0, 0, 10, 10, fill=1, stroke=0)
        c.endForm()
        c.doForm("logo")

    report = check_pdf(make_pdf(draw))
    assert report.failures == ["page 1: colour space /Gold is not in the resources"]


def test_graphics_state_missing_from_a_forms_resources_fails() -> None:
    # As ReportLab 5.1 writes a form: its gs names a state only the page declares.
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 300))
    page.obj.TrimBox = pikepdf.Array([10, 10, 290, 290])
    form = pdf.make_stream(b"/GS1 gs 0 0 0 1 k 0 0 5 5 re f", Type=pikepdf.Name.XObject)
    form.Subtype, form.BBox = pikepdf.Name.Form, pikepdf.Array([0, 0, 10, 10])
    form.Resources = pikepdf.Dictionary(ProcSet=pikepdf.Array([pikepdf.Name.PDF]))
    overprint = pikepdf.Dictionary(OP=True, op=True, OPM=1)
    page.obj.Resources = pikepdf.Dictionary(
        ExtGState=pikepdf.Dictionary(GS1=overprint), XObject=pikepdf.Dictionary(Fm=form)
    )
    page.obj.Contents = pdf.make_stream(b"/GS1 gs /Fm Do")
    buf = io.BytesIO()
    pdf.save(buf)
    report = check_pdf(buf.getvalue())
    assert report.failures == ["page 1: graphics state /GS1 is not in the resources"]
    form.Resources.ExtGState = pikepdf.Dictionary(GS1=overprint)
    buf = io.BytesIO()
    pdf.save(buf)
    assert check_pdf(buf.getvalue()).ok


def crafted(content: bytes, resources: Callable[[pikepdf.Pdf], dict]) -> bytes:
    """A one-page PDF with hand-written content and resources, with sane boxes."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 300))
    page.obj.TrimBox = pikepdf.Array([10, 10, 290, 290])
    page.obj.BleedBox = pikepdf.Array([0, 0, 300, 300])
    page.obj.Resources = pikepdf.Dictionary(resources(pdf))
    page.obj.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_icc_rgb_through_scn_and_inline_image_and_transparency() -> None:

    def resources(pdf: pikepdf.Pdf) -> dict:
        icc = pikepdf.Array([pikepdf.Name.ICCBased, pdf.make_stream(b"\0" * 16, N=3)])
        gs = pikepdf.Dictionary(ca=0.5, BM=pikepdf.Name.Multiply)
        return {"/ColorSpace": {"/CS0": icc}, "/ExtGState": {"/GS0": gs}}

    content = (
        b"/CS0 cs 0.1 0.2 0.3 scn 0 0 10 10 re f "
        b"/GS0 gs q 10 0 0 10 50 50 cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID "
        + bytes(12)
        + b" EI Q 0 w 0 0 m 5 5 l S"
    )
    data = crafted(content, resources)
    report = check_pdf(data, color_mode="cmyk")
    # the stroke at the end paints with the default DeviceGray
    assert set(report.colorspaces) == {"ICCBased/RGB", "DeviceRGB", "DeviceGray"}
    assert "page 1: RGB colour (ICCBased/RGB) in a CMYK document" in report.failures
    assert report.min_line_pt == 0.0
    pdfx = check_pdf(data, profile="pdfx").failures
    assert "page 1: ExtGState /GS0 sets ca 0.5 (transparency)" in pdfx
    assert "page 1: ExtGState /GS0 uses blend mode Multiply (transparency)" in pdfx
    assert "page 1: line 0.000 pt is thinner than 0.2 pt" in pdfx
    assert "document: no GTS_PDFXVersion in Info" in pdfx
    assert "document: no GTS_PDFX OutputIntent" in pdfx


def test_bad_input_and_options() -> None:
    with pytest.raises(InputError, match="broken.pdf: not a readable PDF"):
        check_pdf(b"not a pdf", name="broken.pdf")
    with pytest.raises(InputError, match="unknown preflight profile"):
        check_pdf(make_pdf(), profile="web")


def test_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    path.write_bytes(make_pdf())
    report = check_pdf(path)
    assert report.name == str(path) and report.ok


def test_cid_type3_fonts_and_shading_colour() -> None:
    def resources(pdf: pikepdf.Pdf) -> dict:
        cid = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=pikepdf.Name("/NotoSansCJK"),
            FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor),
        )
        type0 = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type0,
                BaseFont=pikepdf.Name("/NotoSansCJK"),
                DescendantFonts=pikepdf.Array([pdf.make_indirect(cid)]),
            )
        )
        inner = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name("/ABCDEF+Inner"),
            )
        )
        type3 = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type3,
                Name=pikepdf.Name("/Stamp"),
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F9=inner)),
            )
        )
        lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])])
        shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=lab, Coords=[0, 0, 1, 0])
        return {
            "/Font": {"/F1": type0, "/F2": type3},
            "/Shading": {"/Sh0": shading},
        }

    content = b"BT /F1 10 Tf <0001> Tj ET BT /F2 1 Tf 2 0 0 2 0 0 Tm (a) Tj ET /Sh0 sh"
    report = check_pdf(crafted(content, resources))
    fonts = {f.name: f for f in report.fonts}
    assert fonts["NotoSansCJK"].type == "Type0/CIDFontType2"
    assert not fonts["NotoSansCJK"].embedded and fonts["NotoSansCJK"].used_on == [1]
    assert fonts["Stamp"].embedded and fonts["Stamp"].type == "Type3"
    assert fonts["ABCDEF+Inner"].subset and fonts["ABCDEF+Inner"].used_on == []
    assert report.min_text_pt == pytest.approx(2.0)  # 1 pt font on a 2x text matrix
    assert report.colorspaces["Lab"] == [1]
    assert report.failures == ["page 1: font 'NotoSansCJK' is not embedded"]
    pdfx = check_pdf(crafted(content, resources), profile="pdfx").failures
    assert "page 1: colour space Lab is not allowed in PDF/X-1a" in pdfx


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gone.pdf: cannot read the file"):
        check_pdf(tmp_path / "gone.pdf")
