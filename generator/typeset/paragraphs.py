"""Justified, hyphenated Kazakh paragraphs for ReportLab.

Why the lines are broken here and not by ReportLab 5.1:

* ReportLab hyphenates a word only if it matches the private ``_hy_letters`` class (Latin,
  U+0410-U+044F), so words with ә ғ қ ң ө ұ ү һ і never hyphenate. Widening that pattern
  works but patches a private global for every paragraph in the process.
* Soft hyphens (U+00AD) work and never reach the extracted text, but a word holding one loses
  its other breaks: a compound can no longer break after its own hyphen (ұлттық-- results).
* Either way ReportLab fills one line at a time and cannot limit runs of hyphenated lines: in
  a 60 mm column it left gaps of 4.9 spaces in the unity-day article, and of 33 after two
  sentences glued together by a missing space.

So :class:`KazakhParagraph` chooses every break for the width it is wrapped at, by a total-fit
search over the spaces and the breaks of :func:`token_breaks`. Three hyphenated lines in a
row are never allowed; the worst word gap is first made as small as the rules permit (no gap
exceeds ``maxGapRatio`` where a hyphenation could avoid it), then TeX-like demerits choose.
The markup is re-parsed with ``<br/>`` at each break, after a drawn ``-`` where a word is cut,
and ReportLab justifies those lines (``justifyBreaks=1``). Only public markup is used; the
ReportLab behaviour relied on is pinned by ``tests/typeset/test_paragraphs.py``.

Kerning is ReportLab's uharfbuzz shaping (``shaping=1``): with these fonts the text still
extracts and justifies exactly, for about 1.5 times the wrapping time. The search measures
unkerned widths; kerning narrows a line by under 1 %.

Speed, without changing a byte of the output: the width-independent part of the search is
built once a paragraph; each distinct word is shaped once (a ``shapes`` dict shared by one
document's paragraphs) and handed to ReportLab already shaped; the lines set for a width are
kept, so wrapping again at that width and the parts of a split do not set them again.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import makeShapedFragWord, shapeFragWord
from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _getFragWords,
    cleanBlockQuotedText,
)

from generator.typeset.hyphenate import SOFT_HYPHEN
from generator.typeset.hyphenation import breaks_for

__all__ = ["KazakhParagraph", "LineInfo", "body_paragraph", "kazakh_style", "line_report"]

DEFAULT_MAX_GAP_RATIO = 2.0
# Spaces may shrink to 90 %: room for the search without visibly tight lines.
DEFAULT_SPACE_SHRINKAGE = 0.1
# The characters ReportLab splits words at (its private ``paragraph._wsc``; NBSP is not one).
BREAK_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)
_TOKEN_RE = re.compile(f"[^{re.escape(BREAK_SPACES)}]+")
_ATOM_RE = re.compile(r"<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.DOTALL)
_BREAK_TAG_RE = re.compile(r"<\s*br\b", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\W*\d[\d\W]*")  # 1995, 1, 50%: bound to the word that follows
_DASHES = frozenset("–—‒")  # never start a line with a dash
_NO_BREAK_SPACES = frozenset("\u2007\u202f")  # ReportLab splits at these, we must not

# Demerits in the spirit of TeX's \hyphenpenalty, \doublehyphendemerits, \finalhyphendemerits.
_HYPHEN_COST = 2500.0
_COMPOUND_COST = 1000.0
_DOUBLE_HYPHEN_COST = 10000.0
_FINAL_HYPHEN_COST = 5000.0
_OVERFULL_RATIO = 1e6  # a piece wider than the column: allowed only when nothing else is
_SHORTEST_LINE = 0.4  # of the column: shorter lines are never worth considering
_FIT_SLACK = 0.01  # pt kept in hand so that ReportLab's own fit test agrees with ours
_MAX_HYPHEN_RUN = 2
# Lines stretched beyond this many times the allowed stretch are looked at only when the
# paragraph cannot be set without them.
_RATIO_CAP = 4.0


@dataclass(frozen=True, slots=True)
class LineInfo:
    """One laid-out line: its text, whether it ends in a hyphen, its word gap / space."""

    text: str
    hyphenated: bool
    gap_ratio: float


def kazakh_style(
    name: str,
    font_name: str,
    size: float,
    leading: float,
    *,
    justify: bool = True,
    hyphenate: bool = True,
    kerning: bool = True,
    max_gap_ratio: float = DEFAULT_MAX_GAP_RATIO,
    language: str = "kk",
    **extra: object,
) -> ParagraphStyle:
    """A body style: justified, hyphenated by the rules of ``language`` (Kazakh by default),
    no widows or orphans (2 lines minimum)."""
    settings: dict[str, object] = {
        "fontName": font_name,
        "fontSize": size,
        "leading": leading,
        "alignment": TA_JUSTIFY if justify else TA_LEFT,
        "allowWidows": 0,
        "allowOrphans": 0,
        "justifyBreaks": 1,  # our explicit line ends must still be justified
        "hyphenationLang": "",  # ours instead: ReportLab's would skip Kazakh words
        "embeddedHyphenation": 0,
        "uriWasteReduce": 0,
        "spaceShrinkage": DEFAULT_SPACE_SHRINKAGE,
        # ReportLab shapes (kerns) only TrueType fonts, and only with uharfbuzz installed.
        "shaping": int(kerning),
        "kazakhHyphenation": hyphenate,
        "breakLanguage": language,  # whose hyphenation rules break the words (hyphenation.py)
        "maxGapRatio": max_gap_ratio,
    }
    settings.update(extra)
    return ParagraphStyle(name, **settings)


def body_paragraph(
    markup: str, style: ParagraphStyle, shapes: dict | None = None
) -> KazakhParagraph:
    """A paragraph of ReportLab markup set with Kazakh hyphenation and total-fit lines.

    ``shapes``, a dict shared by the paragraphs of one document, lets a word kerned once be
    reused by the others (each paragraph has its own otherwise).
    """
    if style.alignment == TA_JUSTIFY and not style.justifyBreaks:  # a style not made above
        style = ParagraphStyle(style.name, parent=style, justifyBreaks=1)
    paragraph = KazakhParagraph(markup, style)
    if shapes is not None:
        paragraph._shapes = shapes
    return paragraph


class KazakhParagraph(Paragraph):
    """A Paragraph that chooses its own line breaks each time it is wrapped to a new width."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,  # ReportLab's signature: split() calls it
        frags: list | None = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        self._model: _TextModel | None = None
        # The width last wrapped at, and ReportLab's lines and height for it.
        self._kept: tuple[float, ParaLines, float] | None = None
        # Kerned words by (kind, font, size, text), filled by _shape().
        self._shapes: dict[tuple[type, str, float, str], list] = {}
        source = frags is None and text is not None  # split-off parts keep their lines
        if source:
            text = cleanBlockQuotedText(text)
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        if source:
            self._model = _TextModel.build(text, self.frags, self.style, self.bulletText)
            if self._model.fallback:
                # Markup we cannot measure (images, author line breaks, bullets): ReportLab
                # wraps it, with soft hyphens in the words and author line ends unjustified.
                plain = ParagraphStyle(self.style.name, parent=self.style, justifyBreaks=0)
                self._setup(self._model.soft_markup(), plain, self.bulletText, None, str)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Choose the breaks for this width (once per width), then let ReportLab lay out.

        The lines made for a width are kept: wrapping again at that width (a frame with too
        little room, then the next one) reuses them, and so do the parts of a split.
        """
        kept = self._kept
        if kept is not None and kept[0] == availWidth:
            self.width, self.blPara, self.height = kept
            return availWidth, self.height
        model = self._model
        if model is None or model.fallback or availWidth <= 0:
            return super().wrap(availWidth, availHeight)
        style = self.style
        later = availWidth - style.leftIndent - style.rightIndent
        widths = (later - style.firstLineIndent, later)
        for margin in (0.0, 0.5, 2.0):  # narrower plans only if ReportLab disagrees (kerning)
            self._setup(model.markup_for(widths, margin), style, None, None, str)
            self._shape(widths[0])
            result = super().wrap(availWidth, availHeight)
            if len(self.blPara.lines) == model.planned_lines:
                break
        self._kept = (availWidth, self.blPara, self.height)
        return result

    def _shape(self, first_width: float) -> None:
        """Kern the words as ReportLab would, each distinct word once, before it wraps.

        ReportLab's breakLines shapes every word of the paragraph (``shaping=1``) unless it
        is already a ShapedFragWord, and leaves words kerning does not change unmarked, so
        they would be shaped again at each wrap. Here the frags become ReportLab's frag words
        with every word marked shaped, taken from ``_shapes`` when the same text in the same
        font was shaped before: the lines and the PDF are the same, the shaping is not.
        """
        style = self.style
        if not (style.shaping and getFont(style.fontName).shapable):
            return
        shapes = self._shapes
        words = []
        for word in _getFragWords(self.frags, first_width):
            if len(word) == 2 and not hasattr(word[1][0], "cbDefn"):
                frag, text = word[1]
                key = (word.__class__, frag.fontName, frag.fontSize, text)
                done = shapes.get(key)
                if done is not None:  # this paragraph's frag, the shaped text
                    words.append(done.__class__([done[0], (frag, done[1][1])]))
                    continue
            else:
                key = None
            shaped = shapeFragWord(word)
            if shaped is word:  # kerning changes nothing: mark it done all the same
                shaped = makeShapedFragWord(word)(word)
            if key is not None:
                shapes[key] = shaped
            words.append(shaped)
        self.frags = words

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        """ReportLab's split, minus the blank line it starts the rest with after a <br/>.

        When the lines were planned at this width, both parts keep them: wrapped again at
        the same width they are not set a second time.
        """
        kept = self._kept
        reuse = kept is not None and kept[0] == availWidth and getattr(self, "blPara", None)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and parts[1].frags:
            # ReportLab 5.1 starts the rest at the <br/> that ended the last line kept.
            first = parts[1].frags[0]
            dropped = isinstance(first, list) and getattr(first[-1][0], "lineBreak", False)
            if dropped:
                del parts[1].frags[0]
            if reuse and kept[1].kind == 1 and self._plain_leading():
                head, rest = parts
                lines = kept[1].lines
                cut = len(head.blPara.lines)
                # The head's last line loses the <br/> that ended it, as when set anew.
                end = lines[cut - 1]
                words = end.words
                if words and getattr(words[-1], "lineBreak", False):
                    head.blPara.lines[-1] = end.clone(words=words[:-1])
                head._kept = (availWidth, head.blPara, head.height)
                # The rest's words start at line ``cut``'s first frag word (after the
                # dropped <br/>); each line's ``sFW`` indexes them, as split() needs.
                base = lines[cut].sFW + dropped
                tail = [line.clone(sFW=max(line.sFW - base, 0)) for line in lines[cut:]]
                para = ParaLines(kind=1, lines=tail)
                rest._kept = (availWidth, para, len(tail) * rest.style.leading)
        return parts

    def _plain_leading(self) -> bool:
        """Whether the height is lines x leading (ReportLab's autoLeading is off)."""
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return auto in ("", "off")


@dataclass(slots=True)
class _TextModel:
    """The paragraph's characters: their places in the markup, widths and fonts."""

    markup: str
    plain: str
    spans: list[tuple[int, int]]
    style: ParagraphStyle
    fallback: bool = False
    widths: list[float] = field(default_factory=list)
    fonts: list[tuple[str, float]] = field(default_factory=list)
    planned_lines: int = 0
    plan: _Plan | None = None

    @classmethod
    def build(cls, markup: str, frags: list, style: ParagraphStyle, bullet: object) -> _TextModel:
        """Scan the markup; measure it from ReportLab's frags when every frag is plain text."""
        fallback = bullet is not None
        if "<" not in markup and "&" not in markup:  # plain text: one character an atom
            spans = [(i, i + 1) for i in range(len(markup))]
            model = cls(markup, markup, spans, style, fallback)
            model.fallback = fallback or not model._measure(frags)
            return model
        chars: list[str] = []
        spans = []
        for m in _ATOM_RE.finditer(markup):
            atom = m.group(0)
            if atom.startswith("<") and len(atom) > 1:
                if _BREAK_TAG_RE.match(atom):
                    fallback = True
                    chars.append(" ")  # still a word boundary for the soft hyphens
                    spans.append((m.start(), m.start()))
                continue
            char = html.unescape(atom) if atom.startswith("&") else atom
            if len(char) != 1:
                fallback = True
                continue
            chars.append(char)
            spans.append(m.span())
        model = cls(markup, "".join(chars), spans, style, fallback)
        model.fallback = fallback or not model._measure(frags)
        return model

    def _measure(self, frags: list) -> bool:
        """Give each character the width in its ReportLab frag's font; False if misaligned."""
        tables: dict[tuple[str, float], dict[str, float]] = {}  # font -> char -> width
        widths, fonts = self.widths, self.fonts
        for frag in frags:
            cb = getattr(frag, "cbDefn", None)
            if getattr(frag, "lineBreak", False) or (cb is not None and getattr(cb, "width", 0)):
                return False
            font = (frag.fontName, frag.fontSize)
            table = tables.get(font)
            if table is None:
                table = tables[font] = dict.fromkeys(BREAK_SPACES, 0.0)
            text = frag.text
            for ch in text:
                width = table.get(ch)
                if width is None:
                    width = table[ch] = stringWidth(ch, *font)
                widths.append(width)
            fonts.extend([font] * len(text))
        text = "".join(f.text for f in frags)
        if len(text) != len(self.plain) or text.lower() != self.plain.lower():
            return False
        self.plain = text  # ReportLab's own text, textTransform applied
        return bool(text.strip(BREAK_SPACES))

    def soft_markup(self) -> str:
        """The markup with U+00AD at the drawn breaks of every word, never inside tags."""
        edits = []
        token_breaks = breaks_for(getattr(self.style, "breakLanguage", "kk"))
        for m in _TOKEN_RE.finditer(self.plain):
            for cut, drawn in token_breaks(m.group(0)):
                if drawn:
                    at = self.spans[m.start() + cut][0]
                    edits.append((at, at, SOFT_HYPHEN))
        return _apply(self.markup, edits)

    def markup_for(self, widths: tuple[float, float], margin: float) -> str:
        """The markup with an explicit line end at each break chosen for these widths."""
        breaks = _choose_breaks(self, (widths[0] - margin, widths[1] - margin))
        self.planned_lines = len(breaks) + 1
        edits: list[tuple[int, int, str]] = []
        for end, nxt, drawn in breaks:
            if nxt > end:  # at a space: the space goes, the line ends there
                edits.extend((*self.spans[i], "") for i in range(end, nxt))
                edits.append((self.spans[end][0], self.spans[end][0], "<br/>"))
            else:  # inside a word: right after its last character, inside its tags
                at = self.spans[end - 1][1]
                edits.append((at, at, "-<br/>" if drawn else "<br/>"))
        return _apply(self.markup, edits)


def _apply(markup: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits to the markup, the last one first."""
    for start, end, text in sorted(edits, reverse=True):
        markup = markup[:start] + text + markup[end:]
    return markup


def _candidates(
    model: _TextModel, tokens: list[tuple[int, int]]
) -> list[tuple[int, int, int, int, float, bool, bool, float]]:
    """Every place a line may end: (end, next start, end token, next token, added width,
    hyphen visible at the end, hyphen drawn by us, cost of breaking there)."""
    plain, fonts = model.plain, model.fonts
    hyphenate = getattr(model.style, "kazakhHyphenation", True)
    token_breaks = breaks_for(getattr(model.style, "breakLanguage", "kk"))
    hyphen_of: dict[tuple[str, float], float] = {}
    found = [(0, tokens[0][0], 0, 0, 0.0, False, False, 0.0)]
    for i, (s, e) in enumerate(tokens):
        for cut, drawn in token_breaks(plain[s:e]) if hyphenate else ():
            at = s + cut
            compound = plain[at - 1] == "-"
            added = 0.0
            if drawn:
                font = fonts[at - 1]
                added = hyphen_of.get(font) or hyphen_of.setdefault(font, stringWidth("-", *font))
            price = _HYPHEN_COST if drawn else _COMPOUND_COST if compound else 0.0
            found.append((at, at, i, i, added, drawn or compound, drawn, price))
        if i + 1 < len(tokens) and _breakable(plain, tokens[i], tokens[i + 1]):
            found.append((e, tokens[i + 1][0], i, i + 1, 0.0, False, False, 0.0))
    n = len(tokens) - 1
    found.append((tokens[n][1], len(plain), n, n, 0.0, False, False, 0.0))
    return found


def _breakable(plain: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """May a line end at the space between two tokens? Not in "1 мамыр", not before a dash."""
    after = plain[right[0]]
    if after in _DASHES:
        return False
    if after.isalpha() and _NUMBER_RE.fullmatch(plain, left[0], left[1]):
        return False
    return (
        right[0] - left[1] == 1
        and plain[left[1]] not in _NO_BREAK_SPACES
        or not any(ch in _NO_BREAK_SPACES for ch in plain[left[1] : right[0]])
    )


@dataclass(slots=True)
class _Plan:
    """Everything the search needs that does not depend on the width (built once a paragraph).

    Positions are prefix sums: a line from break ``a`` to break ``b`` is ``end[b] - start[a]``
    wide at its natural spacing, with ``gap_end[b] - gap_start[a]`` of it in word spaces.
    """

    ends: tuple[int, ...]
    nexts: tuple[int, ...]
    visible: tuple[bool, ...]
    drawn: tuple[bool, ...]
    price: tuple[float, ...]
    start: list[float]
    end: list[float]
    gap_start: list[float]
    gap_end: list[float]
    last_space: list[float]  # the space width in the font of the character before break b
    end_tok: tuple[int, ...]
    next_tok: tuple[int, ...]
    token_first: dict[int, int]  # token -> the first break that starts a line inside it

    @classmethod
    def build(cls, model: _TextModel) -> _Plan:
        fonts = model.fonts
        tokens = [m.span() for m in _TOKEN_RE.finditer(model.plain)]
        ink = [0.0]
        for w in model.widths:
            ink.append(ink[-1] + w)
        space_of = {font: stringWidth(" ", *font) for font in set(fonts)}
        gap_sum = [0.0]  # gap_sum[i]: the spaces after tokens 0..i-1, each in its word's font
        for _, e in tokens:
            gap_sum.append(gap_sum[-1] + space_of[fonts[e - 1]])
        cands = _candidates(model, tokens)
        ends, nexts, end_tok, next_tok, added, visible, drawn, price = zip(*cands, strict=True)
        return cls(
            ends,
            nexts,
            visible,
            drawn,
            price,
            start=[ink[n] + gap_sum[t] for n, t in zip(nexts, next_tok, strict=True)],
            end=[ink[e] + gap_sum[t] + x for e, t, x in zip(ends, end_tok, added, strict=True)],
            gap_start=[gap_sum[t] for t in next_tok],
            gap_end=[gap_sum[t] for t in end_tok],
            last_space=[space_of[fonts[e - 1]] if e else 0.0 for e in ends],
            end_tok=end_tok,
            next_tok=next_tok,
            token_first={t: a for a, t in reversed(list(enumerate(next_tok)))},
        )


def _choose_breaks(model: _TextModel, widths: tuple[float, float]) -> list[tuple[int, int, bool]]:
    """Total-fit breaks as (line end, next line start, hyphen drawn), first to last.

    The lines are first gathered only up to a gap ratio of ``_RATIO_CAP`` x the allowed
    one: when the best worst gap and the demerit search's tolerance are within it, every
    line the searches could use is there, in the same order, so the result is that of the
    full set, which is searched only when the capped one falls short.
    """
    style = model.style
    plan = model.plan
    if plan is None:
        plan = model.plan = _Plan.build(model)
    max_gap = getattr(style, "maxGapRatio", DEFAULT_MAX_GAP_RATIO)
    shrink = style.spaceShrinkage
    scale = (max(max_gap - 1, 1e-6), max(shrink, 1e-6))
    cap = 1 + _RATIO_CAP * max(max_gap - 1, 1.0)
    for limit in (cap, float("inf")):
        lines = _lines(plan, widths, shrink, limit)
        # First the smallest worst gap the rules allow, then the fewest demerits within it.
        worst = _search(lines, plan.visible, float("inf"), None)[0]
        tolerance = max(worst, max_gap) + 1e-9
        if tolerance <= limit:
            break
    path = _search(lines, plan.visible, tolerance, scale)[1]
    ends, nexts, drawn = plan.ends, plan.nexts, plan.drawn
    return [(ends[a], nexts[a], drawn[a]) for a in path]


def _lines(
    plan: _Plan, widths: tuple[float, float], shrink: float, limit: float
) -> list[list[tuple[int, float, float]]]:
    """Every useful line up to a gap ratio of ``limit``, grouped by the break it ends at:
    (start break, gap ratio, cost), latest start first."""
    start, end, gap_start, gap_end = plan.start, plan.end, plan.gap_start, plan.gap_end
    visible, price, last_space = plan.visible, plan.price, plan.last_space
    end_tok, next_tok, token_first = plan.end_tok, plan.next_tok, plan.token_first
    last, widest = len(plan.ends) - 1, max(widths)
    first_width, later_width = widths
    shortest = _SHORTEST_LINE * widest
    overfull = _OVERFULL_RATIO
    capped = limit != float("inf")
    if capped:  # start + (limit - 1) x spaces grows with the start break: bisectable
        stretch = limit - 1
        start_limit = [x + stretch * g for x, g in zip(start, gap_start, strict=True)]
        narrowest = min(widths)
    lines: list[list[tuple[int, float, float]]] = [[] for _ in plan.ends]
    for b in range(1, last + 1):
        out = lines[b]
        end_b, gap_end_b = end[b], gap_end[b]
        if b == last:
            order: Iterable[int] = range(b - 1, -1, -1)
        else:
            # Lines shorter than ``shortest`` are never kept (but for the one from b - 1),
            # nor lines with spaces stretched beyond ``limit``: skip the starts that make
            # such lines. Lines inside one word have no spaces and are all checked.
            top = bisect_right(start, end_b - shortest + 1e-6, 0, b) - 1
            if capped:
                reach = end_b + stretch * gap_end_b - narrowest + 1e-6
                top = min(top, bisect_right(start_limit, reach, 0, b) - 1)
            inside = min(token_first.get(end_tok[b], b), b - 1)  # b - 1 is always tried
            top = min(top, inside - 1)
            order = chain(range(b - 1, inside - 1, -1), range(top, -1, -1))
        for a in order:
            gap_w = gap_end_b - gap_start[a]
            natural = end_b - start[a]
            room = shrink * gap_w - _FIT_SLACK  # ReportLab lets the spaces shrink this much
            if natural > widest + room and a < b - 1:
                break
            slack = (first_width if a == 0 else later_width) - natural
            if slack < -room:
                if a == b - 1 and not capped:
                    out.append((a, overfull, 0.0))
            elif b == last:
                # A last line that is only the tail of a cut word looks like a typo.
                tail = _FINAL_HYPHEN_COST * (1 + 19 * (end_tok[b] == next_tok[a]))
                out.append((a, 1.0, tail if visible[a] else 0.0))
            elif natural >= shortest or a == b - 1:  # the shortest keeps a path
                ratio = 1 + slack / (gap_w or last_space[b])
                if ratio <= limit:
                    out.append((a, ratio, price[b]))
    return lines


def _search(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    tolerance: float,
    scale: tuple[float, float] | None,
) -> tuple[float, list[int]]:
    """Best path through the lines with at most two hyphenated line ends in a row.

    Without ``scale`` it minimises the worst gap ratio; with it, TeX-like demerits of lines
    whose ratio is within ``tolerance`` (badness 100 at the stretch or shrink in ``scale``).
    Returns the score and the inner breaks used.

    The state is the number of hyphenated line ends in a row so far (0, 1 or 2), kept in
    three lists; a line ending in a hyphen moves a path from run r to r + 1, any other line
    from every run to run 0.
    """
    inf = float("inf")
    n = len(lines)
    best = ([inf] * n, [inf] * n, [inf] * n)
    back: tuple[list[tuple[int, int] | None], ...] = ([None] * n, [None] * n, [None] * n)
    best0, best1, best2 = best
    best0[0] = 1.0 if scale is None else 0.0
    minimax = scale is None
    stretch, shrink = scale if scale is not None else (1.0, 1.0)
    double = _DOUBLE_HYPHEN_COST
    for b in range(1, n):
        options = lines[b]
        if visible[b]:
            s1 = s2 = inf
            k1 = k2 = None
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                x0, x1 = best0[a], best1[a]
                if minimax:
                    if x0 != inf:
                        score = x0 if x0 > ratio else ratio
                        if score < s1:
                            s1, k1 = score, (a, 0)
                    if x1 != inf:
                        score = x1 if x1 > ratio else ratio
                        if score < s2:
                            s2, k2 = score, (a, 1)
                    continue
                t = (ratio - 1) / stretch if ratio >= 1 else (1 - ratio) / shrink
                cost += (1 + 100 * t**3) ** 2
                if x0 != inf:
                    score = x0 + cost + 0.0
                    if score < s1:
                        s1, k1 = score, (a, 0)
                if x1 != inf:
                    score = x1 + cost + double
                    if score < s2:
                        s2, k2 = score, (a, 1)
            best1[b], best2[b] = s1, s2
            back[1][b], back[2][b] = k1, k2
        else:
            s0 = inf
            k0 = None
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                if not minimax:
                    t = (ratio - 1) / stretch if ratio >= 1 else (1 - ratio) / shrink
                    cost += (1 + 100 * t**3) ** 2
                for run in (0, 1, 2):
                    x = best[run][a]
                    if x == inf:
                        continue
                    if minimax:
                        score = x if x > ratio else ratio
                    else:
                        score = x + cost + 0.0
                    if score < s0:
                        s0, k0 = score, (a, run)
            best0[b] = s0
            back[0][b] = k0
    run = min((0, 1, 2), key=lambda r: best[r][-1])
    score, node, path = best[run][-1], back[run][-1], []
    while node is not None and node[0] > 0:
        path.append(node[0])
        node = back[node[1]][node[0]]
    return score, path[::-1]


def line_report(paragraph: Paragraph, width: float) -> list[LineInfo]:
    """Wrap ``paragraph`` to ``width`` and describe each line as ReportLab will draw it."""
    paragraph.wrap(width, 1e9)
    para, style = paragraph.blPara, paragraph.style
    justify = style.alignment == TA_JUSTIFY
    last_justified = getattr(paragraph, "_JustifyLast", False)
    report = []
    for i, line in enumerate(para.lines):
        if para.kind == 0:
            extra, words = line
            text, font = " ".join(words), (para.fontName, para.fontSize)
            spaces, forced = len(words) - 1, False
        else:
            parts = [w for w in line.words if hasattr(w, "text")]
            text = "".join(w.text for w in parts)
            font = (parts[0].fontName, parts[0].fontSize) if parts else (style.fontName, 1.0)
            extra, spaces, forced = line.extraSpace, line.wordCount - 1, bool(line.lineBreak)
        text = text.rstrip(BREAK_SPACES)
        spaces += text.count("\xa0")  # ReportLab spreads the slack over NBSPs too
        is_last = i == len(para.lines) - 1 and not last_justified
        stretched = justify and not forced and not is_last and spaces > 0
        ratio = 1 + extra / spaces / stringWidth(" ", *font) if stretched else 1.0
        report.append(LineInfo(text, text.endswith("-"), ratio))
    return report
