"""Drawing a paragraph's set lines straight to its text object, for plain runs of text.

ReportLab's ``Paragraph.drawPara`` draws a line of frags through ``_putFragLine``, which
measures every frag (``stringWidth``, the trailing spaces of the one before) and keeps the
places where links, underlines and background colours start and end; for frags with none
of these it writes nothing from them. :func:`draw_lines` writes the same operators, in the
same order, through the same text object (kerning, ``Tz`` and ``Tc`` are the text object's:
:mod:`.scaledtext`), without the measuring: the PDF is the same bytes. Anything else
(images, links, underlines, background colours, rises, bullets, borders, automatic leading,
right-to-left text, end dots) is left to ReportLab (False).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.platypus import paragraph as _rl

__all__ = ["draw_lines"]


def _plain(word: Any) -> bool:
    """Whether ReportLab's _putFragLine writes this frag as its text and nothing else."""
    return not (
        hasattr(word, "cbDefn")
        or getattr(word, "link", None)
        or getattr(word, "us_lines", None)
        or getattr(word, "backColor", None)
        or word.rise
    )


def draw_lines(paragraph: Any) -> bool:
    """Draw a wrapped paragraph's lines (ReportLab's kind 1) as ``drawPara`` would; False,
    drawing nothing, where it has more than plain runs of text."""
    style = paragraph.style
    para = paragraph.blPara
    lines = para.lines
    alignment = style.alignment
    if (
        para.kind != 1
        or not lines
        or paragraph.bulletText
        or alignment not in (TA_JUSTIFY, TA_LEFT)
        or style.backColor
        or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
        or style.wordWrap == "RTL"
        or style.endDots
        or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) in ("min", "max")
        or not all(_plain(word) for line in lines for word in line.words)
    ):
        return False
    canvas = paragraph.canv
    leading = style.leading
    count = len(lines)
    offsets = list(getattr(paragraph, "_offsets", None) or [0])
    offsets += (count - len(offsets)) * [offsets[-1]]
    offsets[0] += style.firstLineIndent
    canvas.saveState()
    first = lines[0]
    if _rl.paraFontSizeHeightOffset:
        cur_y = paragraph.height - first.fontSize
    else:
        cur_y = paragraph.height - getattr(first, "ascent", first.fontSize)
    paragraph._linked = False  # no link: the text object need not follow the text
    tx = paragraph.beginText(style.leftIndent, cur_y)
    tx.preformatted = "preformatted" in paragraph.__class__.__name__.lower()
    _rl._setTXLineProps(tx, canvas, style)
    tx.direction = style.wordWrap
    xs = tx.XtraState = ABag()
    xs.textColor = None
    xs.rise = 0
    xs.cur_y = cur_y
    xs.style = style
    tx._leading = None
    tx._olb = None
    tx._fontname, tx._fontsize = None, None
    last_line = count - 1
    plain_last = not getattr(paragraph, "_JustifyLast", False)
    most_words = style.justifyLastLine
    justify = alignment == TA_JUSTIFY
    color = None
    for i, line in enumerate(lines):
        offset = offsets[i]
        tx._x_offset = offset
        if offset > 1e-6 or offset < -1e-6:
            tx.setXPos(offset)
        extra = line.extraSpace
        words = line.words
        if justify:
            last = plain_last and i == last_line
            if last and most_words and line.wordCount > most_words:
                last = False
            simple = line.lineBreak or -1e-8 < extra <= 1e-8 or (last and extra > -1e-8)
        else:
            simple = extra > -1e-8 or getattr(line, "preformatted", False)
        if not simple:
            spaces = line.wordCount + sum(w.text.count("\xa0") for w in words) - 1
            simple = spaces <= 0
            if not simple:
                tx.setWordSpace(extra / float(spaces))
        if tx._leading != leading:
            tx.setLeading(leading)
        end = words[-1]
        for word in words:
            if tx._fontname != word.fontName or tx._fontsize != word.fontSize:
                tx._setFont(word.fontName, word.fontSize)
            if color != word.textColor:
                color = xs.textColor = word.textColor
                tx.setFillColor(color)
            tx._textOut(word.text, word is end)
        if not simple:
            tx.setWordSpace(0)
        if offset > 1e-6 or offset < -1e-6:
            tx.setXPos(-offset)
    canvas.drawText(tx)
    canvas.restoreState()
    return True
