"""PDF/X files are checked for a bleed of at least 2 mm (press.preflight.MIN_BLEED_MM): a
smaller --bleed with --pdfx is refused before anything is made, by build and batch alike.
(It was: build composed every product and failed each in its preflight; batch wrote PDF/X
files that `generator check --profile pdfx` fails.)"""

from __future__ import annotations

import pytest

from tests.batch.conftest import sample_rows, write_csv
from tests.conftest import run_cli


@pytest.mark.parametrize("verb", ["build", "batch"])
@pytest.mark.parametrize("bleed", ["0", "1.5"])
def test_pdfx_with_too_small_a_bleed_is_wrong_usage(tmp_path, verb, bleed):
    out = tmp_path / "o"
    args = ["build", "poster"] if verb == "build" else ["batch", "badge"]
    if verb == "batch":
        args += ["--data", str(write_csv(tmp_path / "p.csv", sample_rows()[:2]))]
    code, _, err = run_cli(*args, "--color", "cmyk", "--pdfx", "--bleed", bleed, "--out", str(out))
    assert code == 2, err
    assert "bleed of at least 2 mm" in err and "--bleed 2" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_pdfx_with_a_2_mm_bleed_and_a_screen_file_without_bleed_are_made(tmp_path):
    code, _, err = run_cli(
        "build", "poster", "--color", "cmyk", "--pdfx", "--bleed", "2", "--out", str(tmp_path)
    )
    assert code == 0, err
    code, _, err = run_cli("build", "poster", "--bleed", "0", "--out", str(tmp_path / "s"))
    assert code == 0, err
