"""The type's hierarchy and line endings as a designer checks them, measured from the PDFs of
every event of the review matrix (tests/e2e/test_any_event.py's events)."""

from __future__ import annotations

import io
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from tests.e2e.test_any_event import EVENTS, event, pdf

_SPACE = re.compile(r"\s+")


def text_lines(data: bytes, page: int | None = 0) -> list[tuple[str, float, float]]:
    """(text, largest font size in points, top in mm from the page's top) of each line of
    ``page`` (None: of every page)."""
    return [(t, s, y) for t, s, y, _, _ in lines_with_fonts(data, page)]


def lines_with_fonts(
    data: bytes, page: int | None = 0
) -> list[tuple[str, float, float, float, str]]:
    """(text, size, top, left in mm, font name of its first letter) of each line, in order."""
    out = []
    for number, layout in enumerate(extract_pages(io.BytesIO(data))):
        if page is not None and number != page:
            continue
        for element in layout:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                sizes = (
                    [c.size for c in line if isinstance(c, LTChar)]
                    if isinstance(line, LTTextLine)
                    else []
                )
                text = _SPACE.sub(" ", line.get_text()).strip()
                if sizes and text:
                    font = next(c.fontname for c in line if isinstance(c, LTChar))
                    top = (layout.height - line.y1) / 72 * 25.4 + number * 1000
                    out.append((text, max(sizes), top, line.x0 / 72 * 25.4, font))
    return out


def words(text: str) -> list[str]:
    return _SPACE.sub(" ", text.replace("\u00ad", "")).split()


@pytest.mark.parametrize("name", EVENTS)
def test_the_poster_title_is_its_largest_type(name):
    """Balanced to even lines, the title may come out smaller than the size that fits: it
    still stands above the quotation, the article's opening and the key figures."""
    title = set(words(event(name).article.title))
    lines = text_lines(pdf(name, "poster"))
    own = [s for t, s, _ in lines if set(words(t)) <= title]
    others = [(s, t) for t, s, _ in lines if not set(words(t)) <= title]
    assert own, f"{name}: no line of the title found"
    largest = max(others)
    assert min(own) > largest[0], (
        f"{name}: the title is set at {min(own):.1f} pt, «{largest[1]}» at {largest[0]:.1f} pt"
    )


@pytest.mark.parametrize("product", ["poster", "trifold", "booklet"])
@pytest.mark.parametrize("name", EVENTS)
def test_no_quotation_ends_on_a_word_alone(name, product):
    """A pull quote (set in italic) whose lines are broken as far as they go can leave its
    closing word alone on the last line («… ұлттың рухани / қазынасы»): balanced, it does
    not."""
    lines = [x for x in lines_with_fonts(pdf(name, product), None) if "Italic" in x[4]]
    alone = []
    for before, line in zip(lines, lines[1:], strict=False):
        same_column = abs(before[3] - line[3]) < 1 and 0 < line[2] - before[2] < 2 * line[1]
        last = line[0].endswith(("»", "“", '"'))
        if same_column and last and len(words(line[0])) == 1:
            alone.append(f"{before[0]} / {line[0]}")
    assert not alone, f"{product} for {name}: {alone}"


@pytest.mark.parametrize("product", ["poster", "booklet"])
@pytest.mark.parametrize("name", EVENTS)
def test_no_figure_caption_ends_on_a_word_alone(name, product):
    """A key figure's caption of four words or more («гостей ожидают в этом / году») keeps
    two on its last line (of three words, one alone may be the better of two breaks:
    «оқушы олимпиадаға / қатысты» rather than a first line of one short word)."""
    lines = text_lines(pdf(name, product), None)
    alone = []
    for fact in event(name).facts.roles.get("headline"):
        caption = words(fact.caption)
        if len(caption) < 4:
            continue
        found = [t for t, _, _ in lines if words(t) and set(words(t)) <= set(caption)]
        for before, line in zip(found, found[1:], strict=False):
            if words(before + " " + line) == caption[-len(words(before + " " + line)) :]:
                if len(words(line)) == 1 and words(line)[0] == caption[-1]:
                    alone.append(f"{before} / {line}")
    assert not alone, f"{product} for {name}: {alone}"


def title_lines(data: bytes, title: str, page: int) -> list[tuple[str, float]]:
    """(text, width in mm) of the lines of ``page`` set at the largest size of the title's
    lines (the title, not a running head or a smaller repeat of it)."""
    own = set(words(title))
    found = []
    for number, layout in enumerate(extract_pages(io.BytesIO(data))):
        if number != page:
            continue
        for element in layout:
            for line in element if isinstance(element, LTTextContainer) else ():
                if not isinstance(line, LTTextLine):
                    continue
                text = _SPACE.sub(" ", line.get_text()).strip()
                sizes = [c.size for c in line if isinstance(c, LTChar)]
                if text and sizes and set(words(text)) <= own:
                    found.append((text, (line.x1 - line.x0) / 72 * 25.4, max(sizes)))
    top = max((s for _, _, s in found), default=0)
    return [(t, w) for t, w, s in found if abs(s - top) < 0.1]


@pytest.mark.parametrize(("product", "page"), [("poster", 0), ("booklet", 0), ("trifold", 0)])
@pytest.mark.parametrize("name", EVENTS)
def test_cover_titles_have_no_short_word_alone_on_a_line(name, product, page):
    """A display title is broken into even lines: no line of one word shorter than half the
    longest («День / благодарности — / праздник, / который / объединяет» on the booklet's
    cover, «Абай мұражайы / жаңа / залдарын ашты»)."""
    lines = title_lines(pdf(name, product), event(name).article.title, page)
    assert lines, f"{product} for {name}: no title found"
    longest = max(w for _, w in lines)
    alone = [t for t, w in lines if len(words(t)) == 1 and len(lines) > 1 and w < 0.5 * longest]
    assert not alone, f"{product} for {name}: {[t for t, _ in lines]}"


@pytest.mark.parametrize("name", EVENTS)
def test_a_booklet_never_has_three_pad_pages(name):
    """A booklet one page over a multiple of 4 (a short article: cover, article, figures,
    quotation, back) would take three designed pad pages; compact, its quotation stands under
    the article and it has four pages. Pad pages: those between the cover and the back with
    no word of the article's paragraphs (but the title's), no figure and no quotation."""
    data = pdf(name, "booklet")
    content = event(name)
    facts = content.facts

    def plain(text: str) -> set[str]:
        return {w.strip("«»!?.,:;").casefold() for w in words(text)}

    own = {w for w in plain(" ".join(content.article.paragraphs)) if len(w) > 3}
    own -= plain(content.article.title)  # a half-title pad page prints the title
    for fact in facts.roles.get("headline"):
        own |= plain(fact.print)
    for fact in facts.roles.get("quotes"):
        own |= {w for w in plain(fact.print) if len(w) > 3}
    pages = len({y // 1000 for _, _, y in text_lines(data, None)})
    pad = []
    for page in range(1, pages - 1):
        if not plain(" ".join(t for t, _, _ in text_lines(data, page))) & own:
            pad.append(page + 1)
    assert len(pad) < 3, f"booklet for {name}: pad pages {pad} of {pages}"
    quote = facts.roles.get("quote")
    if quote:
        text = " ".join(t for t, _, _ in text_lines(data, None))
        assert words(quote[0].print)[-1] in text
