"""Options are checked once for the whole job, sizes in any case, workers within reason."""

from __future__ import annotations

import os

import pytest

from generator.batch.run import run_batch
from tests.conftest import run_cli

from .conftest import sample_rows, write_csv


@pytest.fixture
def people(tmp_path):
    return write_csv(tmp_path / "people.csv", sample_rows())


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [
        (["invitation", "--size", "A4"], "size A4 is not offered (sizes: A5, A6)", 1),
        (["certificate", "--bleed", "1000"], "bleed must be between 0 and 20 mm", 2),  # usage
    ],
)
def test_a_bad_option_is_reported_once_not_once_a_record(
    tmp_path, people, args, message, exit_code
):
    code, out, err = run_cli("batch", *args, "--data", str(people), "--out", str(tmp_path / "o"))
    assert code == exit_code
    assert err.count(message) == 1 and len(err.strip().splitlines()) == 1, err
    assert not list((tmp_path / "o").glob("*.pdf")) if (tmp_path / "o").exists() else True


def test_size_in_any_case(tmp_path, people):
    code, out, err = run_cli("build", "poster", "--size", "a4", "--out", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "poster-A4.pdf").is_file()
    rows = sample_rows()[:2]
    result = run_batch(
        "invitation", write_csv(tmp_path / "two.csv", rows), out=tmp_path / "b", size="a6"
    )
    assert result.ok and len(result.written) == 2


def test_workers_are_capped_at_records_and_cores(tmp_path):
    rows = sample_rows()[:3]
    result = run_batch("badge", write_csv(tmp_path / "p.csv", rows), out=tmp_path, workers=1000)
    assert result.ok
    assert result.workers == min(3, len(os.sched_getaffinity(0)))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "poster", "--pdfx"], "needs CMYK: add --color cmyk"),
        (["batch", "certificate", "--pdfx"], "needs CMYK: add --color cmyk"),
        (["batch", "certificate", "--icc", "x.icc"], "add --pdfx"),
        (["batch", "certificate", "--template-by", "role", "--single-file"], "leave out"),
        (  # --dask was silently not used: the one file was made here
            ["batch", "certificate", "--dask", "tcp://127.0.0.1:8786", "--single-file"],
            "--single-file is made on this machine",
        ),
        (["batch", "certificate", "--color", "cmyk", "--pdfx", "x5"], "--pdfx takes x1a or x4"),
        (["impose", "{pdf}", "--gutter", "3"], "--gutter is for step-and-repeat: add --nup"),
        (["impose", "{pdf}", "--nup", "--creep", "0.2"], "--creep is for booklets"),
    ],
)
def test_options_that_cannot_go_together_are_wrong_usage_exit_2(tmp_path, people, args, message):
    """README: exit 2 for wrong usage, as argparse's own refusals; 1 for input that fails."""
    pdf = tmp_path / "piece.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")  # never opened: the options are refused first
    args = [a.replace("{pdf}", str(pdf)) for a in args]
    more = ["--data", str(people)] if args[0] == "batch" else []
    code, out, err = run_cli(*args, *more, "--out", str(tmp_path / "o"))
    assert code == 2, err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").rglob("*.pdf"))
    # input that fails stays exit 1: a data file that is not there
    if args[0] == "batch":
        code, _, err = run_cli("batch", "certificate", "--data", str(tmp_path / "none.csv"))
        assert code == 1, err


def test_a_dask_address_that_is_none_is_said_in_one_line(tmp_path, people):
    """«--dask nonsense» ended in «internal error: ValueError: missing port number»."""
    pytest.importorskip("distributed")
    out = tmp_path / "o"
    code, _, err = run_cli("batch", "certificate", "--data", str(people), "--out", str(out), "--dask", "nonsense")  # fmt: skip
    assert code == 1 and "internal error" not in err, err
    assert err.strip() == (
        "error: --dask 'nonsense': not a scheduler address (missing port number in address "
        "'nonsense'); e.g. tcp://host:8786"
    )
    assert not out.exists()


def test_files_sent_to_a_store_s_root_are_named_as_urls(tmp_path):
    """«--out memory://» printed «wrote memory:/report.csv» (the root's slashes stripped)."""
    pytest.importorskip("fsspec")
    two = write_csv(tmp_path / "two.csv", sample_rows()[:2])
    result = run_batch("badge", two, out="memory://", workers=1)
    assert result.ok and result.written
    for url in [*result.written, *result.handover]:
        assert str(url).startswith("memory:///"), url
