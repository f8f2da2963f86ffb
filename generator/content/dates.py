"""The event's date as print sets it, through Babel's locale data (month names, cases).

Two styles: ``official``, the default, is the form of Kazakh official documents, «2026 жылғы
1 мамыр» (the year in the genitive-attributive жылғы before day and month; Russian «1 мая
2026 г.»); ``press`` is the short form of posters and the press, «1 мамыр» («1 мая»). A
template chooses with ``date_style`` in [template]; an event overrides it in [event].

The date comes from ``[event] date`` (a TOML date; ``end_date`` too for an event of several
days), else from ``[event] year`` and the day and month of the ``date`` fact or of a text
``[event] date`` («1 мамыр», «25–31 наурыз», «28 ақпан – 3 наурыз»), read with the locale's
own month names.

A range is set as the single date is, the day and month part by Babel's interval format
(CLDR ``MMMMd``: kk «25–31 наурыз», «28 ақпан – 3 наурыз»; ru «25–31 марта»), the year as in
the single date: kk official «2026 жылғы 25–31 наурыз», «2026 жылғы 28 ақпан – 3 наурыз»,
across years each end whole, «2025 жылғы 30 желтоқсан – 2026 жылғы 2 қаңтар»; ru official
«25–31 марта 2026 г.», «30 декабря 2025 г. — 2 января 2026 г.»; press style without the year.
Babel's own ``yMMMMd`` interval is not used: CLDR has none for kk, and Babel falls back to
the abbreviated «2026 ж. 25–31 нау.», not the official form. CLDR's dashes are made the
project's (Мильчин, as the normaliser's rules): an unspaced en dash between two days («25–31»,
CLDR ru has an em dash), between two dates the language's spaced dash (kk –, ru —) with a
no-break space before it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from .. import cache as disk_cache
from .latin import kazakh_lower, transliterate

NBSP = "\u00a0"
STYLES = ("official", "press")

# Babel patterns; quoted text is literal. The number keeps its word (a no-break space).
_PATTERNS = {
    ("kk", "official"): "y'\u00a0жылғы' d'\u00a0'MMMM",
    ("kk", "press"): "d'\u00a0'MMMM",
    ("ru", "official"): "d'\u00a0'MMMM y'\u00a0г.'",
    ("ru", "press"): "d'\u00a0'MMMM",
}
_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU"}
# «1 мамыр», «1 мая», and the Kazakh official form «2026 жылғы 20 ақпан(да)» the article writes.
_DAY_MONTH = re.compile(r"^\s*(?:(\d{4})[\s\u00a0]+ж\w*[\s\u00a0]+)?(\d{1,2})[\s\u00a0]+(\w+)")
# A Kazakh month name as a sentence has it: locative «ақпанда», dative «мамырға», genitive,
# ablative (the text «20 ақпанда» of «Форум 2026 жылғы 20 ақпанда өтті»).
_KK_MONTH_ENDINGS = ("ында", "інде", "нда", "нде", "да", "де", "та", "те", "ға", "ге", "қа",
                     "ке", "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен", "дан", "ден",
                     "тан", "тен")  # fmt: skip
_S = "[\\s\u00a0]"
# «25–31 наурыз», «28 ақпан – 3 наурыз», «30 желтоқсан 2025 – 2 қаңтар 2026».
_RANGE = re.compile(
    f"^{_S}*(\\d{{1,2}})(?:{_S}+(\\w+))?(?:{_S}+(\\d{{4}}))?(?:{_S}+ж\\w*)?{_S}*"
    f"[-\u2012\u2013\u2014]{_S}*(\\d{{1,2}}){_S}+(\\w+)(?:{_S}+(\\d{{4}}))?"
)
EN_DASH = "\u2013"
_DASH = {"kk": EN_DASH, "ru": "\u2014"}  # between two dates: the language's dash (normalise)


@cache
def _months(lang: str) -> dict[str, int]:
    """Month name (any case form Babel knows: мамыр, мая, май) → month number. Kazakh names
    are known in the 2021 Latin letters too (mamyr, säuır): under ``--script latn`` the date
    fact reaches here already transliterated."""
    names: dict[str, int] = {}
    for number, name in _babel_months(_LOCALES[lang]):
        name = name.lower().rstrip(".")
        names[name] = number
        if lang == "kk":
            names[transliterate(name)] = number
    return names


def _babel_months(locale: str) -> list[tuple[int, str]]:
    """Babel's month names of a locale, every width and context (kept in the disk cache per
    Babel version: loading a locale's data costs more than the rest of the date)."""

    def make() -> list[tuple[int, str]]:
        from babel.dates import get_month_names

        return [
            (number, name)
            for context in ("format", "stand-alone")
            for width in ("wide", "abbreviated")
            for number, name in get_month_names(width, context, locale).items()
        ]

    babel = disk_cache.code_stamp("babel")
    entry = disk_cache.key("months", disk_cache.source_stamp(__file__), babel, locale)
    return disk_cache.cached("babel", entry, make, list)


def event_date(event: Any, fact: Any, lang: str) -> date | None:
    """The event's date: ``[event] date``, else its ``year`` plus the day and month of the
    date fact (``fact``, or None)."""
    if isinstance(event.date, date):
        return event.date
    if fact is None or lang not in _LOCALES:
        return None
    m = _DAY_MONTH.match(str(fact.value))
    month = m and _month(m.group(3), lang)
    year = int(m.group(1)) if m and m.group(1) else event.year  # the text's own year first
    if not month or not year:
        return None
    try:
        return date(year, month, int(m.group(2)))
    except ValueError:
        return None


