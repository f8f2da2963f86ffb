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
