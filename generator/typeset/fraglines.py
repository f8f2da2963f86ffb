"""ReportLab's lines for a paragraph whose breaks are already chosen, made directly.

:class:`.paragraphs.KazakhParagraph` ends each planned line with a ``<br/>`` and lets
ReportLab's ``Paragraph.breakLines`` build the lines its drawing reads (``FragLine``: the
line's frags with their texts joined, word count, extra space, ascent). ReportLab fills one
word at a time: it sums the spaces of the line so far at every word, to test whether the
word still fits, and joins the texts one by one (a kerned text's glyph data copied at each
join). Where every line fits, as planned, the result is only the lines' sums: this module
makes those same objects, value for value, in one pass, and returns None wherever ReportLab
would do anything else (a word that does not fit, a long word split, an inline image, soft
hyphens, right-to-left text), so that ReportLab sets that paragraph itself.

The fit test is ReportLab's own arithmetic, done only for a word that passes the column's
width (the shrunk spaces can only widen the limit). ``tests/typeset/test_fraglines.py``
compares the lines with ReportLab's for the test events' paragraphs.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, _sdSimple
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _FK_TEXT,
    FragLine,
    ParaLines,
    _HSFrag,
    _InjectedFrag,
    _SHYWord,
    _SplitFrag,
    sameFrag,
)

__all__ = ["set_lines"]

_SPACES: dict[tuple[str, float], float] = {}  # the width of " " by font and size
_BOUNDS: dict[tuple[str, float], tuple[float, float]] = {}  # ascent and descent likewise


_SIZES = 4096  # faces x sizes kept; past it the two tables start again


def _space(name: str, size: float) -> float:
    width = _SPACES.get((name, size))
    if width is None:
        if len(_SPACES) > _SIZES:
            _SPACES.clear()
        width = _SPACES[(name, size)] = stringWidth(" ", name, size)
    return width


def _bounds(name: str, size: float) -> tuple[float, float]:
    bounds = _BOUNDS.get((name, size))
    if bounds is None:
        if len(_BOUNDS) > _SIZES:
            _BOUNDS.clear()
        bounds = _BOUNDS[(name, size)] = getAscentDescent(name, size)
    return bounds


def _ends_in_space(parts: list[str]) -> bool:
    for part in reversed(parts):
        if part:
            return part[-1] == " "
    return False


def _joined(parts: list[str]) -> str:
    """The parts as ReportLab's ``+=`` joins them: a kerned text (ShapedStr) keeps its glyph
    data, and plain characters added to one get ReportLab's data for a simple character."""
    if len(parts) == 1:
        return parts[0]
    text = "".join(parts)
    if not any(isinstance(p, ShapedStr) for p in parts):
        return text
    data: list = []
    for p in parts:
        if isinstance(p, ShapedStr):
            data += p.__shapeData__
        else:
            data += [_sdSimple] * len(p)
    return ShapedStr(text, shapeData=data)


