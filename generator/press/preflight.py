"""Preflight any finished PDF: boxes, fonts, colour, text size, line width, images, PDF/X keys.

``check_pdf`` reads the file with pikepdf, walks every page's content stream (and the form
XObjects, patterns and Type3 resources it reaches) once, and returns a ``PreflightReport``
with the facts and the failures of a profile: ``print`` (default), ``pdfx`` or ``screen``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.press import _pikepdf as pikepdf
from generator.press._scan import (
    MM,
    FontFacts,
    ImageFacts,
    Scanner,
    box,
    clip,
    open_pdf,
    source_name,
)
from generator.press.resolution import GOOD_DPI, MIN_DPI

PROFILES = ("print", "pdfx", "screen")
MIN_BLEED_MM = 2.0
MIN_LINE_PT = 0.2
SMALL_TEXT_PT = 5.0
# Colour spaces PDF/X-1a allows; anything else (RGB, Lab, ICC-based) is a failure there.
X1A_SPACES = {"DeviceCMYK", "DeviceGray", "Separation", "DeviceN", "Pattern"}
RGB_SPACES = {"DeviceRGB", "CalRGB", "ICCBased/RGB"}


@dataclass
class PageFacts:
    """Boxes of one page, in points as [x0, y0, x1, y1], with sizes and bleed in mm."""

    number: int
    media: tuple[float, float, float, float]
    trim: tuple[float, float, float, float] | None
    bleed: tuple[float, float, float, float] | None  # the effective BleedBox
    rotate: int = 0

    @property
    def size_mm(self) -> tuple[float, float]:
        """The MediaBox width and height in mm."""
        return _size_mm(self.media)

    @property
    def trim_mm(self) -> tuple[float, float] | None:
        """The TrimBox width and height in mm, if there is one."""
        return _size_mm(self.trim) if self.trim else None

    @property
    def bleed_mm(self) -> dict[str, float] | None:
        """Bleed on each side (BleedBox beyond TrimBox) in mm, if there is a TrimBox."""
        if not self.trim or not self.bleed:
            return None
        (tx0, ty0, tx1, ty1), (bx0, by0, bx1, by1) = self.trim, self.bleed
        sides = {"left": tx0 - bx0, "right": bx1 - tx1, "bottom": ty0 - by0, "top": by1 - ty1}
        return {side: round(v / MM, 3) for side, v in sides.items()}


@dataclass
class PreflightReport:
    """Facts about a PDF and what the profile found wrong with them."""

    name: str
    profile: str
    color_mode: str | None
    pdf_version: str
    pages: list[PageFacts]
    fonts: list[FontFacts]
    colorspaces: dict[str, list[int]]  # colour space -> pages that paint with it
    images: list[ImageFacts]
    min_text_pt: float | None
    min_text_page: int | None
    min_line_pt: float | None
    min_line_page: int | None
    pdfx: dict[str, str]  # GTS_PDFXVersion, Trapped, OutputIntent ... as found
    transparency: list[str]
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    xmp_mismatch: list[tuple[str, str]] = field(default_factory=list)  # (XMP key, what differs)
    multi_plate_text: list[tuple] = field(default_factory=list)  # (page, pt, C, M, Y, K) < 12 pt
    black_no_overprint: list[int] = field(default_factory=list)  # pages: 100 % K text, no op
    near_black_text: list[int] = field(default_factory=list)  # pages: 90-99 % K text
    missing: list[tuple[int, str]] = field(default_factory=list)  # (page, resource) not there
    notdef: list[tuple[int, str, str]] = field(default_factory=list)  # (page, font, character)

    @property
    def ok(self) -> bool:
        """True when the profile found no failures."""
        return not self.failures

    def format(self) -> str:
        """A readable multi-line report, sizes in mm to 0.1."""
        verdict = "PASS" if self.ok else f"FAIL ({len(self.failures)})"
        lines = [f"{self.name}: {verdict}, profile {self.profile}, PDF {self.pdf_version}"]
        lines.append(f"pages: {len(self.pages)}")
        for p in self.pages:
            trim = "no TrimBox" if not p.trim_mm else f"trim {_wh(p.trim_mm)}"
            bleed = p.bleed_mm
            sides = (
                " bleed " + " ".join(f"{k[0].upper()}{v:.1f}" for k, v in bleed.items())
                if bleed
                else ""
            )
            lines.append(f"  page {p.number}: media {_wh(p.size_mm)} mm, {trim}{sides}")
        lines.append("fonts:")
        for f in self.fonts:
            flags = ("embedded" if f.embedded else "NOT embedded") + (
                ", subset" if f.subset else ""
            )
            use = f"pages {_pages(f.used_on)}" if f.used_on else "unused"
            lines.append(f"  {f.name} ({f.type}): {flags}; {use}")
        spaces = ", ".join(f"{cs} (p. {_pages(pg)})" for cs, pg in sorted(self.colorspaces.items()))
        lines.append(f"colour: {spaces or 'none'}")
        if self.min_text_pt is not None:
            lines.append(f"smallest text: {self.min_text_pt:.2f} pt (page {self.min_text_page})")
        if self.min_line_pt is not None:
            lines.append(f"thinnest line: {self.min_line_pt:.3f} pt (page {self.min_line_page})")
        for im in self.images:
            lines.append(
                f"  image {im.name} p.{im.page}: {im.pixels[0]}x{im.pixels[1]} px at "
                f"{_wh(im.placed_mm)} mm = {im.dpi:.0f} dpi, {im.colorspace}"
            )
        lines.append("PDF/X: " + (", ".join(f"{k} {v}" for k, v in self.pdfx.items()) or "none"))
        if self.transparency:
            lines.append("transparency: " + "; ".join(self.transparency))
        lines += [f"FAIL {m}" for m in self.failures] + [f"warn {m}" for m in self.warnings]
        return "\n".join(lines)


def check_pdf(
    source: Path | bytes,
    *,
    profile: str = "print",
    color_mode: str | None = None,
    name: str | None = None,
) -> PreflightReport:
    """Read a PDF (a path or its bytes) and check it against ``profile``."""
    if profile not in PROFILES:
        raise InputError(f"unknown preflight profile {profile!r}; use one of {', '.join(PROFILES)}")
    if color_mode not in (None, "cmyk", "rgb"):
        raise InputError(f"unknown colour mode {color_mode!r}; use cmyk or rgb")
    name = source_name(source, name)
    with open_pdf(source, name) as pdf:
        if len(pdf.pages) == 0:  # it passed: «PASS, profile print … pages: 0»
            raise InputError("the PDF has no pages", where=name)
        scan = Scanner()
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            scan.scan_page(number, page)
            pages.append(_page_facts(number, page.obj))
        scan.find_notdef(pdf.pages)
        return report_of_scan(
            scan,
            name=name,
            profile=profile,
            color_mode=color_mode,
            pdf_version=pdf.pdf_version,
            pages=pages,
            pdfx=_pdfx_facts(pdf),
            xmp_mismatch=_xmp_mismatch(pdf),
            notdef=list(scan.notdef),
            encrypted=pdf.is_encrypted,
        )


def report_of_scan(
    scan: Scanner,
    *,
    name: str,
    profile: str,
    color_mode: str | None,
    pdf_version: str,
    pages: list[PageFacts],
    pdfx: dict[str, str],
    xmp_mismatch: list[tuple[str, str]],
    notdef: list[tuple[int, str, str]],
    encrypted: bool,
) -> PreflightReport:
    """The report of a scanned document, judged by ``profile``: one place for the file check
    and the build's own check (press/held.py), so both report alike."""
    report = PreflightReport(
        name=name,
        profile=profile,
        color_mode=color_mode,
        pdf_version=pdf_version,
        pages=pages,
        fonts=list(scan.fonts.values()),
        colorspaces={cs: sorted(pg) for cs, pg in scan.spaces.items()},
        images=scan.images,
        min_text_pt=scan.min_text[0],
        min_text_page=scan.min_text[1],
        min_line_pt=scan.min_line[0],
        min_line_page=scan.min_line[1],
        pdfx=pdfx,
        transparency=scan.transparency,
        xmp_mismatch=xmp_mismatch,
        multi_plate_text=list(scan.multi_plate),
        black_no_overprint=sorted(scan.black_no_overprint),
        near_black_text=sorted(scan.near_black),
        missing=[(pg, what) for what, pg in scan.missing.items()],
        notdef=notdef,
    )
    _apply_profile(report, encrypted=encrypted)
    return report


