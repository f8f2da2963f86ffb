"""QR codes of a batch made without zxing-cpp once it has shown the way (mask 0, level M).

A batch's QR values differ in a few characters (``…/verify?id=2026-0042``). zxing-cpp's
encoder (libzint) splits a value into segments (bytes, letters and digits, digits) by what
kind of character stands where, so values whose characters are of the same kinds in the same
places get the same segments, the same version and the same bit positions. From there a code
is linear (ISO/IEC 18004 §7.5, §7.7): its error correction is a Reed–Solomon remainder, a
linear function of the data codewords, and every codeword bit has its own module. So a code
is a code zxing-cpp made of that shape (the *pattern*, taken when a shape comes a second
time) with the modules of the codewords that differ switched, each codeword's change looked
up in a table of its half-bytes' modules.

A pattern is taken only when its code reads back as this module writes it: its data
codewords are this module's own for the value, and its error correction this module's
Reed–Solomon of them. Values outside ASCII, and versions above 10, are left to zxing-cpp.
"""

from __future__ import annotations

from functools import cache

MAX_VERSION = 10  # above: zxing-cpp for every value (tables grow with the version's square)

# ISO/IEC 18004 table 9, level M: error correction codewords a block, and blocks, by version.
_EC_PER_BLOCK = (0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26)
_BLOCKS = (0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5)

_NUMERIC, _ALPHANUMERIC, _BYTE = 1, 2, 4  # mode indicators
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM = {c: n for n, c in enumerate(_ALPHABET)}
# The kind of each ASCII character, as libzint chooses segments: digit, letter, other.
_KINDS = str.maketrans(
    {chr(c): "n" if chr(c).isdigit() else "a" if chr(c) in _ALNUM else "b" for c in range(128)}
)


def _count_bits(mode: int, version: int) -> int:
    """The bits of a segment's character count (table 3)."""
    group = 0 if version <= 9 else 1 if version <= 26 else 2
    return {_NUMERIC: (10, 12, 14), _ALPHANUMERIC: (9, 11, 13), _BYTE: (8, 16, 16)}[mode][group]


# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1, by logarithms.
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _EXP[_i + 255] = _x
    _LOG[_x] = _i
    _x = (_x << 1) ^ (0x11D if _x & 0x80 else 0)


def _mul(a: int, b: int) -> int:
    return _EXP[_LOG[a] + _LOG[b]] if a and b else 0


def _divisor(degree: int) -> list[int]:
    """The generator polynomial's coefficients but the leading 1, highest degree first."""
    poly = [1]
    for i in range(degree):  # times (x - 2^i)
        root = _EXP[i]
        poly = [a ^ _mul(b, root) for a, b in zip([*poly, 0], [0, *poly], strict=True)]
    return poly[1:]


def _remainder(data: bytes | list[int], divisor: list[int]) -> list[int]:
    """The Reed–Solomon error correction codewords of a block's data codewords."""
    out = [0] * len(divisor)
    for byte in data:
        factor = byte ^ out.pop(0)
        out.append(0)
        if factor:
            out = [r ^ _mul(c, factor) for r, c in zip(out, divisor, strict=True)]
    return out


