"""Kerned words written by KernedText: ReportLab's own operators, character for character."""

from __future__ import annotations

import io

from reportlab.lib.abag import ABag
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from generator.api import load_event
from generator.typeset.fonts import ensure_family, face_name
from generator.typeset.scaledtext import KernedText


def test_kerned_words_are_written_as_reportlab_writes_them() -> None:
    ensure_family("PTSerif")
    words = set(load_event().article.text.split()) | {"AVAVA", "Ta.", "«Yo»", "₸"}
    canvas = Canvas(io.BytesIO())
    compared = 0
    for face in (face_name("PTSerif", "regular"), face_name("PTSerif", "italic")):
        for size in (9.5, 30):
            ours, theirs = KernedText(canvas, 10, 10), PDFTextObject(canvas, 10, 10)
            for tx in (ours, theirs):
                tx.setFont(face, size, size * 1.3)
            # Whole lines too: a line's words are joined into one shaped string.
            frag = ABag(fontName=face, fontSize=size)
            shaped = []
            for text in sorted(words):
                word = shapeFragWord([stringWidth(text, face, size), (frag, text)])
                if isinstance(word[1][1], ShapedStr):
                    shaped.append(word[1][1])
            lines = [shaped[i] + " " + shaped[i + 1] for i in range(0, len(shaped) - 1, 2)]
            for text in shaped + lines:
                expected = theirs._formatText(text)
                assert ours._formatText(text) == expected
                compared += 1
            assert ours._curSubset == theirs._curSubset
    assert compared > 200


def test_marks_offsets_and_adjustments_that_cancel_are_written_as_reportlab_writes_them() -> None:
    """Glyph data no font of ours gives yet: marks placed with an offset, a kern taken back
    by the next glyph's offset (a sum that prints as 0), adjustments at the ends."""
    import random

    from reportlab.pdfbase.ttfonts import ShapeData

    ensure_family("PTSerif")
    face = face_name("PTSerif", "regular")
    canvas = Canvas(io.BytesIO())
    ours, theirs = KernedText(canvas, 10, 10), PDFTextObject(canvas, 10, 10)
    for tx in (ours, theirs):
        tx.setFont(face, 11, 13)
    pick = random.Random(7)
    values = (0, 0, 0, 0, 0.0, 12, -12, 35.5, -0.0004, 0.0004, 250)
    compared = 0
    for length in (1, 2, 3, 5, 8, 13, 40):
        for _ in range(60):
            text = "".join(pick.choice("Қазақстан Ассамблеясы") for _ in range(length))
            data = []
            for _ in text:
                advance = pick.choice((500, 520, 610))
                data.append(
                    ShapeData(0, advance, 0, pick.choice(values), 0, advance + pick.choice(values))
                )
            shaped = ShapedStr(text, shapeData=data)
            assert ours._formatText(shaped) == theirs._formatText(shaped), data
            compared += 1
    assert compared == 7 * 60


def test_words_not_kerned_are_written_as_reportlab_writes_them() -> None:
    """Text that is no kerned string (a word kerning leaves alone, a line of such words, an
    empty text), also past its first subset: characters new to a document get the codes
    ReportLab's walk gives them (each text object writes to a document of its own)."""
    ensure_family("PTSerif")
    face = face_name("PTSerif", "regular")
    ours = KernedText(Canvas(io.BytesIO()), 10, 10)
    theirs = PDFTextObject(Canvas(io.BytesIO()), 10, 10)
    for tx in (ours, theirs):
        tx.setFont(face, 11, 13)
    texts = ["", "ӘЛЕМ", "ақпан\xa02026", "ӘЛЕМ мен ӘЛЕМ", *load_event().article.text.split("\n")]
    texts += [chr(c) for c in (*range(0x100, 0x17F), *range(0x410, 0x4FF)) if chr(c).isalpha()]
    written = [ours._formatText(text) for text in texts]  # (more than 256 characters)
    assert written == [theirs._formatText(text) for text in texts]
    assert ours._curSubset == theirs._curSubset
    assert any("+1 " in code for code in written)  # a character of the second subset