def _page_facts(number: int, obj: pikepdf.Dictionary) -> PageFacts:
    media = box(obj.get("/MediaBox")) or (0.0, 0.0, 612.0, 792.0)  # Letter, PDF's default
    trim = clip(box(obj.get("/TrimBox")), media)
    # a missing BleedBox defaults to the CropBox, and that to the MediaBox
    bleed = clip(box(obj.get("/BleedBox")) or box(obj.get("/CropBox")) or media, media)
    return PageFacts(number, media, trim, bleed, int(obj.get("/Rotate", 0)) % 360)


def _pdfx_facts(pdf: pikepdf.Pdf) -> dict[str, str]:
    info, facts = pdf.trailer.get("/Info"), {}
    keys = ("/GTS_PDFXVersion", "/GTS_PDFXConformance", "/Trapped", "/Title", "/CreationDate")
    for key in (*keys, "/ModDate", "/Author"):
        if info is not None and key in info:
            facts[key[1:]] = str(info[key])
    for intent in pdf.Root.get("/OutputIntents") or []:
        if intent.get("/S") == "/GTS_PDFX":
            ident = str(intent.get("/OutputConditionIdentifier", ""))
            icc = " + ICC" if intent.get("/DestOutputProfile") is not None else ""
            facts["OutputIntent"] = ident + icc
    return facts


