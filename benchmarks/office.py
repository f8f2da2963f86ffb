"""Office batch benchmark: what serial numbers and a per-person QR code cost, and how fast
--merge makes one PDF of every certificate.

Run: `.venv/bin/python benchmarks/office.py [N] [MERGE_N] [--runs R]` (default 1000, 10000
and 3; MERGE_N 0 leaves --merge out). The plain and the numbered runs alternate, each in a
fresh process on 2 workers, so a busy machine slows both alike; the figure to read is their
ratio. Figures only; no test asserts them.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import people  # noqa: E402
from benchmarks.batch import run as batch_run  # noqa: E402


def _event(folder: Path) -> Path:
    """The default event with a verification address, so every certificate gets a QR code."""
    from generator.resources import default_event_dir

    folder = folder / "event"
    shutil.copytree(default_event_dir(), folder)  # with its pictures
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace("[event]\n", '[event]\nverify_url = "https://example.kz/verify"\n', 1)
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    return next(folder.glob("article.*.txt"))


def _data(folder: Path, n: int) -> Path:
    data = folder / "people.csv"
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "role", "organisation"])
        w.writeheader()
        w.writerows(people(n))
    return data


def _measure(mode: str, n: int) -> None:
    """In a fresh process: one run, printed as JSON."""
    from generator.batch.run import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = _data(tmp, n)
        if mode == "merge":  # what --merge does after a batch, on 2 workers (see book.py)
            from benchmarks.book import _merge

            m = _merge(n, 2, tmp)
            print(json.dumps({"per_s": n / m["seconds"], "mib": m["mib"], "s": m["seconds"]}))
            return
        numbered = mode == "numbered"
        article = _event(tmp) if numbered else None
        result = run_batch(
            "certificate",
            data,
            out=tmp / "out",
            workers=2,
            article=article,
            serial=None if numbered else "",
        )
        assert result.ok, result.failures[:3]
        print(json.dumps({"per_s": n / result.seconds}))


def run(mode: str, n: int) -> dict:
    return batch_run(mode, n, __file__)


def main(n: int, merge_n: int, runs: int = 3) -> None:
    plain, numbered = [], []
    for _ in range(runs):
        plain.append(run("plain", n)["per_s"])
        numbered.append(run("numbered", n)["per_s"])
    p, q = statistics.median(plain), statistics.median(numbered)
    each = "  ".join(f"{b / a:.2f}" for a, b in zip(plain, numbered, strict=True))
    print(f"per-file, 2 workers, {n} certificates (median of {runs}, alternating):")
    print(f"  plain                    {p:7.1f} docs/s")
    print(f"  serial + QR per person   {q:7.1f} docs/s   ({q / p:.2f}× the plain rate)")
    print(f"  each pair's ratio        {each}")
    if not merge_n:  # N 0: the per-file figures only
        return
    m = run("merge", merge_n)
    print(
        f"--merge of {merge_n} numbered certificates with QR: {m['per_s']:.0f} pages/s "
        f"({m['s']:.1f} s, {m['mib']:.1f} MiB)"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="What a serial number and a QR code per certificate cost a batch "
        "(plain and numbered runs alternated, 2 workers each), and how fast --merge is."
    )
    parser.add_argument("n", nargs="?", type=int, default=1000, help="certificates a run")
    parser.add_argument(
        "merge_n", nargs="?", type=int, default=10000, help="certificates merged (0: none)"
    )
    parser.add_argument("--runs", type=int, default=3, help="plain and numbered runs each")
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    args = _arguments()
    if args.measure:  # one run in this fresh process (see run)
        _measure(args.measure[0], int(args.measure[1]))
    else:
        main(args.n, args.merge_n, args.runs)
