"""Print normalisation: spacing, dashes, quotes and no-break rules, by the text's language.

Every rule changes only spaces and punctuation, never a letter or a digit; each change is
recorded so that a person can review what the tool did to their text (`generator normalise`).
The rules shared by every language are here; each language's own rules are in its module
(``rules_kk.py``, ``rules_ru.py``), listed in :data:`RULESETS` order by language code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from re import _constants as k  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

NBSP = "\u00a0"

# Letters of Kazakh (Cyrillic and the 2021 Latin alphabet) and Russian.
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÄĞİÑÖŞŪÜ"
LOWER = "a-zа-яёәғқңөұүһіäğıñöşūü"


@dataclass(frozen=True)
class Change:
    """One edit the normaliser made: the rule, where (line), and a snippet before and after."""

    rule: str
    line: int
    before: str
    after: str
    note: bool = False  # reported for the author to look at, the text left as written

    def __str__(self) -> str:
        # A no-break space is invisible: show it as ⍽ so the change can be seen.
        before, after = (t.replace(NBSP, "⍽") for t in (self.before, self.after))
        if self.note:
            return f"line {self.line}: note: {self.rule}: {before!r}"
        return f"line {self.line}: {self.rule}: {before!r} → {after!r}"


def _snippet(text: str, start: int, end: int, pad: int = 12) -> str:
    return text[max(0, start - pad) : end + pad].replace("\n", " ")


@dataclass(frozen=True)
class Rule:
    """A regular-expression rule: every match is replaced (a string or a function of the match)."""

    name: str
    pattern: re.Pattern[str]
    repl: str | Callable[[re.Match[str]], str]

    def apply(self, text: str, line: int, changes: list[Change]) -> str:
        pieces: list[str] = []
        pos = 0
        for m in self.pattern.finditer(text):
            new = self.repl if isinstance(self.repl, str) else self.repl(m)
            if new == m.group(0):
                continue
            pieces.append(text[pos : m.start()])
            pieces.append(new)
            after_start = sum(len(p) for p in pieces) - len(new)
            pos = m.end()
            rebuilt = "".join(pieces) + text[pos:]
            changes.append(
                Change(
                    self.name,
                    line,
                    _snippet(text, m.start(), m.end()),
                    _snippet(rebuilt, after_start, after_start + len(new)),
                )
            )
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)


_QUOTES = frozenset('"«»„“”')


@dataclass(frozen=True)
class QuoteRule:
    """Quotation marks by nesting depth: ``outer`` pair at depth 0, ``inner`` pair inside.

    Straight and curly quotes are decided by their neighbours (an opener follows a space, a
    bracket or a dash); the result has the same length as the text, so changes are per mark.
    """

    outer: tuple[str, str]
    inner: tuple[str, str]

    @property
    def name(self) -> str:
        return f"{' '.join(self.outer)} outside, {' '.join(self.inner)} inside"

    def fix(self, text: str) -> str:
        out: list[str] = []
        opened: list[str] = []  # the source's opening marks still open, innermost last
        for i, ch in enumerate(text):
            if ch not in _QUOTES:
                out.append(ch)
                continue
            depth = len(opened)
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if ch in "«„":
                opening = True
            elif ch in "»”":
                opening = False
            elif ch == "“" and opened and opened[-1] == "„":
                opening = False  # „…“: the German and Russian pair
            else:  # '"' and '“' depend on context: “ opens in English style
                opening = (
                    prev.isspace()
                    or prev in "([«„“–—"
                    or (
                        not nxt.isspace()
                        and not prev.isalnum()
                        and prev not in ".,;:!?"
                        # after a bracket or before a stop, an open quotation closes:
                        # "Қазақтелеком (ҚТ)", "Ақ"
                        and not (depth and (prev in ")]" or nxt in ".,;:!?)]"))
                    )
                )
                if ch == "“" and depth == 0:
                    opening = True
                elif ch == "“" and depth >= 2 and self.inner[1] == "“" and not prev.isspace():
                    opening = False  # Russian „…“: inside an inner quotation “ closes it
            pair = self.outer if depth == 0 or (not opening and depth == 1) else self.inner
            if opening:
                out.append(pair[0])
                opened.append(ch)
            else:
                if opened:
                    opened.pop()
                out.append(pair[1])
        return "".join(out)

    def apply(self, text: str, line: int, changes: list[Change]) -> str:
        quoted = self.fix(text)
        if quoted == text:
            return text
        for i, (a, b) in enumerate(zip(text, quoted, strict=True)):
            if a != b:
                changes.append(
                    Change(self.name, line, _snippet(text, i, i + 1), _snippet(quoted, i, i + 1))
                )
        return quoted


AnyRule = Rule | QuoteRule

# The top-level domains a bare address (no scheme, no www.) is recognised by.
DOMAINS = ("kz", "қаз", "ru", "com", "org", "net", "gov", "edu", "info", "io")
# A web or e-mail address: never spaced, never cut (its dots are not full stops).
ADDRESS = re.compile(
    '(?:https?://|www\\.)[^\\s«»"“”()<>]+[^\\s«»"“”()<>.,;:!?]'
    "|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"
    f"|(?<![\\w.])[\\w-]+(?:\\.[\\w-]+)*\\.(?:{'|'.join(DOMAINS)})(?![\\w])",
    re.IGNORECASE,
)


def in_address(m: re.Match[str]) -> bool:
    """Whether the match lies inside a web or e-mail address (the token around it is one)."""
    text = m.string
    start = max(text.rfind(" ", 0, m.start()), text.rfind(NBSP, 0, m.start())) + 1
    end = len(text)
    for space in (" ", NBSP):
        found = text.find(space, m.end())
        if found != -1:
            end = min(end, found)
    return any(a.start() <= m.start() - start for a in ADDRESS.finditer(text[start:end]))


# Convention: a sentence's stop is followed by a space (but not inside an address).
def space_after_stop(m: re.Match[str]) -> str:
    return m.group(0) if in_address(m) else m.group(1) + " "


# Convention (Unicode, and every print house): an ellipsis is one character, U+2026.
def one_ellipsis(m: re.Match[str]) -> str:
    return "…"


# Convention (Мильчин, Справочник издателя и автора): punctuation follows its word unspaced.
def no_space_before_punctuation(m: re.Match[str]) -> str:
    return m.group(1)


# Convention (ibid.): no space inside parentheses or brackets.
def no_space_inside_brackets(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2)


# Shared by every language, and applied first: the spaces every later rule relies on.
SPACING: tuple[Rule, ...] = (
    Rule("thin and narrow spaces become no-break spaces", re.compile("[\u202f\u2009]"), NBSP),
    Rule("runs of spaces become one", re.compile("(?<=\\S)[ \t]{2,}(?=\\S)"), " "),
    Rule(
        "space after a sentence's full stop",
        # '"' too: the quote rule, applied later, makes it a closing » (stable on a re-run).
        re.compile(f'(?<=[{LOWER}{UPPER}0-9»”“")])([.!?])(?=[{UPPER}«„“])'),
        space_after_stop,
    ),
    Rule(
        "an ellipsis is one character", re.compile("(?<!\\.)(?:\\.[ ]?){2}\\.(?!\\.)"), one_ellipsis
    ),
    Rule(
        "no space before a comma, stop, colon or semicolon",
        re.compile("(?<=[\\w»”)…])[ ]+([,.;:!?…])(?![\\w])"),
        no_space_before_punctuation,
    ),
    Rule(
        "no space inside parentheses",
        re.compile("([(\\[])[ ]+|[ ]+([)\\]])"),
        no_space_inside_brackets,
    ),
)

# Convention (Unicode: U+2019 is the preferred apostrophe; Russian and English typesetting
# alike, Д’Артаньян, O’Connor, Musketeers’): a straight apostrophe after a letter is
# typographic. One at a word's end stays straight when a straight mark opens a quotation in
# the same text ('сөз'), which is not guessed at. Record fields get the same
# (compose.render.tidy_record).
APOSTROPHE = re.compile("(?<=[^\\W\\d_])'")
_OPENS = re.compile("(?:^|(?<=[\\s(\\[«„“]))'(?=\\w)")


def typographic_apostrophe(m: re.Match[str]) -> str:
    text, end = m.string, m.end()
    inside = end < len(text) and text[end].isalpha()
    if in_address(m) or (not inside and _OPENS.search(text)):
        return m.group(0)
    return "\u2019"


MARKS: tuple[Rule, ...] = (
    Rule("a straight apostrophe after a letter becomes ’", APOSTROPHE, typographic_apostrophe),
)  # shared, after SPACING


def phone_number(space: str) -> re.Pattern[str]:
    """A telephone number, its groups parted by a character of ``space`` or a hyphen: international
    (+7 7182 00 00 00) or with its trunk code in parentheses (8 (7212) 41-15-20)."""
    return re.compile(
        f"(?<![\\w+])(?:\\+\\d{{1,3}}|8(?=[{space}]?\\(\\d))"
        f"(?:[{space}-]?(?:\\(\\d{{2,5}}\\)|\\d{{2,5}}))+(?![\\w])"
    )


# Shared, applied after each language's rules: digits grouped by spaces (2 500 000) and a
# number before its unit, currency or per cent sign stay on one line.
NUMBERS: tuple[Rule, ...] = (
    # Convention (as for grouped digits; ITU-T E.123 writes a number in spaced groups): a
    # telephone number, international (+7 7182 00 00 00) or with its trunk code in
    # parentheses (8 (7212) 41-15-20), is read as one and not split over two lines.
    Rule(
        "a telephone number is not split",
        phone_number(" "),
        lambda m: m.group(0).replace(" ", NBSP),
    ),
    Rule(
        "no-break space inside a grouped number",
        re.compile("(?<![\\d.,])(\\d{1,3})((?:[ ]\\d{3})+)(?![\\d])"),
        lambda m: m.group(1) + m.group(2).replace(" ", NBSP),
    ),
    Rule(
        "no-break space before a currency, per cent or degree sign",
        re.compile("(?<=\\d)[ ]+(?=[%‰°₸₽$€£])"),
        NBSP,
    ),
    # The same convention with a scale word between: «2,4 млрд ₸», «850 млн ₸», «5 тыс. ₽» are
    # one amount, and «млрд» must not end a line with «₸» on the next.
    Rule(
        "no-break space before a currency sign after млн, млрд, мың, тыс.",
        re.compile("(\\d[ \u00a0](?:млн|млрд|трлн|мың|млн\\.|млрд\\.|тыс\\.))[ ]+(?=[₸₽$€£])"),
        lambda m: m.group(1) + NBSP,
    ),
    Rule(
        "no-break space after № and §", re.compile("([№§])[ ]*(?=\\d)"), lambda m: m.group(1) + NBSP
    ),
)


# Of what a rule's pattern cannot match without, its trigger is what takes the fewest of these
# characters of names (a digit or a stop, not a space or a letter): most of a record's rules
# are then passed over.
_NAMES = "Айгерім Сейтқалиқызы-Нұрланова Maria O'Connor Жанна Әбілқайырқызы Серік Ғалымжанұлы"
_CODES = {ord(c): _NAMES.count(c) for c in set(_NAMES)}
_CATEGORIES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "DIGIT": ("\\d", str.isdecimal),
    "SPACE": ("\\s", str.isspace),
    "WORD": ("\\w", lambda c: c.isalnum() or c == "_"),
}
# A character a pattern consumes: its [class], and how many of _NAMES' characters it takes.
_Class = tuple[str, int]


def _class(op: object, av: Any) -> _Class | None:
    """The class of a parsed pattern item that consumes one character, else None."""
    if op is k.LITERAL or op is k.NOT_LITERAL:
        negated, items = op is k.NOT_LITERAL, [(k.LITERAL, av)]
    elif op is k.IN:
        negated = bool(av) and av[0][0] is k.NEGATE
        items = av[negated:]
    else:
        return None
    inside: list[str] = []
    codes: set[int] = set()
    for kind, value in items:
        name = str(value)[9:]  # CATEGORY_DIGIT, CATEGORY_NOT_SPACE…
        if kind is k.LITERAL:
            inside.append(f"\\U{value:08x}")
            codes.add(value)
        elif kind is k.RANGE:
            inside.append(f"\\U{value[0]:08x}-\\U{value[1]:08x}")
            codes.update(c for c in _CODES if value[0] <= c <= value[1])
        elif kind is k.CATEGORY and name.removeprefix("NOT_") in _CATEGORIES:
            sign, test = _CATEGORIES[name.removeprefix("NOT_")]
            inside.append(sign.upper() if name.startswith("NOT_") else sign)
            codes.update(c for c in _CODES if test(chr(c)) != name.startswith("NOT_"))
        else:
            return None
    takes = sum(n for c, n in _CODES.items() if (c in codes) != negated)
    return f"[{'^' if negated else ''}{''.join(inside)}]", takes


def _repeat(op: object, av: Any) -> tuple[int, int, Any] | None:
    if op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT) and av[0] >= 1:
        return av
    return None


def _plain(op: object, av: Any) -> Any:
    """The items of a group that keeps the pattern's case, else None."""
    if op is k.SUBPATTERN and not av[1] & (re.IGNORECASE | re.LOCALE):
        return av[3]
    return av if op is k.ATOMIC_GROUP else None


