"""A Russian event of our own (tests/data/ru-event: initials, units, dates, a quotation with a
quotation inside) builds every product, normalised and hyphenated by the Russian rules only."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pyphen
import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from generator.content.normalise import NBSP
from tests.conftest import pdf_text
from tests.e2e.test_brochures import dehyphenate, lines_of, words

EVENT = Path(__file__).parent.parent / "data" / "ru-event" / "article.ru.txt"
RECORD = {"name": "Иван Петров", "role": "волонтёр", "organisation": "Школа № 5"}
PRODUCTS = ("poster", "trifold", "booklet", "certificate", "invitation", "badge")


@pytest.fixture(scope="module")
def russian():
    return load_event(EVENT)


@pytest.fixture(scope="module")
def pdfs(russian):
    return {
        name: build_pdf(name, russian, record=RECORD if name in PRODUCTS[3:] else None)
        for name in PRODUCTS
    }


def test_the_article_is_russian_and_long_enough(russian):
    assert russian.lang == "ru" and len(russian.article.paragraphs) >= 8


def test_russian_rules_and_no_kazakh_rule(russian):
    text = russian.article.text
    assert f"А.{NBSP}С.{NBSP}Иванова" in text  # initials held together and to the surname
    assert f"2{NBSP}500{NBSP}гостей" in text and f"2,5{NBSP}км" in text
    assert f"12{NBSP}июня 2026{NBSP}г." in text  # a date and its year abbreviation
    assert f"в{NBSP}Караганде" in text  # one-letter words hold on to the next word
    assert "„если хочешь быть человеком, будь им“" in text  # quotes inside quotes: „ “
    assert f"программе{NBSP}\u2014 выступления" in text  # em dash, not the Kazakh en dash
    assert f"{NBSP}\u2013 " not in text and "“" not in text.replace("им“", "")


@pytest.mark.parametrize("name", PRODUCTS)
def test_every_product_builds_in_russian(pdfs, russian, name):
    pdf = pdfs[name]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "ru-RU"
    text = pdf_text(pdf)
    if name in PRODUCTS[3:]:
        assert RECORD["name"] in text
    else:
        assert "Караганде" in text


def _cuts(pdf: bytes, russian) -> list[tuple[str, int]]:
    known = set(words(" ".join(russian.article.paragraphs)))
    n = len(PdfReader(io.BytesIO(pdf)).pages)
    lines = lines_of(pdf, range(n))
    for line in lines:  # an initial never ends a line
        assert not re.search(r"(?:^|[^\d\s]\s)[А-ЯЁ]\.$", line), line
    return dehyphenate(lines, known)[1]


def test_line_end_hyphens_are_legal_by_the_russian_dictionary(pdfs, russian):
    dictionary = pyphen.Pyphen(lang="ru_RU")
    cuts = _cuts(pdfs["booklet"], russian) + _cuts(pdfs["trifold"], russian)
    assert cuts, "nothing was hyphenated"
    for word, at in cuts:
        start = word.rfind("-", 0, at) + 1  # inside a compound, the part is hyphenated
        part = word[start:].split("-")[0]
        offset = at - start
        assert offset in dictionary.positions(part), (word, at)
        assert 2 <= offset <= len(part) - 2, (word, at)  # two letters at least on each side


def test_a_kazakh_article_and_lang_ru_takes_the_russian_article_beside_it(tmp_path):
    """«--article article.kk.txt --lang ru» was refused though «--lang kk,ru» finds
    article.ru.txt beside it; with none there, the error says what to do."""
    import shutil

    from generator.errors import InputError

    folder = tmp_path / "e"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content" / "unity-day", folder)
    event = load_event(folder / "article.kk.txt", lang="ru")
    assert event.article.lang == "ru" and event.article.source.endswith("article.ru.txt")
    (folder / "article.ru.txt").unlink()
    with pytest.raises(InputError, match="no article.ru.txt beside it for --lang ru"):
        load_event(folder / "article.kk.txt", lang="ru")
