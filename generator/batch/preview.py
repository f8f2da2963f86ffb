"""Review a folder of PDFs by eye: a PNG of each first page and an index.html gallery."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import quote

from ..errors import InputError, UsageError
from ..publish.write import sha256, write_atomic

THUMBS = "thumbs"
MAX_WIDTH = 2000  # pixels: a sheet of A4 badges at 2000 px is already 170 dpi; 100,000 took 18 GB


def _status(pdf: Path, data: bytes, manifest: dict) -> str:
    entry = manifest.get(pdf.name)
    if entry is None:
        return "not in manifest"
    return "ok" if entry.get("sha256") == sha256(data) else "changed since built"


def _thumbnail(data: bytes, width: int) -> tuple[bytes, int]:
    """PNG of the first page at ``width`` pixels, and the page count."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue(), len(doc)
    finally:
        doc.close()


def write_preview(folder: Path, width: int = 240) -> Path:
    """Write thumbs/NAME.png for every PDF in ``folder`` and an index.html listing them."""
    folder = Path(folder)
    if not 1 <= width <= MAX_WIDTH:
        raise UsageError(f"--width must be 1 to {MAX_WIDTH} pixels, got {width}")
    if not folder.is_dir():
        raise InputError("folder not found", where=str(folder))
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:  # an index of nothing, written into someone's data folder
        raise InputError(
            "no PDF files in this folder (give a batch's output folder)", where=str(folder)
        )
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        manifest = {}
    cards = []
    for pdf in pdfs:
        data = pdf.read_bytes()
        try:
            png, pages = _thumbnail(data, width)
        except Exception as e:  # noqa: BLE001 - a broken PDF is shown as such, not a crash
            cards.append((pdf.name, None, 0, len(data), f"unreadable: {type(e).__name__}"))
            continue
        thumb = f"{THUMBS}/{pdf.stem}.png"
        write_atomic(folder / thumb, png)
        cards.append((pdf.name, thumb, pages, len(data), _status(pdf, data, manifest)))
    index = folder / "index.html"
    write_atomic(index, _page(folder.name, cards, width).encode())
    return index


def _page(title: str, cards: list, width: int) -> str:
    items = []
    for name, thumb, pages, size, status in cards:
        e = html.escape
        img = f'<img src="{quote(thumb)}" alt="" loading="lazy">' if thumb else "<div>—</div>"
        bad = "" if status == "ok" else " bad"
        items.append(
            f'<figure class="card{bad}"><a href="{quote(name)}">{img}</a>'
            f"<figcaption><b>{e(name)}</b><br>{pages} p · {size / 1024:.0f} KB · {e(status)}"
            "</figcaption></figure>"
        )
    return f"""<!doctype html>
<html lang="kk"><meta charset="utf-8"><title>{html.escape(title)}: {len(cards)} PDF</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 16px; background: #f4f6f8; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax({width}px, 1fr)); gap: 14px; }}
.card {{ margin: 0; background: #fff; padding: 8px; box-shadow: 0 1px 3px #0002; }}
.card img {{ width: 100%; display: block; }}
.card figcaption {{ margin-top: 6px; word-break: break-all; color: #333; }}
.bad {{ outline: 3px solid #d33; }}
</style>
<h1>{html.escape(title)}: {len(cards)} PDF</h1>
<main>
{chr(10).join(items)}
</main>
</html>
"""
