"""A photo's subject (facts.toml photo_focus) lands where the template keeps clear for it
(`focus_at`): the tri-fold's cover put it in the middle, under the logo, whatever the focus."""

from __future__ import annotations

import pytest

from generator.compose.template import load_template
from generator.resources import templates_dir
from generator.typeset.picture_box import fit


def _landed(focus, at):
    """Where (fractions of the box) a focus of a 3:2 picture lands in a square box."""
    rect = (0, 0, 100, 100)
    _, (left, top, right, bottom) = fit((0, 0, 300, 200), rect, "cover", "", "", focus, at)
    return ((focus[0] * 300 - left) / (right - left), (focus[1] * 200 - top) / (bottom - top))


def test_the_focus_lands_where_the_box_says():
    assert _landed((0.5, 0.5), (0.5, 0.5)) == pytest.approx((0.5, 0.5))
    assert _landed((0.4, 0.5), (0.15, 0.5)) == pytest.approx((0.15, 0.5))
    assert _landed((0.4, 0.5), (0.5, 0.5)) == pytest.approx((0.5, 0.5))  # centred: the logo
    # as near as the picture allows: a subject at its left edge stays at the box's left
    assert _landed((0.05, 0.5), (0.5, 0.5))[0] == pytest.approx(0.075)


def test_the_trifold_cover_keeps_the_subject_beside_its_logo():
    template = load_template(templates_dir() / "trifold")
    boxes = {b.name: b for p in template.pages for b in p.boxes}
    photo, logo = boxes["cover_photo"], boxes["cover_logo"]
    at = photo.opt("focus_at")
    x = photo.x + at[0] * photo.w
    y = photo.y + at[1] * photo.h
    inside = logo.x <= x <= logo.x + logo.w and logo.y <= y <= logo.y + logo.h
    assert not inside, (x, y)
