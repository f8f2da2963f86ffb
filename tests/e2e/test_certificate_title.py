"""The certificate's title, of every kind in each language: a title that takes two lines leaves
a capital's descender (Д, Ц, Қ) clear of the line under it, even of a breve (Й) there; the
Russian «Благодарственное письмо» comes down to one line (it was two, touching, at ~31 pt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event

ROOT = Path(__file__).resolve().parents[2]
RECORD = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": "№ 82 мектеп"}
# Descender of Д (0.222 em) and height of Й (0.953 em) in Noto Sans Display Black.
CLEAR = 0.222 + 0.953


def _title_lines(pdf: bytes) -> tuple[float, list[float]]:
    """The title's size (the page's largest) and its lines' baselines (points)."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    chars = []
    for i in range(text.count_chars()):
        if text.get_text_range(i, 1).strip():
            size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
            x, y = pdfium_c.c_double(), pdfium_c.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
            chars.append((round(size, 1), round(y.value, 1)))
    top = max(s for s, _ in chars)
    return top, sorted({y for s, y in chars if s == top}, reverse=True)


@pytest.mark.parametrize("lang", ["kk", "ru", "kk,ru"])
@pytest.mark.parametrize("kind", ["thanks", "honour", "certificate", "diploma"])
def test_a_title_of_two_lines_clears_its_descenders(tmp_path, kind, lang):
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "content" / "unity-day", folder)
    facts = folder / "facts.toml"
    text = facts.read_text(encoding="utf-8").replace('award = "thanks"', f'award = "{kind}"')
    facts.write_text(text, encoding="utf-8")
    article = folder / ("article.ru.txt" if lang == "ru" else "article.kk.txt")
    options = {"lang": lang} if lang != "ru" else {}
    size, lines = _title_lines(
        build_pdf("certificate", load_event(article, **options), record=RECORD)
    )
    if kind == "thanks" and lang == "ru":
        assert len(lines) == 1, lines
    for a, b in zip(lines, lines[1:], strict=False):
        assert a - b >= CLEAR * size, (size, lines)
