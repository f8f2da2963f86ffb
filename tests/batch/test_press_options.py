"""Batch documents are press PDFs too: --pdfx, --marks, --bleed, --icc, checked up front."""

from __future__ import annotations

import io

import pikepdf
import pytest

from generator.batch.run import run_batch
from generator.cli import main
from generator.errors import InputError, PressError
from generator.press.preflight import check_pdf

from .conftest import MM, sample_rows, write_csv


@pytest.fixture
def data(tmp_path):
    return write_csv(tmp_path / "people.csv", sample_rows()[:3])


def _boxes(pdf: bytes) -> tuple[list[float], list[float], list[float]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[0]
        return (
            [float(v) for v in p.MediaBox],
            [float(v) for v in p.BleedBox],
            [float(v) for v in p.TrimBox],
        )


def test_pdfx_certificates_with_marks_and_bleed(tmp_path, data):
    out = tmp_path / "out"
    result = run_batch(
        "certificate", data, out=out, workers=1, color="cmyk", pdfx=True, marks=True, bleed_mm=5
    )
    assert result.ok and len(result.written) == 3
    for path in result.written:
        pdf = path.read_bytes()
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            info = doc.docinfo
            assert str(info.GTS_PDFXVersion) == "PDF/X-1:2003"
            assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2003"
            assert doc.Root.OutputIntents[0].S == "/GTS_PDFX"
            assert pdf.startswith(b"%PDF-1.4")
        media, bleed, trim = _boxes(pdf)
        assert round((trim[0] - bleed[0]) / MM, 2) == 5.0  # --bleed 5
        assert media[2] - bleed[2] > 5 * MM  # --marks: a slug outside the bleed
        report = check_pdf(pdf, profile="pdfx", color_mode="cmyk")
        assert report.ok, report.format()


def test_single_file_book_is_pdfx_too(tmp_path, data):
    result = run_batch(
        "certificate", data, out=tmp_path, single_file=True, color="cmyk", pdfx="x1a"
    )
    (path,) = result.written
    report = check_pdf(path, profile="pdfx", color_mode="cmyk")
    assert report.ok, report.format()
    assert report.pdfx["GTS_PDFXVersion"] == "PDF/X-1:2003"


def test_press_options_are_refused_before_any_record(tmp_path, data):
    out = tmp_path / "out"
    with pytest.raises(InputError, match="needs CMYK"):
        run_batch("certificate", data, out=out, pdfx=True)
    with pytest.raises(InputError, match="bleed must be between 0 and 20 mm"):
        run_batch("certificate", data, out=out, bleed_mm=40)
    bad = tmp_path / "bad.icc"
    bad.write_bytes(b"not a profile")
    with pytest.raises(PressError, match="bad.icc: not an ICC profile"):
        run_batch("certificate", data, out=out, color="cmyk", pdfx=True, icc=bad)
    assert not out.exists()  # nothing was made


def test_cli_batch_takes_the_press_flags(tmp_path, data, capsys):
    out = tmp_path / "out"
    args = ["batch", "certificate", "--data", str(data), "--out", str(out), "--workers", "1"]
    assert main([*args, "--color", "cmyk", "--pdfx", "x4", "--marks"]) == 2  # wrong usage
    assert "PDF/X-4 needs an output profile" in capsys.readouterr().err
    assert main([*args, "--color", "cmyk", "--pdfx", "--marks", "--bleed", "2"]) == 0
    pdf = sorted(out.glob("*.pdf"))[0].read_bytes()
    media, bleed, trim = _boxes(pdf)
    assert round((trim[0] - bleed[0]) / MM, 2) == 2.0
    assert check_pdf(pdf, profile="pdfx").ok
    assert main([*args, "--pdfx"]) == 2
    assert "needs CMYK: add --color cmyk" in capsys.readouterr().err
