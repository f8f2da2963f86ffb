"""QR codes for a ``qr`` box: encoded by zxing-cpp, drawn as one vector path of rectangles.

zxing-cpp encodes (its writer, libzint: C++, well under a millisecond where ReportLab's Python
encoder takes over a hundred); a batch's values of a shape it has encoded before are made
from its code of that shape (``qr_encode``), the same code in a fraction of the time. The data
mask is chosen as ISO/IEC 18004 §7.8.3 says, all eight scored by their penalties and the
lowest kept (``qr_code``).

The code is drawn in module units: one ``cm`` scales and places the grid, and each run of dark
modules in a row is one ``re`` of whole numbers (``12 27 5 1 re``), all in one path with one
fill. Whole numbers keep neighbouring runs edge to edge at any scale, and a code's operators
take about a third of the bytes they took with page coordinates (less to compress and store
on every certificate of a batch). What every code of a size has in the same place (its three
finder patterns with their separators, and the row of the horizontal timing pattern between
them) is written first as a text made once a size, each finder five rectangles (its top and
foot, its two sides, its centre) rather than fifteen runs: a quarter of a code's runs are
then neither looked for nor written again.
"""

from __future__ import annotations

from functools import lru_cache
from operator import getitem
from typing import Any, NamedTuple

BORDER = 2  # light modules around the code, inside its box
_QUIET = 4  # the light modules zxing-cpp's image has around a code
_BITS = bytes.maketrans(b"\x00\xff", b"10")  # zxing-cpp's image (dark 0) as bits (dark 1)


class Code(NamedTuple):
    """A QR code: its size in modules and its modules as the bits of one integer, 1 dark.
    Row after row, the top row in the highest bits, each row ``stride(size)`` bits with the
    code's modules first (column 0 the highest bit) and light ones after: whole bytes a row,
    so ``bits.to_bytes`` cuts each row into eight-module pieces, and at least four light
    modules between the end of one row and the start of the next."""

    size: int
    bits: int

    def dark(self) -> set[tuple[int, int]]:
        """The dark modules as (column, row counted down from the top)."""
        s = stride(self.size)
        top = (self.size - 1) * s + s - 1
        return {
            (col, row)
            for row in range(self.size)
            for col in range(self.size)
            if self.bits >> (top - row * s - col) & 1
        }


def stride(size: int) -> int:
    """The bits a row of a code of ``size`` modules takes: whole bytes, four light at least."""
    return (size + 4 + 7) // 8 * 8


@lru_cache(maxsize=64)  # a code is per record: a large cache only grows a long batch's memory
def qr_code(value: str) -> Code:
    """A QR code (error correction M) of a value. ValueError when the value cannot be one.

    zxing-cpp encodes it with data mask 0 (or ``qr_encode`` makes that code from zxing-cpp's
    code of a value of the same shape), and the mask is chosen here: each mask only flips
    the same modules in every code of a size (the data modules its pattern marks, and the
    format information), so the eight candidates are mask 0's code with one of eight fixed
    bit masks applied, scored as ISO/IEC 18004 §7.8.3 scores them (``_best``). The code is
    the one zxing-cpp chooses itself (a test compares them), in a fraction of the time: its
    own choice builds and scores eight codes module by module."""
    from . import qr_encode

    pattern = qr_encode.pattern(value)
    if pattern is not None:  # a value of a shape zxing-cpp has shown the way for
        size = pattern.version.size
        base = pattern.encode(value)
    else:
        image = _image(value, 0)
        size = int(len(image) ** 0.5) - 2 * _QUIET
        base = _bits(image, size)
        qr_encode.learn(value, size, base, stride(size))
    grid = _grid(size, value)
    return Code(size, base ^ grid.flips[_best(base, grid)])


