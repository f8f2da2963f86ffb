"""Pictures in products: where they land, how they are embedded, checked and converted."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from generator.api import build_pdf, find_template, load_event
from generator.compose.render import compose
from generator.compose.template import load_template
from generator.errors import InputError, PreflightError, TemplateError
from generator.press.preflight import check_pdf
from generator.typeset.images import to_print_cmyk
from generator.typeset.products import lay_out
from tests.pictures import (
    QUADRANTS,
    event_with,
    logo_png,
    named,
    near,
    pixel,
    placements,
    quadrant_photo,
    render,
)

RECORD = {"name": "Айгүл Серікқызы", "role": "Спикер", "organisation": "Ұйым"}


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    """An event with a raster logo, a camera-sized photo and three partner logos."""
    d = tmp_path_factory.mktemp("event")
    logo_png(d / "logo.png", (600, 600), (200, 30, 60))
    quadrant_photo(d / "photo.jpg", (3000, 2000))
    logo_png(d / "p0.png", (800, 300), (200, 30, 60), pad=100)  # wide, padded
    logo_png(d / "p1.png", (400, 400), (20, 90, 180), pad=10)  # square
    logo_png(d / "p2.png", (1200, 250), (30, 130, 70), pad=200)  # very wide, much padding
    event = event_with(
        d, logo="logo.png", photo="photo.jpg", partners=["p0.png", "p1.png", "p2.png"]
    )
    return d, event


@pytest.fixture(scope="module")
def poster(pictured):
    return build_pdf("poster", pictured[1])


def test_logo_photo_and_partners_land_in_their_boxes(poster):
    placed = placements(poster)
    # The photo covers its box and the right and bottom bleed (3 mm): 187, 326, 110 x 94.
    [(_, kind, photo)] = named(placed, r"Pic\.photo\.photo\.")
    assert kind == "Image" and photo == pytest.approx((187, 326, 113, 97), abs=0.05)
    # A square logo in the square box (219, 20, 56 x 56).
    [(_, _, logo)] = named(placed, r"Pic\.logo\.logo\.")
    assert logo == pytest.approx((219, 20, 56, 56), abs=0.05)
    # Partners: one visual height (the box's 13 mm, padding cropped), 10 mm apart, from x = 22.
    strip = sorted((r for _, _, r in named(placed, r"Pic\.p\d\.partners\.")), key=lambda r: r[0])
    assert len(strip) == 3
    assert all(
        r[3] == pytest.approx(13, abs=0.05) and r[1] == pytest.approx(305, abs=0.05) for r in strip
    )
    assert strip[0][0] == pytest.approx(22, abs=0.05)
    gaps = [b[0] - (a[0] + a[2]) for a, b in zip(strip, strip[1:], strict=False)]
    assert gaps == pytest.approx([10, 10], abs=0.05)
    # Widths follow the logos' own proportions (800:300, 1:1, 1200:250), not their canvases.
    assert [r[2] / r[3] for r in strip] == pytest.approx([800 / 300, 1, 1200 / 250], rel=0.02)


def test_pictures_are_visible_where_placed(poster):
    view = render(poster)
    # The photo fills its box around the centre: its quarters meet at the box's centre.
    cx, cy = 187 + 113 / 2, 326 + 97 / 2
    assert near(pixel(view, cx - 20, cy - 20), QUADRANTS[0])  # red, top-left
    assert near(pixel(view, cx + 20, cy + 20), QUADRANTS[3])  # yellow, bottom-right
    assert near(pixel(view, 219 + 28, 20 + 28), (200, 30, 60))  # the logo
    assert near(pixel(view, 22 + 3, 305 + 10), (200, 30, 60))  # the first partner


def test_svg_logo_stays_vector():
    pdf = build_pdf("poster", load_event())  # the default event's logo.svg
    doc = pikepdf.open(io.BytesIO(pdf))
    assert not [
        o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    forms = named(placements(pdf), r"Svg_")
    assert len(forms) == 1 and forms[0][2] == pytest.approx((219, 20, 56, 56), abs=0.05)
    form = doc.pages[0].Resources.XObject["/" + forms[0][0]]
    ops = {str(op) for _, op in pikepdf.parse_content_stream(form)}
    assert {"f", "re"} & ops or {"f", "c"} <= ops or "B" in ops  # filled paths
    # Its deep-blue ring, between two of the gold leaves (22.5° from the top).
    assert near(pixel(render(pdf), 219 + 28 + 9.4, 20 + 28 - 22.7), (0, 127, 163))


def test_svg_logo_in_cmyk_is_drawn_once_per_process(monkeypatch):
    # The second CMYK document replays the form's operators (black-overprint states
    # included) instead of drawing the SVG again, and makes the same bytes.
    from reportlab.graphics import renderPDF

    from generator.typeset import vectors

    event = load_event()
    monkeypatch.setattr(vectors, "_FORM_CODE", {})
    first = build_pdf("poster", event, color="cmyk")
    assert any(key[1] == "cmyk" for key in vectors._FORM_CODE)

    def draw_again(*args, **kwargs):
        raise AssertionError("the SVG was drawn again")

    monkeypatch.setattr(renderPDF, "draw", draw_again)
    assert build_pdf("poster", event, color="cmyk") == first
    doc = pikepdf.open(io.BytesIO(first))
    [form] = [x for n, x in doc.pages[0].Resources.XObject.items() if n.startswith("/FormXob.Svg_")]
    used = set(re.findall(rb"/(GOP\d\d) gs", form.read_bytes()))
    assert used and {"/" + n.decode() for n in used} <= set(doc.pages[0].Resources.ExtGState.keys())


def _badge(tmp_path: Path, photo: Path, **kw) -> bytes:
    record = {**RECORD, "photo": photo.name}
    return build_pdf("badge-photo", load_event(), record=record, images=tmp_path, **kw)


def test_a_camera_photo_is_downsampled_to_300_dpi(tmp_path):
    photo = quadrant_photo(tmp_path / "camera.jpg", (6000, 4000))
    pdf = _badge(tmp_path, photo)
    [image] = [im for im in check_pdf(pdf).images if "camera" in im.name]
    assert 280 <= image.dpi <= 300.5
    assert len(pdf) < 120_000, len(pdf)


def test_a_jpeg_that_needs_nothing_is_embedded_as_it_is(tmp_path):
    # 26.25 x 35 mm at 290 dpi, upright, 3:4 like the box: no crop, no resampling.
    photo = quadrant_photo(tmp_path / "exact.jpg", (300, 400))
    pdf = _badge(tmp_path, photo)
    doc = pikepdf.open(io.BytesIO(pdf))
    streams = [
        o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    assert [s.read_raw_bytes() for s in streams] == [photo.read_bytes()]


def test_too_coarse_a_photo_fails_print_naming_file_box_and_dpi(tmp_path):
    small = quadrant_photo(tmp_path / "small.jpg", (103, 138))  # 100 dpi at 26.25 x 35 mm
    with pytest.raises(PreflightError) as e:
        _badge(tmp_path, small)
    assert "small.jpg" in str(e.value) and "box 'photo'" in str(e.value)
    assert re.search(r"is (99|100) dpi", str(e.value))
    # On screen (no bleed) it is made; `generator check` then fails it for print by name.
    pdf = _badge(tmp_path, small, bleed_mm=0)
    report = check_pdf(pdf, profile="print")
    assert any(re.search(r"'small' in box 'photo' is (99|100) dpi", f) for f in report.failures)


def test_a_photo_under_250_dpi_warns(tmp_path):
    photo = quadrant_photo(tmp_path / "fair.jpg", (207, 276))  # 200 dpi
    notes: list[str] = []
    _badge(tmp_path, photo, notes=notes)
    assert len(notes) == 1 and "fair.jpg" in notes[0] and re.search(r"is (199|200) dpi", notes[0])


def _image_xobject(pdf: bytes, stem: str) -> tuple[int, int, bytes]:
    """(width, height, stream bytes) of the page's image XObject named after a file."""
    doc = pikepdf.open(io.BytesIO(pdf))
    [x] = [x for k, x in doc.pages[0].Resources.XObject.items() if stem in k]
    return int(x.Width), int(x.Height), x.read_raw_bytes()


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_jpeg_reduced_while_decoding_keeps_orientation_and_resolution(tmp_path, orientation):
    # 600 x 800 in the 26.25 x 35 mm box is 581 dpi: libjpeg decodes it at half size, 300 x 400
    # (290 dpi, within 10 % under 300), and that is embedded as it is, upright.
    photo = quadrant_photo(tmp_path / "half.jpg", (600, 800), orientation=orientation)
    pdf = _badge(tmp_path, photo)
    [image] = [im for im in check_pdf(pdf).images if "half" in im.name]
    assert 290 <= image.dpi <= 290.5
    width, height, data = _image_xobject(pdf, "half")
    assert (width, height) == (300, 400)
    embedded = Image.open(io.BytesIO(data)).convert("RGB")
    upright = ImageOps.exif_transpose(Image.open(photo)).convert("RGB").reduce(2)
    diff = ImageChops.difference(embedded, upright).convert("L")
    assert ImageStat.Stat(diff).mean[0] < 2  # the same pixels, but for JPEG's loss


