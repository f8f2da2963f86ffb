"""Text objects for our paragraphs: kerned words written faster (:class:`KernedText`), and
glyph expansion and letter spacing on the page (:class:`ScaledText`: each line scaled with PDF
``Tz`` and letter-spaced with ``Tc``)."""

from __future__ import annotations

from itertools import compress
from operator import add, attrgetter, sub
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject

__all__ = ["KernedText", "PDFTextObject", "ScaledText", "split_string"]


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
        font = getFont(self._fontname)
        if not isinstance(text, ShapedStr):
            if not (font._dynamicFont and isinstance(text, str)):
                return super()._formatText(text)
            return self._runs(font, text, None)
        data = text.__shapeData__
        flat = text.__dict__.get("_kz_flat")  # no rise, no cluster before the first: kept
        if flat is None:
            flat = not any(map(_RISE, data)) and not (data and min(map(_CLUSTER, data)) < 0)
            text._kz_flat = flat
        if not (font._dynamicFont and font.shapable) or not flat:
            return super()._formatText(text)
        return self._runs(font, text, data)

    def _runs(self, font: Any, text: str, data: list | None) -> str:
        """ReportLab's ``_formatText`` of text in a TrueType face, kerned (``data``, its
        glyphs' shape data) or not: each run of one subset as ``(…) Tj`` or, kerned,
        ``[(…) n (…)] TJ``, the subset's font set where it changes."""
        doc = self._canvas._doc
        escape = self._canvas._escape
        how = getattr(escape, "__func__", escape)  # the escaping kept words were written with
        out: list[str] = []
        head = None
        start = 0
        for subset, chunk in split_string(font, text, doc):
            if subset != self._curSubset:
                if head is None:
                    head = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                out.append(f"{font.getSubsetInternalName(subset, doc)} {head}")
                self._curSubset = subset
            if data is None:
                out.append(f"({escape(chunk)}) Tj")
                continue
            end = start + len(chunk)
            whole = not start and end == len(text)
            kept = text.__dict__.get("_kz_shown") if whole else None
            if kept is not None and kept[0] == chunk and kept[1] is how:
                out.append(kept[2])  # this word drawn before with these codes
                start = end
                continue
            parts = _glyph_runs(chunk, data[start:end], escape)
            start = end
            if len(parts) == 1 and parts[0].startswith("("):
                shown = f"{parts[0]} Tj"
            else:
                shown = f"[{' '.join(parts)}] TJ"
            if whole:
                # Kept with the shaped word (its frag's, kept with its paragraph's lines): a
                # build that draws it again with the same codes writes the same operator.
                text._kz_shown = (chunk, how, shown)
            out.append(shown)
        return " ".join(out)


_RISE = attrgetter("y_offset")
_CLUSTER = attrgetter("cluster")
_OFFSET = attrgetter("x_offset")
_ADVANCE = attrgetter("x_advance")
_WIDTH = attrgetter("width")


def _glyph_runs(chunk: bytes, data: list, escape: Any) -> list[str]:
    """The parts of a run of kerned glyphs' ``TJ`` as ReportLab's ``_formatText`` makes them
    (``(glyphs)`` and adjustments, each run of adjustments summed in order and left out
    where it prints as 0): before a glyph its offset taken back, after it its width less
    its advance plus its offset. Only the glyphs where either is not 0, and the glyphs
    after those, are looked at one by one (a few a line); the others stay in their runs."""
    n = len(chunk)
    offsets = list(map(_OFFSET, data))
    after = list(map(add, map(sub, map(_WIDTH, data), map(_ADVANCE, data)), offsets))
    where = list(compress(range(n), after))
    stops = set(where)
    stops.update(compress(range(n), offsets))
    stops.update(i + 1 for i in where)
    stops.discard(n)
    parts: list[str] = []
    adjust: list[float] = []
    run = 0  # where the glyphs not yet written begin
    for i in sorted(stops):
        shift = -offsets[i]
        if shift:
            if run < i:
                parts.append(f"({escape(chunk[run:i])})")
                run = i
            adjust.append(shift)
        if adjust:
            value = fp_str(sum(adjust))
            if value != "0":
                parts.append(value)
            adjust.clear()
        shift = after[i]
        if shift:
            parts.append(f"({escape(chunk[run : i + 1])})")
            run = i + 1
            adjust.append(shift)
    if run < n:
        parts.append(f"({escape(chunk[run:])})")
    elif adjust:
        value = fp_str(sum(adjust))
        if value != "0":
            parts.append(value)
    return parts


def split_string(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: when every character has its code in the document's
    first subset (nearly every line after the first few), read from the codes given,
    without ReportLab's character by character walk. Characters new to the document are
    given theirs first, by ReportLab in the order they first appear (the order it gives
    them in): the same codes as a walk of the whole text."""
    state = font.state.get(doc)
    if state is None:
        return font.splitString(text, doc)
    given = state.assignments
    text = text.replace("\xa0", " ")
    try:
        codes = bytes([given[c] for c in map(ord, text)])
    except KeyError:  # a character new to the document
        font.splitString("".join(dict.fromkeys(c for c in text if ord(c) not in given)), doc)
        try:
            codes = bytes([given[c] for c in map(ord, text)])
        except (KeyError, ValueError):  # one the font lacks, or one past subset 0
            return font.splitString(text, doc)
    except ValueError:  # a character past subset 0
        return font.splitString(text, doc)
    return [(0, codes)] if codes else []


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
