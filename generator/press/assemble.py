"""Assemble PDFs from parts made once and parts made per page, and write long ones as they go.

A batch's constant boxes are drawn once, by ReportLab, into form XObjects ("segments"); the
objects those forms need (their content, fonts, ornament motifs, pictures) are cut out of that
one PDF as bytes and copied verbatim into every document. A record's own boxes are drawn on a
fresh canvas, and only its content stream, font subsets, raster pictures (a badge's photo) and
page are written per document by ``Writer``. Painting order is kept: the page's content invokes each segment where its boxes
stood among the record's boxes.

``Writer`` writes to any binary file and keeps only object offsets, so a book of 100,000 pages
is written page by page in flat memory, its fonts embedded once at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

from ..typeset.layout import MM, DrawContext
from ..typeset.text import Palette
from .render import PressOptions, margin_of, new_canvas, page_boxes

PROCSET = b"/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]"


@contextlib.contextmanager
def pdf_settings() -> Iterator[None]:
    """What every document of ours is written with: the subset cache and binary streams."""
    from reportlab import rl_config

    from .flate_cache import install
    from .inks import install_overprint

    install()
    install_overprint()
    # ReportLab's ASCII85 switch is process-global (its inline images need it on): off for
    # our documents only.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _num(v: float) -> bytes:
    from reportlab.lib.rl_accel import fp_str

    return fp_str(v).encode()


def _array(values: Sequence[float]) -> bytes:
    return b"[" + b" ".join(_num(v) for v in values) + b"]"


@dataclass(frozen=True)
class Segments:
    """The constant parts of a page, serialised once: form XObjects and everything they use."""

    header: bytes  # the file's first lines (%PDF-1.x and the binary comment)
    objects: bytes  # their objects, verbatim, numbered as in the file they were cut from
    offsets: tuple[tuple[int, int], ...]  # (object number, offset within ``objects``)
    forms: tuple[tuple[bytes, int], ...]  # (resource name, object number) of each segment
    info: int  # the document information dictionary (title, author...), also constant
    first_free: int  # the first object number they leave free


def prepare(
    segments: Sequence[Sequence[Callable[[Any, DrawContext], None]]],
    size: tuple[float, float],
    options: PressOptions,
    palette: Palette,
    title: str,
    subject: str,
    lang: str,
) -> Segments:
    """Draw each list of steps into a form XObject the size of the page with its bleed, in a
    document of our usual settings, and keep the serialised objects they need."""
    bleed, margin = options.bleed_mm * MM, margin_of(options)
    width, height = size
    buf = io.BytesIO()
    with pdf_settings():
        canvas = new_canvas(
            buf, width + 2 * margin, height + 2 * margin, options, title, subject, lang
        )
        ctx = DrawContext(bleed, palette)
        for i, steps in enumerate(segments):
            canvas.beginForm(f"seg{i}", -bleed, -bleed, width + bleed, height + bleed)
            for step in steps:
                step(canvas, ctx)
            canvas.endForm()
            canvas.doForm(f"seg{i}")
        canvas.showPage()
        canvas.save()
    data = buf.getvalue()
    from .vector_forms import PDF_FORM_PREFIX

    if PDF_FORM_PREFIX.encode() in data:
        raise NeedsReportLab  # a PDF picture, placed into the finished file by pikepdf
    return cut_segments(data, len(segments))


def cut_segments(data: bytes, count: int) -> Segments:
    """The forms ``seg0`` … ``seg{count-1}`` of a PDF written by ReportLab, with every object
    they need and the document information, as ``Segments``.

    Read from ReportLab's own writing (one classic xref table, no object streams) rather
    than through a PDF library, whose import alone cost a batch's start about as much as
    laying the constant parts out."""
    spans = _spans(data)
    heads = {n: _head(data[start:end]) for n, (start, end) in spans.items()}
    named = {
        int(m.group(1)): int(m.group(2))
        for head in heads.values()
        for m in re.finditer(rb"/FormXob\.seg(\d+) (\d+) 0 R\b", head)
    }
    forms = [(f"/S{i}".encode(), named[i]) for i in range(count)]
    trailer = data[max(end for _, end in spans.values()) :]
    info = int(re.search(rb"/Info (\d+) 0 R", trailer).group(1))  # type: ignore[union-attr]
    needed = _closure([n for _, n in forms], heads)
    needed.add(info)
    parts, offsets, at = [], [], 0
    for n in sorted(needed):
        start, end = spans[n]
        parts.append(data[start:end])
        offsets.append((n, at))
        at += end - start
    header = data[: min(start for start, _ in spans.values())]
    return Segments(header, b"".join(parts), tuple(offsets), tuple(forms), info, max(spans) + 1)


# In an object's text: a literal string's parentheses (and escapes, which may hide one), a
# reference, and the keyword that starts a stream's data.
_TOKEN = re.compile(rb"\\.|[()]|(\d+) 0 R\b|\bstream\b", re.S)


def _head(body: bytes) -> bytes:
    """An object as written, without its stream's data and with its strings blanked: what
    is left holds its references (a title such as «1 0 R» in a string is not one)."""
    out, depth, at = [], 0, 0
    for m in _TOKEN.finditer(body):
        token = m.group()
        if token == b"(":
            if depth == 0:
                out.append(body[at : m.start()])
            depth += 1
        elif token == b")" and depth:
            depth -= 1
            if depth == 0:
                out.append(b"()")
                at = m.end()
        elif depth == 0 and token == b"stream":
            return b"".join([*out, body[at : m.start()]])
    return b"".join([*out, body[at:]]) if depth == 0 else b"".join(out)


def _closure(roots: list[int], heads: dict[int, bytes]) -> set[int]:
    """Object numbers of the roots and of everything they refer to, however deep."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        stack.extend(int(m.group(1)) for m in re.finditer(rb"(\d+) 0 R\b", heads[n]))
    return seen


