"""Two layout leftovers of the review gallery, measured from the PDFs: the invitation of an
event without a date or figures (its details band collapses) keeps its address, gold rule and
words together rather than leaving the rule alone in a wide gap; and a centred sentence of two
lines breaks near its middle instead of leaving a word or two alone on its second line."""

from __future__ import annotations

import io
from functools import cache

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine

from tests.e2e.test_any_event import pdf
from tests.e2e.test_layout_clearances import rules

MM = 72 / 25.4


@cache
def built(name: str, product: str) -> bytes:
    return pdf(name, product)


def text_lines(data: bytes, page: int = 0) -> list[tuple[str, float, float, float, float]]:
    """(text, top, bottom, left, right) in mm from the page's top-left of each line drawn."""
    out = []
    for number, layout in enumerate(extract_pages(io.BytesIO(data))):
        if number != page:
            continue
        for element in layout:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if isinstance(line, LTTextLine) and line.get_text().strip():
                    top, bottom = (layout.height - line.y1) / MM, (layout.height - line.y0) / MM
                    out.append((line.get_text().strip(), top, bottom, line.x0 / MM, line.x1 / MM))
    return sorted(out, key=lambda t: t[1])


def thin_rules(data: bytes, page: int = 0) -> list[tuple[float, float]]:
    """(top, bottom) in mm of each path under 1.5 mm tall and 10–40 mm wide: a gold rule."""
    return [
        (t, b) for left, t, right, b in rules(data, page) if b - t < 1.5 and 10 < right - left < 40
    ]


def stack(name: str) -> list[tuple[float, float]]:
    """The invitation's address, rule and words under its head band (62 mm) and over its
    ornament (190 mm at A5), top to bottom, as (top, bottom) in mm."""
    data = built(name, "invitation")
    parts = [(top, bottom) for _, top, bottom, _, _ in text_lines(data) if 62 < top < 190]
    parts += thin_rules(data)
    return sorted(parts)


def gaps(parts: list[tuple[float, float]]) -> list[float]:
    return [b[0] - a[1] for a, b in zip(parts, parts[1:], strict=False)]


@pytest.mark.parametrize("name", ["library-bare"])
def test_an_invitation_without_details_keeps_its_rule_between_name_and_words(name):
    """library-bare has no date, place or figures; its details band collapses. The rule stood
    in a 22 mm gap under the organisation (the address and the words each grew apart by
    half of the freed height); the spacers above and under them now take that height, so
    no gap in the stack is wider than the designed 15 mm of the rule over a two-line
    sentence centred in its box, and the stack stands in the middle of the white area (it
    had 26 mm over it and 33 mm under it; 29.6 and 29.5 now)."""
    parts = stack(name)
    assert len(parts) >= 5, parts  # greeting or name, organisation, rule, two lines of words
    widest = max(gaps(parts))
    assert widest <= 16, f"{widest:.1f} mm between two elements: {parts}"
    above, below = parts[0][0] - 62, 190 - parts[-1][1]
    assert abs(above - below) <= 3, f"{above:.1f} mm above the stack, {below:.1f} mm under it"


def test_the_collapsed_invitation_keeps_its_rule_midway():
    """The rule stands midway between the organisation and the words (24.5 mm under the one
    and 14.3 mm over the other, it read as belonging to neither)."""
    parts = stack("library-bare")
    rule = next(k for k, (t, b) in enumerate(parts) if b - t < 1.5)
    over, under = parts[rule][0] - parts[rule - 1][1], parts[rule + 1][0] - parts[rule][1]
    assert abs(over - under) < 1.5, (over, under)


@pytest.mark.parametrize(
    ("name", "product", "starts"),
    [
        ("gratitude-ru", "invitation", "Приглашаем"),  # «…«День / благодарности».» was set
        ("book-fair-full", "invitation", "Сізді"),
        ("book-fair-full", "certificate", "Халықаралық"),  # «…оқуды / насихаттауға … үшін.»
    ],
)
def test_a_centred_two_line_sentence_has_even_lines(name, product, starts):
    """A centred sentence of two lines breaks near its middle (as CSS ``text-wrap: balance``):
    the shorter line at least 75 % of the longer, where filling the first line left
    «благодарности».» alone under a full one (29 %; these four were 29 to 56 %, now 87 to
    99 %)."""
    lines = text_lines(built(name, product))
    first = next(k for k, line in enumerate(lines) if line[0].startswith(starts))
    pair = lines[first : first + 2]
    widths = [right - left for _, _, _, left, right in pair]
    assert len(pair) == 2 and pair[1][1] - pair[0][2] < 3, pair  # two lines of one sentence
    shown = [(t, round(w, 1)) for (t, *_), w in zip(pair, widths, strict=True)]
    assert min(widths) / max(widths) >= 0.75, shown
    # Centred: both lines about the same middle.
    middles = [(left + right) / 2 for _, _, _, left, right in pair]
    assert abs(middles[0] - middles[1]) < 0.5
