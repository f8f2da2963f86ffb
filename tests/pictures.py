"""Helpers for picture tests: photographs and logos made with Pillow, an event that shows
them, and where each XObject landed on a page (read back with pikepdf)."""

from __future__ import annotations

import io
import re
import struct
from itertools import product
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from generator.api import load_event
from generator.resources import default_event_dir

MM = 72 / 25.4
QUADRANTS = ((220, 30, 30), (30, 160, 60), (30, 60, 200), (240, 200, 20))  # TL, TR, BL, BR


def quadrant_photo(path: Path, size: tuple[int, int], orientation: int = 1, **save) -> Path:
    """A photo whose upright quarters are red, green, blue and yellow (top-left first),
    stored turned as a camera stores it when ``orientation`` (EXIF) says so."""
    w, h = size
    im = Image.new("RGB", size)
    d = ImageDraw.Draw(im)
    for i, colour in enumerate(QUADRANTS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        d.rectangle([x, y, x + w // 2, y + h // 2], fill=colour)
    turn = {
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
        3: Image.Transpose.ROTATE_180,
    }
    if orientation in turn:
        im = im.transpose(turn[orientation])  # what the camera stored
    exif = Image.Exif()
    exif[0x0112] = orientation
    fmt = save.pop("format", None)
    im.save(path, format=fmt, exif=exif, **({"quality": 90} | save))
    return path


def logo_png(path: Path, size: tuple[int, int], colour: tuple, pad: int = 0) -> Path:
    """A logo on a transparent background: a filled rounded rectangle, ``pad`` px of
    transparent margin around it (so its visual bounds differ from its canvas)."""
    w, h = size
    im = Image.new("RGBA", (w + 2 * pad, h + 2 * pad), (0, 0, 0, 0))
    ImageDraw.Draw(im).rounded_rectangle(
        [pad, pad, pad + w - 1, pad + h - 1], radius=min(w, h) // 6, fill=(*colour, 255)
    )
    im.save(path)
    return path


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _lut8(inputs: int, outputs: int, corners: list[tuple[int, ...]]) -> bytes:
    """An ICC lut8Type: identity curves around a two-point grid with ``corners`` as outputs."""
    ident = bytes(range(256))
    matrix = b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    grid = b"".join(bytes(c) for c in corners)
    head = b"mft1\0\0\0\0" + bytes([inputs, outputs, 2, 0]) + matrix
    return head + ident * inputs + grid + ident * outputs


def k_only_profile(path: Path) -> Path:
    """A real CMYK output profile (ICC 2.1, printer class, Lab PCS) that LittleCMS can use and
    that prints every colour on the K plate alone, by its lightness: unlike the built-in
    conversion, so a test can tell which one made a picture. (Pillow's ImageCms.createProfile
    makes only sRGB, Lab and XYZ profiles.)"""
    text = b"K only test press\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0" * 70
    wtpt = b"XYZ \0\0\0\0" + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    cprt = b"text\0\0\0\0No copyright, a test profile\0"
    # CMYK -> Lab: lightness from K alone; Lab -> CMYK: K from lightness, no C, M or Y.
    a2b = _lut8(4, 3, [(255 - k, 128, 128) for *_, k in product((0, 255), repeat=4)])
    b2a = _lut8(3, 4, [(0, 0, 0, 255 - lab[0]) for lab in product((0, 255), repeat=3)])
    tags = [(b"desc", desc), (b"wtpt", wtpt), (b"cprt", cprt), (b"A2B0", a2b), (b"B2A0", b2a)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += struct.pack(">4sII", sig, offset + len(data), len(body))
        data += body
    d50 = _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    header = struct.pack(
        ">I4sI4s4s4s12x4s24xI12s48x", offset + len(data), b"none", 0x02100000, b"prtr", b"CMYK",
        b"Lab ", b"acsp", 0, d50,
    )  # fmt: skip
    path.write_bytes(header + struct.pack(">I", len(tags)) + table + data)
    return path


def event_with(folder: Path, **pictures: str | list[str]):
    """The default event's article and facts, with pictures in [event] (paths relative to
    ``folder``, where the facts file is written)."""
    base = default_event_dir()
    facts = (base / "facts.toml").read_text(encoding="utf-8")
    body = facts[facts.index("[[facts]]") :]
    lines = ["[event]", "year = 2026"]
    for key, value in pictures.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    (folder / "facts.toml").write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    (folder / "article.kk.txt").write_text(
        (base / "article.kk.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return load_event(folder / "article.kk.txt", folder / "facts.toml")


def _mul(a: tuple, b: tuple) -> tuple:
    """Matrix product a·b of PDF matrices [a b c d e f]."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def placements(pdf: bytes, page: int = 0) -> list[tuple[str, str, tuple[float, ...]]]:
    """(XObject name, Image or Form, (x, y, w, h) in mm from the trim's top-left) for each
    XObject painted on a page's own content stream."""
    doc = pikepdf.open(io.BytesIO(pdf))
    pg = doc.pages[page]
    tx0, _, _, ty1 = (float(v) for v in pg.obj.TrimBox)
    ctm: tuple = (1, 0, 0, 1, 0, 0)
    stack: list[tuple] = []
    out = []
    for operands, op in pikepdf.parse_content_stream(pg):
        op = str(op)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == "Do":
            name = str(operands[0])
            x = pg.Resources.XObject[name]
            if x.Subtype == "/Image":
                box = (0.0, 0.0, 1.0, 1.0)
                m = ctm
            else:
                box = tuple(float(v) for v in x.BBox)
                m = _mul(tuple(float(v) for v in x.get("/Matrix", [1, 0, 0, 1, 0, 0])), ctm)
            xs = [box[0] * m[0] + yv * m[2] + m[4] for yv in (box[1], box[3])]
            xs += [box[2] * m[0] + yv * m[2] + m[4] for yv in (box[1], box[3])]
            ys = [xv * m[1] + box[1] * m[3] + m[5] for xv in (box[0], box[2])]
            ys += [xv * m[1] + box[3] * m[3] + m[5] for xv in (box[0], box[2])]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            rect = ((x0 - tx0) / MM, (ty1 - y1) / MM, (x1 - x0) / MM, (y1 - y0) / MM)
            out.append((name[1:], str(x.Subtype)[1:], tuple(round(v, 2) for v in rect)))
    return out


def named(items: list, pattern: str) -> list:
    return [i for i in items if re.search(pattern, i[0])]


def render(pdf: bytes, page: int = 0, scale: float = 1.0) -> tuple[Image.Image, float, float]:
    """The page as a picture, and the trim's top-left in its pixels (to find boxes in mm)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    im = doc[page].render(scale=scale).to_pil().convert("RGB")
    pk = pikepdf.open(io.BytesIO(pdf))
    media = [float(v) for v in pk.pages[page].MediaBox]
    trim = [float(v) for v in pk.pages[page].TrimBox]
    return im, (trim[0] - media[0]) * scale, (media[3] - trim[3]) * scale


def pixel(view: tuple, x_mm: float, y_mm: float, scale: float = 1.0) -> tuple[int, int, int]:
    """The rendered colour at a point given in mm from the trim's top-left."""
    im, ox, oy = view
    return im.getpixel((round(ox + x_mm * MM * scale), round(oy + y_mm * MM * scale)))


def near(colour: tuple, target: tuple, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True))
