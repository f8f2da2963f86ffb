"""The live preview's whole loop: a save to the poster's article until the new page is on screen.

Starts `generator serve` on a scratch copy of the default event (poster only), opens the page
in headless Chromium, then saves the article N times; each figure runs from just before the
write until the browser has loaded the new page image (file watch, rebuild, JPEG, server-sent
event, state fetch, image fetch and decode). Side by side: the manual loop it replaces,
`generator build poster` in a new process plus a PNG of the page with pypdfium2.

Run: `.venv/bin/python benchmarks/serve.py [--runs N] [--screenshot PATH]`. Figures only.
Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: chromium chromium-driver).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Resolves once the poster's image differs from arguments[0] and has finished loading.
WAIT_FOR_NEW_IMAGE = """
const [previous, done] = arguments;
function check() {
  const img = document.querySelector('#product-poster img');
  if (img && img.getAttribute('src') !== previous && img.complete && img.naturalWidth > 0) {
    done(img.getAttribute('src'));
  } else {
    requestAnimationFrame(check);
  }
}
check();
"""


def _figures(label: str, times: list[float]) -> float:
    times = sorted(times)
    med = statistics.median(times)
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    print(
        f"{label:<46} median {med:7.1f} ms  p90 {p90:7.1f} ms  "
        f"min {times[0]:7.1f}  max {times[-1]:7.1f}  (n={len(times)})"
    )
    return med


def manual_loop(event: Path, runs: int) -> list[float]:
    """What a designer did before: rebuild in a new process, then render the page to PNG."""
    render = (
        "import sys, pypdfium2 as p; d = p.PdfDocument(sys.argv[1]); "
        "d[0].render(scale=1100 / d[0].get_height()).to_pil().save(sys.argv[2])"
    )
    generator = str(Path(sys.executable).with_name("generator"))
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                [generator, "build", "poster", "--article", str(event / "article.kk.txt")]
                + ["--out", out, "--no-check"],
                check=True,
                capture_output=True,
            )
            pdf = str(Path(out) / "poster-A3.pdf")
            png = str(Path(out) / "p.png")
            subprocess.run([sys.executable, "-c", render, pdf, png], check=True)
            times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the served page")
    args = parser.parse_args()

    from generator.resources import default_event_dir
    from tests.serve.conftest import headless_chromium

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    event = work / "event"
    shutil.copytree(default_event_dir(), event)
    article = event / "article.kk.txt"
    original = article.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(event), "poster", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    driver = None
    try:
        url = server.stdout.readline().split()[1]  # type: ignore[union-attr]
        driver = headless_chromium(work / "chromium")
        driver.set_script_timeout(30)
        driver.get(url)
        current = driver.execute_async_script(WAIT_FOR_NEW_IMAGE, "")
        loop, builds = [], []
        words = ["мерекесі", "күні"]
        for i in range(args.runs):
            lines = original.splitlines()
            lines[0] += f" {words[i % 2]}"  # the title; still the date fact's source
            time.sleep(0.3)  # let the previous rebuild settle: each save stands alone
            t = time.perf_counter()
            article.write_text("\n".join(lines) + "\n", encoding="utf-8")
            current = driver.execute_async_script(WAIT_FOR_NEW_IMAGE, current)
            loop.append((time.perf_counter() - t) * 1000)
            with urllib.request.urlopen(url + "api/state") as r:
                builds.append(json.load(r)["products"][0]["build_ms"])
        if args.screenshot:
            driver.execute_script(
                "for (const b of document.querySelectorAll('[data-guide]'))"
                " { b.checked = true; b.dispatchEvent(new Event('change')); }"
            )
            time.sleep(0.3)
            driver.save_screenshot(str(args.screenshot))
            print(f"wrote {args.screenshot}")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait()
    print("generator serve: a save to the poster's article, until the browser shows it")
    live = _figures("save → new page on screen (whole loop)", loop)
    build = _figures("  of which: build + JPEG in the server", builds)
    manual = _figures("manual loop: `generator build` + PNG (2 processes)", manual_loop(event, 5))
    print(f"ratio manual / live: {manual / live:.1f}×; build share of the loop: {build / live:.0%}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
