"""What every imposed press sheet shares: the marks layer, and the identity of its source.

The marks (crop, fold, registration, slug line) are drawn by ReportLab with an embedded
font, in registration colour, and placed on each sheet as a form XObject over the pages. A
PDF/X source keeps its identification on the sheets: its Info keys, output intent and an XMP
packet that says the same, so the imposed file is still the PDF/X file the shop was sent.
"""

from __future__ import annotations

import io

import pikepdf

# Info keys a sheet carries over from its source (Producer is the imposer's own).
_IDENTITY = (
    "/Title",
    "/Author",
    "/Subject",
    "/Keywords",
    "/Creator",
    "/Trapped",
    "/CreationDate",
    "/ModDate",
    "/GTS_PDFXVersion",
    "/GTS_PDFXConformance",
)
_Rect = tuple[float, float, float, float]
# Press sheets in mm, portrait; SRA3 is the usual digital-press sheet.
SHEETS: dict[str, tuple[float, float]] = {
    "SRA3": (320, 450),
    "SRA2": (450, 640),
    "A3": (297, 420),
    "A4": (210, 297),
    "B3": (353, 500),
    "B2": (500, 707),
}


def marks_overlay(
    out: pikepdf.Pdf,
    size: tuple[float, float],
    sheets: list[tuple[list[_Rect], list[float], str]],
    bleed: float,
) -> list[pikepdf.Object]:
    """One form of marks per sheet (trims, fold x positions, slug text), ready to place."""
    from reportlab.pdfgen.canvas import Canvas

    from ..typeset.fonts import default_face
    from .inks import install_overprint
    from .marks import all_marks

    install_overprint()
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        initialFontName=default_face(),
        initialFontSize=6,
        enforceColorSpace="cmyk",
    )
    canvas._overprint_k = True  # the black slug line overprints, like all 100 % K type
    for trims, folds, label in sheets:
        all_marks(canvas, trims, bleed, label, "cmyk", folds)
        canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buf.getvalue())) as layer:
        return [out.copy_foreign(page.as_form_xobject()) for page in layer.pages]


def piece_clips(
    boxes: list[_Rect], bleed: float, inner: float
) -> tuple[list[_Rect], list[float], list[float]]:
    """Where each piece on a sheet shows its art (all its bleed on the sheet's outer edges,
    ``inner`` between pieces), and the sheet's TrimBox (the outer bounds of the pieces'
    trims: the sheet is cut along them) and BleedBox (that plus the bleed)."""
    trim = [min(b[0] for b in boxes), min(b[1] for b in boxes)]
    trim += [max(b[2] for b in boxes), max(b[3] for b in boxes)]
    clips = [
        (
            x0 - (bleed if x0 <= trim[0] + 0.01 else inner),
            y0 - (bleed if y0 <= trim[1] + 0.01 else inner),
            x1 + (bleed if x1 >= trim[2] - 0.01 else inner),
            y1 + (bleed if y1 >= trim[3] - 0.01 else inner),
        )
        for x0, y0, x1, y1 in boxes
    ]
    return clips, trim, [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]


def add_sheet(
    out: pikepdf.Pdf,
    size: tuple[float, float],
    bleed_box: list[float],
    trim_box: list[float],
    xobjects: pikepdf.Dictionary,
    ops: list[str],
    marks: pikepdf.Object | None = None,
) -> None:
    """Append one press sheet: its placed forms, the marks form over them, its page boxes."""
    if marks is not None:  # same size as the sheet: no transformation
        xobjects["/Marks"] = marks
        ops.append("q /Marks Do Q")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, round(size[0], 4), round(size[1], 4)]),
        BleedBox=pikepdf.Array([round(v, 4) for v in bleed_box]),
        TrimBox=pikepdf.Array([round(v, 4) for v in trim_box]),
        Resources=pikepdf.Dictionary(XObject=xobjects),
        Contents=out.make_stream("\n".join(ops).encode("ascii")),
    )
    out.pages.append(pikepdf.Page(page))


def finish(src: pikepdf.Pdf, out: pikepdf.Pdf, producer: str) -> bytes:
    """The sheets' bytes, carrying the source's identity; deterministic for the same input."""
    from .pdfx import pdfx_level, write_xmp

    info = src.trailer.get("/Info") or pikepdf.Dictionary()
    kept = pikepdf.Dictionary()
    for key in _IDENTITY:
        if key in info:
            value = info[key]
            is_name = isinstance(value, pikepdf.Name)
            kept[key] = pikepdf.Name(str(value)) if is_name else pikepdf.String(str(value))
    kept.Producer = pikepdf.String(producer)
    out.trailer.Info = out.make_indirect(kept)
    if "/Lang" in src.Root:
        out.Root.Lang = src.Root.Lang
    intents = src.Root.get("/OutputIntents")
    if intents is not None:  # keep the colour promise of a PDF/X source
        # copy_foreign takes only indirect objects; the array is often direct in Root
        out.Root.OutputIntents = out.copy_foreign(src.make_indirect(intents))
    version = str(info.get("/GTS_PDFXVersion", ""))
    level = None
    if version:
        level = pdfx_level("x4" if version.startswith("PDF/X-4") else "x1a")
    if level is not None or "/Metadata" in src.Root:
        write_xmp(out, level, digest=producer + version + str(info.get("/Title", "")))
    buf = io.BytesIO()
    if level is not None:
        out.save(
            buf,
            force_version=level.pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            deterministic_id=True,
            fix_metadata_version=False,
        )
    else:
        out.save(buf, deterministic_id=True, min_version=src.pdf_version)
    return buf.getvalue()
