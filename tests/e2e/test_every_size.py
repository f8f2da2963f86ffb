"""Every template builds at every size it offers with every optional event detail present:
boxes scale with the page, the safe zone (a printer's distance) does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import build_pdf, list_templates, load_event
from tests.conftest import box_mm, pdf_text, squash
from tests.pictures import logo_png, quadrant_photo

EVENT = """[event]
name = "Бірлік фестивалі"
date = "2026-05-01"
organiser = "Қазақстан халқы Ассамблеясы хатшылығы"
place = "Астана, Тәуелсіздік сарайы, үлкен зал"
url = "https://assembly.kz/kk/birlik-kuni-2026"
year = 2026
time = "10:00"
logo = "logo.png"
photo = "photo.jpg"
partners = ["partner-a.png", "partner-b.png", "partner-c.png"]
signature = "signature.png"
"""

RECORD = {
    "name": "Әбілқайыр Нұрсұлтанұлы Жақыпбеков",
    "role": "ұйымдастыру комитетінің мүшесі",
    "organisation": "Алматы қаласы, №82 мектеп-гимназия",
}


@pytest.fixture(scope="module")
def full_event(tmp_path_factory):
    from generator.resources import default_event_dir

    folder = tmp_path_factory.mktemp("event")
    # Every picture too: each large enough for the biggest size a template offers.
    logo_png(folder / "logo.png", (900, 900), (200, 30, 60))
    quadrant_photo(folder / "photo.jpg", (5000, 3400))
    for name, size in (("a", (900, 300)), ("b", (500, 500)), ("c", (1400, 250))):
        logo_png(folder / f"partner-{name}.png", size, (20, 90, 180), pad=40)
    logo_png(folder / "signature.png", (1200, 300), (20, 40, 110))
    quadrant_photo(folder / "person.jpg", (600, 800))
    facts = (default_event_dir() / "facts.toml").read_text(encoding="utf-8")
    head, _, rest = facts.partition("[event]")
    rest = rest[rest.index("[[facts]]") :]  # the default event's own [event] table goes
    (folder / "facts.toml").write_text(head + EVENT + "\n" + rest, encoding="utf-8")
    article = default_event_dir() / "article.kk.txt"
    (folder / "article.kk.txt").write_bytes(article.read_bytes())
    return load_event(folder / "article.kk.txt", folder / "facts.toml")


CASES = [(t.name, size) for t in list_templates() for size in t.sizes]


@pytest.mark.parametrize(("name", "size"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_builds_with_every_optional_detail(full_event, name, size):
    template = next(t for t in list_templates() if t.name == name)
    record = {f: RECORD.get(f, "Мәтін") for f in template.fields} if template.fields else None
    if record and "photo" in record:
        record["photo"] = "person.jpg"  # beside the facts file
    folder = Path(full_event.facts.source).parent
    pdf = build_pdf(template, full_event, size=size, record=record, images=folder)
    w, h = template.size_mm(size)
    assert box_mm(pdf, "TrimBox") == pytest.approx((w, h), abs=0.1)
    text = squash(pdf_text(pdf).replace("\u00a0", " ")).casefold()
    if record:
        # The invitation addresses the guest by name and patronymic (no surname).
        name = "Әбілқайыр Нұрсұлтанұлы" if name == "invitation" else RECORD["name"]
        assert squash(name).casefold() in text
    # [event] name and date are printed where the design has a place: every template has one.
    assert "бірлік фестивалі" in text, text[:300]
    assert "2026 жылғы 1 мамыр" in text, text[:300]
