"""The tri-fold's quotations (fold-in, back and the inside pull quote): each attribution stands
clear of its quotation (at least an em of the quotation's size between the quotation's last
baseline and the attribution's capitals), read back from the PDF panel by panel for every
event that has quotations, Kazakh–Russian too."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from tests.e2e.test_booklet_quotes import EVENTS

PANEL = 99 * 72 / 25.4  # the panels are 97-100 mm wide: a row's first letter places it


def _rows(page: pdfium.PdfPage) -> list[tuple[int, float, float, str, float]]:
    """Each line of text by panel, top to bottom: (panel, baseline, size, text, top of ink)."""
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: dict[tuple[int, float, float], list] = {}
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        size = round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 1)
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        row = rows.setdefault((int(x.value // PANEL), round(y.value, 1), size), ["", -1e9])
        row[0] += ch
        row[1] = max(row[1], text.get_charbox(i)[3])
    return sorted(((p, b, s, t, top) for (p, b, s), (t, top) in rows.items()), key=_order)


def _order(row: tuple[int, float, float, str, float]) -> tuple[int, float]:
    return row[0], -row[1]


def _attributions(pdf: bytes) -> list[tuple[float, float, str]]:
    """(space below the quotation in ems of its size, the size, the attribution) for every
    attribution (small capitals) that follows a quotation's last line in its panel."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        rows = _rows(page)
        for above, row in zip(rows, rows[1:], strict=False):
            panel, _, size, text, top = row
            q_panel, q_base, q_size, q_text, _ = above
            if q_panel != panel:
                continue
            if size < 9 and q_size >= 9 and text.isupper() and q_text.endswith(("»", "“")):
                found.append(((q_base - top) / q_size, q_size, text))
    return found


@pytest.mark.parametrize("name", EVENTS)
def test_attribution_stands_clear_of_its_quotation(name):
    article, options = EVENTS[name]
    found = _attributions(build_pdf("trifold", load_event(article, **options)))
    assert found, "no quotation with an attribution found"
    for space, size, text in found:
        assert space >= 1.0, f"{text}: {space:.2f} em under a {size} pt quotation"
