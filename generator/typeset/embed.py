"""The copies of the vendored fonts that get embedded: TrueType hinting removed, at run time.

Most of a PT font subset's bytes are hinting instructions, which print never uses. Removing
them (all glyphs, cmap, metrics and kerning kept) makes every PDF smaller and faster to write.
The licences forbid distributing modified fonts under their names, so the stripped copies are
never committed or shipped: they are made on first use into a per-user cache folder and only
their subsets end up inside documents.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import cache
from pathlib import Path

# Bump when the recipe changes, so old cache entries are not reused.
_RECIPE = b"strip-hinting-v2"


def cache_dir() -> Path:
    """Where stripped copies live: the user's generator cache folder (``generator.cache``:
    $GENERATOR_CACHE_DIR, else $XDG_CACHE_HOME/generator or ~/.cache/generator) /fonts."""
    from ..cache import base_dir

    return base_dir() / "fonts"


def _strip(src: Path, dst: Path) -> None:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools logs a warning for the PT fonts' oversized 'kern' subtable, which it repairs.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(str(src), recalcTimestamp=False)
    opts = subset.Options()
    opts.hinting = False  # glyph programs, fpgm, prep, cvt: screen-only rasteriser hints
    opts.retain_gids = True  # same glyph ids, so nothing downstream can tell the difference
    opts.glyph_names = True
    opts.notdef_outline = True
    # ReportLab copies the whole 'name' table into every subset: keep copyright, names,
    # version, trademark and the licence URL (IDs 0-7, 14), in English, not the long licence text.
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 14]
    opts.name_languages = [0x409]
    opts.name_legacy = True
    opts.layout_features = ["*"]  # GPOS/GSUB/kern stay for shaping and kerning
    opts.legacy_kern = True
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(glyphs=font.getGlyphOrder())
    sub.subset(font)
    dst.parent.mkdir(parents=True, exist_ok=True)
    # Written whole and renamed, so a concurrent worker never reads a half-written font.
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            font.save(f)
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@cache
def embedding_copy(src: Path) -> Path:
    """The hint-free copy of a font file to register for embedding (the source if none can be made)."""
    if os.environ.get("GENERATOR_FONT_HINTING") == "keep":
        return src
    from ..cache import file_digest

    dst = cache_dir() / f"{file_digest(src, _RECIPE)}.ttf"
    if dst.exists():
        return dst
    try:
        _strip(Path(src), dst)
    except (ImportError, OSError):
        return src  # no fontTools or no writable cache: embed the original, just bigger
    return dst
