"""Benchmarks: print ms per document, documents per second and peak memory for each product.

Run: `make bench` or `.venv/bin/python benchmarks/run.py [NAME ...]` (names: poster, process,
trifold, microtype, booklet, hyphenate, press, impose, languages, reuse). Figures only; no test
asserts a time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, fn: Callable[[], object], runs: int = 40, warmup: int = 5) -> float:
    """Median wall time in ms of fn() after warm-up; prints one line."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    med = statistics.median(times)
    print(
        f"{label:<34} median {med:7.2f} ms  p90 {sorted(times)[int(runs * 0.9) - 1]:7.2f} ms  "
        f"{1000 / med:8.1f} docs/s  peak RSS {_peak_mib():6.1f} MiB"
    )
    return med


def bench_poster() -> None:
    from generator.api import build_pdf, load_event

    event = load_event()
    for size in ("A3", "A2", "A4"):
        measure(f"poster {size} (in-process)", lambda s=size: build_pdf("poster", event, size=s))


def bench_process() -> None:
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(Path(sys.executable).with_name("generator")), "build", "poster", "--out", out]
        times = []
        for _ in range(7):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t)
        print(
            f"{'generator build poster (process)':<34} median {statistics.median(times) * 1000:7.1f} ms  min {min(times) * 1000:7.1f} ms"
        )


def bench_trifold() -> None:
    from generator.api import build_pdf, load_event

    event = load_event()
    measure("trifold (in-process)", lambda: build_pdf("trifold", event))


def bench_booklet() -> None:
    from generator.api import build_pdf, load_event

    event = load_event()
    measure("booklet (in-process)", lambda: build_pdf("booklet", event))


def bench_hyphenate() -> None:
    from generator.api import load_event
    from generator.typeset import hyphenate

    text = load_event().article.text

    caches = [f for f in vars(hyphenate).values() if hasattr(f, "cache_clear")]

    def run() -> None:
        for f in caches:  # every per-word cache: each run hyphenates from scratch
            f.cache_clear()
        hyphenate.soft_hyphenate(text)

    measure("hyphenate the article (cold cache)", run, runs=50)
    measure("hyphenate the article (warm cache)", lambda: hyphenate.soft_hyphenate(text), runs=50)


def bench_press() -> None:
    """What the press stage adds, as `generator build --marks --color cmyk` does it (bleed,
    marks, CMYK, then the build's own preflight, profile print, read from the document it
    holds) against the bare build (no bleed, RGB, no check): measured interleaved, medians
    of CPU and wall time, with the press stage's parts (the build alone, its check alone)
    and the file check (`generator check`, what the build ran before) for comparison."""
    from generator.api import build_pdf, check_build, load_event
    from generator.press.held import Held
    from generator.press.preflight import check_pdf

    def press(name: str) -> tuple[bytes, Held]:
        held = Held()
        return build_pdf(name, event, marks=True, color="cmyk", held=held), held

    def checked(name: str) -> object:
        pdf, held = press(name)
        return check_build(pdf, name, "cmyk", False, 3.0, held)

    event = load_event()
    for name in ("poster", "trifold", "booklet"):
        try:
            pdf, held = press(name)
        except Exception as e:  # a product not yet built on this branch
            print(f"{name}: skipped ({e})")
            continue
        runs = {
            "no bleed, rgb": lambda n=name: build_pdf(n, event, bleed_mm=0),
            "bleed+marks+cmyk+check": lambda n=name: checked(n),
            "  of which the build": lambda n=name: press(n),
            "  of which the check": lambda p=pdf, h=held: check_build(
                p, "x", "cmyk", False, 3.0, h
            ),
            "the file check instead": lambda p=pdf: check_pdf(p, color_mode="cmyk"),
        }
        cpu, wall = interleaved(runs, runs=30)
        for label in runs:
            print(f"{name + ': ' + label:<34} CPU {cpu[label]:7.2f} ms  wall {wall[label]:7.2f} ms")
        bare, full = "no bleed, rgb", "bleed+marks+cmyk+check"
        print(
            f"{'':<34} press adds {100 * (cpu[full] / cpu[bare] - 1):5.1f} % CPU, "
            f"{100 * (wall[full] / wall[bare] - 1):5.1f} % wall"
            + ("  (issue 12: at most 20 %)" if name == "poster" else "")
        )
    _press_new_article()


