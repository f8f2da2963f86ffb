"""Saddle-stitch imposition: any PDF of equal-sized pages into printer's spreads.

Each source page is placed as a vector form XObject (never rasterised) on one half of a
sheet twice its trim width. The sheets come out as consecutive PDF pages, front then back:
for 16 pages, 16|1, 2|15, 14|3, 4|13, 12|5, 6|11, 10|7, 8|9.

Placement: a page is positioned by its TrimBox (or MediaBox when it has none) so that its
spine edge lies exactly on the sheet's centre line. Its bleed (BleedBox beyond TrimBox) is
kept on the three outer sides, up to the smallest bleed any page has, and is clipped away at
the spine, where the two pages of a spread must meet without overlap.

Creep: with ``creep_mm`` = paper thickness t, sheet i (0 = outermost, the cover) has every
page moved toward the spine by ``i * t``. Nested folded sheets each sit one paper thickness
further out than the sheet around them, so the innermost of n sheets sticks out at the fore
edge by ``(n - 1) * t``, the usual "total creep = thickness x (sheets - 1)" of imposition
tools. The spine-side edge of a shifted page is clipped at the centre line. The finished
fore edge of that sheet moves in with its pages, so its TrimBox narrows by the shift at each
side and the page's whole bleed still lies beyond it (creep never eats the bleed).

``marks=True`` adds a slug around the sheet (MediaBox larger than BleedBox) with crop marks,
fold marks at the spine, registration targets and a slug line. A PDF/X source stays PDF/X:
Title, Author, Subject, Keywords, Trapped, dates, both GTS keys, the output intent and the
XMP are carried over. ``impose_nup`` is step-and-repeat for flat pieces (see ``nup.py``).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from generator.errors import InputError
from generator.press._scan import MM, box, clip, open_pdf, source_name
from generator.press.sheets import SHEETS, add_sheet, finish, marks_overlay

_TOL = 0.05 * MM  # page sizes equal within 0.05 mm count as one size
_Box = tuple[float, float, float, float]


def saddle_order(n_pages: int) -> list[tuple[int, int]]:
    """Page pairs (left, right), 1-based, for each sheet side in print order.

    ``n_pages`` must be a positive multiple of 4; side 2k is sheet k's front, 2k + 1 its back.
    """
    if n_pages <= 0 or n_pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {n_pages}")
    sides: list[tuple[int, int]] = []
    for s in range(n_pages // 4):
        sides.append((n_pages - 2 * s, 2 * s + 1))  # front: outer pages
        sides.append((2 * s + 2, n_pages - 2 * s - 1))  # back: the next pair in
    return sides


def booklet_sequence(n_source: int) -> list[int | None]:
    """Source page numbers for booklet positions 1..4k, ``None`` for a blank.

    Blanks go before the last page so that the back cover stays on the back.
    """
    if n_source <= 0:
        raise ValueError("a booklet needs at least one page")
    blanks = -n_source % 4
    pages: list[int | None] = list(range(1, n_source + 1))
    if n_source == 1:
        return [1, None, None, None]
    return pages[:-1] + [None] * blanks + pages[-1:]


def impose_booklet(
    source: Path | bytes,
    *,
    creep_mm: float = 0.0,
    sheet: tuple[float, float] | None = None,
    marks: bool = False,
    name: str | None = None,
) -> bytes:
    """Impose ``source`` for saddle stitching and return the new PDF's bytes.

    A page count that is not a multiple of 4 is padded with blank pages inserted before the
    last page, so the back cover stays on the back (see ``booklet_sequence``).
    ``creep_mm`` is the paper thickness (see the module notes for the shift per sheet);
    ``sheet`` is an optional press-sheet size (width, height) in mm on which each spread is
    centred; without it the sheet is the spread plus its bleed (and the slug, with
    ``marks``). The output's pages carry MediaBox, BleedBox and TrimBox (the spread, 2 x
    trim width, less the creep); output is deterministic.
    """
    name = source_name(source, name)
    if not 0 <= creep_mm <= 10:  # also refuses NaN
        raise InputError(f"creep must be from 0 to 10 mm, not {creep_mm} mm", where=name)
    with open_pdf(source, name) as src:
        return _impose(src, name, creep_mm * MM, sheet, marks)


def _impose(
    src: pikepdf.Pdf, name: str, creep: float, sheet: tuple[float, float] | None, marks: bool
) -> bytes:
    from generator.press.marks import SLUG

    forms, trims, bleeds = _read_pages(src, name)
    page_w, page_h = _wh(trims[0])
    bleed = max(0.0, min(min(_margins(t, b)) for t, b in zip(trims, bleeds, strict=True)))
    spread_w, spread_h = 2 * page_w, page_h
    room = bleed + (SLUG if marks else 0)  # around the spread: bleed, and the slug for marks
    if sheet is None:
        sheet_w, sheet_h = spread_w + 2 * room, spread_h + 2 * room
    else:
        sheet_w, sheet_h = sheet[0] * MM, sheet[1] * MM
        if sheet_w + _TOL < spread_w + 2 * room or sheet_h + _TOL < spread_h + 2 * room:
            what = "with bleed and marks" if marks else "with bleed"
            raise InputError(
                f"the sheet {sheet[0]:g}x{sheet[1]:g} mm is smaller than the spread {what} "
                f"({(spread_w + 2 * room) / MM:.1f}x{(spread_h + 2 * room) / MM:.1f} mm)",
                where=name,
            )
    ox, oy = (sheet_w - spread_w) / 2, (sheet_h - spread_h) / 2  # lower-left of the trim
    spine = ox + page_w

    out = pikepdf.new()
    placed = [out.copy_foreign(form) for form in forms]
    sequence = booklet_sequence(len(forms))
    order = saddle_order(len(sequence))
    overlay = None
    if marks:
        n_sheets = len(order) // 2
        overlay = marks_overlay(
            out,
            (sheet_w, sheet_h),
            [
                (
                    [(ox + i // 2 * creep, oy, ox + spread_w - i // 2 * creep, oy + spread_h)],
                    [spine],
                    f"{name}  ·  sheet {i // 2 + 1}/{n_sheets} {('front', 'back')[i % 2]}",
                )
                for i in range(len(order))
            ],
            bleed,
        )
    for side, pair in enumerate(order):
        shift = (side // 2) * creep  # sheet index x paper thickness, toward the spine
        # the finished fore edges move in with the pages; the bleed lies beyond them
        trim_box = [ox + shift, oy, ox + spread_w - shift, oy + spread_h]
        bleed_box = [trim_box[0] - bleed, oy - bleed, trim_box[2] + bleed, oy + spread_h + bleed]
        # what each half may show: its page and the outer bleed, never past the spine
        halves = (
            (trim_box[0] - bleed, oy - bleed, spine - trim_box[0] + bleed, page_h + 2 * bleed),
            (spine, oy - bleed, trim_box[2] + bleed - spine, page_h + 2 * bleed),
        )
        ops, xobjects = [], pikepdf.Dictionary()
        for half, position in enumerate(pair):
            number = sequence[position - 1]
            if number is None:
                continue  # a blank page: nothing to draw
            key, t = f"/P{number}", trims[number - 1]
            xobjects[key] = placed[number - 1]
            # left page: trim's right edge on the spine; right page: its left edge
            tx = spine + shift - t[2] if half == 0 else spine - shift - t[0]
            rect = " ".join(_n(v) for v in halves[half])
            ops.append(f"q {rect} re W n 1 0 0 1 {_n(tx)} {_n(oy - t[1])} cm {key} Do Q")
        marks_form = overlay[side] if overlay is not None else None
        add_sheet(out, (sheet_w, sheet_h), bleed_box, trim_box, xobjects, ops, marks_form)
    return finish(src, out, "generator press impose")


def _read_pages(
    src: pikepdf.Pdf, name: str, job: str = "a booklet"
) -> tuple[list, list[_Box], list[_Box]]:
    """Each page as a form XObject, with its trim and bleed boxes as seen (after /Rotate)."""
    if len(src.pages) == 0:
        raise InputError("the PDF has no pages", where=name)
    producer = str((src.trailer.get("/Info") or {}).get("/Producer", ""))
    if producer.startswith(_IMPOSED):  # sheets.finish names the imposer so
        what = "step-and-repeat sheets" if producer.endswith("--nup") else "booklet spreads"
        raise InputError(
            f"already imposed ({what} made by `generator impose`), not pages to impose: "
            "give the PDF they were made from",
            where=name,
        )
    forms, trims, bleeds = [], [], []
    for number, page in enumerate(src.pages, start=1):
        form = page.as_form_xobject(handle_transformations=True)
        media = box(page.obj.get("/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
        trim = clip(box(page.obj.get("/TrimBox")) or media, media)
        _refuse_a_sheet(media, trim, number, name, job)
        # a missing BleedBox defaults to the CropBox, and that to the MediaBox
        bleed = clip(
            box(page.obj.get("/BleedBox")) or box(page.obj.get("/CropBox")) or media, media
        )
        form.BBox = pikepdf.Array(bleed)  # as_form_xobject clips to the trim; keep the bleed
        matrix = tuple(float(v) for v in form.get("/Matrix", (1, 0, 0, 1, 0, 0)))  # /Rotate
        trims.append(_transform(matrix, trim))
        bleeds.append(_transform(matrix, bleed))
        forms.append(form)
        (w0, h0), (w, h) = _wh(trims[0]), _wh(trims[-1])
        if abs(w - w0) > _TOL or abs(h - h0) > _TOL:
            raise InputError(
                f"page {number} is {w / MM:.1f}x{h / MM:.1f} mm but page 1 is "
                f"{w0 / MM:.1f}x{h0 / MM:.1f} mm; {job} needs one page size",
                where=name,
            )
    return forms, trims, bleeds


# Papers a press sheet is (mm, portrait): a page of one of these sizes whose trim lies well
# inside is a sheet of pieces already (a batch's badges on A4, a sheet imposed elsewhere).
_PAPERS = {**SHEETS, "A2": (420, 594), "Letter": (215.9, 279.4)}
_SHEET_MARGIN = 10 * MM  # room for cut marks round the pieces on every side
_IMPOSED = "generator press impose"  # the Producer of what this module and nup.py write


def _refuse_a_sheet(media: _Box, trim: _Box, number: int, name: str, job: str) -> None:
    """Refuse a page that is a whole paper sheet whose trim lies 10 mm or more inside it on
    every side: pieces set on a sheet with cut marks round them, not a piece to place."""
    size = sorted(round(v / MM) for v in _wh(media))
    paper = next((k for k, mm in _PAPERS.items() if sorted(map(round, mm)) == size), None)
    margins = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
    if paper and min(margins) >= _SHEET_MARGIN:
        tw, th = _wh(trim)
        raise InputError(
            f"page {number} is a whole {paper} sheet with its pieces inside a "
            f"{tw / MM:.1f}x{th / MM:.1f} mm trim, not a piece for {job}: print it as it is, "
            "or give the PDF of the pieces themselves (a piece a page)",
            where=name,
        )


def _transform(m: tuple[float, ...], rect: _Box) -> _Box:
    """The rectangle's image under matrix ``m`` (axis-aligned for /Rotate's right angles)."""
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((rect[0], rect[1]), (rect[0], rect[3]), (rect[2], rect[1]), (rect[2], rect[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _margins(trim: _Box, bleed: _Box) -> tuple[float, float, float, float]:
    return (trim[0] - bleed[0], bleed[2] - trim[2], trim[1] - bleed[1], bleed[3] - trim[3])


def _wh(rect: _Box) -> tuple[float, float]:
    return rect[2] - rect[0], rect[3] - rect[1]


def _r(v: float) -> float:
    return round(v, 4)


def _n(v: float) -> str:
    """A number for a content stream: fixed precision, no exponent, no '-0'."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