def set_lines(para: Any, words: list, widths: list[float]) -> ParaLines | None:
    """What ``para.breakLines(widths)`` returns for ``words``, its kerned frag words with a
    ``<br/>`` word at each planned line end; None where ReportLab would break elsewhere or
    do more than fill the lines (then ask ReportLab). Sets ``para``'s attributes as
    ReportLab's breakLines does."""
    style = para.style
    wrap = style.wordWrap
    shrinkage = style.spaceShrinkage
    if (
        not words
        or (wrap and wrap.upper() in ("RTL", "LTR"))
        or para.bulletText is not None
        or shrinkage < 0  # the limit below the column: every word would need the test
    ):
        return None
    split_long = style.splitLongWords
    keep_breaks = not style.justifyBreaks
    last_width = len(widths) - 1
    lineno = 0
    max_width = widths[0]
    width_max = 0
    lines: list[FragLine] = []
    frags: list[Any] = []  # the line's frags (clones), as ReportLab's ``words``
    texts: list[list[str]] = []  # each clone's text, in parts
    src = None  # the frag the last clone was made of: the same frag is the same style
    first = 0  # index of the word the line starts at (ReportLab's sFW)
    n = 0
    space_width = current = 0.0
    max_size = max_ascent = min_descent = 0.0
    for index, w in enumerate(words):
        if (
            not isinstance(w, list)  # frags not made into words (kerning off): ReportLab's
            or isinstance(w, (_SplitFrag, _SHYWord))
            or type(w[0]) not in (int, float)
        ):
            return None
        f = w[1][0]
        if hasattr(f, "cbDefn"):
            return None
        last = w[-1][0]
        font_name = last.fontName
        if not frags:
            n = 0
            space_width = current = 0
            max_size = last.fontSize
            max_ascent, min_descent = _bounds(font_name, max_size)
        word_width = w[0]
        new = current + space_width + word_width if word_width > 0 else current
        if f._fkind == _FK_BREAK:
            frags.append(f.clone())
            texts.append([])
            if current > width_max:
                width_max = current
            lines.append(
                FragLine(
                    extraSpace=max_width - current,
                    wordCount=n,
                    lineBreak=keep_breaks and not isinstance(w, _InjectedFrag),
                    words=frags,
                    fontSize=max_size,
                    ascent=max_ascent,
                    descent=min_descent,
                    maxWidth=max_width,
                    sFW=first,
                )
            )
            _finish(frags, texts)
            first = index
            lineno += 1
            max_width = widths[min(last_width, lineno)]
            frags, texts, src = [], [], None
            continue
        if new > max_width:  # past the column: ReportLab's test with the shrunk spaces
            limit = max_width
            if shrinkage:
                shrink = space_width
                for wi, parts in zip(frags, texts, strict=True):
                    if wi._fkind == _FK_TEXT:
                        spaces = "".join(parts).count(" ")
                        if spaces:
                            shrink += spaces * stringWidth(" ", wi.fontName, wi.fontSize)
                shrink *= shrinkage
                limit += shrink
            if new > limit:
                if n > 0:
                    return None  # ReportLab ends the line before this word
                if split_long and word_width > widths[min(lineno, last_width)]:
                    return None  # ReportLab cuts a word longer than the line
        text = w[1][1]
        if text:
            n += 1
        font_size = f.fontSize
        ascent, descent = _bounds(f.fontName, font_size)
        if font_size > max_size:
            max_size = font_size
        if ascent > max_ascent:
            max_ascent = ascent
        if descent < min_descent:
            min_descent = descent
        if not frags:
            frags.append(f.clone())
            texts.append([text])
            src = f
        elif not (f is src and "lineBreak" not in f.__dict__) and not sameFrag(frags[-1], f):
            if space_width:
                for i in range(len(frags) - 1, -1, -1):
                    if frags[i]._fkind == _FK_TEXT:
                        if not _ends_in_space(texts[i]):
                            texts[i].append(" ")
                        break
            frags.append(f.clone())
            texts.append([text])
            src = f
        elif space_width and not _ends_in_space(texts[-1]):
            texts[-1] += (" ", text)
        else:
            texts[-1].append(text)
        # The space after this word: the last piece's font at the first piece's size, as
        # ReportLab reads them.
        space_width = _space(font_name, font_size) if isinstance(w, _HSFrag) else 0
        pieces = False
        for piece, piece_text in w[2:]:
            frags.append(piece.clone())
            texts.append([piece_text])
            src = piece
            if piece_text:
                pieces = True
            size = piece.fontSize
            ascent, descent = _bounds(piece.fontName, size)
            if size > max_size:
                max_size = size
            if ascent > max_ascent:
                max_ascent = ascent
            if descent < min_descent:
                min_descent = descent
        if not text and pieces:
            n += 1
        current = new
    if frags:
        if current > width_max:
            width_max = current
        lines.append(
            FragLine(
                extraSpace=max_width - current,
                wordCount=n,
                lineBreak=False,
                words=frags,
                fontSize=max_size,
                ascent=max_ascent,
                descent=min_descent,
                maxWidth=max_width,
                sFW=first,
            )
        )
        _finish(frags, texts)
    para._width_max = width_max
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    para.frags = list(words)
    return ParaLines(kind=1, lines=lines)


def _finish(frags: list, texts: list[list[str]]) -> None:
    """Give each clone of a line its joined text (a <br/>'s keeps its own)."""
    for g, parts in zip(frags, texts, strict=True):
        if parts:
            g.text = _joined(parts)
