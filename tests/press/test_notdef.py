"""Text a font cannot draw: the file check finds .notdef glyphs, the build finds every
character drawn without a glyph, and both name the page and the character."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from generator.api import build, build_pdf, load_event
from generator.press.held import Held
from generator.press.preflight import check_pdf
from generator.typeset.fonts import ensure_family

rl_config.invariant = 1
ensure_family("PTSans")

HAN = "\u4e2d"  # 中: in none of the vendored fonts


@pytest.fixture
def han_at_glyph_0():
    """PT Sans claiming 中 at glyph 0, as writers that map a missing character to .notdef
    leave a font (the character is then in the subset's cmap and its ToUnicode)."""
    face = pdfmetrics.getFont("PTSans").face
    face.charToGlyph[ord(HAN)] = 0
    yield
    del face.charToGlyph[ord(HAN)]


def test_file_check_names_page_and_character_of_a_notdef_glyph(han_at_glyph_0) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for text in ("Бірлік", f"Бір {HAN} лік"):
        c.setFont("PTSans", 12)
        c.drawString(50, 50, text)
        c.showPage()
    c.save()
    report = check_pdf(buf.getvalue(), profile="screen")
    assert not report.ok
    (failure,) = report.failures
    assert failure.startswith("page 2: font '")
    assert f"has no glyph for U+4E2D '{HAN}'" in failure and ".notdef" in failure


def test_good_products_have_no_notdef(event) -> None:
    for name in ("poster", "trifold", "booklet"):
        held = Held()
        pdf = build_pdf(name, event, marks=True, color="cmyk", held=held)
        assert held.missing == []
        assert check_pdf(pdf, color_mode="cmyk").notdef == []


def test_build_and_file_check_agree_on_a_notdef_glyph(event, han_at_glyph_0) -> None:
    """A character at glyph 0 shows in the file: the build's record and the file check say
    the same, and recording changes no byte."""
    held = Held()
    label = f"афиша-{HAN}.pdf"  # the slug line prints the file name
    pdf = build_pdf("poster", event, marks=True, file_name=label, held=held)
    assert pdf == build_pdf("poster", event, marks=True, file_name=label)
    assert [g.in_file for g in held.missing] == [True]
    assert check_pdf(pdf).failures == [g.message() for g in held.missing]


def test_build_fails_on_a_character_no_font_carries(event_dir: Path, tmp_path, monkeypatch) -> None:
    """ReportLab draws a character its font lacks as another character of the font: the
    file cannot show it, the build does, naming page, font and character."""
    import generator.typeset.text as text

    monkeypatch.setattr(text, "check_coverage", lambda *a, **k: None)  # past the typesetter
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] += f" {HAN}"  # the title: on every product's first page
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(["poster"], article=article, out=tmp_path / "out")
    assert result.written == []
    (failure,) = result.failures
    assert "page 1: font '" in failure
    assert f"has no glyph for U+4E2D '{HAN}': it prints as another character" in failure
    assert not (tmp_path / "out" / "poster-A3.pdf").exists()
    # the file alone cannot tell
    pdf = build_pdf("poster", load_event(article))
    assert check_pdf(pdf).notdef == []
