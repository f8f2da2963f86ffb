"""Press: draw laid-out pages onto a PDF canvas with true bleed, page boxes, crop marks and colour mode.

The page grows by the bleed on every side; content is translated, never scaled (ReportLab's own
cropMarks/bleedWidth scales the page, so it is not used). MediaBox = trim + bleed (+ the mark
area), BleedBox = trim + bleed, TrimBox = the finished size, on every page.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..typeset.layout import MM, DrawContext, LaidDocument
from .marks import SLUG, all_marks

if TYPE_CHECKING:
    from .held import Held


@dataclass(frozen=True)
class PressOptions:
    """How the finished PDF is made: bleed (mm), marks, colour mode, PDF/X, metadata."""

    bleed_mm: float = 3.0
    marks: bool = False
    color: str = "rgb"  # or "cmyk"
    pdfx: bool | str = False  # False, True / "x1a", "x4"
    file_name: str = ""
    author: str = ""  # omitted from the file when empty
    subject: str = ""
    keywords: tuple[str, ...] = ()
    date: float | None = None  # seconds since the epoch (see ``source_date``)
    icc: Path | None = None  # an output profile to embed (PDF/X)


def source_date(paths: list[Path | str | None]) -> float | None:
    """The date a document carries: SOURCE_DATE_EPOCH when set, else the newest modification
    time among its inputs, so unchanged inputs build the same bytes and an edited one
    re-dates its file. None when there is neither (ReportLab's fixed date then)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return float(int(epoch))
        except ValueError:
            from ..errors import InputError

            raise InputError(f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}") from None
    times = []
    for p in paths:
        if p:
            try:
                times.append(int(Path(p).stat().st_mtime))
            except OSError:
                continue
    return float(max(times)) if times else None


def _stamp(canvas: Any, seconds: float) -> None:
    """Date the document (Info and the file ID follow it), in UTC."""
    from reportlab.lib.utils import TimeStamp

    ts = TimeStamp(1)
    ts.t, ts.lt = seconds, time.gmtime(seconds)
    ts.YMDhms = tuple(ts.lt)[:6]
    canvas._doc._timeStamp = ts


def _cache_pdf_names() -> None:
    """ReportLab writes each dictionary key through ``pdfdoc.PDFName``, which escapes it a
    character at a time: some 370 times a brochure, for a dozen distinct keys. The same
    function, its results kept (a name's escaping depends on nothing else)."""
    from functools import lru_cache

    from reportlab.pdfbase import pdfdoc

    if not hasattr(pdfdoc.PDFName, "cache_info"):
        pdfdoc.PDFName = lru_cache(maxsize=4096)(pdfdoc.PDFName)
    if not hasattr(pdfdoc.format, "slow"):
        pdfdoc.format = _quick_format(pdfdoc.format, pdfdoc.fp_str)


def _quick_format(slow: Any, fp_str: Any) -> Any:
    """``pdfdoc.format``, through which ReportLab writes every element of every PDF object:
    it asks whether each is a PDF object, a number, bytes or text, and encodes numbers and
    text with the PDFDocEncoding codec (a Python charmap), some 800 times a brochure, most
    of them a font's widths and the dictionaries' names. Numbers (digits, point and sign:
    ASCII in either encoding) and text already written (kept) are answered first, with the
    same bytes; anything else is the function's own."""
    written: dict[str, bytes] = {}

    def format(element: Any, document: Any, toplevel: int = 0) -> bytes:  # noqa: A001
        kind = type(element)
        if kind is int or kind is float:
            return fp_str(element).encode("ascii")
        if kind is str:
            got = written.get(element)
            if got is None:
                got = slow(element, document, toplevel)
                if len(written) < 4096:
                    written[element] = got
            return got
        return slow(element, document, toplevel)

    format.slow = slow  # type: ignore[attr-defined]
    return format


def render_pdf(doc: LaidDocument, options: PressOptions, held: Held | None = None) -> bytes:
    """Draw every page of the document and return the PDF bytes (deterministic).

    With ``held`` given, it keeps ReportLab's document for the build's own check
    (``press.held``) and the characters drawn without a glyph (``missing_glyphs``); the
    bytes are the same either way."""
    from .assemble import pdf_settings

    _cache_pdf_names()
    with pdf_settings():
        if held is None:
            pdf = _render(doc, options)
        else:
            from .missing_glyphs import found, recording

            with recording() as rec:
                pdf = _render(doc, options, rec)
            held.missing.extend(found(rec))
            held.doc = rec.doc
    from .vector_forms import place_pdf_pictures

    written = pdf
    pdf = place_pdf_pictures(pdf)  # before PDF/X: its checks see the placed pages
    if options.pdfx:
        from .pdfx import to_pdfx

        pdf = to_pdfx(pdf, title=doc.title, level=options.pdfx, icc_profile=options.icc)
    if held is not None:
        held.exact = pdf is written
    return pdf


def new_canvas(
    buf: Any,
    width: float,
    height: float,
    options: PressOptions,
    title: str,
    subject: str,
    lang: str,
) -> Any:
    """A canvas as every document of ours starts: invariant, compressed, our initial face,
    the colour mode enforced, the document information and date set."""
    canvas = drawing_canvas(buf, width, height, options, lang)
    canvas._doc.info = _Info()
    if options.date is not None:
        _stamp(canvas, options.date)
    canvas.setTitle(title)
    canvas.setAuthor(options.author)
    canvas.setSubject(subject)
    canvas.setKeywords(", ".join(options.keywords))
    canvas.setCreator(f"generator {__version__}")
    canvas.setProducer(f"generator {__version__} (ReportLab)")
    return canvas


def drawing_canvas(buf: Any, width: float, height: float, options: PressOptions, lang: str) -> Any:
    """``new_canvas`` without the document information and date: a page's drawing whose file
    press.assemble writes (with the information made once a batch)."""
    from reportlab.pdfgen.canvas import Canvas

    from ..typeset.fonts import default_face

    # A registered TTF as the initial font keeps ReportLab from referencing Helvetica.
    canvas = Canvas(
        buf,
        pagesize=(width, height),
        invariant=1,
        pageCompression=1,
        initialFontName=default_face(),
        initialFontSize=10,
        enforceColorSpace="cmyk" if options.color == "cmyk" else None,
        pdfVersion=(1, 4) if options.pdfx else None,
        lang=lang,
    )
    # 100 % K overprints in CMYK (see press.inks); nothing overprints on screen.
    canvas._overprint_k = options.color == "cmyk"
    return canvas


def margin_of(options: PressOptions) -> float:
    """Points between the media edge and the trim: the bleed, and the marks' room if any."""
    return options.bleed_mm * MM + (SLUG if options.marks else 0)


def page_boxes(page: Any, media: tuple[float, float], margin: float, bleed: float) -> tuple:
    """A page's TrimBox and BleedBox: the page's own (a sheet of pieces), else its trim
    inside the margins and that plus the bleed."""
    if getattr(page, "boxes", None) is not None:
        trim, bled = page.boxes
        return (tuple(margin + v for v in trim), tuple(margin + v for v in bled))
    mw, mh = media
    trim = (margin, margin, mw - margin, mh - margin)
    return trim, (margin - bleed, margin - bleed, mw - margin + bleed, mh - margin + bleed)


def _render(doc: LaidDocument, options: PressOptions, rec: Any = None) -> bytes:
    bleed = options.bleed_mm * MM
    margin = margin_of(options)
    first = doc.pages[0]
    buf = io.BytesIO()
    canvas = new_canvas(
        buf,
        first.width + 2 * margin,
        first.height + 2 * margin,
        options,
        doc.title,
        options.subject or doc.template.description,
        doc.lang,
    )
    if rec is not None:
        rec.watch(canvas)
    ctx = DrawContext(bleed, doc.palette)  # type: ignore[arg-type]
    total = len(doc.pages)
    for n, page in enumerate(doc.pages, 1):
        mw, mh = page.width + 2 * margin, page.height + 2 * margin
        canvas.setPageSize((mw, mh))
        trim, bled = page_boxes(page, (mw, mh), margin, bleed)
        canvas.setTrimBox(trim)
        canvas.setBleedBox(bled)
        canvas.saveState()
        canvas.translate(margin, margin)
        for step in page.steps:
            step(canvas, ctx)
        canvas.restoreState()
        if options.marks:
            label = f"{options.file_name or doc.template.name}  ·  {n}/{total}  ·  {doc.size}"
            trim = (margin, margin, margin + page.width, margin + page.height)
            folds = [margin + x for x in page.folds]
            all_marks(canvas, [trim], bleed, label, options.color, folds)
        canvas.showPage()
    if rec is not None:
        rec.before_save()
    canvas.save()
    return buf.getvalue()


def _info_class() -> type:
    from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString

    class Info(PDFInfo):
        """ReportLab's Info, without the keys we have nothing true to put in ("anonymous")."""

        def format(self, document: Any) -> bytes:
            d: dict[str, Any] = {"Title": PDFString(self.title)}
            if self.author:
                d["Author"] = PDFString(self.author)
            d["ModDate"] = d["CreationDate"] = PDFDate(ts=document._timeStamp)
            d["Producer"] = PDFString(self.producer)
            d["Creator"] = PDFString(self.creator)
            if self.subject:
                d["Subject"] = PDFString(self.subject)
            if self.keywords:
                d["Keywords"] = PDFString(self.keywords)
            d["Trapped"] = PDFName(self.trapped)
            return PDFDictionary(d).format(document)

    return Info


def _Info() -> Any:  # noqa: N802 - made on first use: ReportLab is imported lazily
    global _INFO
    if _INFO is None:
        _INFO = _info_class()
    return _INFO()


_INFO: Any = None
