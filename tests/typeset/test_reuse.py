"""Lines and fitted texts kept across builds in one process: taken only for the same markup,
style, colours and room, and the same as setting them anew."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, Color

from generator.api import build_pdf
from generator.typeset import paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style, style_key

ensure_family("PTSerif")

TEXT = (
    "Қазақстан халқы Ассамблеясы – елдегі этносаралық келісімді нығайтуға бағытталған "
    "бірегей институт, оның мүшелері барлық өңірлерде жұмыс істейді және ұлттық-мәдени "
    "бірлестіктердің бастамаларын қолдайды."
)


def _lines(p: object) -> list[tuple[str, float, int]]:
    return [
        ("".join(w.text for w in line.words), line.extraSpace, line.wordCount)
        for line in p.blPara.lines  # type: ignore[attr-defined]
    ]


def test_a_paragraph_set_before_takes_the_same_lines() -> None:
    style = kazakh_style("body", "PTSerif", 10, 13)
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    first = body_paragraph(TEXT, style)
    first.wrap(170, 1e9)
    assert len(paragraphs._SET) == 1
    again = body_paragraph(TEXT, kazakh_style("body", "PTSerif", 10, 13))
    again.wrap(170, 1e9)
    assert again.blPara is first.blPara  # taken, not set anew
    assert again._model is first._model  # parsed and measured once
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    fresh = body_paragraph(TEXT, style)
    fresh.wrap(170, 1e9)
    assert fresh.blPara is not first.blPara
    assert _lines(fresh) == _lines(first)
    assert (fresh.width, fresh.height) == (again.width, again.height)


def test_another_width_size_or_colour_is_set_anew() -> None:
    base = kazakh_style("body", "PTSerif", 10, 13)
    paragraphs._SET.clear()
    body_paragraph(TEXT, base).wrap(170, 1e9)
    body_paragraph(TEXT, base).wrap(160, 1e9)
    body_paragraph(TEXT, kazakh_style("body", "PTSerif", 10.5, 13)).wrap(170, 1e9)
    assert len(paragraphs._SET) == 3
    red = kazakh_style("body", "PTSerif", 10, 13, textColor=Color(1, 0, 0))
    ink = kazakh_style("body", "PTSerif", 10, 13, textColor=CMYKColor(0, 1, 1, 0))
    assert style_key(red) != style_key(ink) != style_key(base)
    assert style_key(kazakh_style("body", "PTSerif", 10, 13)) == style_key(base)


def test_a_brochure_built_again_is_the_same_file(event: object) -> None:
    paragraphs._SET.clear()
    cold = build_pdf("trifold", event, date=0.0)
    assert paragraphs._SET
    assert build_pdf("trifold", event, date=0.0) == cold


def test_a_poster_built_again_is_the_same_file(event: object) -> None:
    from generator.typeset import text

    text._FITTED.clear()
    cold = build_pdf("poster", event, date=0.0)
    assert text._FITTED
    assert build_pdf("poster", event, date=0.0) == cold
    assert build_pdf("poster", event, date=0.0, color="cmyk") != cold  # other colours: refitted


def test_a_style_changed_after_its_key_was_made_gets_the_key_of_its_new_attributes() -> None:
    style = kazakh_style("body", "PTSerif", 10, 13)
    first = style_key(style)
    assert style_key(style) is first  # kept while the style is unchanged
    style.firstLineIndent = 12.0  # as ReportLab's split changes its copy's indent
    indented = style_key(style)
    assert indented != first
    assert indented == style_key(kazakh_style("body", "PTSerif", 10, 13, firstLineIndent=12.0))
    style.__dict__["leading"] = 14  # written into the attributes directly
    assert style_key(style) == style_key(
        kazakh_style("body", "PTSerif", 10, 14, firstLineIndent=12.0)
    )
