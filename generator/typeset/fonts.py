"""The font book: registers the vendored faces with ReportLab once per process, and guards coverage.

ReportLab's font registry is process-global; this module is the one place that touches it.
"""

from __future__ import annotations

from functools import cache

from ..errors import FontCoverageError, TemplateError
from ..resources import families
from .embed import embedding_copy

_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
# Characters that are layout instructions, not glyphs to draw.
_INVISIBLE = frozenset("\n\r\t\u00ad\u200b")


def face_name(family: str, style: str = "regular") -> str:
    """The ReportLab font name of one face of a family (falls back to the regular face)."""
    fam = families()[family]
    return family + _SUFFIX[style] if style in fam.faces else family


@cache
def ensure_family(family: str) -> str:
    """Register all faces of a family (and its <b>/<i> mapping) once; return the regular name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if family not in families():
        known = ", ".join(sorted(families()))
        raise TemplateError(f"unknown font family '{family}' (known: {known})")
    fam = families()[family]
    for style, path in fam.faces.items():
        # asciiReadable=False: subsets hold only the glyphs a document uses (smaller, faster).
        # The embedded copy has no hinting (smaller subsets); metrics and glyphs are the same.
        font = TTFont(family + _SUFFIX[style], str(embedding_copy(path)), asciiReadable=False)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        family,
        normal=face_name(family, "regular"),
        bold=face_name(family, "bold"),
        italic=face_name(family, "italic"),
        boldItalic=face_name(family, "bold_italic"),
    )
    return family


@cache
def _cmap(font_name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def missing_chars(text: str, font_name: str) -> list[str]:
    """The characters of ``text`` that the font has no glyph for, in order of appearance."""
    cmap = _cmap(font_name)
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in _INVISIBLE and ord(ch) not in cmap and ch not in seen:
            seen[ch] = None
    return list(seen)


def check_coverage(text: str, font_name: str, where: str) -> None:
    """Raise FontCoverageError naming the character, the font and where the text came from."""
    missing = missing_chars(text, font_name)
    if missing:
        ch = missing[0]
        raise FontCoverageError(
            f"character U+{ord(ch):04X} '{ch}' is not in font '{font_name}'"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            where=where,
            char=ch,
        )


DEFAULT_FAMILY = "PTSans"


@cache
def default_face() -> str:
    """The face a canvas and every ReportLab drawing start in, instead of unembedded Helvetica."""
    from reportlab import rl_config

    name = ensure_family(DEFAULT_FAMILY)
    # Canvases and renderPDF's drawings (QR codes, charts) start in these; both default to
    # Helvetica, which would be referenced unembedded.
    rl_config.canvas_basefontname = name
    rl_config.defaultGraphicsFontName = name
    return name
