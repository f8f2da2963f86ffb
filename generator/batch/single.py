"""Single-file mode: every record a page of one PDF (badges: N-up sheets with cut marks).

The parts of a page that no record changes are laid out once and drawn once, as a form
XObject that every page reuses; only the boxes whose text reads the record are laid out per
page. Both go through the same layout and press stages as any other product.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ..compose.bilingual import compose_event
from ..compose.depends import RECORD_NAMES, per_record_boxes
from ..compose.render import needed_blocks
from ..compose.template import Box, PageSpec, Template, paper_mm
from ..errors import GeneratorError, InputError
from ..press.sheets import piece_clips
from ..typeset.layout import MM, DrawContext, LaidDocument, LaidPage, Sheet
from ..typeset.text import Palette
from .data import Dataset, Record, Repeats, lost_letters
from .jobs import (
    Job,
    check_pictures_decode,
    drop_placeholder_notes,
    empty_pictures,
    loaded,
    record_context,
    record_pictures,
)
from .manifest import Ledger, inputs_key
from .names import DEFAULT_PATTERN, safe_name
from .stock import stock_of


def _overlaps(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def split(template: Template, event: Any) -> tuple[Template, Template]:
    """(static part, per-record part) of a template's page.

    A box is static when compose.depends proves that its content does not change with the
    record and no per-record box painted before it overlaps it: the static part is painted
    first, so painting order is kept.
    """
    if len(template.pages) != 1:
        raise InputError(f"template '{template.name}': single-file mode needs one page spec")
    # Every name a record's text reads besides the event's: the record and its extras.
    extras = record_context(template, dict.fromkeys(template.fields, ""))
    dynamic = per_record_boxes(template, RECORD_NAMES | set(extras))
    spec = template.pages[0]
    # An image box and its fallback go together (one is drawn instead of the other).
    ties: dict[str, set[str]] = {b.name: set() for b in spec.boxes}
    for b in spec.boxes:
        if b.opt("fallback"):
            ties[b.name].add(b.opt("fallback"))
            ties[b.opt("fallback")].add(b.name)
    changing = set(dynamic) & set(ties)
    while more := {t for name in changing for t in ties[name]} - changing:
        changing |= more
    still: list[Box] = []
    moving: list[Box] = []
    for box in spec.boxes:
        if box.name in changing or any(_overlaps(box, d) for d in moving):
            moving.append(box)
        else:
            still.append(box)
    return (
        replace(template, pages=(PageSpec(spec.name, tuple(still)),)),
        replace(template, pages=(PageSpec(spec.name, tuple(moving)),)),
    )


def _lay(
    job: Job,
    template: Template,
    event: Any,
    record: dict[str, str],
    serial: str = "",
    notes: list[str] | None = None,
) -> LaidPage:
    from ..api import check_pictures, picture_options, press_profile
    from ..typeset.products import lay_out

    # Only the blocks of this part's boxes: the static part must not render a per-record
    # block with an empty record (it may not even render then).
    context = record_context(template, record, serial)
    composed = compose_event(
        template,
        event,
        record,
        only=needed_blocks(template),
        extra=context,
        latin_records=job.latin_records,  # --latin-names: as a file a record has them
    )
    pictures = picture_options(job.color, job.pdfx, job.icc, job.images, job.bleed_mm)
    laid = lay_out(
        template, composed, event, size=job.size, color_mode=job.color, pictures=pictures
    )
    check_pictures(laid.pictures, press_profile(job.pdfx, job.bleed_mm), template, notes)
    return laid.pages[0]


def _form_step(static: LaidPage, name: str, bleed: float) -> Callable[[Any, DrawContext], None]:
    """Draw the static part: defined as a form on first use, then only referenced."""

    def draw(canvas: Any, ctx: DrawContext) -> None:
        if not canvas.hasForm(name):
            canvas.beginForm(name, -bleed, -bleed, static.width + bleed, static.height + bleed)
            for step in static.steps:
                step(canvas, ctx)
            canvas.endForm()
        canvas.doForm(name)

    return draw


def _placed(
    steps: list[Callable], x: float, y: float, bleed: float, clip: tuple[float, ...]
) -> Callable:
    """A piece's steps at (x, y) on its sheet, its art shown within ``clip``."""
    x0, y0, x1, y1 = clip

    def draw(canvas: Any, ctx: DrawContext) -> None:
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(x0, y0, x1 - x0, y1 - y0)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.translate(x, y)
        inner = DrawContext(bleed, ctx.palette)
        for step in steps:
            step(canvas, inner)
        canvas.restoreState()

    return draw


