"""The normaliser passes over a rule whose trigger (derived from its pattern) a text lacks:
the text and the changes reported are those of every rule applied, as before."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.normalise import QuoteRule, Rule, normalise, rules_for, trigger

ROOT = Path(__file__).resolve().parents[2]

# Pieces of what the rules act on, put together in any order, with or without spaces.
_PIECES = [
    *" \u00a0\t\u2009\u202f.,;:!?…'\"«»„“”()[]-–—‒―",
    *("т.", "б.", "с.", "т. б.", "т. с. с.", "т.б.", "е.", "д.", "п."),
    *("ХХ", "ХІХ", "ІІ", "XX", "Х", "ғ.", "ғасыр", "им.", "Абая", "ли", "же", "бы", "б", "ж"),
    *("г.", "ул.", "пр-т", "д.", "кв.", "қ.", "обл.", "к.", "даң.", "ш.а."),
    *("№", "§", "+7", "8", "(7212)", "41-15-20", "7182", "00", "2", "500", "000", "1995"),
    *("10:00", "12", "%", "‰", "°", "₸", "$", "мамыр", "марта"),
    *("Н.", "Ә.", "Х.", "А.", "Назарбаев", "Марғұлан", "Иванов", "Мария", "O'Connor", "д'Арк"),
    *("https://", "www.", "example.kz", "a@b.kz", "/", "сөз", "Сөз", "в", "и", "я", "У"),
    *("...", ". . .", "1995–2026", "1995 - 2026", "10:00 – 12:00", "ХХ ғасыр", "т. с. с."),
    *("Н.Ә.Назарбаев", "Назарбаев Н. Ә.", "Иванов И.И.", "г. Караганда", "ул. Абая", "т. е."),
    *("+7 7182 00 00 00", "8 (7212) 41-15-20", "т.д."),
]


def _every_rule(text: str, lang: str) -> tuple[str, list]:
    """The normaliser as it was: every rule applied, pass after pass, until stable."""
    changes: list = []
    text = text.strip()
    for _ in range(3):
        before = text
        for rule in rules_for(lang):
            text = rule.apply(text, 1, changes)
        if text == before:
            break
    return text, changes


def _can_change(rule, text: str) -> bool:
    if isinstance(rule, QuoteRule):
        return rule.fix(text) != text
    return rule.pattern.search(text) is not None


def _same(text: str) -> None:
    for lang in ("kk", "ru"):
        assert normalise(text, lang=lang) == _every_rule(text, lang), (lang, text)
        for rule in rules_for(lang):
            if _can_change(rule, text):
                assert trigger(rule).search(text), (lang, rule.name, text)


@settings(max_examples=400)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  "])), max_size=14
    ).map(lambda pieces: "".join(a + b for a, b in pieces))
)
def test_passing_over_rules_changes_nothing(text):
    _same(text)


def _corpus() -> list[str]:
    """Every line of the events' articles and every field of their recipients."""
    texts = []
    for folder in ("content", "tests"):
        for article in sorted((ROOT / folder).rglob("article*.txt")):
            texts += article.read_text(encoding="utf-8").splitlines()
        for data in sorted((ROOT / folder).rglob("recipients.csv")):
            with open(data, encoding="utf-8", newline="") as f:
                texts += [v for row in csv.DictReader(f) for v in row.values() if v]
    return texts


def test_passing_over_rules_changes_nothing_in_the_events():
    texts = _corpus()
    assert len(texts) > 100
    for text in texts:
        _same(text)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_rule_has_a_trigger(lang):
    # None would be correct (the rule always runs) but slow: a pattern this cannot read.
    assert all(trigger(rule) is not None for rule in rules_for(lang))


# What a trigger is derived through: repetitions, groups, alternatives, lookarounds, classes.
_PATTERNS = [
    "ab+c", "(ab+)c", "a(?:b{2})c", "a{4}b", "a{2,3}b", "(?:ab){2,}c", "(?<=x)y", "(?<!x)y",
    "a(?=bc)", "(?:ab|c)d", "[^a]b", "\\d+\\s\\w", "a\\b c", "(?i)ab", "a(?:b|)c", "^a|b$",
    "x[ab]*y", "(a)\\1", "a(?!b)c", "(?>ab)c", "[\\S]a", "a.c", "(?:a|(b))c", "[a-c]{2}",
]  # fmt: skip
# Every text of up to five of these characters.
_TEXTS = ["".join(t) for n in range(6) for t in itertools.product("abcxy1 ", repeat=n)]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_a_trigger_is_found_wherever_its_pattern_is(pattern):
    found = trigger(Rule("test", re.compile(pattern), ""))
    if found is not None:
        missed = [t for t in _TEXTS if re.search(pattern, t) and not found.search(t)]
        assert not missed, (found.pattern, missed[:3])
