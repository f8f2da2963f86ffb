"""Text objects for our paragraphs: kerned words written faster (:class:`KernedText`), and
glyph expansion and letter spacing on the page (:class:`ScaledText`: each line scaled with PDF
``Tz`` and letter-spaced with ``Tc``)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject

__all__ = ["KernedText", "PDFTextObject", "ScaledText"]


class KernedText(PDFTextObject):
    """ReportLab's text object, writing a kerned (shaped) word's glyphs and adjustments in
    one pass where ReportLab's ``_formatText`` builds and groups a list item by item.

    The operators are ReportLab's own, character for character: each run of glyphs of one
    font subset becomes ``(…) Tj``, or ``[(…) n (…)] TJ`` with every run of adjustments
    summed in order and dropped when it prints as 0. Words with vertical offsets (which
    need rises) and anything not kerned go to ReportLab's method.
    """

    # A paragraph with links follows its lines' text as it is written (``links``), so that
    # each link's rectangle is where its text is drawn: ReportLab's own starts a link before
    # the word spacing of the spaces ahead of it and knows nothing of Tz and Tc.
    links = False
    _tz, _tc = 100.0, 0.0  # the line's horizontal scale (percent) and letter spacing
    _along = 0.0  # how far the line's text has come from its start
    _began = _ended = 0.0  # where the text last written begins and ends, spaces left out

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803 (ReportLab's)
        if self.links:
            self._follow(text)
            if TStar:
                self._along = 0.0
        super()._textOut(text, TStar)

    def _follow(self, text: str) -> None:
        word = getattr(self, "_wordSpace", 0) or 0.0

        def width(part: str) -> float:
            spaces = part.count(" ") + part.count("\xa0")
            drawn = self._canvas.stringWidth(part, self._fontname, self._fontsize)
            return (drawn + spaces * word + len(part) * self._tc) * self._tz / 100

        start = self._x0 + self._along
        body = text.lstrip(" \xa0")
        self._began = start + width(text[: len(text) - len(body)])
        self._along += width(text)
        self._ended = self._began + width(body.rstrip(" \xa0"))

    def _linkRecord(self, link: object, what: str) -> None:  # noqa: N802 (ReportLab's hook)
        """Called by ReportLab as a link starts (after its first text is written) and ends:
        its rectangle's left and right edges put where the text is drawn."""
        if not self.links:
            return
        found = self.XtraState.links  # type: ignore[attr-defined]
        if what == "start":
            # From the font's descent to its ascent: the rectangle holds "p" and "g" too.
            _, low, high = found[link]
            size, font = self._fontsize, self._fontname
            low, high = min(low, getDescent(font, size)), max(high, getAscent(font, size))
            found[link] = ((link, self._began), low, high)
        else:
            inner, _ = found[link]
            found[link] = (inner, self._ended)

    def _formatText(self, text: str) -> str:  # noqa: N802 (ReportLab's name)
        if not isinstance(text, ShapedStr):
            return super()._formatText(text)
        font = getFont(self._fontname)
        data = text.__shapeData__
        if not (font._dynamicFont and font.shapable) or any(
            sd.y_offset or sd.cluster < 0 for sd in data
        ):
            return super()._formatText(text)
        canvas = self._canvas
        doc = canvas._doc
        escape = canvas._escape
        out: list[str] = []
        head = None
        start = 0
        for subset, chunk in _split(font, text, doc):
            if subset != self._curSubset:
                if head is None:
                    head = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                out.append(f"{font.getSubsetInternalName(subset, doc)} {head}")
                self._curSubset = subset
            end = start + len(chunk)
            parts: list[str] = []
            glyphs = bytearray()
            adjust: list[float] = []
            for sd, code in zip(data[start:end], chunk, strict=True):
                shift = -sd.x_offset
                if shift:
                    if glyphs:
                        parts.append(f"({escape(bytes(glyphs))})")
                        glyphs.clear()
                    adjust.append(shift)
                if adjust:
                    value = fp_str(sum(adjust))
                    if value != "0":
                        parts.append(value)
                    adjust.clear()
                glyphs.append(code)
                shift = sd.width - sd.x_advance + sd.x_offset
                if shift:
                    parts.append(f"({escape(bytes(glyphs))})")
                    glyphs.clear()
                    adjust.append(shift)
            if glyphs:
                parts.append(f"({escape(bytes(glyphs))})")
            elif adjust:
                value = fp_str(sum(adjust))
                if value != "0":
                    parts.append(value)
            start = end
            if len(parts) == 1 and parts[0].startswith("("):
                out.append(f"{parts[0]} Tj")
            else:
                out.append(f"[{' '.join(parts)}] TJ")
        return " ".join(out)


def _split(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: when every character already has its code in the
    document's first subset (nearly every line after the first few), read from the codes
    given, without ReportLab's character by character walk."""
    state = font.state.get(doc)
    if state is not None:
        given = state.assignments
        try:
            codes = bytes([given[c] for c in map(ord, text.replace("\xa0", " "))])
        except (KeyError, ValueError):  # a character new to the document, or past subset 0
            pass
        else:
            return [(0, codes)] if codes else []
    return font.splitString(text, doc)


class ScaledText(KernedText):
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
