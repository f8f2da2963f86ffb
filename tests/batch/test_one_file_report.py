"""What a --single-file or --merge run says: one file holding many records (the summary
read «1 written, 0 unchanged, 0 failed of 2 records»: one of two documents made?), and in
report.csv the page each record begins on in that file."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli

from .conftest import extract, sample_rows, write_csv


def _data(tmp_path, n: int):
    """n records and, after the second, a row with a comma nobody quoted (it fails alone)."""
    rows = sample_rows()[:n]
    path = write_csv(tmp_path / "people.csv", rows)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "Ержан Болатов,мұғалім,Алматы қаласы, №82 мектеп\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path, rows


def _report(out):
    return list(csv.DictReader(io.StringIO((out / "report.csv").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("template", ["certificate", "badge"])  # a page a record; N-up sheets
def test_single_file_says_records_pages_and_the_page_of_each(tmp_path, template):
    data, rows = _data(tmp_path, 10)
    out = tmp_path / "out"
    code, printed, err = run_cli(
        "batch", template, "--data", str(data), "--out", str(out), "--single-file"
    )
    assert code == 1 and "row 4: 4 cells but 3 columns" in err
    pdf = out / f"{template}-all.pdf"
    pages = len(PdfReader(pdf).pages)
    assert (
        f"1 file written, {pdf.name}: 10 of 11 records on {pages} page"
        f"{'' if pages == 1 else 's'}, 1 failed, into {out}"
    ) in printed
    assert "1 written" not in printed and "of 11 records into" not in printed
    report = _report(out)
    assert [line["row"] for line in report] == [str(r) for r in range(2, 13)]
    failed = report.pop(2)
    assert failed["status"] == "failed" and not failed["page"] and not failed["file"]
    for line, rec in zip(report, rows, strict=True):
        assert line["status"] == "written" and line["file"] == pdf.name
        page = int(line["page"])
        # The record is on the page the report gives (its family name: names may wrap).
        assert rec["name"].split()[-1] in extract(pdf, page - 1), (line, rec["name"])
    assert int(report[-1]["page"]) <= pages
    code, again, _ = run_cli(
        "batch", template, "--data", str(data), "--out", str(out), "--single-file"
    )
    assert f"1 file unchanged, {pdf.name}: 10 of 11 records on {pages} page" in again
    assert [line["page"] for line in _report(out) if line["page"]] == [
        line["page"] for line in report
    ]


def test_merge_names_the_records_and_pages_of_its_one_file(tmp_path):
    data = write_csv(tmp_path / "people.csv", sample_rows()[:3])
    out = tmp_path / "out"
    code, printed, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", str(out), "--merge"
    )
    assert code == 0, err
    pdf = out / "certificate-all.pdf"
    assert len(PdfReader(pdf).pages) == 3
    assert "3 written, 0 unchanged, 0 failed of 3 records" in printed  # a file a record
    assert f"wrote {pdf} (3 records on 3 pages)" in printed
    assert all(line["file"] != pdf.name and not line["page"] for line in _report(out))


def test_one_file_sent_to_a_store_is_named_too(tmp_path):
    pytest.importorskip("fsspec")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:2])
    code, printed, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", "memory://idef-one", "--single-file"
    )
    assert code == 0, err
    assert "1 file written, certificate-all.pdf: 2 of 2 records on 2 pages" in printed
