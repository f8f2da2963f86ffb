"""Photo badges benchmark: `badge-photo` with one 600 × 800 JPEG a person.

Prints, for N people (default 1,000), per-file mode on 2 workers: documents per second, CPU
milliseconds a document (this process and its workers, from getrusage: steadier than wall
time on a shared machine) and KB a badge, beside the same run of the plain `badge` (no photo)
as the peer, so the cost of the photos is a ratio that a loaded machine does not distort much.
The two alternate for ROUNDS rounds (default 3) and the medians are printed. Then a 200-page
single file with the same photos: its size in MB and pages per second.

Run: `.venv/bin/python benchmarks/photos.py [N [ROUNDS]]`. Each run is a fresh process.
Figures only.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import statistics
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


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _measure(template: str, mode: str, data: str) -> None:
    """In a fresh process: one run, printed as JSON."""
    from generator.batch.run import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        cpu = _cpu()
        result = run_batch(template, data, out=Path(tmp), workers=2, single_file=mode == "single")
        cpu = _cpu() - cpu
        sizes = [p.stat().st_size for p in result.written]
    assert result.ok, result.failures[:3]
    n = result.total
    print(
        json.dumps(
            {
                "n": n,
                "seconds": result.seconds,
                "per_s": n / result.seconds,
                "cpu_ms": cpu * 1000 / n,
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


def main(n: int, rounds: int) -> None:
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_photos(folder / "photos", n)
        data = write_data(folder, n)
        plain, photo = [], []
        for _ in range(rounds):  # alternating: both see the same load, round by round
            plain.append(run("badge", "files", data))
            photo.append(run("badge-photo", "files", data))

        def med(runs: list[dict], key: str) -> float:
            return statistics.median(r[key] for r in runs)

        speed = statistics.median(
            b["per_s"] / a["per_s"] for a, b in zip(plain, photo, strict=True)
        )
        cpu = statistics.median(
            a["cpu_ms"] / b["cpu_ms"] for a, b in zip(plain, photo, strict=True)
        )
        print(
            f"badge (no photo), per file, 2 workers: {med(plain, 'per_s'):7.1f} docs/s, "
            f"{med(plain, 'cpu_ms'):5.2f} CPU ms a badge, {med(plain, 'kb_mean'):6.1f} KB a badge"
        )
        print(
            f"badge-photo, per file, 2 workers:      {med(photo, 'per_s'):7.1f} docs/s, "
            f"{med(photo, 'cpu_ms'):5.2f} CPU ms a badge, {med(photo, 'kb_mean'):6.1f} KB a badge "
            f"(largest {max(r['kb_max'] for r in photo):.1f} KB)"
        )
        print(
            f"photo / plain: speed {speed:.2f}, by CPU time {cpu:.2f}  "
            f"({n} people, median of {rounds} alternating rounds)"
        )
        data200 = write_data(folder, min(n, 200))
        one = run("badge-photo", "single", data200)
        print(
            f"badge-photo, single file of {one['n']}: {one['kb_mean'] / 1024:.2f} MB, "
            f"{one['per_s']:.1f} badges/s"
        )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        _measure(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        args = [int(a) for a in sys.argv[1:3]]
        main(*(args + [1000, 3][len(args) :]))
