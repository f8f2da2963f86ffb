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

So :class:`KazakhParagraph` chooses every break for the width it is wrapped at, by the
total-fit search of :mod:`.linebreak` (Knuth-Plass glue, hyphen penalties and limits,
protrusion and expansion inside the calculation). The markup is re-parsed with ``<br/>`` at
each break, after a drawn ``-`` where a word is cut, and ReportLab justifies each line to its
own width (the column plus what hangs, over the line's scale: ``breakLines`` gets the list).
Drawing shifts a line by what hangs into the left margin (ReportLab's ``_offsets``) and
scales it with ``Tz`` (:mod:`.scaledtext`). Only public markup is used; the ReportLab
behaviour relied on is pinned by ``tests/typeset/test_paragraphs.py``.

Kerning is ReportLab's uharfbuzz shaping (``shaping=1``): with these fonts the text still
extracts and justifies exactly, for about 1.5 times the wrapping time. The search measures
the words kerned as they are drawn (a word cut at a line end without the pair it breaks):
kerning narrows a line by under 1 %, but unplanned that went to the spaces, a tenth of a
space each in a line of few.

Speed, without changing a byte of the output: the width-independent part of the search is
built once a paragraph; each distinct word is shaped once (a ``shapes`` dict shared by one
document's paragraphs) and handed to ReportLab already shaped; the lines set for a width are
kept, so wrapping again at that width and the parts of a split do not set them again; and
the lines of a paragraph set once in the process (same markup, style and width) are taken as
they are by the builds after (``_SET``). For a new article: the frags of plain text's lines
are made as the parser would make them of the markup with its ``<br/>``s (``line_frags``),
and ReportLab's line structures are made directly from the planned breaks
(:func:`.fraglines.set_lines`, value for value what ``breakLines`` makes; ReportLab sets any
paragraph that would not break only there); a token's breaks and a character's width are
kept across paragraphs (common words of a new article, the same text at another size). A
brochure weighs its text at several sizes: markup without tags is parsed and scanned at the
first (``_UNSIZED``: the other sizes' frags are copies with their own fontSize), and where
its lines may end is found once (:class:`.breakplan.Plan` keeps the breaks' skeleton), so
each further size only measures its characters and searches.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from operator import is_

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import makeShapedFragWord
from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _getFragWords,
    cleanBlockQuotedText,
)
from reportlab.platypus.paraparser import ParaFrag

from generator.typeset.fallback import FallbackParagraph, split_frags
from generator.typeset.fraglines import set_lines
from generator.typeset.hyphenate import SOFT_HYPHEN
from generator.typeset.hyphenation import breaks_for
from generator.typeset.linebreak import Layout, Plan, Settings, choose_lines, within
from generator.typeset.scaledtext import KernedText, PDFTextObject, ScaledText
from generator.typeset.shaping import kerned_pairs, shape_word

__all__ = [
    "KazakhParagraph",
    "KazakhStyle",
    "LineInfo",
    "body_paragraph",
    "kazakh_style",
    "line_report",
]

DEFAULT_MAX_GAP_RATIO = 2.0
# Spaces may shrink to 80 % (TeX's Computer Modern: 67 %): room for tighter lines.
DEFAULT_SPACE_SHRINKAGE = 0.2
# The characters ReportLab splits words at (its private ``paragraph._wsc``; NBSP is not one).
BREAK_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)
_TOKEN_RE = re.compile(f"[^{re.escape(BREAK_SPACES)}]+")
_ATOM_RE = re.compile(r"<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.DOTALL)
_BREAK_TAG_RE = re.compile(r"<\s*br\b", re.IGNORECASE)

# The lines of the paragraphs set in this process, by (class, breaker, markup, style, width): a
# build that sets a paragraph some earlier build set (the same event built again, a preview
# rebuilt after an edit elsewhere, a product sharing its text) takes them as they are. What
# is kept is read-only once made (drawing puts back what it changes), and the pipeline runs
# one build at a time in a process. Least recently used entries go first.
_SET: OrderedDict[tuple, tuple] = OrderedDict()
_SET_SIZE = 256
# Likewise the markup parsed and measured, by (class, markup, style, bullet, case): the frags
# and the text model (whose width-independent plan is built once) are shared, read-only.
_PARSED: OrderedDict[tuple, tuple] = OrderedDict()
# Markup without tags parsed at one size, by (class, markup, the style less its sizes, case):
# ReportLab's frags (before the fallback faces are cut in), the markup's scan
# (_TextModel.scan) and its measures at the font sizes last made (_TextModel.build). Its
# parse at another size differs only in the frags' fontSize: a brochure weighs its text at
# several sizes (and a size at several leadings), and parses it once. Read-only once made.
_UNSIZED: OrderedDict[tuple, tuple] = OrderedDict()
_SIZES_KEPT = 4  # measures kept a text: the sizes tried lately (each at a few leadings)
# The style attributes that change with the size the text is set at, none read by the parser.
_SIZED = frozenset(
    ("fontSize", "leading", "firstLineIndent", "kazakhMinLastLine", "spaceAfter", "spaceBefore")
)
# A style key less its sized attributes, by the key's id (the key kept): the same for every
# paragraph of a text set in one style.
_UNLIKE: dict[int, tuple[tuple, tuple]] = {}
# Each character's width by (font, size), for every paragraph: a new article is mostly
# characters measured before.
_CHAR_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
# Where kerning changes an advance in a frag's text, by (font, text): shaping.kerned_pairs
# (in thousandths of an em: the same at every size the brochure tries).
_KERNS: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}


def style_key(style: ParagraphStyle) -> tuple:
    """Every attribute of a ParagraphStyle (ReportLab copies its parent's into each), as a
    hashable key: equal keys set the same text the same way.

    A style's key is kept while it holds the same attributes, the same objects (a brochure's
    paragraphs share a few styles, each asked for its key several times)."""
    attrs = style.__dict__
    known = _KEYS.get(id(style))
    if (
        known is not None
        and known[0] is style
        and len(known[2]) == len(attrs)
        and all(map(is_, attrs.values(), known[2]))
        and tuple(attrs) == known[1]
    ):
        return known[3]
    key = _style_key(style)
    if len(_KEYS) >= _SET_SIZE:
        _KEYS.clear()
    _KEYS[id(style)] = (style, tuple(attrs), tuple(attrs.values()), key)
    return key


# Styles' keys by id: the style (kept, so the id is not reused), its attribute names and
# values when the key was made, and the key.
_KEYS: dict[int, tuple] = {}


def _style_key(style: ParagraphStyle) -> tuple:
    items = []
    for name, value in style.__dict__.items():
        kind = type(value)  # 1 and 1.0 are equal keys but may not print the same
        if name == "parent":
            continue
        if kind not in _PLAIN:
            if isinstance(value, Color):  # equal colours of different kinds draw differently
                value = tuple(sorted(value.__dict__.items()))
            elif value.__hash__ is None:
                value = repr(value)
        items.append((name, kind, value))
    items.sort()  # by name: the names differ, so nothing after them is compared
    return tuple(items)


_PLAIN = frozenset((int, float, str, bool, type(None)))  # hashable as they are


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
    space_stretch: float = 0.5,
    space_shrink: float = DEFAULT_SPACE_SHRINKAGE,
    expansion: float = 0.0,
    protrusion: bool = False,
    hyphen_min: tuple[int, int] = (2, 2),
    hyphen_run: int = 2,
    hyphen_share: float = 1.0,
    looseness: int = 0,
    min_last_line: float = 0.0,
    letter_spacing: float = 0.0,
    ragged: bool = False,
    **extra: object,
) -> ParagraphStyle:
    """A body style: justified, hyphenated by the rules of ``language`` (Kazakh by default),
    no widows or orphans (2 lines minimum).

    ``expansion`` (a share, at most 0.02), ``letter_spacing`` (a share of the word space
    a line's letters may be spaced or tightened by, at most 0.05) and ``protrusion`` switch
    on microtypography; the hyphen limits, ``min_last_line`` (points) and ``ragged`` (a line
    no layout justifies within the max gap ends short) are the line breaker's (see linebreak).
    """
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
        "spaceShrinkage": space_shrink,
        # ReportLab shapes (kerns) only TrueType fonts, and only with uharfbuzz installed.
        "shaping": int(kerning),
        "kazakhHyphenation": hyphenate,
        "breakLanguage": language,  # whose hyphenation rules break the words (hyphenation.py)
        "maxGapRatio": max_gap_ratio,
        "kazakhStretch": space_stretch,
        "kazakhExpansion": min(max(expansion, 0.0), 0.02),
        "kazakhProtrusion": protrusion,
        "kazakhHyphenMin": hyphen_min,
        "kazakhHyphenRun": hyphen_run,
        "kazakhHyphenShare": hyphen_share,
        "kazakhLooseness": looseness,
        "kazakhMinLastLine": min_last_line,
        "kazakhLetterSpacing": min(max(letter_spacing, 0.0), 0.05),
        "kazakhRagged": ragged,
    }
    settings.update(extra)
    return KazakhStyle(name, **settings)


class KazakhStyle(ParagraphStyle):
    """A ParagraphStyle that copies cheaply: ReportLab's split deep-copies the style of an
    indented paragraph's rest (to zero its indent), and a deep copy walks the parent chain
    and the colours, hundreds of objects a split. Its attributes are plain values, each
    copied in (ReportLab copies the parent's too), and only replaced, never changed in
    place: a copy of them sets the text the same way."""

    def __deepcopy__(self, memo: dict) -> KazakhStyle:
        twin = self.__class__.__new__(self.__class__)
        twin.__dict__.update(self.__dict__)
        return twin


def body_paragraph(
    markup: str, style: ParagraphStyle, shapes: dict | None = None
) -> KazakhParagraph:
    """A paragraph of ReportLab markup set with Kazakh hyphenation and total-fit lines.

    ``shapes``, a dict shared by the paragraphs of one document, lets a word kerned once be
    reused by the others (each paragraph has its own otherwise).
    """
    if style.alignment == TA_JUSTIFY and not style.justifyBreaks:  # a style not made above
        style = type(style)(style.name, parent=style, justifyBreaks=1)
    paragraph = KazakhParagraph(markup, style)
    if shapes is not None:
        paragraph._shapes = shapes
    return paragraph


class KazakhParagraph(FallbackParagraph):
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
        key = unsized = other = None
        if source:
            text = cleanBlockQuotedText(text)
            if style is not None:
                styled = style_key(style)
                key = (self.__class__, text, styled, bulletText, caseSensitive)
                done = _PARSED.get(key)
                if done is not None:  # parsed by an earlier build: the same frags and model
                    _PARSED.move_to_end(key)
                    self.caseSensitive, self.encoding, self.debug = caseSensitive, encoding, 0
                    self.text, self.frags, parsed, self.bulletText, self._model = done
                    self.style = style if parsed is None else parsed
                    return
                if "<" not in text and not (bulletText or getattr(style, "bulletText", None)):
                    known = _UNLIKE.get(id(styled))
                    if known is None or known[0] is not styled:
                        if len(_UNLIKE) >= _SET_SIZE:
                            _UNLIKE.clear()
                        unlike = tuple(item for item in styled if item[0] not in _SIZED)
                        known = _UNLIKE[id(styled)] = (styled, unlike)
                    unlike = known[1]
                    unsized = (self.__class__, text, unlike, caseSensitive)
                    other = _UNSIZED.get(unsized)
        self._cleaned = text if source else None  # ReportLab's _setup need not clean it again
        if other is not None:
            # The same text parsed at another size: ReportLab's frags, but for their size.
            _UNSIZED.move_to_end(unsized)
            self.caseSensitive, self.encoding, self.debug = caseSensitive, encoding, 0
            self.text, self.style, self.bulletText = text, style, None
            size = style.fontSize
            self._parsed_frags = [frag.clone(fontSize=size) for frag in other[0]]
            self.frags = split_frags(self._parsed_frags)
        else:
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        if source:
            scan = other[1] if other is not None else None
            sizes = other[2] if other is not None else {}
            self._model = _TextModel.build(
                text, self.frags, self.style, self.bulletText, scan, sizes
            )
            self._model.keep_frag(text, self._parsed_frags, self.style)
            if self._model.fallback:
                # Markup we cannot measure (images, author line breaks, bullets): ReportLab
                # wraps it, with soft hyphens in the words and author line ends unjustified.
                plain = type(self.style)(self.style.name, parent=self.style, justifyBreaks=0)
                self._setup(self._model.soft_markup(), plain, self.bulletText, None, str)
            elif key is not None:
                parsed = None if self.style is style else self.style
                _PARSED[key] = (self.text, self.frags, parsed, self.bulletText, self._model)
                if len(_PARSED) > _SET_SIZE:
                    _PARSED.popitem(last=False)
                if unsized is not None and other is None and _resizable(self, style):
                    _UNSIZED[unsized] = (self._parsed_frags, self._model.scanned, sizes)
                    if len(_UNSIZED) > _SET_SIZE:
                        _UNSIZED.popitem(last=False)

    def _setup(
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: object,  # noqa: N803 (ReportLab's)
        frags: list | None,
        cleaner: object,
    ) -> None:
        if cleaner is cleanBlockQuotedText and text is self.__dict__.get("_cleaned"):
            cleaner = str  # cleaned in __init__ (cleaning is idempotent)
        super()._setup(text, style, bulletText, frags, cleaner)

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
        # The breaker is part of the key: tests and benchmarks swap it to watch it work.
        key = (self.__class__, choose_lines, model.markup, style_key(self.style), availWidth)
        done = _SET.get(key)
        if done is not None:  # set by an earlier build in this process: the same lines
            _SET.move_to_end(key)
            self.text, self.frags, self.blPara, self.height, self._wrapWidths = done
            self.width = availWidth
            self._kept = (availWidth, self.blPara, self.height)
            return availWidth, self.height
        style = self.style
        later = availWidth - style.leftIndent - style.rightIndent
        widths = (later - style.firstLineIndent, later)
        for margin in (0.0, 0.5, 2.0):  # narrower plans only if ReportLab disagrees (kerning)
            markup = model.markup_for(widths, margin)
            frags = model.line_frags()
            if frags is None:
                self._setup(markup, style, None, None, str)
            else:  # what ReportLab's parser makes of that markup, made directly
                self.text, self.frags, self.bulletText, self.debug = markup, frags, None, 0
            self._shape(widths[0])
            # Each line is justified to its own width: the column plus what hangs into the
            # margins, divided by the horizontal scale it is drawn at.
            self._line_widths = [line.width + margin / line.scale for line in model.layouts]
            try:
                result = super().wrap(availWidth, availHeight)
            finally:
                self._line_widths = None
            if len(self.blPara.lines) == model.planned_lines:
                break
        if self.blPara.kind == 1 and len(self.blPara.lines) == model.planned_lines:
            for line, layout in zip(self.blPara.lines, model.layouts, strict=True):
                line.kz_scale, line.kz_shift = layout.scale, layout.shift
                line.kz_track, line.kz_ratio = layout.track, layout.ratio
                line.kz_soft = layout.drawn  # its "-" is drawn as a soft hyphen
                line.kz_hyphen = layout.hyphen  # or a compound's own "-" ends it
        self._kept = (availWidth, self.blPara, self.height)
        _SET[key] = (self.text, self.frags, self.blPara, self.height, self._wrapWidths)
        if len(_SET) > _SET_SIZE:
            _SET.popitem(last=False)
        return result

    def planned(self, availWidth: float) -> list[Layout] | None:  # noqa: N803 (as wrap's)
        """The lines the breaker chooses at this width, without ReportLab setting them (a
        brochure weighs its candidate sizes by them and sets only the one it keeps); None
        where ReportLab breaks the lines itself or the height is not lines x leading.
        wrap() takes these lines unless ReportLab's setting disagrees (rarely: kerning)."""
        model = self._model
        if model is None or model.fallback or availWidth <= 0 or not self._plain_leading():
            return None
        style = self.style
        later = availWidth - style.leftIndent - style.rightIndent
        return model.lines_for((later - style.firstLineIndent, later), 0.0)

    def surely_over(self, availWidth: float, limit: float) -> bool:  # noqa: N803 (as wrap's)
        """Whether the lines planned at this width (:meth:`planned`) surely have one but the
        last with a gap ratio over ``limit``, told without choosing them: no layout keeps
        every gap within it. False where that is unknown or the lines are chosen already
        (read them)."""
        return self.keeps_within(availWidth, limit) is False

    def keeps_within(self, availWidth: float, limit: float) -> bool | None:  # noqa: N803
        """Whether some layout at this width keeps every gap but the last line's within
        ``limit`` (a hair over it), told without choosing the lines: False when none does
        (:meth:`surely_over`). None where that is unknown or the lines are chosen already
        (read them: :meth:`planned`)."""
        model = self._model
        if model is None or model.fallback or availWidth <= 0 or not self._plain_leading():
            return None
        style = self.style
        later = availWidth - style.leftIndent - style.rightIndent
        return model.keeps_within((later - style.firstLineIndent, later), limit)

    def breakLines(self, width: float | list[float]) -> ParaLines:  # noqa: N802 (ReportLab's)
        """ReportLab's line setting, to the planned per-line widths while wrapping."""
        widths = getattr(self, "_line_widths", None)
        if widths:
            lines = set_lines(self, self.frags, widths)
            if lines is not None:
                return lines
        return super().breakLines(widths if widths else width)

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab's name)
        """ReportLab's drawing, each line shifted by what hangs into the left margin and
        scaled horizontally (``Tz``) by its expansion."""
        para = self.blPara
        lines = para.lines if para.kind == 1 else []
        self._scales = [getattr(line, "kz_scale", 1.0) for line in lines]
        self._tracks = [getattr(line, "kz_track", 0.0) for line in lines]
        shifts = [getattr(line, "kz_shift", 0.0) for line in lines]
        if any(shifts):
            self._offsets = shifts  # ReportLab's per-line start offsets (it extends the list)
        soft = [_soft_line_end(line) for line in lines if getattr(line, "kz_soft", False)]
        try:
            super().drawPara(debug)  # plain runs of text written directly (drawlines)
        finally:
            self.__dict__.pop("_offsets", None)
            self._scales = self._tracks = []
            for frag, text in filter(None, soft):
                frag.text = text  # the layout keeps its "-": only the drawn text differs

    def beginText(self, x: float, y: float) -> PDFTextObject:  # noqa: N802 (ReportLab's)
        scales = getattr(self, "_scales", None)
        tracks = getattr(self, "_tracks", None) or []
        if scales and (any(s != 1.0 for s in scales) or any(tracks)):
            text = ScaledText(self.canv, x, y, scales, tracks)
        else:
            text = KernedText(self.canv, x, y)  # what the canvas would give, kerned faster
        text.links = self._linked  # set by drawPara
        return text

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
            shaped = shape_word(word)
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
    # What kerning took from a character's advance (the pair it opens), by its index: a line
    # that ends inside the word, before the pair's second character, is drawn without it.
    kerns: dict[int, float] = field(default_factory=dict)
    planned_lines: int = 0
    plan: Plan | None = None
    layouts: list[Layout] = field(default_factory=list)
    # The breaker's lines by (breaker, widths, margin): chosen once, for planned() and wrap();
    # and by (within, widths, limit) whether some layout keeps within a gap (keeps_within).
    chosen: dict[tuple, list[Layout] | bool] = field(default_factory=dict)
    # Plain text (no tags, no entities): ReportLab's one frag for it, all but its text.
    frag: ParaFrag | None = None
    scanned: tuple[str, list[tuple[int, int]], bool] | None = None  # what scan() found

    @classmethod
    def build(
        cls,
        markup: str,
        frags: list,
        style: ParagraphStyle,
        bullet: object,
        scanned: tuple[str, list[tuple[int, int]], bool] | None = None,
        sizes: dict[float, tuple] | None = None,
    ) -> _TextModel:
        """Scan the markup (or take its ``scanned``: :meth:`scan`); measure it from
        ReportLab's frags when every frag is plain text. ``sizes``: the measures of the
        text made at each font size (its frags alike but for their size: ``_UNSIZED``),
        taken as they are (read-only) and given this one's."""
        plain, spans, fallback = scanned = scanned or cls.scan(markup)
        model = cls(markup, plain, spans, style, fallback or bullet is not None)
        model.scanned = scanned
        size = style.fontSize
        known = None if sizes is None else sizes.get(size)
        if known is None:
            measured = model._measure(frags)
            if sizes is not None:
                if len(sizes) >= _SIZES_KEPT:
                    del sizes[next(iter(sizes))]
                sizes[size] = (model.plain, model.widths, model.fonts, model.kerns, measured)
        else:  # the same text at this size in another leading or paragraph space
            model.plain, model.widths, model.fonts, model.kerns, measured = known
        model.fallback = model.fallback or not measured
        return model

    @staticmethod
    def scan(markup: str) -> tuple[str, list[tuple[int, int]], bool]:
        """The markup's characters (tags left out, entities read), each one's place in the
        markup, and whether the breaker must leave it to ReportLab (an author's line break,
        an entity of more than one character)."""
        if "<" not in markup and "&" not in markup:  # plain text: one character an atom
            spans = list(zip(range(len(markup)), range(1, len(markup) + 1), strict=True))
            return markup, spans, False
        fallback = False
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
        return "".join(chars), spans, fallback

    def _measure(self, frags: list) -> bool:
        """Give each character the width in its ReportLab frag's font; False if misaligned."""
        widths, fonts = self.widths, self.fonts
        style = self.style
        shapable = getattr(getFont(style.fontName), "shapable", False)
        kerned = getattr(style, "shaping", 0) and shapable
        for frag in frags:
            cb = getattr(frag, "cbDefn", None)
            if getattr(frag, "lineBreak", False) or (cb is not None and getattr(cb, "width", 0)):
                return False
            font = (frag.fontName, frag.fontSize)
            table = _CHAR_WIDTHS.get(font)
            if table is None:
                if len(_CHAR_WIDTHS) > _SET_SIZE:
                    _CHAR_WIDTHS.clear()
                table = _CHAR_WIDTHS[font] = dict.fromkeys(BREAK_SPACES, 0.0)
            text = frag.text
            try:
                widths += map(table.__getitem__, text)
            except KeyError:  # a character not measured yet in this font
                del widths[len(fonts) :]  # (what was added before the miss)
                for ch in set(text).difference(table):
                    table[ch] = stringWidth(ch, *font)
                widths += map(table.__getitem__, text)
            if kerned:
                self._kern(frag.text, font, len(fonts))
            fonts.extend([font] * len(text))
        text = "".join(f.text for f in frags)
        if len(text) != len(self.plain) or text.lower() != self.plain.lower():
            return False
        self.plain = text  # ReportLab's own text, textTransform applied
        return bool(text.strip(BREAK_SPACES))

    def _kern(self, text: str, font: tuple[str, float], at: int) -> None:
        """The widths of ``text`` (from ``at``) as ReportLab draws its words, kerned: a line
        planned unkerned came out narrower and ReportLab opened its spaces to justify it, by
        up to a tenth of a space each in a line of few («рухани азығы», – деді концерттің»:
        planned 2.36 spaces, drawn 2.52)."""
        key = (font[0], text)
        pairs = _KERNS.get(key)
        if pairs is None:
            if len(_KERNS) > _SET_SIZE:
                _KERNS.clear()
            words = (m.span() for m in _TOKEN_RE.finditer(text))
            pairs = _KERNS[key] = kerned_pairs(font[0], font[1], text, words)
        if pairs:
            widths, kerns, scale = self.widths, self.kerns, font[1] / 1000
            for i, advance in pairs:
                i += at
                width = advance * scale
                kerns[i] = widths[i] - width
                widths[i] = width

    def keep_frag(self, markup: str, frags: list, style: ParagraphStyle) -> None:
        """Keep ReportLab's frag of a plain-text paragraph (no tags, entities, bullet or text
        transform): its text with ``<br/>``s parses into copies of it (line_frags)."""
        if (
            not self.fallback
            and "<" not in markup
            and "&" not in markup
            and len(frags) == 1
            and frags[0].text == markup == self.plain
            and not getattr(style, "textTransform", None)
        ):
            self.frag = frags[0].clone(text="")

    def line_frags(self) -> list | None:
        """The frags ReportLab's parser makes of ``markup_for``'s markup for plain text (None
        for any other): a copy of the paragraph's frag for each line's text, a ``br`` frag
        between lines; then the fallback faces cut in, as after a parse."""
        frag = self.frag
        if frag is None:
            return None
        plain = self.plain
        out = []
        start = 0
        for line in self.layouts[:-1]:
            end, nxt = line.end, line.next
            text = plain[start:end] + ("-" if nxt == end and line.drawn else "")
            if not text:
                return None
            out.append(frag.clone(text=text))
            out.append(frag.clone(__tag__="br", lineBreak=True))
            start = nxt
        if start >= len(plain):
            return None
        out.append(frag.clone(text=plain[start:]))
        return split_frags(out)

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

    def lines_for(self, widths: tuple[float, float], margin: float) -> list[Layout]:
        """The lines the breaker chooses for these widths (once: kept for the next call)."""
        key = (choose_lines, widths, margin)
        lines = self.chosen.get(key)
        if lines is None:
            lines = choose_lines(self.breaker_plan(), (widths[0] - margin, widths[1] - margin))
            self.chosen[key] = lines
        return lines

    def breaker_plan(self) -> Plan:
        """The breaker's plan of the text (made once)."""
        if self.plan is None:
            plain = self.plain

            def tokens() -> list[tuple[int, int]]:  # read only for a text not planned yet
                return [m.span() for m in _TOKEN_RE.finditer(plain)]

            settings = Settings.of(self.style)
            self.plan = Plan.build(plain, self.widths, self.fonts, tokens, settings, self.kerns)
        return self.plan

    def keeps_within(self, widths: tuple[float, float], limit: float) -> bool | None:
        """Whether some layout for these widths (no margin) keeps every gap but the last
        line's within a hair over ``limit`` (the breaker's sums may round apart): when none
        does, the lines chosen have one over it. None when they are chosen already."""
        if (choose_lines, widths, 0.0) in self.chosen:
            return None
        key = (within, widths, limit)
        kept = self.chosen.get(key)
        if kept is None:
            kept = self.chosen[key] = within(self.breaker_plan(), widths, limit + 1e-9)
        return kept

    def markup_for(self, widths: tuple[float, float], margin: float) -> str:
        """The markup with an explicit line end at each break chosen for these widths."""
        self.layouts = self.lines_for(widths, margin)
        self.planned_lines = len(self.layouts)
        edits: list[tuple[int, int, str]] = []
        for line in self.layouts[:-1]:
            end, nxt = line.end, line.next
            if nxt > end:  # at a space: the space goes, the line ends there
                edits.extend((*self.spans[i], "") for i in range(end, nxt))
                edits.append((self.spans[end][0], self.spans[end][0], "<br/>"))
            else:  # inside a word: right after its last character, inside its tags
                at = self.spans[end - 1][1]
                edits.append((at, at, "-<br/>" if line.drawn else "<br/>"))
        return _apply(self.markup, edits)


def _resizable(paragraph: KazakhParagraph, style: ParagraphStyle) -> bool:
    """Whether ReportLab's parse of the paragraph (markup without tags) gave frags that
    another size parses alike but for their fontSize: the style as given, every frag text
    in the style's size, nothing raised or inline."""
    return paragraph.style is style and all(
        frag.fontSize == style.fontSize
        and not getattr(frag, "rise", 0)
        and not hasattr(frag, "cbDefn")
        and not getattr(frag, "lineBreak", False)
        for frag in paragraph._parsed_frags
    )


def _soft_line_end(line: object) -> tuple[object, str] | None:
    """Draw the hyphen of a word cut at the line's end as U+00AD, the soft hyphen; returns
    the fragment and its text, to put back after drawing.

    The font's U+00AD is its hyphen (same glyph, same width), so nothing changes on paper;
    but the text layer then says "a word broken here" rather than "a hyphen": text
    extraction, search and copy (pypdf, pdfminer, poppler, pdfium) join the two halves
    instead of returning "құ-" and "рылым" as two words.
    """
    for frag in reversed(line.words):  # type: ignore[attr-defined]
        text = getattr(frag, "text", "")
        if text:
            if text.endswith("-"):
                frag.text = text[:-1] + SOFT_HYPHEN
                return frag, text
            return None
    return None


def _apply(markup: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits to the markup, the last one first."""
    for start, end, text in sorted(edits, reverse=True):
        markup = markup[:start] + text + markup[end:]
    return markup


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