def test_a_jpeg_not_reduced_below_270_dpi(tmp_path):
    # 484 dpi: half would be 242 dpi, so it is decoded whole and resampled to 300 dpi.
    photo = quadrant_photo(tmp_path / "fine.jpg", (500, 667))
    [image] = [im for im in check_pdf(_badge(tmp_path, photo)).images if "fine" in im.name]
    assert 299 <= image.dpi <= 300.5


def test_exif_rotated_photo_appears_upright(tmp_path):
    photo = quadrant_photo(tmp_path / "phone.jpg", (600, 800), orientation=6)
    assert Image.open(photo).size == (800, 600)  # stored on its side
    view = render(_badge(tmp_path, photo), scale=3)
    # Box 5, 14, 26.25 x 35 mm: red top-left, yellow bottom-right, as the person looked.
    assert near(pixel(view, 5 + 5, 15 + 5, 3), QUADRANTS[0])
    assert near(pixel(view, 5 + 22, 15 + 31, 3), QUADRANTS[3])
    assert near(pixel(view, 5 + 5, 15 + 31, 3), QUADRANTS[2])


def test_cmyk_leaves_no_rgb_image_and_grey_stays_on_k(tmp_path):
    colour = quadrant_photo(tmp_path / "colour.jpg", (600, 800))
    grey = tmp_path / "grey.png"
    Image.open(colour).convert("L").convert("RGB").save(grey)  # grey, stored as RGB
    spaces = {}
    for photo in (colour, grey):
        pdf = _badge(tmp_path, photo, color="cmyk")
        [im] = [i for i in check_pdf(pdf, color_mode="cmyk").images if photo.stem in i.name]
        spaces[photo.stem] = im.colorspace
        assert check_pdf(pdf, color_mode="cmyk").ok
    assert spaces == {"colour": "DeviceCMYK", "grey": "DeviceGray"}