def _spans(data: bytes) -> dict[int, tuple[int, int]]:
    """Byte span of every object of a PDF written by ReportLab (one classic xref table)."""
    xref = int(re.search(rb"startxref\s+(\d+)", data[-64:]).group(1))  # type: ignore[union-attr]
    head = re.match(rb"xref\s+0 (\d+)\s+", data[xref : xref + 32])
    count, body = int(head.group(1)), xref + head.end()  # type: ignore[union-attr]
    starts = {}
    for n in range(1, count):
        entry = data[body + 20 * n : body + 20 * n + 20]
        if entry[17:18] == b"n":
            starts[n] = int(entry[:10])
    order = sorted(starts, key=starts.get)  # type: ignore[arg-type]
    ends = [starts[n] for n in order[1:]] + [xref]
    return {n: (starts[n], end) for n, end in zip(order, ends, strict=True)}


_DIGESTS: dict[int, tuple[Segments, Any]] = {}


def _digest_of(segments: Segments) -> Any:
    """MD5 of a file's header and constant objects (kept while the segments are)."""
    found = _DIGESTS.get(id(segments))
    if found is None or found[0] is not segments:
        digest = hashlib.md5(segments.header, usedforsecurity=False)
        digest.update(segments.objects)
        if len(_DIGESTS) >= 64:
            _DIGESTS.clear()
        found = _DIGESTS[id(segments)] = (segments, digest)
    return found[1]


