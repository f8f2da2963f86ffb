"""Set lines written straight to the text object (drawlines.py): the same page as ReportLab's
drawPara, byte for byte, for Kazakh and Russian text, bold and italic runs, cut words,
protrusion, expansion and letter spacing; paragraphs with more than runs of text are left
to ReportLab."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.api import load_event
from generator.typeset import drawlines, fallback, paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style

ensure_family("PTSerif")

KK = max(load_event().article.text.split("\n"), key=len)  # its longest paragraph
RU = (
    "Ассамблея народа Казахстана – уникальный институт, укрепляющий межэтническое согласие; "
    "её члены работают во всех регионах страны и поддерживают инициативы национально-"
    "культурных объединений, а «Дом дружбы» открыт каждый день с 9:00 до 18:00."
)
MARKUP = (
    "Бұл <b>Қазақстан халқы Ассамблеясы</b> – елдегі <i>этносаралық келісімді</i> "
    "нығайтуға бағытталған <b><i>бірегей институт</i></b>, оның мүшелері барлық өңірлерде "
    "жұмыс істейді және ұлттық-мәдени бірлестіктердің бастамаларын қолдайды."
)

# Quoted words and bracketed asides: lines that open with «, “ or ( hang into the margin.
QUOTED = " ".join(f"«{w}» ({w})" if i % 3 == 0 else w for i, w in enumerate(KK.split()))

CASES = {
    "kk": (KK, {}),
    "ru": (RU, {"language": "ru"}),
    "bold and italic runs": (MARKUP, {}),
    "protrusion, expansion, letter spacing": (
        QUOTED,
        {"protrusion": True, "expansion": 0.02, "letter_spacing": 0.03},
    ),
    "no protrusion, indented": (KK, {"protrusion": False, "firstLineIndent": 14}),
    "ragged": (RU, {"language": "ru", "justify": False}),
}


def _page(markup: str, options: dict, width: float, direct: bool) -> tuple[bytes, int]:
    """A page with the paragraph drawn on it, and how many paragraphs draw_lines wrote."""
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    style = kazakh_style("body", "PTSerif", 9.5, 12.5, **options)
    p = body_paragraph(markup, style)
    p.wrap(width, 1e9)
    written = []
    real = drawlines.draw_lines

    def spied(paragraph: object) -> bool:
        written.append(direct and real(paragraph))
        return written[-1]

    fallback.draw_lines = spied  # (FallbackParagraph.drawPara calls it)
    try:
        canvas = Canvas(io.BytesIO(), pagesize=(width + 40, p.height + 40), invariant=1)
        p.drawOn(canvas, 20, 20)
        canvas.showPage()
        return canvas.getpdfdata(), sum(written)
    finally:
        fallback.draw_lines = real


def _chars(pdf: bytes) -> list[tuple[str, tuple[float, ...]]]:
    page = pdfium.PdfDocument(pdf)[0].get_textpage()
    return [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]


@pytest.mark.parametrize("width", [150.0, 95.0])
@pytest.mark.parametrize("case", list(CASES))
def test_lines_written_directly_are_reportlabs_page(case: str, width: float) -> None:
    markup, options = CASES[case]
    ours, written = _page(markup, options, width, direct=True)
    theirs, none = _page(markup, options, width, direct=False)
    assert written == 1 and none == 0  # the direct writer drew it, ReportLab the other
    assert ours == theirs
    chars = _chars(ours)
    assert len(chars) > 100 and chars == _chars(theirs)


def test_cut_words_and_scaled_lines_are_among_those_compared() -> None:
    """The cases above hold what the writer must get right: a cut word's hyphen, a line
    scaled (Tz), letter-spaced (Tc) and shifted into the margin (protrusion)."""
    markup, options = CASES["protrusion, expansion, letter spacing"]
    style = kazakh_style("body", "PTSerif", 9.5, 12.5, **options)
    p = body_paragraph(markup, style)
    p.wrap(95.0, 1e9)
    lines = p.blPara.lines
    assert any(line.kz_soft for line in lines)
    assert any(line.kz_scale != 1.0 for line in lines)
    assert any(line.kz_track for line in lines)
    assert any(line.kz_shift for line in lines)


@pytest.mark.parametrize(
    "markup",
    [
        'Сайт: <a href="https://example.kz">example.kz</a> – толығырақ сонда.',
        "Бұл <u>маңызды</u> хабарландыру барлығына арналған.",
        'Бұл <span backColor="yellow">белгіленген</span> сөз тіркесі.',
        "Бұл <super>жоғарғы</super> индекс.",
    ],
)
def test_links_underlines_backgrounds_and_rises_are_left_to_reportlab(markup: str) -> None:
    style = kazakh_style("body", "PTSerif", 9.5, 12.5)
    p = body_paragraph(markup, style)
    p.wrap(150, 1e9)
    p.canv = Canvas(io.BytesIO())
    try:
        assert p.blPara.kind == 1 and not drawlines.draw_lines(p)
    finally:
        del p.canv
