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
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText

from generator.typeset.hyphenate import SOFT_HYPHEN, token_breaks

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
    **extra: object,
) -> ParagraphStyle:
    """A body style: justified, Kazakh hyphenation, no widows or orphans (2 lines minimum)."""
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
        "maxGapRatio": max_gap_ratio,
    }
    settings.update(extra)
    return ParagraphStyle(name, **settings)


def body_paragraph(markup: str, style: ParagraphStyle) -> KazakhParagraph:
    """A paragraph of ReportLab markup set with Kazakh hyphenation and total-fit lines."""
    if style.alignment == TA_JUSTIFY and not style.justifyBreaks:  # a style not made above
        style = ParagraphStyle(style.name, parent=style, justifyBreaks=1)
    return KazakhParagraph(markup, style)


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
        self._planned: tuple[float, float] | None = None
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
        """Choose the breaks for this width (once per width), then let ReportLab lay out."""
        model = self._model
        if model is None or model.fallback or availWidth <= 0:
            return super().wrap(availWidth, availHeight)
        style = self.style
        later = availWidth - style.leftIndent - style.rightIndent
        widths = (later - style.firstLineIndent, later)
        if widths == self._planned:
            return super().wrap(availWidth, availHeight)
        self._planned = widths
        for margin in (0.0, 0.5, 2.0):  # narrower plans only if ReportLab disagrees (kerning)
            self._setup(model.markup_for(widths, margin), style, None, None, str)
            result = super().wrap(availWidth, availHeight)
            if len(self.blPara.lines) == model.planned_lines:
                break
        return result

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        """ReportLab's split, minus the blank line it starts the rest with after a <br/>."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and parts[1].frags:
            # ReportLab 5.1 starts the rest at the <br/> that ended the last line kept.
            first = parts[1].frags[0]
            if isinstance(first, list) and getattr(first[-1][0], "lineBreak", False):
                del parts[1].frags[0]
        return parts


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

    @classmethod
    def build(cls, markup: str, frags: list, style: ParagraphStyle, bullet: object) -> _TextModel:
        """Scan the markup; measure it from ReportLab's frags when every frag is plain text."""
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        fallback = bullet is not None
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
        cache: dict[tuple[str, str, float], float] = {}
        for frag in frags:
            cb = getattr(frag, "cbDefn", None)
            if getattr(frag, "lineBreak", False) or (cb is not None and getattr(cb, "width", 0)):
                return False
            font = (frag.fontName, frag.fontSize)
            for ch in frag.text:
                key = (ch, *font)
                if key not in cache:
                    cache[key] = 0.0 if ch in BREAK_SPACES else stringWidth(ch, *font)
                self.widths.append(cache[key])
                self.fonts.append(font)
        text = "".join(f.text for f in frags)
        if len(text) != len(self.plain) or text.lower() != self.plain.lower():
            return False
        self.plain = text  # ReportLab's own text, textTransform applied
        return bool(text.strip(BREAK_SPACES))

    def soft_markup(self) -> str:
        """The markup with U+00AD at the drawn breaks of every word, never inside tags."""
        edits = []
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


def _candidates(model: _TextModel) -> list[tuple[int, int, int, int, float, bool, bool, float]]:
    """Every place a line may end: (end, next start, end token, next token, added width,
    hyphen visible at the end, hyphen drawn by us, cost of breaking there)."""
    plain, fonts = model.plain, model.fonts
    tokens = [m.span() for m in _TOKEN_RE.finditer(plain)]
    hyphenate = getattr(model.style, "kazakhHyphenation", True)
    found = [(0, tokens[0][0], 0, 0, 0.0, False, False, 0.0)]
    for i, (s, e) in enumerate(tokens):
        for cut, drawn in token_breaks(plain[s:e]) if hyphenate else ():
            at = s + cut
            compound = plain[at - 1] == "-"
            added = stringWidth("-", *fonts[at - 1]) if drawn else 0.0
            price = _HYPHEN_COST if drawn else _COMPOUND_COST if compound else 0.0
            found.append((at, at, i, i, added, drawn or compound, drawn, price))
        if i + 1 < len(tokens) and _breakable(plain, tokens[i], tokens[i + 1]):
            found.append((e, tokens[i + 1][0], i, i + 1, 0.0, False, False, 0.0))
    n = len(tokens) - 1
    found.append((tokens[n][1], len(plain), n, n, 0.0, False, False, 0.0))
    return found