def _press_new_article(runs: int = 40) -> None:
    """The poster's press share when every build is of an article not built before (a copy of
    the default event whose title ends in the build's number): the page's text is set and its
    content read anew, the template's fixed parts come from the process's caches, as for a
    new article in a warm process."""
    import shutil

    from generator.api import build_pdf, check_build, load_event
    from generator.press.held import Held

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        events = []
        for n in range(2 * runs + 4):
            folder = Path(tmp) / f"event-{n}"
            shutil.copytree(root / "content" / "unity-day", folder)
            article = folder / "article.kk.txt"
            title, rest = article.read_text(encoding="utf-8").split("\n", 1)
            article.write_text(f"{title} {n}\n{rest}", encoding="utf-8")
            events.append(load_event(article))

        def full(event: object) -> None:
            held = Held()
            pdf = build_pdf("poster", event, marks=True, color="cmyk", held=held)
            check_build(pdf, "poster", "cmyk", False, 3.0, held)

        def bare(event: object) -> None:
            build_pdf("poster", event, bleed_mm=0)

        for event in events[-4:-2]:
            bare(event)
        for event in events[-2:]:
            full(event)
        times: dict[str, list[float]] = {"bare": [], "full": []}
        for i in range(runs):
            for label, fn, event in (
                ("bare", bare, events[2 * i]),
                ("full", full, events[2 * i + 1]),
            ):
                t = time.process_time()
                fn(event)
                times[label].append((time.process_time() - t) * 1000)
    b, f = statistics.median(times["bare"]), statistics.median(times["full"])
    print(
        f"poster, a new article each build: bare CPU {b:6.2f} ms, press CPU {f:6.2f} ms, "
        f"press adds {100 * (f / b - 1):5.1f} %  (issue 12: at most 20 %)"
    )


def interleaved(
    fns: dict[str, Callable[[], object]], runs: int = 30, warmup: int = 5
) -> tuple[dict[str, float], dict[str, float]]:
    """Median CPU and wall ms of each function, run in turn round after round (a busy
    machine slows them alike, so their ratios hold)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    wall: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(runs):
        for label, fn in fns.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            cpu[label].append((time.process_time() - c) * 1000)
            wall[label].append((time.perf_counter() - t) * 1000)
    return (
        {k: statistics.median(v) for k, v in cpu.items()},
        {k: statistics.median(v) for k, v in wall.items()},
    )


def cpu_ms(fn: Callable[[], object], runs: int = 40, warmup: int = 5) -> float:
    """Median CPU time in ms of fn() after warm-up (steadier than wall time on a busy machine)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


def bench_languages() -> None:
    """The poster in each language: Kazakh, Russian, bilingual (target ≤ 15 ms), Latin script,
    and an invitation with a price in tenge (fallback face); CPU ms and ratios to Kazakh."""
    from dataclasses import replace

    from generator.api import build_pdf, load_event

    kk_event = load_event()
    kk = cpu_ms(lambda: build_pdf("poster", kk_event))
    print(f"{'poster A3 kk (in-process)':<34} CPU {kk:6.2f} ms")
    for label, event in (
        ("poster A3 ru", load_event(lang="ru")),
        ("poster A3 kk+ru (bilingual)", load_event(lang="kk,ru")),
        ("poster A3 kk latn", load_event(script="latn")),
    ):
        ms = cpu_ms(lambda e=event: build_pdf("poster", e))
        print(f"{label + ' (in-process)':<34} CPU {ms:6.2f} ms  {ms / kk:5.2f} × Kazakh")
    facts = kk_event.facts
    priced = facts.with_facts(list(facts.values()), replace(facts.event, time="18:00, 2 000 ₸"))
    tenge = replace(kk_event, facts=priced)
    record = {"name": "Айгүл Серікқызы", "role": "", "organisation": ""}
    plain = cpu_ms(lambda: build_pdf("invitation", kk_event, record=record))
    ms = cpu_ms(lambda: build_pdf("invitation", tenge, record=record))
    print(f"{'invitation (in-process)':<34} CPU {plain:6.2f} ms")
    print(
        f"{'invitation with ₸ (fallback face)':<34} CPU {ms:6.2f} ms  {ms / plain:5.2f} × without"
    )


def bench_impose() -> None:
    import io

    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from generator.press.impose import impose_booklet

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(148 * mm, 210 * mm), invariant=1)
    for _ in range(16):
        c.rect(20, 20, 300, 500)
        c.showPage()
    c.save()
    data = buf.getvalue()
    measure("impose a 16-page A5 booklet", lambda: impose_booklet(data), runs=30)
    measure("... with marks and slug", lambda: impose_booklet(data, marks=True), runs=30)

    from generator.api import build_pdf, find_template, load_event
    from generator.press.nup import impose_nup

    tpl = find_template("invitation")
    one = build_pdf(tpl, load_event(), size="A6", record=dict.fromkeys(tpl.fields, "Айгерім"))
    import pikepdf

    with pikepdf.open(io.BytesIO(one)) as doc:
        for _ in range(99):
            doc.pages.append(doc.pages[0])
        out = io.BytesIO()
        doc.save(out)
    hundred = out.getvalue()
    ms = measure("step-and-repeat 100 A6 on SRA3", lambda: impose_nup(hundred), runs=15)
    print(f"{'':<34} target 200 ms: {'met' if ms <= 200 else 'NOT met'}")


