"""Records that fail: left out of what is handed over, never counted as built, no file named."""

from __future__ import annotations

import csv
import re

from tests.batch.conftest import sample_rows, write_csv
from tests.conftest import run_cli


def _report(out):
    with open(out / "report.csv", encoding="utf-8") as f:
        return {r["row"]: r for r in csv.DictReader(f)}


def test_a_failed_row_names_no_file_and_counts_in_no_variant_summary(tmp_path):
    """report.csv gave a failed row the file name it would have had (0003-….pdf), never
    written; and the «no variant» count took in records that were never built."""
    rows = sample_rows()[:3]
    for r in rows:
        r["role"] = "гость"  # no variant of its own: the default
    rows[1]["name"] = ""  # fails: the name is required
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    code, said, err = run_cli("batch", "badge", "--data", str(data), "--out", str(out))
    assert code == 1 and "row 3: field 'name' is empty" in err, err
    assert "2 records have no variant" in said, said
    report = _report(out)
    assert report["3"]["status"] == "failed" and report["3"]["file"] == ""
    assert "no variant" not in report["3"]["message"]
    assert not (out / report["2"]["file"].replace("0002", "0003")).exists()
    assert report["2"]["status"] == "written" and (out / report["2"]["file"]).is_file()


def test_a_run_where_every_record_fails_hands_over_nothing_and_keeps_an_earlier_run(tmp_path):
    """Every record failing wrote an empty verify.csv, verify.json and zip (over those of an
    earlier good run) and said «3 records have no variant». Now it writes report.csv alone and
    leaves the earlier run's hand-over files as they were (its documents are still there)."""
    rows = sample_rows()[:3]
    good = write_csv(tmp_path / "good.csv", rows)
    out = tmp_path / "out"
    code, said, _ = run_cli("batch", "badge", "--data", str(good), "--out", str(out), "--zip")
    assert code == 0, said
    before = {n: (out / n).read_bytes() for n in ("verify.csv", "verify.json", "badge-all.zip")}
    assert len((out / "verify.csv").read_text(encoding="utf-8").splitlines()) == 4
    for r in rows:
        r["name"], r["role"] = "", "гость"
    bad = write_csv(tmp_path / "bad.csv", rows)
    fresh = tmp_path / "fresh"
    for folder in (out, fresh):
        code, said, err = run_cli(
            "batch", "badge", "--data", str(bad), "--out", str(folder), "--zip"
        )  # fmt: skip
        assert code == 1 and "field 'name' is empty" in err, err
        assert "0 written, 0 unchanged, 3 failed of 3 records" in said, said
        assert "no variant" not in said, said
        assert "no document issued" in said, said
        assert not re.search(r"^wrote .*(verify|zip)", said, re.M), said
        assert {r["status"] for r in _report(folder).values()} == {"failed"}
        kept = "kept as an earlier run wrote them: verify.csv, verify.json, badge-all.zip"
        assert (kept in said) == (folder == out), said
    assert sorted(p.name for p in fresh.iterdir() if not p.name.startswith(".")) == ["report.csv"]
    assert {n: (out / n).read_bytes() for n in before} == before