def _image(value: str, mask: int | None) -> bytes:
    """zxing-cpp's image of the code, a byte a module (dark 0), quiet zone included."""
    import zxingcpp

    options = {} if mask is None else {"data_mask": mask}
    try:
        code = zxingcpp.create_barcode(
            value, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **options
        )
    except ValueError as e:
        raise ValueError(f"cannot be a QR code ({e}): {value[:40]}…") from None
    image = memoryview(code.to_image(scale=1, add_quiet_zones=True))
    rows, cols = image.shape
    if rows != cols or rows <= 2 * _QUIET:  # not the square with its margin this code reads
        raise ValueError(f"cannot be a QR code (image {cols} × {rows}): {value[:40]}…")
    return image.tobytes()


def _bits(image: bytes, size: int) -> int:
    """zxing-cpp's image (quiet zone round it) as a Code's bits."""
    side = size + 2 * _QUIET
    gap = b"\xff" * (stride(size) - size)
    at = _QUIET * side + _QUIET
    rows = [image[at + r * side : at + r * side + size] + gap for r in range(size)]
    return int(b"".join(rows).translate(_BITS), 2)


class _Grid:
    """What scoring needs of a code's size: for each mask, the bits that turn mask 0's code
    into that mask's (from zxing-cpp's own codes of one value, encoded with each mask); for
    each direction the modules whose neighbour that way is in the code too (``pairs``); and
    for each mask and direction, where those flips make a module and its neighbour differ
    (``turns``: a candidate's pairs of one colour are its mask 0 code's, these switched)."""

    def __init__(self, size: int, value: str) -> None:
        codes = [_bits(_image(value, k), size) for k in range(8)]
        self.flips = [codes[0] ^ code for code in codes]
        s = self.stride = stride(size)
        code = int(("1" * size + "0" * (s - size)) * size, 2)
        self.pairs = (code & (code << 1), code & (code << s))
        row, column = self.pairs
        self.turns = [
            ((f ^ (f << 1) ^ row) & row, (f ^ (f << s) ^ column) & column) for f in self.flips
        ]
        self.size, self.modules = size, size * size


_GRIDS: dict[int, _Grid] = {}  # by size (a code's version): the same for every record


def _grid(size: int, value: str) -> _Grid:
    """The size's grid, made from the first code of that size (``value``) seen."""
    grid = _GRIDS.get(size)
    if grid is None:
        grid = _GRIDS[size] = _Grid(size, value)
    return grid


def _best(base: int, g: _Grid) -> int:
    """The mask of the lowest penalty, the lowest such mask on a tie (as zxing-cpp). A code's
    three finder patterns alone score 40 eighteen times in rule 3 (their middle rows and
    columns, with the edge of the code on one side), whatever the mask: a mask whose other
    rules' score plus those 720 cannot beat the best so far is not scored for rule 3."""
    partial = sorted(_penalties(base, g))
    best = (1 << 30, 8)
    for score, k in partial:
        if (score + 720, k) >= best:
            break  # the rest score at least as much, before rule 3
        best = min(best, (score + _finders(base ^ g.flips[k], g.stride), k))
    return best[1]


def _penalties(base: int, g: _Grid) -> list[tuple[int, int]]:
    """Each mask's penalty score (ISO/IEC 18004 §7.8.3, as zxing-cpp scores it) but for
    rule 3 (``_finders``), with the mask. ``x << k`` puts each module's k-th successor in
    the row (k × stride: in the column) in its place, so each feature is found everywhere
    at once:

    - a run of five or more modules of one colour in a row or column: 3, plus 1 for each
      module past five (a run of n holds n - 4 windows of five and n - 5 of six: three
      times the one less twice the other);
    - a 2 × 2 block of one colour: 3;
    - each full 5 % by which dark modules stray from half of all: 10.

    Every integer stays positive (a negative one, as ``~x`` makes, costs Python far more to
    combine)."""
    s = g.stride
    row, column = g.pairs
    # Where a module and the next are of one colour, in mask 0's code (a mask's turns
    # switch them).
    plain_row = (base ^ (base << 1)) & row
    plain_column = (base ^ (base << s)) & column
    out = []
    for k, (flip, (turn_row, turn_column)) in enumerate(zip(g.flips, g.turns, strict=True)):
        across = plain_row ^ turn_row
        down = plain_column ^ turn_column
        three = across & (across << 1)
        five = three & (three << 2)
        penalty = 3 * five.bit_count() - 2 * (five & (five >> 1)).bit_count()
        three = down & (down << s)
        five = three & (three << 2 * s)
        penalty += 3 * five.bit_count() - 2 * (five & (five >> s)).bit_count()
        penalty += 3 * (across & (across << s) & down).bit_count()
        share = abs(2 * (base ^ flip).bit_count() - g.modules) * 10 // g.modules
        out.append((penalty + 10 * share, k))
    return out


