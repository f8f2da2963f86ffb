"""A headline figure with a wide unit («12,4 млн ₸») on a poster with partners' logos: the row
over the logos has no room for a 2 × 2 grid, so the unit leads the caption and the poster
builds, its numbers all at one size and each within its column. Read back from the PDF."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf
from tests.pictures import event_with, logo_png

MM = 72 / 25.4


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    d = tmp_path_factory.mktemp("wide")
    logo_png(d / "p0.png", (800, 300), (200, 30, 60), pad=100)
    event_with(d, partners=["p0.png"])
    facts = d / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    assert 'print = "365"' in text
    facts.write_text(text.replace('print = "365"', 'print = "12,4 млн ₸"'), encoding="utf-8")
    from generator.api import load_event

    return load_event(d / "article.kk.txt", facts)


def _runs(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """The page's runs of characters at one size on one baseline: (text, size, left, right)."""
    import ctypes

    import pypdfium2.raw as c

    page = pdfium.PdfDocument(pdf)[0]
    tp = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: dict[tuple[float, float], list[tuple[float, float, str]]] = {}
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if not ch.strip():
            continue
        size = round(c.FPDFText_GetFontSize(tp.raw, i), 1)
        c.FPDFText_GetCharOrigin(tp.raw, i, x, y)
        left, _, right, _ = tp.get_charbox(i, loose=True)
        rows.setdefault((size, round(y.value, 1)), []).append((left, right, ch))
    runs = []
    for (size, _), chars in rows.items():
        chars.sort()
        run = [chars[0]]
        for ch in chars[1:]:
            if ch[0] - run[-1][1] > size / 2:  # more than a space apart: the next column's
                runs.append(("".join(c for *_, c in run), size, run[0][0], run[-1][1]))
                run = []
            run.append(ch)
        runs.append(("".join(c for *_, c in run), size, run[0][0], run[-1][1]))
    return runs


@pytest.mark.parametrize("size", ["A2", "A3", "A4"])
def test_a_wide_unit_leads_its_caption_over_the_partners(wide, size):
    pdf = build_pdf("poster", wide, size=size)
    runs = _runs(pdf)
    numbers = {t: (s, left, right) for t, s, left, right in runs if t in ("1995", "12,4", "471+")}
    assert set(numbers) == {"1995", "12,4", "471+"}, runs
    sizes = {s for s, _, _ in numbers.values()}
    assert len(sizes) == 1  # one size for all the numbers
    # One row (the designed four columns): the numbers share a baseline, left to right.
    lefts = sorted(left for _, left, _ in numbers.values())
    assert numbers["1995"][1] == lefts[0] and numbers["471+"][1] == lefts[-1]
    # «12,4» ends before the next number starts.
    assert numbers["12,4"][2] < numbers["471+"][1]
    # The unit stands at the head of its caption, smaller than the number.
    unit = [(t, s) for t, s, *_ in runs if t.startswith("млн₸")]
    assert unit and unit[0][1] < min(sizes) / 2, runs
