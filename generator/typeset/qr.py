"""QR codes for a ``qr`` box: encoded by zxing-cpp, drawn as one vector path of rectangles.

zxing-cpp encodes (its writer, libzint: C++, well under a millisecond where ReportLab's Python
encoder takes over a hundred); the data mask is chosen as ISO/IEC 18004 §7.8.3 says, all eight
scored by their penalties and the lowest kept (``qr_code``).

The code is drawn in module units: one ``cm`` scales and places the grid, and each run of dark
modules in a row is one ``re`` of whole numbers (``12 27 5 1 re``), all in one path with one
fill. Whole numbers keep neighbouring runs edge to edge at any scale, and a code's operators
take about a third of the bytes they took with page coordinates (less to compress and store
on every certificate of a batch).
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from typing import Any

BORDER = 2  # light modules around the code, inside its box
_QUIET = 4  # the light modules zxing-cpp's image has around a code (no run crosses a row)
_DARK = re.compile(rb"1+")  # a run of dark modules in a code's image
_BITS = bytes.maketrans(b"\x00\xff", b"10")  # zxing-cpp's image (dark 0) as bits (dark 1)


@lru_cache(maxsize=64)  # a code is per record: a large cache only grows a long batch's memory
def qr_code(value: str) -> tuple[int, bytes]:
    """A QR code (error correction M) as its size in modules and its image, ``1`` a dark
    module and ``0`` a light one, row after row, with _QUIET light modules round it (so no
    run of dark modules crosses a row). ValueError when the value cannot be a QR code.

    zxing-cpp encodes it with data mask 0, and the mask is chosen here: each mask only flips
    the same modules in every code of a size (the data modules its pattern marks, and the
    format information), so the eight candidates are mask 0's image with one of eight fixed
    bit masks applied, scored as ISO/IEC 18004 §7.8.3 scores them (``_penalty``). The code
    is the one zxing-cpp chooses itself (a test compares them), in a fraction of the time:
    its own choice builds and scores eight codes module by module."""
    image = _image(value, 0)
    side = int(len(image) ** 0.5)
    base = int(image.translate(_BITS), 2)
    masks = _masks(side, value)
    best = _best(base, masks)
    return side - 2 * _QUIET, format(base ^ masks.flips[best], f"0{side * side}b").encode()


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


class _Masks:
    """What scoring needs of a code's size: for each mask, the bits that turn mask 0's image
    into that mask's (from zxing-cpp's own codes of one value, encoded with each mask), and
    for each direction the modules whose neighbour that way is in the code too."""

    def __init__(self, side: int, value: str) -> None:
        images = [int(_image(value, k).translate(_BITS), 2) for k in range(8)]
        self.flips = [images[0] ^ image for image in images]
        size = side - 2 * _QUIET
        row = "0" * _QUIET + "1" * size + "0" * _QUIET
        edge = "0" * side * _QUIET
        code = int(edge + row * size + edge, 2)
        self.pairs = (code & (code << 1), code & (code << side))
        self.side, self.modules = side, size * size


_SIZES: dict[int, _Masks] = {}  # by size (a code's version): the same for every record


def _masks(side: int, value: str) -> _Masks:
    """The size's masks, made from the first code of that size (``value``) seen."""
    masks = _SIZES.get(side)
    if masks is None:
        masks = _SIZES[side] = _Masks(side, value)
    return masks


def _best(base: int, m: _Masks) -> int:
    """The mask of the lowest penalty, the lowest such mask on a tie (as zxing-cpp). A code's
    three finder patterns alone score 40 eighteen times in rule 3 (their middle rows and
    columns, with the edge of the code on one side), whatever the mask: a mask whose other
    rules' score plus those 720 cannot beat the best so far is not scored for rule 3."""
    codes = [base ^ flip for flip in m.flips]
    partial = sorted((_penalty(dark, m), k) for k, dark in enumerate(codes))
    best = (1 << 30, 8)
    for score, k in partial:
        if (score + 720, k) >= best:
            break  # the rest score at least as much, before rule 3
        best = min(best, (score + _finders(codes[k], m), k))
    return best[1]


