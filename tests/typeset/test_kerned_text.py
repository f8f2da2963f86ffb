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
