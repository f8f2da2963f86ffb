"""The certificate's name, of one to three lines, stands clear of the role under it."""

from __future__ import annotations

from itertools import pairwise

import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf, load_event
from generator.resources import default_event_dir

MM = 72 / 25.4
NAMES = [
    "Әлия Серікқызы",
    "Мұхамедқалиева-Сәрсенбаева Жанар Қуанышқызы",
    "Мұхамедқалиева-Сәрсенбаева Жанаргүл Қуанышбекқызы Абдрахманова-Тұрсынбаева",
]


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_the_role_stands_clear_under_a_name_of_up_to_three_lines(lines):
    """A three-line name's role line stood 2.6 mm under it, hardly more than the 1.4 mm
    between the name's own lines (a one-line name stands 11 mm clear)."""
    name = NAMES[lines - 1]
    record = {"name": name, "role": "спортшы", "organisation": "Қарағанды университеті"}
    pdf = build_pdf(
        "certificate", load_event(default_event_dir() / "article.kk.txt"), record=record
    )
    page = pdfium.PdfDocument(pdf)[0]
    height, text = page.get_size()[1], page.get_textpage()
    runs = [text.get_rect(i) for i in range(text.count_rects())]
    runs = [
        (text.get_text_bounded(*r).strip(), (height - r[3]) / MM, (height - r[1]) / MM)
        for r in runs
    ]
    name_lines = [r for r in runs if r[0] and r[0].split()[0] in name.split()]
    [role] = [r for r in runs if r[0].lower() == "спортшы"]
    assert len(name_lines) == lines, runs
    gap = role[1] - max(r[2] for r in name_lines)
    assert gap >= 4.5, f"the role stands {gap:.1f} mm under the name"
    between = [b[1] - a[2] for a, b in pairwise(name_lines)]
    assert all(gap > 2.5 * g for g in between), (gap, between)