_XMP_OF_INFO = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/GTS_PDFXVersion": "pdfx:GTS_PDFXVersion",
    "/GTS_PDFXConformance": "pdfx:GTS_PDFXConformance",
    "/Trapped": "pdf:Trapped",
}


def _xmp_mismatch(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    """Where the XMP packet says something else than Info (PDF/X wants them in step)."""
    info = pdf.trailer.get("/Info")
    if info is None or "/Metadata" not in pdf.Root:
        return []
    try:
        meta = pdf.open_metadata()
    except Exception:  # noqa: BLE001 - unreadable XMP: reported as such
        return [("packet", "not readable")]
    found = []
    for key, xmp in _XMP_OF_INFO.items():
        want = str(info.get(key, "")).lstrip("/") if key in info else ""
        if key == "/GTS_PDFXVersion" and want.startswith("PDF/X-4"):
            xmp = "pdfxid:GTS_PDFXVersion"
        have = meta.get(xmp)
        if isinstance(have, list | set):
            have = ", ".join(sorted(have)) if xmp != "dc:creator" else "; ".join(have)
        have = "" if have is None else str(have)
        if want != have:
            found.append((xmp, f"{have!r} vs {want!r}"))
    return found


def _apply_profile(r: PreflightReport, *, encrypted: bool) -> None:
    """Fill ``failures`` and ``warnings`` from the facts, for the report's profile."""
    fail, warn = r.failures, r.warnings
    for f in r.fonts:
        if f.used_on and not f.embedded:
            more = f" (and {len(f.used_on) - 1} more pages)" if len(f.used_on) > 1 else ""
            fail.append(f"page {f.used_on[0]}: font '{f.name}' is not embedded{more}")
    _notdef_rule(r)
    if r.profile == "screen":
        return
    for p in r.pages:
        if p.trim is None:
            fail.append(f"page {p.number}: no TrimBox")
            continue
        short = {k: v for k, v in (p.bleed_mm or {}).items() if v < MIN_BLEED_MM - 0.005}
        if short:
            sides = ", ".join(f"{k} {v:.1f} mm" for k, v in short.items())
            fail.append(f"page {p.number}: bleed too small ({sides}; needs {MIN_BLEED_MM:g} mm)")
    pdfx = r.profile == "pdfx" or "GTS_PDFXVersion" in r.pdfx
    # PDF/X-4 keeps colour-managed (ICC-tagged) colour, RGB pictures included; X-1a does not.
    x4 = r.pdfx.get("GTS_PDFXVersion", "").startswith("PDF/X-4")
    for cs, pages in sorted(r.colorspaces.items()):
        base = cs.split("/", 1)[1] if cs.startswith(("Indexed/", "Pattern/")) else cs
        managed = x4 and base.startswith(("ICCBased/", "Lab", "CalRGB", "CalGray"))
        if cs.startswith("undefined"):
            fail.append(f"page {pages[0]}: colour space {cs[10:]} is not in the resources")
        elif (r.color_mode == "cmyk" or pdfx) and base in RGB_SPACES and not managed:
            fail.append(f"page {pages[0]}: RGB colour ({cs}) in a CMYK document")
        elif r.profile == "pdfx" and base not in X1A_SPACES | RGB_SPACES and not managed:
            fail.append(f"page {pages[0]}: colour space {cs} is not allowed in PDF/X-1a")
    for page, what in r.missing:
        fail.append(f"page {page}: {what} is not in the resources")
    for im in r.images:
        if im.dpi < GOOD_DPI:
            (fail if im.dpi < MIN_DPI else warn).append(
                f"page {im.page}: {_picture(im.name)} is {im.dpi:.0f} dpi at its placed size "
                f"({_wh(im.placed_mm)} mm; print needs {MIN_DPI:.0f}, {GOOD_DPI:.0f} is good)"
            )
    _ink_rules(r)
    _identity_rules(r)
    if r.min_text_pt is not None and r.min_text_pt < SMALL_TEXT_PT:
        warn.append(f"page {r.min_text_page}: text {r.min_text_pt:.2f} pt is very small")
    thin = r.min_line_pt is not None and r.min_line_pt < MIN_LINE_PT
    if thin:
        line = f"page {r.min_line_page}: line {r.min_line_pt:.3f} pt is thinner than 0.2 pt"
        (fail if r.profile == "pdfx" else warn).append(line)
    if r.profile != "pdfx":
        return
    _pdfx_identity(r, encrypted)


def _notdef_rule(r: PreflightReport) -> None:
    """Text its font cannot draw prints as a blank or a box (the font's .notdef glyph)."""
    for page, font, char in sorted(r.notdef)[:10]:
        r.failures.append(
            f"page {page}: font '{font}' has no glyph for {char}: it prints as .notdef "
            "(a blank or a box)"
        )
    if len(r.notdef) > 10:
        r.failures.append(f"... and {len(r.notdef) - 10} more characters no font draws")


# Writers' stand-ins, not facts: ReportLab's invariant date and default author, our old one.
_PLACEHOLDER_DATES = ("D:20000101000000",)
_PLACEHOLDER_AUTHORS = {"anonymous", "generator", "unknown", "author"}


def _identity_rules(r: PreflightReport) -> None:
    """Names a RIP or an archive relies on: subset tags, the author, the dates."""
    by_tag: dict[str, list[str]] = {}
    for f in r.fonts:
        if f.subset and f.used_on:
            by_tag.setdefault(f.name.split("+", 1)[0], []).append(f.name)
    for tag, names in sorted(by_tag.items()):
        if len(names) > 1:
            r.warnings.append(
                f"document: {len(names)} font subsets share the tag {tag}+ ({', '.join(names[:3])}); "
                "RIPs and ganging tools that cache fonts by name can mix them up"
            )
    author = r.pdfx.get("Author", "")
    if author.strip().lower() in _PLACEHOLDER_AUTHORS:
        r.warnings.append(f"document: Author is the placeholder {author!r}")
    dates = [r.pdfx.get(k, "") for k in ("CreationDate", "ModDate")]
    if any(d.startswith(_PLACEHOLDER_DATES) for d in dates):
        r.warnings.append("document: dated 2000-01-01, a writer's fixed stand-in, not the date")


def _ink_rules(r: PreflightReport) -> None:
    """Text colour as a press wants it: small text on one plate, black text overprinting."""
    for page, pt, *cmyk in r.multi_plate_text[:10]:
        inks = " ".join(f"{n}{v * 100:g}" for n, v in zip("CMYK", cmyk, strict=True) if v > 0.001)
        r.warnings.append(
            f"page {page}: {pt:g} pt text on {sum(1 for v in cmyk if v > 0.001)} plates "
            f"({inks}); text under 12 pt should print from one ink"
        )
    if len(r.multi_plate_text) > 10:
        r.warnings.append(f"... and {len(r.multi_plate_text) - 10} more multi-plate small texts")
    if r.black_no_overprint:
        r.warnings.append(
            f"page {_pages(r.black_no_overprint)}: 100 % K text does not overprint "
            "(set /op true and /OPM 1, or rely on the RIP)"
        )
    if r.near_black_text:
        r.warnings.append(
            f"page {_pages(r.near_black_text)}: text in 90-99 % K is screened; "
            "black text prints sharpest at 100 % K"
        )


def _pdfx_identity(r: PreflightReport, encrypted: bool) -> None:
    """The PDF/X keys, as ISO 15930-4 (X-1a) and -7 (X-4) and Acrobat's preflight want them."""
    fail = r.failures
    version = r.pdfx.get("GTS_PDFXVersion", "")
    x4 = version.startswith("PDF/X-4")
    if not version:
        fail.append("document: no GTS_PDFXVersion in Info")
    elif version == "PDF/X-1a:2003":
        fail.append(
            "document: GTS_PDFXVersion is 'PDF/X-1a:2003'; PDF/X-1a:2003 files carry "
            "'PDF/X-1:2003' there and 'PDF/X-1a:2003' in GTS_PDFXConformance"
        )
    elif version.startswith("PDF/X-1") and not r.pdfx.get("GTS_PDFXConformance", "").startswith(
        "PDF/X-1a"
    ):
        fail.append("document: no GTS_PDFXConformance 'PDF/X-1a:...' for a PDF/X-1 file")
    if "OutputIntent" not in r.pdfx:
        fail.append("document: no GTS_PDFX OutputIntent")
    elif x4 and "ICC" not in r.pdfx["OutputIntent"]:
        fail.append("document: PDF/X-4 needs an embedded output profile (DestOutputProfile)")
    if r.pdfx.get("Trapped") not in ("/True", "/False"):
        fail.append("document: Trapped is not /True or /False")
    if not r.pdfx.get("Title"):
        fail.append("document: no Title in Info")
    if "CreationDate" not in r.pdfx or "ModDate" not in r.pdfx:
        fail.append("document: no CreationDate or ModDate in Info")
    newest = "1.6" if x4 else "1.4"
    if version and r.pdf_version > newest:
        fail.append(f"document: PDF {r.pdf_version} is newer than {version} allows ({newest})")
    for key, found in r.xmp_mismatch:
        fail.append(f"document: XMP {key} does not match Info ({found})")
    if encrypted:
        fail.append("document: encrypted")
    if not x4:
        fail += [f"{t} (transparency)" for t in r.transparency]


def _picture(name: str) -> str:
    """An image by its XObject name; our own pictures' names carry their file and box."""
    import re

    m = re.fullmatch(r"(?:FormXob\.)?Pic\.([^.]+)\.([^.]+)\.[0-9a-f]{10}", name)
    return f"picture '{m.group(1)}' in box '{m.group(2)}'" if m else f"image {name}"


def _size_mm(box) -> tuple[float, float]:
    return (round((box[2] - box[0]) / MM, 2), round((box[3] - box[1]) / MM, 2))


def _wh(size: tuple[float, float]) -> str:
    return f"{size[0]:.1f}x{size[1]:.1f}"


def _pages(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages[:8]) + (", ..." if len(pages) > 8 else "")
