"""Pictures: open, crop, downsample and colour-convert what image boxes place.

Raster pictures (JPEG, PNG, WebP, TIFF, GIF; HEIC/HEIF through pillow-heif) go through Pillow:
EXIF orientation applied, cropped to what the box shows, downsampled to at most 300 dpi at the
placed size, converted for the output's colour mode and, for PDF/X-1a, flattened against the
colour under the box. A JPEG that needs none of that is embedded byte for byte; a larger one is
decoded by libjpeg at 1/2, 1/4 or 1/8 of its size where that suffices (see ``DCT_FLOOR``), the
cheap part of a photo a badge, a thousand badges a batch. SVG stays
vector (svglib, see ``vectors.py``); a PDF's first page is placed as a form by the press stage.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError

MAX_DPI = 300.0  # pictures are downsampled to this at their placed size
VECTOR_SUFFIXES = {".svg": "svg", ".svgz": "svg", ".pdf": "pdf"}
TOTAL_INK = 300  # percent: the most ink a CMYK pixel may carry
# A JPEG that libjpeg can decode at 1/2, 1/4 or 1/8 scale to between this share of MAX_DPI
# and MAX_DPI (270–300 dpi, above the 250 dpi under which print warns) is embedded at that
# resolution without resampling: decoding at a reduced scale and resampling cost far more.
DCT_FLOOR = 0.9


@dataclass(frozen=True)
class PictureOptions:
    """How pictures are made for one document: colour mode, PDF/X-1a flattening, the user's
    CMYK ICC profile, and the folder a record's picture paths are relative to."""

    color: str = "rgb"
    flatten: bool = False  # no soft masks: transparency flattened against the box's background
    icc: str | None = None  # a CMYK output profile (.icc) for the RGB → CMYK conversion
    images: str | None = None  # record pictures must lie inside this folder
    bleed_mm: float = 3.0  # the bleed a full-bleed picture runs into (for its resolution)


@dataclass(frozen=True)
class Source:
    """A picture file: its kind and its size (pixels, upright) or, for vectors, points."""

    path: Path
    kind: str  # raster, svg, pdf
    size: tuple[float, float]
    stamp: tuple[int, int]  # (mtime_ns, bytes): a changed file is opened again
    format: str = ""  # Pillow's format name for rasters (JPEG, PNG, ...)
    orientation: int = 1  # EXIF orientation of a raster


@dataclass(frozen=True)
class Embedded:
    """The bytes of an image XObject: ready to be written as they are."""

    data: bytes
    filter: str  # DCTDecode or FlateDecode
    size: tuple[int, int]
    space: str  # DeviceRGB, DeviceCMYK, DeviceGray
    mask: bytes | None = None  # Flate-compressed 8-bit soft mask, same size
    decode: tuple[int, ...] | None = None
    # PDF/X-1a over another picture: a Flate-compressed 1-bit stencil (/Mask, /ImageMask;
    # a PDF 1.3 explicit mask, not transparency), 1 where the picture is not painted.
    stencil: bytes | None = None


