"""SIGTERM (a service manager stopping the job, `kill PID`) ends a batch with a message, not in
silence; what was finished is kept and the re-run completes."""

from __future__ import annotations

import signal

from pypdf import PdfReader

from generator.batch.run import run_batch

from .conftest import start_batch, write_csv


def test_sigterm_says_so_and_the_rerun_completes(tmp_path, rows200):
    rows = rows200[:100]
    data = write_csv(tmp_path / "many.csv", rows)
    out = tmp_path / "out"
    proc = start_batch(data, out, workers=2, noted=9)
    proc.send_signal(signal.SIGTERM)  # to the main process only, as `kill PID` does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "error: terminated (SIGTERM); finished files are kept" in err
    assert "Traceback" not in err and "internal error" not in err
    finished = list(out.glob("*.pdf"))
    assert 0 < len(finished) < len(rows)
    for pdf in finished[::10]:
        assert len(PdfReader(pdf, strict=True).pages) == 1
    result = run_batch("certificate", data, out=out, workers=2)
    assert result.ok and len(list(out.glob("*.pdf"))) == len(rows)
    assert result.skipped >= 9
