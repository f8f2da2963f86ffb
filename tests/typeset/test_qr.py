"""A QR code is drawn as one path of whole-module rectangles under one ``cm`` that puts the
code in its box: its finder patterns and timing row as a size's fixed rectangles, then a run
of dark modules each; every dark module once, nothing else, in the box's square inside its
light border."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest

from generator.api import build_pdf, load_event
from generator.typeset import qr_encode
from generator.typeset.qr import (
    _QUIET,
    BORDER,
    Code,
    _bits,
    _image,
    _places,
    operators,
    qr_code,
    runs,
    stride,
)

MM = 72 / 25.4
VALUES = [
    "https://example.kz/verify?id=2026-0042",
    "A",
    "https://example.kz/verify?id=" + "7" * 120,  # a larger version, with alignment patterns
    "Қатысушы №12 — Әлия Нұрланқызы",
]


def _modules(code: Code) -> set[tuple[int, int]]:
    """The dark modules of a code as (column, row counted up from the foot)."""
    return {(col, code.size - 1 - row) for col, row in code.dark()}


def _own_choice(value: str) -> Code:
    """zxing-cpp's code of a value, its mask its own choice."""
    image = _image(value, None)
    size = int(len(image) ** 0.5) - 2 * _QUIET
    return Code(size, _bits(image, size))


