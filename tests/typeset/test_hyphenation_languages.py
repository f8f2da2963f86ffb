"""Each language is hyphenated by its own rules: Russian by the ru_RU dictionary, Kazakh in
either alphabet by the Kazakh syllable rules."""

from __future__ import annotations

import pyphen
import pytest

from generator.content.latin import transliterate
from generator.typeset.hyphenate import break_points
from generator.typeset.hyphenation import (
    breaks_for,
    latin_break_points,
    russian_breaks,
    russian_word_breaks,
)

DICT = pyphen.Pyphen(lang="ru_RU")


@pytest.mark.parametrize(
    "word",
    ["конституционный", "мероприятиях", "объединение", "Казахстана", "подъезд", "межэтнических"],
)
def test_russian_breaks_are_the_dictionarys_with_two_letters_each_side(word):
    cuts = russian_word_breaks(word)
    assert cuts, word
    assert set(cuts) <= set(DICT.positions(word))
    assert all(2 <= c <= len(word) - 2 for c in cuts)


def test_russian_never_breaks_abbreviations_numbers_or_short_words():
    assert russian_breaks("СССР") == ()
    assert russian_breaks("1995-го") == ()
    assert russian_breaks("т.е.") == ()
    assert russian_breaks("дом") == ()


def test_russian_compounds_break_after_their_hyphen_with_nothing_drawn():
    breaks = dict(russian_breaks("национально-культурного,"))
    assert breaks[len("национально-")] is False
    assert all(drawn for cut, drawn in breaks.items() if cut != len("национально-"))


def test_the_language_picks_the_hyphenator():
    assert breaks_for("ru")("конституционный") != breaks_for("kk")("конституционный")


@pytest.mark.parametrize(
    "word", ["халықтарының", "тұрақтылықты", "бірлестіктері", "құқықтық", "мәдениетін"]
)
def test_latin_kazakh_breaks_where_the_cyrillic_word_does(word):
    # One Latin letter for one Cyrillic letter here, so the offsets must agree.
    latin = transliterate(word)
    assert len(latin) == len(word)
    assert latin_break_points(latin) == break_points(word)


def test_latin_kazakh_leaves_no_single_letters_and_skips_abbreviations():
    for word in ("Assambleiasy", "qalyptastyruğa", "iaği"):
        bounds = [0, *latin_break_points(word), len(word)]
        assert all(b - a >= 2 for a, b in zip(bounds, bounds[1:], strict=False)), word
    assert latin_break_points("QR") == []
