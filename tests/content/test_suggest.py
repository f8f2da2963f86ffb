"""`generator facts suggest`: every suggestion loads and verifies against its article."""

from __future__ import annotations

from generator.content.article import parse_article, read_article
from generator.content.facts import parse_facts
from generator.content.suggest import suggest_facts, suggestions_toml
from generator.resources import default_event_dir
from tests.conftest import run_cli

RUSSIAN = """\
Форум молодёжи Алматы – 12 июня 2025 года
Форум открылся 12 июня 2025 года в Алматы. В нём участвуют 1 500 человек из 14 регионов.
Организаторы провели более 120 встреч, а 35 % участников впервые выступили с докладом.
Министр сказал: «Молодёжь – это главный ресурс нашей страны, и мы будем её поддерживать».
Бюджет проекта составил 2,5 миллиона тенге; программа рассчитана до 2030 года.
"""

KAZAKH = """\
Кітап апталығы
Апталық 2024 жылғы 23 сәуір күні басталды. Оған 3 000-нан астам оқырман келді.
Кітапханада 45 мың кітап бар, оның 60 пайызы қазақ тілінде.
Директор былай деді: «Кітап оқыған бала ешқашан адаспайды, ол әлемді танып өседі».
"""


def _verified(article) -> list:
    suggestions = suggest_facts(article)
    text = suggestions_toml(article, suggestions)
    facts = parse_facts(text, article, "<suggested>")  # raises if any does not verify
    assert len(facts) == len(suggestions)
    return suggestions


def test_every_suggestion_on_the_seed_article_verifies():
    article = read_article(default_event_dir() / "article.kk.txt")
    found = _verified(article)
    values = {s.value for s in found}
    assert {365, 471, 500, 1995, 50} <= values
    assert any(s.kind == "date" and s.value == "1 мамыр" for s in found)
    quotes = [s for s in found if s.kind == "quote"]
    assert quotes and all(f"«{s.value}»" == s.source for s in quotes)
    lower_bound = next(s for s in found if s.value == 471)
    assert lower_bound.print == "471+" and "471-ден астам" in lower_bound.source


def test_the_cli_prints_toml_that_loads(tmp_path):
    seed = default_event_dir() / "article.kk.txt"
    code, out, err = run_cli("facts", "suggest", str(seed))
    assert code == 0, err
    facts = parse_facts(out, read_article(seed))
    assert len(facts) >= 7
    target = tmp_path / "facts.toml"
    code, out, err = run_cli("facts", "suggest", str(seed), "-o", str(target))
    assert code == 0 and parse_facts(target.read_text(encoding="utf-8"), read_article(seed))


def test_russian_numbers_units_dates_and_quotes():
    article = parse_article(RUSSIAN, "article.ru.txt")
    found = _verified(article)
    by_value = {s.value: s for s in found}
    assert any(s.kind == "date" and "12" in str(s.value) and "июня" in str(s.value) for s in found)
    assert any(str(v).replace("\u00a0", " ") == "1 500" or v == 1500 for v in by_value)
    assert by_value[120].print == "120+"  # «более 120»
    assert 14 in by_value and "регионов" in by_value[14].caption
    assert any(s.kind == "quote" and s.value.startswith("Молодёжь") for s in found)
    assert any(s.value == 2030 for s in found)


def test_kazakh_article_of_our_own():
    article = parse_article(KAZAKH, "article.kk.txt")
    found = _verified(article)
    assert any(s.kind == "date" and "23 сәуір" in str(s.value) for s in found)
    assert any(s.value in (45, 60) for s in found)
    assert any(s.kind == "quote" for s in found)


def test_an_article_without_facts_gives_an_empty_list():
    article = parse_article("Тақырып\nМұнда сан да, дәйексөз де жоқ.\n", "a.txt")
    assert suggest_facts(article) == []
