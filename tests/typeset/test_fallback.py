"""Characters the main faces lack (₸, Ŋ ŋ, arrows) come from the fallback chain, weight matched,
embedded as subsets; a character no face has still fails, naming the fonts tried."""

from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from generator.errors import FontCoverageError
from generator.typeset.fonts import check_coverage, ensure_family, face_name, font_runs
from tests.conftest import pdf_text

RECORD = {"name": "Айгүл Серікқызы", "role": "қонақ", "organisation": "Ассамблея"}


def _invitation_with(time: str) -> bytes:
    event = load_event()
    facts = event.facts
    # A copy of the facts with the event's time changed, the way a facts file would give it.
    facts = type(facts)(list(facts.values()), replace(facts.event, time=time), facts.source)
    return build_pdf("invitation", replace(event, facts=facts), record=RECORD)


def _runs_by_font(pdf: bytes) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ARG001 - pypdf's visitor signature
        if text and font is not None:
            seen.append((text, str(font.get("/BaseFont"))))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return seen


def test_a_price_in_tenge_comes_from_the_fallback_face_and_extracts():
    pdf = _invitation_with("18:00, кіру 2 000 ₸")
    assert "кіру 2 000 ₸" in pdf_text(pdf)
    tenge = [font for text, font in _runs_by_font(pdf) if "₸" in text]
    # The "when" line is bold PT Sans: the tenge sign comes from bold Noto Sans.
    assert tenge and all(f.endswith("+NotoSans-Bold") for f in tenge), tenge
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fonts = {str(f.BaseFont): f for f in doc.pages[0].Resources.Font.values()}
        noto = next(f for name, f in fonts.items() if name.endswith("+NotoSans-Bold"))
        descendant = noto.DescendantFonts[0] if "/DescendantFonts" in noto else noto
        assert "/FontFile2" in descendant.FontDescriptor  # embedded, and a subset (the tag)


def test_each_character_goes_to_the_first_face_that_has_it():
    sans = ensure_family("PTSans")
    runs = font_runs("2 000 ₸ → Ŋ", sans)
    assert runs == [
        ("2 000 ", sans),
        ("₸", "NotoSans"),
        (" ", sans),
        ("→", "NotoSansSymbols"),
        (" ", sans),
        ("Ŋ", "NotoSans"),
    ]
    bold = face_name("PTSerif", "bold")
    ensure_family("PTSerif")
    assert font_runs("₸", bold) == [("₸", "NotoSerif-Bold")]


def test_a_character_in_no_face_names_the_chain():
    ensure_family("PTSans")
    with pytest.raises(FontCoverageError, match=r"U\+6F22 '漢' is in none of the fonts tried") as e:
        check_coverage("漢", "PTSans", "box 'x'")
    assert "PTSans, NotoSans, NotoSansSymbols, NotoSansSymbols2" in str(e.value)


@pytest.mark.parametrize("kind", ["body", "plain"])
def test_a_price_bound_to_its_number_keeps_its_fallback_glyph(kind):
    """«2 000 ₸» bound by no-break spaces is one word in two faces; ReportLab's own kerning
    set it all in the first face, and ₸ came out as .notdef (\\x01 in the text layer)."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.pdfgen.canvas import Canvas

    from generator.typeset.fallback import FallbackParagraph
    from generator.typeset.paragraphs import KazakhStyle, body_paragraph

    serif = ensure_family("PTSerif")
    style = KazakhStyle(
        "b", fontName=serif, fontSize=10, leading=12, alignment=TA_JUSTIFY, shaping=1
    )
    text = (
        "билеты на вечерний концерт стоят 2\u00a0000\u00a0₸; детям до двенадцати лет вход свободный"
    )
    para = body_paragraph(text, style) if kind == "body" else FallbackParagraph(text, style)
    out = io.BytesIO()
    canvas = Canvas(out)
    para.wrap(200, 500)
    para.drawOn(canvas, 50, 600)
    canvas.save()
    pdf = out.getvalue()
    assert "\x01" not in pdf_text(pdf)
    assert "2 000 ₸;" in pdf_text(pdf).replace("\u00a0", " ")
    assert any("+NotoSerif" in f for t, f in _runs_by_font(pdf) if "₸" in t)