@cache
def _heif() -> None:
    """Register the HEIC/HEIF opener once (phone photos); Pillow alone cannot read them."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - a dependency; without it HEIC is "cannot read"
        return
    register_heif_opener()


@cache
def preload() -> None:
    """Load Pillow and its readers now: called where a record's picture is laid out, which a
    batch does first in its parent process, so forked workers start with them (about 70 ms a
    process otherwise)."""
    from PIL import Image

    _heif()
    Image.preinit()


def _stamp(path: Path, where: str) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        raise InputError(f"picture not found: {path}", where=where) from None
    if not path.is_file():
        raise InputError(f"picture is not a file: {path}", where=where)
    return st.st_mtime_ns, st.st_size


def open_picture(path: Path, where: str) -> Source:
    """Identify a picture file (cheap: headers only); an unreadable one is an InputError."""
    path = Path(path)
    return _open(path, _stamp(path, where), where)


@lru_cache(maxsize=256)
def _open(path: Path, stamp: tuple[int, int], where: str) -> Source:
    kind = VECTOR_SUFFIXES.get(path.suffix.lower())
    if kind == "svg":
        from .vectors import svg_facts

        width, height, _ = svg_facts(path, stamp, where)
        return Source(path, "svg", (width, height), stamp)
    if kind == "pdf":
        from .vectors import pdf_page_size

        return Source(path, "pdf", pdf_page_size(path, where), stamp)
    from PIL import Image, UnidentifiedImageError

    _heif()
    try:
        with Image.open(path) as im:
            w, h = im.size
            orientation = int(im.getexif().get(0x0112, 1) or 1)
            fmt = im.format or ""
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as e:
        reason = "not a picture Pillow can read" if isinstance(e, UnidentifiedImageError) else e
        raise InputError(f"cannot read picture {path.name}: {reason}", where=where) from None
    if orientation in (5, 6, 7, 8):  # turned a quarter: width and height swap
        w, h = h, w
    return Source(path, "raster", (float(w), float(h)), stamp, fmt, orientation)


def shows_nothing(path: Path) -> bool:
    """A raster picture whose every pixel is wholly transparent (alpha 0): it would print as
    nothing. Only a picture with transparency is decoded; one that cannot be read is left to
    :func:`open_picture` and the layout."""
    try:
        st = path.stat()
    except OSError:
        return False
    return _transparent(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=256)
def _transparent(path: str, size: int, mtime: int) -> bool:
    if Path(path).suffix.lower() in VECTOR_SUFFIXES:
        return False
    from PIL import Image

    _heif()
    try:
        with Image.open(path) as im:
            if im.mode not in ("RGBA", "LA", "PA") and "transparency" not in im.info:
                return False
            im = _normal_mode(im)
            im = im if "A" in im.getbands() else im.convert("RGBA")  # (a tRNS colour)
            return im.getchannel("A").getextrema()[1] == 0
    except (OSError, ValueError, Image.DecompressionBombError):  # (said where it is read)
        return False


def check_decodes(path: Path, where: str) -> None:
    """A raster picture whose headers read but whose pixels do not (a cut-off JPEG) is an
    InputError naming it and ``where``, before a page that draws it is made; one that is
    missing or cannot be opened is left to :func:`open_picture` (the layout names it)."""
    try:
        st = path.stat()
    except OSError:
        return
    error = _decode_error(str(path), st.st_size, st.st_mtime_ns)
    if error:
        raise InputError(f"cannot read picture {path.name}: {error}", where=where)


# How a whole file of these formats ends (a JPEG's EOI marker, a PNG's IEND chunk): one that
# does is not cut off, and is not decoded twice (decoding costs as much as the page's own).
_ENDS = (b"\xff\xd9", b"IEND\xaeB`\x82")


@lru_cache(maxsize=256)
def _decode_error(path: str, size: int, mtime: int) -> str:
    """Why a raster picture's pixels do not decode ("" when they do, or when it is no raster
    Pillow opens). A JPEG or PNG that ends as a whole one does is taken as read; any other
    (cut off, or with bytes after its end) is decoded, a JPEG at an eighth of its size."""
    from PIL import Image

    try:
        with open(path, "rb") as f:
            f.seek(max(0, size - 64))
            if f.read().rstrip(b"\0\r\n ").endswith(_ENDS):
                return ""
    except OSError:  # a folder, a file it may not read: said by the layout, as below
        return ""
    errors = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)
    try:
        im = Image.open(path)
    except errors:  # said by the layout, which opens it as the document does
        return ""
    try:
        with im:
            if im.format == "JPEG":
                im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
    except errors as e:
        return str(e)
    return ""


Crop = tuple[int, int, int, int]  # left, top, right, bottom in upright pixels


def target_size(crop: Crop, placed_pt: tuple[float, float]) -> tuple[tuple[int, int], float]:
    """(pixel size to embed, effective dpi of the source) for a crop placed at a size in points:
    downsampled to at most MAX_DPI, never up."""
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    dpi = min(cw * 72 / placed_pt[0], ch * 72 / placed_pt[1])
    if dpi <= MAX_DPI:
        return (cw, ch), dpi
    f = MAX_DPI / dpi
    return (max(1, int(cw * f)), max(1, int(ch * f))), dpi


def embed(
    src: Source,
    crop: Crop,
    size: tuple[int, int],
    options: PictureOptions,
    under: Any,
    where: str = "",
) -> Embedded:
    """The image XObject for a crop of a raster at a pixel size, for the document's options;
    ``under`` is the colour under the box ((r, g, b) and (c, m, y, k) in 0..1) for flattening,
    or None when another picture lies under it: no flat colour can stand in for that, so
    PDF/X-1a gets a hard-edged stencil of the transparency instead (``Embedded.stencil``).
    A picture whose headers read but whose pixels do not (a truncated JPEG) is an InputError
    naming it and ``where`` (the box), as one that cannot be opened is."""
    from PIL import Image

    try:
        return _embed(src, crop, size, options.color, options.flatten, options.icc, under)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        raise InputError(f"cannot read picture {src.path.name}: {e}", where=where) from None


@lru_cache(maxsize=48)  # a logo on every document of a batch is made once per process
def _embed(
    src: Source,
    crop: Crop,
    size: tuple[int, int],
    color: str,
    flatten: bool,
    icc: str | None,
    under: Any,
) -> Embedded:
    from PIL import Image, ImageOps

    full = (int(src.size[0]), int(src.size[1]))
    whole = crop == (0, 0, *full) and size == full
    if whole and src.format == "JPEG" and src.orientation == 1:
        raw = src.path.read_bytes()
        passed = _jpeg_as_is(raw, color)
        if passed:
            return passed
    _heif()
    with Image.open(src.path) as im:
        scale = 1.0
        if im.format == "JPEG":
            scale = _draft(im, src, crop, size)
        icc_in = im.info.get("icc_profile")
        if src.orientation != 1:  # (exif_transpose copies even an upright picture)
            im = ImageOps.exif_transpose(im)
        im = _normal_mode(im)
        box = tuple(v * scale for v in crop)
        shown = (box[2] - box[0], box[3] - box[1])
        if scale < 1 and _close_under(shown, size):
            # libjpeg's reduction already lands just under the resolution: kept as it is.
            size = (max(1, round(shown[0])), max(1, round(shown[1])))
        whole_box = box == (0, 0, *im.size)
        if whole_box and im.size == size:
            im = im.copy()  # the file's own image is freed when it is closed
        elif scale < 1 and box == tuple(map(round, box)) and size == tuple(map(round, shown)):
            im = im.crop(tuple(map(round, box)))  # only cropped: no resampling
        else:
            # reducing_gap: a cheap box reduction first, Lanczos for the last factor of two.
            im = im.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
    alpha = None
    if im.mode in ("RGBA", "LA"):
        alpha = im.getchannel("A")
        im = im.convert(im.mode[:-1])
        if alpha.getextrema() == (255, 255):
            alpha = None  # an alpha channel that hides nothing
    if im.mode == "RGB" and icc_in:
        im = _to_srgb(im, icc_in)
    if im.mode == "RGB" and _is_grey(im):
        im = im.convert("L")  # a grey picture stays grey: one plate (K) in print
    if color == "cmyk" and im.mode in ("RGB", "CMYK"):
        im = to_print_cmyk(im, icc)
    elif color == "rgb" and im.mode == "CMYK":
        im = im.convert("RGB")
    stencil = None
    if alpha is not None and flatten and under is None:
        stencil, alpha = _stencil(alpha), None
    elif alpha is not None and flatten:
        im, alpha = _flatten(im, alpha, color, under), None
    photo = src.format in ("JPEG", "MPO", "HEIF", "AVIF") or (
        src.format == "WEBP" and alpha is None
    )
    emb = _encode(im, alpha, photo)
    return replace(emb, stencil=stencil) if stencil is not None else emb


def _stencil(alpha: Any) -> bytes:
    """The picture's transparency as a PDF stencil mask: one bit a pixel, rows padded to a
    byte, 1 (not painted) where the picture is less than half opaque."""
    bits = alpha.point(lambda a: 0 if a >= 128 else 255).convert("1", dither=0)
    return zlib.compress(bits.tobytes(), 6)  # Pillow's mode 1: 1 = white = not painted


def _draft(im: Any, src: Source, crop: Crop, size: tuple[int, int]) -> float:
    """Let libjpeg decode a JPEG at 1/2, 1/4 or 1/8 of its size (DCT scaling, much cheaper
    than decoding it whole and resampling) when that still gives the pixels ``size`` needs, or
    nearly (see ``_close_under``); returns the scale decoded at."""
    fx, fy = size[0] / (crop[2] - crop[0]), size[1] / (crop[3] - crop[1])
    need = (src.size[0] * fx * DCT_FLOOR, src.size[1] * fy * DCT_FLOOR)
    if src.orientation in (5, 6, 7, 8):
        need = need[::-1]  # the file's pixels are stored turned
    w, h = im.size
    for s in (8, 4, 2):
        if w / s >= need[0] and h / s >= need[1]:
            im.draft(im.mode, (w // s, h // s))  # (Pillow picks s for this request)
            return 1 / s if im.size == (-(-w // s), -(-h // s)) else im.size[0] / w
    return 1.0


def _close_under(shown: tuple[float, float], size: tuple[int, int]) -> bool:
    """Whether pixels decoded at a reduced scale can be embedded as they are: no more than
    ``size`` (at most MAX_DPI) and no less than DCT_FLOOR of it."""
    return all(DCT_FLOOR * t <= v <= t for v, t in zip(shown, size, strict=True))


def _jpeg_as_is(raw: bytes, color: str) -> Embedded | None:
    """A JPEG embedded untouched when the document can show it as it is."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as im:
        mode, size, icc = im.mode, im.size, im.info.get("icc_profile")
    if mode == "L" or (mode == "RGB" and color == "rgb" and (not icc or _is_srgb(icc))):
        space = "DeviceGray" if mode == "L" else "DeviceRGB"
        return Embedded(raw, "DCTDecode", size, space)
    return None


