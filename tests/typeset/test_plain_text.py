"""A plain text is set by text.plain_text with the size, the lines and the operators ReportLab's
Paragraph gives it (fit_text then drawOn), without the paragraph: on one line, wrapped, or
shrunk to its box; anything else is left to fit_text."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.api import find_template, load_event
from generator.errors import FitError
from generator.typeset.layout import MM, _draw_line, _draw_text
from generator.typeset.text import Palette, fit_text, plain_text

TEMPLATE = find_template("certificate")


def _texts() -> list[str]:
    article = load_event().article
    words = article.text.split()
    out = [" ".join(words[i : i + n]) for n in (1, 2, 3, 5) for i in range(0, 60, 7)]
    out += [
        "№ 2026-0042",
        "№\u00a02026-0042",
        "  Ана   Мария\tЛи  ",
        "Әлия Нұрланқызы Сейітова",
        "WAVE Ta «Yo» 1 234 567",
        "A",
    ]
    return out


def _lines_texts() -> list[str]:
    """Lines of plain words with <br/> between them: a role over an organisation."""
    texts = _texts()
    return ["<br/>".join(texts[i : i + n]) for n in (2, 3) for i in range(0, len(texts) - n, 3)]


def _lines_of(paragraph) -> tuple[list, tuple | None]:
    """A paragraph's lines as PlainText holds them: (unused width, words), and whether each
    ends at a <br/> (None: a paragraph of one run)."""
    para = paragraph.blPara
    if para.kind == 0:
        return para.lines, None
    lines = [(line.extraSpace, line.words[0].text.split(" ")) for line in para.lines]
    assert all(len(line.words) == 1 + line.lineBreak for line in para.lines)
    return lines, tuple(line.lineBreak for line in para.lines)


def _ops(draw) -> list[str]:
    canvas = Canvas(io.BytesIO())
    draw(canvas, None)
    return canvas._code


# (width, height, valign) of boxes: one line, a narrow column (wrapped, shrunk), a low one.
BOXES = (
    (150 * MM, 20 * MM, "middle"),
    (60 * MM, 6 * MM, "top"),
    (40 * MM, 30 * MM, "bottom"),
    (25 * MM, 12 * MM, "middle"),
)


def _same_as_fitted(plain, text: str, style, box: tuple, palette) -> None:
    """``plain`` has fit_text's size, height and lines for ``text`` in ``box`` (width,
    height, valign), and draws the paragraph's operators."""
    width, height, valign = box
    fitted = fit_text(text, style, 1.0, width, height, palette, "test")
    assert len(fitted.paragraphs) == 1
    assert (fitted.size, fitted.height) == (plain.size, plain.height), text
    assert _lines_of(fitted.paragraphs[0]) == (plain.lines, plain.breaks), text
    rect = (30 * MM, 40 * MM, width, height)
    ours = _ops(_draw_line(plain, rect, valign))
    assert ours == _ops(_draw_text(fitted, rect, valign)), text


@pytest.mark.parametrize("align", ["left", "center", "right", "justify"])
@pytest.mark.parametrize("name", ["serial", "name", "kicker", "footer", "heading", "role"])
def test_plain_text_draws_what_the_paragraph_draws(name: str, align: str) -> None:
    palette = Palette(TEMPLATE)
    # Lines as filled (the certificate's centred styles even theirs: see the test below).
    style = replace(TEMPLATE.styles[name], align=align, even=False)
    if name == "heading":  # at its leading of 1.2 few of the sample's two lines fit these boxes
        style = replace(style, leading=1.0)
    counts = {"one line": 0, "wrapped": 0, "shrunk": 0, "<br/>": 0, "<br/> wrapped": 0}
    for text in _texts() + _lines_texts():
        for width, height, valign in BOXES:
            plain = plain_text(text, style, 1.0, width, height, palette)
            if plain is None:
                continue
            _same_as_fitted(plain, text, style, (width, height, valign), palette)
            if plain.breaks is None:
                counts["wrapped" if len(plain.lines) > 1 else "one line"] += 1
            else:
                counts[
                    "<br/> wrapped" if len(plain.lines) > len(text.split("<br/>")) else "<br/>"
                ] += 1
            counts["shrunk"] += plain.size < style.size
    if style.balance:  # set here on one line at its size only, and never with <br/>
        assert counts["one line"] >= 10
        assert counts["<br/>"] == counts["<br/> wrapped"] == 0
    else:  # the cases are common, not accidents of the sample
        # (a heading's lines of 50 pt, a few words each, take no more lines in these boxes)
        wrapped = 0 if name == "heading" else 5
        least = {**dict.fromkeys(counts, 5), "<br/> wrapped": wrapped}
        assert all(counts[k] >= least[k] for k in counts), counts


