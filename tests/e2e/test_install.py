"""A plain (non-editable) install carries the templates, fonts and default event with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_installed_package_builds_the_default_poster(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    installed = target / "generator"
    for part in (
        "_templates/poster/template.toml",
        "_fonts/fonts.toml",
        "_content/unity-day/facts.toml",
    ):
        assert (installed / part).is_file(), part
    assert list((installed / "_fonts").rglob("*.ttf"))
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import generator, sys; from generator.cli import main; "
            "assert generator.__file__.startswith(sys.argv[1]); sys.exit(main(['build', 'poster', '--out', 'out']))",
            str(target),
        ],
        cwd=run_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (run_dir / "out" / "poster-A3.pdf").is_file()
