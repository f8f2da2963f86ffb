"""A per-process cache of compressed font subsets and content streams, shared by every product.

ReportLab builds and deflates each font subset anew for every document, although a face used
only by fixed text (a heading, a footer) yields the same subset each time. This wraps two
ReportLab methods so such a subset is made and compressed once. The bytes are identical to
ReportLab's own (same subsetter, same zlib level), so output does not depend on the cache.

It also names each subset by its content (``subset_tag``) rather than by its number, and
deflates a content stream (a page, a form) seen before from the cache (``deflate``).

A subset enters the cache on its second sighting, so per-record subsets (a person's name) do
not crowd out the shared ones and a long batch keeps a flat memory.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from array import array
from collections import OrderedDict
from typing import Any

_LIMIT = 512 * 1024  # bytes of cache a process may hold (a shared subset is ~10-20 KB)
_SEEN = 1024  # keys remembered as seen once
_cache: OrderedDict[bytes, Any] = OrderedDict()
_seen: OrderedDict[bytes, None] = OrderedDict()
_size = 0
stats = {"hit": 0, "miss": 0}


def _key(filename: str, subset: list[int]) -> bytes:
    """A short digest of (font file, code points): keys stay small however many are seen."""
    data = os.fsencode(filename) + b"\0" + array("I", subset).tobytes()
    return hashlib.blake2b(data, digest_size=16).digest()


def _cached(key: bytes, make: Any, size: Any = len) -> Any:
    """The value for key, made by ``make()`` unless cached; cached from its second sighting."""
    global _size
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        stats["hit"] += 1
        return hit
    stats["miss"] += 1
    value = make()
    if key in _seen:
        _cache[key] = value
        _size += size(value)
        while _size > _LIMIT and _cache:
            _size -= size(_cache.popitem(last=False)[1])
    else:
        _seen[key] = None
        if len(_seen) > _SEEN:
            _seen.popitem(last=False)
    return value


def _entry(face: Any, subset: list[int]) -> tuple[bytes, bytes]:
    """(raw subset, deflated subset) of a face for a list of code points."""

    def make() -> tuple[bytes, bytes]:
        from .subset import make_subset  # ReportLab's makeSubset, byte for byte, faster

        raw = make_subset(face, subset)
        return raw, zlib.compress(raw)

    return _cached(_key(face.filename, subset), make, lambda v: len(v[0]) + len(v[1]))


_original_make: Any = None
_original_add: Any = None


def subset_tag(face_name: bytes, subset: list[int]) -> bytes:
    """Six capitals from the subset's content: the same subset gets the same tag in every
    file, different subsets (almost surely) different ones. ReportLab numbers subsets
    (AAAAAA+ for the first of every face), which RIPs that cache fonts by name confuse."""
    digest = hashlib.blake2b(face_name + b"\0" + array("I", subset).tobytes(), digest_size=6)
    return bytes(65 + b % 26 for b in digest.digest())


# Deflated content streams (pages, forms), by a digest of their bytes: a document built
# again, or a form every document draws (an ornament's motif), is deflated once. Entered on
# the second sighting, as the subsets; least recently used first out.
_STREAMS_LIMIT = 2 * 1024 * 1024  # bytes of deflated streams kept
_SMALL = 256  # bytes: a stream this short is deflated faster than looked up
_streams: OrderedDict[bytes, bytes] = OrderedDict()
_streams_seen: OrderedDict[bytes, None] = OrderedDict()
_streams_size = 0


def deflate(data: bytes | str) -> bytes:
    """``zlib.compress(data)`` (text as UTF-8, as ReportLab's FlateDecode filter has it),
    from the cache when these bytes were deflated before."""
    global _streams_size
    if isinstance(data, str):
        data = data.encode("utf8")
    if len(data) < _SMALL:
        return zlib.compress(data)
    key = hashlib.blake2b(data, digest_size=16).digest()
    hit = _streams.get(key)
    if hit is not None:
        _streams.move_to_end(key)
        return hit
    value = zlib.compress(data)
    if key in _streams_seen:
        _streams[key] = value
        _streams_size += len(value) + 64
        while _streams_size > _STREAMS_LIMIT and _streams:
            _streams_size -= len(_streams.popitem(last=False)[1]) + 64
    else:
        _streams_seen[key] = None
        if len(_streams_seen) > _SEEN:
            _streams_seen.popitem(last=False)
    return value


def forget_streams() -> None:
    """Empty the cache of deflated streams (a benchmark of articles never built before)."""
    global _streams_size
    _streams.clear()
    _streams_seen.clear()
    _streams_size = 0


def install() -> None:
    """Route ReportLab's subset making and stream deflating through the caches
    (idempotent)."""
    global _original_make, _original_add
    if _original_add is not None:
        return
    from reportlab.pdfbase import pdfdoc, ttfonts

    pdfdoc.PDFStreamFilterZCompress.encode = lambda self, text: deflate(text)

    _original_make = ttfonts.TTFontFile.makeSubset
    _original_add = ttfonts.TTFontFace.addSubsetObjects
    add_font_objects = ttfonts.TTFont.addObjects
    numbered = ttfonts.SUBSETN

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

    def add_objects(self: Any, doc: Any) -> None:
        # addObjects names subset n by the module's SUBSETN(n): give it the content instead.
        state = self.state.get(doc)
        subsets = state.subsets if state is not None else []
        ttfonts.SUBSETN = lambda n, *_: subset_tag(self.face.name, subsets[n])
        try:
            add_font_objects(self, doc)
        finally:
            ttfonts.SUBSETN = numbered

    ttfonts.TTFontFile.makeSubset = make_subset
    ttfonts.TTFontFace.addSubsetObjects = add_subset_objects
    ttfonts.TTFont.addObjects = add_objects


def subset_bytes(face: Any, subset: list[int]) -> tuple[bytes, bytes]:
    """(subset font file, deflated) of a face for a list of code points, through the cache."""
    install()
    return _entry(face, subset)
