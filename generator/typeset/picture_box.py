"""Image boxes: where a box's picture comes from, how it sits in the box, and drawing it.

A box shows one picture (``fit`` contain or cover, around a focal point) or, for
``event.partners``, a strip of logos scaled to one visual height and evenly spaced. A picture
that is not given leaves the box out (or draws its named ``fallback`` box instead): never an
empty frame. Every raster placement is recorded with its effective resolution, so the build
can fail a print file below 150 dpi naming the file and the box.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..compose.template import Box
from ..errors import InputError
from .images import Source, embed, open_picture, preload, shows_nothing, target_size
from .vectors import draw_vector, vector_bounds

if TYPE_CHECKING:
    from .layout import DrawContext, DrawStep, _PageLayout

MM = 72 / 25.4
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Placement:
    """A raster picture as placed: its file, its box and its effective resolution."""

    file: str
    box: str
    dpi: float
    page: int
    column: str = ""  # a record's picture: the column it comes from
    value: str = ""  # and the path its cell gives


def picture_paths(layout: _PageLayout, box: Box) -> list[Path]:
    """The files a box shows; empty when its (optional) picture is not given, or when it is
    a raster wholly transparent (it would print as nothing: the box's fallback is drawn, as
    for a picture not given, and a note says so)."""
    source: str = box.opt("source")
    if source.startswith("asset:"):
        return [layout.template.folder / source[6:]]
    if source.startswith("event."):
        value = layout.facts.event.picture(source[6:])
        if value is None:
            return []
        if isinstance(value, tuple):
            return list(value)
        return _seen(layout, box, value, f"{layout.facts.source}: event.{source[6:]}")
    preload()  # a record's pictures: a batch's parent loads Pillow for its workers
    value = layout.composed.record.get(source[7:], "").strip()
    if not value:
        return []
    path = record_path(value, layout.pictures.images, f"column '{source[7:]}'")
    return _seen(layout, box, path, f"{source[7:]}")


def _seen(layout: _PageLayout, box: Box, path: Path, what: str) -> list[Path]:
    """``[path]``, or ``[]`` with a note when the picture is wholly transparent."""
    if not shows_nothing(path):
        return [path]
    fallback = box.opt("fallback")
    instead = f"box '{fallback}' drawn in its place" if fallback else "its box left out"
    layout.notes.append(f"{what}: {path.name} is wholly transparent: {instead}")
    return []


def record_path(value: str, root: str | None, what: str) -> Path:
    """A record's picture path, relative to ``root``: it may not leave that folder (no
    ``..``, no absolute path, no symbolic link pointing out), and it must exist; ``what``
    names the column in the message."""
    base = Path(root or ".").resolve()
    raw = Path(value)
    if raw.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise InputError(f"{what}: picture path {value!r} is absolute; give it relative to {base}")
    path = (base / raw).resolve()  # resolves symbolic links, so a link pointing out is caught
    if not path.is_relative_to(base):
        raise InputError(f"{what}: picture path {value!r} leaves the pictures folder {base}")
    if path.is_dir():
        raise InputError(f"{what}: picture path {value!r} is a folder, not a picture file")
    if not path.is_file():
        raise InputError(f"{what}: picture not found: {value} (in {base})")
    return path


def align_in(rect: Rect, w: float, h: float, align: str, valign: str) -> Rect:
    x, y, bw, bh = rect
    fx = {"left": 0.0, "center": 0.5, "right": 1.0}[align]
    fy = {"bottom": 0.0, "middle": 0.5, "top": 1.0}[valign]
    return x + (bw - w) * fx, y + (bh - h) * fy, w, h


def fit(
    content: Rect,
    rect: Rect,
    how: str,
    align: str,
    valign: str,
    focus: tuple[float, float],
    at: tuple[float, float] = (0.5, 0.5),
) -> tuple[Rect, Rect]:
    """(where the shown part goes, which part of the content is shown): ``content`` is
    (x0, y0, x1, y1) in the picture's units with y down; contain shows all of it, cover fills
    the box and crops so that ``focus`` (fractions of the picture from the top-left) lands
    ``at`` (fractions of the box from its top-left), as near as the picture allows."""
    x0, y0, x1, y1 = content
    cw, ch = x1 - x0, y1 - y0
    _, _, w, h = rect
    if how == "contain":
        s = min(w / cw, h / ch)
        return align_in(rect, cw * s, ch * s, align, valign), content
    s = max(w / cw, h / ch)
    vw, vh = w / s, h / s
    left = min(max(x0 + focus[0] * cw - vw * at[0], x0), x1 - vw)
    top = min(max(y0 + focus[1] * ch - vh * at[1], y0), y1 - vh)
    return rect, (left, top, left + vw, top + vh)


def _pixels(crop: Rect, src: Source) -> tuple[int, int, int, int]:
    w, h = int(src.size[0]), int(src.size[1])
    x0, y0 = max(0, int(crop[0] + 1e-6)), max(0, int(crop[1] + 1e-6))
    return x0, y0, min(w, max(x0 + 1, round(crop[2]))), min(h, max(y0 + 1, round(crop[3])))


@lru_cache(maxsize=128)
def _raster_bounds(src: Source) -> Rect:
    """What a raster logo actually shows: its opaque or non-white pixels (y down)."""
    from PIL import Image, ImageChops, ImageOps

    with Image.open(src.path) as im:
        im = ImageOps.exif_transpose(im)
        im.thumbnail((400, 400))
        f = src.size[0] / im.size[0]
        if "A" in im.getbands() or "transparency" in im.info:
            ink = im.convert("RGBA").getchannel("A").point(lambda v: 255 if v > 8 else 0)
        else:
            grey = im.convert("L")
            ink = ImageChops.invert(grey).point(lambda v: 255 if v > 12 else 0)
    bbox = ink.getbbox()
    if not bbox:
        return (0.0, 0.0, *src.size)
    return bbox[0] * f, bbox[1] * f, min(src.size[0], bbox[2] * f), min(src.size[1], bbox[3] * f)


def visual(src: Source, where: str) -> Rect:
    """The part of a picture that carries ink, (x0, y0, x1, y1) with y down."""
    if src.kind == "raster":
        return _raster_bounds(src)
    if src.kind == "svg":
        x0, y0, x1, y1 = vector_bounds(src.path, src.stamp, where)
        x0, x1 = max(0.0, x0), min(src.size[0], x1)
        y0, y1 = max(0.0, y0), min(src.size[1], y1)
        if x1 > x0 and y1 > y0:
            return x0, src.size[1] - y1, x1, src.size[1] - y0
    return (0.0, 0.0, *src.size)


def strip(
    items: list[tuple[Source, Rect]], rect: Rect, gap: float, align: str, valign: str
) -> list[Rect]:
    """Cells of a logo strip: every logo at one visual height, ``gap`` apart, the row scaled
    down as a whole when it is wider than the box, and aligned in it."""
    x, y, w, h = rect
    aspects = [(c[2] - c[0]) / (c[3] - c[1]) for _, c in items]
    height = h
    total = sum(a * height for a in aspects) + gap * (len(items) - 1)
    if total > w:
        height = (w - gap * (len(items) - 1)) / sum(aspects)
        total = w
    if height <= 0:
        raise InputError("the partner logos do not fit their box")
    cx, cy, _, _ = align_in(rect, total, height, align, valign)
    cells = []
    for a in aspects:
        cells.append((cx, cy, a * height, height))
        cx += a * height + gap
    return cells


def lay_out_image(layout: _PageLayout, box: Box, paths: list[Path]) -> DrawStep:
    """The draw step of an image box whose pictures are given."""
    where = layout.where_box(box)
    source = str(box.opt("source"))
    column = value = ""
    if source.startswith("record."):  # a record's picture: its column and path, not the box
        column, value = source[7:], layout.composed.record.get(source[7:], "").strip()
        where = f"column '{column}': {value}"
    sources = [open_picture(p, where) for p in paths]
    fit_how, align, valign = box.opt("fit", "contain"), box.opt("align"), box.opt("valign")
    align = align or "center"
    valign = valign or "middle"
    focus = tuple(box.opt("focus") or (0.5, 0.5))
    at: tuple[float, float] = (0.5, 0.5)
    if box.opt("source") == "event.photo" and layout.facts.event.photo_focus:
        # The event says where its subject is: put it where the template keeps clear for it
        # (beside the logo over the photo), not in the middle under the logo.
        focus = layout.facts.event.photo_focus
        at = tuple(box.opt("focus_at") or (0.5, 0.5))  # type: ignore[assignment]
    partners = box.opt("source") == "event.partners"
    gap = box.opt("gap", 6) * MM * layout.sheet.scale
    options, sheet, mirrored = layout.pictures, layout.sheet, layout.mirrored
    under = under_colour(layout, box)
    known = tuple(
        (tuple(round(v * 255) for v in c.rgb), tuple(v / 100 for v in c.cmyk))
        for c in layout.template.colours.values()
        if c.cmyk is not None
    )

    def places(rect: Rect) -> list[tuple[Source, Rect, Rect]]:
        """(picture, placed rect in points, shown part in picture units, y down)."""
        if partners:
            items = [(s, visual(s, where)) for s in sources]
            cells = strip(items, rect, gap, align, valign)
            return [(s, cell, c) for (s, c), cell in zip(items, cells, strict=True)]
        src = sources[0]
        placed, shown = fit((0, 0, *src.size), rect, fit_how, align, valign, focus, at)
        return [(src, placed, shown)]

    # The resolution at the default bleed: known before anything is drawn.
    for src, placed, shown in places(sheet.bled(box, options.bleed_mm * MM, mirrored)):
        if src.kind == "raster":
            _, dpi = target_size(_pixels(shown, src), placed[2:])
            layout.placed.append(
                Placement(str(src.path), box.name, dpi, layout.page_number, column, value)
            )

    def draw(canvas: Any, ctx: DrawContext) -> None:
        for src, placed, shown in places(sheet.bled(box, ctx.bleed, mirrored)):
            if src.kind == "raster":
                crop = _pixels(shown, src)
                size, _ = target_size(crop, placed[2:])
                emb = embed(src, crop, size, options, under, where)
                place_raster(canvas, _name(src, box.name, crop, size, options, under), emb, placed)
            else:
                _draw_vector_part(canvas, src, placed, shown, where, options, known)

    return draw


def _draw_vector_part(
    canvas: Any, src: Source, placed: Rect, shown: Rect, where: str, options: Any, known: tuple
) -> None:
    """Place the ``shown`` part (y down) of a vector picture at ``placed``; clip to it when
    the picture is cropped (cover)."""
    sx = placed[2] / (shown[2] - shown[0])
    sy = placed[3] / (shown[3] - shown[1])
    full_w, full_h = src.size[0] * sx, src.size[1] * sy
    x = placed[0] - shown[0] * sx
    y = placed[1] - (src.size[1] - shown[3]) * sy
    cropped = shown != (0, 0, *src.size)
    canvas.saveState()
    if cropped:
        p = canvas.beginPath()
        p.rect(*placed)
        canvas.clipPath(p, stroke=0, fill=0)
    rect = (x, y, full_w, full_h)
    draw_vector(canvas, src.kind, src.path, src.stamp, src.size, rect, where, options, known)
    canvas.restoreState()


def under_colour(layout: _PageLayout, box: Box) -> Any:
    """The template colour under a box ((r, g, b), (c, m, y, k) in 0..1): its ``background``,
    else the fill of the last filled box drawn before it that covers it, else the paper. None
    when flattening (PDF/X-1a) and a picture drawn before it lies under it (a logo over the
    cover photo): no one colour is under it then."""
    name = box.opt("background")
    if name is None and layout.pictures.flatten and _over_a_picture(layout, box):
        return None
    if name is None:
        for other in layout.spec_boxes:
            if other is box:
                break
            fill = other.opt("fill")
            covers = (
                other.x <= box.x + 1e-6
                and other.y <= box.y + 1e-6
                and other.x + other.w >= box.x + box.w - 1e-6
                and other.y + other.h >= box.y + box.h - 1e-6
            )
            if fill and covers and other.type in ("rect", "text"):
                name = fill
    if name is None:
        return (1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0)
    colour = layout.template.colours[name]
    cmyk = colour.cmyk or (0, 0, 0, 0)
    return colour.rgb, tuple(v / 100 for v in cmyk)


def _over_a_picture(layout: _PageLayout, box: Box) -> bool:
    """Whether an image box drawn before ``box`` on its page, with a picture, overlaps it."""
    for other in layout.arranged:
        if other.name == box.name:
            return False
        if other.type == "image" and layout.page_pictures.get(other.name):
            apart = (
                other.x >= box.x + box.w
                or box.x >= other.x + other.w
                or other.y >= box.y + box.h
                or box.y >= other.y + other.h
            )
            if not apart:
                return True
    return False


def _name(src: Source, box: str, crop: Any, size: Any, options: Any, under: Any) -> str:
    """An XObject name that says which file and box it is (preflight prints it), unique for
    the pixels it holds."""
    key = repr((str(src.path), src.stamp, crop, size, options.color, options.flatten))
    key += repr((options.icc, under))
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", src.path.stem)[:24]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", box)[:24]
    return f"Pic.{stem}.{slug}.{digest}"  # preflight reads file and box back from it


def place_raster(canvas: Any, name: str, emb: Any, rect: Rect) -> None:
    """Write an image XObject once per document and paint it into ``rect``.

    ReportLab's drawImage would re-encode every picture and hash its decoded pixels on each
    call; here the bytes are ours (a pass-through JPEG, CMYK, a soft mask) and the name too.
    A canvas whose pages the press stage writes itself (``press.assemble``) carries a
    ``_page_pictures`` dict: the picture is handed over there instead of to ReportLab.
    """
    doc = canvas._doc
    reg = doc.getXObjectName(name)
    handed = getattr(canvas, "_page_pictures", None)
    if handed is not None:
        handed.setdefault(reg, emb)
    elif reg not in doc.idToObject:
        obj = _xobject(name, emb.data, emb.size, emb.space, emb.filter, emb.decode)
        if emb.mask is not None:
            mask = _xobject(name + "_mask", emb.mask, emb.size, "DeviceGray", "FlateDecode")
            obj.smask = doc.Reference(mask, doc.getXObjectName(name + "_mask"))
        if emb.stencil is not None:
            obj.__class__ = _stencilled()
            obj.stencil = doc.Reference(
                _stencil_object(emb.stencil, emb.size), doc.getXObjectName(name + "_stencil")
            )
        doc.Reference(obj, reg)
        doc.addForm(name, obj)
    x, y, w, h = rect
    canvas.saveState()
    canvas.transform(w, 0, 0, h, x, y)
    canvas._code.append(f"/{reg} Do")
    canvas.restoreState()
    if handed is None:
        canvas._formsinuse.append(name)
    canvas._currentPageHasImages = 1


def _stencil_object(data: bytes, size: Any) -> Any:
    """A stencil mask (an image mask, 1 bit a pixel) of Flate-compressed ``data``."""
    from reportlab.pdfbase import pdfdoc

    name = pdfdoc.PDFName
    entries = {"Type": name("XObject"), "Subtype": name("Image"), "Width": size[0]}
    entries.update(Height=size[1], ImageMask=pdfdoc.PDFtrue, BitsPerComponent=1)
    entries["Filter"] = pdfdoc.PDFArray([name("FlateDecode")])
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), data)


@cache
def _stencilled() -> type:
    """ReportLab's image XObject with a stencil as its /Mask (ReportLab writes /Mask only as
    a colour-key array): the same entries as ``PDFImageXObject.format`` writes, and /Mask."""
    from reportlab.pdfbase import pdfdoc

    class Stencilled(pdfdoc.PDFImageXObject):
        stencil: Any = None

        def format(self, document: Any) -> bytes:
            stream = pdfdoc.PDFStream(content=self.streamContent)
            d, name = stream.dictionary, pdfdoc.PDFName
            d["Type"], d["Subtype"] = name("XObject"), name("Image")
            d["Width"], d["Height"] = self.width, self.height
            d["BitsPerComponent"] = self.bitsPerComponent
            d["ColorSpace"] = name(self.colorSpace)
            if getattr(self, "_decode", None):
                d["Decode"] = pdfdoc.PDFArray(self._decode)
            d["Filter"] = pdfdoc.PDFArray([name(f) for f in self._filters])
            d["Length"] = len(self.streamContent)
            d["Mask"] = self.stencil
            return stream.format(document)

    return Stencilled


def _xobject(name: str, data: bytes, size: Any, space: str, filt: str, decode: Any = None) -> Any:
    from reportlab.pdfbase import pdfdoc

    obj = pdfdoc.PDFImageXObject(name)
    obj.width, obj.height = size
    obj.bitsPerComponent = 8
    obj.colorSpace = space
    obj._filters = (filt,)
    obj.streamContent = data
    obj.mask = None
    if decode:
        obj._decode = list(decode)
    return obj
