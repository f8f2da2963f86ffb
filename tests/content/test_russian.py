"""Russian text is normalised by the Russian rules, and no Kazakh rule touches it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.article import parse_article, read_article
from generator.content.normalise import NBSP, normalise, normalise_plain
from generator.errors import InputError


def ru(text: str) -> str:
    return normalise_plain(text, "ru")


def test_quotes_guillemets_outside_low_high_inside():
    assert ru('Он сказал: "читайте "Слово о полку"!"') == (
        f"Он сказал: «читайте „Слово о{NBSP}полку“!»"
    )
    # Kazakh nests with “ ” instead: the language decides.
    assert normalise_plain('"ел "бірлігі" күні"', "kk") == "«ел “бірлігі” күні»"


@pytest.mark.parametrize("word", ["в", "к", "с", "у", "о", "и", "а", "я", "В", "С"])
def test_no_break_space_after_one_letter_words(word):
    assert ru(f"пришёл {word} дом") == f"пришёл {word}{NBSP}дом"


def test_one_letter_rule_is_russian_only():
    # "а" and "и" are no words of their own in Kazakh: the Kazakh rules leave the space.
    assert normalise_plain("ол а кітап", "kk") == "ол а кітап"


def test_initials_stay_together_and_with_the_surname():
    assert ru("писал А. С. Пушкин") == f"писал А.{NBSP}С.{NBSP}Пушкин"
    assert ru("писал Пушкин А. С. в 1830 г.") == (
        f"писал Пушкин{NBSP}А.{NBSP}С. в{NBSP}1830{NBSP}г."
    )


def test_numero_paragraph_and_units():
    assert ru("школа № 5, § 3, 70 км, 25 %, 2 500 человек") == (
        f"школа №{NBSP}5, §{NBSP}3, 70{NBSP}км, 25{NBSP}%, 2{NBSP}500{NBSP}человек"
    )


def test_dashes_em_between_words_en_in_ranges():
    assert ru("Астана - столица") == f"Астана{NBSP}\u2014 столица"
    assert ru("Астана – столица") == f"Астана{NBSP}\u2014 столица"
    assert ru("в 1941-1945 гг.") == f"в{NBSP}1941\u20131945{NBSP}гг."
    # a line of dialogue opens with an em dash held to its first word
    assert ru("- Здравствуйте!") == f"\u2014{NBSP}Здравствуйте!"
    # Kazakh keeps its spaced en dash and its number-suffix hyphens
    assert (
        normalise_plain("Астана - елорда, 471-ден", "kk") == f"Астана{NBSP}\u2013 елорда, 471-ден"
    )


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("пройдёт 25 - 31 марта", f"пройдёт 25\u201331{NBSP}марта"),
        ("пройдёт 25 – 31 марта", f"пройдёт 25\u201331{NBSP}марта"),
        ("с 10:00 — 12:00", f"с{NBSP}10:00\u201312:00"),
        ("в 1995 - 2026 гг.", f"в{NBSP}1995\u20132026{NBSP}гг."),
    ],
)
def test_a_range_typed_with_spaces_takes_an_unspaced_en_dash(typed, printed):
    """Мильчин: a range of numbers, dates or times is set with an en dash and no spaces; the
    spaced dash between words (an em dash) is not for them."""
    assert ru(typed) == printed
    _, changes = normalise(typed, lang="ru", line=1)
    assert "a range of numbers or times takes an unspaced en dash" in {c.rule for c in changes}
    # two dates, each with its month, keep the spaced dash between them
    assert ru("28 февраля - 3 марта") == f"28{NBSP}февраля{NBSP}\u2014 3{NBSP}марта"


def test_abbreviations_and_particles():
    assert ru("то есть т. е. так, и т. д.") == f"то есть т.{NBSP}е. так, и{NBSP}т.{NBSP}д."
    assert ru("Он бы знал ли") == f"Он{NBSP}бы знал{NBSP}ли"


def test_changes_are_reported_with_russian_rule_names():
    _, changes = normalise("Он - в доме", lang="ru", line=4)
    rules = {c.rule for c in changes}
    assert "no-break space after a one-letter word" in rules
    assert any("em dash" in r for r in rules)
    assert all(c.line == 4 for c in changes)


_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ0123456789"
_PUNCT = ' .,;:!?-–—"“”„«»()\u202f\u00a0№§%'


@given(st.text(alphabet=_ALPHABET + _PUNCT, max_size=80))
def test_russian_rules_change_no_letter_and_are_stable(text):
    once = ru(text)
    keep = [c for c in once if c.isalnum()]
    assert keep == [c for c in text if c.isalnum()]
    assert ru(once) == once


def test_article_language_from_its_file_name(tmp_path):
    path = tmp_path / "article.ru.txt"
    path.write_text("Заголовок\nОн - в доме", encoding="utf-8")
    article = read_article(path)
    assert article.lang == "ru"
    assert article.paragraphs[0] == f"Он{NBSP}\u2014 в{NBSP}доме"
    with pytest.raises(InputError, match="file name says the article is in 'ru'"):
        read_article(path, "kk")


def test_unknown_language_is_named():
    with pytest.raises(InputError, match="unknown language 'de'"):
        parse_article("Titel\nText", "a.txt", "de")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("г. Караганда, ул. Абая, д. 47", "г.\u00a0Караганда, ул.\u00a0Абая, д.\u00a047"),
        ("пр. Бухар-Жырау, кв. 5", "пр.\u00a0Бухар-Жырау, кв.\u00a05"),
        # after a number, г. is «год»: it stays with the number, not with what follows
        ("12 июня 2026 г. в Караганде", "12\u00a0июня 2026\u00a0г. в\u00a0Караганде"),
        # «библиотека им. / С. Торайгырова» split on the tri-fold's back panel
        ("библиотека им. С. Торайгырова", "библиотека им.\u00a0С.\u00a0Торайгырова"),
        ("ДК им. Абая", "ДК им.\u00a0Абая"),
    ],
)
def test_an_address_abbreviation_keeps_its_name(before, after):
    """«Караганда, ул.» / «Абая» split an address across lines on the certificate's footer."""
    assert normalise_plain(before, "ru") == after


def test_an_article_saved_in_cp1251_names_its_line_and_says_what_to_do(tmp_path):
    """A Windows «ANSI» file said only «not UTF-8 text (byte 0)»."""
    path = tmp_path / "article.ru.txt"
    path.write_bytes("Неделя книги\n".encode() + "ёлка".encode("cp1251"))
    with pytest.raises(InputError) as e:
        read_article(path)
    assert str(e.value) == (
        f"{path}: line 2: not UTF-8 text (byte 0xB8); save it as UTF-8 (Notepad: Save as, "
        "Encoding UTF-8)"
    )


def test_a_facts_file_saved_in_cp1251_names_its_line(tmp_path):
    from generator.content.facts import read_facts_text

    path = tmp_path / "facts.toml"
    path.write_bytes(b'[event]\nname = "' + "Неделя".encode("cp1251") + b'"\n')
    with pytest.raises(InputError) as e:
        read_facts_text(path)
    assert str(e.value).startswith(f"{path}: line 2: not UTF-8 text (byte 0xCD); save it as UTF-8")
