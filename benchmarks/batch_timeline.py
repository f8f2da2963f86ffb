"""Where a whole `generator batch certificate --workers 2` run spends its time: a timeline of
one run (start-up, planning, the workers' first and last documents, the hand-over, exit) and
the CPU of the parent, of the workers and of the process's exit.

Run: `.venv/bin/python benchmarks/batch_timeline.py [N] [--tree DIR]` (default 1000 records,
a fresh folder; ``--tree``: another tree's generator, say main's from `git archive`). The run is the CLI's, in a child process that wraps a few functions to note the
time (wall and CPU) when they start and end; the workers note each chunk. Figures only.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = r"""
import functools, json, os, resource, sys, time
T0 = time.perf_counter()
log, marks = sys.argv[1], []
def mark(what):
    marks.append((what, time.perf_counter() - T0, time.process_time()))
from generator import cli
mark("CLI imported")
from generator.batch import handover, jobs, run
mark("batch imported")
render_chunk = jobs.render_chunk
def chunk(job, items, out_dir):
    s, c = time.perf_counter() - T0, time.process_time()
    r = render_chunk(job, items, out_dir)
    with open(log, "a") as f:
        f.write(json.dumps([os.getpid(), s, time.perf_counter() - T0, time.process_time() - c, len(items)]) + "\n")
    return r
run.render_chunk = chunk
def noted(module, name):
    inner = getattr(module, name)
    @functools.wraps(inner)
    def wrapper(*a, **k):
        mark(name + " starts")
        try:
            return inner(*a, **k)
        finally:
            mark(name + " ends")
    setattr(module, name, wrapper)
for name in ("warm", "_outdated", "_run_files"):
    noted(run, name)
noted(handover, "hand_over")
noted(handover, "write_report")
code = cli.main(sys.argv[2:])
mark("main returned")
s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"marks": marks, "parent": s.ru_utime + s.ru_stime, "workers": c.ru_utime + c.ru_stime, "t0": time.time() - (time.perf_counter() - T0)}), file=sys.stderr)
getattr(cli, "_end", sys.exit)(code)  # the command's own end (an older tree: sys.exit)
"""


def main(n: int, tree: Path = ROOT) -> None:
    from batch import people

    with tempfile.TemporaryDirectory() as tmp:
        data, log = Path(tmp) / "people.csv", Path(tmp) / "chunks.jsonl"
        with open(data, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["name", "role", "organisation"])
            w.writeheader()
            w.writerows(people(n))
        args = ["batch", "certificate", "--data", str(data), "--out", f"{tmp}/out"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.time()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(log), *args, "--workers", "2"],
            capture_output=True,
            text=True,
            cwd=tree,  # `-c` puts the working folder first on the path: the tree's
            env={**os.environ, "PYTHONPATH": str(tree)},
            check=True,
        )
        end = time.time()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        facts = json.loads(proc.stderr.strip().splitlines()[-1])
        chunks = [json.loads(line) for line in log.read_text().splitlines()]
    lag = facts["t0"] - start  # the interpreter's own start, before the child's first line
    print(f"{n} certificates, load average {os.getloadavg()[0]:.1f}; ms since the process began:")
    print(f"  {lag * 1000:7.1f}  interpreter started")
    for what, at, cpu in facts["marks"]:
        print(f"  {(lag + at) * 1000:7.1f}  {what} (parent CPU so far {cpu * 1000:.0f} ms)")
    first = min(c[1] for c in chunks)
    last = max(c[2] for c in chunks)
    print(f"  {(lag + first) * 1000:7.1f}  first chunk starts in a worker")
    print(f"  {(lag + last) * 1000:7.1f}  last chunk ends")
    print(f"  {(end - start) * 1000:7.1f}  process ended")
    total = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    exit_cpu = total - facts["parent"] - facts["workers"]
    in_chunks = sum(c[3] for c in chunks)
    print(
        f"CPU: parent {facts['parent']:.3f} s, workers {facts['workers']:.3f} s "
        f"({in_chunks:.3f} s in chunks, {in_chunks / n * 1000:.2f} ms a document), "
        f"after main returned {exit_cpu * 1000:.0f} ms; total {total:.3f} s "
        f"({total / n * 1000:.2f} ms a document)"
    )
    pids = sorted({c[0] for c in chunks})
    for pid in pids:
        mine = [c for c in chunks if c[0] == pid]
        print(
            f"  worker {pid}: {len(mine)} chunks, {sum(c[4] for c in mine)} documents, "
            f"busy {sum(c[2] - c[1] for c in mine):.3f} s wall, "
            f"ends {(lag + max(c[2] for c in mine)) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    argv = sys.argv[1:]
    tree = ROOT
    if "--tree" in argv:
        at = argv.index("--tree")
        tree = Path(argv[at + 1]).resolve()
        del argv[at : at + 2]
    main(int(argv[0]) if argv else 1000, tree)