class Writer:
    """Writes numbered objects to a binary file, keeping only their offsets, then the xref."""

    def __init__(self, out: BinaryIO, header: bytes) -> None:
        self.out = out
        self.pos = 0
        self.offsets = array("q")
        self.next = 1
        self.digest = hashlib.md5(usedforsecurity=False)
        self._write(header)
        self._header = header  # while nothing follows it (see copy)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.pos += len(data)
        self._header = None

    def _at(self, n: int, offset: int) -> None:
        if len(self.offsets) <= n:
            self.offsets.extend([-1] * (n + 1 - len(self.offsets)))
        self.offsets[n] = offset

    def copy(self, segments: Segments) -> None:
        """The constant objects, at their own numbers."""
        base = self.pos
        if self._header is segments.header and base == len(segments.header):
            # The file ID's digest of the header and the constant objects: the same in every
            # document of a batch, made once.
            self.out.write(segments.objects)
            self.digest = _digest_of(segments).copy()
            self.pos += len(segments.objects)
        else:
            self._write(segments.objects)
        offsets = self.offsets
        if len(offsets) < segments.first_free:
            offsets.extend([-1] * (segments.first_free - len(offsets)))
        for n, offset in segments.offsets:
            offsets[n] = base + offset
        self.next = max(self.next, segments.first_free)

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def obj(self, n: int, body: bytes) -> int:
        self._at(n, self.pos)
        self._write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
        return n

    def stream(self, n: int, entries: bytes, data: bytes) -> int:
        return self.obj(
            n, b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)
        )

    def finish(self, root: int, info: int) -> None:
        """The cross-reference table and trailer; the file ID is a digest of everything."""
        size = max(self.next, len(self.offsets))
        self._at(size - 1, self.offsets[size - 1] if len(self.offsets) >= size else -1)
        ident = self.digest.hexdigest().encode()
        xref = self.pos
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        free = b"0000000000 65535 f \n"
        lines = []
        for n in range(1, size):
            off = self.offsets[n]
            lines.append(free if off < 0 else b"%010d 00000 n \n" % off)
            if len(lines) >= 4096:
                self.out.write(b"".join(lines))
                lines.clear()
        self.out.write(b"".join(lines))
        self.out.write(
            b"trailer\n<< /ID [<%s> <%s>] /Info %d 0 R /Root %d 0 R /Size %d >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (ident, ident, info, root, size, xref)
        )


def write_fonts(w: Writer, doc: Any) -> bytes:
    """Every subset of every font a ReportLab document used, as TrueType font objects (as
    ReportLab writes them); returns the entries of the page's /Font resource dictionary."""
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    from .flate_cache import subset_bytes, subset_tag

    entries = []
    for font in doc.delayedFonts:
        state = font.state[doc]
        face = font.face
        fixed = _face_bytes(face)
        for n, subset in enumerate(state.subsets):
            base = subset_tag(face.name, subset) + b"+" + face.name + face.subfontNameX
            raw, packed = subset_bytes(face, subset)
            file_ = w.stream(w.reserve(), b"/Filter [/FlateDecode] /Length1 %d" % len(raw), packed)
            descriptor = w.obj(w.reserve(), fixed.descriptor % (base, file_))
            cmap = makeToUnicodeCMap(base.decode("latin-1"), subset).encode("latin-1")
            to_unicode = w.stream(w.reserve(), b"/Filter [/FlateDecode]", zlib.compress(cmap))
            name = f"{state.internalName}+{n}".encode()
            widths = b"[" + b" ".join([fixed.width(face, c) for c in subset]) + b"]"
            ref = w.obj(
                w.reserve(),
                b"<< /Type /Font /Subtype /TrueType /Name /%s /BaseFont /%s /FirstChar 0 "
                b"/LastChar %d /Widths %s /ToUnicode %d 0 R /FontDescriptor %d 0 R >>"
                % (name, base, len(subset) - 1, widths, to_unicode, descriptor),
            )
            entries.append(b"/%s %d 0 R" % (name, ref))
    return b" ".join(entries)