def _breakable(plain: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """May a line end at the space between two tokens? Not in "1 мамыр", not before a dash."""
    number = _NUMBER_RE.fullmatch(plain[left[0] : left[1]]) and plain[right[0]].isalpha()
    no_break = any(ch in _NO_BREAK_SPACES for ch in plain[left[1] : right[0]])
    return not (number or no_break or plain[right[0]] in _DASHES)


def _choose_breaks(model: _TextModel, widths: tuple[float, float]) -> list[tuple[int, int, bool]]:
    """Total-fit breaks as (line end, next line start, hyphen drawn), first to last."""
    fonts, style = model.fonts, model.style
    tokens = [m.span() for m in _TOKEN_RE.finditer(model.plain)]
    max_gap = getattr(style, "maxGapRatio", DEFAULT_MAX_GAP_RATIO)
    shrink = style.spaceShrinkage
    ink = [0.0]
    for w in model.widths:
        ink.append(ink[-1] + w)
    space_of = {font: stringWidth(" ", *font) for font in set(fonts)}
    gap_sum = [0.0]  # gap_sum[i]: the spaces after tokens 0..i-1, each in its word's font
    for _, e in tokens:
        gap_sum.append(gap_sum[-1] + space_of[fonts[e - 1]])
    cands = _candidates(model)
    ends, nexts, end_tok, next_tok, added, visible, drawn, price = zip(*cands, strict=True)
    last, widest = len(cands) - 1, max(widths)
    # Every useful line, grouped by the break it ends at: (start break, gap ratio, cost).
    lines: list[list[tuple[int, float, float]]] = [[] for _ in cands]
    for b in range(1, last + 1):
        for a in range(b - 1, -1, -1):
            gap_w = gap_sum[end_tok[b]] - gap_sum[next_tok[a]]
            natural = ink[ends[b]] - ink[nexts[a]] + gap_w + added[b]
            room = shrink * gap_w - _FIT_SLACK  # ReportLab lets the spaces shrink this much
            if natural > widest + room and a < b - 1:
                break
            slack = (widths[0] if a == 0 else widths[1]) - natural
            if slack < -room:
                if a == b - 1:
                    lines[b].append((a, _OVERFULL_RATIO, 0.0))
            elif b == last:
                # A last line that is only the tail of a cut word looks like a typo.
                tail = _FINAL_HYPHEN_COST * (1 + 19 * (end_tok[b] == next_tok[a]))
                lines[b].append((a, 1.0, tail if visible[a] else 0.0))
            elif natural >= _SHORTEST_LINE * widest or a == b - 1:  # the shortest keeps a path
                ratio = 1 + slack / (gap_w or space_of[fonts[ends[b] - 1]])
                lines[b].append((a, ratio, price[b]))
    # First the smallest worst gap the rules allow, then the fewest demerits within it.
    worst = _search(lines, visible, float("inf"), None)[0]
    scale = (max(max_gap - 1, 1e-6), max(shrink, 1e-6))
    path = _search(lines, visible, max(worst, max_gap) + 1e-9, scale)[1]
    return [(ends[a], nexts[a], drawn[a]) for a in path]


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
    """
    inf = float("inf")
    runs = range(_MAX_HYPHEN_RUN + 1)  # state: hyphenated line ends in a row so far
    best = [[inf] * len(runs) for _ in lines]
    back: list[list[tuple[int, int] | None]] = [[None] * len(runs) for _ in lines]
    best[0][0] = 1.0 if scale is None else 0.0
    for b, options in enumerate(lines):
        hyphened = visible[b]
        for a, ratio, cost in options:
            if ratio > tolerance:
                continue
            if scale is not None:
                t = (ratio - 1) / scale[0] if ratio >= 1 else (1 - ratio) / scale[1]
                cost += (1 + 100 * t**3) ** 2
            for run in runs:
                before = best[a][run]
                new_run = run + 1 if hyphened else 0
                if before == inf or new_run > _MAX_HYPHEN_RUN:
                    continue
                if scale is None:
                    score = max(before, ratio)
                else:
                    score = before + cost + (_DOUBLE_HYPHEN_COST if new_run == 2 else 0.0)
                if score < best[b][new_run]:
                    best[b][new_run] = score
                    back[b][new_run] = (a, run)
    run = min(runs, key=lambda r: best[-1][r])
    score, node, path = best[-1][run], back[-1][run], []
    while node is not None and node[0] > 0:
        path.append(node[0])
        node = back[node[0]][node[1]]
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
