"""The print normaliser: each rule, and the promise that no letter or digit ever changes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.content.normalise import NBSP, normalise, normalise_plain


def test_space_after_a_full_stop_where_missing():
    assert normalise_plain("құрылым.Ассамблея") == "құрылым. Ассамблея"


def test_full_stop_inside_numbers_and_abbreviations_is_left():
    assert normalise_plain("3.5 мм, т.б. және") == f"3.5{NBSP}мм, т.б. және"


def test_spaced_dashes_become_one_convention():
    for dash in ("–", "—", "-"):
        assert normalise_plain(f"бірі {dash} Қазақстан") == f"бірі{NBSP}– Қазақстан"


def test_unspaced_em_dash_between_words_is_spaced():
    assert normalise_plain("сөз—сөз") == f"сөз{NBSP}– сөз"


def test_compound_hyphens_and_number_ranges_are_left():
    assert normalise_plain("салт-дәстүр, 1995–2026") == "салт-дәстүр, 1995–2026"


def test_quotes_outer_guillemets_inner_curly():
    assert (
        normalise_plain('“Қоғамдық” және "ел „бірлігі“ күні"')
        == "«Қоғамдық» және «ел “бірлігі” күні»"
    )


def test_an_apostrophe_is_typographic():
    for lang in ("kk", "ru"):
        text = "Жанна д'Арк пен O'Connor, Musketeers' Club"
        assert normalise_plain(text, lang=lang) == "Жанна д’Арк пен O’Connor, Musketeers’ Club"
    # at a word's end beside a straight opening quote it is a quotation mark: left as typed
    assert normalise_plain("'сөз' пен д'Арк") == "'сөз' пен д’Арк"
    assert normalise_plain("https://example.kz/d'arc бар") == "https://example.kz/d'arc бар"


def test_no_break_space_after_numbers():
    text = normalise_plain("1 мамыр, 365 мүшесі, 50 елдің")
    assert text == f"1{NBSP}мамыр, 365{NBSP}мүшесі, 50{NBSP}елдің"


def test_numero_keeps_its_number():
    assert normalise_plain("№ 82 мектеп") == f"№{NBSP}82{NBSP}мектеп"


def test_thin_and_narrow_spaces_become_nbsp():
    assert normalise_plain("1\u202f234\u2009567") == f"1{NBSP}234{NBSP}567"


def test_runs_of_spaces_collapse():
    assert normalise_plain("бір   екі") == "бір екі"


def test_every_change_is_reported_with_its_line():
    text, changes = normalise("зор құрылым.Ассамблея 365 мүшесі – “ел”", line=3)
    rules = {c.rule for c in changes}
    assert len(rules) == 4, rules
    assert all(c.line == 3 for c in changes)
    assert "line 3:" in str(changes[0])


def test_clean_text_has_no_changes():
    assert normalise(f"Бұл{NBSP}– жақсы мәтін.")[1] == []


def test_the_seed_article_changes(event):
    rules = [c.rule for c in event.article.changes]
    assert rules.count("space after a sentence's full stop") == 5
    assert "“" not in event.article.text and "—" not in event.article.text


_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАӘБҒҚҢӨҰҮҺІ0123456789"
_PUNCT = ' .,;:!?-–—"“”„«»()\u202f\u2009\u00a0№%'


def _letters_and_digits(text: str) -> str:
    return "".join(re.findall(r"[^\W_]", text))


@given(st.text(alphabet=_ALPHABET + _PUNCT, max_size=80))
def test_letters_and_digits_never_change(text):
    assert _letters_and_digits(normalise_plain(text)) == _letters_and_digits(text.strip())


@given(st.text(alphabet=_ALPHABET + " .,;:!?-–—()\u202f\u2009\u00a0№%", max_size=80))
def test_normalising_twice_changes_nothing_more(text):
    once = normalise_plain(text)
    assert normalise_plain(once) == once


def test_balanced_quotes_normalise_once():
    once = normalise_plain('Ол "жаңа „кітап“ оқыды" деді')
    assert once == "Ол «жаңа “кітап” оқыды» деді"
    assert normalise_plain(once) == once


def test_a_quotation_closes_after_a_bracket():
    """Issue 8: «Қазақтелеком (ҚТ)“, “Ақ” was printed for the text below."""
    from generator.content.normalise import normalise_plain

    text = '"Қазақтелеком (ҚТ)", "Ақ" және "Бірлік (ҚР)" серіктестері'
    assert (
        normalise_plain(text, "kk") == "«Қазақтелеком (ҚТ)», «Ақ» және «Бірлік (ҚР)» серіктестері"
    )
    assert normalise_plain('Ол "Ақ (жаңа)" деді.', "ru") == "Ол «Ақ (жаңа)» деді."
