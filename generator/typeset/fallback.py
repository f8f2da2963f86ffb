"""Paragraphs that draw each character from the first face of its font's fallback chain.

ReportLab draws a run of text in one font. After it parses a paragraph's markup into runs
(frags), every run holding characters its font lacks is cut, and those characters are given
to the fallback face that has them (fonts.toml, :func:`.fonts.font_runs`): same size, colour
and style, the weight matched. Re-parsing (as :class:`.paragraphs.KazakhParagraph` does when it
sets its lines) goes through the same step, so widths are measured in the faces that draw.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import Paragraph

from .fonts import font_runs
from .shaping import shape_word

# ReportLab's breakLines kerns each word with ttfonts.shapeFragWord, which sets a word cut
# into runs of several faces (a fallback character bound to its number) in the first face:
# the other faces' characters come out as wrong glyphs. Its name in the paragraph module is
# the only one breakLines reads; shape_word gives the same result for every other word.
_rl_paragraph.shapeFragWord = shape_word


def split_frags(frags: list[Any]) -> list[Any]:
    """The frags, each run with missing characters cut into runs of the faces that have them."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or not hasattr(frag, "fontName"):
            out.append(frag)
            continue
        runs = font_runs(text, frag.fontName)
        if len(runs) == 1:
            out.append(frag)
            continue
        out.extend(frag.clone(text=run, fontName=face) for run, face in runs)
    return out


class FallbackParagraph(Paragraph):
    """A ReportLab Paragraph whose characters missing from a font come from its fallbacks.
    One with links (web addresses) is drawn by a text object that puts each link's
    rectangle over its drawn text (:class:`.scaledtext.KernedText`)."""

    _linked = False

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab's name)
        para = self.blPara
        lines = para.lines if para.kind == 1 else []
        self._linked = any(getattr(w, "link", None) for line in lines for w in line.words)
        super().drawPara(debug)

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (ReportLab's name)
        if not self._linked:
            return super().beginText(x, y)
        from .scaledtext import KernedText

        text = KernedText(self.canv, x, y)
        text.links = True
        return text

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        parsed = frags is None  # split-off parts arrive with their frags already cut
        super()._setup(text, style, bulletText, frags, cleaner)
        if parsed:
            self._parsed_frags = self.frags  # ReportLab's own, before the faces are cut in
            self.frags = split_frags(self.frags)
