"""Single-file benchmark: pages per second and peak memory of one PDF of every record.

Two books, each in a fresh process: ``single``, `generator batch certificate --single-file`
on N different people (``run_batch``, the data read as a stream); ``merge``, what `--merge`
writes after a batch: N numbered certificates, each with its verification QR code (the same
``stream_book`` call). Each runs with 1 and with 2 worker processes, alternating, so a busy
machine slows both alike. Peak RSS is the writer's (the process that holds the book's state)
and the largest worker's.

CPU time per page (the writer's, and the workers' summed) says what an idle machine would
do: with two workers, about 1000 / max(writer, workers / 2) pages per second on two cores.

Run: `.venv/bin/python benchmarks/book.py [N ...]` (default 10000; add 100000 for the long
run). Figures only; no test asserts them.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import people  # noqa: E402
from benchmarks.batch import run as batch_run  # noqa: E402


def unique_people(n: int) -> list[dict[str, str]]:
    """n people with n different names (the sample crossed, then numbered past its size)."""
    rows = people(n)
    seen: dict[str, int] = {}
    for r in rows:
        k = seen[r["name"]] = seen.get(r["name"], 0) + 1
        if k > 1:
            r["name"] += f" {k}"
    return rows


def _peaks() -> dict:
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return {
        "writer_mib": own.ru_maxrss / 1024,
        "worker_mib": kids.ru_maxrss / 1024,
        "worker_cpu": kids.ru_utime + kids.ru_stime,
    }


def _single(n: int, workers: int, tmp: Path) -> dict:
    from generator.batch.run import run_batch

    data = tmp / "people.csv"
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "role", "organisation"])
        w.writeheader()
        w.writerows(unique_people(n))
    start, cpu = time.perf_counter(), time.process_time()
    result = run_batch(
        "certificate", data, out=tmp / "out", single_file=True, workers=workers, serial=""
    )
    seconds = time.perf_counter() - start
    assert result.ok and result.written, result.failures[:3]
    pages = json.loads((tmp / "out" / "manifest.json").read_text())["files"]
    assert next(iter(pages.values()))["pages"] == n
    return {
        "seconds": seconds,
        "writer_cpu": time.process_time() - cpu,
        "mib": result.written[0].stat().st_size / 2**20,
    }


def _merge(n: int, workers: int, tmp: Path) -> dict:
    """What ``--merge`` does after a batch (handover._write_merged), timed alone."""
    from benchmarks.office import _event
    from generator.batch.book import record_chars
    from generator.batch.jobs import Job, warm
    from generator.batch.serials import SerialBook
    from generator.batch.single import stream_book
    from generator.resources import templates_dir

    article = _event(tmp)
    job = Job(str(templates_dir() / "certificate"), str(article), date=1.75e9)
    warm(job)
    rows = [(i + 2, r) for i, r in enumerate(unique_people(n))]
    serials = SerialBook("№ {year}-{n:04}", 2026).assign([(row, f, str(row)) for row, f in rows])
    start, cpu = time.perf_counter(), time.process_time()
    chars: set[str] = set()
    for row, fields in rows:
        chars |= record_chars(fields, serials[row])
    book = tmp / "certificate-all.pdf"
    made = stream_book(job, rows, n, book, serials, workers, chars)
    seconds = time.perf_counter() - start
    assert made is not None and made[0]["pages"] == n and not made[1]
    return {
        "seconds": seconds,
        "writer_cpu": time.process_time() - cpu,
        "mib": book.stat().st_size / 2**20,
    }


def _measure(mode: str, n: int) -> None:
    """In a fresh process: one book, printed as JSON."""
    kind, workers = mode.split("-")
    with tempfile.TemporaryDirectory() as tmp:
        r = (_single if kind == "single" else _merge)(n, int(workers), Path(tmp))
    print(json.dumps({**r, **_peaks(), "per_s": n / r["seconds"]}))


def main(sizes: list[int]) -> None:
    for n in sizes:
        for kind in ("single", "merge"):
            for workers in (1, 2):
                load = os.getloadavg()[0]
                r = batch_run(f"{kind}-{workers}", n, __file__)
                print(
                    f"{kind:6} {n:>6} pages, {workers} worker{'s' if workers > 1 else ' '}: "
                    f"{r['per_s']:6.0f} pages/s ({r['seconds']:6.1f} s), CPU ms/page: writer "
                    f"{r['writer_cpu'] / n * 1000:.2f}, workers {r['worker_cpu'] / n * 1000:.2f}; "
                    f"peak RSS writer "
                    f"{r['writer_mib']:.0f} MiB, worker {r['worker_mib']:.0f} MiB, "
                    f"{r['mib']:.1f} MiB file, load {load:.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--measure":
        _measure(sys.argv[2], int(sys.argv[3]))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000])
