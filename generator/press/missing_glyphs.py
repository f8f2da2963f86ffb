"""Characters a document asked a font to draw that the font has no glyph for, as drawn.

ReportLab draws such a character as code 0 of the font's first subset, which is another
character of the text (a wrong letter, and a wrong letter in the text layer): the finished
file cannot tell it from the right one. A character the font maps to glyph 0 (its .notdef)
is visible in the file, and the preflight finds that too (``_glyphs``). While a document is
drawn with ``recording``, every piece of text ReportLab splits into a TrueType font's subsets
is looked at here, so the build names the page, the font and the character.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MissingGlyph:
    """A character drawn on ``page`` in ``font`` (its subset's PDF name) without a glyph;
    ``in_file`` when the font maps it to glyph 0, which the file itself shows."""

    page: int
    font: str
    char: str
    in_file: bool

    def message(self) -> str:
        """The preflight's wording (the same as the file check's for a .notdef glyph)."""
        what = f"U+{ord(self.char):04X} '{self.char}'"
        if self.in_file:
            return (
                f"page {self.page}: font '{self.font}' has no glyph for {what}: it prints as "
                ".notdef (a blank or a box)"
            )
        return (
            f"page {self.page}: font '{self.font}' has no glyph for {what}: it prints as "
            "another character of the font"
        )


@dataclass
class _Recorder:
    """What a canvas drew while the preflight recorded it."""

    canvas: Any = None
    doc: Any = None  # the canvas's document (the canvas lets go of it when saved)
    texts: list[tuple[int, Any, Any]] = field(default_factory=list)  # (page, font, text) drawn
    seen: dict[tuple[int, Any, str], bool] = field(default_factory=dict)
    names: dict[tuple[Any, str], str] = field(default_factory=dict)  # (font, char) -> PDF name

    def watch(self, canvas: Any) -> None:
        self.canvas, self.doc = canvas, canvas._doc

    def before_save(self) -> None:
        """Look at the text drawn (kept as it was drawn: one look per font, at the end, costs
        less than one per piece), and name each font's subset from its final content
        (ReportLab forgets it on saving)."""
        from .flate_cache import subset_tag

        for page, font, text in self.texts:
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            glyphs = font.face.charToGlyph
            drawable = _drawable(font.face, glyphs)
            if not drawable.issuperset(text):
                for ch in set(text).difference(drawable):
                    self.seen.setdefault((page, font, ch), ord(ch) in glyphs)
        self.texts.clear()
        for _, font, ch in self.seen:
            state = font.state.get(self.doc)
            if state is None:
                continue
            n = state.assignments.get(ord(ch), 0) >> 8
            tag = subset_tag(font.face.name, state.subsets[n])
            name = b"".join((tag, b"+", font.face.name, font.face.subfontNameX))
            self.names[(font, ch)] = name.decode("pdfdoc")


_RECORDER: contextvars.ContextVar[_Recorder | None] = contextvars.ContextVar(
    "missing_glyphs", default=None
)
_installed = False


def install() -> None:
    """Look at the text of ReportLab's TrueType fonts while recording (idempotent)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import ttfonts

    split0 = ttfonts.TTFont.splitString

    def split_string(self: Any, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
        rec = _RECORDER.get()
        if rec is not None and doc is not None and doc is rec.doc:
            rec.texts.append((rec.canvas._pageNumber, self, text))
        return split0(self, text, doc, encoding)

    ttfonts.TTFont.splitString = split_string
    _installed = True


_DRAWABLE: dict[int, tuple[Any, int, frozenset[str]]] = {}


def _drawable(face: Any, glyphs: dict[int, int]) -> frozenset[str]:
    """The characters a face has a glyph (other than .notdef) for, and U+00A0, which
    ReportLab draws with the space; made again when the face's map changes size."""
    found = _DRAWABLE.get(id(face))
    if found is None or found[0] is not face or found[1] != len(glyphs):
        chars = frozenset(chr(c) for c, g in glyphs.items() if g) | {"\xa0"}
        found = _DRAWABLE[id(face)] = (face, len(glyphs), chars)
    return found[2]


@contextlib.contextmanager
def recording() -> Iterator[_Recorder]:
    """Record while the body draws; ``.watch(canvas)`` names the canvas being drawn."""
    install()
    rec = _Recorder()
    token = _RECORDER.set(rec)
    try:
        yield rec
    finally:
        _RECORDER.reset(token)


def found(rec: _Recorder) -> list[MissingGlyph]:
    """What was recorded, with each font's subset name as the saved file has it."""
    out = [
        MissingGlyph(page, rec.names.get((font, ch), font.fontName), ch, in_file)
        for (page, font, ch), in_file in rec.seen.items()
    ]
    return sorted(out, key=lambda g: (g.page, g.font, g.char))
