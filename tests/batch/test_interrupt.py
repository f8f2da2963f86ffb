"""A batch killed part-way (SIGKILL to its process group) leaves no partial PDF; a re-run completes it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
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


# Ctrl-C and SIGTERM at other moments: each run ends with its one line and a non-zero code,
# leaves no process behind and no temporary, and the next run keeps what was noted. A run
# that hangs fails at the timeout instead of blocking the suite.
TIMEOUT_S = 120
LINUX = sys.platform.startswith("linux")


def _session(sid: int) -> list[int]:
    """The processes of a session (the batch's, its workers, ...), from /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _ended(proc: subprocess.Popen) -> tuple[int, list[str]]:
    """The run's exit code and what it said besides its progress lines, once it ended (its
    workers too); a run still going after TIMEOUT_S is killed and fails the test."""
    try:
        _, err = proc.communicate(timeout=TIMEOUT_S)
        deadline = time.monotonic() + 10  # a worker just killed is reaped by then
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _session(proc.pid), "processes left behind"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode, [x for x in err.splitlines() if not x.startswith(("batch: ", "warn"))]


def _batch(data: Path, out: Path, *extra: str, before: str = "") -> subprocess.Popen:
    """`generator batch certificate` in its own session; ``before``: Python run first."""
    code = f"import sys\n{before}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "batch", "certificate", "--data", str(data)]
        + ["--out", str(out), "--workers", "2", *extra],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _when(proc: subprocess.Popen, ready: Callable[[], bool]) -> None:
    """Wait until ``ready()``, or the run ended, or a minute passed."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and not ready():
        time.sleep(0.002)


def _noted(out: Path) -> int:
    """The finished files the run's journal notes so far."""
    journal = out / ".batch-journal.jsonl"
    return len(journal.read_bytes().splitlines()) if journal.exists() else 0


SAID = {
    signal.SIGINT: (130, "interrupted"),
    signal.SIGTERM: (143, "error: terminated (SIGTERM); finished files are kept: run the "),
}


@pytest.mark.skipif(not LINUX, reason="processes read from /proc")
@pytest.mark.parametrize(
    ("sig", "fork"),
    [(signal.SIGINT, 1), (signal.SIGINT, 2), (signal.SIGTERM, 2), (signal.SIGINT, 4)],
    ids=["ctrl-c-reading-ahead", "ctrl-c-workers-starting", "sigterm-workers-starting",
         "ctrl-c-merge-workers-starting"],
)  # fmt: skip
def test_a_signal_while_a_worker_is_forked_stops_the_run(tmp_path, rows200, sig, fork):
    """Handled in a function Python runs after a fork (logging has one), the exception was
    printed and forgotten: the run went on to the end and said nothing of it (exit 0). The
    signal comes as the ``fork``-th process is forked: 1 reads the data ahead, 2 and 3 are
    the workers, 4 and 5 the --merge book's."""
    data = write_csv(tmp_path / "people.csv", rows200[:60])
    out = tmp_path / "out"
    before = (
        "import os\nforks = []\n"
        "def signal_at_fork():\n"
        "    forks.append(1)\n"
        f"    if len(forks) == {fork}:\n"
        f"        os.kill(os.getpid(), {int(sig)})\n"
        "os.register_at_fork(before=signal_at_fork)"
    )
    code, said = _ended(_batch(data, out, "--merge", before=before))
    assert (code, said) == (SAID[sig][0], [said[0]] if said else []), said
    assert said and said[0].startswith(SAID[sig][1])
    assert not list(out.glob(".*.tmp")) and not (out / "certificate-all.pdf").exists()


@pytest.mark.skipif(not LINUX, reason="processes read from /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_to_every_process_mid_run_says_one_line_and_the_rerun_keeps_the_noted(
    tmp_path, rows200, sig
):
    """Ctrl-C reaches the workers too (the terminal signals the whole group, as a service
    manager's SIGTERM does): a worker waiting for its next chunk printed a traceback of its
    own; now it leaves the signal to the batch, which stops it."""
    rows = rows200 * 2
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    proc = _batch(data, out)
    _when(proc, lambda: _noted(out) >= 20)
    os.killpg(proc.pid, sig)
    code, said = _ended(proc)
    assert code == SAID[sig][0] and len(said) == 1 and said[0].startswith(SAID[sig][1]), said
    assert not list(out.glob(".*.tmp"))
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    noted = [name for name, entry in files.items() if "row" in entry]
    assert 20 <= len(noted) < len(rows)
    for name in noted:  # every file noted is whole
        assert len(PdfReader(out / name, strict=True).pages) == 1, name
    result = run_batch("certificate", data, out=out, workers=2)
    assert result.ok and result.skipped >= len(noted)
    assert len(list(out.glob("0*.pdf"))) == len(rows)


@pytest.mark.skipif(not LINUX, reason="processes read from /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_the_merged_file_is_written_leaves_no_part_of_it(tmp_path, rows200, sig):
    data = write_csv(tmp_path / "people.csv", rows200 * 2)
    out = tmp_path / "out"
    proc = _batch(data, out, "--merge")
    _when(proc, lambda: any(out.glob(".certificate-all.pdf*")))
    assert proc.poll() is None, "the run ended before its merged file was begun"
    os.killpg(proc.pid, sig)
    code, said = _ended(proc)
    assert code == SAID[sig][0] and len(said) == 1 and said[0].startswith(SAID[sig][1]), said
    assert not list(out.glob(".*.tmp")) and not (out / "certificate-all.pdf").exists()
    result = run_batch("certificate", data, out=out, workers=2, merge=True)
    assert result.ok and result.skipped == len(rows200) * 2  # every document was noted


@pytest.mark.skipif(not LINUX, reason="a child's end with its parent is Linux's (prctl)")
def test_the_workers_end_with_a_batch_killed_alone(tmp_path, rows200):
    """kill -9 of the batch's process (or the out-of-memory killer's choice of it) left its
    workers waiting for work for ever."""
    data = write_csv(tmp_path / "people.csv", rows200 * 2)
    out = tmp_path / "out"
    proc = _batch(data, out)
    _when(proc, lambda: _noted(out) >= 20)
    os.kill(proc.pid, signal.SIGKILL)
    code, _ = _ended(proc)  # fails if a worker is left
    assert code == -signal.SIGKILL
    result = run_batch("certificate", data, out=out, workers=2)
    assert result.ok and result.skipped >= 20
