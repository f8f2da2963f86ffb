"""The breaker reads lines only from starts some line reaches (a brochure sets each paragraph at
several sizes, and most breaks of a paragraph start no line a path can use): the lines it
chooses are those it chooses reading every start, for real articles in Kazakh and Russian at
narrow and wide columns, with microtypography and ragged emergencies on."""

from __future__ import annotations

import functools
import html
from pathlib import Path

from generator.api import load_event
from generator.typeset import linebreak, paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style

ensure_family("PTSerif")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"
EVENTS = ("dombyra-long", "gratitude-ru", "museum-names", "olympiad-url")


def _plans(monkeypatch) -> list[tuple]:
    """Every paragraph of the events' articles planned at two sizes and three widths."""
    asked: list[tuple] = []

    def seen(plan, widths):
        asked.append((plan, widths))
        return linebreak.choose_lines(plan, widths)

    monkeypatch.setattr(paragraphs, "choose_lines", seen)
    for name in EVENTS:
        text = load_event(next((FIXTURES / name).glob("article.*.txt"))).article.text
        blocks = [html.escape(b.strip(), quote=False) for b in text.splitlines() if b.strip()]
        for size in (9.0, 10.5):
            style = kazakh_style(
                "body",
                "PTSerif",
                size,
                size * 1.3,
                max_gap_ratio=2.4,
                expansion=0.02,
                letter_spacing=0.05,
                protrusion=True,
                hyphen_share=0.25,
                min_last_line=2 * size,
                ragged=True,
            )
            for block in blocks:
                p = body_paragraph(block, style)
                for width in (150.0, 215.0, 280.0):
                    p.planned(width)
    return asked


def test_lines_from_reached_starts_are_those_from_every_start(monkeypatch) -> None:
    asked = _plans(monkeypatch)
    assert len(asked) > 100
    reached = [linebreak.choose_lines(plan, widths) for plan, widths in asked]
    read = sum(len(row) for plan, widths in asked for row in linebreak._lines(plan, widths, 2.4))
    every = functools.partial(linebreak._lines, every=True)
    monkeypatch.setattr(linebreak, "_lines", every)
    assert [linebreak.choose_lines(plan, widths) for plan, widths in asked] == reached
    # The starts no line reaches are most of them: far fewer lines are read.
    assert read < 0.6 * sum(len(row) for plan, widths in asked for row in every(plan, widths, 2.4))
