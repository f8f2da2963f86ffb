"""The breaker keeps every line that glyph expansion and letter spacing can fill (issue 13).

A line gains width from its glue and, beyond it, from expansion and letter spacing (and its
margins move with hanging punctuation): the bound that skips starts too far right for any line
within the gap cap must add that reach, not take it away. Taken away, it dropped lines that
only these devices fill, and the paragraph got a wide gap or a short line instead.
Each paragraph is built here from its words (Helvetica: widths ReportLab ships) with the
tri-fold's body settings: max_gap 2.5, expansion 2 %, letter spacing 5 % of a space.
"""

from __future__ import annotations

import re

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.typeset.breakplan import Plan, Settings
from generator.typeset.linebreak import Layout, choose_lines

_FONT = ("Helvetica", 10.0)
_TRACK = 0.05 * stringWidth(" ", *_FONT)  # letter spacing: 5 % of a word space


def _set(text: str, width: float, microtype: bool, ragged: bool) -> list[Layout]:
    settings = Settings(
        max_gap=2.5,
        stretch=0.5,
        shrink=0.2,
        expansion=0.02 if microtype else 0.0,
        track=_TRACK if microtype else 0.0,
        protrusion=True,
        hyphenate=False,
        ragged=ragged,
    )
    widths = [stringWidth(c, *_FONT) for c in text]
    tokens = [m.span() for m in re.finditer(r"\S+", text)]
    plan = Plan.build(text, widths, [_FONT] * len(text), tokens, settings)
    return choose_lines(plan, (width, width))


def _widest_gap(lines: list[Layout]) -> float:
    return max(line.ratio for line in lines[:-1])


# Only one layout keeps every gap within max_gap, and one of its lines needs the glyphs
# expanded and spaced to reach the column (without them that paragraph has a wider gap).
CASES = {
    "short line": ("woogssntmgdabmrrrsghmo tb wenhterteammbmdodd stdf shf tohr", 143.0, True),
    "wide gap": (
        "amrtwmbgssruomcfreoamdaato ue ohawmcunuharsufcnrdebg ngbe gehuu dbeuasserfcrdw",
        155.7,
        False,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_line_only_expansion_and_letter_spacing_fill_is_used(case: str) -> None:
    text, width, ragged = CASES[case]
    plain = _set(text, width, microtype=False, ragged=ragged)
    assert _widest_gap(plain) > 2.5 or any(line.ragged for line in plain)
    lines = _set(text, width, microtype=True, ragged=ragged)
    assert not any(line.ragged for line in lines)
    assert _widest_gap(lines) <= 2.5
    assert any(line.scale > 1.0 and line.track > 0 for line in lines[:-1])
