"""A word is never cut without a hyphen where it is a hair wider than its box: ReportLab cuts
a word wider than the line by any amount at a letter (splitLongWords), and the fitting let
a word 0.01 pt too wide pass («Фестиваль на / циональных» on the tri-fold's cover)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.compose.template import load_template
from generator.errors import FitError
from generator.resources import templates_dir
from generator.typeset.fonts import face_name
from generator.typeset.text import Palette, fit_text

TEMPLATE = load_template(templates_dir() / "trifold")
WORDS = "Фестиваль национальных культур"


def _lines(fitted) -> list[str]:
    return [
        " ".join(
            getattr(w, "text", w) for w in (line[1] if isinstance(line, tuple) else line.words)
        )
        for p in fitted.paragraphs
        for line in p.blPara.lines
    ]


@pytest.mark.parametrize("over", [0.001, 0.005, 0.009])
def test_a_word_a_hair_too_wide_is_set_smaller_not_cut(over):
    style = replace(TEMPLATE.styles["cover_title"], balance=0.0, size=28, min_size=20)
    fitted_once = fit_text(WORDS, style, 1.0, 400, 400, Palette(TEMPLATE), "test")  # fonts in
    font = fitted_once.paragraphs[0].frags[0].fontName
    assert font == face_name(style.font, style.face)
    width = stringWidth("национальных", font, 28) - over
    fitted = fit_text(WORDS, style, 1.0, width, 400, Palette(TEMPLATE), "test")
    assert " ".join(_lines(fitted)).split() == WORDS.split(), _lines(fitted)
    assert fitted.size < 28


def test_a_word_wider_than_the_box_at_the_smallest_size_is_named():
    style = replace(TEMPLATE.styles["cover_title"], balance=0.0, size=28, min_size=28)
    font = face_name(style.font, style.face)
    fit_text(WORDS, style, 1.0, 400, 400, Palette(TEMPLATE), "test")
    width = stringWidth("национальных", font, 28) - 0.005
    with pytest.raises(
        FitError, match="does not fit its box .* the word «национальных» is wider than the box"
    ):
        fit_text(WORDS, style, 1.0, width, 400, Palette(TEMPLATE), "test")
