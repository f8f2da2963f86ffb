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


def text_lines(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, largest font size in points, top in mm from the page's top) of each line."""
    out = []
    for number, layout in enumerate(extract_pages(io.BytesIO(data))):
        if number != page:
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
                    out.append((text, max(sizes), (layout.height - line.y1) / 72 * 25.4))
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