def _run(items: Any) -> list[_Class] | None:
    """The characters a parsed sequence consumes, one after the other, when it is only such
    characters (a repetition a fixed number of times; zero-width tests that see nothing, as
    ``(?!…)`` and ``^``, pass), else None."""
    run: list[_Class] = []
    for op, av in items:
        one, repeat, group = _class(op, av), _repeat(op, av), _plain(op, av)
        if one is not None:
            run.append(one)
        elif repeat is not None and repeat[0] == repeat[1] <= 3 and (sub := _run(repeat[2])):
            run.extend(sub * repeat[0])
        elif group is not None and (sub := _run(group)) is not None:
            run.extend(sub)
        elif op not in (k.ASSERT_NOT, k.AT):
            return None
    return run


def _needed(items: Any) -> list[list[_Class]] | None:
    """Runs of characters one of which every text the parsed pattern matches in contains (a
    match consumes it, or a positive lookaround sees it), or None when none is read. A
    sequence, each of whose parts must match, needs any one of: its runs of consumed
    characters, what its groups, alternatives and lookarounds need; the one that takes the
    fewest characters of names is taken."""
    found: list[list[list[_Class]]] = []
    run: list[_Class] = []

    def close() -> None:
        if run:
            found.append([run[:]])
            run.clear()

    for op, av in items:
        one, repeat, group = _class(op, av), _repeat(op, av), _plain(op, av)
        need = None
        if one is not None:
            run.append(one)
            continue
        if repeat is not None:
            whole = _run(repeat[2])
            if whole:
                run.extend(whole * min(repeat[0], 3))
                if repeat[1] != repeat[0] or repeat[0] > 3:  # the run goes on after the last
                    close()
                    run.extend(whole)
                continue
            need = _needed(repeat[2])
        elif group is not None:
            whole = _run(group)
            if whole is not None:
                run.extend(whole)
                continue
            need = _needed(group)
        elif op in (k.ASSERT_NOT, k.AT):  # zero-width: what is on either side touches
            continue
        elif op is k.ASSERT:  # a positive lookahead or lookbehind: the text has it
            need = _needed(av[1])
        elif op is k.BRANCH:
            each = [_needed(branch) for branch in av[1]]
            need = None if None in each else [r for b in each for r in b]  # type: ignore[union-attr]
        close()
        if need:
            found.append(need)
    close()
    if not found:
        return None
    return min(found, key=lambda n: (sum(min(t for _, t in r) for r in n), -min(map(len, n))))


