"""Certificates per second, ours against Typst's, side by side on the same records: the ratio
is what counts on a shared machine. Needs the optional extra: `pip install -e '.[bench]'` (the
typst package).

Two comparisons, each interleaved (ours, Typst, ours, Typst...) so both see the same load:

- one core, in-process: our prepared template against one reused Typst compiler, PDFs kept
  in memory (ms per document);
- two cores, whole runs as a user runs them: `generator batch certificate --workers 2` on a
  data file of N records (a fresh process, a PDF a file, manifest and report as usual) against
  two fresh processes that each reuse one Typst compiler for half of the records and write
  each PDF to a file (documents per second, start-up included on both sides).

Run: `.venv/bin/python benchmarks/typst_side_by_side.py [N] [REPEATS]` (default 1000 and 5).
`--base DIR` also runs another tree's generator (say main's, from `git archive main | tar -x -C
DIR`) in the same interleaved two-core runs, for before/after figures of one run;
`--two-cores-only` leaves out the in-process comparison.
The Typst template (benchmarks/typst/certificate.typ) has our certificate's boxes, sizes,
colours, fonts and its serial number. Figures only; no test asserts them.
"""

from __future__ import annotations

import csv
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TYPST_TEMPLATE = ROOT / "benchmarks/typst/certificate.typ"


def _fonts() -> list[str]:
    return sorted(
        {str(Path(p).parent) for p in glob.glob(str(ROOT / "fonts/**/*.ttf"), recursive=True)}
    )


def _serial(i: int) -> str:
    return f"№ 2026-{i + 1:04}"  # what our template numbers the i-th record of a fresh folder


def one_core(n: int) -> None:
    import typst
    from batch import people

    from generator.api import find_template
    from generator.batch.jobs import Job, render

    compiler = typst.Compiler(str(TYPST_TEMPLATE), font_paths=_fonts())
    job = Job(str(find_template("certificate").folder))
    rows = people(n)
    for i, r in enumerate(rows[:10]):  # warm both: fonts, caches, the prepared template
        compiler.compile(sys_inputs={**r, "serial": _serial(i)})
        render(job, r, _serial(i))
    times: dict[str, list[float]] = {"typst": [], "ours": []}
    for _ in range(3):  # interleaved, so both see the same load
        t = time.perf_counter()
        for i, r in enumerate(rows):
            compiler.compile(sys_inputs={**r, "serial": _serial(i)})
        times["typst"].append((time.perf_counter() - t) / n * 1000)
        t = time.perf_counter()
        for i, r in enumerate(rows):
            render(job, r, _serial(i))
        times["ours"].append((time.perf_counter() - t) / n * 1000)
    print(f"one core, in-process, {n} certificates (3 interleaved runs):")
    for name, ms in times.items():
        print(
            f"  {name:<6} {statistics.median(ms):6.2f} ms/doc  "
            f"{1000 / statistics.median(ms):6.0f} docs/s/core  runs {' '.join(f'{m:.2f}' for m in ms)}"
        )
    ratios = [t / o for t, o in zip(times["typst"], times["ours"], strict=True)]
    print(
        f"  ours / Typst, core for core: {statistics.median(ratios):.2f}x  "
        f"runs {' '.join(f'{r:.2f}' for r in ratios)}"
    )


def _typst_worker(data: str, out: str, part: int, parts: int) -> None:
    """One of Typst's two processes: one compiler, every ``parts``-th record, a file each."""
    import typst

    with open(data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    compiler = typst.Compiler(str(TYPST_TEMPLATE), font_paths=_fonts())
    for i in range(part, len(rows), parts):
        pdf = compiler.compile(sys_inputs={**rows[i], "serial": _serial(i)})
        with open(os.path.join(out, f"{i + 2:04d}.pdf"), "wb") as f:
            f.write(pdf)


def _children_cpu() -> float:
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _run_typst(data: Path, out: Path) -> float:
    out.mkdir()
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--typst-worker", str(data), str(out), str(i), "2"]
        )
        for i in range(2)
    ]
    if any(p.wait() for p in procs):
        raise SystemExit("a Typst process failed")
    return time.perf_counter() - start


def _run_ours(data: Path, out: Path, tree: Path = ROOT) -> float:
    """`generator batch` as a user runs it, from ``tree`` (this one, or --base's)."""
    cmd = [sys.executable, "-m", "generator", "batch", "certificate"]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run(
        [*cmd, "--data", str(data), "--out", str(out), "--workers", "2"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=tree,  # `-m` puts the working folder first on the path: it must be the tree's
    )
    return time.perf_counter() - start


def two_cores(n: int, repeats: int, base: Path | None = None) -> None:
    from batch import people

    sides: list[tuple[str, Any]] = [("ours", _run_ours), ("typst", _run_typst)]
    for tree in (ROOT, base) if base is not None else (ROOT,):
        # Compiled once, as an installed tree is (a tree that is not would compile on every
        # run, under PYTHONDONTWRITEBYTECODE).
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "generator")])
    if base is not None:
        sides.insert(1, ("base", lambda data, out: _run_ours(data, out, base)))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "people.csv"
        with open(data, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["name", "role", "organisation"])
            w.writeheader()
            w.writerows(people(n))
        seconds: dict[str, list[float]] = {side: [] for side, _ in sides}
        cpu: dict[str, list[float]] = {side: [] for side, _ in sides}
        for k in range(repeats):  # interleaved, each into a fresh folder
            # The order turns each repeat: a run that follows another pays for the disk
            # writing back the other's thousand files, so no side may always come first.
            for side, run in sides[k % len(sides) :] + sides[: k % len(sides)]:
                before = _children_cpu()
                seconds[side].append(run(data, tmp / f"{side}-{k}"))
                cpu[side].append(_children_cpu() - before)
            for side in seconds:
                made = len(list((tmp / f"{side}-{k}").glob("*.pdf")))
                assert made == n, f"{side} made {made} of {n} PDFs"
    print(
        f"two cores, whole runs, {n} certificates a file each ({repeats} interleaved runs, "
        f"load average {os.getloadavg()[0]:.1f}):"
    )
    for name, s in seconds.items():
        c = statistics.median(cpu[name])
        print(
            f"  {name:<6} {statistics.median(s):6.2f} s  {n / statistics.median(s):6.0f} docs/s  "
            f"runs {' '.join(f'{x:.2f}' for x in s)};  CPU {c:5.2f} s "
            f"({n / c:4.0f} docs per CPU second)"
        )
    for what, table in (("wall time", seconds), ("CPU time", cpu)):
        for side in (s for s in table if s != "typst"):
            ratios = [t / o for t, o in zip(table["typst"], table[side], strict=True)]
            print(
                f"  {side} / Typst documents per second, 2 cores, by {what}: "
                f"{statistics.median(ratios):.2f}x  runs {' '.join(f'{r:.2f}' for r in ratios)}"
            )


def main(n: int, repeats: int, base: Path | None = None) -> None:
    print(f"load average {os.getloadavg()[0]:.1f}")
    if "--two-cores-only" not in sys.argv:
        one_core(n)
    two_cores(n, repeats, base)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--typst-worker":
        _typst_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        argv = sys.argv[1:]
        base = None
        if "--base" in argv:
            at = argv.index("--base")
            base = Path(argv[at + 1]).resolve()
            del argv[at : at + 2]
        args = [int(a) for a in argv if not a.startswith("--")]
        main(*(args + [1000, 5][len(args) :]), base=base)
