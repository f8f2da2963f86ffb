"""Page sections (typeset/sections.py): which band grows into freed height, which gives it."""

from __future__ import annotations

from generator.compose.template import Box, PageSpec, Section
from generator.typeset.sections import arrange

# A poster's bands: a head hugging its title, figures, a quotation that grows and hugs, and a
# footer the event leaves empty.
SECTIONS = (
    Section("head", 0, 200, grow=1, hug="title"),
    Section("figures", 200, 80),
    Section("quote", 280, 60, grow=1, hug="quote"),
    Section("footer", 340, 40),
)
BOXES = (
    Box("band", "rect", 0, 0, 100, 200, section="head", stretch=True),
    Box("title", "text", 10, 40, 80, 150, section="head", stretch=True),
    Box("figures", "figures", 10, 210, 80, 60, section="figures", anchor="middle"),
    Box("panel", "rect", 0, 280, 100, 60, section="quote", stretch=True),
    Box("quote", "text", 10, 290, 80, 40, section="quote", stretch=True),
    Box("footer", "text", 10, 345, 80, 30, section="footer"),
)
SPEC = PageSpec("poster", BOXES, sections=SECTIONS)


def laid(title: float, quote: float) -> dict[str, Box]:
    """The boxes as arranged for a title and a quotation whose texts need these heights (mm,
    whatever their box) and no footer."""
    needs = {"title": title, "quote": quote}
    boxes = arrange(SPEC, lambda b: b.name != "footer", lambda b: min(b.h, needs[b.name]))
    return {b.name: b for b in boxes}


def test_a_short_quotation_gives_the_height_it_grew_into_to_the_head():
    """A short title frees 100 mm of the head; the quotation's band grows into it with the
    footer's 40 mm, but its text needs 30 mm: the band keeps the quotation's designed box
    and the head takes the rest back around its title (it was a 200 mm panel around 30 mm
    of text)."""
    boxes = laid(title=50, quote=30)
    assert boxes["quote"].h == 40  # its designed height: the text needs less
    assert boxes["panel"].h == 60
    # Nothing is lost: the bands still reach the foot of the page the footer left.
    assert abs(boxes["panel"].y + boxes["panel"].h - 380) < 1e-6
    assert abs(boxes["band"].h - (380 - 80 - 60)) < 1e-6


def test_a_quotation_that_fills_its_grown_band_keeps_it():
    boxes = laid(title=50, quote=500)
    assert abs(boxes["band"].h - 100) < 1e-6  # the head hugs its title (50 mm + the rest)
    assert abs(boxes["panel"].h - (380 - 100 - 80)) < 1e-6


def test_a_band_passes_on_the_height_its_text_cannot_use():
    """The footer's 40 mm go to the head and the quotation; a title that needs only its
    designed box gives its 20 mm on to the quotation, which can use them."""
    boxes = laid(title=150, quote=500)
    assert boxes["band"].h == 200
    assert abs(boxes["panel"].h - 100) < 1e-6