class _FaceBytes:
    """What a face's font objects write the same in every document: its font descriptor
    (all but the subset's name and font file) and each character's width, formatted once."""

    def __init__(self, face: Any) -> None:
        from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        self.descriptor = (
            b"<< /Type /FontDescriptor /Ascent %s /CapHeight %s /Descent %s /Flags %d "
            b"/FontBBox %s /FontName /%%s /ItalicAngle %s /StemV %s /FontFile2 %%d 0 R "
            b"/MissingWidth %s >>"
            % (
                _num(face.ascent),
                _num(face.capHeight),
                _num(face.descent),
                flags,
                _array(face.bbox),
                _num(face.italicAngle),
                _num(face.stemV),
                _num(face.defaultWidth),
            )
        )
        self.widths: dict[int, bytes] = {}

    def width(self, face: Any, code: int) -> bytes:
        found = self.widths.get(code)
        if found is None:
            found = self.widths[code] = _num(face.getCharWidth(code))
        return found


_FACES: WeakKeyDictionary[Any, _FaceBytes] = WeakKeyDictionary()


def _face_bytes(face: Any) -> _FaceBytes:
    found = _FACES.get(face)
    if found is None:
        found = _FACES[face] = _FaceBytes(face)
    return found


def canvas_extras(canvas: Any) -> bytes | None:
    """The page resources besides fonts, our forms and raster pictures that a canvas's drawing
    needs, or None when it made objects only ReportLab can write (vector pictures' forms,
    shadings, spot colours)."""
    doc = canvas._doc
    if set(doc.idToObject) - {"BasicFonts"} or canvas._formsinuse or canvas._shadingUsed:
        return None
    if getattr(canvas, "_colorsUsed", None):
        return None
    from reportlab.pdfbase import pdfdoc

    parts = []
    for (key, value), name in sorted(canvas._extgstate._c.items(), key=lambda kv: kv[1]):
        parts.append(f"/{name} << /{key} {pdfdoc.format(value, doc).decode()} >>".encode())
    for fill, stroke in sorted(getattr(canvas, "_overprint_used", ())):  # see press.inks
        parts.append(
            b"/GOP%d%d << /Type /ExtGState /OP %s /op %s /OPM 1 >>"
            % (fill, stroke, b"true" if stroke else b"false", b"true" if fill else b"false")
        )
    return b"/ExtGState << " + b" ".join(parts) + b" >>" if parts else b""


def page_object(
    w: Writer,
    n: int,
    parent: int,
    media: tuple[float, float],
    margin: float,
    bleed: float,
    contents: int,
    resources: bytes,
    page: Any = None,
) -> int:
    """A page with our boxes: MediaBox = trim + margins, BleedBox = trim + bleed, TrimBox
    (a sheet of pieces: its own, see ``render.page_boxes``)."""
    return w.obj(
        n,
        b"<< /Type /Page /Parent %d 0 R %s /Rotate 0 /Resources << %s >> /Contents %d 0 R >>"
        % (parent, _page_boxes(page, media, margin, bleed), resources, contents),
    )


def _page_boxes(page: Any, media: tuple[float, float], margin: float, bleed: float) -> bytes:
    """A page's /MediaBox, /BleedBox and /TrimBox entries; the same for every page of a
    batch (those of a plain page, kept)."""
    if getattr(page, "boxes", None) is not None:
        return _boxes_of(media, *page_boxes(page, media, margin, bleed))
    return _plain_boxes(media, margin, bleed)


@lru_cache(maxsize=64)
def _plain_boxes(media: tuple[float, float], margin: float, bleed: float) -> bytes:
    return _boxes_of(media, *page_boxes(None, media, margin, bleed))


def _boxes_of(media: tuple[float, float], trim: Sequence[float], bled: Sequence[float]) -> bytes:
    mw, mh = media
    return b"/MediaBox %s /BleedBox %s /TrimBox %s" % (
        _array((0, 0, mw, mh)),
        _array(bled),
        _array(trim),
    )


def content_stream(w: Writer, ops: list[str]) -> int:
    """A page's operators, deflated (ReportLab's own encoding of them)."""
    return w.stream(w.reserve(), b"/Filter [/FlateDecode]", deflate(ops))


