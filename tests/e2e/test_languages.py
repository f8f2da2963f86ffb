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


def test_normalise_lists_the_russian_rules_for_the_russian_article():
    code, out, err = run_cli("normalise", "--lang", "ru")
    assert code == 0, err
    assert "article.ru.txt" in out and "no-break space after a one-letter word" in out
    assert "en dash" not in out  # the Kazakh dash rule never runs on Russian


def test_bilingual_build_needs_both_articles(tmp_path, event_dir):
    (event_dir / "article.ru.txt").unlink()
    code, _, err = run_cli(
        "build", "poster", "--article", str(event_dir / "article.kk.txt"), "--lang", "kk,ru"
    )
    assert code == 1 and "article.ru.txt: file not found" in err


def test_normalise_needs_no_facts_file_for_an_article_alone(tmp_path):
    """«normalise --article my.kk.txt» said «facts.toml: file not found»: the writer has no
    facts yet, and normalising reads only the article."""
    article = tmp_path / "my.kk.txt"
    article.write_text("Тақырып\nМәтін , мұнда.\n", encoding="utf-8")
    code, out, err = run_cli("normalise", "--article", str(article))
    assert code == 0, err
    assert f"{article}: line 2: no space before a comma" in out
    code, _, err = run_cli("normalise", "--article", str(tmp_path))
    assert code == 1 and err.strip() == f"error: {tmp_path}: is a folder; give the article file"
