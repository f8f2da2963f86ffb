"""Review matrix: every product built for every test event, each page rendered, one contact
sheet a product under docs/gallery/ (a row an event, a column a page).

Run: `.venv/bin/python scripts/review_matrix.py [--out docs/gallery] [PRODUCT ...]`.
The events are the default one and those under tests/fixtures/events/ (the tests use them too).
Look at every sheet before calling a template change done.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PRODUCTS = ("poster", "trifold", "booklet", "certificate", "invitation", "badge")
THUMB_H = 420  # pixels: the height every page is drawn at on a sheet
SHEET_W = 2600  # pixels: cells wrap onto a new row past this width


def events() -> list[tuple[str, Path | None]]:
    """(name, article) of every review event: the default first, then the fixtures."""
    found: list[tuple[str, Path | None]] = [("default (1 May)", None)]
    for folder in sorted((ROOT / "tests" / "fixtures" / "events").iterdir()):
        articles = sorted(folder.glob("article.*.txt"))
        if articles:
            found.append((folder.name, articles[0]))
    return found


def sample_record() -> dict[str, str]:
    from generator.resources import default_event_dir

    with open(default_event_dir() / "recipients.csv", encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))


def render(pdf: bytes) -> list:
    """Every page as a PIL image, THUMB_H pixels high (trim plus bleed as built)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        scale = THUMB_H / page.get_height()
        pages.append(page.render(scale=scale).to_pil().convert("RGB"))
    return pages


def sheet(rows: list[tuple[str, list, str]], title: str):
    """One contact sheet: a cell an event (its name, then its pages side by side), cells
    wrapped into rows no wider than SHEET_W; a failed build is written out in red."""
    from PIL import Image, ImageDraw

    gap, head = 16, 26
    cells = []
    for label, pages, note in rows:
        width = max(sum(im.width for im in pages) + gap * max(len(pages) - 1, 0), 300)
        cells.append((label, pages, note, width))
    lines: list[list] = [[]]
    for cell in cells:
        used = sum(c[3] + gap for c in lines[-1])
        if lines[-1] and used + cell[3] > SHEET_W:
            lines.append([])
        lines[-1].append(cell)
    width = max(sum(c[3] + gap for c in line) for line in lines) + gap
    height = 40 + len(lines) * (THUMB_H + head + gap) + gap
    out = Image.new("RGB", (width, height), "#D9DDE2")
    draw = ImageDraw.Draw(out)
    draw.text((gap, 12), title, fill="#14284B")
    y = 40
    for line in lines:
        x = gap
        for label, pages, note, cell_w in line:
            draw.text((x, y + 6), label, fill="#14284B")
            if note:
                draw.multiline_text((x, y + head + 10), _wrap(note, 40), fill="#B00020")
            px = x
            for im in pages:
                out.paste(im, (px, y + head))
                px += im.width + gap
            x += cell_w + gap
        y += THUMB_H + head + gap
    return out


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def main(argv: list[str] | None = None) -> int:
    from generator.api import build_pdf, load_event
    from generator.errors import GeneratorError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("products", nargs="*", default=list(PRODUCTS))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    loaded = [(name, load_event(article)) for name, article in events()]
    record = sample_record()
    failures = 0
    for product in args.products:
        rows = []
        for name, event in loaded:
            t = time.perf_counter()
            try:
                pdf = build_pdf(product, event, record=record, bleed_mm=0)
            except GeneratorError as e:
                failures += 1
                rows.append((name, [], f"FAILED: {e}"))
                print(f"{product:<12} {name:<18} FAILED {e}")
                continue
            pages = render(pdf)
            ms = (time.perf_counter() - t) * 1000
            rows.append((f"{name}", pages, ""))
            print(f"{product:<12} {name:<18} {len(pages):>2} page(s) {ms:7.0f} ms")
        image = sheet(rows, f"{product}: every review event (rows), every page (columns)")
        target = args.out / f"{product}.png"
        # 256 colours: a contact sheet is for looking, and a third the size in the repository.
        image.quantize(colors=256).save(target, optimize=True)
        print(f"wrote {target}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