def _normal_mode(im: Any) -> Any:
    """RGB, RGBA, L, LA or CMYK; palette transparency becomes an alpha channel."""
    if im.mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return im
    if im.mode == "P" and "transparency" in im.info or im.mode == "PA":
        return im.convert("RGBA")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        return im.point(lambda v: v / 257).convert("L")
    if im.mode == "1":
        return im.convert("L")
    return im.convert("RGBA" if "A" in im.getbands() else "RGB")


def _is_srgb(icc: bytes) -> bool:
    return b"sRGB" in icc[:2048] or b"s\x00R\x00G\x00B" in icc[:2048]


def _to_srgb(im: Any, icc: bytes) -> Any:
    """A picture tagged with another RGB profile (Display P3, Adobe RGB) as sRGB."""
    if _is_srgb(icc):
        return im
    from PIL import ImageCms

    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im  # a broken tag: the pixels as they are


def _is_grey(im: Any) -> bool:
    w, h = im.size
    for i in range(1, 16):  # a few pixels in colour say so at once (a photo)
        r, g, b = im.getpixel((w * i // 16, h * (i * 7 % 16) // 16))
        if not r == g == b:
            return False
    from PIL import ImageChops

    r, g, b = im.split()
    return ImageChops.difference(r, g).getbbox() is None and (
        ImageChops.difference(g, b).getbbox() is None
    )


def to_print_cmyk(im: Any, icc: str | Path | None = None) -> Any:
    """An RGB (or CMYK) picture as CMYK for print, with total ink at most TOTAL_INK percent.

    With ``icc`` (a CMYK output profile, such as the printer's FOGRA39 or GRACoL file) the
    conversion is LittleCMS's (Pillow's ImageCms: perceptual intent, from sRGB). Without it, a
    built-in conversion: CMY = 1 − RGB, then grey component replacement: K takes 80 % of the
    common part of C, M and Y and the rest is rescaled, C = (C′ − K) / (1 − K), which puts
    neutral shadows mostly on the K plate and shows the same colour under the simple
    (1 − C)(1 − K) model that screen viewers use. It is no substitute
    for the printer's profile, which knows the press's dot gain.
    """
    if im.mode == "RGB":
        if icc:
            im = _icc_cmyk(im, str(icc))
        else:
            im = _builtin_cmyk(im)
    return _limit_ink(im)


@cache
def _icc_transform(icc: str) -> Any:
    from PIL import ImageCms

    try:
        out = ImageCms.getOpenProfile(icc)
    except (ImageCms.PyCMSError, OSError) as e:
        raise InputError(f"cannot read ICC profile: {e}", where=icc) from None
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        out,
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    )


def _icc_cmyk(im: Any, icc: str) -> Any:
    from PIL import ImageCms

    return ImageCms.applyTransform(im, _icc_transform(icc))


def _builtin_cmyk(im: Any) -> Any:
    import numpy as np
    from PIL import Image

    cmy = 1.0 - np.asarray(im, dtype=np.float32) / 255
    k = cmy.min(axis=2) * 0.8  # grey component replacement, 80 %
    rest = (cmy - k[..., None]) / np.maximum(1.0 - k, 1e-6)[..., None]
    out = np.empty((*cmy.shape[:2], 4), dtype=np.float32)
    out[..., :3] = rest
    out[..., 3] = k
    return Image.fromarray(np.rint(np.clip(out, 0, 1) * 255).astype(np.uint8), "CMYK")


def _limit_ink(im: Any) -> Any:
    """Scale C, M and Y down where a pixel's four inks sum to more than TOTAL_INK percent."""
    import numpy as np
    from PIL import Image

    a = np.asarray(im, dtype=np.int32)
    total = a.sum(axis=2)
    limit = TOTAL_INK * 255 // 100
    over = total > limit
    if not over.any():
        return im
    k = a[..., 3]
    cmy = a[..., :3]
    room = np.maximum(limit - k, 0)
    scale = np.where(over, room / np.maximum(cmy.sum(axis=2), 1), 1.0)
    a[..., :3] = np.floor(cmy * scale[..., None])
    return Image.fromarray(a.astype(np.uint8), "CMYK")


def _flatten(im: Any, alpha: Any, color: str, under: Any) -> Any:
    """The picture over the colour under its box, as one opaque picture (PDF/X-1a has no
    soft masks). The colour is the template's own value in the output's mode, so the edge
    where the picture's background meets the panel cannot show."""
    from PIL import Image

    rgb, cmyk = under
    if color == "cmyk":
        mode, value = "CMYK", tuple(round(v * 255) for v in cmyk)
        if im.mode == "L" and value[:3] == (0, 0, 0):
            mode, value = "L", (255 - value[3],)
        else:
            im = _gray_as_cmyk(im) if im.mode == "L" else im
    else:
        mode, value = "RGB", tuple(round(v * 255) for v in rgb)
        if im.mode == "L" and len(set(value)) == 1:
            mode, value = "L", value[:1]
        elif im.mode == "L":
            im = im.convert("RGB")
    return Image.composite(im, Image.new(mode, im.size, value), alpha)


def _gray_as_cmyk(im: Any) -> Any:
    """A grey picture on the K plate alone."""
    from PIL import Image

    zero = Image.new("L", im.size, 0)
    return Image.merge("CMYK", (zero, zero, zero, im.point(lambda v: 255 - v)))


def _encode(im: Any, alpha: Any, photo: bool) -> Embedded:
    space = {"RGB": "DeviceRGB", "CMYK": "DeviceCMYK", "L": "DeviceGray"}[im.mode]
    mask = zlib.compress(alpha.tobytes(), 6) if alpha is not None else None
    if photo:
        buf = io.BytesIO()
        # No Huffman optimisation: a tenth larger, but the second pass costs as much as the
        # rest of the encoding (a photo a badge, a thousand badges).
        im.save(buf, "JPEG", quality=90)
        # Pillow writes CMYK JPEGs inverted (the Adobe convention): Decode turns them back.
        decode = (1, 0, 1, 0, 1, 0, 1, 0) if im.mode == "CMYK" else None
        return Embedded(buf.getvalue(), "DCTDecode", im.size, space, mask, decode)
    return Embedded(zlib.compress(im.tobytes(), 6), "FlateDecode", im.size, space, mask)
