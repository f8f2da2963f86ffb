"""The Kazakh normaliser rules (applied between the shared spacing and number rules).

Conventions: one dash, a spaced en dash with a no-break space before it, and an unspaced en
dash between the two ends of a range; « » outside and “ ” inside (CLDR kk); a number or a
Roman numeral keeps the word after it on its line (1 мамыр, ХХ ғасыр); initials stay with
each other and with the surname; т.б. stays with the word before it. Each rule is a named
function with the convention it follows; `generator normalise` reports every change.
"""

from __future__ import annotations

import re

from .normalise import LOWER, NBSP, UPPER, QuoteRule, Rule, in_address

DASH = "\u2013"
_DASHES = "\u2014\u2013\u2012\u2015-"
_CAP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_ROMAN = "IVXLCDMХІ"  # Roman numerals, also typed with the Cyrillic Х and І
_END = "(?:\\d{1,4}(?::\\d{2})?)"  # a year, a number or a time (10:00)


# Convention (Мильчин, Справочник издателя и автора; the same in Kazakh print): a range of
# numbers or times takes an en dash without spaces (1995–2026, 10:00–12:00).
def unspaced_range(m: re.Match[str]) -> str:
    return m.group(0) if in_address(m) else f"{m.group(1)}{DASH}{m.group(2)}"


# Convention (this project's one dash): a spaced en dash, a no-break space before it.
def one_dash(m: re.Match[str]) -> str:
    return f"{NBSP}{DASH} "


# Convention (ibid.): initials are not split from each other: Н.Ә.Назарбаев → Н.⍽Ә.⍽Назарбаев.
def initials_together(m: re.Match[str]) -> str:
    return m.group(1) + "." + NBSP


# Convention (ibid.): a surname keeps the initials after it on its line (Назарбаев⍽Н.⍽Ә.).
def surname_with_initials(m: re.Match[str]) -> str:
    return m.group(1) + NBSP


# Convention (as for 1 мамыр): a Roman numeral keeps its word: ХХ⍽ғасыр, ХІХ⍽ғ.
def roman_with_its_word(m: re.Match[str]) -> str:
    return m.group(1) + NBSP


# Convention (Kazakh abbreviation т.б., "тағы басқа", and т.с.с.): never alone on a line.
def abbreviation_with_its_word(m: re.Match[str]) -> str:
    return NBSP


# Convention (ibid.): an abbreviation typed with spaces is not split inside: т.⍽б., т.⍽с.⍽с.
def abbreviation_inside(m: re.Match[str]) -> str:
    return m.group(0).replace(" ", NBSP)


# Convention (as in Kazakh and Russian print): a number keeps the word after it: 1⍽мамыр.
def number_with_its_word(m: re.Match[str]) -> str:
    return m.group(1) + NBSP


# Shared with the Russian rules (rules_ru.py): typed with or without spaces, any dash.
RANGE = Rule(
    "a range of numbers or times takes an unspaced en dash",
    re.compile(
        f"(?<![\\d.,:\\-–])({_END})(?:[ {NBSP}]*[{_DASHES}][ {NBSP}]*(?=\\d)|[{_DASHES}])"
        f"({_END})(?![\\d:]|[-–]\\d)"
    ),
    unspaced_range,
)

RULES: tuple[Rule | QuoteRule, ...] = (
    RANGE,
    Rule(
        "one dash convention (spaced en dash, no-break space before)",
        re.compile(
            f"[ {NBSP}]+[{_DASHES}]+[ {NBSP}]+"
            f"|(?<=[{LOWER}{UPPER}])[\u2014\u2013\u2015](?=[{LOWER}{UPPER}])"
        ),
        one_dash,
    ),
    QuoteRule(outer=("«", "»"), inner=("“", "”")),
    Rule(
        "initials take a no-break space",
        re.compile(f"(?<![\\w.])([{_CAP}])\\.[ ]*(?=[{_CAP}])"),
        initials_together,
    ),
    Rule(
        "a surname keeps its initials",
        re.compile(f"(?<![\\w])([{_CAP}][{LOWER}]+)[ ]+(?=[{_CAP}]\\.[ {NBSP}]?[{_CAP}]\\.)"),
        surname_with_initials,
    ),
    Rule(
        "a Roman numeral keeps its word (ХХ ғасыр, ХІХ ғ.)",
        re.compile(f"(?<![\\w.])([{_ROMAN}]{{2,}}|[{_ROMAN}](?= ғ))[ ]+(?=[{LOWER}])"),
        roman_with_its_word,
    ),
    Rule(
        "т. б. and т. с. с. are not split inside",
        re.compile(
            f"(?<![\\w])т\\.[ ]+(?=(?:б|с\\.[ {NBSP}]*с)\\.)|(?<=т\\.[ {NBSP}]с\\.)[ ]+(?=с\\.)"
        ),
        abbreviation_inside,
    ),
    Rule(
        "т.б. and т.с.с. stay with the word before",
        re.compile(f"(?<=[\\w»”)])[ ]+(?=т\\.[ {NBSP}]?(?:б|с\\.[ {NBSP}]?с)\\.)"),
        abbreviation_with_its_word,
    ),
    Rule(
        "an address abbreviation stays with the name before it (Қарағанды қ., Абай к.)",
        re.compile(
            f"(?<=[{LOWER}{UPPER}])[ ]+(?=(?:қ|обл|ауд|к|даң|ш\\.а)\\.(?![{LOWER}{UPPER}]))"
        ),
        abbreviation_with_its_word,
    ),
    Rule(
        "no-break space after a number",
        re.compile(f"(?<![\\d.,])(\\d(?:[\\d.,{NBSP}]*\\d)?)[ ]+(?=[{LOWER}{UPPER}%])"),
        number_with_its_word,
    ),
)
