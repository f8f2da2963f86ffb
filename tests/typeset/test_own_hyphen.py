"""A double surname wider than its box even at the smallest size breaks after its own hyphen
(the hyphen ends the first line) before the record is said not to fit."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from generator.compose.template import load_template
from generator.errors import InputError

NAME = "Гүлжаһан Сәрсенбайқызы Жұмабайқызы-Айтмұхамбетова"


def _narrow_badge(template_copy, width_mm: float):
    folder = template_copy("badge")
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    box = 'name = "name"\ntype = "text"\nstyle = "name"\nvalign = "bottom"\nx = 5\ny = 15\nw = 80'
    assert box in text
    toml.write_text(text.replace(box, box[:-2] + f"{width_mm:g}"), encoding="utf-8")
    return load_template(folder)


def _lines(pdf: bytes) -> list[str]:
    return [ln.strip() for ln in PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()]


@pytest.mark.parametrize("width_mm", [50, 45])
def test_a_double_surname_breaks_after_its_own_hyphen(template_copy, width_mm):
    template = _narrow_badge(template_copy, width_mm)
    record = {"name": NAME, "role": "спикер", "organisation": "Университет"}
    lines = _lines(build_pdf(template, load_event(), record=record))
    i = lines.index("Жұмабайқызы-")
    assert lines[i + 1] == "Айтмұхамбетова"
    assert lines[i - 2 : i] == ["Гүлжаһан", "Сәрсенбайқызы"]


def test_a_name_that_fits_keeps_its_hyphenated_word_whole(template_copy):
    template = _narrow_badge(template_copy, 80)
    record = {"name": NAME, "role": "спикер", "organisation": "Университет"}
    assert "Жұмабайқызы-Айтмұхамбетова" in _lines(build_pdf(template, load_event(), record=record))


@pytest.mark.parametrize(
    ("width_mm", "name", "word"),
    [
        (30, "Айтмұхамбетовалар", "Айтмұхамбетовалар"),
        # Its parts too wide even broken: the error names the whole word, as written.
        (25, "Жұмабайқызы-Айтмұхамбетова", "Жұмабайқызы-Айтмұхамбетова"),
    ],
)
def test_a_word_too_wide_even_broken_still_fails_naming_it(template_copy, width_mm, name, word):
    template = _narrow_badge(template_copy, width_mm)
    record = {"name": name, "role": "", "organisation": ""}
    with pytest.raises(InputError, match=rf"field 'name' is too long .*«{word}» is wider"):
        build_pdf(template, load_event(), record=record)
