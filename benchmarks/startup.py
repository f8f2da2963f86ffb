"""Where the start-up of `generator build poster` goes, as a whole process.

Run: `.venv/bin/python benchmarks/startup.py [process|imports|stages] [--base DIR] [-n N]`

- ``process``: N fresh processes of ``generator build poster`` (median and min of wall time
  and of the child's CPU time, user+sys); with ``--base DIR`` (another checkout, e.g.
  ``git archive main | tar -x -C DIR``) the two alternate, run by run, so a busy machine
  slows both alike.
- ``imports``: one process under ``python -X importtime``: the sum of every module's own
  import time, and the top-level packages that cost most.
- ``stages``: one fresh process that first imports every module the build uses (so no import
  is timed inside a stage), then times each stage of the build (CPU ms): reading the event,
  the template, Jinja, layout (font parsing, the SVG logo apart), pressing, the preflight.

The user's cache (parsed fonts, the converted logo, compiled templates, the event as read,
the composed text) is whatever it is; ``--cold`` points GENERATOR_CACHE_DIR at a fresh empty
folder for each run; ``--new-article`` builds each run from a copy of the default event whose
article's title ends in the run's number (a new article: the event and its composed text are
made anew, the fonts and the template come from the cache), the same copy for every tree.
Figures only; no test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
BUILD = ["build", "poster"]


def _env(tree: Path, cold: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    if cold:  # empty, but for the hint-free font copies (made once per machine, and slow)
        folder = Path(tempfile.mkdtemp(prefix="generator-cold-cache-"))
        fonts = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "generator/fonts"
        if fonts.is_dir():
            shutil.copytree(fonts, folder / "fonts")
        env["GENERATOR_CACHE_DIR"] = str(folder)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user+sys of the child) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _cli(out: str) -> list[str]:
    # -P: the working directory is not put on sys.path, so PYTHONPATH chooses the tree.
    code = "import sys; from generator.cli import main; sys.exit(main())"
    return [sys.executable, "-P", "-c", code]


def _new_article(folder: Path, tree: Path, n: int) -> list[str]:
    """``--article`` of a copy of the tree's default event whose title ends in `` n``."""
    event = folder / f"event-{n}"
    if not event.is_dir():
        shutil.copytree(tree / "content" / "unity-day", event)
        article = event / "article.kk.txt"
        title, rest = article.read_text(encoding="utf-8").split("\n", 1)
        article.write_text(f"{title} {n}\n{rest}", encoding="utf-8")
    return ["--article", str(event / "article.kk.txt")]


def process(trees: dict[str, Path], runs: int, cold: bool, new_article: bool = False) -> None:
    with tempfile.TemporaryDirectory() as out:
        # Each tree its own output folder (a folder's manifest names the template folder).
        cmds = {name: [*_cli(out), *BUILD, "--out", f"{out}/{i}"] for i, name in enumerate(trees)}
        bare = [sys.executable, "-P", "-c", "pass"]
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        figures["python -c pass"] = []
        first = next(iter(trees.values()))

        def more(n: int) -> list[str]:
            return _new_article(Path(out), first, n) if new_article else []

        for name, tree in trees.items():  # one warm-up each: caches and the OS's file cache
            _run([*cmds[name], *more(0)], _env(tree, cold))
        for n in range(1, runs + 1):
            for name, tree in trees.items():
                figures[name].append(_run([*cmds[name], *more(n)], _env(tree, cold)))
            figures["python -c pass"].append(_run(bare, dict(os.environ)))
    for name, runs_ in figures.items():
        wall = [w * 1000 for w, _ in runs_]
        cpu = [c * 1000 for _, c in runs_]
        print(
            f"{name:<16} wall median {statistics.median(wall):7.1f} ms  min {min(wall):7.1f} ms"
            f"   CPU median {statistics.median(cpu):7.1f} ms  min {min(cpu):7.1f} ms"
            f"   ({len(runs_)} runs)"
        )


