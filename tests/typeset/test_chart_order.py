"""The chart's bars: largest first reads as a ranking, but years (or dates) keep their own
order: «2025» then «2026», as the facts file lists them, not 2026 first because it is larger.
facts.toml's [roles] chart_order says "value" or "file" outright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.api import build_pdf, load_event
from generator.errors import InputError
from tests.conftest import pdf_text

ROOT = Path(__file__).resolve().parents[2]
VISITS = """
[[facts]]
id = "visits_a"
value = 18000
print = "18 000"
caption = "{a}"
unit = "адам"
source = "18 000"

[[facts]]
id = "visits_b"
value = 25000
print = "25 000"
caption = "{b}"
unit = "адам"
source = "25 000"
"""


def _chart_text(tmp_path: Path, a: str, b: str, order: str | None = None) -> str:
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "content" / "unity-day", folder)
    facts = folder / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    roles = 'chart = ["visits_a", "visits_b"]'
    if order:
        roles += f'\nchart_order = "{order}"'
    text = text.replace('chart = ["small_assembly", "members"]  # both count people', roles)
    facts.write_text(text + VISITS.format(a=a, b=b), encoding="utf-8")
    article = folder / "article.kk.txt"
    words = article.read_text(encoding="utf-8").rstrip() + "\n18 000 және 25 000 адам келді.\n"
    article.write_text(words, encoding="utf-8")  # the facts' sources
    pdf = build_pdf("booklet", load_event(article))
    return pdf_text(pdf)


def _first(text: str, a: str, b: str) -> str:
    assert a in text and b in text, (a, b)
    return a if text.index(a) < text.index(b) else b


def test_years_keep_the_files_order(tmp_path):
    text = _chart_text(tmp_path, "2025 жылы келді", "2026 жылы келеді")
    assert _first(text, "2025 жылы келді", "2026 жылы келеді") == "2025 жылы келді"


def test_unordered_categories_go_largest_first(tmp_path):
    text = _chart_text(tmp_path, "кітапханаға келді", "саябаққа келді")
    assert _first(text, "кітапханаға келді", "саябаққа келді") == "саябаққа келді"


@pytest.mark.parametrize(("order", "first"), [("value", "b"), ("file", "a")])
def test_chart_order_says_it_outright(tmp_path, order, first):
    a, b = "2025 жылы келді", "саябаққа келді"
    text = _chart_text(tmp_path, a, b, order)
    assert _first(text, a, b) == {"a": a, "b": b}[first]


def test_a_wrong_chart_order_is_named(tmp_path):
    with pytest.raises(InputError, match="chart_order must be one of auto, value, file"):
        _chart_text(tmp_path, "a", "b", "size")