def trigger(rule: AnyRule) -> re.Pattern[str] | None:
    """A pattern found in every text the rule can change (None: any text): where it is not
    found, the rule is passed over. Derived from the rule's own pattern (the quote rule: a
    quotation mark), so it cannot disagree with it."""
    if isinstance(rule, QuoteRule):
        return re.compile(f"[{''.join(sorted(_QUOTES))}]")
    if rule.pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        need = _needed(_parser.parse(rule.pattern.pattern, rule.pattern.flags))
    except Exception:  # a construct this reading does not know: the rule always runs
        return None
    return re.compile("|".join("".join(c for c, _ in r) for r in need)) if need else None


_Search = Callable[[str], object]


@cache
def _steps(lang: str) -> tuple[_Search | None, tuple[tuple[AnyRule, _Search | None], ...]]:
    """The search of any rule's :func:`trigger` (None: some rule has none), and the
    language's rules each with the search of its own."""
    rules = rules_for(lang)
    triggers = [trigger(rule) for rule in rules]
    steps = tuple(
        (r, t.search if t is not None else None) for r, t in zip(rules, triggers, strict=True)
    )
    if None in triggers:
        return None, steps
    return re.compile("|".join(t.pattern for t in triggers)).search, steps  # type: ignore[union-attr]


@cache
def rules_for(lang: str) -> Sequence[AnyRule]:
    """Every rule applied to a text in ``lang``, in order."""
    if lang not in ("kk", "ru"):
        raise ValueError(f"no normaliser rules for language {lang!r}")
    # Only the language's own module: each compiles its patterns when imported.
    from importlib import import_module

    own = import_module(f".rules_{lang}", __package__).RULES
    return (*SPACING, *MARKS, *own, *NUMBERS)


