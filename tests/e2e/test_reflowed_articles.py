"""The brochures of each review event's article cut differently: every paragraph after the
title split at its first sentence (more, shorter paragraphs, so other columns end on other
paragraphs, and the last spread's balancing tries other splits). Each builds, and every
paragraph is in the PDF. Before the balancing search laid out again what it disturbed, the
dombyra-long tri-fold failed with ReportLab's "no attribute 'blPara'": a paragraph the search
could not split had forgotten its lines, and the search then kept the unbalanced columns."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.api import build_pdf, load_event
from tests.conftest import pdf_text
from tests.e2e.test_any_event import FIXTURES

EVENTS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
FIRST_WORD = re.compile(r"[^\W\d_]{4,}")


def _split_at_first_sentence(text: str) -> str:
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        head, dot, rest = line.partition(". ")
        out += [head + ".", rest] if dot and rest.strip() else [line]
    return "\n".join(out)


@pytest.mark.parametrize("name", EVENTS)
def test_every_event_cut_into_more_paragraphs_builds_both_brochures(name, tmp_path):
    source = FIXTURES / name
    shutil.copytree(source, tmp_path / name)
    article = next((tmp_path / name).glob("article.*.txt"))
    text = _split_at_first_sentence(article.read_text(encoding="utf-8"))
    article.write_text(text, encoding="utf-8")
    event = load_event(article)
    paragraphs = [p for p in text.split("\n")[1:] if p.strip()]
    for product in ("trifold", "booklet"):
        found = pdf_text(build_pdf(product, event, bleed_mm=0))
        found = re.sub(r"[-\u00ad\ufffe]\s*", "", found)  # words cut at line ends, joined
        missing = [p for p in paragraphs if (w := FIRST_WORD.search(p)) and w.group() not in found]
        assert not missing, (product, missing[:3])