class Version:
    """What coding needs of a version: where each codeword bit goes (a bit of a Code's
    integer, see ``qr.Code``), its blocks, and each data codeword's half-byte tables."""

    def __init__(self, version: int, stride: int) -> None:
        size = self.size = 17 + 4 * version
        self.version = version
        function = _function_modules(version)
        # The codewords' bits in placement order (§7.7.3), as bits of the Code's integer.
        places = []
        for right in range(size - 1, 0, -2):
            if right <= 6:
                right -= 1  # the vertical timing pattern is skipped
            upward = (right + 1) & 2 == 0
            for vert in range(size):
                y = size - 1 - vert if upward else vert
                for x in (right, right - 1):
                    if (x, y) not in function:
                        places.append((size - 1 - y) * stride + stride - 1 - x)
        total = len(places) // 8  # codewords; the bits left over stay light
        ec, blocks = _EC_PER_BLOCK[version], _BLOCKS[version]
        short = total // blocks - ec  # data codewords of a short block (the first ones)
        longs = total % blocks
        lengths = [short] * (blocks - longs) + [short + 1] * longs
        self.data_count = sum(lengths)
        self.ec, self.lengths = ec, lengths
        # Interleaving (§7.6): a block's i-th data codeword and e-th correction codeword's
        # place in the sequence placed.
        starts = [sum(lengths[:j]) for j in range(blocks)]
        order = [starts[j] + i for i in range(short + 1) for j in range(blocks) if i < lengths[j]]
        data_at = {d: q for q, d in enumerate(order)}
        ec_at = [[self.data_count + e * blocks + j for e in range(ec)] for j in range(blocks)]
        self.places = places
        self.data_bits = [[places[8 * data_at[d] + t] for t in range(8)] for d in range(len(order))]
        self.ec_bits = [[[places[8 * q + t] for t in range(8)] for q in row] for row in ec_at]
        self.mask0 = sum(
            1 << places[i]
            for i in range(8 * total)
            if ((stride - 1 - places[i] % stride) + (size - 1 - places[i] // stride)) % 2 == 0
        )
        # Each data codeword's modules for each value of its half-bytes: its own bit and
        # the correction codewords of its block that it changes (a unit's remainder, times
        # the bit's value).
        divisor = _divisor(ec)
        self.halves: list[tuple[list[int], list[int]]] = []
        for j, length in enumerate(lengths):
            # Each correction codeword's modules for each of its 256 values.
            modules = [_table([1 << at for at in bits], 8) for bits in self.ec_bits[j]]
            unit = _remainder([1], divisor)  # the block's last data codeword worth 1
            units = [unit]
            for _ in range(length - 1):  # each one earlier: times x
                factor = unit[0]
                unit = [*unit[1:], 0]
                unit = [r ^ _mul(c, factor) for r, c in zip(unit, divisor, strict=True)]
                units.append(unit)
            for i in range(length):
                d = starts[j] + i
                basis = []
                for t in range(8):  # bit t of the codeword, worth 2^(7 - t)
                    bits = 1 << self.data_bits[d][t]
                    for e, c in enumerate(units[length - 1 - i]):
                        bits |= modules[e][_mul(c, 1 << (7 - t))]
                    basis.append(bits)
                self.halves.append((_table(basis[:4]), _table(basis[4:])))

    def codewords(self, code: int) -> list[int]:
        """The data codewords of a code of mask 0 (the Code's integer)."""
        plain = code ^ self.mask0
        return [
            sum(((plain >> at) & 1) << (7 - t) for t, at in enumerate(bits))
            for bits in self.data_bits
        ]

    def corrections(self, code: int) -> list[list[int]]:
        """Each block's error correction codewords of a code of mask 0."""
        plain = code ^ self.mask0
        return [
            [sum(((plain >> at) & 1) << (7 - t) for t, at in enumerate(bits)) for bits in row]
            for row in self.ec_bits
        ]


def _table(basis: list[int], bits: int = 4) -> list[int]:
    """The 2^bits sums of some bits' modules (the first the highest bit): a half-byte's, or
    (``bits`` 8) a byte's."""
    out = [0] * (1 << bits)
    for x in range(1, 1 << bits):
        low = x & -x
        out[x] = out[x ^ low] ^ basis[bits - low.bit_length()]
    return out


def _function_modules(version: int) -> set[tuple[int, int]]:
    """The modules (x, y) no codeword may take: finder patterns with their separators and
    format information, timing patterns, alignment patterns, version information."""
    size = 17 + 4 * version
    out = set()
    for y in range(9):
        for x in range(9):
            out.add((x, y))
    for y in range(9):
        for x in range(size - 8, size):
            out.add((x, y))
    for y in range(size - 8, size):
        for x in range(9):
            out.add((x, y))
    for i in range(size):
        out.add((i, 6))
        out.add((6, i))
    centres = _alignment(version)
    last = len(centres) - 1
    for a, cy in enumerate(centres):
        for b, cx in enumerate(centres):
            if (a, b) in ((0, 0), (0, last), (last, 0)):
                continue  # where a finder pattern is
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    out.add((cx + dx, cy + dy))
    if version >= 7:
        for i in range(6):
            for j in range(size - 11, size - 8):
                out.add((i, j))
                out.add((j, i))
    return out


def _alignment(version: int) -> list[int]:
    """The rows (and columns) of the alignment patterns' centres (annex E)."""
    if version == 1:
        return []
    count = version // 7 + 2
    size = 17 + 4 * version
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6, *reversed([size - 7 - i * step for i in range(count - 1)])]


class Pattern:
    """Values of one shape (the kinds of their characters): their segments, their version's
    tables, and one code zxing-cpp made of them, with its data codewords."""

    def __init__(self, version: Version, segments: list[tuple[int, int]], value: str, code: int):
        self.version, self.segments = version, segments
        self.code = code
        self.data = _data(value, segments, version)

    def encode(self, value: str) -> int:
        """The value's code, mask 0 (the Code's integer)."""
        code = self.code
        halves = self.version.halves
        data = _data(value, self.segments, self.version)
        for d, (new, old) in enumerate(zip(data, self.data, strict=True)):
            if new != old:
                high, low = halves[d]
                change = new ^ old
                code ^= high[change >> 4] ^ low[change & 15]
        return code


def _data(value: str, segments: list[tuple[int, int]], version: Version) -> bytes:
    """The data codewords of a value cut into segments (mode, characters), padded (§7.4)."""
    bits = 0
    n = 0
    at = 0
    for mode, count in segments:
        part = value[at : at + count]
        at += count
        width = _count_bits(mode, version.version)
        bits = (bits << 4 | mode) << width | count
        n += 4 + width
        if mode == _BYTE:
            bits = bits << 8 * count | int.from_bytes(part.encode("ascii"), "big")
            n += 8 * count
        elif mode == _ALPHANUMERIC:
            for i in range(0, count - 1, 2):
                bits = bits << 11 | _ALNUM[part[i]] * 45 + _ALNUM[part[i + 1]]
            if count % 2:
                bits = bits << 6 | _ALNUM[part[-1]]
            n += 11 * (count // 2) + 6 * (count % 2)
        else:
            for i in range(0, count, 3):
                digits = part[i : i + 3]
                bits = bits << (1 + 3 * len(digits)) | int(digits)
            n += 10 * (count // 3) + (0, 4, 7)[count % 3]
    capacity = 8 * version.data_count
    end = min(4, capacity - n)  # the terminator, as much of it as fits
    n += end
    pad = -n % 8
    data = (bits << (end + pad)).to_bytes((n + pad) // 8, "big")
    fill = version.data_count - len(data)
    return data + (b"\xec\x11" * fill)[:fill]


def _segments(bits: str, version: int, length: int) -> list[tuple[int, int]] | None:
    """The segments (mode, characters) a code's data bits hold, or None for anything but
    numeric, alphanumeric and byte segments of ``length`` characters in all."""
    out = []
    at = 0
    while at + 4 <= len(bits) and bits[at : at + 4] != "0000":
        mode = int(bits[at : at + 4], 2)
        if mode not in (_NUMERIC, _ALPHANUMERIC, _BYTE):
            return None  # ECI, Kanji, FNC1, structured append
        width = _count_bits(mode, version)
        count = int(bits[at + 4 : at + 4 + width], 2)
        at += 4 + width
        if mode == _BYTE:
            at += 8 * count
        elif mode == _ALPHANUMERIC:
            at += 11 * (count // 2) + 6 * (count % 2)
        else:
            at += 10 * (count // 3) + (0, 4, 7)[count % 3]
        out.append((mode, count))
    if sum(c for _, c in out) != length:
        return None
    return out


@cache
def version_tables(version: int, stride: int) -> Version:
    """A version's tables, made once a process (for version 10 a tenth of a second)."""
    return Version(version, stride)


_PATTERNS: dict[str, Pattern | None] = {}  # by shape; None: left to zxing-cpp
_SEEN: dict[str, None] = {}  # shapes seen once: a pattern is made on the second sighting
_LIMIT = 4096  # shapes remembered either way (a shape's pattern is its code and data)


def shape(value: str) -> str | None:
    """The kinds of a value's characters (digit, letter of the alphanumeric set, other), or
    None for a value outside ASCII."""
    return value.translate(_KINDS) if value.isascii() else None


def pattern(value: str) -> Pattern | None:
    """The pattern made for values of this value's shape, if any (see ``learn``)."""
    kind = shape(value)
    return _PATTERNS.get(kind) if kind is not None else None


def learn(value: str, size: int, code: int, stride: int) -> None:
    """Take zxing-cpp's code of a value (mask 0, the Code's integer) as the pattern for its
    shape, on the shape's second sighting (values of shapes that do not come again, such as
    random tokens, cost nothing more), if it reads back as this module would write it; else
    leave the shape to zxing-cpp."""
    kind = shape(value)
    if kind is None or kind in _PATTERNS or len(_PATTERNS) >= _LIMIT:
        return
    if kind not in _SEEN:
        _SEEN[kind] = None
        if len(_SEEN) > _LIMIT:
            del _SEEN[next(iter(_SEEN))]
        return
    found = None
    version = (size - 17) // 4
    if 1 <= version <= MAX_VERSION:
        tables = version_tables(version, stride)
        data = tables.codewords(code)
        bits = "".join(format(b, "08b") for b in data)
        segments = _segments(bits, version, len(value))
        if segments is not None and _data(value, segments, tables) == bytes(data):
            divisor = _divisor(tables.ec)
            at = 0
            blocks = []
            for length in tables.lengths:
                blocks.append(_remainder(data[at : at + length], divisor))
                at += length
            if blocks == tables.corrections(code):
                found = Pattern(tables, segments, value, code)
    _PATTERNS[kind] = found
