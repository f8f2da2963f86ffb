"""Batch benchmark: certificates per second (per-file, 2 workers), pages per second (single
file), KB per certificate, peak RSS per worker at 100 and 10,000 documents.

Run: `.venv/bin/python benchmarks/batch.py [N ...]` (default 100 10000). Each measurement runs
in a fresh process so that peak-memory figures are its own. Figures only; no test asserts them.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def people(n: int) -> list[dict[str, str]]:
    """n different people: the sample's first names and surnames crossed, so glyph sets vary."""
    from generator.resources import default_event_dir

    with open(default_event_dir() / "recipients.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i in range(n):
        a, b = rows[i % len(rows)], rows[(i * 7 + i // len(rows)) % len(rows)]
        first, *_ = a["name"].split()
        rest = b["name"].split()[1:] or [b["name"]]
        out.append(
            {"name": " ".join([first, *rest]), "role": b["role"], "organisation": a["organisation"]}
        )
    return out


def _measure(mode: str, n: int) -> None:
    """In a fresh process: one run, printed as JSON."""
    from generator.batch.run import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "people.csv"
        with open(data, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["name", "role", "organisation"])
            w.writeheader()
            w.writerows(people(n))
        result = run_batch(
            "certificate", data, out=Path(tmp) / "out", workers=2, single_file=mode == "single"
        )
        sizes = [p.stat().st_size for p in result.written]
    assert result.ok, result.failures[:3]
    print(
        json.dumps(
            {
                "n": n,
                "seconds": result.seconds,
                "per_s": n / result.seconds,
                "kb": sum(sizes) / 1024 / (n if mode == "files" else 1),
                "parent_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def run(mode: str, n: int, script: str = __file__) -> dict:
    """One measurement of ``script`` (this file or another benchmark) in a fresh process."""
    out = subprocess.run(
        [sys.executable, script, "--measure", mode, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    for n in sizes:
        r = run("files", n)
        print(
            f"per-file   {n:>6} certificates, 2 workers: {r['per_s']:7.0f} docs/s  "
            f"{r['kb']:5.1f} KiB/doc  peak RSS: worker {r['worker_mib']:.0f} MiB, "
            f"parent {r['parent_mib']:.0f} MiB  ({r['seconds']:.2f} s)"
        )
    for n in sizes:
        r = run("single", n)
        print(
            f"single-file {n:>5} pages, one process:     {r['per_s']:7.0f} pages/s  "
            f"{r['kb']:7.0f} KiB file  peak RSS {r['parent_mib']:.0f} MiB  ({r['seconds']:.2f} s)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--measure":
        _measure(sys.argv[2], int(sys.argv[3]))
    else:
        main([int(a) for a in sys.argv[1:]] or [100, 10_000])
