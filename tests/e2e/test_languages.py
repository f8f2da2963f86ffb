"""Language is data: a Russian or Latin-script build follows its language to the PDF."""

from __future__ import annotations

import io

import pikepdf

from tests.conftest import pdf_text, run_cli


def _lang(path) -> str:
    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        return str(pdf.Root.Lang)


def test_build_lang_ru_makes_russian_products(tmp_path):
    code, out, err = run_cli("build", "poster", "--lang", "ru", "--out", str(tmp_path))
    assert code == 0, err
    pdf = tmp_path / "poster-A3-ru.pdf"
    assert _lang(pdf) == "ru-RU"
    text = pdf_text(pdf)
    assert "День единства народа Казахстана" in text
    assert "членов Ассамблеи" in text and "Ассамблея мүшесі" not in text
