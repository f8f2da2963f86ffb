"""What the system refuses (a read-only disk, no permission, a full disk, a file where a folder
belongs) is said in one line naming the path and what to do; a full disk leaves the batch's
journal consistent, so the re-run completes. Real file systems where this machine allows it
(a small tmpfs), else the same errno from an injected writer, so no test ever skips."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import generator.publish.write as write
from generator.batch.run import run_batch
from tests.batch.conftest import write_csv
from tests.conftest import run_cli


@contextlib.contextmanager
def tmpfs(path: Path, options: str):
    """A tmpfs mounted at ``path``; yields False where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is None or done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=20)


def _inject(monkeypatch, code: int, after: int = 0) -> None:
    """Every write after the first ``after`` fails with ``code`` (in forked workers too)."""
    real = write._write_atomic
    count = {"n": 0}

    def failing(path, data, durable):
        count["n"] += 1
        if count["n"] > after:
            raise OSError(code, os.strerror(code))
        return real(path, data, durable)

    monkeypatch.setattr(write, "_write_atomic", failing)


def _one_clean_line(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if not line.startswith("batch: ")]
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return lines[0]


def test_read_only_output_folder(tmp_path, monkeypatch):
    out = tmp_path / "ro"
    expected = "the disk is read-only; choose a folder on a writable disk"
    with tmpfs(out, "size=1m,ro") as mounted:
        if not mounted:
            _inject(monkeypatch, errno.EROFS)
        code, _, err = run_cli("build", "poster", "--out", str(out))
        assert code == 1
        assert f"{out / 'poster-A3.pdf'}: {expected}" in _one_clean_line(err)
        if mounted:  # a batch takes its lock first: that is what the disk refuses
            code, _, err = run_cli("batch", "badge", "--data", _people(tmp_path), "--out", str(out))
            assert code == 1
            assert f"error: {out}" in _one_clean_line(err) and expected in err


def test_permission_denied_names_the_file_not_a_temporary(tmp_path, monkeypatch):
    out = tmp_path / "locked"
    out.mkdir()
    if os.geteuid() != 0:  # root may write anywhere: then the same errno, injected
        out.chmod(0o500)
    else:
        _inject(monkeypatch, errno.EACCES)
    try:
        code, _, err = run_cli("build", "poster", "--out", str(out))
    finally:
        out.chmod(0o700)
    assert code == 1
    line = _one_clean_line(err)
    assert f"{out / 'poster-A3.pdf'}: permission denied; choose a folder you may write" in line
    assert ".tmp" not in line


@pytest.mark.parametrize("verb", ["build", "batch"])
def test_out_naming_a_file(tmp_path, verb):
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    args = (
        ["build", "poster"] if verb == "build" else ["batch", "badge", "--data", _people(tmp_path)]
    )
    code, _, err = run_cli(*args, "--out", str(target))
    assert code == 1
    line = _one_clean_line(err)
    assert f"{target}: is a file, not a folder; remove it or choose another folder" in line
    assert target.read_text(encoding="utf-8") == "keep me"


def _people(tmp_path: Path, n: int = 3) -> str:
    from tests.batch.conftest import sample_rows

    rows = sample_rows()
    return str(write_csv(tmp_path / "people.csv", [rows[i % len(rows)] for i in range(n)]))


