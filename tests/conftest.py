"""Shared fixtures: the default event, a scratch copy of it, PDF helpers."""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.api import load_event
from generator.cache import base_dir
from generator.resources import default_event_dir, templates_dir


def _cache_of_our_own() -> None:
    """Tests build with a start-up cache of their own, seeded with the hint-free font copies
    (slow to make): neither the user's cache nor an earlier run shapes a result, and the many
    template copies in temporary folders leave no entries behind."""
    folder = Path(tempfile.mkdtemp(prefix="generator-test-cache-"))
    fonts = base_dir() / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, folder / "fonts")
    os.environ["GENERATOR_CACHE_DIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, True)


_cache_of_our_own()

MM = 72 / 25.4


@pytest.fixture(scope="session")
def event():
    return load_event()


@pytest.fixture
def event_dir(tmp_path: Path) -> Path:
    """A writable copy of the default event's article and facts."""
    dest = tmp_path / "event"
    shutil.copytree(default_event_dir(), dest)
    return dest


@pytest.fixture
def template_copy(tmp_path: Path):
    """Copy a built-in template into a scratch folder, to break it on purpose."""

    def copy(name: str) -> Path:
        dest = tmp_path / "templates" / name
        shutil.copytree(templates_dir() / name, dest)
        return dest

    return copy


def pdf_text(pdf: bytes | Path, page: int | None = None) -> str:
    """Text extracted with pypdf, whitespace collapsed to single spaces."""
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages if page is None else [reader.pages[page]]
    return squash(" ".join(p.extract_text() for p in pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def box_mm(pdf: bytes, name: str = "TrimBox", page: int = 0) -> tuple[float, float]:
    from pypdf import PdfReader

    p = PdfReader(io.BytesIO(pdf)).pages[page]
    box = getattr(p, name.lower())
    return (float(box.width) / MM, float(box.height) / MM)


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    import contextlib

    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse's usage errors
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()
