"""`generator check` over many files: each file that cannot be checked is reported and the rest
are still checked; messages name the file, never a Python object; a closed pipe is quiet."""

from __future__ import annotations

import subprocess
import sys

import pikepdf
import pytest

from generator.api import build_pdf
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def files(tmp_path_factory, event):
    folder = tmp_path_factory.mktemp("check")
    ok = folder / "ok.pdf"
    ok.write_bytes(
        build_pdf("badge", event, record={"name": "Әлия", "role": "спикер", "organisation": ""})
    )
    with pikepdf.open(ok) as pdf:
        pdf.save(folder / "locked.pdf", encryption=pikepdf.Encryption(user="u", owner="o"))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "cut.pdf").write_bytes(ok.read_bytes()[:2000])
    (folder / "a-folder.pdf").mkdir()
    pikepdf.new().save(folder / "no-pages.pdf")  # it passed: «PASS, profile print … pages: 0»
    return folder


def test_check_continues_past_every_unreadable_file(files):
    names = ["locked.pdf", "broken.pdf", "a-folder.pdf", "missing.pdf", "cut.pdf"]
    names += ["no-pages.pdf", "ok.pdf"]
    code, out, err = run_cli("check", *(str(files / n) for n in names))
    assert code == 1
    assert f"{files / 'ok.pdf'}: PASS" in out  # the last file was still checked
    lines = err.strip().splitlines()
    assert len(lines) == 6, err
    assert f"error: {files / 'locked.pdf'}: the PDF is encrypted with a password" in lines[0]
    assert f"error: {files / 'broken.pdf'}: not a readable PDF" in lines[1]
    assert f"error: {files / 'a-folder.pdf'}: is a folder" in lines[2]
    assert f"error: {files / 'missing.pdf'}: file not found" in lines[3]
    assert f"error: {files / 'cut.pdf'}: not a readable PDF" in lines[4]
    assert lines[5] == f"error: {files / 'no-pages.pdf'}: the PDF has no pages"
    assert "BytesIO" not in err and "internal error" not in err and "object at 0x" not in err


def test_check_into_a_closed_pipe_is_quiet(files):
    cmd = [sys.executable, "-m", "generator", "check", *[str(files / "ok.pdf")] * 60]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()  # as `| head -1` reads one line, then goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert b"PASS" in first
    assert err == "", err
    assert proc.returncode == 141
