"""scripts/review_matrix.py: the contact sheets people look at before a template change lands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _sheet(out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    script = ROOT / "scripts" / "review_matrix.py"
    cmd = [sys.executable, str(script), "certificate", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
    return (out / "certificate.png").read_bytes()


def test_a_sheet_is_the_same_bytes_from_run_to_run(tmp_path):
    """The gallery in the repository changes only when what it shows changes."""
    first = _sheet(tmp_path / "a", "1")
    assert first == _sheet(tmp_path / "b", "2")


def test_a_sheet_is_readable_and_small(tmp_path):
    """Pages drawn 560 pixels high (an A4 certificate about 400 wide), the cells wrapped at
    2,600 pixels, and a file of a few hundred kilobytes, not megabytes."""
    _sheet(tmp_path, "0")
    image = Image.open(tmp_path / "certificate.png")
    assert image.height >= 2 * 560 and image.width <= 2600 + 200
    assert (tmp_path / "certificate.png").stat().st_size < 400_000


def test_the_readme_links_a_sheet_of_every_product_and_each_is_in_the_repository():
    import re

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from review_matrix import PRODUCTS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    linked = re.findall(r"\(docs/gallery/([\w-]+)\.png\)", (ROOT / "README.md").read_text("utf-8"))
    assert sorted(linked) == sorted(PRODUCTS)
    for name in linked:
        assert (ROOT / "docs" / "gallery" / f"{name}.png").is_file(), name
