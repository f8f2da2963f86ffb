"""Layout defects a QA pass saw on events of its own (tests/data/qa-layout/), measured from the
PDFs: the whole title on the booklet's opening page, the clearance between its heading and the
gold rule, the pull quote's bar, the certificate's spacing and signatory."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from tests.e2e.test_any_event import pdf
from tests.e2e.test_brochures import char_boxes
from tests.e2e.test_hierarchy import lines_with_fonts, words

EVENTS = Path(__file__).resolve().parents[1] / "data" / "qa-layout"
MM = 72 / 25.4


@cache
def built(name: str, product: str, lang: str | None = None) -> bytes:
    article = next((EVENTS / name).glob("article.*.txt"))
    options = {"lang": lang} if lang else {}
    return build_pdf(product, load_event(article, **options), bleed_mm=0)


def rules(pdf: bytes, page: int) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in mm from the page's top-left of every path object."""
    doc = pdfium.PdfDocument(pdf)
    height = doc[page].get_height()
    out = []
    for obj in doc[page].get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            out.append((left / MM, (height - top) / MM, right / MM, (height - bottom) / MM))
    return out


@pytest.mark.parametrize(("product", "below"), [("booklet", 60), ("trifold", 40)])
def test_the_opening_page_prints_the_whole_title(product, below):
    """«Ғылым апталығы – жас зерттеушілер мерекесі»: the booklet's opening heading and the
    tri-fold's inside heading printed only the part after the dash, and the page had no other
    place for the first part."""
    data = built("kk-dash", product)
    title = words(load_event(next((EVENTS / "kk-dash").glob("article.*.txt"))).article.title)
    heading = [
        t
        for t, size, top, left, _ in lines_with_fonts(data, 1)
        if size >= 13 and top < 1000 + below and left < 90  # the first column or panel
    ]
    assert words(" ".join(heading)) == title, heading


def test_the_bilingual_opening_heading_keeps_clear_of_the_gold_rule():
    """Two long titles fill the heading box: its last line's descenders stood 3.1 mm over
    the gold rule under it; at least 5 mm now."""
    data = built("bilingual", "booklet", "kk,ru")
    chars = char_boxes(data, 1)
    height = pdfium.PdfDocument(data)[1].get_height() / MM
    # Under the label (its top at 24 mm) and over the body (its first line at 63 mm).
    heading = [c for c in chars if 28 < height - c[4] < 58]
    assert "".join(c[0] for c in heading).endswith("зелёныйгород")
    foot = max(height - bottom for _, _, bottom, _, _ in heading)
    rule = min(top for left, top, right, bottom in rules(data, 1) if top > foot)
    assert rule - foot >= 5, f"{rule - foot:.1f} mm between the heading and the rule"


def _bars(pdf: bytes, page: int) -> list[tuple[float, float, float, float]]:
    """The quotation bars: paths under 2.5 mm wide and over 5 mm tall."""
    return [b for b in rules(pdf, page) if b[2] - b[0] < 2.5 and b[3] - b[1] > 5]


@pytest.mark.parametrize(
    ("data", "page"),
    [
        (lambda: pdf("book-fair-full", "booklet"), 5),
        (lambda: pdf("dombyra-long", "trifold"), 1),
        (lambda: pdf("museum-names", "trifold"), 0),
        (lambda: pdf("nauryz-short", "trifold"), 0),
        (lambda: pdf("dombyra-long", "poster"), 0),
        (lambda: pdf("museum-names", "poster"), 0),
        (lambda: pdf("nauryz-short", "poster"), 0),
        (lambda: pdf("default", "poster"), 0),
    ],
    ids=[
        "booklet quotations",
        "trifold pull quote",
        "trifold fold-in museum-names",
        "trifold fold-in nauryz-short",
        "poster dombyra-long",
        "poster museum-names",
        "poster nauryz-short",
        "poster default",
    ],
)
def test_a_quotation_bar_is_as_tall_as_its_quotation_and_attribution(data, page):
    """The booklet's bars were 59 and 79 mm beside two- and three-line quotations (33 and
    24 mm of text), the tri-fold's 48 mm beside 29 mm, its fold-in panel's 110 mm beside two
    lines, the poster's 83-99 mm beside two lines (its quotation's band grew into the height
    a short title freed). The bar spans the text beside it (the quotation and its
    attribution) and no more than 4 mm beyond."""
    built_pdf = data()
    height = pdfium.PdfDocument(built_pdf)[page].get_height() / MM
    chars = char_boxes(built_pdf, page)
    bars = _bars(built_pdf, page)
    assert bars
    for _left, top, right, foot in bars:
        beside = [
            (height - c[4], height - c[2])
            for c in chars
            if right < c[1] < right + 40 and top - 10 < height - c[4] and height - c[2] < foot + 10
        ]
        assert beside, f"no text beside the bar at {top:.0f}–{foot:.0f} mm"
        text_top, text_foot = min(t for t, _ in beside), max(f for _, f in beside)
        assert text_top - top <= 4 and foot - text_foot <= 4, (
            f"bar {top:.1f}–{foot:.1f} mm beside text {text_top:.1f}–{text_foot:.1f} mm"
        )


def _certificate_lines() -> list[tuple[str, float, float]]:
    """(text, top, foot) in mm of each text line of the ru-sport certificate."""
    article = next((EVENTS / "ru-sport").glob("article.*.txt"))
    with open(EVENTS / "ru-sport" / "recipients.csv", encoding="utf-8", newline="") as f:
        record = next(csv.DictReader(f))
    data = build_pdf("certificate", load_event(article), record=record, bleed_mm=0)
    page = pdfium.PdfDocument(data)[0]
    text, height = page.get_textpage(), page.get_height()
    out = []
    for i in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(i)
        line = text.get_text_bounded(left, bottom, right, top).strip()
        out.append((line, (height - top) / MM, (height - bottom) / MM))
    return out


def test_a_long_signatory_wraps_balanced():
    """«Заместитель руководителя городского / управления»: no word alone on its line."""
    lines = _certificate_lines()
    position = words("Заместитель руководителя городского управления")
    found = [x[0] for x in lines if set(words(x[0])) <= set(position)]
    assert " ".join(found).split() == position, found
    assert all(len(words(line)) > 1 for line in found), found
