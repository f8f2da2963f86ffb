"""Numbers as people write them, and facts given per language, each verified in its language."""

from __future__ import annotations

import pytest

from generator.content.article import parse_article
from generator.content.facts import parse_facts, parse_facts_in
from generator.errors import InputError

KK = parse_article(
    "Тақырып\nБиыл 2 500 қатысушы, 1,5 миллион теңге, 500-ге жуық ерікті, 12\u202f000 көрермен",
    "a.kk.txt",
)
RU = parse_article(
    "Заголовок\nВ этом году 2\u00a0500 участников и около 500 добровольцев", "a.ru.txt", "ru"
)


def fact(value: object, source: str, fid: str = "x") -> str:
    v = repr(value) if not isinstance(value, str) else f'"{value}"'
    return (
        f'[[facts]]\nid = "{fid}"\nvalue = {v}\nprint = "p"\ncaption = "c"\nsource = "{source}"\n'
    )


@pytest.mark.parametrize(
    ("value", "source"),
    [
        (2500, "2 500 қатысушы"),
        (1.5, "1,5 миллион"),
        (500, "500-ге жуық"),
        (12000, "12\u202f000 көрмен".replace("көрмен", "көрермен")),
    ],
)
def test_numbers_written_with_spaces_commas_and_suffixes_verify(value, source):
    assert parse_facts(fact(value, source), KK, "f.toml")["x"].value == value


@pytest.mark.parametrize(
    ("value", "source"),
    [
        (2600, "2 500 қатысушы"),
        (500, "2 500 қатысушы"),
        (2, "2 500 қатысушы"),
        (1.6, "1,5 миллион"),
    ],
)
def test_a_wrong_number_still_fails_naming_the_fact(value, source):
    with pytest.raises(InputError, match=r"f.toml: fact 'x'.*does not appear in its source"):
        parse_facts(fact(value, source), KK, "f.toml")


BILINGUAL = """
[[facts]]
id = "people"
value = 2500
print = "2 500"
caption = { kk = "қатысушы", ru = "участников" }
source = { kk = "2 500 қатысушы", ru = "2 500 участников" }
"""


def test_each_language_is_verified_against_its_own_article():
    kk, ru = parse_facts_in(BILINGUAL, [KK, RU], "f.toml")
    assert (kk.lang, ru.lang) == ("kk", "ru")
    assert kk["people"].caption == "қатысушы" and ru["people"].caption == "участников"
    assert ru["people"].source == "2\u00a0500\u00a0участников"


def test_a_source_missing_from_one_language_names_that_language():
    wrong = BILINGUAL.replace('ru = "2 500 участников"', 'ru = "3 000 участников"')
    with pytest.raises(InputError, match=r"fact 'people' \(ru\): source is not in the article"):
        parse_facts_in(wrong, [KK, RU], "f.toml")


def test_a_bilingual_event_needs_each_caption_in_each_language():
    single = BILINGUAL.replace('caption = { kk = "қатысушы", ru = "участников" }', 'caption = "c"')
    with pytest.raises(InputError, match=r"caption must be given in each language"):
        parse_facts_in(single, [KK, RU], "f.toml")
    missing = BILINGUAL.replace(', ru = "участников"', "")
    with pytest.raises(InputError, match=r"caption has no 'ru' text"):
        parse_facts_in(missing, [KK, RU], "f.toml")


def test_a_one_language_event_reads_its_language_from_a_table():
    (ru,) = parse_facts_in(BILINGUAL, [RU], "f.toml")
    assert ru["people"].caption == "участников"
