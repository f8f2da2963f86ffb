"""A batch killed part-way (SIGKILL to its process group) leaves no partial PDF; a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.batch.run import run_batch

from .conftest import write_csv


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_sigkill_leaves_no_partial_pdf_and_a_rerun_completes(tmp_path, rows200):
    rows = rows200 * 3  # long enough to be caught in the middle
    data = write_csv(tmp_path / "many.csv", rows)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator", "batch", "certificate", "--data", str(data)]
    proc = subprocess.Popen(
        [*cmd, "--out", str(out), "--workers", "2"],
        start_new_session=True,  # its own process group, workers included
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    journal = out / ".batch-journal.jsonl"

    def noted() -> int:
        return len(journal.read_bytes().splitlines()) if journal.exists() else 0

    while time.monotonic() < deadline and (len(list(out.glob("*.pdf"))) < 40 or noted() < 20):
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = list(out.glob("*.pdf"))
    assert 40 <= len(finished) < len(rows), "the run was not caught part-way"
    for pdf in finished:  # every .pdf there is whole
        assert len(PdfReader(pdf, strict=True).pages) == 1, pdf
    kept = noted() - 1  # the last line may have been cut short by the kill
    result = run_batch("certificate", data, out=out, workers=2)
    assert result.ok
    assert len(result.written) + result.skipped == len(rows)
    assert result.skipped >= kept  # what the journal noted before the kill is not rebuilt
    assert len(list(out.glob("*.pdf"))) == len(rows)
    assert not [p for p in Path(out).iterdir() if p.name.endswith(".tmp")]
