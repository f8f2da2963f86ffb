"""Kazakh in the Latin alphabet of 2021, and Kazakh upper and lower case.

The alphabet is the version presented by the Government of Kazakhstan on 28 January 2021
(31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z), as announced
on primeminister.kz and tabulated in Wikipedia's "Kazakh alphabets" (January 2021 table).
Letters the Latin alphabet lacks follow the same announcement: ё → io, ю → iu, я → ia,
ц → ts, ч → tş, щ → şş, э → e; ъ and ь are not written. (The announcement also allows
ö/ü/ä, s and ş for some of these in loanwords; the first variant is used throughout.) Some
drafts write Ŋ for Ñ; this table uses Ñ as the 2021 list does.

Case is Kazakh, not Python's: the dotted i upper-cases to İ and the dotless ı to I
(``"ıi".upper()`` gives "II" in Python; Kazakh needs "Iİ").

Transliteration runs after the facts are verified against the Cyrillic article, so a
source that quotes the article is checked where the quotation was written.

``to_ascii`` is the same table folded to plain ASCII, for what must be ASCII (file names of
``--ascii-names``, the ids ``facts suggest`` proposes), never for print: see ``ASCII_LETTERS``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

# Cyrillic (lower case) → Latin, the 2021 table.
LETTERS: dict[str, str] = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "tş",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
ALPHABET = "A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z".split()


def _bare(latin: str) -> str:
    """Latin letters without their marks: ä → a, ğ → g, ñ → n, ş → s, ı → i."""
    decomposed = unicodedata.normalize("NFKD", latin.replace("ı", "i"))
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


# The table above in ASCII: each letter without its marks, except where the bare letter would
# read as another Cyrillic letter: ş alone is s (с), so ш → sh; ч's digraph tş bare is ts (ц),
# so ч → ch; щ → shch (as ICAO Doc 9303, which Kazakh passports follow, writes ш, ч, щ). The
# other Russian letters keep the 2021 table's forms: ё → io, ю → iu, я → ia, ы → y, э → e,
# ъ and ь left out. Folded letter by letter from Cyrillic, not from the Latin text, so тш
# (атшы) stays tsh and is not read as ч.
ASCII_LETTERS: dict[str, str] = {
    **{cyr: _bare(lat) for cyr, lat in LETTERS.items()},
    "ш": "sh",
    "ч": "ch",
    "щ": "shch",
}

_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def kazakh_upper(text: str) -> str:
    """Upper case by Kazakh rules: i → İ, ı → I (every other letter as Unicode says)."""
    return text.translate(_UPPER).upper()


def kazakh_lower(text: str) -> str:
    """Lower case by Kazakh rules: İ → i, I → ı (Python would give "i̇" and "i")."""
    return text.translate(_LOWER).lower()


def _cased(latin: str, upper_source: bool, upper_neighbour: bool) -> str:
    if not upper_source or not latin:
        return latin
    if upper_neighbour:  # inside an all-capital word: ЮНЕСКО → IUNESKO
        return kazakh_upper(latin)
    return kazakh_upper(latin[0]) + latin[1:]  # Ясауи → İasaui


# A Roman numeral typed with the Cyrillic Х and І (ХХ ғасыр, ХІХ ғ., as the normaliser reads
# them, rules_kk._ROMAN) is a numeral, not the letters Х and І: in Latin letters XX, XIX (the
# letter Х would give H: «HH ğasyr»). A lone Х is one only before ғ (Х ғасыр); else an initial.
_NUMERAL = re.compile("(?<![^\\W\\d_])[IVXLCDMХІ]+(?![^\\W\\d_])")
_VALID = re.compile("M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_CENTURY = re.compile("[ \u00a0]*ғ", re.IGNORECASE)


def _numeral(m: re.Match[str]) -> str:
    word = m.group(0)
    latin = word.replace("Х", "X").replace("І", "I")
    if latin == word or not _VALID.fullmatch(latin):
        return word
    if len(word) == 1 and not _CENTURY.match(m.string, m.end()):
        return word
    return latin


def transliterate(text: str, letters: dict[str, str] = LETTERS) -> str:
    """Cyrillic Kazakh → the 2021 Latin alphabet (or ``letters``, a table like it); anything
    else (digits, punctuation, Latin words, markup) is left as it is."""
    if "Х" in text:
        text = _NUMERAL.sub(_numeral, text)
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = letters.get(low)
        if latin is None:
            out.append(ch)
            continue
        upper = ch != low
        neighbour = (i + 1 < n and text[i + 1].isupper()) or (
            i > 0 and text[i - 1].isupper() and not (i + 1 < n and text[i + 1].islower())
        )
        out.append(_cased(latin, upper, neighbour))
    return "".join(out)


def to_ascii(text: str) -> str:
    """Cyrillic Kazakh or Russian → plain ASCII (``ASCII_LETTERS``): Шәріпова → Sharipova,
    Чокин → Chokin, Щукина → Shchukina; marks dropped from any other letter (José → Jose),
    whatever has no ASCII form left out."""
    return _bare(transliterate(text, ASCII_LETTERS))


def transliterate_markup(markup: str, keep: tuple[str, str] | None = None) -> str:
    """Transliterate the text of ReportLab markup, leaving tags, entities and any span
    between the ``keep`` markers (a record's field not to be transliterated) untouched."""
    parts = re.split(r"(<[^>]*>|&[#\w]+;)", markup)
    out: list[str] = []
    keeping = False
    for part in parts:
        if part.startswith("<") or (part.startswith("&") and part.endswith(";")):
            out.append(part)
            continue
        if keep is None:
            out.append(transliterate(part))
            continue
        pieces = re.split(f"({re.escape(keep[0])}|{re.escape(keep[1])})", part)
        for piece in pieces:
            if piece == keep[0]:
                keeping = True
            elif piece == keep[1]:
                keeping = False
            else:
                out.append(piece if keeping else transliterate(piece))
    return "".join(out)


def to_latin(event):  # type: ignore[no-untyped-def]
    """The event with its Kazakh text (article, facts, event details) in Latin letters; other
    languages' texts (Russian) stay as they are. Facts were verified before this."""
    from .facts import Content, Event

    def convert(content: Content) -> Content:
        if content.lang != "kk":
            return replace(content, script="latn")
        art = content.article
        article = replace(
            art,
            title=transliterate(art.title),
            paragraphs=tuple(transliterate(p) for p in art.paragraphs),
        )
        facts = content.facts
        converted = [
            replace(
                f,
                value=transliterate(f.value) if isinstance(f.value, str) else f.value,
                print=transliterate(f.print),
                caption=transliterate(f.caption),
                source=transliterate(f.source),
            )
            for f in facts.values()
        ]
        ev = facts.event
        event_details = Event(
            **{
                # web addresses (url, verify_url) are not Kazakh text: a .қаз host stays one
                k: transliterate(v) if isinstance(v, str) and not k.endswith("url") else v
                for k, v in vars(ev).items()
            }
        )
        latin = facts.with_facts(converted, event_details)
        return replace(content, article=article, facts=latin, script="latn")

    first = convert(event)
    return replace(first, translations=tuple(convert(t) for t in event.translations))
