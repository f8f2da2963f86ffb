"""The build's own check (read from what ReportLab holds) finds what the file check finds:
for every product and press option, and on documents broken on purpose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics

from generator.api import DEFAULT_PRODUCTS, build_pdf, check_build, press_profile
from generator.press.held import Held, check_held
from generator.press.preflight import PreflightReport, check_pdf
from tests.pictures import event_with, logo_png, quadrant_photo

FACTS = (
    "failures",
    "warnings",
    "colorspaces",
    "min_text_pt",
    "min_text_page",
    "min_line_pt",
    "min_line_page",
    "multi_plate_text",
    "black_no_overprint",
    "near_black_text",
    "missing",
    "transparency",
    "notdef",
)


def both(
    pdf: bytes, held: Held, profile: str, color: str
) -> tuple[PreflightReport, PreflightReport]:
    mine = check_held(held, pdf, profile=profile, color_mode=color, name="doc.pdf")
    assert mine is not None, "the build's check fell back to the file"
    return mine, check_pdf(pdf, profile=profile, color_mode=color, name="doc.pdf")


def assert_same(mine: PreflightReport, file: PreflightReport) -> None:
    for fact in FACTS:
        assert getattr(mine, fact) == getattr(file, fact), fact
    assert [(f.name, f.type, f.embedded, f.subset, f.used_on) for f in mine.fonts] == [
        (f.name, f.type, f.embedded, f.subset, f.used_on) for f in file.fonts
    ]
    assert [(p.media, p.trim, p.bleed, p.rotate) for p in mine.pages] == [
        (p.media, p.trim, p.bleed, p.rotate) for p in file.pages
    ]
    assert [(i.page, i.name, i.pixels, i.dpi, i.colorspace) for i in mine.images] == [
        (i.page, i.name, i.pixels, i.dpi, i.colorspace) for i in file.images
    ]


OPTIONS = [
    {"bleed_mm": 0},
    {},
    {"marks": True},
    {"color": "cmyk"},
    {"marks": True, "color": "cmyk"},
    {"bleed_mm": 2, "marks": True, "color": "cmyk"},
]


@pytest.mark.parametrize("name", DEFAULT_PRODUCTS)
@pytest.mark.parametrize(
    "options", OPTIONS, ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items())
)
def test_same_findings_for_every_product_and_press_option(event, name: str, options: dict) -> None:
    held = Held()
    pdf = build_pdf(name, event, held=held, **options)
    assert pdf == build_pdf(name, event, **options)  # keeping the document changes no byte
    color = options.get("color", "rgb")
    mine, file = both(pdf, held, press_profile(False, options.get("bleed_mm", 3.0)), color)
    assert_same(mine, file)
    assert mine.ok


def test_pdfx_is_checked_from_the_file(event) -> None:
    """PDF/X is written by pikepdf after ReportLab: the build reads that file."""
    held = Held()
    pdf = build_pdf("poster", event, held=held, color="cmyk", pdfx=True)
    assert check_held(held, pdf, profile="pdfx", color_mode="cmyk", name="x") is None
    report = check_build(pdf, "x", "cmyk", True, 3.0, held)
    assert (
        report.ok and report.failures == check_pdf(pdf, profile="pdfx", color_mode="cmyk").failures
    )


def _text(colour: CMYKColor, size: float, overprint: bool = True) -> Callable:
    def draw(c, ctx) -> None:  # noqa: ANN001
        c.saveState()
        before, c._overprint_k = c._overprint_k, overprint  # black text knocking out
        c.setFillColor(colour)
        c.setFont(c._fontname, size)
        c.drawString(60, 300, "Бірлік күні 1 мамыр")
        c.restoreState()
        c._overprint_k = before

    return draw


def _rgb_picture(c, ctx) -> None:  # noqa: ANN001
    c.drawImage(ImageReader(Image.new("RGB", (40, 40), (200, 10, 10))), 100, 100, 50, 50)


def _hairline(c, ctx) -> None:  # noqa: ANN001
    c.saveState()
    c.setLineWidth(0.1)
    c.line(50, 50, 200, 50)
    c.restoreState()


def _see_through(c, ctx) -> None:  # noqa: ANN001
    c.saveState()
    c.setFillAlpha(0.5)
    c.rect(50, 50, 100, 100, fill=1, stroke=0)
    c.restoreState()


def _unknown_state(c, ctx) -> None:  # noqa: ANN001
    c._code.append("q /GSnowhere gs Q")


BROKEN = {
    "rgb picture in cmyk": _rgb_picture,
    "small text on four plates": _text(CMYKColor(1, 0.8, 0.3, 0.3), 9),
    "tiny text": _text(CMYKColor(0, 0, 0, 1), 4),
    "black text knocking out": _text(CMYKColor(0, 0, 0, 1), 10, overprint=False),
    "near-black text": _text(CMYKColor(0, 0, 0, 0.95), 10),
    "hairline": _hairline,
    "transparency": _see_through,
    "graphics state not in the resources": _unknown_state,
}


@pytest.mark.parametrize("name", ["poster", "booklet"])
@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_same_findings_on_broken_documents(event, name: str, fault: str) -> None:
    def on_layout(laid) -> None:  # noqa: ANN001
        laid.pages[min(2, len(laid.pages) - 1)].steps.append(BROKEN[fault])

    held = Held()
    pdf = build_pdf(name, event, marks=True, color="cmyk", held=held, on_layout=on_layout)
    mine, file = both(pdf, held, "print", "cmyk")
    assert_same(mine, file)
    assert mine.failures or mine.warnings or mine.transparency, fault


def test_same_findings_on_a_missing_bleed(event) -> None:
    held = Held()
    pdf = build_pdf("trifold", event, bleed_mm=1, color="cmyk", held=held)
    mine, file = both(pdf, held, "print", "cmyk")
    assert_same(mine, file)
    assert any("bleed too small" in f for f in mine.failures)


def test_same_findings_on_a_notdef_glyph(event) -> None:
    face = pdfmetrics.getFont("PTSans").face
    face.charToGlyph[0x4E2D] = 0  # 中 at glyph 0: the file shows .notdef
    try:
        held = Held()
        pdf = build_pdf("poster", event, marks=True, file_name="афиша-中.pdf", held=held)
    finally:
        del face.charToGlyph[0x4E2D]
    mine, file = both(pdf, held, "print", "rgb")
    assert_same(mine, file)
    assert mine.notdef and "U+4E2D" in mine.failures[0]


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    """An event with a raster logo (a soft mask), a camera-sized photo and a partner logo."""
    d = tmp_path_factory.mktemp("event")
    logo_png(d / "logo.png", (600, 600), (200, 30, 60))
    quadrant_photo(d / "photo.jpg", (3000, 2000))
    logo_png(d / "p0.png", (800, 300), (200, 30, 60), pad=100)
    return event_with(d, logo="logo.png", photo="photo.jpg", partners=["p0.png"])


@pytest.mark.parametrize("name", DEFAULT_PRODUCTS)
@pytest.mark.parametrize("options", [{}, {"marks": True, "color": "cmyk"}], ids=["rgb", "cmyk"])
def test_same_findings_with_pictures(pictured, name: str, options: dict) -> None:
    held = Held()
    pdf = build_pdf(name, pictured, held=held, **options)
    mine, file = both(pdf, held, "print", options.get("color", "rgb"))
    assert_same(mine, file)
    assert mine.images and mine.transparency  # the logo's soft mask: a fact, no failure


def test_a_placed_pdf_picture_is_checked_from_the_file(tmp_path, event_dir) -> None:
    """A PDF logo is copied in by pikepdf after ReportLab: the build reads that file."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(event_dir / "logo.pdf"), pagesize=(100, 100))
    c.setFillColorCMYK(0, 1, 1, 0)
    c.rect(10, 10, 80, 80, fill=1, stroke=0)
    c.save()
    event = event_with(event_dir, logo="logo.pdf")
    held = Held()
    pdf = build_pdf("poster", event, held=held, color="cmyk")
    assert not held.exact
    assert check_held(held, pdf, profile="print", color_mode="cmyk", name="x") is None
    report = check_build(pdf, "x", "cmyk", False, 3.0, held)
    assert report.failures == check_pdf(pdf, color_mode="cmyk", name="x").failures
