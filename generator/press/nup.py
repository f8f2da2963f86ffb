"""Step-and-repeat: same-size flat pieces (invitations, cards, badges) placed on a press sheet.

Each piece is a vector form XObject of its page, shown with its own bleed (between pieces
up to half the gutter, so neighbours never overlap; on the outer edges all of it) and
clipped there. ``gutter_mm=0`` butts the pieces for shared cuts, which fits more on a sheet
(A6 on SRA3: 8 instead of 4) when the design allows it. The grid takes the sheet's better
orientation, keeps a margin for the marks, and is centred. A one-page source fills every
place on the sheet; a longer one goes on in reading order, as many sheets as it needs.
Crop marks run in the margins in line with every trim edge, with registration targets and a
slug line; the sheet's TrimBox and BleedBox are the outer bounds of the pieces' trims and
bleeds. A PDF/X source stays PDF/X (see ``sheets.finish``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from generator.errors import InputError
from generator.press._scan import MM, open_pdf, source_name
from generator.press.impose import _n, _read_pages, _wh
from generator.press.sheets import SHEETS, add_sheet, finish, marks_overlay, piece_clips

MARGIN_MM = 1.0  # beyond the marks, up to the sheet's edge


def sheet_size(text: str | tuple[float, float]) -> tuple[float, float]:
    """A named press sheet (SRA3, A3, B2, ...) or ``WxH`` in mm."""
    if isinstance(text, tuple):
        return text
    key = text.strip().upper()
    if key in SHEETS:
        return SHEETS[key]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)", text.strip())
    if not m:
        raise InputError(
            f"unknown sheet {text!r}: use {', '.join(SHEETS)} or WxH in mm", where="--sheet"
        )
    return float(m.group(1)), float(m.group(2))


def grid(
    piece: tuple[float, float], sheet: tuple[float, float], gutter: float, margin: float
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """The sheet (turned if that fits more) and the lower-left trim corners of its places,
    all in points, top row first, left to right."""
    best: tuple[tuple[float, float], list[tuple[float, float]]] = (sheet, [])
    pw, ph = piece
    for sw, sh in (sheet, sheet[::-1]):
        cols = int((sw - 2 * margin + gutter + 1e-6) // (pw + gutter))
        rows = int((sh - 2 * margin + gutter + 1e-6) // (ph + gutter))
        if cols * rows > len(best[1]):
            x0 = (sw - cols * pw - (cols - 1) * gutter) / 2
            y0 = (sh - rows * ph - (rows - 1) * gutter) / 2
            cells = [
                (x0 + c * (pw + gutter), y0 + r * (ph + gutter))
                for r in reversed(range(rows))
                for c in range(cols)
            ]
            best = ((sw, sh), cells)
    return best


def impose_nup(
    source: Path | bytes,
    *,
    sheet: str | tuple[float, float] = "SRA3",
    gutter_mm: float | None = None,
    marks: bool = True,
    name: str | None = None,
) -> bytes:
    """Step-and-repeat ``source``'s pages on press sheets and return the new PDF's bytes.

    ``gutter_mm`` is the space between neighbouring trims (default: twice the pieces'
    bleed, so each shows its whole bleed); each piece shows its bleed up to half the gutter.
    """
    name = source_name(source, name)
    sheet_mm = sheet_size(sheet)
    if gutter_mm is not None and gutter_mm < 0:
        raise InputError(f"gutter must be 0 or more, not {gutter_mm} mm", where=name)
    with open_pdf(source, name) as src:
        forms, trims, bleeds = _read_pages(src, name, "step-and-repeat")
        pw, ph = _wh(trims[0])
        bleed = max(0.0, min(min(t[0] - b[0], b[2] - t[2], t[1] - b[1], b[3] - t[3])
                             for t, b in zip(trims, bleeds, strict=True)))  # fmt: skip
        gutter = 2 * bleed if gutter_mm is None else gutter_mm * MM
        inner = min(bleed, gutter / 2)  # each piece's bleed, never over its neighbour's
        margin = bleed
        if marks:
            from generator.press.marks import MARK_LENGTH, gap

            margin = gap(bleed) + MARK_LENGTH + MARGIN_MM * MM
        (sw, sh), cells = grid((pw, ph), (sheet_mm[0] * MM, sheet_mm[1] * MM), gutter, margin)
        if not cells:
            raise InputError(
                f"a {pw / MM:.1f}x{ph / MM:.1f} mm piece does not fit a "
                f"{sheet_mm[0]:g}x{sheet_mm[1]:g} mm sheet with its margins",
                where=name,
            )
        out = pikepdf.new()
        placed = [out.copy_foreign(form) for form in forms]
        per = len(cells)
        # one page: the whole sheet of it; more: each page once, in order
        order = [0] * per if len(forms) == 1 else list(range(len(forms)))
        sheets = [order[i : i + per] for i in range(0, len(order), per)]
        boxes = [(x, y, x + pw, y + ph) for x, y in cells]
        overlay = None
        if marks:
            label = f"{Path(name).name}  ·  {per}-up {pw / MM:g}x{ph / MM:g} mm"
            overlay = marks_overlay(
                out,
                (sw, sh),
                [
                    (boxes[: len(group)], [], f"{label}  ·  sheet {i + 1}/{len(sheets)}")
                    for i, group in enumerate(sheets)
                ],
                bleed,
            )
        for i, group in enumerate(sheets):
            ops, xobjects = [], pikepdf.Dictionary()
            clips, trim, bleed_box = piece_clips(boxes[: len(group)], bleed, inner)
            for (x, y), number, (x0, y0, x1, y1) in zip(cells, group, clips, strict=False):
                key, t = f"/P{number + 1}", trims[number]
                xobjects[key] = placed[number]
                clip = f"{_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)}"
                ops.append(f"q {clip} re W n 1 0 0 1 {_n(x - t[0])} {_n(y - t[1])} cm {key} Do Q")
            marks_form = overlay[i] if overlay is not None else None
            add_sheet(out, (sw, sh), bleed_box, trim, xobjects, ops, marks_form)
        return finish(src, out, "generator press impose --nup")
