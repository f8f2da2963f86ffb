"""Render the README's picture of the poster from the real output (build it first if needed)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import pypdfium2 as pdfium

    from generator.api import build

    out = ROOT / "output"
    result = build(["poster"], out=out)
    if not result.ok:
        print("\n".join(result.failures), file=sys.stderr)
        return 1
    pdf = pdfium.PdfDocument(str(out / "poster-A3.pdf"))
    page = pdf[0]
    # Crop the bleed away: show the poster as it will be after trimming.
    image = page.render(scale=0.5, crop=(8.5, 8.5, 8.5, 8.5)).to_pil()
    target = ROOT / "docs" / "poster-A3.png"
    target.parent.mkdir(exist_ok=True)
    image.save(target, optimize=True)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
