"""Very short articles (tests/fixtures/short/: three sentences each, Russian and Kazakh, with
figures and without) come out designed in the brochures: the text larger within the limits
the template declares, the figures given the panel they take, no text panel or body page
under 40 % filled, no page of decoration alone."""

from __future__ import annotations

import io
import tomllib
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf, find_template, load_event
from tests.e2e.test_any_event import _fitted, span
from tests.e2e.test_brochures import char_boxes as chars

SHORT = Path(__file__).resolve().parents[1] / "fixtures" / "short"
EVENTS = sorted(p.name for p in SHORT.iterdir() if p.is_dir())
# The label over lines to write on (words.notes, in capitals as the label style prints it).
NOTES = {
    tomllib.loads(f.read_text(encoding="utf-8"))["notes"].upper()
    for f in (Path(__file__).resolve().parents[2] / "templates" / "vocab").glob("*.toml")
}


@cache
def event(name: str):
    return load_event(next((SHORT / name).glob("article.*.txt")))


@cache
def pdf(name: str, product: str) -> bytes:
    return build_pdf(product, event(name), bleed_mm=0)


def test_the_short_events_are_of_the_kinds_asked_for():
    langs = {event(n).lang for n in EVENTS}
    assert {"kk", "ru"} <= langs
    for n in EVENTS:
        assert 2 <= len(event(n).article.paragraphs) <= 4, n
    figures = [bool(event(n).facts.roles.headline) for n in EVENTS]
    assert any(figures) and not all(figures), "some with figures, some without"


@pytest.mark.parametrize("product", ["trifold", "booklet"])
@pytest.mark.parametrize("name", EVENTS)
def test_no_page_of_a_short_article_is_decoration_alone(name, product):
    data = pdf(name, product)
    for page in range(len(pdfium.PdfDocument(data))):
        assert chars(data, page), f"{product} for {name}: page {page + 1} has no text"


@pytest.mark.parametrize("name", EVENTS)
def test_the_booklet_page_of_a_short_article_is_at_least_40_percent_filled(name):
    """subbotnik-ru: three lines at 12 pt under the heading, 35 % of the text area; now set
    as a lede (short_max_size), 47 %."""
    data = pdf(name, "booklet")
    doc = pdfium.PdfDocument(data)
    words = {w for p in event(name).article.paragraphs for w in p.split() if len(w) >= 5}
    body = [
        p
        for p in range(1, len(doc) - 1)
        if sum(w in doc[p].get_textpage().get_text_range().replace("\u00ad", "") for w in words)
        >= len(words) // 2
    ]
    assert body, f"{name}: no page holds the article"
    for page in body:
        # Between the running head and the folio: the page's text area, 20-186 mm from the top.
        fill = span(chars(data, page), 210 - 186, 210 - 20)
        assert fill >= 0.4, f"{name}: booklet page {page + 1} is {fill:.0%} filled"


@pytest.mark.parametrize("name", EVENTS)
def test_every_text_panel_of_a_short_trifold_is_at_least_40_percent_filled(name):
    """yard-ru: its one figure stood small at the head of the middle panel (27 %); the
    figures given a panel of their own now grow to take most of it, in its middle."""
    data = pdf(name, "trifold")
    found = chars(data, 1)  # inside: the article and what moved in beside it
    for left, right in ((0, 100), (100, 200), (200, 297)):
        panel = [c for c in found if left <= c[1] and c[3] <= right]
        if "".join(c[0] for c in panel) in NOTES:
            continue  # lines to write on under their label: no text panel
        if panel:
            fill = span(panel, 12, 198)
            assert fill >= 0.4, f"{name}: inside panel {left}-{right} mm {fill:.0%}"


@pytest.mark.parametrize("name", EVENTS)
def test_a_short_booklet_article_is_set_as_a_lede_within_its_style(name):
    style = find_template("booklet").styles["body"]
    size = _fitted(name, "booklet", event(name))["body_opening"]
    assert style.max_size < size <= style.short_max_size


def test_short_max_size_must_be_over_max_size(template_copy):
    from generator.compose.template import load_template
    from generator.errors import TemplateError

    folder = template_copy("booklet")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("short_max_size = 15", "short_max_size = 12"),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match=r"short_max_size.*larger than max_size \(12.5\)"):
        load_template(folder)


def test_an_article_too_short_for_its_page_is_built_with_a_note(tmp_path):
    """The build succeeds and says, in one line naming the template, how far the article
    fills its page and about how many words would fill it; a full article gets no note."""
    from generator.api import build

    notes: list[str] = []
    build_pdf("booklet", event("subbotnik-ru"), notes=notes)
    assert len(notes) == 1 and "\n" not in notes[0]
    words = sum(len(p.split()) for p in event("subbotnik-ru").article.paragraphs)
    assert notes[0].startswith(f"booklet: the article ({words} words) fills ")
    assert int(notes[0].split("about ")[1].split()[0]) > words
    result = build(["booklet"], out=tmp_path)
    assert not [n for n in result.notes if "the article" in n]


@pytest.mark.parametrize("name", EVENTS)
def test_no_inside_panel_of_a_short_trifold_is_decoration_alone(name):
    """aitys-kk (no figures, no quotation) had rosettes alone on its middle and third inside
    panels, subbotnik-ru and yard-ru on the third: now the article's close (its last
    paragraph as a standfirst) takes a panel nothing else takes, and with nothing else to
    show at all, lines to write on under their label."""
    found = chars(pdf(name, "trifold"), 1)
    for left, right in ((0, 100), (100, 200), (200, 297)):
        text = "".join(c[0] for c in found if left <= c[1] and c[3] <= right)
        assert text, f"{name}: inside panel {left}-{right} mm has no text"


@pytest.mark.parametrize("name", EVENTS)
def test_a_tiny_trifold_article_is_set_as_a_lede_within_its_style(name):
    """Three sentences kept to the first inside panel stopped at the body's max_size (13.5 pt,
    the panel 43-48 % full); they grow on up to short_max_size, as the booklet's do."""
    style = find_template("trifold").styles["body"]
    size = _fitted(name, "trifold", event(name))["body_1"]
    assert style.max_size < size <= style.short_max_size


@pytest.mark.parametrize("name", ["aitys-kk", "subbotnik-ru"])
def test_a_short_text_in_a_roomy_panel_is_not_hyphenated(name):
    """subbotnik-ru's tri-fold cut «вый-/дут» and «кол-/леджа» in a panel half empty (and
    at 18 pt as a lede it would cut «микрорай-/она», «ска-/мейки»): with room to spare the
    text is set in whole words (a size at which they set without a line over max_gap)."""
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf(name, "trifold"))).pages[1].extract_text()
    assert "\u00ad" not in text, f"{name}: {text.count(chr(0xAD))} hyphenated line(s)"
