"""Single-file mode writes pages as it makes them: memory does not grow with the page count,
fonts are embedded once, and every page is its record's page."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from pypdf import PdfReader

from generator.batch.run import run_batch

from .conftest import extract, fonts_of, sample_rows, write_csv

# In a fresh interpreter: build N certificates into one file, print the peak RSS (KiB).
_CHILD = """
import csv, json, resource, sys, tempfile
from pathlib import Path
from generator.batch.run import run_batch
n, rows = int(sys.argv[1]), json.loads(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    data = Path(tmp) / "people.csv"
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["name"] += f" {i}"  # every page its own text
            w.writerow(row)
    result = run_batch("certificate", data, out=Path(tmp) / "out", single_file=True)
    assert result.ok and result.written, result.failures[:3]
    pages = json.loads((Path(tmp) / "out" / "manifest.json").read_text())["files"]
    # The writer's peak or its largest worker's, whichever is higher.
    rss = max(resource.getrusage(who).ru_maxrss
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"rss": rss, "pages": next(iter(pages.values()))["pages"]}))
"""


def _peak(n: int) -> dict:
    rows = json.dumps(sample_rows())
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(n), rows], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_5000_pages_in_the_memory_of_500():
    small, large = _peak(500), _peak(5000)
    assert small["pages"] == 500 and large["pages"] == 5000
    assert large["rss"] <= small["rss"] * 1.10, (small, large)


def test_one_file_fonts_once_every_page_its_record(tmp_path):
    rows = sample_rows()[:30]
    data = write_csv(tmp_path / "p.csv", rows)
    result = run_batch("certificate", data, out=tmp_path / "out", single_file=True)
    assert result.ok
    pdf = result.written[0].read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 30
    # Each face embedded once for the whole file: the constant parts' two and the records' one.
    faces = sorted(name.split("+", 1)[1] for name in fonts_of(pdf))
    assert faces == ["NotoSansDisplay-Black", "PTSans-Regular", "PTSerif-Bold"]
    assert pdf.count(b"/FontFile2") == 3
    for i in (0, 13, 29):
        assert rows[i]["name"].split()[0] in extract(pdf, i)
    again = run_batch("certificate", data, out=tmp_path / "again", single_file=True, force=True)
    assert again.written[0].read_bytes() == pdf  # deterministic


def test_the_same_book_with_one_worker_or_two(tmp_path):
    rows = sample_rows()
    data = write_csv(tmp_path / "p.csv", [dict(rows[i % len(rows)]) for i in range(150)])
    books = [
        run_batch("certificate", data, out=tmp_path / str(w), single_file=True, workers=w)
        for w in (1, 2)
    ]
    assert books[1].workers == 2
    assert books[0].written[0].read_bytes() == books[1].written[0].read_bytes()


def test_pages_with_letters_the_seed_lacks_are_drawn_by_the_writer(tmp_path):
    from generator.batch.book import record_chars
    from generator.batch.jobs import Job
    from generator.batch.single import stream_book
    from generator.resources import templates_dir

    job = Job(str(templates_dir() / "certificate"))
    rows = [(i + 2, r) for i, r in enumerate(sample_rows() * 3)]
    half = set().union(*(record_chars(f) for _, f in rows[:10]))
    assert set().union(*(record_chars(f) for _, f in rows)) - half  # letters of their own
    books = []
    for w in (1, 2):
        facts, failures = stream_book(job, rows, len(rows), tmp_path / f"{w}.pdf", {}, w, half)
        assert facts["pages"] == len(rows) and not failures
        books.append((tmp_path / f"{w}.pdf").read_bytes())
    assert books[0] == books[1]
    pdf = books[0]
    assert pdf.count(b"/FontFile2") == 3  # each face once, however the pages were drawn
    for i in (0, 10, len(rows) - 1):
        assert rows[i][1]["name"].split()[0] in extract(pdf, i)


def test_records_the_normaliser_changes_are_drawn_by_their_worker(tmp_path):
    # O'Connor prints O’Connor, "…" prints «…», a spaced hyphen a dash: the seed has the
    # characters a record prints as normalised, not only as typed, so no such page is sent
    # back to the writer to be laid out a second time.
    from generator.batch.book import draw_chunk, font_seed, record_chars
    from generator.batch.jobs import Job
    from generator.resources import templates_dir

    job = Job(str(templates_dir() / "certificate"))
    typed = [
        {"name": "Шон O'Connor", "role": 'клуб "Алау" - жетекші', "organisation": "ЖШС..."},
        {"name": "Д'Артаньян Әлия", "role": 'ерікті — "Жас Отан"', "organisation": "ҚР ..."},
    ]
    chars = set().union(*(record_chars(f) for f in typed))
    assert not chars & set("’«»–…")  # what the page prints, the data does not have
    seed = font_seed(job, 3.0, chars, "")
    drawn = draw_chunk(job, 3.0, seed, [(i + 2, f, "") for i, f in enumerate(typed)])
    assert [item[0] for item in drawn] == ["page", "page"]
