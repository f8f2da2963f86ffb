"""Two batches into one folder: the second refuses at once, naming the first's process; the
first is not disturbed and finishes whole."""

from __future__ import annotations

from pypdf import PdfReader

from generator.batch.run import run_batch
from tests.conftest import run_cli

from .conftest import start_batch, write_csv


def test_a_second_batch_into_a_folder_in_use_refuses_and_the_first_completes(tmp_path, rows200):
    rows = rows200 * 2
    data = write_csv(tmp_path / "many.csv", rows)
    out = tmp_path / "out"
    first = start_batch(data, out, workers=1, noted=2)
    code, _, err = run_cli("batch", "certificate", "--data", str(data), "--out", str(out))
    still_running = first.poll() is None
    stdout, stderr = first.communicate(timeout=120)
    assert still_running, "the first batch finished before the second started"
    assert code == 1
    assert f"{out}: the folder is in use by another batch (process {first.pid}" in err
    assert "wait for it to finish or choose another --out" in err
    assert "internal error" not in err and "Traceback" not in err
    assert first.returncode == 0, stderr
    assert "internal error" not in stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == len(rows)
    for pdf in pdfs[::25]:
        assert len(PdfReader(pdf, strict=True).pages) == 1
    assert not list(out.glob(".*.tmp")) and not (out / ".batch.lock").exists()
    again = run_batch("certificate", data, out=out, workers=1)  # the lock was released
    assert again.ok and again.skipped == len(rows)
