"""The Kazakh normaliser rules (applied between the shared spacing and number rules).

Conventions: one dash, a spaced en dash with a no-break space before it; « » outside and
“ ” inside (CLDR kk); a number keeps the word after it on its line (1 мамыр, 365 мүшесі).
"""

from __future__ import annotations

import re

from .normalise import LOWER, NBSP, UPPER, QuoteRule, Rule

DASH = "\u2013"

RULES: tuple[Rule | QuoteRule, ...] = (
    Rule(
        "one dash convention (spaced en dash, no-break space before)",
        re.compile(
            f"[ {NBSP}]+[\u2014\u2013\u2012\u2015-]+[ {NBSP}]+"
            f"|(?<=[{LOWER}{UPPER}])[\u2014\u2013\u2015](?=[{LOWER}{UPPER}])"
        ),
        f"{NBSP}{DASH} ",
    ),
    QuoteRule(outer=("«", "»"), inner=("“", "”")),
    Rule(
        "no-break space after a number",
        re.compile(f"(?<![\\d.,])(\\d(?:[\\d.,{NBSP}]*\\d)?)[ ]+(?=[{LOWER}{UPPER}%])"),
        lambda m: m.group(1) + NBSP,
    ),
)