def test_built_in_cmyk_keeps_total_ink_at_most_300_percent():
    im = Image.new("RGB", (4, 1))
    for x, c in enumerate([(0, 0, 0), (10, 0, 60), (60, 20, 10), (128, 128, 128)]):
        im.putpixel((x, 0), c)
    out = to_print_cmyk(im)
    assert out.mode == "CMYK"
    assert max(sum(out.getpixel((x, 0))) for x in range(4)) <= 765
    assert out.getpixel((0, 0))[3] >= 200  # black mostly on the K plate


def test_pdfx_flattens_transparency_against_the_panel(pictured):
    _, event = pictured
    pdf = build_pdf("poster", event, color="cmyk", pdfx=True)
    doc = pikepdf.open(io.BytesIO(pdf))
    images = [
        o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    assert images and not [o for o in images if "/SMask" in o]
    assert all(o.ColorSpace in ("/DeviceCMYK", "/DeviceGray") for o in images)
    # The logo sits on the sky band (CMYK 85 0 18 0): its transparent corner is that ink.
    logo = doc.pages[0].Resources.XObject["/" + named(placements(pdf), r"Pic\.logo\.")[0][0]]
    assert tuple(logo.read_bytes()[:4]) == (217, 0, 46, 0)
    assert check_pdf(pdf, profile="pdfx").ok


def test_heic_and_webp_with_alpha(tmp_path):
    quadrant_photo(tmp_path / "phone.heic", (600, 800), format="HEIF")
    pdf = _badge(tmp_path, tmp_path / "phone.heic")
    view = render(pdf, scale=3)
    assert near(pixel(view, 5 + 5, 15 + 5, 3), QUADRANTS[0])
    logo = Image.open(logo_png(tmp_path / "l.png", (300, 300), (20, 90, 180), pad=40))
    logo.save(tmp_path / "logo.webp", lossless=True)
    event = event_with(tmp_path, logo="logo.webp")
    doc = pikepdf.open(io.BytesIO(build_pdf("poster", event)))
    [img] = [
        o
        for o in doc.objects
        if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" and "/SMask" in o
    ]
    assert img.Width == img.Height


def test_a_pdf_logo_is_placed_as_a_vector_form(tmp_path):
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(tmp_path / "partner.pdf"), pagesize=(300, 200))
    c.setFillColor(CMYKColor(0, 0.8, 0.9, 0))
    c.rect(40, 40, 220, 120, fill=1, stroke=0)
    c.setCropBox((40, 40, 260, 160))
    c.showPage()
    c.save()
    event = event_with(tmp_path, partners=["partner.pdf"])
    pdf = build_pdf("poster", event)
    [(_, kind, rect)] = named(placements(pdf), r"PdfPicture_")
    assert kind == "Form"
    assert rect[3] == pytest.approx(13, abs=0.05) and rect[2] == pytest.approx(
        13 * 220 / 120, abs=0.05
    )
    doc = pikepdf.open(io.BytesIO(pdf))
    assert not [
        o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    view = render(pdf)
    assert near(pixel(view, rect[0] + rect[2] / 2, rect[1] + rect[3] / 2), (255, 51, 25), 60)


def test_absent_pictures_collapse_and_their_boxes_swap(pictured):
    tpl = find_template("poster")
    plain = load_event()
    with_photo = pictured[1]
    for event, shown, hidden in (
        (plain, {"quote", "figures"}, {"quote_beside_photo", "figures_above_partners"}),
        (with_photo, {"quote_beside_photo", "figures_above_partners"}, {"quote", "figures"}),
    ):
        laid = lay_out(tpl, compose(tpl, event.article, event.facts), event)
        assert shown <= set(laid.fitted) and not hidden & set(laid.fitted)
    assert not lay_out(tpl, compose(tpl, plain.article, plain.facts), plain).pictures


def test_same_inputs_same_bytes(pictured, poster):
    assert build_pdf("poster", pictured[1]) == poster


def test_picture_mistakes_name_the_file_and_key(tmp_path):
    with pytest.raises(InputError, match=r"facts.toml: event.photo: picture not found: nope.jpg"):
        event_with(tmp_path, photo="nope.jpg")
    (tmp_path / "t").mkdir()
    base = (find_template("badge-photo").folder / "template.toml").read_text(encoding="utf-8")
    (tmp_path / "t" / "text.j2").write_text("", encoding="utf-8")
    for old, new, key in (
        ('source = "record.photo"', 'source = "event.banner"', "source"),
        ('source = "record.photo"', 'source = "record.portrait"', "source"),
        ('source = "record.photo"', 'source = "../secret.png"', "source"),
        ('fallback = "rosette"', 'fallback = "nothing"', "fallback"),
        ('fit = "cover"', 'fit = "fill"', "fit"),
    ):
        (tmp_path / "t" / "template.toml").write_text(base.replace(old, new), encoding="utf-8")
        with pytest.raises(TemplateError, match=key):
            load_template(tmp_path / "t")


@pytest.mark.parametrize("partners", [[], ["p.svg"]], ids=["press-writer", "reportlab-writer"])
def test_pdfx_logo_over_the_cover_photo_shows_the_photo_round_it(tmp_path, partners):
    """The tri-fold's logo lies over the cover photo: PDF/X-1a has no soft masks, and no one
    colour is under the logo, so its transparency becomes a stencil (/Mask) and the photo
    shows round it (flattened against the panel's colour, it stood in a sky-blue square).
    An SVG partner logo puts a vector form on the page: ReportLab's writer writes it then."""
    import shutil

    from generator.resources import default_event_dir

    for folder in (tmp_path / "logo", tmp_path / "plain"):
        folder.mkdir()
        quadrant_photo(folder / "photo.jpg", (3000, 2000))
        shutil.copy(default_event_dir() / "pictures" / "logo.svg", folder / "p.svg")
    logo_png(tmp_path / "logo" / "logo.png", (400, 400), (200, 30, 60), pad=100)
    more = {"partners": partners} if partners else {}
    with_logo = event_with(tmp_path / "logo", logo="logo.png", photo="photo.jpg", **more)
    plain = event_with(tmp_path / "plain", photo="photo.jpg", **more)
    pdf = build_pdf("trifold", with_logo, color="cmyk", pdfx=True)
    x, y, w, h = named(placements(pdf), r"Pic\.logo\.")[0][2]
    view = render(pdf, scale=2)
    under = render(build_pdf("trifold", plain, color="cmyk", pdfx=True), scale=2)
    for cx, cy in ((x + 2, y + 2), (x + w - 2, y + h - 2)):  # the logo's transparent margin
        assert near(pixel(view, cx, cy, 2), pixel(under, cx, cy, 2), 12)
    assert not near(pixel(view, x + w / 2, y + h / 2, 2), pixel(under, x + w / 2, y + h / 2, 2))
    doc = pikepdf.open(io.BytesIO(pdf))
    images = [
        o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    assert not [o for o in images if "/SMask" in o]
    assert [o for o in images if o.get("/ImageMask")]  # the logo's stencil
    assert check_pdf(pdf, profile="pdfx").ok
