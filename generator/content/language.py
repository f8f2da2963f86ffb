"""The languages an event can be written in, and how a text's language is declared.

A language is data: its code names the normaliser's rules, the hyphenator, Babel's locale for
dates and numbers, and the PDF's ``/Lang``. An article declares its language by its file name
(``article.kk.txt``, ``article.ru.txt``) or by ``lang`` in facts.toml; Kazakh is the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Language:
    """One language: its code, its name in itself, Babel's locale and the PDF language tag."""

    code: str
    name: str
    locale: str
    pdf_tag: str


LANGUAGES: dict[str, Language] = {
    "kk": Language("kk", "қазақша", "kk_KZ", "kk-KZ"),
    "ru": Language("ru", "русский", "ru_RU", "ru-RU"),
}
DEFAULT = "kk"
# The order of a bilingual product: the state language first (top or left), then Russian
# (Law on Languages, art. 21; see docs/languages.md).
ORDER = ("kk", "ru")
SCRIPTS = ("cyrl", "latn")

_SUFFIX = re.compile(r"\.([a-z]{2})(?:\.[^.]+)$")


def language(code: str, where: str | None = None) -> Language:
    """The language with this code; InputError naming the known ones otherwise."""
    try:
        return LANGUAGES[code]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise InputError(f"unknown language {code!r} (known: {known})", where=where) from None


def from_file_name(path: Path | str) -> str | None:
    """The language a file name declares (``article.ru.txt`` → ``ru``), if it declares one."""
    m = _SUFFIX.search(Path(path).name)
    return m.group(1) if m and m.group(1) in LANGUAGES else None


def parse_languages(text: str, where: str | None = None) -> tuple[str, ...]:
    """``"kk,ru"`` → ("kk", "ru"): known codes, no repeats, the state language first."""
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise InputError("no language given (for example --lang kk or --lang kk,ru)", where=where)
    for code in codes:
        language(code, where)
    if len(set(codes)) != len(codes):
        raise InputError(f"a language is named twice in {text!r}", where=where)
    return tuple(sorted(codes, key=lambda c: ORDER.index(c) if c in ORDER else len(ORDER)))


def pdf_tag(code: str, script: str = "cyrl") -> str:
    """The PDF /Lang of a text: ``kk-KZ``, ``ru-RU``, or ``kk-Latn-KZ`` for Latin Kazakh."""
    tag = language(code).pdf_tag
    if script == "latn" and code == "kk":
        return "kk-Latn-KZ"
    return tag