def _finders(dark: int, s: int) -> int:
    """Rule 3: 40 for each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) in a row or column
    with four light modules before or after it (outside the code reads as light: four light
    modules end every row, and nothing lies above or below)."""
    found = 0
    for step in (1, s):
        d1 = dark << step
        pair = dark & d1
        three = pair & (pair << step)
        finder = dark & (three << 2 * step) & (dark << 6 * step)  # dark at 0, 2 to 4, and 6
        two = dark | d1
        dark4 = two | (two << 2 * step)  # some dark module among four
        # Light at 1 and 5, and four light before or after.
        light = d1 | (dark << 5 * step) | (dark4 >> 4 * step) & (dark4 << 7 * step)
        found += (finder ^ finder & light).bit_count()
    return 40 * found


def operators(code: Code) -> str:
    """The code's dark modules as rectangles in module units (origin at the code's lower-left
    corner, rows counted up), ``col row width height re`` each: the size's fixed modules
    first (``_Places.fixed``: its finder patterns and timing row, when the code has them as
    every QR code does), then each other run of dark modules in a row, in reading order
    (``runs``)."""
    places = _places(code.size)
    if code.bits & places.fixed_mask == places.fixed_bits:
        return places.fixed + " " + runs(code.size, code.bits ^ places.fixed_bits)
    return runs(code.size, code.bits)


def runs(size: int, bits: int) -> str:
    """The runs of dark modules of a code's bits (a Code's layout), in reading order, as
    rectangles one module high: ``col row width 1 re`` a run.

    Found without a step a module or a run in Python: each module becomes two bytes, a dark
    one its own place in the code (``_Places``: two bytes that are no whitespace), a light one
    two spaces, so ``bytes.split`` cuts the code into its runs, each run's bytes naming where
    it starts and how long it is; a run's text is made once per process (``_Runs``) and
    looked up after. A row's four light modules at least, after its code, end its last run.
    The two bytes of eight modules at once: each byte of the bits looked up in its place's
    table of 256 (``_Places.pieces``), or for a large code (tables of tens of MB) spread to
    sixteen bits and masked with the places as one integer."""
    places = _places(size)
    if places.pieces:
        text = b"".join(map(getitem, places.pieces, bits.to_bytes(places.bytes)))
    else:
        dark = int.from_bytes(b"".join(map(_SPREAD.__getitem__, bits.to_bytes(places.bytes))))
        text = ((dark & places.dark) ^ places.light).to_bytes(2 * places.modules)
    found = places.runs
    if len(found) > _MAX_RUNS:  # a long batch's codes of one size: made again as they come
        found.clear()
    return " ".join(map(found.__getitem__, text.split()))


# Each byte of a Code's bits (eight modules) as eight two-byte units, all ones where dark.
_SPREAD = [
    b"".join(b"\xff\xff" if bits >> (7 - i) & 1 else b"\0\0" for i in range(8))
    for bits in range(256)
]
_MAX_RUNS = 50_000  # run texts kept a size (a few MB at most)
_TABLED = 57  # the largest code (version 10) drawn from tables of pieces (some 7 MB)


class _Runs(dict):
    """A run's text by its bytes (its first module's place, two bytes a module)."""

    def __init__(self, size: int) -> None:
        self.size, self.stride = size, stride(size)

    def __missing__(self, run: bytes) -> str:
        row, col = divmod((run[0] - 0x21) * 223 + run[1] - 0x21, self.stride)
        text = self[run] = f"{col} {self.size - 1 - row} {len(run) // 2} 1 re"
        return text


