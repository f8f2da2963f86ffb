"""The certificate's signing line: a rule above the signatory's title and name, always drawn
(the signatory signs on it by hand), with a scanned signature standing on it when the event
gives one. Read back from the PDF's path, image and text objects (pdfium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from tests.pictures import logo_png

MM = 72 / 25.4
ROOT = Path(__file__).resolve().parents[1]
RECORD = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": "№ 82 мектеп"}
EVENTS = {
    "default": (None, {}, "Ұйымдастыру комитеті"),
    "kk-ru": (None, {"lang": "kk,ru"}, "Ұйымдастыру комитеті"),
    "latn": (None, {"script": "latn"}, "Ūiymdastyru komitetı"),
    "ru-event": (ROOT / "data" / "ru-event" / "article.ru.txt", {}, "Организационный комитет"),
}


def _objects(pdf: bytes, kind: int) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top, mm) of the page's objects of one kind."""
    page = pdfium.PdfDocument(pdf)[0]
    return [tuple(v / MM for v in o.get_bounds()) for o in page.get_objects() if o.type == kind]  # type: ignore[misc]


def _text_box(pdf: bytes, phrase: str) -> tuple[float, float, float, float]:
    """Bounds (mm) of a phrase's characters on the page."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    chars = [(text.get_text_range(i, 1), i) for i in range(text.count_chars())]
    plain = "".join(c if c.strip() else " " for c, _ in chars)
    at = plain.find(phrase)
    assert at >= 0, f"{phrase!r} not on the page"
    boxes = [text.get_charbox(i) for c, i in chars[at : at + len(phrase)] if c.strip()]
    return (
        min(b[0] for b in boxes) / MM,
        min(b[1] for b in boxes) / MM,
        max(b[2] for b in boxes) / MM,
        max(b[3] for b in boxes) / MM,
    )


def _signing_line(pdf: bytes, committee: str) -> tuple[float, float, float, float]:
    left, _, right, top = _text_box(pdf, committee)
    lines = [
        b
        for b in _objects(pdf, pdfium_c.FPDF_PAGEOBJ_PATH)
        if b[3] - b[1] < 1 and b[2] - b[0] >= 40 and 0.5 <= b[1] - top <= 6
    ]
    assert len(lines) == 1, f"no one signing line just above «{committee}»: {lines}"
    line = lines[0]
    assert line[0] <= left and abs(line[2] - right) < 1.5, (line, left, right)
    return line


@pytest.mark.parametrize("name", EVENTS)
def test_a_signing_line_stands_above_the_signatory(name):
    article, options, committee = EVENTS[name]
    pdf = build_pdf("certificate", load_event(article, **options), record=RECORD)
    line = _signing_line(pdf, committee)
    near = [b for b in _objects(pdf, pdfium_c.FPDF_PAGEOBJ_IMAGE) if abs(b[1] - line[1]) < 3]
    assert not near  # no scan: the line alone


def test_a_scanned_signature_stands_on_the_line(tmp_path):
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "fixtures" / "events" / "book-fair-full", folder)
    logo_png(folder / "signature.png", (1200, 300), (20, 40, 110))
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace("[event]\n", '[event]\nsignature = "signature.png"\n', 1)
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    pdf = build_pdf("certificate", load_event(folder / "article.kk.txt"), record=RECORD)
    line = _signing_line(pdf, "Ұйымдастыру комитеті")
    (scan,) = _objects(pdf, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    assert abs(scan[1] - line[1]) < 1.5 and scan[3] > line[3] + 5  # on the line, above it
    assert scan[2] <= line[2] + 0.5
