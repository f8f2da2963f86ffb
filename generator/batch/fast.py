"""The fast batch path: what no record changes is laid out and serialised once per batch.

A record template's boxes are split, in painting order, into groups: runs of constant boxes
(their text reads no record) and runs of per-record boxes. Each constant run is drawn once,
by the ordinary layout and press code, into a form XObject whose serialised objects every
document copies (see ``press.assemble``); a record lays out only its own boxes and writes its
own content stream, font subsets and page. Same text at the same positions as the ordinary
path (a test compares them); anything this path cannot write (marks, PDF/X, a vector picture,
a record's picture and its fallback box in different runs) falls back to the ordinary path,
record by record. A record's raster photo is written by ``press.assemble`` with the record's page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..api import check_pictures, press_profile, with_origin
from ..compose.bilingual import compose_event, layout_facts
from ..compose.template import Box, Template
from ..errors import FontCoverageError, GeneratorError, InputError
from ..press import assemble as asm
from ..press.render import drawing_canvas, margin_of
from ..typeset.layout import MM, DrawContext, lay_out_groups
from .jobs import Job, loaded


def groups(template: Template) -> list[tuple[bool, tuple[Box, ...]]]:
    """The page's boxes in painting order as runs of (constant?, boxes); a box is constant
    only when compose.depends proves that nothing it draws changes with the record."""
    from ..compose.depends import RECORD_NAMES, per_record_boxes
    from .jobs import record_context

    # Every name a record's text reads besides the event's: the record and its extras.
    extras = record_context(template, dict.fromkeys(template.fields, ""))
    moving = set(per_record_boxes(template, RECORD_NAMES | set(extras)))
    # A record's picture and its fallback box: one is drawn instead of the other, per record.
    moving |= {fallback for _, fallback in _record_fallbacks(template)}
    runs: list[tuple[bool, list[Box]]] = []
    for box in template.pages[0].boxes:
        constant = box.name not in moving
        if runs and runs[-1][0] == constant:
            runs[-1][1].append(box)
        else:
            runs.append((constant, [box]))
    return [(c, tuple(b)) for c, b in runs]


def _record_fallbacks(template: Template) -> list[tuple[str, str]]:
    """(image box, fallback box) of each box showing a record's picture that has a fallback."""
    return [
        (b.name, b.opt("fallback"))
        for b in template.pages[0].boxes
        if b.type == "image"
        and str(b.opt("source", "")).startswith("record.")
        and b.opt("fallback")
    ]


def _apart(runs: list[tuple[bool, tuple[Box, ...]]], template: Template) -> bool:
    """Whether some record picture and its fallback box fall in different runs: each run is
    laid out alone, so the choice of one or the other could not be made."""
    where = {b.name: n for n, (_, boxes) in enumerate(runs) for b in boxes}
    return any(where[box] != where[fallback] for box, fallback in _record_fallbacks(template))


def _blocks(boxes: Iterable[Box]) -> frozenset[str]:
    """The text blocks some boxes read (a box's block defaults to its name)."""
    return frozenset(b.opt("block", b.name) for b in boxes if b.type in ("text", "qr", "flow"))


@dataclass
class Prepared:
    """A job's template with its constant groups serialised, ready for record after record."""

    job: Job
    template: Template
    event: Any
    runs: list[tuple[bool, tuple[Box, ...]]]
    segments: Any  # press.assemble.Segments
    options: Any  # press.render.PressOptions
    palette: Any
    size: tuple[float, float]  # trim, points
    lang: str  # the document's /Lang
    # What compose gives every block whatever the record, made once a job (None: made now).
    contexts: dict[str, dict[str, Any]] | None = None
    pictures: Any = None  # typeset.images.PictureOptions

    def event_contexts(self) -> dict[str, dict[str, Any]]:
        if self.contexts is None:
            from ..compose.bilingual import event_contexts

            self.contexts = event_contexts(self.template, self.event)
        return self.contexts

    @property
    def record_groups(self) -> list[tuple[Box, ...]]:
        return [boxes for constant, boxes in self.runs if not constant]

    def steps(
        self, fields: dict[str, str], serial: str = "", notes: list[str] | None = None
    ) -> list[Callable[[Any, DrawContext], None]]:
        """One record's page as draw steps: its own boxes, and a form for each constant run;
        ``notes`` takes the warnings (a photo under 250 dpi)."""
        for f in self.job.required:
            if not fields.get(f):
                raise InputError(f"field '{f}' is empty")
        event = self.event
        only = _blocks(b for group in self.record_groups for b in group)
        # The texts of the page's sections too: whether a band collapses places its boxes.
        only |= _blocks(b for b in self.template.pages[0].boxes if b.section)
        composed = compose_event(
            self.template,
            event,
            fields,
            only=only,
            extra={"serial": serial},
            latin_records=self.job.latin_records,
            constant=self.event_contexts(),
        )
        placed: list[Any] = []
        said: list[str] = []  # a photo that shows nothing: its fallback drawn
        try:
            own = lay_out_groups(
                self.template,
                composed,
                layout_facts(event),
                self.record_groups,
                size=self.job.size,
                palette=self.palette,
                pictures=self.pictures,
                placed=placed,
                notes=said,
            )
        except FontCoverageError as e:
            raise with_origin(e, event, fields) from None
        if notes is not None:
            notes.extend(said)
        if placed:  # a record's photo: too coarse for print fails the record
            profile = press_profile(self.job.pdfx, self.job.bleed_mm)
            check_pictures(placed, profile, self.template, notes)
        steps: list[Callable[[Any, DrawContext], None]] = []
        mine, form = iter(own), iter(self.segments.forms)
        for constant, _ in self.runs:
            steps.extend([_invoke(next(form)[0])] if constant else next(mine))
        return steps