def _penalty(dark: int, m: _Masks) -> int:
    """A masked code's penalty score (ISO/IEC 18004 §7.8.3, as zxing-cpp scores it) but for
    rule 3 (``_finders``), its modules as the bits of one integer (``dark``), row after row,
    the quiet zone light. ``dark << k`` puts each module's k-th successor in the row (k ×
    side: in the column) in its place, so each feature is found everywhere at once:

    - a run of five or more modules of one colour in a row or column: 3, plus 1 for each
      module past five (a run of n holds n - 4 windows of five: those, plus 2 for its first);
    - a 2 × 2 block of one colour: 3;
    - each full 5 % by which dark modules stray from half of all: 10.

    Every integer stays positive (a negative one, as ``~x`` makes, costs Python far more to
    combine)."""
    s = m.side
    penalty = 0
    same = []
    for step, pairs in zip((1, s), m.pairs, strict=True):  # along rows, then columns
        one = (dark ^ (dark << step) ^ pairs) & pairs  # a module and the next of one colour
        same.append(one)
        three = one & (one << step)
        five = three & (three << 2 * step)
        penalty += five.bit_count() + 2 * (five ^ (five & (five >> step))).bit_count()
    across, down = same
    penalty += 3 * (across & (across << s) & down).bit_count()
    return penalty + 10 * (abs(2 * dark.bit_count() - m.modules) * 10 // m.modules)


def _finders(dark: int, m: _Masks) -> int:
    """Rule 3: 40 for each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) in a row or column
    with four light modules before or after it (outside the image reads as light)."""
    found = 0
    for step in (1, m.side):
        d1, d2, d3 = dark << step, dark << 2 * step, dark << 3 * step
        finder = dark & d2 & d3 & (dark << 4 * step) & (dark << 6 * step)
        finder ^= finder & (d1 | (dark << 5 * step))
        dark4 = dark | d1 | d2 | d3  # some dark module among four
        finder ^= finder & (dark4 >> 4 * step) & (dark4 << 7 * step)  # none before or after
        found += finder.bit_count()
    return 40 * found


def operators(size: int, image: bytes) -> str:
    """The code's dark runs as rectangles in module units (origin at the code's lower-left
    corner, rows counted up), in reading order: ``col row width 1 re`` a run.

    A row is read eight modules at a time: each eight-module piece (its column and its bits)
    has its runs' text made once per process (``_pieces``), with a mark where the row's number
    goes, so a code costs a lookup a piece rather than work a run. A run that reaches the end
    of a piece is carried on to the next one. The row's last piece runs into the quiet zone
    (light) on the right, which has room for it (_QUIET light modules and the next row's)."""
    side = size + 2 * _QUIET
    pieces, carried, split = _pieces(size)
    rows = []
    at = _QUIET * side + _QUIET
    for foot in range(size - 1, -1, -1):  # the top row first
        out = []
        start = -1  # the column where a run carried into the next piece began
        for bits, piece, carry in zip(split(image, at), pieces, carried, strict=True):
            if start < 0:
                text, start = piece[bits]
            else:
                end, text, last = carry[bits]
                if end < 0:
                    continue  # eight dark modules: the run goes on
                out.append(f"{start} \0 {end - start} 1 re")
                start = last
            if text:
                out.append(text)
        rows.append(" ".join(out).replace("\0", str(foot)))
        at += side
    return " ".join(filter(None, rows))


@lru_cache(maxsize=8)  # by the code's size: the same for every record of a batch
def _pieces(size: int) -> tuple[list[dict[bytes, tuple]], list[dict[bytes, tuple]], Any]:
    """For each eight-module piece of a row (its first column 8 × k), by its bits
    (``b"01100111"``): the text of the runs in it (``\\0`` for the row's number) and the
    column where a run reaching its end begins (-1: none); and, for a run carried into it
    from the piece before, the column where that run ends (-1: it goes on past the piece)
    before the same text and column, that run left out. Also what cuts a row of an image
    (from its offset) into its pieces' bits. Made whole, once a size: a batch's parent makes
    them before its workers fork."""
    plain: list[dict[bytes, tuple]] = []
    carried: list[dict[bytes, tuple]] = []
    for first in range(0, size, 8):
        plain.append({})
        carried.append({})
        for bits, runs in _RUNS:
            runs = [(first + a, first + b) for a, b in runs]
            last = runs.pop()[0] if runs and runs[-1][1] == first + 8 else -1
            texts = [f"{a} \0 {b - a} 1 re" for a, b in runs]
            plain[-1][bits] = (" ".join(texts), last)
            if bits[0] == ord("0"):
                end = first  # the carried run ends where the piece begins
            elif runs and runs[0][0] == first:
                end, texts = runs[0][1], texts[1:]
            else:
                end = -1  # all eight dark
            carried[-1][bits] = (end, " ".join(texts), last)
    split = struct.Struct("8s" * len(plain)).unpack_from
    return plain, carried, split


# Each eight-module piece's bits and its dark runs (start, end) within it.
_RUNS = [
    (bits, [m.span() for m in _DARK.finditer(bits)])
    for bits in (format(n, "08b").encode() for n in range(256))
]


def draw_code(canvas: Any, size: int, image: bytes, x: float, y: float, side: float) -> None:
    """Draw a code in the current fill colour in the square of ``side`` points whose lower-left
    corner is (x, y), with BORDER light modules inside it round the code."""
    from reportlab.lib.rl_accel import fp_str

    unit = side / (size + 2 * BORDER)
    u, origin = fp_str(unit), fp_str(x + BORDER * unit, y + BORDER * unit)
    canvas._code.append(f"q {u} 0 0 {u} {origin} cm {operators(size, image)} f Q")
