"""Kerning a word as ReportLab's ``ttfonts.shapeFragWord`` does, for a fraction of its time.

ReportLab shapes (kerns) each word with uharfbuzz when a style has ``shaping=1``: a new
harfbuzz font per word, four scalings and a glyph-name look-up per glyph. A word in one frag
(nearly every word of running text) is shaped here instead, with the same harfbuzz call and
the same arithmetic, so the result is the same object ReportLab would make, value for value;
anything else (a word across frags, an inline image) goes to ReportLab's own function.

What harfbuzz gives for a word does not depend on the size (positions are in font units;
only a font with a ``trak`` table tracks by size), so the glyphs are kept per font and text
for the whole process and only the width is worked out at each size: a word shaped for the
tri-fold is not shaped again for the booklet, nor for the next build.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import (
    ShapeData,
    ShapedStr,
    makeShapedFragWord,
    shapeFragWord,
    uharfbuzz,
)

__all__ = ["kerned_pairs", "shape_word"]

_FEATURES = {"kern": True, "liga": True, "dlig": True}  # ReportLab's shapeFragWord default
_GLYPHS_SIZE = 50_000  # words kept; past it the cache starts again

# (font, size or None, text) -> (drawn text, shape data, advances, changed, shaped)
_glyphs: dict[tuple[Any, float | None, str], tuple[str, list, list[float], bool, bool]] = {}
_hb_fonts: dict[tuple[Any, float], Any] = {}
_tracks: dict[Any, bool] = {}


def shape_word(word: list) -> list:
    """``word`` (ReportLab's frag word: width, then (frag, text) pairs) kerned: a new frag
    word when shaping changes it, else ``word`` itself, as ``shapeFragWord`` returns."""
    if uharfbuzz is None:
        return shapeFragWord(word)
    if len(word) != 2:
        if _faces(word) > 1:
            # ReportLab shapes the whole word in its first frag's face and reads the glyph ids
            # back in each frag's own face: «2 000 ₸» bound by a no-break space, ₸ from the
            # fallback face, drew ₸ as .notdef. Words across faces are left unkerned.
            return makeShapedFragWord(word)(word)
        return shapeFragWord(word)
    frag, text = word[1]
    if not text or hasattr(frag, "cbDefn"):
        return shapeFragWord(word)
    ttf = getFont(frag.fontName)
    if not hasattr(ttf, "hbFont"):  # not a TrueType font: ReportLab returns the word
        return shapeFragWord(word)
    size = frag.fontSize
    glyphs = _glyphs_of(ttf, size, text)
    drawn, data, advances, changed, _ = glyphs
    if not changed:
        return word
    scale = size / 1000
    width = 0
    for advance in advances:
        if advance:
            width += advance * scale
    # ReportLab's result either way (unshaped but changed, it copies the list: the same).
    return makeShapedFragWord(word)([0 + width, (frag, ShapedStr(drawn, shapeData=list(data)))])


def kerned_pairs(
    font_name: str, size: float, text: str, words: Iterable[tuple[int, int]]
) -> tuple[tuple[int, float], ...]:
    """Where kerning changes a character's advance in the ``words`` (spans) of ``text``, each
    set as :func:`shape_word` sets it: (index, the advance in thousandths of an em). Words
    whose glyphs are not one a character are left out."""
    if uharfbuzz is None:
        return ()
    ttf = getFont(font_name)
    if not hasattr(ttf, "hbFont"):
        return ()
    widths = ttf.face.charWidths
    out = []
    for start, end in words:
        word = text[start:end]
        drawn, _, advances, changed, _ = _glyphs_of(ttf, size, word)
        if changed and drawn == word:
            for i, (ch, advance) in enumerate(zip(word, advances, strict=True), start):
                if advance != widths[ord(ch)]:
                    out.append((i, advance))
    return tuple(out)


def _glyphs_of(ttf: Any, size: float, text: str) -> tuple[str, list, list[float], bool, bool]:
    """:func:`_shape`'s result for ``text`` in ``ttf``, kept for the process (per size only
    for a font with a ``trak`` table)."""
    tracked = _tracks.get(ttf)
    if tracked is None:
        tracked = _tracks[ttf] = "trak" in getattr(ttf.face, "table", {"trak": None})
    key = (ttf, size if tracked else None, text)
    glyphs = _glyphs.get(key)
    if glyphs is None:
        if len(_glyphs) >= _GLYPHS_SIZE:
            _glyphs.clear()
        glyphs = _glyphs[key] = _shape(ttf, size, text)
    return glyphs


def _faces(word: list) -> int:
    """How many faces (font and size) the text frags of a frag word are set in."""
    return len({(f.fontName, f.fontSize) for f, _ in word[1:] if not hasattr(f, "cbDefn")})


def _shape(ttf: Any, size: float, text: str) -> tuple[str, list, list[float], bool, bool]:
    """Harfbuzz's glyphs for ``text``, as shapeFragWord reads them (its loop, one frag)."""
    hb_font = _hb_fonts.get((ttf, size))
    if hb_font is None:
        hb_font = _hb_fonts[(ttf, size)] = ttf.hbFont(size)  # also sets ttf.hbAddPrivate
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb_font, buf, _FEATURES)
    face = ttf.face
    to_char, char_widths = face.glyphToChar, face.charWidths
    scale = face._pdfScale  # what ttf.pdfScale calls: font units to thousandths of an em
    zero = scale(0)  # offsets are nearly always 0: scaled once
    ntext = len(text)
    drawn: list[str] = []
    data: list = []
    advances: list[float] = []
    changed = shaped = False
    make = ShapeData._make
    i = 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        x_advance = pos.x_advance
        try:
            code = to_char[gid][0]
        except KeyError:
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, x_advance)
        char_width = char_widths[code]
        char = chr(code)
        drawn.append(char)
        x_advance = scale(x_advance)
        x_offset, y_advance, y_offset = pos.x_offset, pos.y_advance, pos.y_offset
        x_offset = scale(x_offset) if x_offset else zero
        y_advance = scale(y_advance) if y_advance else zero
        y_offset = scale(y_offset) if y_offset else zero
        advances.append(x_advance)
        if not shaped:
            shaped = (
                x_offset != 0
                or y_offset != 0
                or i >= ntext
                or (text[i] == char and x_advance != char_width)
            )
        if not changed:
            changed = shaped or i >= ntext or text[i] != char
        data.append(make((info.cluster, x_advance, y_advance, x_offset, y_offset, char_width)))
        i += 1
    return "".join(drawn), data, advances, changed, shaped
