"""A plain text that fits one line is set by text.one_line with the operators ReportLab's
Paragraph writes for it (fit_text then drawOn), without the paragraph; anything else is
left to fit_text."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.api import find_template, load_event
from generator.typeset.layout import MM, _draw_line, _draw_text
from generator.typeset.text import Palette, fit_text, one_line

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


def _ops(draw) -> list[str]:
    canvas = Canvas(io.BytesIO())
    draw(canvas, None)
    return canvas._code


@pytest.mark.parametrize("align", ["left", "center", "right", "justify"])
@pytest.mark.parametrize("name", ["serial", "name", "kicker", "footer"])
def test_one_line_draws_what_the_paragraph_draws(name: str, align: str) -> None:
    palette = Palette(TEMPLATE)
    style = replace(TEMPLATE.styles[name], align=align)
    set_alone = 0
    for text in _texts():
        for width, height, valign in ((150 * MM, 20 * MM, "middle"), (60 * MM, 6 * MM, "top")):
            line = one_line(text, style, 1.0, width, height, palette)
            if line is None:
                continue
            fitted = fit_text(text, style, 1.0, width, height, palette, "test")
            set_alone += 1
            assert len(fitted.paragraphs) == 1
            assert fitted.size == line.size and fitted.height == line.height
            rect = (30 * MM, 40 * MM, width, height)
            ours = _ops(_draw_line(line, rect, valign))
            assert ours == _ops(_draw_text(fitted, rect, valign)), text
    assert set_alone >= 10  # the case is common, not an accident of the sample


def test_what_is_not_one_plain_line_is_left_to_fit_text() -> None:
    palette = Palette(TEMPLATE)
    serial = TEMPLATE.styles["serial"]
    wide, tall = 150 * MM, 20 * MM
    assert one_line("№ 2026-0042", serial, 1.0, wide, tall, palette) is not None
    assert one_line("<b>№</b> 2026", serial, 1.0, wide, tall, palette) is None  # markup
    assert one_line("A &amp; B", serial, 1.0, wide, tall, palette) is None  # an entity
    assert one_line("2 000 ₸", serial, 1.0, wide, tall, palette) is None  # a fallback face
    assert one_line("word " * 80, serial, 1.0, wide, tall, palette) is None  # two lines
    assert one_line("№ 2026", serial, 1.0, wide, 1.0, palette) is None  # too low a box
    grows = replace(serial, max_size=serial.size * 2)
    assert one_line("№ 2026", grows, 1.0, wide, tall, palette) is None  # grows to fit
    assert one_line("   ", serial, 1.0, wide, tall, palette) is None


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