def _invoke(name: bytes) -> Callable[[Any, DrawContext], None]:
    op = f"{name.decode()} Do"

    def draw(canvas: Any, ctx: DrawContext) -> None:
        canvas._code.append(op)

    return draw


def prepared_for(
    job: Job, fields: dict[str, str], bleed_mm: float | None = None
) -> Prepared | None:
    """The job prepared for a record: for its variant, if the template has variants."""
    template, _ = loaded(job)
    if not template.variants:
        return prepared(job, bleed_mm)
    from ..compose.variants import choose

    return prepared(job, bleed_mm, choose(template, fields).key)


@cache
def prepared(job: Job, bleed_mm: float | None = None, variant: tuple = ()) -> Prepared | None:
    """The job prepared for the fast path (once per process), or None when it does not apply:
    a template of several pages, crop marks or PDF/X asked for, or a constant part that fails
    (the ordinary path then reports the error record by record). ``bleed_mm``: the bleed of
    a page placed on a sheet, if not the job's."""
    from ..api import picture_options, press_options
    from ..compose.bilingual import event_contexts
    from ..content.language import pdf_tag
    from ..press.assemble import NeedsReportLab, prepare
    from ..typeset.layout import Sheet
    from ..typeset.text import Palette

    template, event = loaded(job)
    if variant:  # the template as the record's variant changes it (colours, boxes)
        from ..compose.variants import Choice, apply

        template = apply(template, Choice(variant, {}))
    if len(template.pages) != 1 or job.marks or job.pdfx:
        return None
    try:
        runs = groups(template)
        if _apart(runs, template):
            return None  # a record's picture and its fallback box laid out apart
        constant = [boxes for c, boxes in runs if c]
        # Only the constant boxes' blocks, which read no record (proven, see groups).
        only = _blocks(b for group in constant for b in group)
        contexts = event_contexts(template, event)
        probe = compose_event(template, event, {}, only=only, constant=contexts)
        palette = Palette(template, job.color, probe.script)
        pictures = picture_options(job.color, job.pdfx, job.icc, job.images, job.bleed_mm)
        laid = lay_out_groups(
            template,
            probe,
            layout_facts(event),
            constant,
            size=job.size,
            palette=palette,
            pictures=pictures,
        )
        sheet = Sheet(template, job.size or template.size)
        lang = pdf_tag(event.lang, event.script)
        bleed = job.bleed_mm if bleed_mm is None else bleed_mm
        options = press_options(template, event, bleed_mm=bleed, color=job.color, date=job.date)
        segments = prepare(
            laid,
            (sheet.width, sheet.height),
            options,
            palette,
            event.article.title,
            options.subject or template.description,
            lang,
        )
    except (GeneratorError, NeedsReportLab):
        return None
    prep = Prepared(
        job,
        template,
        event,
        runs,
        segments,
        options,
        palette,
        (sheet.width, sheet.height),
        lang,
        contexts,
    )
    prep.pictures = pictures
    return prep


def render_fast(
    prep: Prepared, fields: dict[str, str], serial: str = "", notes: list[str] | None = None
) -> bytes | None:
    """One record's PDF through the fast path, or None if it needs the ordinary path;
    ``notes`` takes its warnings."""
    steps = prep.steps(fields, serial, notes)
    opts, segs = prep.options, prep.segments
    margin = margin_of(opts)
    media = (prep.size[0] + 2 * margin, prep.size[1] + 2 * margin)
    with asm.pdf_settings():
        canvas = drawing_canvas(io.BytesIO(), *media, opts, prep.lang)
        ctx = DrawContext(opts.bleed_mm * MM, prep.palette)
        try:
            extras = asm.draw_steps(canvas, steps, margin, ctx)
        except asm.NeedsReportLab:
            return None
        ops = [canvas._preamble, *canvas._code, " "]
        buf = io.BytesIO()
        w = asm.Writer(buf, segs.header)
        w.copy(segs)
        fonts = asm.write_fonts(w, canvas._doc)
    contents = asm.content_stream(w, ops)
    pages, page = w.reserve(), w.reserve()
    resources = b"/Font << %s >> %s /XObject << %s%s >> %s" % (
        fonts,
        asm.PROCSET,
        asm.form_resources(segs),
        asm.picture_resources(w, asm.page_pictures(canvas), {}),
        extras,
    )
    asm.page_object(w, page, pages, media, margin, opts.bleed_mm * MM, contents, resources)
    w.obj(pages, b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % page)
    w.finish(asm.catalog(w, pages, prep.lang), segs.info)
    return buf.getvalue()
