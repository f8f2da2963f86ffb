"""The event's date as print sets it, through Babel's locale data (month names, cases).

Two styles: ``official``, the default, is the form of Kazakh official documents, «2026 жылғы
1 мамыр» (the year in the genitive-attributive жылғы before day and month; Russian «1 мая
2026 г.»); ``press`` is the short form of posters and the press, «1 мамыр» («1 мая»). A
template chooses with ``date_style`` in [template]; an event overrides it in [event].

The date comes from ``[event] date`` (a TOML date), else from ``[event] year`` and the day
and month of the ``date`` fact («1 мамыр»), read with the locale's own month names.
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
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[\s\u00a0]+(\w+)")


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
    if event.year is None or fact is None or lang not in _LOCALES:
        return None
    m = _DAY_MONTH.match(str(fact.value))
    month = m and _months(lang).get(kazakh_lower(m.group(2)))
    if not month:
        return None
    try:
        return date(event.year, month, int(m.group(1)))
    except ValueError:
        return None


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
