"""A role typed in small letters prints with a capital, as a variant's label does."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.compose.render import capfirst


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("әнші", "Әнші"),
        ("ұйымдастырушы комитет мүшесі", "Ұйымдастырушы комитет мүшесі"),
        ("ерікті (QR)", "Ерікті (QR)"),
        ("«жас ғалым»", "«Жас ғалым»"),
        ("докторант PhD", "Докторант PhD"),
        ("Баяндамашы", "Баяндамашы"),
        ("3-курс студенті", "3-курс студенті"),  # a digit first: as written
        ("iOS-әзірлеуші", "iOS-әзірлеуші"),  # a capital inside the word: written so
        ("", ""),
    ],
)
def test_capfirst_makes_the_first_letter_a_capital_and_keeps_the_rest(typed, printed):
    assert capfirst(typed) == printed


def test_capfirst_passes_over_markup_and_keeps_it_markup():
    out = capfirst(Markup("&laquo;<b>спортшы</b>"))
    assert out == Markup("&laquo;<b>Спортшы</b>") and isinstance(out, Markup)
