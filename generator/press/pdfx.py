"""Give a CMYK PDF written by ReportLab the structure of PDF/X-1a:2003 or PDF/X-4, with pikepdf.

This adds what the standard asks of the file's structure: the Info keys (GTS_PDFXVersion,
for X-1a also GTS_PDFXConformance; Title, Trapped, the two dates), a GTS_PDFX OutputIntent,
an XMP packet that says the same as Info (title, author, subject, keywords, dates, the PDF/X
identification), the PDF version the level is built on and a file ID. It changes no colour
and no content: a file with RGB, transparency (X-1a) or unembedded fonts stays wrong, and
``check_pdf(profile="pdfx")`` says so. The output is byte-for-byte the same for the same input.

Identification as ISO 15930-4 and -7 have it (and Acrobat's preflight checks it):
X-1a: ``GTS_PDFXVersion (PDF/X-1:2003)`` + ``GTS_PDFXConformance (PDF/X-1a:2003)``;
X-4: ``GTS_PDFXVersion (PDF/X-4)`` and ``pdfxid:GTS_PDFXVersion`` in XMP, with the
xmpMM DocumentID, VersionID and RenditionClass that X-4 requires.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import PressError

if TYPE_CHECKING:  # imported where used: checking options (pdfx_level) needs no pikepdf
    import pikepdf


@dataclass(frozen=True)
class Level:
    """One PDF/X level: its identification keys and the PDF version it is built on."""

    name: str  # the command line's word: x1a, x4
    version: str  # GTS_PDFXVersion
    conformance: str | None  # GTS_PDFXConformance (X-1a only)
    pdf_version: str
    max_icc: int  # the newest ICC major version the PDF version reads
    transparency: bool  # live transparency and ICC-tagged RGB allowed


LEVELS = {
    "x1a": Level("x1a", "PDF/X-1:2003", "PDF/X-1a:2003", "1.4", 2, False),
    "x4": Level("x4", "PDF/X-4", None, "1.6", 4, True),
}
PDFX_VERSION = LEVELS["x1a"].conformance  # the common name, kept for callers
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


def pdfx_level(value: bool | str | None) -> Level | None:
    """The PDF/X level a caller asks for: ``True`` or "x1a" is X-1a, "x4" X-4, falsy none."""
    if not value:
        return None
    key = "x1a" if value is True else str(value).lower().replace("-", "").replace("pdf/", "")
    key = {"x1a2003": "x1a", "x1": "x1a"}.get(key, key)
    if key not in LEVELS:
        from generator.errors import UsageError

        raise UsageError(f"unknown PDF/X level {value!r}; use x1a or x4")
    return LEVELS[key]


def to_pdfx(
    pdf: bytes,
    *,
    title: str,
    level: str | bool = "x1a",
    icc_profile: Path | None = None,
    condition: str = "FOGRA39",
    condition_info: str | None = None,
    trapped: bool = False,
    name: str | None = None,
) -> bytes:
    """Return ``pdf`` restructured as PDF/X (``level`` x1a or x4; see the module notes).

    ``condition`` is the OutputConditionIdentifier, ideally a name in the ICC registry
    (FOGRA39, ...). With ``icc_profile`` (a CMYK output profile) the profile is embedded as
    the DestOutputProfile; without it the registered name alone stands for the condition,
    which PDF/X allows for registered characterisations. ``condition_info`` is the
    human-readable /Info of the OutputIntent (defaults to the registry's text, if known).
    Raises PressError when a page has no TrimBox or the profile is not usable.
    """
    where = name or "<pdf>"
    lvl = pdfx_level(level) or LEVELS["x1a"]
    if not title.strip():
        raise PressError("PDF/X needs a document title", where=where)
    icc = _read_profile(icc_profile, lvl) if icc_profile is not None else None
    if icc is None and lvl.transparency:
        # only X-1a (and X-3) may name a registered condition without embedding its profile
        raise PressError(f"{lvl.version} needs an embedded output profile", where=where)
    if icc is None and condition not in CONDITIONS:
        raise PressError(
            f"output condition {condition!r} is not a registered characterisation known here; "
            "give its ICC profile",
            where=where,
        )
    import pikepdf

    try:
        doc = pikepdf.Pdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as error:
        raise PressError(f"not a readable PDF ({error})", where=where) from error
    with doc:
        if doc.is_encrypted:
            raise PressError("PDF/X forbids encryption", where=where)
        _check_boxes(doc, where)
        _drop_annotations(doc)
        info = doc.trailer.get("/Info")
        info = doc.make_indirect(pikepdf.Dictionary()) if info is None else info
        doc.trailer.Info = info
        info.Title = pikepdf.String(title)
        info.GTS_PDFXVersion = pikepdf.String(lvl.version)
        if lvl.conformance:
            info.GTS_PDFXConformance = pikepdf.String(lvl.conformance)
        elif "/GTS_PDFXConformance" in info:
            del info.GTS_PDFXConformance
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
        write_xmp(doc, lvl, digest=hashlib.sha256(pdf).hexdigest())

        buf = io.BytesIO()
        doc.save(
            buf,
            force_version=lvl.pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,  # object streams need 1.5
            deterministic_id=True,
            fix_metadata_version=False,
        )
    return buf.getvalue()


def _drop_annotations(doc: pikepdf.Pdf) -> None:
    """PDF/X allows no annotation on the printed area but trap networks and printer's marks
    (ISO 15930: the links over web addresses would print over the page): others go."""
    import pikepdf

    keep = {"/TrapNet", "/PrinterMark"}
    for page in doc.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if a.get("/Subtype") in keep]
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        else:
            del page.obj.Annots


def check_profile(path: Path, level: Level) -> None:
    """Raise PressError unless ``path`` is a CMYK output profile the level can embed."""
    _read_profile(path, level)


def _read_profile(path: Path, level: Level) -> bytes:
    """The bytes of a CMYK output ICC profile the level's PDF version understands."""
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
    if data[8] > level.max_icc:
        raise PressError(
            f"ICC version {data[8]}: {level.conformance or level.version} needs a version "
            f"{level.max_icc} profile",
            where=str(path),
        )
    return data


def _check_boxes(doc: pikepdf.Pdf, where: str) -> None:
    """Every page needs a TrimBox that lies inside its MediaBox."""
    from generator.press._scan import box

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


def write_xmp(doc: pikepdf.Pdf, level: Level | None, digest: str = "") -> None:
    """An XMP packet saying what Info says (no pikepdf mark, so no MetadataDate time stamp).

    ``level`` adds the PDF/X identification; ``digest`` (of the source) makes the X-4
    DocumentID, so the same input gets the same identifier.
    """
    import pikepdf
    from pikepdf.models.metadata import decode_pdf_date

    info = doc.trailer.get("/Info") or pikepdf.Dictionary()
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, xmp in (
            ("/Title", "dc:title"),
            ("/Subject", "dc:description"),
            ("/Keywords", "pdf:Keywords"),
            ("/Producer", "pdf:Producer"),
            ("/Creator", "xmp:CreatorTool"),
        ):
            if str(info.get(key, "")):
                meta[xmp] = str(info[key])
        if str(info.get("/Author", "")):
            meta["dc:creator"] = [str(info.Author)]
        if str(info.get("/Keywords", "")):
            meta["dc:subject"] = {k.strip() for k in str(info.Keywords).split(",") if k.strip()}
        if "/Trapped" in info:
            meta["pdf:Trapped"] = str(info.Trapped)[1:]
        for key, xmp in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            try:
                meta[xmp] = decode_pdf_date(str(info[key])).isoformat()
            except (KeyError, ValueError):
                pass  # an unreadable date stays in Info only
        if level is None:
            return
        if level.conformance:
            meta["pdfx:GTS_PDFXVersion"] = level.version
            meta["pdfx:GTS_PDFXConformance"] = level.conformance
        else:
            meta["pdfxid:GTS_PDFXVersion"] = level.version
            uuid = _uuid(digest or level.version)
            meta["xmpMM:DocumentID"] = f"uuid:{uuid}"
            meta["xmpMM:InstanceID"] = f"uuid:{uuid}"
            meta["xmpMM:VersionID"] = "1"
            meta["xmpMM:RenditionClass"] = "default"


def _uuid(digest: str) -> str:
    h = hashlib.sha256(digest.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"
