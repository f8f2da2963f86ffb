"""The lines made directly from the planned breaks are ReportLab's, value for value: every
paragraph of the brochures of the test events, set anew, checked against breakLines; and the
frags made for the planned lines of plain text are those ReportLab's parser makes of the
markup with a <br/> at each line end."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus.paragraph import Paragraph

from generator.api import build_pdf, load_event
from generator.typeset import paragraphs, text
from generator.typeset.fallback import FallbackParagraph
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "fixtures" / "events"

ensure_family("PTSerif")


def _value(v: object) -> object:
    if isinstance(v, ShapedStr):  # the glyph data is what the PDF is written from
        return ("shaped", str(v), list(v.__shapeData__))
    if isinstance(v, str):
        return ("plain", v)
    return v


def _frag(f: object) -> dict:
    return {k: _value(v) for k, v in f.__dict__.items()}


def _line(line: object) -> dict:
    out = {k: v for k, v in line.__dict__.items() if k != "words"}
    out["words"] = [_frag(g) for g in line.words]  # type: ignore[attr-defined]
    return out


def _checking_frags(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """line_frags, each result compared with the parse of markup_for's markup."""
    ours = paragraphs._TextModel.line_frags
    checked: list[int] = []

    def both(model):  # type: ignore[no-untyped-def]
        made = ours(model)
        if made is None:
            return None
        markup = asked[id(model)]
        parsed = FallbackParagraph.__new__(FallbackParagraph)
        parsed.caseSensitive = 1
        parsed._setup(markup, model.style, None, None, str)  # as wrap() parses it
        assert [_frag(f) for f in made] == [_frag(f) for f in parsed.frags]
        checked.append(len(made))
        return made

    markup_for = paragraphs._TextModel.markup_for

    asked: dict[int, str] = {}

    def remember(model, widths, margin):  # type: ignore[no-untyped-def]
        asked[id(model)] = markup = markup_for(model, widths, margin)
        return markup

    monkeypatch.setattr(paragraphs._TextModel, "line_frags", both)
    monkeypatch.setattr(paragraphs._TextModel, "markup_for", remember)
    return checked


def _checking(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """set_lines, each result compared with ReportLab's breakLines of the same words."""
    ours = paragraphs.set_lines
    checked: list[int] = []

    def both(para, words, widths):  # type: ignore[no-untyped-def]
        made = ours(para, words, widths)
        if made is None:
            return None
        mine = ([_line(x) for x in made.lines], para.frags, para._width_max)
        theirs = Paragraph.breakLines(para, widths)
        assert mine[0] == [_line(x) for x in theirs.lines]
        assert mine[1] == para.frags and mine[2] == para._width_max
        checked.append(len(made.lines))
        return made

    monkeypatch.setattr(paragraphs, "set_lines", both)
    return checked


@pytest.mark.parametrize(
    "folder", [None, *sorted(p.name for p in EVENTS.iterdir())], ids=lambda f: f or "default"
)
def test_brochure_lines_are_reportlabs(monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    checked = _checking(monkeypatch)
    parsed = _checking_frags(monkeypatch)
    if folder is None:
        event = load_event()
    else:
        where = EVENTS / folder
        event = load_event(next(where.glob("article.*.txt")), where / "facts.toml")
    for product in ("trifold", "booklet"):
        paragraphs._SET.clear()
        paragraphs._PARSED.clear()
        text._FITTED.clear()
        build_pdf(product, event)
    assert len(checked) >= 4  # paragraphs set and compared
    assert len(parsed) >= 4


def test_mixed_fonts_and_a_word_across_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bold and italic runs, a word half in bold, a tenge sign from the fallback face."""
    checked = _checking(monkeypatch)
    style = kazakh_style("body", "PTSerif", 10, 13, expansion=0.02, protrusion=True)
    markup = (
        "Бағасы 2\u00a0000\u00a0₸ болатын <b>кітаптар</b> жәрмеңкесі <i>«Абай жолы»</i> "
        "романының <b>жаңа бас</b>ылымын ұсынады, ал қалалық кітапханалар мен ұлттық-мәдени "
        "бірлестіктер оқырмандарға тегін дәрістер ұйымдастырады."
    )
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    for width in (120, 150, 190):
        body_paragraph(markup, style).wrap(width, 1e9)
    assert checked
