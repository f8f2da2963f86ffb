"""Review matrix: every product built for every test event, each page rendered, one contact
sheet a product under docs/gallery/ (a cell an event, its pages side by side, the cells
wrapped into rows).

Run: `.venv/bin/python scripts/review_matrix.py [--out docs/gallery] [PRODUCT ...]`.
The events are the default one and those under tests/fixtures/events/ (the tests use them too);
the certificate, invitation and badge are made for an event's own recipients.csv, else the
default event's first recipient. The sheets are byte-identical from run to run.
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

PRODUCTS = ("poster", "trifold", "booklet", "certificate", "invitation", "badge", "badge-photo")
THUMB_H = 420  # pixels: the height a page is drawn at on a sheet
# A product of one page is drawn taller: a poster at 420 pixels (an A3 page 300 wide) was too
# small to judge its type; the sheet wraps it onto two rows instead.
THUMB_H_ONE_PAGE = {"poster": 640, "certificate": 560, "invitation": 560}
SHEET_W = 2600  # pixels: cells wrap onto a new row past this width
LABEL_PX = 20  # the event names over the cells, in PT Sans (PIL's bitmap font was 11 pixels)


def events() -> list[tuple[str, Path | None]]:
    """(name, article) of every review event: the default first, then the fixtures."""
    found: list[tuple[str, Path | None]] = [("default (1 May)", None)]
    for folder in sorted((ROOT / "tests" / "fixtures" / "events").iterdir()):
        articles = sorted(folder.glob("article.*.txt"))
        if articles:
            found.append((folder.name, articles[0]))
    return found


def sample_record(article: Path | None = None) -> dict[str, str]:
    """The first recipient of the event's own recipients.csv (a Russian event's in Russian),
    else of the default event's."""
    from generator.resources import default_event_dir

    own = article.parent / "recipients.csv" if article else None
    path = own if own and own.exists() else default_event_dir() / "recipients.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))


def render(pdf: bytes, height: int = THUMB_H) -> list:
    """Every page as a PIL image, ``height`` pixels high (trim plus bleed as built)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        scale = height / page.get_height()
        pages.append(page.render(scale=scale).to_pil().convert("RGB"))
    return pages


def _font(px: int, bold: bool = False):
    from PIL import ImageFont

    from generator.resources import fonts_dir

    name = "PTSans-Bold.ttf" if bold else "PTSans-Regular.ttf"
    return ImageFont.truetype(str(fonts_dir() / "pt-sans" / name), px)


def sheet(rows: list[tuple[str, list, str]], title: str, height: int = THUMB_H):
    """One contact sheet: a cell an event (its name, then its pages side by side), cells
    wrapped into rows no wider than SHEET_W; a failed build is written out in red."""
    from PIL import Image, ImageDraw

    gap, head = 16, LABEL_PX + 14
    label_font, title_font = _font(LABEL_PX, bold=True), _font(LABEL_PX + 4, bold=True)
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
    top = LABEL_PX + 30
    out = Image.new("RGB", (width, top + len(lines) * (height + head + gap) + gap), "#D9DDE2")
    draw = ImageDraw.Draw(out)
    draw.text((gap, 12), title, fill="#14284B", font=title_font)
    y = top
    for line in lines:
        x = gap
        for name, pages, note, cell_w in line:
            draw.text((x, y + 4), name, fill="#14284B", font=label_font)
            if note:
                draw.multiline_text(
                    (x, y + head + 10), _wrap(note, 28), fill="#B00020", font=label_font
                )
            px = x
            for im in pages:
                out.paste(im, (px, y + head))
                px += im.width + gap
            x += cell_w + gap
        y += height + head + gap
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
    loaded = [(name, load_event(article), sample_record(article)) for name, article in events()]
    failures = 0
    for product in args.products:
        height = THUMB_H_ONE_PAGE.get(product, THUMB_H)
        rows = []
        for name, event, record in loaded:
            t = time.perf_counter()
            try:
                pdf = build_pdf(product, event, record=record, bleed_mm=0)
            except GeneratorError as e:
                failures += 1
                rows.append((name, [], f"FAILED: {e}"))
                print(f"{product:<12} {name:<18} FAILED {e}")
                continue
            pages = render(pdf, height)
            ms = (time.perf_counter() - t) * 1000
            rows.append((f"{name}", pages, ""))
            print(f"{product:<12} {name:<18} {len(pages):>2} page(s) {ms:7.0f} ms")
        image = sheet(rows, f"{product}: every review event, each with all its pages", height)
        target = args.out / f"{product}.png"
        # 256 colours: a contact sheet is for looking, and a third the size in the repository.
        image.quantize(colors=256).save(target, optimize=True)
        print(f"wrote {target}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
