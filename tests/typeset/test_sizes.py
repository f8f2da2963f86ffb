"""A text weighed at several sizes is parsed and scanned once, and its breaks found once: what a
size takes from another size's work is what that size makes on its own, value for value."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from generator.api import load_event
from generator.typeset import breakplan, paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style

ensure_family("PTSerif")

TESTS = Path(__file__).resolve().parents[1]
FOLDERS = sorted((TESTS / "fixtures" / "events").iterdir()) + [TESTS / "data" / "ru-event"]


def _articles() -> list[tuple[str, str]]:
    out = [("default", load_event().article.text)]
    for folder in FOLDERS:
        event = load_event(next(folder.glob("article.*.txt")), folder / "facts.toml")
        out.append((folder.name, event.article.text))
    return out


ARTICLES = _articles()


def _forget() -> None:
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    paragraphs._UNSIZED.clear()
    breakplan._SKELETONS.clear()


def _made(markup: str, size: float, indent: float) -> paragraphs.KazakhParagraph:
    style = kazakh_style(
        "body", "PTSerif", size, size * 1.3, expansion=0.02, letter_spacing=0.05,
        protrusion=True, min_last_line=2 * size, firstLineIndent=indent * size,
    )  # fmt: skip
    paragraph = body_paragraph(markup, style)
    paragraph.planned(215.0)
    return paragraph


def _seen(p: paragraphs.KazakhParagraph) -> tuple:
    model = p._model
    assert model is not None and not model.fallback
    return (
        p.text,
        p.bulletText,
        [vars(f) for f in p._parsed_frags],
        [vars(f) for f in p.frags],
        model.plain,
        model.spans,
        model.widths,
        model.fonts,
        model.plan,
        model.lines_for((215.0 - p.style.firstLineIndent, 215.0), 0.0),
    )


@pytest.mark.parametrize(("name", "text"), ARTICLES, ids=[n for n, _ in ARTICLES])
def test_a_size_set_after_another_is_the_size_set_alone(name: str, text: str) -> None:
    blocks = [escape(b.strip(), quote=False) for b in text.split("\n\n") if b.strip()]
    for size, other in ((9.0, 10.336), (13.5, 12.75)):  # after a larger size, a smaller one
        for k, block in enumerate(blocks):
            indent = 1.0 if k else 0.0
            _forget()
            alone = _seen(_made(block, size, indent))
            _forget()
            _made(block, other, indent)
            assert len(paragraphs._UNSIZED) == 1  # parsed at the other size
            after = _made(block, size, indent)
            assert len(breakplan._SKELETONS) == 1  # the breaks found at the other size
            assert _seen(after) == alone, (name, k, size)
