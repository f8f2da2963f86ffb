"""A book's pages made in worker processes, written in order by one writer.

Each worker lays out a run of records and draws each page on a canvas whose fonts have every
character of the data already coded (``FontSeed``), so the deflated content stream it sends
back means the same in the writer's file, and the book still embeds each font once. A page
that needs a code the seed did not give (a character no record field has, a fallback font)
is sent back undrawn; the writer lays it out and draws it on its own canvas, and the worker
starts a fresh canvas. So a page's bytes depend only on its record and the seed, never on
which process made it or what that process made before: the file is the same with one
worker or two.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import GeneratorError
from ..typeset.layout import MM, DrawContext, LaidPage
from .jobs import Job, check_pictures_decode, record_pictures

CHUNK = 64  # records a task: enough to keep a worker busy, little to hold in flight

Record = tuple[int, dict[str, str], str]  # row, fields, serial


def record_chars(fields: dict[str, str], serial: str = "") -> set[str]:
    """The characters a record can print (its fields and its serial), with the capital of
    each field's first letter (a template may print «спортшы» as «Спортшы»: ``capfirst``)."""
    chars = set(serial)
    for v in fields.values():
        chars.update(v)
        if first := _FIRST_LETTER.search(v):
            chars.update(first.group().upper())
    return chars


_FIRST_LETTER = re.compile(r"\w")


# What normalising a record's fields (compose.render.tidy_record: the article's rules) can
# print for a character the data has: a straight apostrophe becomes ’, quotes « » or „ “ ”,
# a hyphen or dash between words – or —, three full stops …. The seed gets them too, so a
# record with «O'Connor» is drawn by its worker, not sent back undrawn to the writer (5.4 %
# of the benchmark's pages were).
_QUOTES = "«»„“”"
NORMALISED = {
    "'": "\u2019",
    '"': _QUOTES,
    **dict.fromkeys(_QUOTES, _QUOTES),
    **dict.fromkeys("-\u2012\u2013\u2014\u2015", "\u2013\u2014"),
    ".": "\u2026",
}


def font_seed(job: Job, bleed_mm: float, chars: Iterable[str], serial: str) -> Any:
    """The fonts a record's own boxes draw with (seen on a sample record) and every character
    the data can print (as typed and as normalised), or None when no sample page can be
    made."""
    from ..press.assemble import FontSeed, draw_steps, pdf_settings
    from ..press.render import margin_of
    from ..typeset.layout import Sheet
    from .fast import prepared
    from .jobs import loaded

    prep = prepared(job, bleed_mm)
    template, _ = loaded(job)
    sample = dict.fromkeys(template.fields, "Aa")
    sheet = Sheet(template, job.size or template.size)
    with pdf_settings():
        canvas = _fresh(prep, (sheet.width, sheet.height), None)
        doc = canvas._doc
        before = {f.fontName: f.state[doc].nextCode for f in doc.delayedFonts}
        try:
            steps = prep.steps(sample, serial)
            draw_steps(canvas, steps, margin_of(prep.options), DrawContext(0, prep.palette))
        except GeneratorError:
            return None
        used = sorted(
            f.fontName for f in doc.delayedFonts if f.state[doc].nextCode != before.get(f.fontName)
        )
    chars = set(chars)
    chars.update(*(NORMALISED[c] for c in chars & NORMALISED.keys()))
    text = "".join(sorted(c for c in chars if c >= " " and c != "\xa0"))
    return FontSeed(tuple(used), text)


def _fresh(prep: Any, size: tuple[float, float], seed: Any) -> Any:
    from ..press.assemble import seeded_canvas
    from ..press.render import margin_of

    margin = margin_of(prep.options)
    media = (size[0] + 2 * margin, size[1] + 2 * margin)
    opts = prep.options
    return seeded_canvas(media, opts, prep.event.article.title, opts.subject, prep.lang, seed)


_canvas: dict[Any, Any] = {}  # a worker's canvas, per (job, bleed, seed)


def draw_chunk(job: Job, bleed_mm: float, seed: Any, chunk: list[Record]) -> list[tuple]:
    """Lay out and draw a run of records; per record ("page", row, content, extras, pictures),
    ("failed", row, reason) or ("again", row) for the writer to draw itself, after its
    warnings ("note", row, text)."""
    from ..press.assemble import (
        NeedsReportLab,
        deflate,
        font_mark,
        page_code,
        page_pictures,
        pdf_settings,
    )
    from ..press.render import margin_of
    from .fast import prepared

    prep = prepared(job, bleed_mm)
    pictures = bool(record_pictures(prep.template))
    key = (job, bleed_mm, seed)
    margin = margin_of(prep.options)
    ctx = DrawContext(prep.options.bleed_mm * MM, prep.palette)
    out: list[tuple] = []
    with pdf_settings():
        for row, fields, serial in chunk:
            notes: list[str] = []
            try:
                if pictures:  # decoded as the page is drawn, where it would stop the book
                    check_pictures_decode(job, prep.template, fields)
                steps = prep.steps(fields, serial, notes)
            except GeneratorError as e:
                out.append(("failed", row, str(e)))
                continue
            out.extend(("note", row, n) for n in notes)
            canvas = _canvas.get(key)
            if canvas is None:
                _canvas.clear()
                canvas = _canvas[key] = _fresh(prep, prep.size, seed)
            mark = font_mark(canvas)
            try:
                ops, extras = page_code(canvas, steps, margin, ctx)
            except NeedsReportLab:
                return [("needs",)]
            if font_mark(canvas) != mark:  # codes of its own: the writer draws it
                del _canvas[key]
                out.append(("again", row))
            else:
                out.append(("page", row, deflate(ops), extras, page_pictures(canvas)))
    return out


