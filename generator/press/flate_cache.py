"""A per-process cache of compressed font subsets, shared by every product.

ReportLab builds and deflates each font subset anew for every document, although a face used
only by fixed text (a heading, a footer) yields the same subset each time. This wraps two
ReportLab methods so such a subset is made and compressed once. The bytes are identical to
ReportLab's own (same subsetter, same zlib level), so output does not depend on the cache.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from typing import Any

_LIMIT = 32 * 1024 * 1024  # bytes of cache a process may hold; per-record subsets evict
_cache: OrderedDict[tuple[str, tuple[int, ...]], tuple[bytes, bytes]] = OrderedDict()
_size = 0
stats = {"hit": 0, "miss": 0}


def _entry(face: Any, subset: list[int]) -> tuple[bytes, bytes]:
    """(raw subset, deflated subset) of a face for a list of code points, from cache if known."""
    global _size
    key = (face.filename, tuple(subset))
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        stats["hit"] += 1
        return hit
    stats["miss"] += 1
    raw = _original_make(face, subset)
    entry = (raw, zlib.compress(raw))
    _cache[key] = entry
    _size += len(raw) + len(entry[1])
    while _size > _LIMIT and _cache:
        _, (r, c) = _cache.popitem(last=False)
        _size -= len(r) + len(c)
    return entry


_original_make: Any = None
_original_add: Any = None


def install() -> None:
    """Route ReportLab's subset making through the cache (idempotent)."""
    global _original_make, _original_add
    from reportlab.pdfbase import pdfdoc, ttfonts

    if _original_add is not None:
        return
    _original_make = ttfonts.TTFontFile.makeSubset
    _original_add = ttfonts.TTFontFace.addSubsetObjects

    def make_subset(self: Any, subset: list[int]) -> bytes:
        return _entry(self, subset)[0]

    def add_subset_objects(self: Any, doc: Any, fontname: str, subset: list[int]) -> Any:
        ref = _original_add(self, doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if doc.compression and stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            # Already deflated: a stream whose /Filter is set is written as it is.
            stream.content = _entry(self, subset)[1]
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            stream.filters = None
        return ref

    ttfonts.TTFontFile.makeSubset = make_subset
    ttfonts.TTFontFace.addSubsetObjects = add_subset_objects
