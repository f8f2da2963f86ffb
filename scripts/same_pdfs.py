"""Are two trees' PDFs the same bytes? For speed work that must not change what is printed.

    .venv/bin/python scripts/same_pdfs.py OLD_TREE [NEW_TREE]

OLD_TREE is a checkout of the code to compare with, e.g. main's:
``git archive main | tar -x -C /tmp/old``; NEW_TREE defaults to this one. Each tree builds,
in its own process, the tri-fold, booklet and poster of the default event (Cyrillic and
Latin) and of every event under tests/fixtures/events, tests/fixtures/unseen and
tests/data/ru-event, the poster at A2 and A4, and a certificate, an invitation and a badge
for one record; each twice (the second time with the caches warm, which must give the same
bytes), with a fixed date. Prints each file that differs; exit status 1 if any does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_BUILD = r"""
import sys
from pathlib import Path
from generator.api import build_pdf, load_event

out, root = Path(sys.argv[1]), Path.cwd()
events = {"default": load_event(), "default-latn": load_event(script="latn")}
fixtures = [root / "tests/fixtures" / kind for kind in ("events", "unseen")]
folders = [d for f in fixtures if f.is_dir() for d in sorted(f.iterdir())]
folders.append(root / "tests/data/ru-event")
for d in folders:
    events[d.name] = load_event(next(d.glob("article.*.txt")), d / "facts.toml")
record = {"name": "Әлия Сәрсенова", "role": "ұйымдастырушы", "organisation": "Ассамблея"}
jobs = [(e, p, {}) for e in events for p in ("trifold", "booklet", "poster")]
jobs += [("default", "poster", {"size": s}) for s in ("A2", "A4")]
jobs += [("default", p, {"record": record}) for p in ("certificate", "invitation", "badge")]
for again in (False, True):
    for event, product, options in jobs:
        name = f"{event}-{product}{'-' + options['size'] if 'size' in options else ''}.pdf"
        try:
            pdf = build_pdf(product, events[event], date=1_700_000_000.0, **options)
        except Exception as e:  # a product this tree cannot build: say so, compare the rest
            pdf = f"failed: {type(e).__name__}: {e}".encode()
        if not again:
            (out / name).write_bytes(pdf)
        elif (out / name).read_bytes() != pdf:
            print(f"{name}: built again with warm caches, different bytes")
"""


def _build(tree: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    run = subprocess.run(
        [sys.executable, "-c", _BUILD, str(out)], cwd=tree, env=env, capture_output=True, text=True
    )
    if run.returncode:
        sys.exit(f"{tree}: the build failed\n{run.stderr[-2000:]}")
    if run.stdout:
        print(f"{tree}:\n{run.stdout}", end="")


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    old, new = Path(argv[0]).resolve(), Path(argv[1] if len(argv) > 1 else ROOT).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for label, tree in (("old", old), ("new", new)):
            outs[label] = Path(tmp, label)
            outs[label].mkdir()
            _build(tree, outs[label])
        names = sorted({p.name for o in outs.values() for p in o.iterdir()})
        differ = []
        for name in names:
            a, b = (outs[k] / name for k in ("old", "new"))
            if not (a.exists() and b.exists() and a.read_bytes() == b.read_bytes()):
                differ.append(name)
                print(f"differs: {name}")
    print(f"{len(names)} files, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