def pages(
    job: Job,
    bleed_mm: float,
    seed: Any,
    records: Iterable[Record],
    workers: int,
    failures: list[tuple[int, str]],
    warnings: list[tuple[int, str]] | None = None,
) -> Iterator[Any]:
    """The book's pages in record order: ``Drawn`` by a worker, or ``LaidPage``s for the
    writer's canvas; failed records noted in ``failures`` (they stop nothing), a record's
    warnings (a photo under 250 dpi) in ``warnings``."""
    from ..press.assemble import Drawn, NeedsReportLab
    from .fast import prepared

    prep = prepared(job, bleed_mm)
    w, h = prep.size
    chunks = _chunks(records)
    with _Tasks(workers) as run:
        for chunk, done in run(lambda c: (job, bleed_mm, seed, c), chunks):
            fields_of = {row: (fields, serial) for row, fields, serial in chunk}
            for item in done:
                if item[0] == "page":
                    yield Drawn(w, h, item[2], item[3], item[4])
                elif item[0] == "note":
                    if warnings is not None:
                        warnings.append((item[1], item[2]))
                elif item[0] == "failed":
                    failures.append((item[1], item[2]))
                elif item[0] == "again":
                    fields, serial = fields_of[item[1]]
                    try:
                        yield LaidPage(w, h, prep.steps(fields, serial))
                    except GeneratorError as e:  # pragma: no cover - failed in the worker too
                        failures.append((item[1], str(e)))
                else:
                    raise NeedsReportLab


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Tasks:
    """Chunks drawn in order: in this process, or by forked workers with a few chunks in
    flight (never the whole book: memory stays flat).

    The workers are a ``ProcessPoolExecutor``, not a ``multiprocessing.Pool``: a Pool never
    notices a worker that dies (killed, out of memory) and waits forever for its chunk, and
    its ``terminate`` takes the task queue's shared read lock, which a worker that died
    reading a task holds for ever (the parent and the sibling workers then wait on it
    without end). The executor watches every worker's process: a death fails the waiting
    chunk at once (``BrokenProcessPool``), the rest are stopped, and the book ends with a
    one-line error and no file."""

    def __init__(self, workers: int) -> None:
        self.workers, self.pool = workers, None

    def __enter__(self) -> Any:
        if self.workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            from .pools import start

            # fork: workers start with the parent's fonts, template and prepared parts.
            self.pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"))
            start(self.pool)
        return self.run

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if self.pool is None:
            return
        if exc is None:  # every chunk answered: the workers are idle, they end at once
            self.pool.shutdown(wait=True)
            return
        # An error, Ctrl-C or a generator closed early: chunks still in flight are not
        # waited for; the workers are stopped and reaped (none is left behind), and the
        # executor's own thread ends (the interpreter's exit waits for it).
        from .pools import stop

        stop(self.pool)

    def run(self, args: Any, chunks: Iterator[list[Record]]) -> Iterator[tuple]:
        if self.pool is None:
            for chunk in chunks:
                yield chunk, draw_chunk(*args(chunk))
            return
        flight: collections.deque = collections.deque()
        for chunk in chunks:
            flight.append((chunk, self._submit(args(chunk))))
            if len(flight) > 2 * self.workers:
                chunk, done = flight.popleft()
                yield chunk, _answer(done, chunk, self.pool)
        while flight:
            chunk, done = flight.popleft()
            yield chunk, _answer(done, chunk, self.pool)

    def _submit(self, args: tuple) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.pool.submit(draw_chunk, *args)  # type: ignore[union-attr]
        except BrokenProcessPool:  # a worker died before this chunk was sent
            raise GeneratorError(_DIED) from None


_DIED = (
    "a worker process ended unexpectedly (killed, or out of memory?); "
    "no file was written: run the same command again"
)


def _answer(done: Any, chunk: list[Record], pool: Any) -> list[tuple]:
    """A chunk's drawn pages; a worker that died fails the book with one line (never waits).

    The executor notices a death, unless the worker died halfway through sending a result:
    its thread then waits for the rest for ever (see ``pools``), so the workers are looked
    at here too, once a second."""
    from concurrent.futures import wait
    from concurrent.futures.process import BrokenProcessPool

    rows = f"rows {chunk[0][0]}–{chunk[-1][0]}" if chunk else "a chunk"
    processes = list((getattr(pool, "_processes", None) or {}).values())
    while not wait([done], timeout=1.0).done:
        if any(p.exitcode is not None for p in processes):  # none ends while the book runs
            raise GeneratorError(f"{_DIED} (while drawing {rows})")
    try:
        return done.result()
    except BrokenProcessPool:
        raise GeneratorError(f"{_DIED} (while drawing {rows})") from None
