"""File names for records: from a pattern, made safe, unique and short, optionally ASCII.

A name comes from people's data, so it may hold anything: path separators, ``..``, control
characters, reserved device names, hundreds of characters. None of that reaches the file system.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..content.latin import to_ascii
from ..errors import InputError
from .data import Record

DEFAULT_PATTERN = "{row:04d}-{name}"
MAX_BYTES = 120  # well under the 255-byte limit of common file systems, room for suffixes
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES, _DOTS, _DASHES = re.compile(r"\s+"), re.compile(r"\.{2,}"), re.compile(r"-{2,}")

# Every apostrophe a name may be typed with: straight, typographic (as the normaliser and the
# documents make it), the modifier letter (Kazakh Latin of 2017, Ukrainian), the turned comma,
# grave, acute, prime, fullwidth, saltillo. The 2021 alphabet has no apostrophe letter: an ASCII
# name leaves every one of them out, so O'Connor, O’Connor and OʼConnor name one file
# (a straight one was kept, the others dropped: one person, two names), and no name needs
# quoting in a shell.
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bb`\u00b4\u2032\uff07\ua78c]")


def to_latin(text: str) -> str:
    """A name in plain ASCII: the Kazakh Latin alphabet's letters without their marks, with
    ш, ч, щ as sh, ch, shch (``content.latin.to_ascii``), apostrophes left out."""
    return to_ascii(_APOSTROPHES.sub("", text))


def safe_name(text: str, ascii_only: bool = False) -> str:
    """One path component: no separators, no leading dots, no control or reserved names."""
    if ascii_only:
        text = to_latin(text)
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text)
    if not text.isprintable():  # printable: no character of a category C (nor Z but space)
        text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _SPACES.sub(" ", text).replace(" ", "_")
    text = _DOTS.sub(".", text)
    text = _DASHES.sub("-", text).strip("._- ")
    if _RESERVED.fullmatch(text):
        text = "_" + text
    encoded = text.encode("utf-8")[:MAX_BYTES]
    return encoded.decode("utf-8", "ignore").rstrip("._- ") or "record"


def file_names(
    records: Iterable[Record], pattern: str = DEFAULT_PATTERN, ascii_only: bool = False
) -> list[str]:
    """A unique ``.pdf`` name for each record, in order (a clash gets ``-2``, ``-3``, ...)."""
    used: set[str] = set()
    names = []
    for rec in records:
        try:
            # {row} is the row number, even when the file has a column called "row".
            stem = pattern.format_map({**rec.fields, "row": rec.row})
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as e:
            raise InputError(
                f"--name {pattern!r}: {e!s} (fields: row, {', '.join(rec.fields)})"
            ) from None
        stem = safe_name(stem, ascii_only)
        name, n = stem, 1
        # Compare case-insensitively: two names differing only in case clash on some systems.
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.lower())
        names.append(name + ".pdf")
    return names
