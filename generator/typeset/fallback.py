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

from .drawlines import draw_lines
from .fonts import font_runs
from .shaping import shape_word

# ReportLab's breakLines kerns each word with ttfonts.shapeFragWord, which sets a word cut
# into runs of several faces (a fallback character bound to its number) in the first face:
# the other faces' characters come out as wrong glyphs. Its name in the paragraph module is
# the only one breakLines reads; shape_word gives the same result for every other word.
_rl_paragraph.shapeFragWord = shape_word


# font_runs' answers by (text, font): a brochure cuts its paragraphs' runs at every size it
# weighs, the same texts (the faces and their fallbacks do not change in a process).
_RUNS: dict[tuple[str, str], list[tuple[str, str]]] = {}
_RUNS_SIZE = 4096


def split_frags(frags: list[Any]) -> list[Any]:
    """The frags, each run with missing characters cut into runs of the faces that have them."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or not hasattr(frag, "fontName"):
            out.append(frag)
            continue
        key = (text, frag.fontName)
        runs = _RUNS.get(key)
        if runs is None:
            if len(_RUNS) >= _RUNS_SIZE:
                _RUNS.clear()
            runs = _RUNS[key] = font_runs(text, frag.fontName)
        if len(runs) == 1:
            out.append(frag)
            continue
        out.extend(frag.clone(text=run, fontName=face) for run, face in runs)
    return out


class FallbackParagraph(Paragraph):
    """A ReportLab Paragraph whose characters missing from a font come from its fallbacks.
    Its lines of plain runs are written straight from its set lines (:mod:`.drawlines`);
    the rest ReportLab draws, through a text object that writes kerned words faster and
    puts each link's rectangle over its drawn text (:class:`.scaledtext.KernedText`)."""

    _linked = False

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab's name)
        if not debug and draw_lines(self):
            return
        para = self.blPara
        lines = para.lines if para.kind == 1 else []
        self._linked = any(getattr(w, "link", None) for line in lines for w in line.words)
        super().drawPara(debug)

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (ReportLab's name)
        from .scaledtext import KernedText

        text = KernedText(self.canv, x, y)  # what the canvas would give, kerned faster
        text.links = self._linked
        return text

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        parsed = frags is None  # split-off parts arrive with their frags already cut
        if isinstance(frags, ParsedFrags):  # as the parser makes them: the same steps after
            text, frags, parsed = cleaner(text), list(frags), True
        super()._setup(text, style, bulletText, frags, cleaner)
        if parsed:
            self._parsed_frags = self.frags  # ReportLab's own, before the faces are cut in
            self.frags = split_frags(self.frags)


class ParsedFrags(list):  # type: ignore[type-arg]
    """Frags as ReportLab's parser makes them of a paragraph's markup (see ``plain_frags``):
    a FallbackParagraph given these treats them as its own parse."""


_BREAK = "<br/>"
_SKELETONS: dict[tuple, list[Any]] = {}  # (font, size, colour, lines) -> a parse's frags


def plain_frags(text: str, style: Any) -> ParsedFrags | None:
    """The frags ReportLab's parser makes of plain words in lines (``<br/>`` between them,
    as a role over an organisation), or None for any other markup. The parse of a text of
    the same shape (as many lines, the same style) is kept, and its frags given each line's
    words: a record's text is not parsed again. Words with one space between them, no
    entity, no other tag: the parser keeps them as they are."""
    lines = plain_lines(text)
    if lines is None or getattr(style, "textTransform", None):
        return None
    key = (style.fontName, style.fontSize, style.textColor, len(lines))
    skeleton = _SKELETONS.get(key)
    if skeleton is None:
        from reportlab.platypus.paraparser import ParaParser

        parser = ParaParser()
        parser.caseSensitive = 1  # as Paragraph's own
        _, parsed, bullet = parser.parse(_BREAK.join("x" * len(lines)), style)
        if parsed is None or bullet or [f.text for f in parsed] != _shape(len(lines)):
            return None
        if len(_SKELETONS) >= 256:
            _SKELETONS.clear()
        skeleton = _SKELETONS[key] = parsed
    # One parse's frags share their link and underline lists: fresh ones for each text.
    link: list[Any] = []
    us_lines: list[Any] = []
    words = iter(lines)
    return ParsedFrags(
        f.clone(link=link, us_lines=us_lines, **({} if f.text == "" else {"text": next(words)}))
        for f in skeleton
    )


def plain_lines(text: str) -> list[str] | None:
    """The lines of a text of plain words with ``<br/>`` between them (one space between
    words, no entity, no other tag, no empty line), else None."""
    lines = text.split(_BREAK)
    for line in lines:
        if not line or "<" in line or ">" in line or "&" in line or line != " ".join(line.split()):
            return None
    return lines


def _shape(count: int) -> list[str]:
    """The frag texts of a parse of ``count`` lines of one word "x": each line, a break."""
    return ["x", *["", "x"] * (count - 1)]
