"""Give a CMYK PDF written by ReportLab the structure of PDF/X-1a:2003, with pikepdf.

This adds what the standard asks of the file's structure: the Info keys (GTS_PDFXVersion,
GTS_PDFXConformance, Title, Trapped, the two dates), a GTS_PDFX OutputIntent, an XMP packet
that says the same, a PDF 1.4 header and a file ID. It changes no colour and no content: a
file with RGB, transparency or unembedded fonts stays wrong, and ``check_pdf(profile="pdfx")``
says so. The output is byte-for-byte the same for the same input.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

from generator.errors import PressError
from generator.press._scan import box

PDFX_VERSION = "PDF/X-1a:2003"
REGISTRY = "http://www.color.org"
# Characterisations in the ICC registry (color.org) that a press may name without a profile,
# and the registry's description where we know it; others fall back to the identifier.
CONDITIONS = {
    "FOGRA39": "Coated FOGRA39 (ISO 12647-2:2004)",
    "FOGRA47": "FOGRA47",
    "FOGRA51": "FOGRA51",
    "FOGRA52": "FOGRA52",
    "CGATS TR 001": "CGATS TR 001",
    "CGATS 21-2-CRPC6": "CGATS 21-2-CRPC6",
}
# ReportLab's own date under rl_config.invariant: the fallback when the input has none.
FIXED_DATE = "D:20000101000000+00'00'"


def to_pdfx(
    pdf: bytes,
    *,
    title: str,
    icc_profile: Path | None = None,
    condition: str = "FOGRA39",
    condition_info: str | None = None,
    trapped: bool = False,
    name: str | None = None,
) -> bytes:
    """Return ``pdf`` restructured as PDF/X-1a:2003 (see the module notes for what changes).

    ``condition`` is the OutputConditionIdentifier, ideally a name in the ICC registry
    (FOGRA39, ...). With ``icc_profile`` (a CMYK output profile, ICC version 2) the profile is
    embedded as the DestOutputProfile; without it the registered name alone stands for the
    condition, which PDF/X-1a allows for registered characterisations. ``condition_info`` is
    the human-readable /Info of the OutputIntent (defaults to the registry's text, if known).
    Raises PressError when a page has no TrimBox or the profile is not usable.
    """
    where = name or "<pdf>"
    if not title.strip():
        raise PressError("PDF/X needs a document title", where=where)
    icc = _read_profile(icc_profile) if icc_profile is not None else None
    if icc is None and condition not in CONDITIONS:
        raise PressError(
            f"output condition {condition!r} is not a registered characterisation known here; "
            "give its ICC profile",
            where=where,
        )
    try:
        doc = pikepdf.Pdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as error:
        raise PressError(f"not a readable PDF ({error})", where=where) from error
    with doc:
        if doc.is_encrypted:
            raise PressError("PDF/X forbids encryption", where=where)
        _check_boxes(doc, where)
        info = doc.trailer.get("/Info")
        info = doc.make_indirect(pikepdf.Dictionary()) if info is None else info
        doc.trailer.Info = info
        info.Title = pikepdf.String(title)
        info.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
        info.GTS_PDFXConformance = pikepdf.String(PDFX_VERSION)
        info.Trapped = pikepdf.Name("/True" if trapped else "/False")
        # PDF/X wants both dates; keep the input's so the output stays invariant
        created = str(info.get("/CreationDate", info.get("/ModDate", FIXED_DATE)))
        info.CreationDate = pikepdf.String(created)
        info.ModDate = pikepdf.String(str(info.get("/ModDate", created)))

        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(condition),
            RegistryName=pikepdf.String(REGISTRY),
            Info=pikepdf.String(condition_info or CONDITIONS.get(condition, condition)),
        )
        if icc is not None:
            profile = doc.make_stream(icc)
            profile.N = 4
            intent.DestOutputProfile = profile
        doc.Root.OutputIntents = pikepdf.Array([doc.make_indirect(intent)])
        _write_xmp(doc, title, trapped, info)

        buf = io.BytesIO()
        doc.save(
            buf,
            force_version="1.4",
            object_stream_mode=pikepdf.ObjectStreamMode.disable,  # object streams need 1.5
            deterministic_id=True,
            fix_metadata_version=False,
        )
    return buf.getvalue()


def _read_profile(path: Path) -> bytes:
    """The bytes of a CMYK output ICC profile of version 2 (what PDF 1.4 understands)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PressError(
            f"cannot read the ICC profile ({error.strerror})", where=str(path)
        ) from error
    if len(data) < 128 or data[36:40] != b"acsp":
        raise PressError("not an ICC profile", where=str(path))
    if data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        raise PressError(
            f"not a CMYK output profile (class {data[12:16].decode('latin1')!r}, "
            f"space {data[16:20].decode('latin1')!r})",
            where=str(path),
        )
    if data[8] > 2:
        raise PressError(
            f"ICC version {data[8]}: PDF/X-1a needs a version 2 profile", where=str(path)
        )
    return data


def _check_boxes(doc: pikepdf.Pdf, where: str) -> None:
    """Every page needs a TrimBox that lies inside its MediaBox."""
    for number, page in enumerate(doc.pages, start=1):
        trim, media = box(page.obj.get("/TrimBox")), box(page.obj.get("/MediaBox"))
        if trim is None:
            raise PressError(f"page {number} has no TrimBox; PDF/X needs one", where=where)
        if media is not None and (
            min(trim[0] - media[0], trim[1] - media[1]) < -0.01
            or max(trim[2] - media[2], trim[3] - media[3]) > 0.01
        ):
            raise PressError(
                f"page {number}: the TrimBox reaches outside the MediaBox", where=where
            )


def _write_xmp(doc: pikepdf.Pdf, title: str, trapped: bool, info: pikepdf.Dictionary) -> None:
    """An XMP packet matching Info; no pikepdf mark, so no MetadataDate time stamp."""
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["pdf:Trapped"] = "True" if trapped else "False"
        meta["pdfx:GTS_PDFXVersion"] = PDFX_VERSION
        meta["pdfx:GTS_PDFXConformance"] = PDFX_VERSION
        for key, xmp in (("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")):
            if key in info:
                meta[xmp] = str(info[key])
        for key, xmp in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            try:
                meta[xmp] = decode_pdf_date(str(info[key])).isoformat()
            except ValueError:
                pass  # an unreadable date stays in Info only
