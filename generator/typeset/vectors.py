"""Vector pictures stay vectors: SVG through svglib, the first page of a PDF as a form.

An SVG becomes a ReportLab drawing, drawn once per document into a form XObject and placed by
name wherever it is used (a logo on every page of a batch file is written once). ReportLab
cannot read PDF pages, so a PDF picture is drawn here as an empty placeholder form of the
page's size; the press stage replaces that form with the page itself, copied with pikepdf
(``press/vector_forms.py``). Nothing is rasterised either way.
"""

from __future__ import annotations

import functools
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import cache as disk_cache
from ..errors import InputError

PDF_FORM_PREFIX = "PdfPicture_"
# The PDF pictures placed in this process, by placeholder form name, for the press stage.
PDF_PICTURES: dict[str, Path] = {}
# An SVG form's content operators and the black-overprint states it selects, made once per
# process (and kept in the disk cache across runs): a logo on every document of a batch is
# parsed and drawn once (renderPDF takes longer than the rest of a badge).
_FORM_CODE: dict[tuple, tuple[list[str], frozenset]] = {}
# press.inks' black-overprint graphics states (written by the document, not the form)
_OVERPRINT_GS = re.compile(r"/GOP[01][01] gs")


@lru_cache(maxsize=64)
def svg_drawing(path: Path, stamp: tuple[int, int], where: str) -> Any:
    """The SVG as a ReportLab drawing (parsed once per file version and process)."""
    import logging

    from svglib.svglib import svg2rlg

    # svglib logs what it cannot draw; the user sees our own message instead.
    logging.getLogger("svglib.svglib").setLevel(logging.ERROR)
    try:
        drawing = svg2rlg(str(path))
    except Exception as e:  # svglib raises lxml and value errors for bad files
        raise InputError(f"cannot read SVG {path.name}: {e}", where=where) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise InputError(f"cannot read SVG {path.name}: no drawing in it", where=where)
    return drawing


@lru_cache(maxsize=64)
def svg_for_print(
    path: Path, stamp: tuple[int, int], where: str, icc: str | None, known: tuple = ()
) -> Any:
    """A copy of the SVG's drawing with every colour in CMYK, so a CMYK document carries no
    RGB: a colour that is one of the template's takes that colour's own CMYK (a logo drawn
    in the event's palette prints in the same inks as the page around it), a grey goes on K
    alone, any other is converted as raster pictures are."""
    import copy

    from reportlab.lib.colors import CMYKColor, Color

    drawing = copy.deepcopy(svg_drawing(path, stamp, where))
    converted: dict[tuple[float, ...], Any] = {}

    def cmyk(c: Any) -> Any:
        if not isinstance(c, Color) or isinstance(c, CMYKColor):
            return c
        key = (c.red, c.green, c.blue, c.alpha)
        if key not in converted:
            rgb = tuple(round(v * 255) for v in key[:3])
            same = next((cmyk for value, cmyk in known if value == rgb), None)
            value = same or rgb_to_cmyk(key[:3], icc)
            converted[key] = CMYKColor(*value, alpha=c.alpha)
        return converted[key]

    def walk(node: Any) -> None:
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, cmyk(getattr(node, attr)))
        for child in getattr(node, "contents", ()):
            walk(child)

    walk(drawing)
    return drawing


def rgb_to_cmyk(rgb: tuple[float, float, float], icc: str | None) -> tuple[float, ...]:
    """One RGB colour (0..1) as CMYK (0..1), as pictures are converted; a grey is K alone."""
    from PIL import Image

    from .images import to_print_cmyk

    r, g, b = (round(v * 255) for v in rgb)
    if r == g == b:
        return 0.0, 0.0, 0.0, 1 - r / 255
    pixel = to_print_cmyk(Image.new("RGB", (1, 1), (r, g, b)), icc).getpixel((0, 0))
    return tuple(v / 255 for v in pixel)


def vector_bounds(path: Path, stamp: tuple[int, int], where: str) -> tuple[float, ...]:
    """What an SVG actually draws (x0, y0, x1, y1 in its own units, y up)."""
    return svg_facts(path, stamp, where)[2]


@lru_cache(maxsize=64)
def svg_facts(
    path: Path, stamp: tuple[int, int], where: str
) -> tuple[float, float, tuple[float, ...]]:
    """(width, height, bounds) of an SVG's drawing: from the disk cache when the same file
    was read by the same svglib before, so a warm run need not load svglib at all."""
    entry = _svg_entry(path, "facts")
    got = disk_cache.load("svg", entry) if entry else None
    if isinstance(got, tuple) and len(got) == 3:
        return got
    d = svg_drawing(path, stamp, where)
    facts = (float(d.width), float(d.height), tuple(float(v) for v in d.getBounds()))
    if entry:
        disk_cache.store("svg", entry, facts)
    return facts


# An SVG that refers to other files (an <image>, a <use> of another document) draws what
# those hold too: such a file is not cached on disk by its own bytes.
_OUTSIDE = re.compile(rb"""href\s*=\s*["'](?!#|data:)|url\(\s*["']?(?!#|data:)""")


def _svg_entry(path: Path, *more: Any) -> str | None:
    """The disk-cache name of something made from an SVG file by svglib and ReportLab."""
    from reportlab import Version

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if _OUTSIDE.search(data):
        return None
    recipe = disk_cache.source_stamp(__file__)
    return disk_cache.key("svg", recipe, Version, disk_cache.code_stamp("svglib"), data, *more)


