"""The subset cache changes speed, not bytes: a cache hit writes what ReportLab itself writes."""

from __future__ import annotations

from generator.api import build_pdf, load_event
from generator.press import flate_cache
from tests.conftest import pdf_text


def test_cache_hits_write_the_same_bytes_as_misses(event_dir):
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    # Letters no other test draws in the title face: the first build cannot hit the cache.
    lines[0] += " Ёжщъэю"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    event = load_event(article)
    hits = flate_cache.stats["hit"]
    first = build_pdf("poster", event)
    second = build_pdf("poster", event)
    third = build_pdf("poster", event)
    assert flate_cache.stats["hit"] > hits  # the third build was served from the cache
    assert first == second == third
    assert "Ёжщъэю" in pdf_text(third)
