"""Glyph expansion and letter spacing on the page: a ReportLab text object that scales
(PDF ``Tz``) and letter-spaces (``Tc``) each line."""

from __future__ import annotations

from reportlab.pdfgen.textobject import PDFTextObject

__all__ = ["PDFTextObject", "ScaledText"]


class ScaledText(PDFTextObject):
    """A text object that sets each line's horizontal scale (``Tz``) before its first glyph.

    ReportLab draws a line's frags one after another and ends it with ``T*``; positions
    inside a line follow the glyph advances, which ``Tz`` scales together with the word
    spacing, so the justified line grows by exactly its scale. A line's letter spacing
    (``Tc``, points after each glyph, scaled by ``Tz`` too) is set the same way; the line
    breaker has already taken it out of the width ReportLab justifies the line to.
    Extracted text is unchanged.
    """

    def __init__(
        self, canvas: object, x: float, y: float, scales: list[float], tracks: list[float] = ()
    ) -> None:
        super().__init__(canvas, x, y)
        self._scales = iter(scales)
        self._tracks = iter(tracks)
        self._tz = 100.0
        self._tc = 0.0
        self._line_open = False

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803 (ReportLab's)
        if not self._line_open:
            self._line_open = True
            tz = round(100 * next(self._scales, 1.0), 2)
            if tz != self._tz:
                self._code.append(f"{tz:g} Tz")
                self._tz = tz
            tc = round(next(self._tracks, 0.0), 4)
            if tc != self._tc:
                self._code.append(f"{tc:g} Tc")
                self._tc = tc
        super()._textOut(text, TStar)
        if TStar:
            self._line_open = False

    def getCode(self) -> str:  # noqa: N802 (ReportLab's)
        if self._tz != 100.0:
            self._code.append("100 Tz")
        if self._tc:
            self._code.append("0 Tc")
        return super().getCode()
