"""The event's time prints with its date, not after the address."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from generator.api import build_pdf
from tests.compose.test_vocab import edited_event


@pytest.mark.parametrize(
    ("lang", "with_date"), [("kk", "2026 жылғы 1 мамыр, 18:30"), ("ru", "1 мая 2026 г., 18:30")]
)
@pytest.mark.parametrize("product", ["poster", "trifold", "booklet"])
def test_the_time_prints_with_the_date_not_after_the_address(event_dir, product, lang, with_date):
    """The poster printed «ул. Аль-Фараби, 115, 18:30» (the time read as the house number), the
    tri-fold and the booklet «18:30» alone."""
    place = "ул. Аль-Фараби, 115"
    content = edited_event(event_dir, lang, place=place, time="18:30")
    pages = PdfReader(io.BytesIO(build_pdf(product, content))).pages
    lines = [" ".join(s.split()) for p in pages for s in p.extract_text().splitlines()]
    assert with_date in lines, lines
    assert not any(line.endswith("115, 18:30") for line in lines), lines
    assert any(line.endswith("115") for line in lines), lines