def imports(trees: dict[str, Path], cold: bool, runs: int = 5) -> None:
    """Each module's own import time, the least of ``runs`` processes (a busy machine adds
    to some runs, never takes away)."""
    for name, tree in trees.items():
        own: dict[str, int] = {}
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as out:
                cmd = [sys.executable, "-X", "importtime", *_cli(out)[1:], *BUILD, "--out", out]
                err = subprocess.run(
                    cmd, check=True, capture_output=True, text=True, env=_env(tree, cold)
                ).stderr
            seen: dict[str, int] = {}
            for line in err.splitlines():
                m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
                if m:
                    seen[m[4]] = int(m[1])
            own = {k: min(v, own.get(k, v)) for k, v in seen.items()}
        tops: dict[str, int] = {}
        for module, us in own.items():
            top = module.split(".")[0]
            tops[top] = tops.get(top, 0) + us
        total = sum(own.values()) / 1000
        print(
            f"{name}: {len(own)} modules, import time (sum of own, least of {runs}) {total:.0f} ms"
        )
        for top, us in sorted(tops.items(), key=lambda kv: -kv[1])[:14]:
            print(f"    {top:<24} {us / 1000:7.1f} ms")


_STAGES = r"""
import json, sys, time
from pathlib import Path
sys.argv = ["generator", *{build}, "--out", {out!r}]
for name in {modules}:
    try:
        __import__(name)
    except Exception:
        pass
spent = {{}}
depth = [0]

def timed(label, fn):
    def wrapper(*a, **k):
        depth[0] += 1
        t = time.process_time()
        try:
            return fn(*a, **k)
        finally:
            depth[0] -= 1
            spent[label] = spent.get(label, 0.0) + time.process_time() - t
    return wrapper

def patch(module, attr, label):
    m = sys.modules.get(module)
    if m is not None and hasattr(m, attr):
        setattr(m, attr, timed(label, getattr(m, attr)))

from reportlab.pdfbase import ttfonts
ttfonts.TTFont.__init__ = timed("fonts: parse TrueType (TTFont)", ttfonts.TTFont.__init__)
patch("generator.typeset.vectors", "svg_drawing", "logo: SVG to drawing")
patch("generator.api", "load_event", "event: article + facts")
patch("generator.api", "find_template", "template: TOML + schema")
patch("generator.compose.memo", "composed", "compose: from cache or Jinja")
patch("generator.compose.bilingual", "compose_event", "compose: Jinja")
patch("generator.typeset.products", "lay_out", "typeset: layout (all)")
patch("generator.press.render", "render_pdf", "press: render")
patch("generator.api", "check_build", "preflight: the build's check")
patch("generator.press.preflight", "check_pdf", "preflight: the file (pikepdf)")
patch("generator.publish.write", "write_atomic", "publish: write")
patch("generator.publish.write", "write_manifest", "publish: write")
import jinja2
jinja2.Environment.compile = timed("compose: Jinja compile", jinja2.Environment.compile)
from generator.cli import main
t = time.process_time()
main()
spent["whole build (no imports)"] = time.process_time() - t
print(json.dumps(spent))
"""

_MODULES = r"""
import json, sys
sys.argv = ["generator", *{build}, "--out", {out!r}]
from generator.cli import main
main()
print(json.dumps(sorted(sys.modules)))
"""


def _json_of(code: str, env: dict[str, str]) -> Any:
    """What ``code``, run in a fresh process, prints as JSON on its last line."""
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout
    return json.loads(out.splitlines()[-1])


def stages(trees: dict[str, Path], cold: bool) -> None:
    for name, tree in trees.items():
        env = _env(tree, cold)
        with tempfile.TemporaryDirectory() as out:
            modules = _json_of(_MODULES.format(build=BUILD, out=out), env)
            spent = _json_of(_STAGES.format(build=BUILD, out=out, modules=modules), env)
        print(f"{name}: CPU ms per stage (imports done beforehand; nested stages overlap)")
        for label, s in spent.items():
            print(f"    {label:<34} {s * 1000:7.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="*", default=["process", "imports", "stages"])
    ap.add_argument("--base", type=Path, help="another checkout to compare, run by run")
    ap.add_argument("--tree", type=Path, default=HERE, help="the checkout measured (default: this)")
    ap.add_argument("-n", type=int, default=7, help="processes per tree (default 7)")
    ap.add_argument("--cold", action="store_true", help="an empty cache for every run")
    ap.add_argument(
        "--new-article", action="store_true", help="process: each run a new article (see above)"
    )
    args = ap.parse_args()
    trees = {"this tree": args.tree.resolve()}
    if args.base:
        trees = {"base": args.base.resolve(), **trees}
    for what in args.what:
        if what == "process":
            process(trees, args.n, args.cold, args.new_article)
        elif what == "imports":
            imports(trees, args.cold)
        elif what == "stages":
            stages(trees, args.cold)
        else:
            raise SystemExit(f"unknown: {what}")


if __name__ == "__main__":
    main()
