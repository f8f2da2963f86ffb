"""The article: line 1 the title, every further non-empty line a paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .language import DEFAULT, from_file_name, language
from .normalise import Change, normalise


@dataclass(frozen=True)
class Article:
    """An article normalised for print; ``changes`` lists every edit the normaliser made."""

    title: str
    paragraphs: tuple[str, ...]
    source: str = "<article>"
    lang: str = "kk"
    changes: tuple[Change, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        """The whole article as one text (title and paragraphs, a line each)."""
        return "\n".join((self.title, *self.paragraphs))


def not_utf8(e: UnicodeDecodeError) -> str:
    """What to tell the author of a text file that is not UTF-8: where, and what to do."""
    line = e.object[: e.start].count(b"\n") + 1
    return (
        f"line {line}: not UTF-8 text (byte 0x{e.object[e.start]:02X}); save it as UTF-8 "
        "(Notepad: Save as, Encoding UTF-8)"
    )


def parse_article(raw: str, source: str = "<article>", lang: str = "kk") -> Article:
    """Split and normalise an article given as text, by the rules of its language."""
    language(lang, source)
    lines = raw.lstrip("\ufeff").splitlines()
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise InputError("the article is empty", where=source)
    if numbered[0][0] != 1:
        raise InputError("line 1 must hold the title", where=source)
    changes: list[Change] = []
    texts: list[str] = []
    for n, line in numbered:
        if "\x00" in line or any(ord(c) < 32 and c != "\t" for c in line):
            raise InputError(f"line {n}: control character in the text", where=source)
        text, found = normalise(line, line=n, lang=lang, paragraph=bool(texts))
        texts.append(text)
        changes.extend(found)
    if len(texts) < 2:
        raise InputError("the article has a title but no paragraphs", where=source)
    return Article(texts[0], tuple(texts[1:]), source, lang, tuple(changes))


# Files a user gives as the article by mistake: the event's other files, or the article in a
# word processor's format (save it as text).
_NOT_AN_ARTICLE = {
    ".toml": "a facts file (TOML)",
    ".csv": "a data file (CSV)",
    ".tsv": "a data file (TSV)",
    ".json": "a data file (JSON)",
    ".xlsx": "a spreadsheet",
    ".xls": "a spreadsheet",
    ".pdf": "a PDF",
    ".docx": "a Word document (save it as plain text, UTF-8)",
    ".doc": "a Word document (save it as plain text, UTF-8)",
    ".odt": "a word processor's document (save it as plain text, UTF-8)",
    ".rtf": "a word processor's document (save it as plain text, UTF-8)",
}


def read_article(path: Path, lang: str | None = None) -> Article:
    """Read an article file (UTF-8); its language is ``lang``, else the one its name declares
    (``article.ru.txt``), else Kazakh. A name and a ``lang`` that disagree are an error."""
    named = from_file_name(path)
    if lang and named and lang != named:
        raise InputError(
            f"the file name says the article is in '{named}', but lang is '{lang}'",
            where=str(path),
        )
    lang = lang or named or DEFAULT
    kind = _NOT_AN_ARTICLE.get(Path(path).suffix.lower())
    if kind:  # «--article facts.toml» built a poster of the facts file's own lines
        raise InputError(
            f"{kind}, not an article: give the article, a text file (.txt, UTF-8) with the "
            "title on line 1 and a paragraph a line",
            where=str(path),
        )
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", where=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder; give the article file", where=str(path)) from None
    except UnicodeDecodeError as e:
        raise InputError(not_utf8(e), where=str(path)) from None
    except OSError as e:
        raise InputError(e.strerror or "cannot read", where=str(path)) from None
    return parse_article(raw, str(path), lang)
