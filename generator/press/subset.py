"""TrueType subsets as ReportLab makes them, byte for byte, with a face's fixed parts read once.

ReportLab's ``TTFontFile.makeSubset`` re-reads a face for every subset: it copies each table
it keeps (the glyph table whole), and walks every composite glyph with Python reads. A batch
makes one subset a document (the record's face: a person's name), so that was a tenth of a
certificate. Here the tables, the glyph data and each composite's parts are taken from the face
once per process and the subset is put together from them by ReportLab's own steps, in its
order, with its table writer: the same bytes (a test compares them for every vendored face).
"""

from __future__ import annotations

from itertools import accumulate
from struct import pack, pack_into, unpack
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import add32, calcChecksum
from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFontMaker,
)

_KEPT = ("name", "OS/2", "cvt ", "fpgm", "prep")  # copied as they are (cvt, fpgm, prep optional)


class _Face:
    """What every subset of one face shares, read from it once."""

    def __init__(self, face: Any) -> None:
        self.char_to_glyph = face.charToGlyph
        self.glyph_pos = face.glyphPos
        self.hmetrics = face.hmetrics
        self.kept: list[tuple[str, bytes]] = []
        for tag in _KEPT:
            try:
                self.kept.append((tag, face.get_table(tag)))
            except KeyError:
                pass
        post = face.get_table("post")
        self.post = b"\x00\x03\x00\x00" + post[4:16] + b"\x00" * 16
        self.hhea = face.get_table("hhea")
        self.maxp = face.get_table("maxp")
        self.head = face.get_table("head")
        self.glyf = face.get_table("glyf")
        self.glyphs: dict[int, tuple[bytes, int, tuple[int, ...], tuple[int, ...]]] = {}
        self.hmtx: dict[int, tuple[int, bytes, bytes]] = {}

    def glyph(self, glyph: int) -> tuple[bytes, int, tuple[int, ...], tuple[int, ...]]:
        """A glyph's data padded to four bytes (as the glyph table holds it) and its length
        so padded, and for a composite glyph the glyphs it is made of and where in its data
        each is named (empty for a simple one)."""
        found = self.glyphs.get(glyph)
        if found is not None:
            return found
        start = self.glyph_pos[glyph]
        length = self.glyph_pos[glyph + 1] - start
        data = self.glyf[start : start + length]
        parts: list[int] = []
        refs: list[int] = []
        if length > 2 and unpack(">h", data[:2])[0] < 0:
            at, flags = 10, GF_MORE_COMPONENTS
            while flags & GF_MORE_COMPONENTS:
                flags, part = unpack(">HH", data[at : at + 4])
                parts.append(part)
                refs.append(at + 2)
                at += 4 + (4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2)
                if flags & GF_WE_HAVE_A_SCALE:
                    at += 2
                elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
                    at += 4
                elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
                    at += 8
        # Every glyph before it ends on a multiple of four: its padding is its own.
        data += b"\0" * (-length % 4)
        self.glyphs[glyph] = found = (data, len(data), tuple(parts), tuple(refs))
        return found

    def metrics(self, glyph: int) -> tuple[int, bytes, bytes]:
        """A glyph's advance, and its horizontal metrics as the hmtx table writes them: the
        advance and side bearing, or the side bearing alone (after the last full pair)."""
        found = self.hmtx.get(glyph)
        if found is None:
            aw, lsb = self.hmetrics[glyph]
            found = self.hmtx[glyph] = (
                int(aw),
                pack(">HH", int(aw), int(lsb)),
                pack(">H", int(lsb)),
            )
        return found


_FACES: WeakKeyDictionary[Any, _Face] = WeakKeyDictionary()  # a face's tables, while it lives


def _face(face: Any) -> _Face:
    tables = _FACES.get(face)
    if tables is None:
        tables = _FACES[face] = _Face(face)
    return tables


def make_subset(face: Any, subset: list[int]) -> bytes:
    """``face.makeSubset(subset)``, ReportLab's TrueType subset of the code points, in fewer
    steps (see the module docstring)."""
    f = _face(face)
    glyph_map = [0]  # new glyph index -> old glyph index, 0 the missing character
    glyph_set = {0: 0}  # old glyph index -> new glyph index
    code_to_glyph = {}
    to_glyph = f.char_to_glyph
    for code in subset:
        old = to_glyph.get(code, 0)
        if old not in glyph_set:
            glyph_set[old] = len(glyph_map)
            glyph_map.append(old)
        code_to_glyph[code] = glyph_set[old]
    glyphs = [f.glyph(old) for old in glyph_map]
    n = 0
    while n < len(glyph_map):  # the parts of composite glyphs too
        for part in glyphs[n][2]:
            if part not in glyph_set:
                glyph_set[part] = len(glyph_map)
                glyph_map.append(part)
                glyphs.append(f.glyph(part))
        n += 1

    output = TTFontMaker()
    for tag, table in f.kept:
        output.add(tag, table)
    output.add("post", f.post)
    num_glyphs = len(glyph_map)

    metrics = [f.metrics(old) for old in glyph_map]
    n = num_glyphs - 1
    while n and metrics[n][0] == metrics[n - 1][0]:  # a run of equal advances at the end:
        n -= 1  # one full pair, then side bearings alone
    n += 1
    output.add("hmtx", b"".join([m[1] for m in metrics[:n]] + [m[2] for m in metrics[n:]]))
    output.add("hhea", _set_ushort(f.hhea, 34, n))
    output.add("maxp", _set_ushort(f.maxp, 4, num_glyphs))

    count = len(subset)
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + count * 2, 0, 0, count, *map(code_to_glyph.get, subset)]
    output.add("cmap", pack(f">{len(cmap)}H", *cmap))

    glyf = []
    for data, _, parts, refs in glyphs:
        if parts:  # point a composite's references at the parts' new numbers
            changed = bytearray(data)
            for part, at in zip(parts, refs, strict=True):
                pack_into(">H", changed, at, glyph_set[part])
            data = bytes(changed)
        glyf.append(data)
    offsets = [0, *accumulate(g[1] for g in glyphs)]
    pos = offsets[-1]
    output.add("glyf", b"".join(glyf))

    if (pos + 1) >> 1 > 0xFFFF:
        loc_format, loca = 1, pack(f">{len(offsets)}L", *offsets)
    else:
        loc_format, loca = 0, pack(f">{len(offsets)}H", *[o >> 1 for o in offsets])
    output.add("loca", loca)
    output.add("head", _set_ushort(f.head, 50, loc_format))
    return _stream(output.tables)


def _stream(tables: dict[str, bytes]) -> bytes:
    """``TTFontMaker.makeStream``: the font file of the tables, ReportLab's bytes (its
    table directory, padding and whole-font checksum), joined rather than written."""
    count = len(tables)
    search = 1
    selector = 0
    while search * 2 <= count:
        search *= 2
        selector += 1
    search *= 16
    parts = [pack(">lHHHH", 0x00010000, count, search, selector, count * 16 - search)]
    body = []
    offset = 12 + count * 16
    head_at = 0
    for tag, data in sorted(tables.items()):
        if tag == "head":
            head_at = offset
        parts.append(tag.encode("latin1") + pack(">LLL", calcChecksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = b"".join(parts + body)
    adjust = add32(0xB1B0AFBA, -calcChecksum(font))
    return font[: head_at + 8] + pack(">L", adjust) + font[head_at + 12 :]


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2 :]