def catalog(w: Writer, pages: int, lang: str) -> int:
    return w.obj(
        w.reserve(),
        b"<< /Type /Catalog /Pages %d 0 R /Lang (%s) /PageMode /UseNone >>"
        % (pages, lang.encode("ascii")),
    )


def form_resources(segments: Segments) -> bytes:
    return b" ".join(b"%s %d 0 R" % (name, n) for name, n in segments.forms)


class NeedsReportLab(Exception):
    """A page made objects (vector forms, shadings) that only ReportLab's own writer can write."""


def draw_steps(canvas: Any, steps: Sequence[Callable], origin: float, ctx: DrawContext) -> bytes:
    """Run a page's steps on a canvas at the trim's origin; the page's extra resources. The
    raster pictures it places are kept aside for ``picture_resources`` to write."""
    canvas._page_pictures = {}  # see typeset.picture_box.place_raster
    canvas.saveState()
    canvas.translate(origin, origin)
    for step in steps:
        step(canvas, ctx)
    canvas.restoreState()
    extras = canvas_extras(canvas)
    if extras is None:
        raise NeedsReportLab
    return extras


@dataclass(frozen=True)
class FontSeed:
    """Glyph codes fixed before the first page: each named font gets every character, in
    code-point order, so canvases in several processes encode the same text the same way and
    their pages share the book's one embedding of each font."""

    fonts: tuple[str, ...]  # registered TrueType fonts, in the order they are named F2, F3...
    chars: str  # the characters, sorted


def seeded_canvas(
    media: tuple[float, float],
    options: PressOptions,
    title: str,
    subject: str,
    lang: str,
    seed: FontSeed | None,
) -> Any:
    """A book's canvas with the seed's glyph codes assigned (the same in every process)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    canvas = new_canvas(io.BytesIO(), *media, options, title, subject, lang)
    if seed is not None:
        doc = canvas._doc
        for name in seed.fonts:
            font = getFont(name)
            font.splitString(seed.chars, doc)
            font.getSubsetInternalName(0, doc)
    return canvas


def font_mark(canvas: Any) -> tuple[int, int]:
    """What grows when a page uses a font or a character the canvas had no code for."""
    doc = canvas._doc
    return len(doc.delayedFonts), sum(f.state[doc].nextCode for f in doc.delayedFonts)


def page_code(canvas: Any, steps: Sequence[Callable], margin: float, ctx: DrawContext) -> tuple:
    """Draw a book's page; (its operators, its extra resources). The canvas is ready for the
    next page after, its fonts' codes kept; each page's resources name only what it uses."""
    canvas._overprint_used = set()
    extras = draw_steps(canvas, steps, margin, ctx)
    ops = [canvas._preamble, *canvas._code, " "]
    canvas._startPage()  # the next page's code; the fonts' state stays
    return ops, extras


@dataclass(frozen=True)
class Drawn:
    """A page drawn on another canvas (another process) seeded alike: its deflated content
    stream, its extra resources and the raster pictures it placed (see ``page_pictures``)."""

    width: float
    height: float
    content: bytes
    extras: bytes
    pictures: tuple[tuple[str, Any], ...] = ()


def deflate(ops: list[str]) -> bytes:
    """A page's operators as ReportLab encodes them, deflated fast: at level 1 with a 4 KB
    window. A record's page is a few KB of operators, most of them a QR code's rectangles;
    zlib's default (level 6, a 32 KB window) spent longer setting up its tables and searching
    for matches than the rest of the page's writing, for some 200 bytes less a file."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 12, 5)
    return packer.compress(("\n".join(ops) + "\n").encode("utf8")) + packer.flush()


def page_pictures(canvas: Any) -> tuple[tuple[str, Any], ...]:
    """The raster pictures the page last drawn on a canvas placed: (resource name, the
    ``typeset.images.Embedded`` bytes), for ``picture_resources`` to write."""
    return tuple(getattr(canvas, "_page_pictures", {}).items())