def _cut_marks(
    cells: list[tuple[float, float]], w: float, h: float, sheet: tuple[float, float], bleed: float
) -> Callable:
    """Cut marks in the sheet's margins, in line with every badge edge, clear of the bleed."""
    from ..press.marks import gap as marks_gap

    xs = sorted({round(v, 3) for x, _ in cells for v in (x, x + w)})
    ys = sorted({round(v, 3) for _, y in cells for v in (y, y + h)})
    left, right = xs[0], xs[-1]
    bottom, top = ys[0], ys[-1]
    gap, length = (marks_gap(bleed) if bleed else 2 * MM), 5 * MM
    from reportlab.lib.colors import black

    def draw(canvas: Any, ctx: DrawContext) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.25)
        canvas.setStrokeColor(black)  # a grey: K only in CMYK mode
        for x in xs:
            canvas.line(x, top + gap, x, min(top + gap + length, sheet[1]))
            canvas.line(x, bottom - gap, x, max(bottom - gap - length, 0))
        for y in ys:
            canvas.line(left - gap, y, max(left - gap - length, 0), y)
            canvas.line(right + gap, y, min(right + gap + length, sheet[0]), y)
        canvas.restoreState()

    return draw


def sheet_grid(
    page: tuple[float, float], sheet_mm: tuple[float, float], gap_mm: float
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Lower-left corners (points) of the most pages that fit a sheet (either way round),
    keeping 12 mm margins for the cut marks; and the sheet's size in points."""
    best: list[tuple[float, float]] = []
    best_sheet = sheet_mm
    for sw, sh in (sheet_mm, sheet_mm[::-1]):
        cols = int((sw - 24 + gap_mm) // (page[0] + gap_mm))
        rows = int((sh - 24 + gap_mm) // (page[1] + gap_mm))
        if cols > 0 and rows > 0 and cols * rows > len(best):
            x0 = (sw - cols * page[0] - (cols - 1) * gap_mm) / 2
            y0 = (sh - rows * page[1] - (rows - 1) * gap_mm) / 2
            best = [
                ((x0 + c * (page[0] + gap_mm)) * MM, (y0 + r * (page[1] + gap_mm)) * MM)
                for r in reversed(range(rows))
                for c in range(cols)
            ]
            best_sheet = (sw, sh)
    if not best:
        raise InputError("the page is larger than the sheet it is to be placed on")
    return best, (best_sheet[0] * MM, best_sheet[1] * MM)


class _Pages:
    """A book's pages, laid out one at a time as the press draws them, so a book of 10,000
    pages never holds every page's paragraphs at once. ``len`` is the most there can be (a
    failed record has no page); the first item gives the press the page size."""

    def __init__(self, first: LaidPage, most: int, pages: Iterator[LaidPage]) -> None:
        self.first, self.most, self.pages, self.drawn = first, most, pages, 0

    def __getitem__(self, i: int) -> LaidPage:
        if i != 0:
            raise IndexError(i)
        return self.first

    def __len__(self) -> int:
        return self.most

    def __iter__(self) -> Iterator[LaidPage]:
        for page in self.pages:
            self.drawn += 1
            yield page


def _record_steps(
    job: Job,
    moving: Template,
    event: Any,
    fields: dict[str, str],
    serial: str = "",
    notes: list[str] | None = None,
) -> list[Callable[[Any, DrawContext], None]]:
    """The draw steps of one record's own boxes; a GeneratorError says what is wrong,
    ``notes`` takes the warnings (a photo under 250 dpi)."""
    from ..api import with_origin
    from ..errors import FontCoverageError

    for f in job.required:
        if not fields.get(f):
            raise InputError(f"field '{f}' is empty")
    try:
        return _lay(job, moving, event, fields, serial, notes).steps
    except FontCoverageError as e:
        raise with_origin(e, event, fields) from None


def _with_palette(steps: list[Callable], palette: Palette) -> list[Callable]:
    """Draw steps that take their colours from a variant's palette."""

    def wrap(step: Callable) -> Callable:
        def draw(canvas: Any, ctx: DrawContext) -> None:
            step(canvas, DrawContext(ctx.bleed, palette))

        return draw

    return [wrap(s) for s in steps]


def _noted(warnings: list[tuple[int, str]] | None, row: int, notes: list[str]) -> None:
    """A record's warnings, each said once (a duplex record's back repeats its front's)."""
    if warnings is not None:
        warnings.extend((row, n) for n in dict.fromkeys(notes))


def _sides(template: Template) -> tuple[Template, ...]:
    """The template once per printed side: front only, or front and back (``duplex``)."""
    duplex = bool(template.settings.get("duplex"))
    if len(template.pages) != (2 if duplex else 1):
        want = "two page specs (front, back) with settings.duplex" if duplex else "one page spec"
        raise InputError(f"template '{template.name}': single-file mode needs {want}")
    return tuple(replace(template, pages=(spec,)) for spec in template.pages)


def build_book(
    job: Job,
    records: list[tuple[int, dict[str, str]]],
    serials: dict[int, str] | None = None,
    warnings: list[tuple[int, str]] | None = None,
) -> tuple[bytes, list[tuple[int, str]], int]:
    """One PDF of all records; returns (pdf, failures (row, reason), pages); ``warnings``
    takes (row, warning) of records built but worth a look (a photo under 250 dpi).

    Each variant's unchanging part is one form; N-up templates (``settings.sheet`` or a named
    ``settings.stock``) are set on sheets with cut marks, and a duplex template's backs follow
    each sheet, mirrored so every back sits behind its front.
    """
    from ..compose.variants import apply, choose
    from ..press.render import PressOptions, render_pdf

    template, event = loaded(job)
    sides = _sides(template)
    nup, _, bleed_mm = _sheet_bleed(job, template)
    bleed = bleed_mm * MM
    blank = dict.fromkeys(template.fields, "")
    parts: dict[tuple, tuple[Callable, Template, Palette]] = {}  # variant, side → its parts

    def part(fields: dict[str, str], side: int) -> tuple[Callable, Template, Palette]:
        choice = choose(template, fields)
        key = (choice.key, side)
        if key not in parts:
            chosen = apply(sides[side], choice)
            palette = Palette(chosen, job.color)
            still, moving = split(chosen, event)
            static = _lay(job, still, event, blank)
            tag = f"_{len(parts)}" if parts else ""  # one form per variant and side
            form = _form_step(static, f"static_{template.name}{tag}", bleed)
            parts[key] = (_with_palette([form], palette)[0], moving, palette)
        return parts[key]

    # Laid before any record: a template whose fixed part cannot be laid fails the book.
    _lay(job, split(sides[0], event)[0], event, blank)
    failures: list[tuple[int, str]] = []

    def steps_of(row: int, fields: dict[str, str]) -> list[list[Callable]]:
        """The record's draw steps, a list per printed side."""
        serial = (serials or {}).get(row, "")
        out = []
        notes: list[str] = []
        for side in range(len(sides)):
            form, moving, palette = part(fields, side)
            steps = _record_steps(job, moving, event, fields, serial, notes)
            out.append([form, *_with_palette(steps, palette)])
        _noted(warnings, row, notes)
        return out

    pages, bleed_mm = _book(job, records, len(records), steps_of, failures)
    palette = Palette(template, job.color)
    doc = LaidDocument(template, job.size or template.size, pages, event.article.title)  # type: ignore[arg-type]
    doc.palette = palette
    ev = event.facts.event
    from ..api import input_date

    options = PressOptions(
        bleed_mm=bleed_mm,
        marks=job.marks and not nup,  # a sheet of badges has its own cut marks
        color=job.color,
        pdfx=job.pdfx,
        icc=Path(job.icc) if job.icc else None,
        author=ev.organiser or "",
        subject=template.description,
        date=job.date if job.date is not None else input_date(template, event),
    )
    pdf = render_pdf(doc, options)
    return (pdf if pages.drawn else b""), failures, pages.drawn


def _sheet_bleed(job: Job, template: Template) -> tuple[Any, float, float]:
    """(sheet setting, gap mm, bleed mm of a placed page): on a sheet, a page shows its whole
    bleed on the sheet's outer edges and runs into the gap to its neighbour at most half of
    it (``_book`` clips it there)."""
    stock = template.settings.get("stock")
    nup = template.settings.get("sheet") or stock
    gap = float(template.settings.get("gap", 2 * job.bleed_mm))
    if stock:
        gap = stock_of(stock, template, job.size).gap
    return nup, gap, job.bleed_mm


def _cells(job: Job, template: Template, w: float, h: float) -> tuple[list, tuple[float, float]]:
    """Where a sheet of an N-up template puts its pieces (lower-left corners) and its size."""
    nup, gap, _ = _sheet_bleed(job, template)
    stock = template.settings.get("stock")
    if stock:  # named label or badge stock: the pieces where its maker puts them
        return stock_of(stock, template, job.size).cells()
    return sheet_grid((w / MM, h / MM), paper_mm(str(nup)), gap)


def first_page(job: Job) -> Callable[[int], int]:
    """The page of a book (single-file or merged) on which its k-th record made (from 0;
    failed records take no place) begins: a sheet holds N pieces, a duplex sheet two pages."""
    template, _ = loaded(job)
    sides = len(template.pages)
    per_sheet = 1
    if template.settings.get("sheet") or template.settings.get("stock"):
        page = Sheet(template, job.size or template.size)
        per_sheet = len(_cells(job, template, page.width, page.height)[0])
    return lambda k: (k // per_sheet) * sides + 1


def _placed_pieces(
    job: Job, template: Template, w: float, h: float
) -> tuple[list, list, tuple[float, float], float]:
    """A sheet's fronts and (turned over on the long edge) backs, its size, and how far a
    piece's bleed may run towards its neighbour (pt); with PDF/X, refused when the pieces
    leave the sheet no room for their bleed."""
    _, gap, bleed_mm = _sheet_bleed(job, template)
    bleed = bleed_mm * MM
    cells, (sw, sh) = _cells(job, template, w, h)
    backs = [(sw - x - w, y) for x, y in cells]
    inner = min(bleed, gap * MM / 2)  # between pieces: never over a neighbour's bleed
    for at in (cells, backs) if job.pdfx else ():
        bled = piece_clips([(x, y, x + w, y + h) for x, y in at], bleed, inner)[2]
        if min(bled[:2]) < -0.01 or bled[2] > sw + 0.01 or bled[3] > sh + 0.01:
            raise InputError(
                f"template '{template.name}': its pieces leave no room on the "
                f"{sw / MM:.0f} × {sh / MM:.0f} mm sheet for their {job.bleed_mm:g} mm bleed, "
                "which PDF/X needs (use stock with margins, or leave out --pdfx)"
            )
    return cells, backs, (sw, sh), inner


def check_sheet(job: Job, template: Template) -> None:
    """The sheet a book (--single-file, --merge) puts its pieces on, checked before any record
    is made or the output folder touched: a stock that exists and holds the template's page,
    with room for the bleed PDF/X needs. (Found while the book was made, an unknown stock
    stopped --merge after every record's PDF was written.)"""
    if template.settings.get("sheet") or template.settings.get("stock"):
        page = Sheet(template, job.size or template.size)
        _placed_pieces(job, template, page.width, page.height)


def _book(
    job: Job,
    records: Iterable[tuple[int, dict[str, str]]],
    count: int,
    steps_of: Callable[[int, dict[str, str]], list[list[Callable]]],
    failures: list[tuple[int, str]],
) -> tuple[_Pages, float]:
    """The book's pages, made lazily one at a time (N-up sheets with cut marks when the
    template asks for a sheet or names its stock), and the bleed the press adds round each.
    ``steps_of`` gives a record's draw steps a printed side: a duplex template's backs follow
    each sheet, mirrored so every back sits behind its front."""
    template, _ = loaded(job)
    nup, _, bleed_mm = _sheet_bleed(job, template)
    bleed = bleed_mm * MM
    page = Sheet(template, job.size or template.size)
    w, h = page.width, page.height
    per_sheet = len(template.pages)

    pictures = bool(record_pictures(template))

    def laid() -> Iterator[list[list[Callable]]]:
        for row, fields in records:
            try:
                if pictures:  # decoded only as the page is drawn: would stop the whole file
                    check_pictures_decode(job, template, fields)
                yield steps_of(row, fields)
            except GeneratorError as e:
                failures.append((row, str(e)))

    if not nup:
        pages = (LaidPage(w, h, s) for sides in laid() for s in sides)
        return _Pages(LaidPage(w, h), count * per_sheet, pages), job.bleed_mm
    cells, backs, (sw, sh), inner = _placed_pieces(job, template, w, h)
    marks = _cut_marks(cells, w, h, (sw, sh), bleed)
    back_marks = _cut_marks(backs, w, h, (sw, sh), bleed)

    def sheet(group: list[list[Callable]], at: list, cut: Callable) -> LaidPage:
        used = [(x, y, x + w, y + h) for x, y in at[: len(group)]]
        clips, trim, bled = piece_clips(used, bleed, inner)
        placed = [
            _placed(s, x, y, bleed, clip) for s, (x, y), clip in zip(group, at, clips, strict=False)
        ]
        bled = [max(0.0, bled[0]), max(0.0, bled[1]), min(sw, bled[2]), min(sh, bled[3])]
        return LaidPage(sw, sh, [*placed, cut], boxes=(tuple(trim), tuple(bled)))

    def flush(group: list[list[list[Callable]]]) -> Iterator[LaidPage]:
        n = len(group)  # a last sheet not filled: cut marks for its pieces, none for empty places
        cut = marks if n == len(cells) else _cut_marks(cells[:n], w, h, (sw, sh), bleed)
        yield sheet([g[0] for g in group], cells, cut)
        if per_sheet == 2:
            cut = back_marks if n == len(cells) else _cut_marks(backs[:n], w, h, (sw, sh), bleed)
            yield sheet([g[1] for g in group], backs, cut)

    def sheets() -> Iterator[LaidPage]:
        group: list[list[list[Callable]]] = []
        for sides in laid():
            group.append(sides)
            if len(group) == len(cells):
                yield from flush(group)
                group = []
        if group:
            yield from flush(group)

    return _Pages(LaidPage(sw, sh), -(-count // len(cells)) * per_sheet, sheets()), 0.0


def _prepared_sides(job: Job, bleed_mm: float) -> tuple[list[Any], Any] | None:
    """A duplex template's sides prepared for the streaming writer (``fast.Prepared``, each
    with its own forms) and the one set of segments that holds both sides' forms; None when
    the writer cannot make them."""
    from ..api import picture_options, press_options
    from ..compose.bilingual import compose_event, layout_facts
    from ..content.language import pdf_tag
    from ..press.assemble import NeedsReportLab, prepare
    from ..typeset.layout import lay_out_groups
    from .fast import Prepared, _blocks, groups

    template, event = loaded(job)
    if job.marks or job.pdfx:
        return None
    sides = _sides(template)
    if any(
        b.type == "image" and str(b.opt("source", "")).startswith("record.")
        for spec in template.pages
        for b in spec.boxes
    ):
        return None  # a record's picture: build_book places it
    pictures = picture_options(job.color, job.pdfx, job.icc, job.images, job.bleed_mm)
    page = Sheet(template, job.size or template.size)
    size = (page.width, page.height)
    try:
        made, forms = [], []
        for side in sides:
            runs = groups(side)
            constant = [boxes for c, boxes in runs if c]
            probe = compose_event(side, event, {}, only=_blocks(b for g in constant for b in g))
            palette = Palette(side, job.color, probe.script)
            laid = lay_out_groups(
                side,
                probe,
                layout_facts(event),
                constant,
                size=job.size,
                palette=palette,
                pictures=pictures,
            )
            made.append((side, runs, palette, len(laid)))
            forms.extend(laid)
        lang = pdf_tag(event.lang, event.script)
        options = press_options(template, event, bleed_mm=bleed_mm, color=job.color, date=job.date)
        title, subject = event.article.title, options.subject or template.description
        segments = prepare(forms, size, options, made[0][2], title, subject, lang)
    except (GeneratorError, NeedsReportLab):
        return None
    preps, at = [], 0
    for side, runs, palette, k in made:
        own = replace(segments, forms=segments.forms[at : at + k])
        at += k
        prep = Prepared(job, side, event, runs, own, options, palette, size, lang)
        prep.pictures = pictures
        preps.append(prep)
    return preps, segments


class _Hashing:
    """A binary file that keeps the SHA-256 and the size of what goes through it."""

    def __init__(self, f: BinaryIO) -> None:
        self.f, self.hash, self.size = f, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.f.write(data)


class _NoPages(Exception):
    pass


def stream_book(
    job: Job,
    records: Iterable[tuple[int, dict[str, str]]],
    count: int,
    path: Path,
    serials: dict[int, str] | None = None,
    workers: int = 1,
    chars: Iterable[str] = (),
    warnings: list[tuple[int, str]] | None = None,
) -> tuple[dict[str, Any], list[tuple[int, str]]] | None:
    """Write the book to ``path`` page by page (flat memory, fonts embedded once); returns
    (sha256, bytes, pages) and the failures, or None when the streaming writer cannot make
    it (then nothing was written). A book of single pages is drawn by ``workers`` processes
    (see ``book``), whose fonts are coded up front for ``chars``, every character the records
    can print (characters left out cost speed, not correctness)."""
    from dataclasses import replace

    from ..press.assemble import NeedsReportLab, write_book
    from ..publish.write import open_atomic
    from . import book
    from .fast import prepared

    template, event = loaded(job)
    nup, _, bleed_mm = _sheet_bleed(job, template)
    failures: list[tuple[int, str]] = []
    numbers = serials or {}
    seed = None
    if template.settings.get("duplex"):  # backs behind fronts
        both = _prepared_sides(job, bleed_mm)
        if both is None:
            return None
        sides, segments = both
        prep = sides[0]

        def steps_of(row: int, fields: dict[str, str]) -> list[list[Callable]]:
            notes: list[str] = []
            out = [side.steps(fields, numbers.get(row, ""), notes) for side in sides]
            _noted(warnings, row, notes)
            return out

        laid, press_bleed = _book(job, records, count, steps_of, failures)
        made: Iterator[Any] = iter(laid)
    else:
        prep = prepared(job, bleed_mm)
        if prep is None:
            return None
        segments = prep.segments
        if not nup:
            seed = book.font_seed(job, bleed_mm, chars, next(iter(numbers.values()), ""))
        if seed is not None:
            recs = ((row, f, numbers.get(row, "")) for row, f in records)
            made = book.pages(job, bleed_mm, seed, recs, workers, failures, warnings)
            press_bleed = job.bleed_mm
        else:

            def one_side(row: int, fields: dict[str, str]) -> list[list[Callable]]:
                notes: list[str] = []
                steps = prep.steps(fields, numbers.get(row, ""), notes)
                _noted(warnings, row, notes)
                return [steps]

            laid, press_bleed = _book(job, records, count, one_side, failures)
            made = iter(laid)
    options = replace(prep.options, bleed_mm=press_bleed)
    try:
        with open_atomic(path) as f:
            out = _Hashing(f)
            title = event.article.title
            n = write_book(
                out,
                segments,
                made,
                options,
                prep.palette,
                title,
                options.subject,
                prep.lang,
                seed,
            )
            if not n:
                raise _NoPages
    except NeedsReportLab:
        return None
    except _NoPages:
        return {"pages": 0}, failures
    return {"sha256": out.hash.hexdigest(), "bytes": out.size, "pages": n}, failures


def _book_name(job: Job, pattern: str, ascii_names: bool = False) -> str:
    """The one file's name: --name when given (a record's fields mean nothing here), in
    ASCII with --ascii-names as every per-record name is."""
    template, _ = loaded(job)
    if pattern == DEFAULT_PATTERN:
        stem = template.name + "-all"
    else:
        stem = safe_name(pattern, ascii_names)
    return f"{stem}.pdf"


def run_single(
    job: Job,
    dataset: Dataset,
    out: Path,
    ledger: Ledger,
    result: Any,
    base: dict[str, str],
    force: bool,
    pattern: str,
    serials: dict[int, str] | None = None,
    book: Any = None,
    workers: int = 1,
    ascii_names: bool = False,
) -> None:
    """Build (or keep, when nothing changed) the one file of a single-file batch, and write its
    report.csv; a data file read as a stream gets its serial numbers from ``book`` as it is
    read, and its pages are made by ``workers`` processes."""
    name = _book_name(job, pattern, ascii_names)
    if not isinstance(dataset, Dataset):  # read as a stream (see data.stream_records)
        serials = _run_streamed(job, dataset, out, ledger, result, base, force, name, book, workers)
        rows: Iterable[Record | tuple] = dataset
    else:
        _run_whole(job, dataset, out, ledger, result, base, force, name, serials)
        rows = sorted([*dataset.rejected, *dataset.records], key=_row)
    drop_placeholder_notes(result)
    entry = ledger.entries.get(name)
    if entry and (result.written or result.skipped):  # made now, or unchanged
        result.books[out / name] = (entry["records"], entry["pages"])
    _report(job, result, rows, name, serials or {})


def _row(rec: Record | tuple) -> int:
    return rec[0] if isinstance(rec, tuple) else rec.row


def _report(
    job: Job, result: Any, rows: Iterable[Record | tuple], name: str, serials: dict[int, str]
) -> None:
    """report.csv of a single-file run: a line a record, in the file's order, each written to
    the one file (or unchanged in it) with the page it begins on, or failed with its reason;
    made as it is written."""
    from ..compose.variants import choose
    from .handover import write_report

    template, _ = loaded(job)
    failed = dict(result.failures)
    status = "written" if result.written else "unchanged"
    page = first_page(job)

    def lines() -> Iterator[tuple[int, dict[str, str]]]:
        made = 0
        for rec in rows:
            row = _row(rec)
            if row in failed:
                yield row, {"status": "failed", "message": failed[row]}
                continue
            line = {"status": status, "file": name, "serial": serials.get(row, "")}
            line["page"] = str(page(made))
            made += 1
            if template.variants:
                line["variant"] = ",".join(v for _, v in choose(template, rec.fields).key)
            yield row, line

    write_report(result, lines())


def _run_whole(
    job: Job,
    dataset: Dataset,
    out: Path,
    ledger: Ledger,
    result: Any,
    base: dict[str, str],
    force: bool,
    name: str,
    serials: dict[int, str] | None,
) -> None:
    """``run_single`` for records read whole."""
    from ..publish.write import sha256, write_atomic

    records = [(r.row, r.fields) for r in dataset.records]
    key = inputs_key(base, job.options(), records, name, serials or {})
    if not force and ledger.current(name, key):
        old = ledger.entries[name]
        result.failures.extend((row, msg) for row, msg in old.get("failures", []))
        result.warnings.extend((row, msg) for row, msg in old.get("warnings", []))
        result.skipped = len(records) - len(old.get("failures", []))  # those that failed: failed
        return
    said: list[tuple[int, str]] = []
    pdf, failures, pages = build_book(job, records, serials, said)
    result.failures.extend(failures)
    result.warnings.extend(said)
    if not pdf:
        return
    path = out / name
    write_atomic(path, pdf)
    result.written.append(path)
    entry = {
        "inputs": key,
        "sha256": sha256(pdf),
        "bytes": len(pdf),
        "records": len(records) - len(failures),
        "pages": pages,
        "failures": failures,
    }
    if said:  # said again while the file stays unchanged
        entry["warnings"] = said
    ledger.record(name, entry)


def _run_streamed(
    job: Job,
    dataset: Any,
    out: Path,
    ledger: Ledger,
    result: Any,
    base: dict[str, str],
    force: bool,
    name: str,
    book: Any = None,
    workers: int = 1,
) -> dict[int, str]:
    """``run_single`` for records read as a stream: read twice (to hash them, then to make
    the pages), never held whole; the pages written as they are made when the streaming
    writer can write them. Returns the records' serial numbers."""
    from ..publish.write import sha256, write_atomic
    from .book import record_chars
    from .data import complete
    from .serials import record_id

    digest = hashlib.sha256()
    rejected: list[tuple[int, str]] = []  # rows that cannot be read: they fail alone
    ids: list[tuple[int, str, str]] = []  # what numbering needs of a record, not the record
    chars: set[str] = set()  # every character the records can print (see book.font_seed)
    count = 0
    pictures = record_pictures(loaded(job)[0])
    repeats = Repeats()  # rows pasted twice, in bounded memory
    for rec in dataset:
        if isinstance(rec, tuple):
            rejected.append(rec)
            digest.update(inputs_key(*rec).encode())
            continue
        count += 1
        repeats.add(rec)
        result.warnings.extend(lost_letters(rec))
        result.warnings.extend(empty_pictures(pictures, rec.row, rec.fields))
        digest.update(inputs_key(rec.row, rec.fields).encode())
        chars |= record_chars(rec.fields)
        if book is not None and complete(rec.fields, job.required):  # else it takes no number
            ids.append((rec.row, record_id(rec.fields, book.key_field), str(rec.row)))
    result.total = count + len(rejected)
    result.warnings.extend(repeats.warnings(dataset))
    serials = book.assign_ids(ids) if book is not None else {}
    del ids
    for serial in serials.values():
        chars.update(serial)
    if serials:
        digest.update(inputs_key(sorted(serials.items())).encode())
    key = inputs_key(base, job.options(), digest.hexdigest(), name)
    if not force and ledger.current(name, key):
        old = ledger.entries[name]
        result.failures.extend((row, msg) for row, msg in old.get("failures", []))
        result.warnings.extend((row, msg) for row, msg in old.get("warnings", []))
        result.skipped = result.total - len(old.get("failures", []))  # rejected rows too
        return serials
    result.failures.extend(rejected)
    records = ((r.row, r.fields) for r in dataset if not isinstance(r, tuple))
    path = out / name
    said: list[tuple[int, str]] = []
    streamed = stream_book(job, records, count, path, serials, workers, chars, said)
    if streamed is not None:
        facts, failures = streamed
        result.failures.extend(failures)
        if not facts["pages"]:
            return serials
    else:
        again = [(r.row, r.fields) for r in dataset if not isinstance(r, tuple)]
        said.clear()  # the streaming writer may have begun: said again below
        pdf, failures, pages = build_book(job, again, serials, said)
        result.failures.extend(failures)
        if not pdf:
            return serials
        write_atomic(path, pdf)
        facts = {"sha256": sha256(pdf), "bytes": len(pdf), "pages": pages}
    result.written.append(path)
    said.sort()
    result.warnings.extend(said)
    entry = {
        "inputs": key,
        "sha256": facts["sha256"],
        "bytes": facts["bytes"],
        "records": count - len(failures),
        "pages": facts["pages"],
        "failures": sorted(rejected + failures),
    }
    if said:  # said again while the file stays unchanged
        entry["warnings"] = said
    ledger.record(name, entry)
    return serials
