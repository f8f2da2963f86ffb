"""Print normalisation of Kazakh text: spacing, dashes, quotes and no-break rules.

Every rule changes only spaces and punctuation, never a letter or a digit; each change is
recorded so that a person can review what the tool did to their text (`generator normalise`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

NBSP = "\u00a0"
DASH = "\u2013"  # the one dash convention: a spaced en dash, no-break space before it

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"


@dataclass(frozen=True)
class Change:
    """One edit the normaliser made: the rule, where (line), and a snippet before and after."""

    rule: str
    line: int
    before: str
    after: str

    def __str__(self) -> str:
        # A no-break space is invisible: show it as ⍽ so the change can be seen.
        before, after = (t.replace(NBSP, "⍽") for t in (self.before, self.after))
        return f"line {self.line}: {self.rule}: {before!r} → {after!r}"


_Rule = tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]]

# Order matters: spaces first, then dashes (which need the spaces), then quotes, then no-break.
_RULES: list[_Rule] = [
    ("thin and narrow spaces become no-break spaces", re.compile("[\u202f\u2009]"), NBSP),
    ("runs of spaces become one", re.compile("(?<=\\S)[ \t]{2,}(?=\\S)"), " "),
    (
        "space after a sentence's full stop",
        re.compile(f"(?<=[{_LOWER}{_UPPER}0-9»”)])([.!?])(?=[{_UPPER}«“])"),
        lambda m: m.group(1) + " ",
    ),
    (
        "one dash convention (spaced en dash, no-break space before)",
        re.compile(
            f"[ {NBSP}]+[\u2014\u2013\u2012\u2015-]+[ {NBSP}]+"
            f"|(?<=[{_LOWER}{_UPPER}])[\u2014\u2013\u2015](?=[{_LOWER}{_UPPER}])"
        ),
        f"{NBSP}{DASH} ",
    ),
]


_OPENERS = "«„“"
_CLOSERS = "»”"
_QUOTES = re.compile('["«»„“”]')


def _fix_quotes(text: str) -> str:
    """« » outside, “ ” inside, decided by nesting depth and by the neighbouring characters."""
    out: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if not _QUOTES.fullmatch(ch):
            out.append(ch)
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in "«„":
            opening = True
        elif ch in "»”":
            opening = False
        else:  # '"' and '“' depend on context: “ is an opener in English style, a closer after „
            opening = (
                prev.isspace()
                or prev in "([" + _OPENERS + DASH
                or (not nxt.isspace() and not prev.isalnum() and prev not in ".,;:!?")
            )
            if ch == "“" and depth == 0:
                opening = True
        if opening:
            out.append("«" if depth == 0 else "“")
            depth += 1
        else:
            depth = max(depth - 1, 0)
            out.append("»" if depth == 0 else "”")
    return "".join(out)


# A number keeps the word after it on the same line (1 мамыр, 365 мүшесі, 50 елдің), and
# № keeps its number.
_NUMBER_WORD = re.compile(f"(?<![\\d.,])(\\d(?:[\\d.,{NBSP}]*\\d)?)[ ]+(?=[{_LOWER}{_UPPER}%])")
_NUMERO = re.compile("№[ ]*(?=\\d)")


def _snippet(text: str, start: int, end: int, pad: int = 12) -> str:
    return text[max(0, start - pad) : end + pad].replace("\n", " ")


def normalise(text: str, *, line: int = 1) -> tuple[str, list[Change]]:
    """Return the text set for print and the list of changes made (``line`` numbers them)."""
    changes: list[Change] = []

    def apply(rule: str, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]):
        nonlocal text
        pieces: list[str] = []
        pos = 0
        for m in pattern.finditer(text):
            new = repl if isinstance(repl, str) else repl(m)
            if new == m.group(0):
                continue
            pieces.append(text[pos : m.start()])
            pieces.append(new)
            after_start = sum(len(p) for p in pieces) - len(new)
            pos = m.end()
            rebuilt = "".join(pieces) + text[pos:]
            changes.append(
                Change(
                    rule,
                    line,
                    _snippet(text, m.start(), m.end()),
                    _snippet(rebuilt, after_start, after_start + len(new)),
                )
            )
        if pieces:
            pieces.append(text[pos:])
            text = "".join(pieces)

    text = text.strip()
    for rule, pattern, repl in _RULES:
        apply(rule, pattern, repl)
    quoted = _fix_quotes(text)
    if quoted != text:
        for i, (a, b) in enumerate(zip(text, quoted, strict=True)):
            if a != b:
                changes.append(
                    Change(
                        "« » outside, “ ” inside",
                        line,
                        _snippet(text, i, i + 1),
                        _snippet(quoted, i, i + 1),
                    )
                )
        text = quoted
    apply("no-break space after a number", _NUMBER_WORD, lambda m: m.group(1) + NBSP)
    apply("no-break space after №", _NUMERO, "№" + NBSP)
    return text, changes


def normalise_plain(text: str) -> str:
    """The normalised text alone."""
    return normalise(text)[0]
