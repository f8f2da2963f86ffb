"""Propose facts from an article: counts and amounts with their units, dates and « » quotations.

Numbers that name or order things (№ 12, 5-сынып, house numbers), times, the ends of ranges and
years used as dates are not proposed (content/phrases.py says how they are told apart), nor
anything inside a web or e-mail address or a telephone number; « » followed by the noun it names
(«…» жинағы) is a title, not a quotation.
Captions are a short noun phrase from the article; where none is found the caption is left
empty with a TODO for the user, rather than filled with a fragment of the sentence.

Every suggestion quotes the normalised article (its ``source`` is cut from the very text that
loading checks against) and is verified by the same parser that loads facts.toml, so what is
printed loads as it is once the empty captions are written. The suggestions are a starting point: people choose, rename and
rephrase; nothing here decides what an event's key figures are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from ..errors import InputError
from .article import Article
from .facts import Fact, parse_facts
from .latin import to_ascii
from .phrases import (
    CLAUSE_END,
    is_title,
    is_verb,
    kk_nouns,
    not_prose,
    noun_phrase,
    phrase_before,
    skip_reason,
    speaker,
    unit_and_caption,
)

_SPACE = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"(?<![\w.,:])(?<![^\W\d_]-)(\d{{1,3}}(?:[{_SPACE}]\d{{3}})+|\d+)(?:[.,]\d+)?(?:-[^\W\d_]+)?(?:[{_SPACE}]?%)?(?!\d)"
)
_QUOTE = re.compile(r"«([^«»]{8,}?)»")
_WORD = re.compile(r"\S+")
_GROUPED = re.compile(rf"(?<!\d)\d{{1,3}}(?:[{_SPACE}]\d{{3}})+(?!\d)")  # 2 000, 3 400 000
# Words that make a number a lower bound ("471-ден астам", "более 300"): printed as 471+.
_MORE = {"астам", "артық", "аса", "более", "свыше", "больше", "над"}
# Words that scale a number ("45 мың", "2,5 миллиона"): printed with it.
_SCALES = ("мың", "млн", "миллион", "млрд", "миллиард", "тыс", "тысяч")
# An empty caption is the user's to write: the TOML says so beside it.
_TODO = {
    "figure": "TODO: what the number counts, in a few words",
    "date": "TODO: what happens on this day",
    "quote": "TODO: who said it",
}


@dataclass(frozen=True)
class Suggestion(Fact):
    """A proposed fact and where it came from (paragraph number, 1 = the title)."""

    paragraph: int = 0

    def toml(self, caption: str | None = None) -> str:
        """The fact as facts.toml writes it; an empty caption carries a TODO comment."""
        value = self.value if isinstance(self.value, int | float) else _q(self.value)
        caption = self.caption if caption is None else caption
        todo = "" if caption else f"  # {_TODO.get(self.kind, 'TODO')}"
        return (
            f"# paragraph {self.paragraph}\n[[facts]]\nid = {_q(self.id)}\nkind = {_q(self.kind)}\n"
            f"value = {value}\nprint = {_q(self.print)}\ncaption = {_q(caption)}{todo}\n"
            f"source = {_q(self.source)}\n"
        )


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def _months() -> re.Pattern[str]:
    from babel.dates import get_month_names

    names = {
        n.lower()
        for locale in ("kk", "ru")
        for context in ("format", "stand-alone")
        for n in get_month_names("wide", context=context, locale=locale).values()
    }
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    # A day or a range of days («12–14», «с 12 по 14») and a month, with the year before
    # («2026 жылғы») or after («2026 года»); a Kazakh month may take a case ending
    # («22 наурызда», «1 мамырдағы»), which stays out of the date itself.
    day = rf"(?:(?:[сc]о?|от)[{_SPACE}]+\d{{1,2}}[{_SPACE}]+(?:по|до)[{_SPACE}]+|\d{{1,2}}[\u2013-])?\d{{1,2}}"
    ending = r"(?:да|де|та|те|ға|ге|қа|ке|дан|ден|тан|тен|нан|нен|ның|нің|дың|дің|тың|тің|ы|і|дағы|дегі|тағы|тегі|ғы|гі|қы|кі)?"
    return re.compile(
        rf"(?<![\d\w])(?P<date>(?:\d{{4}}[{_SPACE}]жылғы[{_SPACE}])?{day}[{_SPACE}](?:{alternatives})"
        rf"(?:[{_SPACE}]\d{{4}}(?:[{_SPACE}]года?|[{_SPACE}]г\.)?)?){ending}(?![^\W\d_])",
        re.IGNORECASE,
    )


# «с 23 по 29 марта», «от 1 до 5 июня»: a range of days the article opens with a preposition.
_FROM_TO = re.compile(rf"(?:[сc]о?|от)[{_SPACE}]+(\d{{1,2}})[{_SPACE}]+(?:по|до)[{_SPACE}]+", re.I)


def _date_forms(date: str) -> tuple[str, str]:
    """A date's value (the article's words without a leading preposition: «23 по 29 марта»)
    and its printed form (a range as the normaliser sets one: «23–29 марта»)."""
    m = _FROM_TO.match(date)
    if not m:
        return date, date
    return date[m.start(1) :], f"{m.group(1)}\u2013{date[m.end() :]}"


def _slug(text: str) -> str:
    """An id's base in ASCII from the article's words (жәдігер → jadiger, as --ascii-names)."""
    return re.sub(r"[^a-z0-9]+", "_", to_ascii(text).lower().replace("-", "")).strip("_")[:20]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause end before it to the next."""
    left = 0
    for m in CLAUSE_END.finditer(text, 0, start):
        left = m.end()
    m = CLAUSE_END.search(text, end)
    right = m.start() if m else len(text)
    return left, max(right, end)


