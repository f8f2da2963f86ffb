"""PDF/X-1a:2003 structure: Info keys, OutputIntent, XMP, version, determinism, preflight."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pikepdf
import pytest
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from generator.errors import PressError
from generator.press.pdfx import to_pdfx
from generator.press.preflight import check_pdf
from generator.typeset.fonts import ensure_family

rl_config.invariant = 1
ensure_family("PTSans")  # the product's own registration: one font book per process
TITLE = "Бірлік күні"


def cmyk_pdf(*, trim: bool = True, rgb: bool = False) -> bytes:
    """A ReportLab A5 page in CMYK with 3 mm bleed, embedded PT Sans and page boxes."""
    buf = io.BytesIO()
    b, w, h = 3 * mm, 148 * mm, 210 * mm
    c = canvas.Canvas(buf, pagesize=(w + 2 * b, h + 2 * b))
    if trim:
        c.setTrimBox((b, b, b + w, b + h))
        c.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
    c.setFillColorCMYK(0.9, 0.1, 0, 0)
    c.rect(0, 0, w + 2 * b, 40 * mm, fill=1, stroke=0)
    c.setFillColorCMYK(0, 0, 0, 1)
    if rgb:
        c.setFillColorRGB(0, 0, 0)
    c.setFont("PTSans", 14)
    c.drawString(20 * mm, 100 * mm, TITLE)
    c.showPage()
    c.save()
    return buf.getvalue()


def fake_icc(*, space: bytes = b"CMYK", cls: bytes = b"prtr", major: int = 2) -> bytes:
    """A 132-byte ICC header with no tags: enough to test the checks, no profile vendored."""
    header = struct.pack(">I4sB3x4s4s4s12x4s", 132, b"none", major, cls, space, b"Lab ", b"acsp")
    return header.ljust(128, b"\0") + b"\0\0\0\0"


def test_keys_and_output_intent() -> None:
    out = to_pdfx(cmyk_pdf(), title=TITLE)
    assert out.startswith(b"%PDF-1.4\n")
    with pikepdf.open(io.BytesIO(out)) as doc:
        info = doc.docinfo
        # ISO 15930-4: the version names the family, the conformance the level
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2003"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) == TITLE
        assert "/CreationDate" in info and "/ModDate" in info
        (intent,) = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert str(intent.Info) == "Coated FOGRA39 (ISO 12647-2:2004)"
        assert "/DestOutputProfile" not in intent
        assert len(doc.trailer.ID) == 2
        xmp = doc.Root.Metadata.read_bytes().decode()
        meta = doc.open_metadata()
        assert meta["pdfx:GTS_PDFXVersion"] == "PDF/X-1:2003"
        assert meta["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2003"
        assert meta["dc:title"] == TITLE
        assert meta["pdf:Trapped"] == "False"
        assert "MetadataDate" not in xmp and "pikepdf " not in xmp  # no time stamp, no mark


def test_output_is_deterministic() -> None:
    source = cmyk_pdf()
    assert to_pdfx(source, title=TITLE) == to_pdfx(source, title=TITLE)


def test_preflight_pdfx_passes_on_output_and_fails_on_input() -> None:
    source = cmyk_pdf()
    before = check_pdf(source, profile="pdfx")
    assert "document: no GTS_PDFXVersion in Info" in before.failures
    assert "document: no GTS_PDFX OutputIntent" in before.failures
    after = check_pdf(to_pdfx(source, title=TITLE), profile="pdfx")
    assert after.ok, after.format()
    assert after.pdfx["OutputIntent"] == "FOGRA39"


def test_rgb_content_still_fails_preflight() -> None:
    out = to_pdfx(cmyk_pdf(rgb=True), title=TITLE)
    report = check_pdf(out, profile="pdfx")
    assert report.failures == ["page 1: RGB colour (DeviceRGB) in a CMYK document"]
    # a file that claims PDF/X is held to CMYK by the print profile too
    assert not check_pdf(out).ok


def test_embeds_a_given_profile(tmp_path: Path) -> None:
    icc = tmp_path / "press.icc"
    icc.write_bytes(fake_icc())
    out = to_pdfx(cmyk_pdf(), title=TITLE, icc_profile=icc, condition="MyPress", condition_info="x")
    with pikepdf.open(io.BytesIO(out)) as doc:
        (intent,) = doc.Root.OutputIntents
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes() == icc.read_bytes()
        assert str(intent.OutputConditionIdentifier) == "MyPress"
    assert check_pdf(out, profile="pdfx").pdfx["OutputIntent"] == "MyPress + ICC"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"space": b"RGB "}, "not a CMYK output profile"),
        ({"cls": b"mntr"}, "not a CMYK output profile"),
        ({"major": 4}, "PDF/X-1a:2003 needs a version 2 profile"),
    ],
)
def test_unusable_profiles(tmp_path: Path, kwargs: dict, message: str) -> None:
    icc = tmp_path / "bad.icc"
    icc.write_bytes(fake_icc(**kwargs))
    with pytest.raises(PressError, match=message):
        to_pdfx(cmyk_pdf(), title=TITLE, icc_profile=icc)


def test_missing_trimbox_is_a_press_error() -> None:
    with pytest.raises(PressError, match="poster.pdf: page 1 has no TrimBox"):
        to_pdfx(cmyk_pdf(trim=False), title=TITLE, name="poster.pdf")


def test_unregistered_condition_needs_a_profile() -> None:
    with pytest.raises(PressError, match="not a registered characterisation"):
        to_pdfx(cmyk_pdf(), title=TITLE, condition="MyPress")


def test_trapped_and_newer_input_version() -> None:
    with pikepdf.open(io.BytesIO(cmyk_pdf())) as doc:
        buf = io.BytesIO()
        doc.save(buf, force_version="1.6", object_stream_mode=pikepdf.ObjectStreamMode.generate)
    out = to_pdfx(buf.getvalue(), title=TITLE, trapped=True)
    assert out.startswith(b"%PDF-1.4\n")
    with pikepdf.open(io.BytesIO(out)) as doc:
        assert doc.docinfo.Trapped == pikepdf.Name("/True")
        assert "/XRefStm" not in doc.trailer and "/Type" not in doc.trailer
    assert check_pdf(out, profile="pdfx").ok


def test_trimbox_outside_the_mediabox_is_a_press_error() -> None:
    with pikepdf.open(io.BytesIO(cmyk_pdf())) as doc:
        doc.pages[0].TrimBox = pikepdf.Array([0, 0, 2000, 300])
        buf = io.BytesIO()
        doc.save(buf)
    with pytest.raises(PressError, match="page 1: the TrimBox reaches outside the MediaBox"):
        to_pdfx(buf.getvalue(), title=TITLE)


def _with_info(pdf: bytes, **keys: str) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for key, value in keys.items():
            doc.docinfo[f"/{key}"] = pikepdf.String(value)
        buf = io.BytesIO()
        doc.save(buf)
    return buf.getvalue()


def test_xmp_carries_author_subject_keywords_as_info() -> None:
    source = _with_info(
        cmyk_pdf(), Author="Ассамблея", Subject="Плакат", Keywords="1 мамыр, poster"
    )
    out = to_pdfx(source, title=TITLE)
    with pikepdf.open(io.BytesIO(out)) as doc:
        meta = doc.open_metadata()
        assert meta["dc:creator"] == ["Ассамблея"]
        assert meta["dc:description"] == "Плакат"
        assert meta["pdf:Keywords"] == "1 мамыр, poster"
        assert meta["dc:subject"] == {"1 мамыр", "poster"}
    assert check_pdf(out, profile="pdfx").ok
    # a file whose XMP says another author than Info fails the pdfx profile
    with pikepdf.open(io.BytesIO(out)) as doc:
        doc.docinfo.Author = pikepdf.String("Someone else")
        buf = io.BytesIO()
        doc.save(buf)
    failures = check_pdf(buf.getvalue(), profile="pdfx").failures
    assert any("XMP dc:creator does not match Info" in f for f in failures), failures


def test_the_old_wrong_version_key_is_a_preflight_failure() -> None:
    out = _with_info(to_pdfx(cmyk_pdf(), title=TITLE), GTS_PDFXVersion="PDF/X-1a:2003")
    failures = check_pdf(out, profile="pdfx").failures
    assert any("GTS_PDFXVersion is 'PDF/X-1a:2003'" in f for f in failures), failures


def test_pdfx4_keys_xmp_version_and_profile(tmp_path: Path) -> None:
    icc = tmp_path / "press.icc"
    icc.write_bytes(fake_icc(major=4))  # X-4 (PDF 1.6) reads ICC version 4
    out = to_pdfx(cmyk_pdf(), title=TITLE, level="x4", icc_profile=icc)
    assert out.startswith(b"%PDF-1.6\n")
    with pikepdf.open(io.BytesIO(out)) as doc:
        assert str(doc.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert "/GTS_PDFXConformance" not in doc.docinfo
        assert doc.Root.OutputIntents[0].DestOutputProfile.read_bytes() == icc.read_bytes()
        meta = doc.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert meta["xmpMM:VersionID"] == "1" and meta["xmpMM:RenditionClass"] == "default"
    report = check_pdf(out, profile="pdfx")
    assert report.ok, report.format()
    assert to_pdfx(cmyk_pdf(), title=TITLE, level="x4", icc_profile=icc) == out
    with pytest.raises(PressError, match="PDF/X-4 needs an embedded output profile"):
        to_pdfx(cmyk_pdf(), title=TITLE, level="x4")


def test_pdfx4_keeps_transparency_and_icc_rgb_that_x1a_refuses(tmp_path: Path) -> None:
    icc = tmp_path / "press.icc"
    icc.write_bytes(fake_icc())
    buf = io.BytesIO()
    b, w, h = 3 * mm, 100 * mm, 100 * mm
    c = canvas.Canvas(buf, pagesize=(w + 2 * b, h + 2 * b))
    c.setTrimBox((b, b, b + w, b + h))
    c.setFillColorCMYK(0, 1, 0, 0, alpha=0.5)  # live transparency
    c.rect(0, 0, 50 * mm, 50 * mm, fill=1, stroke=0)
    c.showPage()
    c.save()
    x4 = to_pdfx(buf.getvalue(), title=TITLE, level="x4", icc_profile=icc)
    assert check_pdf(x4, profile="pdfx").ok
    x1a = to_pdfx(buf.getvalue(), title=TITLE)
    assert any("transparency" in f for f in check_pdf(x1a, profile="pdfx").failures)