def test_the_mask_is_the_one_zxing_cpp_chooses() -> None:
    """qr_code scores the eight masks itself: the code is zxing-cpp's own choice (its
    penalties, ISO/IEC 18004 §7.8.3), for codes of many sizes."""
    import random

    rnd = random.Random(7)
    letters = "abcXYZ0123456789/:?=&-._ %№Әә"
    values = [*VALUES, *(f"https://example.kz/verify?id=2026-{n:04}" for n in range(60))]
    values += ["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 300))) for _ in range(150)]
    sizes = set()
    for value in values:
        code = qr_code(value)
        assert code == _own_choice(value), value
        sizes.add(code.size)
    assert len(sizes) >= 8  # versions 1 to 8 at least: alignment and version information


KINDS = {
    "n": "0123456789",
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
    "b": "abcdefghijklmnopqrstuvwxyz?=&_#!~'()[]{}<>@^`|;,\"\\",
}


def test_codes_made_from_a_pattern_are_zxing_cpps() -> None:
    """Values of one shape (digits, letters and others in the same places) after the second
    are made from its code without zxing-cpp: the same codes as zxing-cpp's, for shapes of
    every mix of segments and versions 1 to 10, and values made so decode to themselves."""
    import random

    import zxingcpp

    rnd = random.Random(3)
    shapes = ["bbbbbbbbbbbbbbbbbbbbbbbbbbbbbnnnnannnn"]  # a verification address
    for length in (1, 4, 9, 17, 26, 40, 61, 90, 120, 160, 200):
        for mix in ("n", "a", "b", "nab", "nnnnnnab", "bbbbbn", "aaan"):
            shapes.append("".join(rnd.choice(mix) for _ in range(length)))
    made = 0
    seen = set()
    for shape in shapes:
        for n in range(5):
            value = "".join(rnd.choice(KINDS[k]) for k in shape)
            fast = qr_encode.pattern(value) is not None
            code = qr_code(value)
            assert code == _own_choice(value), value
            made += fast
            seen.add(code.size)
            if fast and n == 4:
                image = _image_of(code)
                assert zxingcpp.read_barcode(image).text == value
    # The first two of a shape are zxing-cpp's (the second makes the pattern), the others
    # made from it (all but a few shapes).
    assert made >= 2.5 * len(shapes)
    assert {17 + 4 * v for v in range(1, 11)} <= seen


def _image_of(code: Code) -> Any:
    """A code drawn four pixels a module, with its quiet zone, as a greyscale image."""
    from PIL import Image

    side = code.size + 8
    image = Image.new("L", (side, side), 255)
    for col, row in code.dark():
        image.putpixel((col + 4, row + 4), 0)
    return image.resize((4 * side, 4 * side), Image.NEAREST)


def test_values_outside_ascii_are_zxing_cpps_alone() -> None:
    value = "Қатысушы №12 — Әлия Нұрланқызы"
    assert qr_code(value) == _own_choice(value)
    assert qr_encode.shape(value) is None and qr_encode.pattern(value) is None


def _rectangles(text: str) -> list[tuple[int, int, int, int]]:
    words = text.split()
    assert len(words) % 5 == 0 and words[4::5] == ["re"] * (len(words) // 5)
    return [tuple(int(w) for w in words[i : i + 4]) for i in range(0, len(words), 5)]


@pytest.mark.parametrize("value", VALUES)
def test_each_dark_module_is_covered_once_by_a_rectangle(value: str) -> None:
    code = qr_code(value)
    rects = _rectangles(operators(code))
    covered = [
        (c, r) for col, row, w, h in rects for c in range(col, col + w) for r in range(row, row + h)
    ]
    assert len(covered) == len(set(covered))  # no module twice
    assert set(covered) == _modules(code)
    # Taller than a module: only a finder pattern's sides and centre, 5 and 3 high.
    tall = [(w, h) for _, _, w, h in rects if h > 1]
    assert sorted(tall) == [(1, 5)] * 6 + [(3, 3)] * 3
    # one rectangle a run: no two one-module-high rectangles of a row touch
    ends = {(col + w, row) for col, row, w, h in rects if h == 1}
    starts = {(col, row) for col, row, w, h in rects if h == 1}
    assert not ends & starts


def test_a_codes_fixed_patterns_are_written_once_a_size_and_its_runs_after() -> None:
    """The finder patterns and the timing row, the same in every code of a size, are one
    text made once (a finder five rectangles); the rest are the code's runs with those
    modules taken away. Bits without finder patterns (no QR code) are runs alone."""
    for value in VALUES:
        code = qr_code(value)
        places = _places(code.size)
        fixed = _rectangles(places.fixed)
        assert len(fixed) == 3 * 5 + (code.size - 16 + 1) // 2  # the timing row's dark ones
        rest = code.bits & ~places.fixed_mask
        assert operators(code) == places.fixed + " " + runs(code.size, rest)
    light = Code(21, 0)  # not a QR code: written as its runs
    assert operators(light) == runs(21, 0) == ""


def _runs_one_by_one(code: Code) -> str:
    """The rectangles operators writes, found module by module: each run of dark modules in
    a row, top row first, as ``col row width 1 re``."""
    size = code.size
    dark = code.dark()
    out = []
    for row in range(size):
        start = None
        for col in range(size + 1):
            if (col, row) in dark and start is None:
                start = col
            elif (col, row) not in dark and start is not None:
                out.append(f"{start} {size - 1 - row} {col - start} 1 re")
                start = None
    return " ".join(out)


def test_runs_are_read_across_the_bytes_of_a_row() -> None:
    """runs cuts the code into runs as bytes (two a module) and looks up each run's
    text: runs that start or end at a byte's edge of the code's bits, span bytes or fill a
    whole row come out as one rectangle each, as read module by module (codes of several
    sizes up to the largest, 177 modules, and made-up codes with long runs)."""
    import random

    rnd = random.Random(11)
    codes = [qr_code(v) for v in VALUES]
    codes += [qr_code(f"https://example.kz/verify?id=2026-{n:04}") for n in range(40)]
    for size in (21, 25, 29, 33, 57, 177):
        light = "0" * (stride(size) - size)
        for dark in (0.5, 0.8, 0.95):  # the share of dark modules: longer runs as it grows
            cells = [
                "".join("1" if rnd.random() < dark else "0" for _ in range(size))
                for _ in range(size)
            ]
            cells[0] = "1" * size  # a whole row dark
            cells[1] = (("1" * 8 + "0" * 8) * 12)[:size]  # runs that fill bytes exactly
            cells[2] = (("0" * 7 + "1" * 2) * 20)[:size]  # runs across bytes' edges
            codes.append(Code(size, int("".join(row + light for row in cells), 2)))
    for code in codes:
        assert runs(code.size, code.bits) == _runs_one_by_one(code)


def test_runs_are_the_same_when_their_texts_are_made_again(monkeypatch) -> None:
    """A long batch's run texts are dropped past a limit and made again: the same text."""
    from generator.typeset import qr

    codes = [qr_code(f"https://example.kz/verify?id=2026-{n:04}") for n in range(5)]
    before = [operators(code) for code in codes]
    monkeypatch.setattr(qr, "_MAX_RUNS", 10)
    assert [operators(code) for code in codes] == before
    assert len(qr._places(codes[0].size).runs) <= 10 + len(before[-1].split()) // 5


def test_the_certificate_code_fills_its_box_in_module_units(event_dir) -> None:
    facts = event_dir / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("[event]\n", '[event]\nverify_url = "https://example.kz/verify"\n', 1),
        encoding="utf-8",
    )
    event = load_event(event_dir / "article.kk.txt")
    record = {"name": "Әлия Нұрланқызы Сейітова", "role": "", "organisation": ""}
    pdf = build_pdf("certificate", event, record=record, context={"serial": "№ 2026-0042"})
    code = qr_code("https://example.kz/verify?id=2026-0042")
    size = code.size
    unit = 20 * MM / (size + 2 * BORDER)  # the template's box: 20 mm square at (95, 246) mm

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        left, _, _, top = (float(v) for v in page.TrimBox)
        ops = pikepdf.parse_content_stream(page)
    ctm, stack, rects, fills = (1.0, 0.0, 0.0), [], [], []
    inside = False  # within the code's q ... Q
    for operands, op in ops:
        op = str(op)
        if op == "q":
            stack.append((ctm, inside))
        elif op == "Q":
            ctm, inside = stack.pop()
        elif op == "cm":
            a, _, _, d, e, f = (float(v) for v in operands)
            s, x, y = ctm
            ctm = (s * a, x + s * e, y + s * f)
            inside = inside or (a == d and abs(a * s - unit) < 1e-4)
        elif op == "re" and inside:
            rects.append((ctm, [float(v) for v in operands]))
        elif op in ("f", "f*") and inside:
            fills.append(op)
    assert len(fills) == 1  # one path, one fill
    (s, x0, y0), _ = rects[0]
    assert all(r[0] == (s, x0, y0) for r in rects)  # one transform for the whole code
    assert all(v == int(v) for _, r in rects for v in r)  # whole modules
    drawn = {
        (int(c) + k, int(r) + j)
        for _, (c, r, w, h) in rects
        for k in range(int(w))
        for j in range(int(h))
    }
    assert drawn == _modules(code)
    # The code's lower-left corner: the box's, in by the light border; the finders reach
    # the code's other corners, so the code has its full size.
    assert x0 == pytest.approx(left + 95 * MM + BORDER * unit, abs=0.01)
    assert y0 == pytest.approx(top - 266 * MM + BORDER * unit, abs=0.01)
    assert max(c for c, _ in drawn) == max(r for _, r in drawn) == size - 1
