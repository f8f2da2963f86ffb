"""Name badges as a print shop checks them: the photo clear of the ornament band, and no gap
where a record leaves its role empty (measured from the PDFs)."""

from __future__ import annotations

import pytest

from generator.api import build_pdf, load_event
from tests.e2e.test_hierarchy import text_lines
from tests.pictures import named, placements, quadrant_photo

RECORD = {"name": "Маржан Ким", "role": "волонтёр", "organisation": "Школа №7"}


def top_of(data: bytes, text: str) -> float:
    return next(y for t, _, y in text_lines(data) if t == text)


@pytest.mark.parametrize("template", ["badge", "badge-photo"])
def test_an_empty_role_leaves_no_gap(template):
    event = load_event()
    full = build_pdf(template, event, record={**RECORD, "photo": ""}, bleed_mm=0)
    bare = build_pdf(template, event, record={**RECORD, "role": "", "photo": ""}, bleed_mm=0)
    role = top_of(full, "волонтёр")
    # The organisation takes the role's line: where the role stood, not 5 mm under it.
    assert abs(top_of(bare, "Школа №7") - role) < 1.0
    assert top_of(full, "Школа №7") - role > 4.0


def test_the_photo_stands_clear_of_the_ornament_band(tmp_path):
    photo = quadrant_photo(tmp_path / "p.jpg", (600, 800))
    record = {**RECORD, "photo": photo.name}
    data = build_pdf("badge-photo", load_event(), record=record, images=tmp_path, bleed_mm=0)
    placed = placements(data)
    [(_, _, (_, y, _, h))] = [p for p in placed if p[1] == "Image"]
    band = min(top for _, _, (_, top, _, _) in named(placed, "Motif"))  # the ornament's motifs
    assert band - (y + h) >= 1.5, f"the photo ends {band - (y + h):.2f} mm above the ornament"
