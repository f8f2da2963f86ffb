"""Work read ahead in a forked process (batch.ahead): the same result as done here, its errors
said by this process, and no process left behind."""

from __future__ import annotations

import os
import sys

import pytest

from generator.batch.ahead import Ahead
from generator.batch.run import _read
from generator.errors import InputError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _made_where(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


def _refuse(name: str) -> None:
    raise InputError(f"no column '{name}'", where="people.csv")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_result_is_made_in_another_process_and_is_the_same():
    with Ahead(_made_where, 21) as ahead:
        pid, value = ahead.result()
    assert value == 42 and pid != os.getpid()


def test_an_error_is_said_here_with_its_own_words():
    with Ahead(_refuse, "name") as ahead, pytest.raises(InputError) as err:
        ahead.result()
    assert str(err.value) == str(InputError("no column 'name'", where="people.csv"))


def test_a_result_never_asked_for_leaves_no_process():
    with Ahead(_made_where, 1) as ahead:
        pid = ahead.pid
        assert pid is not None
    assert _gone(pid)


def test_the_batch_reading_done_ahead_equals_the_reading_done_here(tmp_path, data200):
    """The records, file names, serial identities and fingerprint a batch reads in its
    forked process are those it would read itself."""
    from generator.api import find_template
    from generator.batch.jobs import Job

    tpl = find_template("certificate")
    job = Job(str(tpl.folder))
    args = (job, tpl, data200, None, "kk_KZ", "{row:04d}-{name}", False, None)
    here = _read(*args)
    with Ahead(_read, *args) as ahead:
        there = ahead.result()
    assert there == here
    assert len(there.names) == len(there.ids) == 200 and there.fingerprint


def test_a_bad_name_pattern_is_left_to_be_said_where_it_was(tmp_path, data200):
    """A --name pattern that fails does not fail the reading: the run says it as before."""
    from generator.api import find_template
    from generator.batch.jobs import Job

    tpl = find_template("certificate")
    job = Job(str(tpl.folder))
    with Ahead(_read, job, tpl, data200, None, "kk_KZ", "{nosuch}", False, False) as ahead:
        reading = ahead.result()
    assert reading.names is None and reading.ids is None and len(reading.dataset.records) == 200


def test_the_command_line_still_prints_everything_and_its_exit_code(tmp_path, data200):
    """The command ends without the interpreter's teardown: its lines are all written and
    its exit code is kept, for a run that works and for one that fails."""
    import subprocess

    ok = subprocess.run(
        [sys.executable, "-m", "generator", "batch", "certificate", "--data", str(data200),
         "--out", str(tmp_path / "out"), "--workers", "2"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "200 written" in ok.stdout and "report.csv" in ok.stdout
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 200
    bad = subprocess.run(
        [sys.executable, "-m", "generator", "batch", "certificate", "--data",
         str(tmp_path / "missing.csv"), "--out", str(tmp_path / "out2")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode != 0 and bad.stderr.startswith("error: ") and "missing.csv" in bad.stderr
