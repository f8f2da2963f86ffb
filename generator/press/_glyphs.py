"""Text a font cannot draw: codes that show glyph 0 (.notdef), found in the embedded font.

A font's glyph 0 is its .notdef: a blank or a box where a character should be. A writer
puts it there when a font lacks a character it was asked to set. Read here for the fonts
whose code-to-glyph mapping the file itself fixes: simple TrueType fonts (the embedded
font's (3,0) or (1,0) cmap, as a reader uses it) and Type0 fonts with Identity encoding
(CID 0 is .notdef; a CIDToGIDMap stream adds the CIDs it maps to glyph 0). Other fonts
(Type1, CFF by glyph name, Type3) are not judged. The character is named from the font's
ToUnicode map when it has one.
"""

from __future__ import annotations

import re
from struct import unpack_from

from generator.press import _pikepdf as pikepdf

# (bytes per code, the codes that draw glyph 0) of a font dictionary, by its FontFile2 bytes
_CACHE: dict[bytes, frozenset[int]] = {}
_CACHE_SIZE = 64


def glyph0_codes(font: pikepdf.Object) -> tuple[int, frozenset[int]] | None:
    """(bytes per code, codes drawing .notdef) of a font dictionary, or None when the
    file does not fix its glyphs in a way read here."""
    subtype = font.get("/Subtype")
    try:
        if subtype == "/TrueType":
            desc = font.get("/FontDescriptor")
            ff = desc.get("/FontFile2") if desc is not None else None
            if ff is None:
                return None
            raw = ff.read_raw_bytes()
            found = _CACHE.get(raw)
            if found is None:
                symbolic = bool(int(desc.get("/Flags", 0)) & 4)
                first = int(font.get("/FirstChar", 0))
                last = int(font.get("/LastChar", 255))
                found = _truetype_glyph0(ff.read_bytes(), symbolic, first, last)
                if found is None:
                    return None
                if len(_CACHE) >= _CACHE_SIZE:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[raw] = found
            return 1, found
        if subtype == "/Type0" and font.get("/Encoding") in ("/Identity-H", "/Identity-V"):
            descendants = font.get("/DescendantFonts")
            cid = descendants[0] if descendants is not None and len(descendants) else None
            if cid is None:
                return None
            codes = {0}  # CID 0 is .notdef in every CID-keyed font
            gids = cid.get("/CIDToGIDMap")
            if isinstance(gids, pikepdf.Stream):
                data = gids.read_bytes()
                codes |= {n // 2 for n in range(2, len(data) - 1, 2) if data[n : n + 2] == b"\0\0"}
            return 2, frozenset(codes)
    except (pikepdf.PdfError, ValueError, TypeError, KeyError):
        return None  # a damaged font: not judged here (a reader's own complaint)
    return None


def _truetype_glyph0(data: bytes, symbolic: bool, first: int, last: int) -> frozenset[int] | None:
    """The codes first..last that the font's cmap maps to glyph 0, as PDF readers look a
    simple TrueType font's code up: (3,0) at code, 0xF000+code ...; else (1,0) at code."""
    try:
        tables = {}
        for n in range(unpack_from(">H", data, 4)[0]):
            tag, _, offset, length = unpack_from(">4sIII", data, 12 + 16 * n)
            tables[tag] = (offset, length)
        if b"cmap" not in tables:
            return None
        at = tables[b"cmap"][0]
        subtables = {}
        for n in range(unpack_from(">H", data, at + 2)[0]):
            platform, encoding, offset = unpack_from(">HHI", data, at + 4 + 8 * n)
            subtables[(platform, encoding)] = at + offset
        # PDF 32000 9.6.6.4: a symbolic font's (3,0), else (1,0); (3,1) needs the encoding's
        # glyph names (a non-symbolic font): not judged.
        order = [(3, 0), (1, 0)] if symbolic else [(1, 0), (3, 0)]
        where = next((subtables[k] for k in order if k in subtables), None)
        if where is None:
            return None
        lookup = _cmap(data, where)
        if lookup is None:
            return None
        bad = set()
        for code in range(first, min(last, 255) + 1):
            if (3, 0) in subtables and where == subtables[(3, 0)]:
                gid = next(
                    (g for base in (0, 0xF000, 0xF100, 0xF200) if (g := lookup(base + code))), 0
                )
            else:
                gid = lookup(code)
            if gid == 0:
                bad.add(code)
        return frozenset(bad)
    except Exception:  # noqa: BLE001 - a malformed font program: not judged
        return None


def _cmap(data: bytes, at: int):  # noqa: ANN202 - a code -> glyph function
    """A code -> glyph function for a cmap subtable of format 0, 4 or 6 (None otherwise)."""
    fmt = unpack_from(">H", data, at)[0]
    if fmt == 0:
        table = data[at + 6 : at + 6 + 256]
        return lambda c: table[c] if 0 <= c < len(table) else 0
    if fmt == 6:
        first, count = unpack_from(">HH", data, at + 6)
        glyphs = unpack_from(f">{count}H", data, at + 10)
        return lambda c: glyphs[c - first] if first <= c < first + count else 0
    if fmt == 4:
        segs = unpack_from(">H", data, at + 6)[0] // 2
        ends = unpack_from(f">{segs}H", data, at + 14)
        starts = unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
        deltas = unpack_from(f">{segs}h", data, at + 16 + 4 * segs)
        range_at = at + 16 + 6 * segs
        offsets = unpack_from(f">{segs}H", data, range_at)

        def look(c: int) -> int:
            for i in range(segs):
                if c <= ends[i]:
                    if c < starts[i]:
                        return 0
                    if offsets[i] == 0:
                        return (c + deltas[i]) & 0xFFFF
                    pos = range_at + 2 * i + offsets[i] + 2 * (c - starts[i])
                    g = unpack_from(">H", data, pos)[0]
                    return (g + deltas[i]) & 0xFFFF if g else 0
            return 0

        return look
    return None


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")


def to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """A font's ToUnicode map (bfchar and bfrange), code -> text; empty when it has none."""
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return {}
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return {}
    out: dict[int, str] = {}

    def text(h: bytes) -> str:
        raw = bytes.fromhex(h.decode("latin-1"))
        return raw.decode("utf-16-be", "replace")

    for block in _BFCHAR.findall(data):
        items = [m.group(1) for m in _HEX.finditer(block)]
        for code, value in zip(items[::2], items[1::2], strict=False):
            if code is not None and value is not None:
                out[int(code, 16)] = text(value)
    for block in _BFRANGE.findall(data):
        tokens = list(_HEX.finditer(block))
        for n in range(0, len(tokens) - 2, 3):
            lo, hi, dst = tokens[n].group(1), tokens[n + 1].group(1), tokens[n + 2]
            if lo is None or hi is None:
                continue
            lo_i, hi_i = int(lo, 16), int(hi, 16)
            if dst.group(1) is not None:
                start = text(dst.group(1))
                for k, c in enumerate(range(lo_i, min(hi_i, lo_i + 0xFFFF) + 1)):
                    out[c] = start[:-1] + chr(ord(start[-1]) + k) if start else ""
            else:
                values = [m.group(1) for m in _HEX.finditer(dst.group(2))]
                for k, v in enumerate(values):
                    if v is not None:
                        out[lo_i + k] = text(v)
    return out


def shown_codes(operands: list, width: int) -> list[int]:
    """The character codes a text-showing instruction's operands draw."""
    out: list[int] = []
    for v in operands:
        parts = list(v) if isinstance(v, pikepdf.Array) else [v]
        for part in parts:
            if isinstance(part, pikepdf.String):
                raw = bytes(part)
                if width == 1:
                    out.extend(raw)
                else:
                    out.extend(
                        int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)
                    )
    return out


def describe(text: str | None, code: int, width: int) -> str:
    """A character as a reader of the report wants it: U+4E2D '中', else the code."""
    if text and text != "\0":
        shown = ", ".join(f"U+{ord(ch):04X} '{ch}'" for ch in text)
        return shown
    return f"code 0x{code:0{2 * width}X} (no ToUnicode entry says which character)"