def bench_microtype() -> None:
    """Microtypography's cost: the tri-fold and booklet as shipped (protrusion, 2 % expansion)
    against the same templates with both off, side by side in one process; and the line
    breaker's own share of a build."""
    import dataclasses

    from generator.api import build_pdf, find_template, load_event
    from generator.typeset import linebreak, paragraphs

    event = load_event()
    for name in ("trifold", "booklet"):
        on = find_template(name)
        styles = {
            k: dataclasses.replace(v, protrusion=False, expansion=0.0) for k, v in on.styles.items()
        }
        off = dataclasses.replace(on, styles=styles)
        t_on = measure(f"{name} microtype on", lambda t=on: build_pdf(t, event), runs=15)
        t_off = measure(f"{name} microtype off", lambda t=off: build_pdf(t, event), runs=15)
        spent = [0.0]

        def timed(plan, widths, choose=linebreak.choose_lines, spent=spent):
            start = time.perf_counter()
            lines = choose(plan, widths)
            spent[0] += time.perf_counter() - start
            return lines

        paragraphs.choose_lines = timed
        try:
            build_pdf(on, event)
        finally:
            paragraphs.choose_lines = linebreak.choose_lines
        print(
            f"{name}: on/off {t_on / t_off:.2f}x; the line breaker {spent[0] * 1000:.1f} ms "
            "of a build (the machine is shared: compare ratios, not absolute times)"
        )


def _events() -> dict[str, object]:
    """The default event and the test fixtures' (the e2e tests' six, plus tests/data/ru-event)."""
    from generator.api import load_event

    tests = Path(__file__).resolve().parents[1] / "tests"
    folders = sorted(p for p in (tests / "fixtures" / "events").iterdir() if p.is_dir())
    events: dict[str, object] = {"default": load_event()}
    for folder in [*folders, tests / "data" / "ru-event"]:
        events[folder.name] = load_event(next(folder.glob("article.*.txt")))
    return events


def bench_reuse() -> None:
    """The brochures built again (their paragraphs' lines kept from the build before, as in
    every other benchmark here) against set anew (kept lines, parses, break skeletons,
    fitted texts and deflated pages forgotten before each build, as for an article never
    built in the process); CPU ms, the two interleaved.
    The default event first, then the median over every event (each event's own median)."""
    from generator.api import build_pdf
    from generator.press import flate_cache
    from generator.typeset import breakplan, paragraphs, text

    def anew(name: str, event: object) -> None:
        paragraphs._SET.clear()
        paragraphs._PARSED.clear()
        paragraphs._UNSIZED.clear()
        breakplan._SKELETONS.clear()
        text._FITTED.clear()
        flate_cache.forget_streams()  # a new article's pages deflate anew
        build_pdf(name, event)

    def figures(name: str, event: object, runs: int) -> tuple[float, float]:
        for _ in range(3):
            build_pdf(name, event)
            anew(name, event)
        again: list[float] = []
        fresh: list[float] = []
        for _ in range(runs):
            for fn, times in ((build_pdf, again), (anew, fresh)):
                t = time.process_time()
                fn(name, event)
                times.append((time.process_time() - t) * 1000)
        return statistics.median(again), statistics.median(fresh)

    events = _events()
    for name in ("trifold", "booklet"):
        warm, cold = figures(name, events["default"], 15)
        print(
            f"{name}: built again CPU {warm:6.2f} ms, set anew CPU {cold:6.2f} ms "
            f"({cold / warm:.2f}x)"
        )
        each = {e: figures(name, ev, 7) for e, ev in events.items()}
        warm = statistics.median(w for w, _ in each.values())
        cold = statistics.median(c for _, c in each.values())
        detail = ", ".join(f"{e} {c:.0f}" for e, (_, c) in each.items())
        print(
            f"{name}, {len(each)} events (median): built again CPU {warm:6.2f} ms, set anew "
            f"CPU {cold:6.2f} ms; set anew each: {detail}"
        )


BENCHES = {
    "poster": bench_poster,
    "process": bench_process,
    "trifold": bench_trifold,
    "microtype": bench_microtype,
    "booklet": bench_booklet,
    "hyphenate": bench_hyphenate,
    "press": bench_press,
    "impose": bench_impose,
    "languages": bench_languages,
    "reuse": bench_reuse,
}


def main(names: list[str]) -> None:
    for name in names or list(BENCHES):
        try:
            BENCHES[name]()
        except (ImportError, ModuleNotFoundError) as e:
            print(f"{name}: not available ({e})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="ms per document, documents per second and peak memory for each product"
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"of {', '.join(BENCHES)} (default: all)"
    )
    names = parser.parse_args().names
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"no benchmark '{unknown[0]}' (names: {', '.join(BENCHES)})")
    main(names)
