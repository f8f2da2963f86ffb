"""Propose facts from an article: numbers with their units, years, dates and « » quotations.

Every suggestion quotes the normalised article (its ``source`` is cut from the very text that
loading checks against) and is verified by the same parser that loads facts.toml, so what is
printed loads as it is. The suggestions are a starting point: people choose, rename and
rephrase; nothing here decides what an event's key figures are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from ..errors import InputError
from .article import Article
from .facts import Fact, parse_facts

_SPACE = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"(?<![\w.,])(?<![^\W\d_]-)(\d{{1,3}}(?:[{_SPACE}]\d{{3}})+|\d+)(?:[.,]\d+)?(?:-[^\W\d_]+)?(?:[{_SPACE}]?%)?(?!\d)"
)
# A clause ends at sentence punctuation, a comma, a colon or a spaced dash.
_CLAUSE_END = re.compile(rf"[.!?;:,](?=[{_SPACE}]|$)|[{_SPACE}][\u2013\u2014][{_SPACE}]")
_QUOTE = re.compile(r"«([^«»]{8,}?)»")
_WORD = re.compile(r"\S+")
# Words that make a number a lower bound ("471-ден астам", "более 300"): printed as 471+.
_MORE = {"астам", "артық", "аса", "более", "свыше", "больше", "над"}
_ABOUT = {"жуық", "шамамен", "около", "примерно", "почти", "порядка"}
_YEAR_WORDS = ("жыл", "год", "г.")
# Words that scale a number ("45 мың", "2,5 миллиона"): printed with it.
_SCALES = ("мың", "млн", "миллион", "млрд", "миллиард", "тыс", "тысяч")
_QUOTE_CAPTION = {"kk": "Дәйексөз", "ru": "Цитата"}
_TRANSLIT = dict(
    zip(
        "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә",
        "a b v g g d e e zh z i i k q l m n n o o p r s t u u u f h h ts ch sh sch - y i - e yu ya a".split(),
        strict=True,
    )
)


@dataclass(frozen=True)
class Suggestion(Fact):
    """A proposed fact and where it came from (paragraph number, 1 = the title)."""

    paragraph: int = 0

    def toml(self) -> str:
        value = self.value if isinstance(self.value, int | float) else _q(self.value)
        return (
            f"# paragraph {self.paragraph}\n[[facts]]\nid = {_q(self.id)}\nkind = {_q(self.kind)}\n"
            f"value = {value}\nprint = {_q(self.print)}\ncaption = {_q(self.caption)}\n"
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
    return re.compile(
        rf"(?<!\d)(?:\d{{4}}[{_SPACE}]жылғы[{_SPACE}])?\d{{1,2}}[{_SPACE}](?:{alternatives})"
        rf"(?:[{_SPACE}]\d{{4}}(?:[{_SPACE}]года?)?)?(?![^\W\d_])",
        re.IGNORECASE,
    )


def _slug(text: str) -> str:
    out = "".join(_TRANSLIT.get(c, c) for c in text.lower())
    return re.sub(r"[^a-z0-9]+", "_", out.replace("-", "")).strip("_")[:20]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause end before it to the next."""
    left = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        left = m.end()
    m = _CLAUSE_END.search(text, end)
    right = m.start() if m else len(text)
    return left, max(right, end)


def _fragment(text: str, start: int, end: int, before: int = 2, after: int = 4) -> str:
    """A few words either side of text[start:end], inside its clause, as the article has them."""
    left, right = _clause(text, start, end)
    words_before = list(_WORD.finditer(text, left, start))[-before:] if before else []
    words_after = list(_WORD.finditer(text, end, right))[:after]
    a = words_before[0].start() if words_before else start
    b = words_after[-1].end() if words_after else end
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


def _candidates(text: str, n: int, lang: str) -> list[Suggestion]:
    """Every fact a paragraph offers; ids are the bases that ``suggest_facts`` makes unique."""
    found: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    for m in _months().finditer(text):
        taken.append(m.span())
        # What the date is ("1 мамыр – Бірлік күні"): the clause after it, past a dash.
        rest = re.match(rf"[{_SPACE}]*[\u2013\u2014]?[{_SPACE}]*", text[m.end() :])
        start = m.end() + (rest.end() if rest else 0)
        _, right = _clause(text, start, start)
        words = list(_WORD.finditer(text, start, right))[:6]
        end = words[-1].end() if words else m.end()
        caption = text[start:end].strip(_SPACE + ",;:«»()")
        source = text[m.start() : end].strip(_SPACE + ",;:«»()")
        if not caption:  # the date ends its clause: what comes before says what it is
            head = text[: m.start()].rstrip(_SPACE + "\u2013\u2014:,")
            words = list(_WORD.finditer(head))[-4:]
            a = words[0].start() if words else m.start()
            caption, source = head[a:], text[a : m.end()]
        date = m.group(0)
        found.append(Suggestion("date", "date", date, date, caption or date, source, paragraph=n))
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        token = m.group(0)
        value = _number(token)
        after = _words_after(text, m.end(), 4)
        before = text[: m.start()].split()[-1:] if m.start() else []
        is_year = isinstance(value, int) and 1000 <= value <= 2100 and bool(after)
        is_year = is_year and after[0].lower().startswith(_YEAR_WORDS)
        more = any(w.lower() in _MORE for w in [*after[:1], *before])
        unit = [w for w in after if w.lower() not in _MORE | _ABOUT]
        printed = token.split("-")[0]
        if unit and unit[0].lower().startswith(_SCALES):
            printed, unit = f"{printed} {unit[0]}", unit[1:]
        printed += "+" if more else ""
        if token.endswith("%") and not printed.endswith("%"):
            printed += "%"
        caption = " ".join(unit[:3]) or (
            "%" if token.endswith("%") else _fragment(text, m.start(), m.end(), 3, 0)
        )
        base = f"year_{value}" if is_year else f"{_slug(unit[0]) if unit else 'number'}_{value}"
        source = _fragment(text, m.start(), m.end())
        found.append(
            Suggestion(
                base.replace(".", "_"),
                "figure",
                value,
                printed,
                caption or token,
                source,
                paragraph=n,
            )
        )
    for m in _QUOTE.finditer(text):
        inner = m.group(1).strip()
        if len(inner.split()) < 4:
            continue  # a name in quotes («Самұрық»), not a quotation
        left, _ = _clause(text[: m.start()].rstrip(_SPACE + ":–—"), m.start(), m.start())
        said = text[left : m.start()].strip(_SPACE + ":–—,")
        caption = " ".join(said.split()[-6:]) or _QUOTE_CAPTION.get(lang, "")
        printed = inner[0].upper() + inner[1:]
        found.append(Suggestion("quote", "quote", inner, printed, caption, m.group(0), paragraph=n))
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
            parse_facts(form.toml(), article, "<suggestion>")
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
    for n, text in enumerate((article.title, *article.paragraphs), 1):
        for s in _candidates(text, n, lang):
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
        "# source must stay as the article has them.\n"
    )
    return head + "".join("\n" + s.toml() for s in suggestions)
