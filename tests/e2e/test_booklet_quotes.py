"""The booklet's quotations page: each attribution stands clear of its quotation (at least an
em of the quotation's size between the quotation's last baseline and the attribution's
capitals), read back from the PDF for every event that has quotations, Kazakh–Russian too."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event

ROOT = Path(__file__).resolve().parents[1]
EVENTS = {
    "default": (None, {}),
    "default kk-ru": (None, {"lang": "kk,ru"}),
    "default latn": (None, {"script": "latn"}),
    "gratitude-ru": (ROOT / "fixtures" / "events" / "gratitude-ru" / "article.ru.txt", {}),
    "ru-event": (ROOT / "data" / "ru-event" / "article.ru.txt", {}),
    "dombyra-long": (ROOT / "fixtures" / "events" / "dombyra-long" / "article.kk.txt", {}),
}


def _rows(page: pdfium.PdfPage) -> list[tuple[float, float, str, float]]:
    """Each line of text, top to bottom: (baseline, font size, text, top of its ink)."""
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: dict[tuple[float, float], list] = {}
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        size = round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 1)
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        row = rows.setdefault((round(y.value, 1), size), ["", -1e9])
        row[0] += ch
        row[1] = max(row[1], text.get_charbox(i)[3])
    return sorted(((b, s, t, top) for (b, s), (t, top) in rows.items()), reverse=True)


def _attributions(pdf: bytes) -> list[tuple[float, float, str]]:
    """(space below the quotation in ems of its size, the size, the attribution) for every
    attribution (small capitals) that follows a quotation's last line."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        rows = _rows(page)
        for above, row in zip(rows, rows[1:], strict=False):
            _, size, text, top = row
            q_base, q_size = above[0], above[1]
            if size < 9 and q_size >= 10 and text.isupper() and above[2].endswith(("»", "“")):
                found.append(((q_base - top) / q_size, q_size, text))
    return found


@pytest.mark.parametrize("name", EVENTS)
def test_attribution_stands_clear_of_its_quotation(name):
    article, options = EVENTS[name]
    event = load_event(article, **options)
    found = _attributions(build_pdf("booklet", event))
    assert found, "no quotation with an attribution found"
    for space, size, text in found:
        assert space >= 1.0, f"{text}: {space:.2f} em under a {size} pt quotation"
