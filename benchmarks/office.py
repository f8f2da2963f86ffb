"""Office batch benchmark: what serial numbers and a per-person QR code cost, and how fast
--merge makes one PDF of every certificate.

Run: `.venv/bin/python benchmarks/office.py [N] [MERGE_N] [--runs R] [--split]` (default 1000,
10000 and 3; N 0 leaves the per-file runs out, MERGE_N 0 --merge). Every mode builds from the same kind of event, a
copy of the default one in a temporary folder with a verification address (so the ratio
measures the serial and the QR only, not the copy): "plain" without serial numbers (so no QR
either: the template draws one for a serial), "numbered" with both. ``--split`` adds "serial"
(the number printed, no verification address so no QR) and "qr" (a copy of the template that
prints no number: the QR alone). The modes alternate, each run in a fresh process on 2
workers, so a busy machine slows all alike; the figures to read are the ratios. Figures only;
no test asserts them.
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


def _event(folder: Path, verify: bool = True) -> Path:
    """A copy of the default event, with a verification address (a numbered certificate then
    gets a QR code) unless ``verify`` is False."""
    from generator.resources import default_event_dir

    folder = folder / "event"
    shutil.copytree(default_event_dir(), folder)  # with its pictures
    if verify:
        facts = (folder / "facts.toml").read_text(encoding="utf-8")
        line = '[event]\nverify_url = "https://example.kz/verify"\n'
        (folder / "facts.toml").write_text(facts.replace("[event]\n", line, 1), encoding="utf-8")
    return next(folder.glob("article.*.txt"))


def _unnumbered_template(folder: Path) -> Path:
    """A copy of the certificate template that prints no serial (its QR still carries it)."""
    from generator.resources import templates_dir

    folder = folder / "certificate"
    shutil.copytree(templates_dir() / "certificate", folder)
    text = folder / "text.j2"
    blank = text.read_text(encoding="utf-8").replace(
        "{% block serial %}{{ serial }}{% endblock %}", "{% block serial %}{% endblock %}"
    )
    text.write_text(blank, encoding="utf-8")
    return folder


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
        template = _unnumbered_template(tmp) if mode == "qr" else "certificate"
        result = run_batch(
            template,
            data,
            out=tmp / "out",
            workers=2,
            article=_event(tmp, verify=mode != "serial"),
            serial="" if mode == "plain" else None,  # None: the template's pattern
        )
        assert result.ok, result.failures[:3]
        print(json.dumps({"per_s": n / result.seconds}))


def run(mode: str, n: int) -> dict:
    return batch_run(mode, n, __file__)


LABELS = {
    "plain": "plain (no serial, no QR)",
    "serial": "serial printed, no QR",
    "qr": "QR, no serial printed",
    "numbered": "serial + QR per person",
}


def main(n: int, merge_n: int, runs: int = 3, split: bool = False) -> None:
    if n:
        _per_file(n, runs, split)
    if merge_n:
        m = run("merge", merge_n)
        print(
            f"--merge of {merge_n} numbered certificates with QR: {m['per_s']:.0f} pages/s "
            f"({m['s']:.1f} s, {m['mib']:.1f} MiB)"
        )


def _per_file(n: int, runs: int, split: bool) -> None:
    """Plain and numbered runs of n certificates, alternated (``split``: the serial alone
    and the QR alone too), and their ratios."""
    modes = ["plain", "serial", "qr", "numbered"] if split else ["plain", "numbered"]
    rates: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(runs):
        for mode in modes:
            rates[mode].append(run(mode, n)["per_s"])
    p = statistics.median(rates["plain"])
    print(f"per-file, 2 workers, {n} certificates (median of {runs}, alternating):")
    for mode in modes:
        q = statistics.median(rates[mode])
        ratio = "" if mode == "plain" else f"   ({q / p:.2f}× the plain rate)"
        print(f"  {LABELS[mode]:26s} {q:7.1f} docs/s{ratio}")
    each = "  ".join(f"{b / a:.2f}" for a, b in zip(rates["plain"], rates["numbered"], strict=True))
    print(f"  each pair's ratio (numbered / plain)   {each}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="What a serial number and a QR code per certificate cost a batch "
        "(plain and numbered runs alternated, 2 workers each), and how fast --merge is."
    )
    parser.add_argument(
        "n", nargs="?", type=int, default=1000, help="certificates a run (0: no per-file runs)"
    )
    parser.add_argument(
        "merge_n", nargs="?", type=int, default=10000, help="certificates merged (0: none)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each mode")
    parser.add_argument(
        "--split", action="store_true", help="also serial alone and QR alone (see the docstring)"
    )
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    args = _arguments()
    if args.measure:  # one run in this fresh process (see run)
        _measure(args.measure[0], int(args.measure[1]))
    else:
        main(args.n, args.merge_n, args.runs, args.split)
