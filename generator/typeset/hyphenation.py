"""Which hyphenator breaks a language's words: the language is data, this is the lookup.

* ``kk``: our Kazakh syllable rules (:mod:`.hyphenate`); Kazakh in the 2021 Latin alphabet is
  broken by the same rules, each Latin letter read as the Cyrillic letter it stands for.
* ``ru``: Pyphen's ``ru_RU`` dictionary (LibreOffice's patterns), with the Russian minimum
  fragments: at least two letters stay on the line and two go to the next (никогда
  одна буква). Abbreviations (СССР, МГУ), words with digits and one-syllable words never
  break; a compound breaks after its own hyphen, with nothing drawn.

Every function here returns the breaks of one running-text token as (offset, whether a hyphen
must be drawn), the contract of :func:`.hyphenate.token_breaks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from .hyphenate import break_points, token_breaks

Breaks = tuple[tuple[int, bool], ...]

RUSSIAN_LEFT = 2  # letters that must stay before a break
RUSSIAN_RIGHT = 2  # letters that must go after it

_EDGE_RE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)
_LATIN_KK = re.compile(r"[a-zäğıñöşūüİ]", re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)

# Each Latin Kazakh letter read as the Cyrillic one it stands for (one letter for one, so
# offsets carry over); i is и, or й after a vowel or at the start of a word before one.
_AS_CYRILLIC = str.maketrans(
    {
        "a": "а",
        "ä": "ә",
        "b": "б",
        "c": "ц",
        "d": "д",
        "e": "е",
        "f": "ф",
        "g": "г",
        "ğ": "ғ",
        "h": "х",
        "ı": "і",
        "i": "и",
        "j": "ж",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "ñ": "ң",
        "o": "о",
        "ö": "ө",
        "p": "п",
        "q": "қ",
        "r": "р",
        "s": "с",
        "ş": "ш",
        "t": "т",
        "u": "у",
        "ū": "ұ",
        "ü": "ү",
        "v": "в",
        "w": "у",
        "x": "к",
        "y": "ы",
        "z": "з",
    }
)
_CYR_VOWELS = frozenset("аәеиоөуұүыіэ")


def _latin_as_cyrillic(word: str) -> str | None:
    """A Latin Kazakh word spelled with Cyrillic letters, letter for letter (None if it holds
    something else)."""
    from ..content.latin import kazakh_lower

    low = kazakh_lower(word)
    if len(low) != len(word):
        return None
    chars = list(low.translate(_AS_CYRILLIC))
    for k, ch in enumerate(chars):
        if ch == "и":
            before = k > 0 and chars[k - 1] in _CYR_VOWELS
            start = k == 0 and k + 1 < len(chars) and chars[k + 1] in _CYR_VOWELS
            if before or start:
                chars[k] = "й"
    spelled = "".join(chars)
    if not re.fullmatch(r"[а-яёәғқңөұүһі-]+", spelled):
        return None
    # Keep the case pattern, so an abbreviation (QR, ЕАЭО) is still seen as one.
    return "".join(c.upper() if o.isupper() else c for c, o in zip(spelled, word, strict=True))


@lru_cache(maxsize=8192)
def latin_kazakh_breaks(token: str) -> Breaks:
    """Breaks of a token of Kazakh in Latin letters, by the Kazakh syllable rules."""
    lead, core, _ = _EDGE_RE.match(token).groups()  # type: ignore[union-attr]
    if not core or any(ch.isdigit() for ch in token):
        return ()
    spelled = _latin_as_cyrillic(core)
    if spelled is None:
        return ()
    return tuple((len(lead) + cut, core[cut - 1] != "-") for cut in break_points(spelled))


def latin_break_points(word: str) -> list[int]:
    """Offsets where a Latin Kazakh word may break (for checking a set text)."""
    return [cut for cut, _ in latin_kazakh_breaks(word)]


def kazakh_breaks(token: str) -> Breaks:
    """Kazakh in either alphabet: Cyrillic by :func:`token_breaks`, Latin letter for letter."""
    if _LATIN_KK.search(token) and not _CYRILLIC.search(token):
        return latin_kazakh_breaks(token)
    return token_breaks(token)


@cache
def _pyphen_ru():  # type: ignore[no-untyped-def]
    import pyphen

    return pyphen.Pyphen(lang="ru_RU", left=RUSSIAN_LEFT, right=RUSSIAN_RIGHT)


def _abbreviation(part: str) -> bool:
    return len(part) >= 2 and (part.isupper() or any(ch.isupper() for ch in part[1:]))


@lru_cache(maxsize=8192)
def russian_word_breaks(word: str) -> tuple[int, ...]:
    """Offsets where a Russian word (compounds included) may break, by the ru_RU dictionary."""
    offsets: list[int] = []
    base = 0
    parts = word.split("-")
    for k, part in enumerate(parts):
        if part and not _abbreviation(part) and part.isalpha():
            offsets.extend(base + p for p in _pyphen_ru().positions(part))
        base += len(part) + 1
        if k + 1 < len(parts) and len(part) >= 2 and len(parts[k + 1]) >= 2:
            offsets.append(base)  # after the compound's own hyphen
    return tuple(offsets)


@lru_cache(maxsize=8192)
def russian_breaks(token: str) -> Breaks:
    """Breaks of a running-text token of Russian."""
    lead, core, _ = _EDGE_RE.match(token).groups()  # type: ignore[union-attr]
    if not core or any(ch.isdigit() for ch in token) or "." in core:
        return ()
    start = len(lead)
    return tuple((start + cut, core[cut - 1] != "-") for cut in russian_word_breaks(core))


_BY_LANGUAGE: dict[str, Callable[[str], Breaks]] = {
    "kk": kazakh_breaks,
    "ru": russian_breaks,
}


def breaks_for(lang: str) -> Callable[[str], Breaks]:
    """The token breaker of a language (Kazakh's for a language without one of its own)."""
    return _BY_LANGUAGE.get(lang, kazakh_breaks)