# What may end a paragraph: a stop, or a closing quote or bracket after one.
_FINAL = re.compile("[.!?…:;][»”“)]*$|[»”“)]$")


def normalise(
    text: str, *, line: int = 1, lang: str = "kk", paragraph: bool = False
) -> tuple[str, list[Change]]:
    """Return the text set for print and the list of changes made (``line`` numbers them).

    A ``paragraph`` (not a title) that ends without a full stop is reported as a note and
    left as the author wrote it.
    """
    changes: list[Change] = []
    text = text.strip()
    # A rule can make work for an earlier one (a straight quote becomes » before a glued
    # sentence), so the rules run again until the text is stable: normalising twice is
    # normalising once. A rule whose trigger the text lacks cannot change it: it is passed
    # over, and a text with no rule's trigger (most names) is as the rules leave it.
    every, steps = _steps(lang)
    for _ in range(3):
        if every is not None and every(text) is None:
            break
        before = text
        for rule, found in steps:
            if found is None or found(text) is not None:
                text = rule.apply(text, line, changes)
        if text == before:
            break
    if paragraph and text and not _FINAL.search(text):
        tail = text[-24:]
        changes.append(Change("paragraph ends without a full stop", line, tail, tail, note=True))
    return text, changes


def normalise_plain(text: str, lang: str = "kk") -> str:
    """The normalised text alone."""
    return normalise(text, lang=lang)[0]