@pytest.mark.parametrize("align", ["left", "center", "right", "justify"])
def test_lines_a_little_too_wide_squeeze_their_spaces_as_the_paragraph_does(align: str) -> None:
    """A line of a text with <br/> a little wider than its box stays whole, its spaces
    shrunk as ReportLab's spaceShrinkage allows (word spacing drawn, but at the last line
    of justified text); a little more and it breaks."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from generator.typeset.fonts import ensure_family, face_name

    palette = Palette(TEMPLATE)
    role = TEMPLATE.styles["role"]
    style = replace(role, align=align, min_size=role.size, even=False)
    ensure_family(style.font)
    font = face_name(style.font, style.face)
    squeezed = broken = 0
    for text in _lines_texts():
        line = max(text.split("<br/>"), key=lambda t: stringWidth(t, font, style.size))
        if line.count(" ") < 2 or plain_text(text, style, 1.0, 1e4, 1e4, palette) is None:
            continue  # a line of few words, or not plain lines
        natural = stringWidth(line, font, style.size)
        for width in (natural - 0.3, natural - 3):  # within the shrinkage, and beyond it
            plain = plain_text(text, style, 1.0, width, 100 * MM, palette)
            assert plain is not None and plain.breaks is not None
            fitted = fit_text(text, style, 1.0, width, 100 * MM, palette, "test")
            assert _lines_of(fitted.paragraphs[0]) == (plain.lines, plain.breaks), text
            rect = (30 * MM, 40 * MM, width, 100 * MM)
            assert _ops(_draw_line(plain, rect, "top")) == _ops(_draw_text(fitted, rect, "top"))
            squeezed += min(plain.lines)[0] < -1e-8
            broken += len(plain.lines) > len(text.split("<br/>"))
    assert squeezed >= 5 and broken >= 5, (squeezed, broken)


@pytest.mark.parametrize("align", ["center", "left"])
@pytest.mark.parametrize("name", ["name", "role", "kicker"])
def test_a_style_with_even_lines_draws_what_the_balanced_paragraph_draws(name, align) -> None:
    """A centred style evens its lines (fit_text, typeset/balance.py): plain_text breaks a
    text that wraps where fit_text does, and draws its lines as the paragraph with a line
    break at each draws them."""
    palette = Palette(TEMPLATE)
    style = replace(TEMPLATE.styles[name], align=align, even=True)
    evened = kept = 0
    for text in _texts() + _lines_texts():
        for width, height, valign in BOXES:
            plain = plain_text(text, style, 1.0, width, height, palette)
            if plain is None:
                continue
            _same_as_fitted(plain, text, style, (width, height, valign), palette)
            filled = plain_text(text, replace(style, even=False), 1.0, width, height, palette)
            if filled is not None and len(filled.lines) > len(text.split("<br/>")):
                evened += filled.lines != plain.lines
                kept += filled.lines == plain.lines
    assert evened >= 5 and kept >= 1, (evened, kept)


def test_plain_text_gives_up_where_fit_text_fails() -> None:
    """A text too long for its box even at the smallest size: fit_text says why."""
    palette = Palette(TEMPLATE)
    style = TEMPLATE.styles["name"]
    text = "Нұрсұлтанұлы " * 30
    assert plain_text(text, style, 1.0, 40 * MM, 10 * MM, palette) is None
    with pytest.raises(FitError):
        fit_text(text, style, 1.0, 40 * MM, 10 * MM, palette, "test")


def test_what_is_not_plain_words_is_left_to_fit_text() -> None:
    palette = Palette(TEMPLATE)
    serial = TEMPLATE.styles["serial"]
    wide, tall = 150 * MM, 20 * MM
    assert plain_text("№ 2026-0042", serial, 1.0, wide, tall, palette) is not None
    assert plain_text("<b>№</b> 2026", serial, 1.0, wide, tall, palette) is None  # markup
    assert plain_text("A &amp; B", serial, 1.0, wide, tall, palette) is None  # an entity
    assert plain_text("2 000 ₸", serial, 1.0, wide, tall, palette) is None  # a fallback face
    assert plain_text("№ 2026", serial, 1.0, wide, 1.0, palette) is None  # too low a box
    grows = replace(serial, max_size=serial.size * 2)
    assert plain_text("№ 2026", grows, 1.0, wide, tall, palette) is None  # grows to fit
    balanced = replace(serial, balance=0.5)
    assert plain_text("word " * 80, balanced, 1.0, wide, tall, palette) is None  # balanced
    assert plain_text("   ", serial, 1.0, wide, tall, palette) is None
    assert plain_text("a<br/>b", serial, 1.0, wide, tall, palette) is not None  # lines
    for markup in ("a<br/><br/>b", "a<br/>", "a  b<br/>c", "a<br/><b>b</b>", "a<br>b"):
        assert plain_text(markup, serial, 1.0, wide, tall, palette) is None, markup
    assert plain_text("a<br/>www.daryn-krg.kz", serial, 1.0, wide, tall, palette) is None


def test_a_record_that_fits_one_line_prints_the_same_text(tmp_path) -> None:
    """End to end: the serial and a short name, set alone, read back from the PDF."""
    from pdfminer.high_level import extract_text

    from generator.batch.jobs import Job, render

    event = load_event()
    assert event  # the default event's certificate, with a serial
    job = Job(str(TEMPLATE.folder))
    pdf = render(job, {"name": "Ана Ли", "role": "Спикер", "organisation": ""}, "№ 2026-0007")
    path = tmp_path / "one.pdf"
    path.write_bytes(pdf)
    text = extract_text(str(path))
    assert "Ана Ли" in text and "№ 2026-0007" in text


@pytest.mark.parametrize("name", ["role", "footer", "kicker", "signature"])
def test_lines_of_plain_words_get_the_frags_the_parser_makes(name: str) -> None:
    """A role over an organisation (``<br/>`` between plain words) is not parsed again for
    every record: its frags are the parser's, attribute for attribute, and the paragraph
    made of them sets and draws the same lines."""
    from reportlab.platypus.paraparser import ParaParser

    from generator.typeset.fallback import FallbackParagraph, plain_frags
    from generator.typeset.text import paragraph_style

    palette = Palette(TEMPLATE)
    style = TEMPLATE.styles[name]
    made = 0
    for size in (style.size, style.min_size):
        pstyle = paragraph_style(style, size, palette, splitLongWords=0)
        texts = _texts()
        for text in [*texts, *("<br/>".join(texts[i : i + n]) for n in (2, 3) for i in (0, 9))]:
            frags = plain_frags(text, pstyle)
            if frags is None:
                continue
            made += 1
            _, parsed, _ = ParaParser().parse(text, pstyle)
            assert [vars(f) for f in frags] == [vars(f) for f in parsed], text
            ours = FallbackParagraph(text, pstyle, frags=frags)
            theirs = FallbackParagraph(text, pstyle)
            assert ours.text == theirs.text
            assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags]
            assert [vars(f) for f in ours._parsed_frags] == [vars(f) for f in theirs._parsed_frags]
            assert ours.wrap(60 * MM, 1e6) == theirs.wrap(60 * MM, 1e6)
            canvases = [Canvas(io.BytesIO()), Canvas(io.BytesIO())]
            ours.drawOn(canvases[0], 30 * MM, 40 * MM)
            theirs.drawOn(canvases[1], 30 * MM, 40 * MM)
            assert canvases[0]._code == canvases[1]._code, text
    assert made >= 20
    pstyle = paragraph_style(style, style.size, palette)
    for markup in ("a<br/><br/>b", "<b>a</b>", "a &amp; b", "a  b<br/>c", " a<br/>b", "a<br/>"):
        assert plain_frags(markup, pstyle) is None, markup


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_one_run_is_written_as_its_text_object_writes_it(align: str, monkeypatch) -> None:
    """PlainText writes the text object of one run itself (its moves merged, the font set
    at the first text, T* after each line): the operators ReportLab's text object gives,
    for one line, wrapped and shrunk texts; a line whose spaces are squeezed (a word space)
    is left to the text object."""
    from generator.typeset.text import PlainText

    palette = Palette(TEMPLATE)
    written = left = 0
    for name in ("serial", "name", "footer"):
        style = replace(TEMPLATE.styles[name], align=align)
        for text in _texts():
            for width, height, _ in BOXES:
                plain = plain_text(text, style, 1.0, width, height, palette)
                if plain is None or plain.breaks is not None:
                    continue
                squeezed = replace(plain, lines=[(-0.5, w) for _, w in plain.lines])
                for case in (plain, squeezed):
                    ours = Canvas(io.BytesIO())
                    direct = case._text_object(ours, len(case.lines) * case.leading)
                    spaced = any(
                        extra <= -1e-8 and (len(w) > 1 or "\u00a0" in w[0])
                        for extra, w in case.lines
                    )
                    assert (direct is None) == spaced, text
                    written += direct is not None
                    left += direct is None
                    ours = Canvas(io.BytesIO())
                    case.draw(ours, 30 * MM, 40 * MM)
                    theirs = Canvas(io.BytesIO())
                    with monkeypatch.context() as m:
                        m.setattr(PlainText, "_text_object", lambda *_: None)
                        case.draw(theirs, 30 * MM, 40 * MM)
                    assert ours._code == theirs._code, text
    assert written >= 50 and left >= 20, (written, left)