def _fragment(text: str, start: int, end: int, before: int = 2, after: int = 4) -> str:
    """A few words either side of text[start:end], inside its clause, as the article has them."""
    left, right = _clause(text, start, end)
    words_before = list(_WORD.finditer(text, left, start))[-before:] if before else []
    words_after = list(_WORD.finditer(text, end, right))[:after]
    a = words_before[0].start() if words_before else start
    b = words_after[-1].end() if words_after else end
    # A grouped number is one word, though its spaces split it: «000 до 15 000 ₸» quoted
    # from «от 2 000 до 15 000 ₸» is cut inside «2 000».
    for m in _GROUPED.finditer(text, left, right):
        if m.start() < a < m.end():
            a = m.start()
        if m.start() < b < m.end():
            b = m.end()
    return text[a:b].strip(_SPACE + ",;:«»\"'()")


def _words_after(text: str, end: int, count: int) -> list[str]:
    _, right = _clause(text, end, end)
    return [w.strip(",;:«»()") for w in text[end:right].split()][:count]


class _Ids:
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, base: str) -> str:
        base = base if re.match(r"[a-z]", base or "") else f"fact_{base}".rstrip("_")
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}_{n}", n + 1
        self.seen.add(candidate)
        return candidate


def _number(raw: str) -> int | float:
    digits = re.sub(rf"[{_SPACE}%]", "", raw.split("-")[0]).replace(",", ".")
    return float(digits) if "." in digits else int(digits)