def picture_resources(
    w: Writer, placed: Iterable[tuple[str, Any]], written: dict[str, int]
) -> bytes:
    """Write the image XObjects (and soft masks) of the pictures a page placed, each once a
    file (``written`` keeps their object numbers); the page's /XObject entries for them."""
    entries = []
    for name, emb in placed:
        n = written.get(name)
        if n is None:
            n = written[name] = _image(w, emb)
        entries.append(b"/%s %d 0 R" % (name.encode(), n))
    return b"".join(b" " + e for e in entries)


def _image(w: Writer, emb: Any) -> int:
    """An image XObject of ``typeset.images.Embedded`` bytes, as ReportLab would write it."""
    head = b"/Type /XObject /Subtype /Image /Width %d /Height %d" % emb.size
    extra = b""
    if emb.decode:
        extra += b" /Decode %s" % _array(emb.decode)
    if emb.mask is not None:
        mask = w.stream(
            w.reserve(),
            head + b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode]",
            emb.mask,
        )
        extra += b" /SMask %d 0 R" % mask
    if emb.stencil is not None:  # PDF/X-1a over another picture (typeset.images.embed)
        stencil = w.stream(
            w.reserve(),
            head + b" /ImageMask true /BitsPerComponent 1 /Filter [/FlateDecode]",
            emb.stencil,
        )
        extra += b" /Mask %d 0 R" % stencil
    return w.stream(
        w.reserve(),
        head
        + b" /ColorSpace /%s /BitsPerComponent 8 /Filter [/%s]%s"
        % (emb.space.encode(), emb.filter.encode(), extra),
        emb.data,
    )


def write_book(
    out: BinaryIO,
    segments: Segments,
    pages: Iterator[Any],
    options: PressOptions,
    palette: Palette,
    title: str,
    subject: str,
    lang: str,
    seed: FontSeed | None = None,
) -> int:
    """Write pages (``LaidPage``s whose steps may invoke the segments, or pages ``Drawn``
    elsewhere on a canvas of the same ``seed``) to ``out`` as they come: one canvas for the
    whole book, so each font is embedded once, at the end; memory holds only the fonts'
    glyph lists and the objects' offsets. Returns the number of pages."""
    w = Writer(out, segments.header)
    w.copy(segments)
    pages_ref, fonts_ref = w.reserve(), w.reserve()
    kids = array("q")
    margin, bleed = margin_of(options), options.bleed_mm * MM
    ctx = DrawContext(bleed, palette)
    forms = form_resources(segments)
    pictures: dict[str, int] = {}  # a picture on several pages is written once
    canvas = None
    with pdf_settings():
        for page in pages:
            media = (page.width + 2 * margin, page.height + 2 * margin)
            if canvas is None:
                canvas = seeded_canvas(media, options, title, subject, lang, seed)
            if isinstance(page, Drawn):
                data, extras, placed = page.content, page.extras, page.pictures
            else:
                ops, extras = page_code(canvas, page.steps, margin, ctx)
                data, placed = deflate(ops), page_pictures(canvas)
            contents = w.stream(w.reserve(), b"/Filter [/FlateDecode]", data)
            placed_refs = picture_resources(w, placed, pictures)
            n = w.reserve()
            kids.append(n)
            resources = b"/Font %d 0 R %s /XObject << %s%s >> %s" % (
                fonts_ref,
                PROCSET,
                forms,
                placed_refs,
                extras,
            )
            page_object(w, n, pages_ref, media, margin, bleed, contents, resources, page)
        fonts = write_fonts(w, canvas._doc) if canvas is not None else b""
    w.obj(fonts_ref, b"<< %s >>" % fonts)
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    w.obj(pages_ref, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), refs))
    w.finish(catalog(w, pages_ref, lang), segments.info)
    return len(kids)