@functools.lru_cache(maxsize=16)
def _file_digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def pdf_page_size(path: Path, where: str) -> tuple[float, float]:
    """The visible size (CropBox) of a PDF's first page in points; only one-page PDFs."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) != 1:
                raise InputError(
                    f"a PDF picture must have one page, {path.name} has {len(pdf.pages)}",
                    where=where,
                )
            x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].cropbox)
            rotate = int(pdf.pages[0].obj.get("/Rotate", 0)) % 360
    except pikepdf.PdfError as e:
        raise InputError(f"cannot read PDF {path.name}: {e}", where=where) from None
    if rotate:
        raise InputError(
            f"the page of {path.name} is turned (/Rotate {rotate}); save it upright", where=where
        )
    return abs(x1 - x0), abs(y1 - y0)


def form_name(path: Path, stamp: tuple[int, int], prefix: str) -> str:
    """A form's name from the file's content: the same picture is one form in a document,
    and a copy of it elsewhere (another folder, another machine) makes the same bytes."""
    return f"{prefix}{_content_digest(path, stamp)}"


@functools.lru_cache(maxsize=256)
def _content_digest(path: Path, stamp: tuple[int, int]) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]


def _own_resource(line: str) -> bool:
    """Whether a form's operator line uses a resource of its document (a font, an XObject, a
    graphics state other than press.inks' black-overprint ones) or draws text."""
    if any(op in line for op in (" Tf", " Do", "BT")):
        return True
    return " gs" in line and not _OVERPRINT_GS.fullmatch(line)


def _render_form(
    canvas: Any, path: Path, stamp: tuple[int, int], where: str, options: Any, known: tuple
) -> tuple[list[str], frozenset] | None:
    """Draw the SVG into the open form; returns its operators and the black-overprint states
    they select when they can be replayed into another document (paths and colours only:
    no fonts, images or other graphics states, which are the document's own), else None."""
    from reportlab import rl_config
    from reportlab.graphics import renderPDF

    if options.color == "cmyk":
        drawing = svg_for_print(path, stamp, where, options.icc, known)
    else:
        drawing = svg_drawing(path, stamp, where)
    # The black-overprint states this form selects (press.inks notes them on the canvas;
    # the document's resources carry one ExtGState for each).
    outer = canvas.__dict__.pop("_overprint_used", set())
    # renderPDF orders each shape's state changes by the global rl_config.invariant:
    # pinned, so a drawing makes the same bytes everywhere.
    saved, rl_config.invariant = rl_config.invariant, 1
    try:
        renderPDF.draw(drawing, canvas, 0, 0)
    finally:
        rl_config.invariant = saved
        overprint = frozenset(canvas.__dict__.pop("_overprint_used", ()))
        canvas._overprint_used = outer | overprint
    code = list(canvas._code)
    if any(_own_resource(line) for line in code):
        return None
    return code, overprint


def _replay(canvas: Any, form: tuple[list[str], frozenset]) -> None:
    """A form drawn before (in this process or a run before): the same operators again."""
    code, overprint = form
    canvas._code.extend(code)
    if overprint:
        canvas.__dict__.setdefault("_overprint_used", set()).update(overprint)


def _form_entry(path: Path, options: Any, known: tuple) -> str | None:
    """The disk-cache name of an SVG's form operators in a colour mode."""
    import sys

    if options.color != "cmyk":
        return _svg_entry(path, "form", options.color, known)
    icc = _file_digest(options.icc) if options.icc else None
    # CMYK: colours converted through Pillow's colour management; black overprint by
    # press.inks' hook when the press stage has installed it.
    inks = sys.modules.get("generator.press.inks")
    hook = disk_cache.source_stamp(inks.__file__) if inks and inks.__file__ else None
    return _svg_entry(path, "form", "cmyk", known, icc, disk_cache.code_stamp("PIL"), hook)


def _is_form(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], list)
        and isinstance(value[1], frozenset)
    )


def draw_vector(
    canvas: Any,
    kind: str,
    path: Path,
    stamp: tuple[int, int],
    size: tuple[float, float],
    rect: tuple[float, float, float, float],
    where: str,
    options: Any,
    known: tuple = (),
) -> None:
    """Place a vector picture of ``size`` (its own units) scaled into ``rect`` (points)."""
    x, y, w, h = rect
    if kind == "svg":
        name = form_name(path, stamp, f"Svg_{options.color}_")
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, size[0], size[1])
            key = (name, options.color, known)
            form = _FORM_CODE.get(key)
            if form is None:  # not drawn in this process: from the disk cache, or drawn now
                entry = _form_entry(path, options, known)
                form = disk_cache.load("svg", entry) if entry else None
                if _is_form(form):
                    _replay(canvas, form)
                else:
                    form = _render_form(canvas, path, stamp, where, options, known)
                    if form is not None and entry:
                        disk_cache.store("svg", entry, form)
                if form is not None:
                    _FORM_CODE[key] = form
            else:  # drawn before in this process
                _replay(canvas, form)
            canvas.endForm()
    else:
        name = form_name(path, stamp, PDF_FORM_PREFIX)
        PDF_PICTURES[name] = path
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, size[0], size[1])
            canvas.endForm()
    canvas.saveState()
    canvas.transform(w / size[0], 0, 0, h / size[1], x, y)
    canvas.doForm(name)
    canvas.restoreState()