def test_full_disk_names_the_file_and_the_rerun_completes(tmp_path, monkeypatch):
    data = _people(tmp_path, 120)
    out = tmp_path / "small"
    with tmpfs(out, "size=400k") as mounted:
        if not mounted:
            _inject(monkeypatch, errno.ENOSPC, after=30)
        code, _, err = run_cli("batch", "certificate", "--data", data, "--out", str(out))
        assert code == 1
        line = _one_clean_line(err)
        assert line.startswith(f"error: {out}")
        assert "no space left on the disk; free some space and run again" in line
        kept = sorted(out.glob("*.pdf"))
        assert 0 < len(kept) < 120, len(kept)
        for pdf in kept:  # nothing half-written
            assert len(PdfReader(pdf, strict=True).pages) == 1
        # What the run noted before the disk filled (the journal line itself may be what
        # could not be written, so the count can be anything from 0 to every kept file).
        from generator.batch.manifest import Ledger

        noted = {n for n in Ledger(out).entries if (out / n).exists()}
        if mounted:  # room again: the same folder grows
            subprocess.run(["mount", "-o", "remount,size=16m", str(out)], check=True)
        else:
            monkeypatch.undo()
        again = run_batch("certificate", data, out=out, workers=2)
        assert again.ok and len(list(out.glob("*.pdf"))) == 120
        assert again.skipped == len(noted)  # what the journal noted is kept, not rebuilt
        assert not list(out.glob(".*.tmp"))


def test_a_single_file_on_a_full_disk_names_the_book_not_the_manifest(tmp_path, monkeypatch):
    """The book filled the disk, then writing manifest.json at the end failed too, and that
    second error replaced the first: «…/manifest.json: no space left on the disk»."""
    data = _people(tmp_path, 300)
    out = tmp_path / "small"
    with tmpfs(out, "size=150k") as mounted:
        if not mounted:  # the book's pages and then every whole-file write refused
            _inject(monkeypatch, errno.ENOSPC)
            real = write._open_atomic

            class _Full:
                def __init__(self, f):
                    self.f = f

                def write(self, data):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

                def __getattr__(self, name):
                    return getattr(self.f, name)

            @contextlib.contextmanager
            def full(path, durable):
                with real(path, durable) as f:
                    yield _Full(f)

            monkeypatch.setattr(write, "_open_atomic", full)
        code, _, err = run_cli(
            "batch", "certificate", "--data", data, "--out", str(out), "--single-file"
        )
        assert code == 1
        line = _one_clean_line(err)
        assert line.startswith(f"error: {out / 'certificate-all.pdf'}: no space left"), line
        assert not list(out.glob("*.pdf")) and not list(out.glob(".*.tmp"))


def test_impose_into_a_folder_and_from_a_folder(tmp_path):
    from generator.api import build

    build(["booklet"], out=tmp_path)
    booklet = tmp_path / "booklet-A5.pdf"
    folder = tmp_path / "sheets"
    folder.mkdir()
    code, out, err = run_cli("impose", str(booklet), "-o", str(folder))
    assert code == 0, err
    assert (folder / "booklet-A5-imposed.pdf").is_file()
    code, _, err = run_cli("impose", str(folder))
    assert code == 1
    assert f"{folder}: is a folder; give the PDF file to impose" in _one_clean_line(err)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize("verb", ["build", "batch"])
def test_bleed_that_is_not_a_number(tmp_path, verb, value):
    args = (
        ["build", "poster"] if verb == "build" else ["batch", "badge", "--data", _people(tmp_path)]
    )
    code, _, err = run_cli(*args, "--out", str(tmp_path / "o"), f"--bleed={value}")
    assert code == 2
    assert "not a number of millimetres" in err and "internal error" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["build", "poster", "--out", ""],
        ["batch", "badge", "--data", "{data}", "--out", ""],
        ["batch", "badge", "--data", ""],
        ["preview", ""],
        ["verify", "x.pdf", "--manifest", ""],
        ["impose", "x.pdf", "-o", ""],
        ["new", "event", ""],
    ],
)
def test_an_empty_path_is_wrong_usage_not_the_current_folder(tmp_path, monkeypatch, args):
    """«--out "$DIR"» with DIR unset wrote the build, a batch's manifest and lists, or the
    preview's index.html into the current folder."""
    monkeypatch.chdir(tmp_path)
    data = _people(tmp_path)
    code, _, err = run_cli(*[a.replace("{data}", data) for a in args])
    assert code == 2 and "empty: give a path" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
