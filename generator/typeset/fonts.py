"""The font book: registers the vendored faces with ReportLab once per process, and guards coverage.

ReportLab's font registry is process-global; this module is the one place that touches it.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from .. import cache as disk_cache
from ..errors import FontCoverageError, TemplateError
from ..resources import families
from .embed import embedding_copy

_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
# Registered face name → (family, style), for finding a face's fallback chain.
_FACES: dict[str, tuple[str, str]] = {}
# Characters that are layout instructions, not glyphs to draw.
_INVISIBLE = frozenset("\n\r\t\u00ad\u200b")


def face_name(family: str, style: str = "regular") -> str:
    """The ReportLab font name of one face of a family (falls back to the regular face)."""
    fam = families()[family]
    return family + _SUFFIX[style] if style in fam.faces else family


# Faces named to ReportLab but not parsed yet: face name → (family, style, font file).
_PENDING: dict[str, tuple[str, str, Path]] = {}
_LOADING = threading.RLock()


@cache
def ensure_family(family: str) -> str:
    """Make all faces of a family (and its <b>/<i> mapping) known to ReportLab once; return
    the regular name. A face is parsed when ReportLab first asks for it by name: a poster
    uses four of the nine faces of its families (``load_family`` parses them all now)."""
    if family not in families():
        known = ", ".join(sorted(families()))
        raise TemplateError(f"unknown font family '{family}' (known: {known})")
    _lazy_faces()
    fam = families()[family]
    with _LOADING:
        for style, path in fam.faces.items():
            name = family + _SUFFIX[style]
            if name not in _FACES:
                _PENDING[name] = (family, style, path)
        _map_family(family)
    return family


def _map_family(family: str) -> None:
    """ReportLab's <b>/<i> mapping of the family's faces (registering a face maps its name
    to itself alone, so this follows every registration)."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFontFamily(
        family,
        normal=face_name(family, "regular"),
        bold=face_name(family, "bold"),
        italic=face_name(family, "italic"),
        boldItalic=face_name(family, "bold_italic"),
    )


def load_family(family: str) -> str:
    """``ensure_family``, with every face parsed now (a batch's parent, before its workers
    fork, so they share the parsed fonts)."""
    ensure_family(family)
    for style in families()[family].faces:
        _register(family + _SUFFIX[style])
    return family


def _register(name: str) -> Any | None:
    """Parse and register a pending face; None when ``name`` is none of ours."""
    from reportlab.pdfbase import pdfmetrics

    with _LOADING:
        pending = _PENDING.get(name)
        if pending is None:
            return pdfmetrics._fonts.get(name) if name in _FACES else None
        family, style, path = pending
        # asciiReadable=False: subsets hold only the glyphs a document uses (smaller, faster).
        # The embedded copy has no hinting (smaller subsets); metrics and glyphs are the same.
        font = load_font(name, embedding_copy(path))
        pdfmetrics.registerFont(font)
        _FACES[name] = (family, style)
        del _PENDING[name]
        _map_family(family)
        return font


@cache
def _lazy_faces() -> None:
    """ReportLab's getFont asks findFontAndRegister for a name it does not know: a pending
    face of ours is parsed and registered there, any other name goes on as before."""
    from reportlab.pdfbase import pdfmetrics

    find = pdfmetrics.findFontAndRegister

    def find_font_and_register(name: str) -> Any:
        font = _register(name)
        return font if font is not None else find(name)

    pdfmetrics.findFontAndRegister = find_font_and_register


# What a parsed font keeps that cannot be pickled or is read afresh: the file's bytes, the
# scaling function, and the per-document subset state.
_UNCACHED_FACE = ("_ttf_data", "_pdfScale")
_UNCACHED_FONT = ("face", "state")


def load_font(name: str, path: Path) -> Any:
    """ReportLab's TTFont for a font file, as ``TTFont(name, path, asciiReadable=False)``
    makes it; the parsed tables come from the user's cache when the same file was parsed by
    the same ReportLab before (parsing a face's cmap and metrics costs ~10 ms)."""
    from weakref import WeakKeyDictionary

    from reportlab import Version
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    data = Path(path).read_bytes()
    digest = disk_cache.file_digest(path)
    entry = disk_cache.key("ttfont", disk_cache.source_stamp(__file__), Version, name, digest)
    saved = disk_cache.load("fonts-parsed", entry)
    if not (isinstance(saved, tuple) and len(saved) == 2):
        font = TTFont(name, str(path), asciiReadable=False)
        face = {k: v for k, v in vars(font.face).items() if k not in _UNCACHED_FACE}
        rest = {k: v for k, v in vars(font).items() if k not in _UNCACHED_FONT}
        disk_cache.store("fonts-parsed", entry, (rest, face))
        return font
    rest, state = saved
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(state)
    face.filename = str(path)
    face._ttf_data = data
    face._pdfScale = _pdf_scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    vars(font).update(rest)
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _pdf_scale(units_per_em: int) -> Any:
    """ReportLab's glyph-units-to-1/1000-em scaling, computed as extractInfo computes it."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


@cache
def _chars(font_name: str) -> frozenset[str]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(map(chr, pdfmetrics.getFont(font_name).face.charToGlyph))


def font_chars(font_name: str) -> frozenset[str]:
    """The characters a registered face has glyphs for."""
    return _chars(font_name)


@cache
def fallback_chain(font_name: str) -> tuple[str, ...]:
    """The faces that draw what ``font_name`` lacks, in order, matched in weight and slope
    (registered on first use; fonts.toml lists each family's ``fallback``)."""
    known = _FACES.get(font_name) or _PENDING.get(font_name)
    if known is None:
        return ()
    family, style = known[:2]
    wanted = families()[family].fallback_style or style
    chain = []
    for other in families()[family].fallback:
        faces = families()[other].faces
        pick = wanted if wanted in faces else style if style in faces else "regular"
        ensure_family(other)
        chain.append(face_name(other, pick))
    return tuple(chain)


def font_runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the first face of the chain that has its characters.

    A character no face has stays with ``font_name`` (the coverage check then names it).
    """
    chars = _chars(font_name)
    if chars.issuperset(text) or not (set(text) - chars - _INVISIBLE):
        return [(text, font_name)]
    chain = fallback_chain(font_name)
    runs: list[tuple[str, str]] = []
    for ch in text:
        face = font_name
        if ch not in chars and ch not in _INVISIBLE:
            face = next((f for f in chain if ch in _chars(f)), font_name)
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + ch, face)
        else:
            runs.append((ch, face))
    return runs


def missing_chars(text: str, font_name: str) -> list[str]:
    """The characters of ``text`` that the font has no glyph for, in order of appearance."""
    chars = _chars(font_name)
    if chars.issuperset(text):  # the usual case, without a step a character
        return []
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in _INVISIBLE and ch not in chars and ch not in seen:
            seen[ch] = None
    return list(seen)


def check_coverage(text: str, font_name: str, where: str) -> None:
    """Raise FontCoverageError naming the character, the fonts tried and where the text came
    from, when neither the font nor any face of its fallback chain has a character."""
    missing = missing_chars(text, font_name)
    if not missing:  # the usual case: the fallback faces need not even be loaded
        return
    chain = fallback_chain(font_name)
    missing = [ch for ch in missing if not any(ch in _chars(f) for f in chain)]
    if missing:
        ch = missing[0]
        tried = ", ".join((font_name, *chain))
        raise FontCoverageError(
            f"character U+{ord(ch):04X} '{ch}' is in none of the fonts tried ({tried})"
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