def _month(word: str, lang: str) -> int | None:
    """A month's number from its name as the text writes it (a Kazakh case ending aside)."""
    months = _months(lang)
    word = kazakh_lower(word)
    if word in months:
        return months[word]
    if lang == "kk":
        for ending in _KK_MONTH_ENDINGS:
            if word.endswith(ending) and word[: -len(ending)] in months:
                return months[word[: -len(ending)]]
    return None


def event_dates(event: Any, fact: Any, lang: str) -> tuple[date, date] | None:
    """The event's first and last day (the same for one day): ``[event] date`` and
    ``end_date``, else a day or a range read from the date fact or a text ``[event] date``,
    in ``[event] year`` unless the text gives its years (a range that runs past December
    ends in the next year)."""
    if isinstance(event.date, date):
        return event.date, getattr(event, "end_date", None) or event.date
    texts = [str(fact.value)] if fact is not None else []
    if isinstance(event.date, str):
        texts.append(event.date)
    for text in texts:
        days = _read_range(text, event.year, lang)
        if days is not None:
            return days
    day = event_date(event, fact, lang)
    return (day, day) if day is not None else None


def _read_range(text: str, year: int | None, lang: str) -> tuple[date, date] | None:
    m = _RANGE.match(text)
    if m is None or lang not in _LOCALES:
        return None
    months = _months(lang)
    end_month = months.get(kazakh_lower(m.group(5)))
    start_month = months.get(kazakh_lower(m.group(2))) if m.group(2) else end_month
    if not start_month or not end_month:
        return None
    y1 = int(m.group(3)) if m.group(3) else None
    y2 = int(m.group(6)) if m.group(6) else None
    wraps = start_month > end_month  # «30 желтоқсан – 2 қаңтар»
    if y1 is None and y2 is None:
        if year is None:
            return None
        y1, y2 = year, year + wraps
    elif y1 is None:
        y1 = y2 - wraps  # type: ignore[operator]
    elif y2 is None:
        y2 = y1 + wraps
    try:
        start = date(y1, start_month, int(m.group(1)))  # type: ignore[arg-type]
        end = date(y2, end_month, int(m.group(4)))  # type: ignore[arg-type]
    except ValueError:
        return None
    return (start, end) if start < end else None


def format_dates(start: date, end: date, lang: str, style: str = "official") -> str:
    """A day or a range of days in the language's style (see the module's docstring)."""
    if end <= start:
        return format_date(start, lang, style)
    if style not in STYLES:
        raise ValueError(f"date style must be one of {', '.join(STYLES)}, got {style!r}")
    if start.year != end.year and style == "official":
        dash = _DASH.get(lang, EN_DASH)
        return f"{format_date(start, lang, style)}{NBSP}{dash} {format_date(end, lang, style)}"
    days = _interval(start, end, lang)
    if style == "press":
        return days
    if lang == "kk":  # as the single date's pattern, y'\u00a0жылғы' before day and month
        return f"{start.year}{NBSP}жылғы {days}"
    if lang == "ru":
        return f"{days}{NBSP}{start.year}{NBSP}г."
    return f"{days} {start.year}"


def _interval(start: date, end: date, lang: str) -> str:
    """Day and month of a range by Babel's interval format, in the project's dashes."""
    locale = _LOCALES.get(lang, lang)

    def make() -> str:
        from babel.dates import format_interval

        return format_interval(start, end, "MMMMd", locale=locale)

    babel = disk_cache.code_stamp("babel")
    recipe = disk_cache.source_stamp(__file__)
    entry = disk_cache.key("interval", recipe, babel, start.isoformat(), end.isoformat(), locale)
    text = disk_cache.cached("babel", entry, make, str)
    text = re.sub("[\u2009\u202f ]+", " ", text)
    # Two days of one month: an unspaced en dash (CLDR ru has an em dash).
    text = re.sub("(\\d) ?[-\u2013\u2014] ?(\\d)", "\\1" + EN_DASH + "\\2", text)
    # Two dates: the language's dash, spaced, a no-break space before it.
    text = re.sub(" ?[\u2013\u2014] ", NBSP + _DASH.get(lang, EN_DASH) + " ", text)
    # Each date keeps its day and month together.
    return re.sub("(\\d) ", "\\1" + NBSP, text)


def format_date(day: date, lang: str, style: str = "official") -> str:
    """«2026 жылғы 1 мамыр» (official) or «1 мамыр» (press), by the language's locale."""
    if style not in STYLES:
        raise ValueError(f"date style must be one of {', '.join(STYLES)}, got {style!r}")
    pattern = _PATTERNS.get((lang, style), "d'\u00a0'MMMM y")
    locale = _LOCALES.get(lang, lang)

    def make() -> str:
        from babel.dates import format_date as babel_format

        return babel_format(day, pattern, locale=locale)

    babel = disk_cache.code_stamp("babel")
    recipe = disk_cache.source_stamp(__file__)
    entry = disk_cache.key("date", recipe, babel, day.isoformat(), pattern, locale)
    return disk_cache.cached("babel", entry, make, str).replace("\u202f", NBSP)
