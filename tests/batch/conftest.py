"""Batch fixtures: data files made from the sample recipients, and PDF checks."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.resources import default_event_dir

MM = 72 / 25.4


def sample_rows() -> list[dict[str, str]]:
    with open(default_event_dir() / "recipients.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(
    path: Path, rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False
) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def rows200() -> list[dict[str, str]]:
    rows = sample_rows()
    return [dict(rows[i % len(rows)]) for i in range(200)]


@pytest.fixture(scope="session")
def data200(tmp_path_factory, rows200) -> Path:
    return write_csv(tmp_path_factory.mktemp("data") / "people.csv", rows200)


def extract(pdf: bytes | Path, page: int = 0) -> str:
    """A page's text, whitespace collapsed (line breaks inside a name become spaces)."""
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    text = PdfReader(io.BytesIO(data)).pages[page].extract_text()
    return re.sub(r"\s+", " ", text).strip()


def fonts_of(pdf: bytes) -> dict[str, dict]:
    """BaseFont → font dictionary, over every page and form XObject."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[str, dict] = {}

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for xobj in resources.get("/XObject", {}).values():
            xobj = xobj.get_object()
            if "/Resources" in xobj:
                visit(xobj["/Resources"])

    for p in reader.pages:
        visit(p.get("/Resources"))
    return fonts


def assert_print_ready(pdf: bytes, trim_mm: tuple[float, float]) -> None:
    """The checks every product passes: fonts embedded and subset, no base-14 font, page size."""
    from pypdf import PdfReader

    fonts = fonts_of(pdf)
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
        assert "/FontFile2" in font["/FontDescriptor"], name
    assert not re.search(rb"/(Helvetica|Times-Roman|Courier)\b", pdf)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        w, h = float(page.trimbox.width) / MM, float(page.trimbox.height) / MM
        assert abs(w - trim_mm[0]) < 0.1 and abs(h - trim_mm[1]) < 0.1, (w, h)


def text_by_position(pdf: bytes | Path, page: int = 0) -> list[str]:
    """A page's text runs in reading order by position (top to bottom, left to right), so two
    pages that draw the same text in another order compare equal."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf.read_bytes() if isinstance(pdf, Path) else pdf)
    text = doc[page].get_textpage()
    rects = [text.get_rect(i) for i in range(text.count_rects())]
    rects.sort(key=lambda r: (-round(r[3]), round(r[0])))
    runs = [re.sub(r"\s+", " ", text.get_text_bounded(*r)).strip() for r in rects]
    doc.close()
    return runs


def start_batch(data: Path, out: Path, workers: int, noted: int) -> subprocess.Popen:
    """`generator batch certificate` in its own process, returned once its journal notes
    ``noted`` finished files (or after a minute), so a test can act in the middle of it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", "certificate", "--data", str(data)]
        + ["--out", str(out), "--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    journal = out / ".batch-journal.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        lines = journal.read_bytes().splitlines() if journal.exists() else []
        if sum(1 for line in lines if line.strip()) >= noted:
            break
        time.sleep(0.005)
    return proc
