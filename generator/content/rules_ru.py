"""The Russian normaliser rules (applied between the shared spacing and number rules).

Conventions of Russian print (А. Э. Мильчин, «Справочник издателя и автора»): « » outside and
„ “ inside; the dash between words is an em dash, spaced, with a no-break space before it, and
a range of numbers or times takes an unspaced en dash, typed with spaces or not (1941–1945,
25–31 марта, 10:00–12:00); no line may begin with a dash, end with a one-letter word (в, к,
с, у, о, и, а, я), split initials from each other or from the surname, split т. е. / т. д.,
or separate a number from the word or unit after it.
"""

from __future__ import annotations

import re

from .normalise import LOWER, NBSP, UPPER, QuoteRule, Rule
from .rules_kk import RANGE

EM_DASH = "\u2014"
_CAP = "А-ЯЁ"

RULES: tuple[Rule | QuoteRule, ...] = (
    # Before the dash rule: «25 - 31 марта», «10:00 – 12:00» are ranges, not spaced dashes.
    RANGE,
    Rule(
        "a dash opening a line of dialogue: em dash, no-break space after",
        re.compile(f"^[\u2014\u2013\u2012\u2015-][ {NBSP}]+"),
        EM_DASH + NBSP,
    ),
    Rule(
        "one dash convention (spaced em dash, no-break space before)",
        re.compile(
            f"[ {NBSP}]+[\u2014\u2013\u2012\u2015-]+[ {NBSP}]+"
            f"|(?<=[{LOWER}{UPPER}])[\u2014\u2015](?=[{LOWER}{UPPER}])"
        ),
        f"{NBSP}{EM_DASH} ",
    ),
    QuoteRule(outer=("«", "»"), inner=("„", "“")),
    Rule(
        "no-break space after a one-letter word",
        re.compile("(?<![\\w.\\-])([вксуоиаяВКСУОИАЯ])[ ]+(?=\\S)"),
        lambda m: m.group(1) + NBSP,
    ),
    Rule(
        "no-break space after an initial",
        re.compile(f"(?<![\\w.])([{_CAP}])\\.[ ]*(?=[{_CAP}])"),
        lambda m: m.group(1) + "." + NBSP,
    ),
    Rule(
        "no-break space between a surname and its initials",
        re.compile(f"(?<![\\w])([{_CAP}][а-яё]+)[ ]+(?=[{_CAP}]\\.[ {NBSP}]?[{_CAP}]\\.)"),
        lambda m: m.group(1) + NBSP,
    ),
    Rule(
        "no-break space inside т. е., т. д., т. п.",
        re.compile("(?<![\\w])т\\.[ ]*(?=[дпекн]\\.)"),
        "т." + NBSP,
    ),
    Rule(
        "no-break space after an address abbreviation (г. Караганда, ул. Абая, д. 47)",
        re.compile(
            # not «2026 г. в …»: after a number г. is «год»
            f"(?<![\\w.\\-])(?<!\\d )(?<!\\d{NBSP})((?:г|ул|пр|пр-т|просп|пер|пл|д|корп|кв|пос|с|мкр)\\.)"
            "[ ]+(?=[\\w№«])"
        ),
        lambda m: m.group(1) + NBSP,
    ),
    Rule(
        # Convention (as for address abbreviations): «им.» (имени) keeps the name it introduces.
        "no-break space after им. (библиотека им. С. Торайгырова)",
        re.compile("(?<![\\w.\\-])(им\\.)[ ]+(?=[А-ЯЁ])"),
        lambda m: m.group(1) + NBSP,
    ),
    Rule(
        "no-break space before ли, же, бы",
        re.compile("(?<=\\w)[ ]+(?=(?:ли|ль|же|ж|бы|б)(?![\\w]))"),
        NBSP,
    ),
    Rule(
        "no-break space after a number",
        re.compile(f"(?<![\\d.,])(\\d(?:[\\d.,{NBSP}]*\\d)?)[ ]+(?=[{LOWER}{UPPER}%])"),
        lambda m: m.group(1) + NBSP,
    ),
)