def _date_caption(
    text: str, m: re.Match[str], lang: str, nouns: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """What a date is and the article's words for it: the phrase after it, past a dash
    («1 мамыр – Бірлік күні»), else before it; no phrase, an empty caption."""
    rest = re.match(rf"[{_SPACE}]*[\u2013\u2014]?[{_SPACE}]*", text[m.end() :])
    start = m.end() + (rest.end() if rest else 0)
    _, right = _clause(text, start, start)
    words = list(_WORD.finditer(text, start, right))
    if lang == "ru" and len(words) > 1 and is_verb(words[0].group(0), lang):
        words = words[1:]  # «15 мая прошла ярмарка»: the noun after the verb says what
    limit = 6 if rest and rest.group(0).strip() else 3  # after a dash: the day's name
    phrase = noun_phrase([w.group(0) for w in words], lang, limit, nouns)
    if phrase:
        end = words[len(phrase) - 1].end()
        caption = " ".join(phrase)
        if caption.count("«") != caption.count("»"):
            caption = caption.replace("«", "").replace("»", "")
        return caption, text[m.start() : end].strip(_SPACE + ",;:«»()")
    # «Открытие состоится 12 октября»: what happens that day is who does the verb.
    before = phrase_before(text, m.start(), lang, any_verb=True, nouns=nouns)
    if before:
        a = text.rindex(before.split()[0], 0, m.start())
        return before, text[a : m.end()]
    return "", m.group(0)


def _candidates(
    text: str, n: int, lang: str, nouns: frozenset[str] = frozenset()
) -> list[Suggestion]:
    """Every fact a paragraph offers; ids are the bases that ``suggest_facts`` makes unique;
    ``nouns``: the article's words that look case-marked but are not (``kk_nouns``)."""
    found: list[Suggestion] = []
    # Nothing inside a web or e-mail address or a telephone number is a figure or a date.
    taken = not_prose(text)
    for m in _months().finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        taken.append(m.span())
        caption, source = _date_caption(text, m, lang, nouns)
        value, printed = _date_forms(m.group("date"))
        found.append(Suggestion("date", "date", value, printed, caption, source, paragraph=n))
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        token = m.group(0)
        if skip_reason(text, m.start(), m.end(), token, lang):
            continue  # № 12, 5-сынып, 10:00, 12–14, 2025 жылы: not a key figure
        value = _number(token)
        before = text[: m.start()].split()[-1:] if m.start() else []
        units, caption = unit_and_caption(text, m.start(), m.end(), lang, nouns)
        after = _words_after(text, m.end(), 2)
        more = any(w.lower() in _MORE for w in [*after[:1], *before])
        printed = token.split("-")[0]
        if units and units[0].lower().startswith(_SCALES):
            printed, units = f"{printed} {units[0]}", units[1:]
        for unit in units:
            printed += unit if unit == "%" else f" {unit}"
        printed += "+" if more else ""
        if token.endswith("%") and "%" not in printed:
            printed += "%"
        base = f"{_slug(caption.split()[0]) if caption else 'number'}_{value}"
        source = _fragment(text, m.start(), m.end())
        if caption and caption not in source:  # the caption came from before the number
            a = text.rfind(caption, 0, m.start())
            source = text[a : m.end()] if a >= 0 else source
        found.append(
            Suggestion(
                base.replace(".", "_"), "figure", value, printed, caption, source, paragraph=n
            )
        )
    for m in _QUOTE.finditer(text):
        inner = m.group(1).strip()
        if len(inner.split()) < 4 or is_title(text, m.start(), m.end(), lang):
            continue  # a name in quotes («Самұрық»), a theme or a title: not a quotation
        printed = inner[0].upper() + inner[1:]
        who = speaker(text, m.start(), m.end(), lang)
        found.append(Suggestion("quote", "quote", inner, printed, who, m.group(0), paragraph=n))
    return found


def _verifies(s: Suggestion, article: Article) -> Suggestion | None:
    """The suggestion as the facts loader accepts it, or None when no form of it does."""
    values: list[int | float | str] = [s.value]
    if not isinstance(s.value, str):
        # A grouped or decimal number ("1 500", "2,5") is matched as the article writes it.
        raw = re.search(r"\d[\d\s\u00a0\u202f.,]*\d|\d", s.print)
        values.append(raw.group(0) if raw else s.print)
    forms = []
    for value in values:
        form = replace(s, value=value)
        # Plain spaces read better and the loader's normaliser puts the no-break ones back;
        # where it would not, keep them.
        plain = {k: getattr(form, k) for k in ("value", "print", "caption", "source")}
        plain = {k: v.replace("\u00a0", " ") if isinstance(v, str) else v for k, v in plain.items()}
        forms += [replace(form, **plain), form]
    for form in forms:
        try:
            # An empty caption is for the user to write; the rest must load as it is.
            parse_facts(form.toml(form.caption or "-"), article, "<suggestion>")
            return form
        except InputError:
            continue
    return None


def suggest_facts(article: Article, lang: str | None = None) -> list[Suggestion]:
    """Every fact the article offers, each verified against it, in reading order."""
    lang = lang or getattr(article, "lang", None) or "kk"
    ids = _Ids()
    out: list[Suggestion] = []
    dates: set[str] = set()
    texts = (article.title, *article.paragraphs)
    nouns = kk_nouns("\n".join(texts)) if lang == "kk" else frozenset()
    for n, text in enumerate(texts, 1):
        for s in _candidates(text, n, lang, nouns):
            if s.kind == "date" and str(s.value).replace("\u00a0", " ") in dates:
                continue  # the same date again: its first mention says it
            if (ok := _verifies(s, article)) is not None:
                out.append(replace(ok, id=ids(ok.id)))
                if ok.kind == "date":
                    dates.add(str(ok.value).replace("\u00a0", " "))
    return out


def suggestions_toml(article: Article, suggestions: list[Suggestion]) -> str:
    """The suggestions as a facts.toml to choose from (it loads as it is)."""
    head = (
        f"# Facts suggested from {article.source} by `generator facts suggest`:\n"
        f"# {len(suggestions)}, each verified against the article. Keep the ones you want, name\n"
        "# them in [roles] (headline, quote, chart…), and edit print and caption; value and\n"
        "# source must stay as the article has them. A caption left empty (# TODO) is yours to\n"
        "# write: the file loads once each is written or its fact removed.\n"
    )
    return head + "".join("\n" + s.toml() for s in suggestions)
