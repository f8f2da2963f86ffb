"""Photo badges benchmark: `badge-photo` with one 600 × 800 JPEG a person.

Prints, for N people (default 1,000), per-file mode on 2 workers: documents per second and
KB a badge, beside the same run of the plain `badge` (no photo) as the peer, so the cost of
the photos is a ratio that a loaded machine does not distort much; and a 200-page single
file with the same photos: its size in MB and pages per second.

Run: `.venv/bin/python benchmarks/photos.py [N]`. Each run is a fresh process. Figures only.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_photos(folder: Path, n: int) -> None:
    """n different photo-like JPEGs (gradient, a face-like oval, sensor noise), quality 90:
    about the size a phone's 600 × 800 crop has, unlike a flat test card."""
    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((600, 800), 40).convert("RGB")
    for i in range(n):
        base = Image.linear_gradient("L").resize((600, 800)).convert("RGB")
        tint = Image.new("RGB", (600, 800), ((i * 37) % 200 + 30, (i * 91) % 200 + 30, 140))
        im = Image.blend(base, tint, 0.6)
        d = ImageDraw.Draw(im)
        d.ellipse([170 + i % 40, 140, 430 + i % 40, 460], fill=(225, 185, 150))
        d.rectangle([100, 500, 500, 800], fill=((i * 13) % 255, 60, 110))
        im = Image.blend(im.filter(ImageFilter.GaussianBlur(2)), noise, 0.12)
        im.save(folder / f"p{i:05d}.jpg", quality=90)


def write_data(folder: Path, n: int) -> Path:
    from benchmarks.batch import people

    data = folder / "people.csv"
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "role", "organisation", "photo"])
        w.writeheader()
        for i, p in enumerate(people(n)):
            w.writerow({**p, "photo": f"photos/p{i:05d}.jpg"})
    return data


def _measure(template: str, mode: str, data: str) -> None:
    """In a fresh process: one run, printed as JSON."""
    from generator.batch.run import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        result = run_batch(template, data, out=Path(tmp), workers=2, single_file=mode == "single")
        sizes = [p.stat().st_size for p in result.written]
    assert result.ok, result.failures[:3]
    n = result.total
    print(
        json.dumps(
            {
                "n": n,
                "seconds": result.seconds,
                "per_s": n / result.seconds,
                "kb_mean": sum(sizes) / 1024 / (n if mode == "files" else 1),
                "kb_max": max(sizes) / 1024,
            }
        )
    )


def run(template: str, mode: str, data: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", template, mode, str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_photos(folder / "photos", n)
        data = write_data(folder, n)
        plain = run("badge", "files", data)
        photo = run("badge-photo", "files", data)
        print(
            f"badge (no photo), per file, 2 workers: {plain['per_s']:7.1f} docs/s, "
            f"{plain['kb_mean']:6.1f} KB a badge"
        )
        print(
            f"badge-photo, per file, 2 workers:      {photo['per_s']:7.1f} docs/s, "
            f"{photo['kb_mean']:6.1f} KB a badge (largest {photo['kb_max']:.1f} KB)"
        )
        print(f"photo / plain speed: {photo['per_s'] / plain['per_s']:.2f}  ({n} people)")
        data200 = write_data(folder, min(n, 200))
        one = run("badge-photo", "single", data200)
        print(
            f"badge-photo, single file of {one['n']}: {one['kb_mean'] / 1024:.2f} MB, "
            f"{one['per_s']:.1f} badges/s"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        _measure(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