class _Places:
    """What ``runs`` needs of a code's size: the place of every module as two bytes of 0x21
    to 0xFF (no whitespace), and for each byte of a Code's bits (eight modules) the text of
    each of its 256 values (``pieces``): each dark module's place, two spaces for a light one.
    Past ``_TABLED``, the places as one integer in the Code's order with the light value (two
    spaces) taken out, so that ``(dark & places) ^ light`` is each dark module's place and
    each light module's spaces."""

    def __init__(self, size: int) -> None:
        self.modules = size * stride(size)
        self.bytes = self.modules // 8
        self.pieces = [_pieces(8 * j) for j in range(self.bytes)] if size <= _TABLED else []
        if not self.pieces:
            self.light = int.from_bytes(b"  " * self.modules)
            units = b"".join(bytes((0x21 + n // 223, 0x21 + n % 223)) for n in range(self.modules))
            self.dark = int.from_bytes(units) ^ self.light
        self.runs = _Runs(size)
        self.fixed_mask, self.fixed_bits, self.fixed = _fixed(size)


def _pieces(first: int) -> tuple[bytes, ...]:
    """The 256 texts of the eight modules from the ``first`` (the highest bit)."""
    halves = []
    for start in (first, first + 4):
        places = [bytes((0x21 + n // 223, 0x21 + n % 223)) for n in range(start, start + 4)]
        halves.append(
            [
                b"".join(places[i] if value >> (3 - i) & 1 else b"  " for i in range(4))
                for value in range(16)
            ]
        )
    high, low = halves
    return tuple(h + lo for h in high for lo in low)


def _fixed(size: int) -> tuple[int, int, str]:
    """What every code of a size has in one place, as (the modules, the dark ones among
    them, their rectangles): the three finder patterns (ISO/IEC 18004 §6.3.3) with the light
    separator column beside each, and row 6 whole (the finders' foot or top, separators, and
    the timing pattern between them, dark on even columns). Each of these rows' runs ends
    at a light module of the set (a separator, or a light timing module), so the runs left
    after taking them away are the code's own. Rectangles as ``operators`` writes them, rows
    counted up from the foot; a finder is its top, foot, two sides and centre."""
    s = stride(size)

    def bit(col: int, row: int) -> int:  # row counted down from the top, as in a Code
        return 1 << (size * s - 1 - row * s - col)

    mask = dark = 0
    rects = []
    for left, top in ((0, 0), (size - 7, 0), (0, size - 7)):
        for row in range(top, top + 7):
            for col in range(left, left + 7):
                mask |= bit(col, row)
                if max(abs(col - left - 3), abs(row - top - 3)) != 2:  # all but the light ring
                    dark |= bit(col, row)
            mask |= bit(7 if left == 0 else size - 8, row)  # the separator beside it
        for col, row, width, height in (
            (left, top, 7, 1),
            (left, top + 6, 7, 1),
            (left, top + 1, 1, 5),
            (left + 6, top + 1, 1, 5),
            (left + 2, top + 2, 3, 3),
        ):
            rects.append(f"{col} {size - row - height} {width} {height} re")
    for col in range(8, size - 8):  # the timing pattern of row 6
        mask |= bit(col, 6)
        if col % 2 == 0:
            dark |= bit(col, 6)
            rects.append(f"{col} {size - 7} 1 1 re")
    return mask, dark, " ".join(rects)


@lru_cache(maxsize=8)  # by the code's size: the same for every record of a batch
def _places(size: int) -> _Places:
    return _Places(size)


def draw_code(canvas: Any, code: Code, x: float, y: float, side: float) -> None:
    """Draw a code in the current fill colour in the square of ``side`` points whose lower-left
    corner is (x, y), with BORDER light modules inside it round the code."""
    from reportlab.lib.rl_accel import fp_str

    unit = side / (code.size + 2 * BORDER)
    u, origin = fp_str(unit), fp_str(x + BORDER * unit, y + BORDER * unit)
    canvas._code.append(f"q {u} 0 0 {u} {origin} cm {operators(code)} f Q")
