"""Certificates per second, ours against Typst's, side by side on the same records, one core
each (Typst's compiler reused, as ours keeps its prepared template): the ratio is what counts
on a shared machine. Needs the optional extra: `pip install -e '.[bench]'` (the typst package).

Run: `.venv/bin/python benchmarks/typst_side_by_side.py [N]` (default 1000). The Typst template
(benchmarks/typst/certificate.typ) has our certificate's boxes, sizes, colours and fonts.
Figures only; no test asserts them.
"""

from __future__ import annotations

import glob
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(n: int) -> None:
    import typst
    from batch import people

    from generator.api import find_template
    from generator.batch.jobs import Job, render

    fonts = sorted(
        {str(Path(p).parent) for p in glob.glob(str(ROOT / "fonts/**/*.ttf"), recursive=True)}
    )
    compiler = typst.Compiler(str(ROOT / "benchmarks/typst/certificate.typ"), font_paths=fonts)
    job = Job(str(find_template("certificate").folder))
    rows = people(n)
    for r in rows[:10]:  # warm both: fonts, caches, the prepared template
        compiler.compile(sys_inputs=r)
        render(job, r)
    times: dict[str, list[float]] = {"typst": [], "ours": []}
    for _ in range(3):  # interleaved, so both see the same load
        t = time.perf_counter()
        for r in rows:
            compiler.compile(sys_inputs=r)
        times["typst"].append((time.perf_counter() - t) / n * 1000)
        t = time.perf_counter()
        for r in rows:
            render(job, r)
        times["ours"].append((time.perf_counter() - t) / n * 1000)
    for name, ms in times.items():
        print(
            f"{name:<6} {statistics.median(ms):6.2f} ms/doc  {1000 / statistics.median(ms):6.0f} docs/s/core  runs {' '.join(f'{m:.2f}' for m in ms)}"
        )
    ratios = [t / o for t, o in zip(times["typst"], times["ours"], strict=True)]
    print(
        f"ours / Typst docs per second, core for core: {statistics.median(ratios):.2f}x  runs {' '.join(f'{r:.2f}' for r in ratios)}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
