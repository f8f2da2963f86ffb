"""Text mechanics: colours by mode, paragraph styles from template styles, fitting text into boxes."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from reportlab.lib.rl_accel import fp_str as _fp_str
from reportlab.pdfbase.pdfmetrics import getFont as _getFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _rl

from ..compose.bilingual import LANGUAGE_BREAK
from ..compose.template import Style, Template
from ..content.normalise import ADDRESS, DOMAINS
from ..errors import FitError, TemplateError
from .fonts import check_coverage, ensure_family, face_name, font_chars

_ALIGN = {"left": 0, "center": 1, "right": 2, "justify": 4}
_TAG = re.compile(r"(<[^>]*>|&[#\w]+;)")
_COLOR_ATTR = re.compile(r'color="([\w-]+)"')


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)


# Text under this size (points, as printed) is "small": one ink only in CMYK, because
# the plates of a press never register perfectly and fine multi-ink type shows fringes.
SMALL_TEXT_PT = 12.0
FINE_LINE_PT = 1.0  # rules thinner than this are fine detail too
FIT_STEP_PT = 0.25  # fit_text's search finds the largest size that fits to this step


class Palette:
    """Resolves a template's colour names for the output's colour mode (rgb or cmyk).

    In CMYK, ``small_text`` (or any fine detail) takes the colour's ``fine_cmyk`` (one ink),
    else its ``cmyk`` with dark colours (K 80 % or more) reduced to that K alone; ``area``
    (a large fill) takes ``area_cmyk``, e.g. a rich black, else ``cmyk``. It also holds the
    document's upper-casing (Kazakh in Latin letters: i → İ, ı → I).
    """

    def __init__(self, template: Template, mode: str = "rgb", script: str = "cyrl") -> None:
        self.template = template
        self.mode = mode
        self._cache: dict[tuple[str, bool, bool], Any] = {}
        self.upper: Callable[[str], str] = str.upper
        if script == "latn":
            from ..content.latin import kazakh_upper

            self.upper = kazakh_upper

    @property
    def key(self) -> tuple:
        """What decides the colours and case this palette gives (a hashable key)."""
        return (self.mode, self.upper, tuple(self.template.colours.items()))

    def __call__(self, name: str, *, small_text: bool = False, area: bool = False) -> Any:
        key = (name, small_text, area)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, small_text, area)
        return self._cache[key]

    def _resolve(self, name: str, small_text: bool, area: bool) -> Any:
        from reportlab.lib.colors import CMYKColor, Color

        colour = self.template.colours[name]
        if self.mode != "cmyk":
            return Color(*colour.rgb)
        if colour.cmyk is None:
            raise TemplateError(
                f"colour '{name}' is RGB only ({_hex(colour.rgb)}); "
                "CMYK output needs its cmyk = [C, M, Y, K]",
                where=str(self.template.data_file),
            )
        inks = colour.cmyk
        if small_text and colour.fine_cmyk is not None:
            inks = colour.fine_cmyk
        elif area and colour.area_cmyk is not None:
            inks = colour.area_cmyk
        c, m, y, k = (v / 100 for v in inks)
        if small_text and k >= 0.8 and colour.fine_cmyk is None:
            # Small text in one ink only: a rich black would show misregistration.
            return CMYKColor(0, 0, 0, k)
        return CMYKColor(c, m, y, k)

    def markup_value(self, name: str, *, small_text: bool = False) -> str:
        """The colour as ReportLab markup writes it (``#RRGGBB`` or ``pcmyk(c,m,y,k)``)."""
        col = self(name, small_text=small_text)
        if self.mode == "cmyk":
            return "pcmyk({:g},{:g},{:g},{:g})".format(
                *(round(v * 100, 2) for v in (col.cyan, col.magenta, col.yellow, col.black))
            )
        return col.hexval().replace("0x", "#")


_ELEMENT = re.compile(r"(<[^>]*>)")
_LINK_TAG = re.compile(r"<\s*(/?)\s*(a|link)\b", re.IGNORECASE)


def _maybe_address(text: str) -> bool:
    """Whether the text may hold an address: a scheme, www., an @ or a dot before a domain
    the normaliser knows (its full pattern takes 3 ms over a whole article)."""
    if "@" in text or "://" in text:
        return True
    at = text.find(".")
    while at >= 0:
        if text[at - 3 : at].lower() == "www" or text[at + 1 : at + 5].lower().startswith(DOMAINS):
            return True
        at = text.find(".", at + 1)
    return False


@lru_cache(maxsize=256)
def link_addresses(markup: str) -> str:
    """Each web or e-mail address in the text (as the normaliser finds them) made a link to
    itself, so the PDF carries a /URI annotation over every line part of it: a reader can
    click it, and a program read it whole though its line broke. Text already in a link
    is left alone. (Kept by markup: a brochure's text is linked again at every size tried.)"""
    if not _maybe_address(markup):
        return markup
    out, inside = [], 0
    for part in _ELEMENT.split(markup):
        tag = _LINK_TAG.match(part)
        if tag:
            inside += -1 if tag.group(1) else 1
        elif part and not inside and not part.startswith("<"):
            part = _link_text(part, ADDRESS)
        out.append(part)
    return "".join(out)


_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);")


def _link_text(part: str, address: re.Pattern[str]) -> str:
    """``_anchor`` round each address of a run of escaped text, found in the text as it
    reads: in the markup, «"http://x"» is «&quot;http://x&quot;», whose «&quot» the address
    took in (the page then printed «"http://x";»)."""
    from html import unescape

    plain: list[str] = []
    spans: list[tuple[int, int]] = []  # each plain character's span in the markup
    at = 0
    for m in _ENTITY.finditer(part):
        for i in range(at, m.start()):
            plain.append(part[i])
            spans.append((i, i + 1))
        for ch in unescape(m.group(0)):
            plain.append(ch)
            spans.append(m.span())
        at = m.end()
    for i in range(at, len(part)):
        plain.append(part[i])
        spans.append((i, i + 1))
    found = list(address.finditer("".join(plain)))
    for m in reversed(found):
        a, b = spans[m.start()][0], spans[m.end() - 1][1]
        part = part[:a] + _anchor(part[a:b]) + part[b:]
    return part


def _anchor(text: str) -> str:
    """An address (as markup) as a link: to itself when it names its scheme; ``http://``
    before a bare host (www.daryn-krg.kz), ``mailto:`` before an e-mail address."""
    from html import escape, unescape

    plain = unescape(text)
    if "://" in plain:
        uri = plain
    else:
        uri = ("mailto:" if "@" in plain else "http://") + plain
    return f'<a href="{escape(uri, quote=True)}">{text}</a>'


def markup_for(markup: str, style: Style, palette: Palette, size: float | None = None) -> str:
    """Apply the style's case and turn template colour names in markup into real colours
    (the one-ink version when the text is set under 12 pt); web addresses become links."""
    markup = link_addresses(markup)
    if style.upper:
        markup = "".join(
            part if _TAG.fullmatch(part) else palette.upper(part) for part in _TAG.split(markup)
        )
    small = size is not None and size < SMALL_TEXT_PT

    def colour(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in palette.template.colours:
            return f'color="{palette.markup_value(name, small_text=small)}"'
        raise TemplateError(f"markup names colour '{name}', not in [colours]", where=None)

    return _COLOR_ATTR.sub(colour, markup)


def paragraph_style(
    style: Style, size: float, palette: Palette, scale: float = 1.0, **extra: Any
) -> Any:
    """A ReportLab ParagraphStyle for a template style at a size in points (the page's
    ``scale`` times a size of the style, whose leading opens up above ``size``)."""
    from reportlab.lib.styles import ParagraphStyle

    ensure_family(style.font)
    return ParagraphStyle(
        style.name,
        fontName=face_name(style.font, style.face),
        fontSize=size,
        leading=size * style.leading_at(size / scale),
        textColor=palette(style.color, small_text=size < SMALL_TEXT_PT),
        alignment=_ALIGN[style.align],
        spaceAfter=style.space_after,
        allowWidows=0,
        allowOrphans=0,
        **extra,
    )


def check_paragraph_fonts(paragraph: Any, where: str) -> None:
    """Every character of every run must exist in the font that draws that run."""
    for frag in paragraph.frags:
        text = getattr(frag, "text", "")
        if text:
            check_coverage(text, frag.fontName, where)


@dataclass
class FittedText:
    """Paragraphs laid into a box at the size that fits: what to draw, and how big it came out."""

    paragraphs: list[Any]
    heights: list[float]
    size: float

    @property
    def height(self) -> float:
        return sum(self.heights)


def _paragraphs(
    blocks: list[str],
    style: Style,
    size: float,
    palette: Palette,
    like: list[tuple[str, list[Any], float]] | None = None,
    scale: float = 1.0,
) -> list[Any]:
    """The blocks as paragraphs at ``size``; ``like``, the same blocks as parsed at another
    size (text, frags, size; same colours), is scaled instead of parsing the markup again."""
    from reportlab.lib.styles import ParagraphStyle

    from .fallback import FallbackParagraph, plain_frags

    # A word is never cut where it does not fit (ReportLab's splitLongWords, on by default,
    # cuts it at a letter, with no hyphen): _try tells the box's fitting that it does not fit.
    pstyle = paragraph_style(style, size, palette, scale, splitLongWords=0)
    # Between two languages of one text (a paragraph of its own), half a line of space, so
    # they read as two texts at one size.
    spaced = None
    out: list[Any] = []
    texts = iter(like or ())
    for b in blocks:
        if b == LANGUAGE_BREAK:
            if out:
                if spaced is None:
                    after = pstyle.spaceAfter + pstyle.leading * 0.5
                    spaced = ParagraphStyle(pstyle.name + "+", parent=pstyle, spaceAfter=after)
                out[-1].style = spaced
            continue
        if like is None:
            text = markup_for(b, style, palette, size)
            out.append(FallbackParagraph(text, pstyle, frags=plain_frags(text, pstyle)))
            continue
        text, parsed, at = next(texts)
        frags = [f.clone(fontSize=f.fontSize * size / at) for f in parsed]
        out.append(FallbackParagraph(text, pstyle, frags=frags))
    return out


class _Sizes:
    """A text's paragraphs at any size: parsed once for each colour variant (one-ink colours
    under 12 pt), then scaled, since only the size changes while a box's text is fitted."""

    def __init__(
        self, blocks: list[str], style: Style, palette: Palette, scale: float = 1.0
    ) -> None:
        self.blocks, self.style, self.palette, self.scale = blocks, style, palette, scale
        # Markup that sets its own sizes (<font size>) does not scale: parse it every time.
        self.scalable = not any("size=" in b for b in blocks)
        self.parsed: dict[bool, list[tuple[str, list[Any], float]]] = {}

    def __call__(self, size: float) -> list[Any]:
        small = size < SMALL_TEXT_PT
        like = self.parsed.get(small) if self.scalable else None
        paras = _paragraphs(self.blocks, self.style, size, self.palette, like, self.scale)
        if like is None:
            # The frags as parsed (wrapping replaces a paragraph's list with its words).
            self.parsed[small] = [(p.text, list(p.frags), size) for p in paras]
        return paras


def _try(paras: list[Any], width: float, height: float) -> tuple[bool, list[float]]:
    heights = []
    for p in paras:
        # One word wider than the box. No tolerance: ReportLab's breakLines cuts a word wider
        # than the line by any amount (27.8 pt «национальных», 0.003 pt too wide, printed as
        # «на / циональных»), and where it does not (splitLongWords off) the word overflows.
        if p.minWidth() > width:
            return False, []
        _, h = p.wrap(width, 1e6)
        heights.append(h + p.style.spaceAfter)
    if heights:
        heights[-1] -= paras[-1].style.spaceAfter
    return sum(heights) <= height + 0.01, heights


# Texts fitted in this process, by everything that decides the fit: a build that fits a text
# some earlier build fitted (the same event built again, a title shared by products) takes
# that result. Its paragraphs are only drawn after (drawing changes nothing in them), and the
# pipeline runs one build at a time in a process. Least recently used entries go first.
_FITTED: OrderedDict[tuple, FittedText] = OrderedDict()
_FITTED_SIZE = 512


def fit_text(
    markup: str,
    style: Style,
    scale: float,
    width: float,
    height: float,
    palette: Palette,
    where: str,
) -> FittedText:
    """Set the text at the style's size, shrinking to its min_size; FitError if it cannot fit.
    A style with a ``max_size`` grows, as far as the box allows, up to it."""
    key = (markup, style, scale, width, height, palette.key)
    done = _FITTED.get(key)
    if done is not None:
        _FITTED.move_to_end(key)
        return done
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markup)]
    at = _Sizes([b for b in blocks if b], style, palette, scale)
    try:
        fitted = _fit_text(at, width, height, where)
    except FitError as e:
        # A compound wider than the box even at the smallest size (a double surname,
        # «Жұмабайқызы-Айтмұхамбетова» in a narrow name box) breaks after its own hyphen,
        # which stays at the end of the line, before the text is said not to fit.
        broken = _at_own_hyphens(at, width)
        if broken is None:
            raise
        at = _Sizes(broken, style, palette, scale)
        try:
            fitted = _fit_text(at, width, height, where)
        except FitError:
            raise e from None
    if style.balance:
        fitted = _balanced(at, width, height, fitted, style.balance)
    elif style.even:  # even lines at the size that fits (centred text, headings)
        fitted = _balanced(at, width, height, fitted, 1.0)
    _FITTED[key] = fitted
    if len(_FITTED) > _FITTED_SIZE:
        _FITTED.popitem(last=False)
    return fitted


def _fit_text(at: _Sizes, width: float, height: float, where: str) -> FittedText:
    style, scale = at.style, at.scale
    hi, lo = style.size * scale, style.min_size * scale
    paras = at(hi)
    for p in paras:
        check_paragraph_fonts(p, where)
    ok, heights = _try(paras, width, height)
    if ok:
        if style.top_size * scale <= hi:
            return FittedText(paras, heights, hi)
        return _grow(at, style.top_size * scale, width, height, FittedText(paras, heights, hi))
    low_paras = at(lo)
    ok, heights = _try(low_paras, width, height)
    floor = style.balance_min_size * scale
    if not ok and style.balance and 0 < floor < lo and _too_wide(low_paras, width):
        # A word wider than the box (a narrow column): smaller, down to the balance floor.
        hi, lo = lo, floor
        low_paras = at(lo)
        ok, heights = _try(low_paras, width, height)
    if not ok:
        wide = _too_wide(low_paras, width)
        if len(wide) > 40:
            wide = wide[:39] + "…"
        raise FitError(
            f"the text does not fit its box ({width / 2.8346:.0f} × {height / 2.8346:.0f} mm) "
            f"even at the smallest size {lo / scale:g} pt"
            + (f": the word «{wide}» is wider than the box" if wide else ""),
            where=where,
        )
    # Binary search the largest size that fits, to a quarter point.
    return _largest(at, FittedText(low_paras, heights, lo), hi, width, height, FIT_STEP_PT)


def _at_own_hyphens(at: _Sizes, width: float) -> list[str] | None:
    """The blocks with a line break after the hyphens of each hyphenated word wider than
    ``width`` at the smallest size (as few as keep each part within it), or None when no
    such word has a hyphen to break at."""
    paras = at(at.style.min_size * at.scale)
    cuts: dict[str, list[int]] = {}  # a wide word (as drawn) → after which of its parts to break
    for p in paras:
        for frag in p.frags:
            for word in getattr(frag, "text", "").split():
                parts = word.split("-")
                if len(parts) < 2 or not all(parts) or word in cuts:
                    continue
                if stringWidth(word, frag.fontName, frag.fontSize) <= width:
                    continue
                after, line = [], parts[0]
                for i, part in enumerate(parts[1:]):
                    more = "-" if i + 2 < len(parts) else ""
                    if stringWidth(line + "-" + part + more, frag.fontName, frag.fontSize) > width:
                        after.append(i)
                        line = part
                    else:
                        line += "-" + part
                if after:
                    cuts[word] = after
    if not cuts:
        return None
    blocks = at.blocks
    for word, after in cuts.items():
        # Case aside: a style in capitals draws the word upper-cased.
        found = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", re.IGNORECASE)

        def cut(m: re.Match[str], after: list[int] = after) -> str:
            parts = m.group(0).split("-")
            return "".join(
                part + ("-<br/>" if i in after else "-" if i < len(parts) - 1 else "")
                for i, part in enumerate(parts)
            )

        blocks = [found.sub(cut, b) for b in blocks]
    return blocks if blocks != at.blocks else None


def _too_wide(paras: list[Any], width: float) -> str:
    """The first word wider than ``width`` (as ``_try`` measures), or ``""``."""

    for p in paras:
        if p.minWidth() <= width:
            continue
        for frag in p.frags:
            for word in getattr(frag, "text", "").split():
                if stringWidth(word, frag.fontName, frag.fontSize) > width:
                    return word
    return ""  # (a word of several runs: the text is named instead)


def _largest(
    at: _Sizes, best: FittedText, hi: float, width: float, height: float, step: float
) -> FittedText:
    """The largest size between ``best`` (which fits) and ``hi`` (which does not) at which
    the text fits, to ``step`` points."""

    def attempt(size: float) -> FittedText | None:
        trial = at(size)
        ok, heights = _try(trial, width, height)
        return FittedText(trial, heights, size) if ok else None

    return bisect_size(attempt, best, best.size, hi, step)


_T = TypeVar("_T")


def bisect_size(
    attempt: Callable[[float], _T | None], best: _T, lo: float, hi: float, step: float
) -> _T:
    """The result of ``attempt`` at the largest size between ``lo`` (whose result is ``best``)
    and ``hi`` (which does not fit) at which it gives one, to ``step`` points: fit_text's
    search, shared with ``plain_text`` so that both arrive at the same size."""
    while hi - lo > step:
        mid = (hi + lo) / 2
        trial = attempt(mid)
        if trial is not None:
            lo, best = mid, trial
        else:
            hi = mid
    return best


def _grow(at: _Sizes, top: float, width: float, height: float, best: FittedText) -> FittedText:
    """The largest size up to ``top`` (the style's max_size) at which the text still fits (to
    half a point: growing is for looks, so a coarser step keeps it cheap)."""
    trial = at(top)
    ok, heights = _try(trial, width, height)
    if ok:
        return FittedText(trial, heights, top)
    return _largest(at, best, top, width, height, 0.5)


def _balanced(
    at: _Sizes, width: float, height: float, fitted: FittedText, share: float
) -> FittedText:
    """``fitted`` broken into even lines, perhaps a little smaller (down to ``share`` of its
    size; 1.0: at its size) (typeset/balance.py)."""
    from .balance import balance_lines

    done = balance_lines(
        at,
        fitted.paragraphs,
        fitted.size,
        share=share,
        width=width,
        height=height,
        lines_fit=_try,
        **_balance_terms(at.style, at.scale),
    )
    if done is None:
        return fitted
    return FittedText(*done)


def _balance_terms(style: Style, scale: float) -> dict[str, Any]:
    """What balance.py takes from a style: the smallest size, a size's line height, and
    which one-word lines are faults."""
    return {
        "floor": (style.balance_min_size or style.min_size) * scale,
        "leading": lambda size: size * style.leading_at(size / scale),
        "lone_share": style.balance_lone,
        "lone_last": style.balance_lone_last,
    }


# What makes a text more than plain words: markup, an entity, a paragraph break or line end,
# a soft hyphen, the break between two languages.
_NOT_PLAIN = re.compile(f"[<>&\n\u00ad{LANGUAGE_BREAK}]")
_BR = "<br/>"


@dataclass(frozen=True)
class PlainText:
    """A plain text in one face, set as ReportLab's Paragraph sets it (its line breaks, the
    size fit_text's search gives it, the same operators), without making the paragraph: a
    record's serial number, a name, wrapped or shrunk to its box; or lines of plain words
    with ``<br/>`` between them (a role over an organisation). See ``plain_text``."""

    lines: list[tuple[float, list[str]]]  # (unused width, words) of each line
    font: str
    size: float  # the size fit_text reports
    font_size: float  # the size the words are set in (fit_text's scaled frags)
    leading: float
    colour: Any
    alignment: int
    height: float  # as fit_text's FittedText.height
    # Lines given with <br/>: whether each line ends at one (a paragraph of several runs,
    # which breaks and draws its lines its own way); None: one run.
    breaks: tuple[bool, ...] | None = None

    def draw(self, canvas: Any, x: float, top: float) -> None:
        """Paragraph.drawOn at (x, top - its height), for a paragraph of these lines."""
        tall = len(self.lines) * self.leading  # the paragraph's own height
        canvas.saveState()
        canvas.translate(x, top - tall)
        canvas.saveState()
        if self.breaks is None:
            canvas.setFillColor(self.colour)
            text = self._text_object(canvas, tall)
            if text is not None:
                canvas._code.append(text)
                canvas.restoreState()
                canvas.restoreState()
                return
        from .scaledtext import KernedText

        # rl_config.paraFontSizeHeightOffset (on by default): the baseline a size down; the
        # canvas's text object, its runs written as our paragraphs' are
        tx = KernedText(canvas, 0, tall - self.font_size)
        tx.preformatted = False
        tx.direction = None
        if self.breaks is None:
            self._draw_run(tx)
        else:
            self._draw_runs(tx, self.breaks)
        canvas.drawText(tx)
        canvas.restoreState()
        canvas.restoreState()

    def _text_object(self, canvas: Any, tall: float) -> str | None:
        """The text object (BT … ET) that a text object drawing these lines of one run with
        ``_draw_run`` gives ``canvas.drawText``, written here without making one: its
        origin, then for each line the moves, text and T* that the line function and
        ``moveCursor`` write (a move merged into the one before it, as there), the font
        given at the first text of each subset as ``_formatText`` gives it. None (nothing
        done) for a line whose spaces are squeezed (a word space), or a font that is not a
        subset TrueType face: its text object draws it."""
        from .scaledtext import split_string

        font = _getFont(self.font)
        if not font._dynamicFont or self.alignment not in (0, 1, 2):
            return None
        if not canvas.bottomup or any(
            extra <= -1e-8 and len(words) + sum(w.count("\xa0") for w in words) > 1
            for extra, words in self.lines
        ):
            return None  # a line the line functions set a word space for
        doc = canvas._doc
        escape = canvas._escape
        code = ["BT", f"1 0 0 1 {_fp_str(0, tall - self.font_size)} Tm"]
        subset_now = -1
        head = None
        share = (0.0, 0.5, 1.0)[self.alignment]

        def move(dx: float) -> None:  # ReportLab's setXPos and moveCursor (dy 0)
            if not (dx > 1e-6 or dx < -1e-6):
                return
            dy = 0
            if code[-1].endswith(" Td"):
                last = code.pop().split()
                dx += float(last[-3])
                dy -= float(last[-2])
            code.append(f"{_fp_str(dx, -dy)} Td")

        for extra, words in self.lines:
            words_text = " ".join(words)
            at = share * extra  # the line functions' move (the left one's offset is 0)
            move(at)
            out = []
            for subset, chunk in split_string(font, words_text, doc):
                if subset != subset_now:
                    if head is None:
                        head = f"{_fp_str(self.font_size)} Tf {_fp_str(self.leading)} TL"
                    out.append(f"{font.getSubsetInternalName(subset, doc)} {head}")
                    subset_now = subset
                out.append(f"({escape(chunk)}) Tj")
            code.append(" ".join(out) + " T*")
            move(-at)
        code.append("ET")
        return " ".join(code)

    def _draw_run(self, tx: Any) -> None:
        """drawPara's lines of a one-run paragraph (its kind 0)."""
        draw_line = (
            _rl._leftDrawParaLine,
            _rl._centerDrawParaLine,
            _rl._rightDrawParaLine,
            None,
            _rl._justifyDrawParaLine,
        )[self.alignment]
        tx.setFont(self.font, self.font_size, self.leading)
        last = len(self.lines) - 1
        for n, (extra, words) in enumerate(self.lines):
            draw_line(tx, 0, extra, words, n == last)

    def _draw_runs(self, tx: Any, breaks: tuple[bool, ...]) -> None:
        """drawPara's lines of a paragraph of several runs (its kind 1: _xDrawParaLineX and
        _putFragLine, the calls they make on the text object for runs of one face, size and
        colour): a line ended by <br/> draws the break's empty run after its words."""
        tx._leading = None
        tx._fontname, tx._fontsize = None, None
        coloured = False

        def put(text: str, broken: bool) -> None:  # _putFragLine
            nonlocal coloured
            x0 = tx._x0
            if tx._leading != self.leading:
                tx.setLeading(self.leading)
            if (tx._fontname, tx._fontsize) != (self.font, self.font_size):
                tx._setFont(self.font, self.font_size)
            if not coloured:
                coloured = True
                tx.setFillColor(self.colour)
            tx._textOut(text, not broken)
            if broken:
                tx._textOut("", 1)
            if tx._x0 != x0:
                _rl.setXPos(tx, x0 - tx._x0)

        offset = 0  # no indents
        last = len(self.lines) - 1
        for n, ((extra, words), broken) in enumerate(zip(self.lines, breaks, strict=True)):
            text, spaces = " ".join(words), len(words) - 1
            if self.alignment == 4:  # _justifyDrawParaLineX; the last line is not justified
                _rl.setXPos(tx, offset)
                simple = broken or -1e-8 < extra <= 1e-8 or (n == last and extra > -1e-8)
                if simple or spaces <= 0:
                    put(text, broken)
                else:
                    tx.setWordSpace(extra / float(spaces))
                    put(text, broken)
                    tx.setWordSpace(0)
                _rl.setXPos(tx, -offset)
                continue
            if self.alignment == 0:  # _leftDrawParaLineX
                _rl.setXPos(tx, offset)
            if extra > -1e-8 or spaces <= 0:
                m = offset + (0, 0.5 * extra, extra)[self.alignment]
                if self.alignment:
                    _rl.setXPos(tx, m)
                put(text, broken)
            else:
                m = offset
                tx.setWordSpace(extra / float(spaces))
                put(text, broken)
                tx.setWordSpace(0)
            _rl.setXPos(tx, -m)


@lru_cache(maxsize=1)
def _plain_paragraphs() -> float | None:
    """ReportLab's space shrinkage when its paragraph defaults leave a one-run paragraph of
    plain words to breakLines' simple greedy loop (no hyphenation, no indents, no bidi,
    none of rl_config's size offsets turned off), else None."""
    from reportlab import rl_config
    from reportlab.lib.styles import ParagraphStyle

    s = ParagraphStyle("plain")
    simple = (
        rl_config.paraFontSizeHeightOffset
        and not (s.hyphenationLang or s.uriWasteReduce or s.embeddedHyphenation)
        and not (s.leftIndent or s.rightIndent or s.firstLineIndent)
        and not getattr(s, "bulletText", None)
        and not (s.wordWrap or s.endDots or s.shaping or s.textTransform or s.backColor)
        and not (getattr(s, "autoLeading", "") or s.justifyLastLine)
    )
    return float(s.spaceShrinkage) if simple else None


def _plain_lines(
    words: list[str], font: str, size: float, width: float, shrink: float
) -> list[tuple[float, list[str]]] | None:
    """breakLines' lines for one run of plain words at a size (None: a word wider than
    ``width``, which _try rejects), with its arithmetic, in its order."""

    widths = [stringWidth(w, font, size, "utf8") for w in words]
    if max(widths) > width:  # Paragraph.minWidth
        return None
    space = stringWidth(" ", font, size, "utf8")
    shrink *= space
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    used = -space
    for word, w in zip(words, widths, strict=True):
        wider = used + space + w
        if wider <= width + shrink * len(line) or not line:
            line.append(word)
            used = wider
        else:
            lines.append((width - used, line))
            line, used = [word], w
    lines.append((width - used, line))
    return lines


def _frag_lines(
    segments: list[list[str]], font: str, size: float, width: float, shrink: float
) -> tuple[list[tuple[float, list[str]]], tuple[bool, ...]] | None:
    """breakLines' lines for lines of plain words with ``<br/>`` between them, in one face,
    at a size (None: a word wider than ``width``, which _try rejects): its loop for several
    runs (the frag words _getFragWords makes, a space after each word but a line's last),
    with its arithmetic, in its order. Also whether each line ends at a <br/>."""

    widths = [[stringWidth(w, font, size) for w in words] for words in segments]
    if max(max(ws) for ws in widths) > width:  # Paragraph.minWidth
        return None
    space = stringWidth(" ", font, size)
    lines: list[tuple[float, list[str]]] = []
    breaks: list[bool] = []
    for words, ws in zip(segments, widths, strict=True):
        line: list[str] = []
        used = gap = 0.0  # the line's width, and the space after its last word
        last = len(words) - 1
        for j, (word, w) in enumerate(zip(words, ws, strict=True)):
            wider = used + gap + w if w > 0 else used
            limit = width
            if shrink:  # the line's spaces so far (one after its last word) may shrink
                squeeze = gap
                if len(line) > 1:
                    squeeze += (len(line) - 1) * space
                squeeze *= shrink
                limit += squeeze
            if wider > limit and line:
                lines.append((width - used, line))
                breaks.append(False)
                line, used = [word], w
            else:
                line.append(word)
                used = wider
            gap = space if j < last else 0
        lines.append((width - used, line))
        breaks.append(True)
    breaks[-1] = False
    return lines, tuple(breaks)


def _plain_segments(text: str) -> list[list[str]] | None:
    """The words of each line of a text of plain lines with ``<br/>`` between them, as
    fallback.plain_frags takes them (else None): a paragraph of several runs."""
    from .fallback import plain_lines

    lines = plain_lines(text)
    if lines is None or len(lines) < 2:
        return None
    return [line.split(" ") for line in lines]


def plain_text(
    markup: str, style: Style, scale: float, width: float, height: float, palette: Palette
) -> PlainText | None:
    """The text as ``fit_text`` would set it, when it is plain words (in lines with
    ``<br/>`` between them, or not) in a face that has every character, else None (then
    fit_text sets it). Lines, the size fit_text's search arrives at and the height are
    worked out as ReportLab's Paragraph works them for plain text (breakLines' simple case,
    or its loop for several runs); a test compares the operators with the paragraph's. A
    style that balances its lines is set here only when it stands on one line at its size
    (and is one run), one that evens them only when no line wraps; one that grows, never."""

    shrink = _plain_paragraphs()
    if shrink is None:
        return None
    body = markup.strip()
    runs = _BR in body
    if _NOT_PLAIN.search(body.replace(_BR, "") if runs else body):
        return None
    size = style.size * scale
    text = markup_for(body, style, palette, size)
    segments = None
    if runs:
        segments = _plain_segments(text)
        if segments is None or style.balance:
            return None  # not lines of plain words, or a web address (now a link)
        words = [w for line in segments for w in line]
    elif "<" in text:
        return None  # a web address, now a link: a paragraph draws its annotation
    else:
        words = [w for w in _rl.split(_rl.strip(text)) if w]  # as Paragraph cleans a line of text
    ensure_family(style.font)
    font = face_name(style.font, style.face)
    if not words or not font_chars(font).issuperset(" ".join(words)):
        return None  # nothing to set, or characters from a fallback face: several runs
    if style.top_size * scale > size:  # a style that grows to fill its box
        return None
    # A style whose lines fit_text balances, or spaces other than one between words (the
    # paragraph's own splitting then measures its words): only one line at its size.
    if segments is None and (style.balance or _rl.strip(text) != " ".join(words)):
        space = stringWidth(" ", font, size)
        used = -space
        for word in words:
            used = used + space + stringWidth(word, font, size)
        if used > width:  # breakLines would break it, or squeeze its spaces
            return None
        return _set_plain([(width - used, words)], style, scale, size, size, height, palette)
    # fit_text's search (_fit_text, bisect_size), with its sizes and its scaled frag sizes:
    # a text is parsed at the first size of each colour class and scaled from it after.
    parsed: dict[bool, float] = {}

    def attempt(at: float) -> PlainText | None:
        first = parsed.get(at < SMALL_TEXT_PT)
        if first is None:
            parsed[at < SMALL_TEXT_PT] = font_size = at
        else:
            font_size = first * at / first
        if segments is None:
            lines = _plain_lines(words, font, font_size, width, shrink)
            if lines is None:
                return None
            return _set_plain(lines, style, scale, at, font_size, height, palette)
        broken = _frag_lines(segments, font, font_size, width, shrink)
        if broken is None:
            return None
        return _set_plain(broken[0], style, scale, at, font_size, height, palette, broken[1])

    hi, lo = size, style.min_size * scale
    best = attempt(hi)
    if best is None:
        best = attempt(lo)
        if best is None:
            return None  # fit_text fails, or tries the balance floor: its own words
        best = bisect_size(attempt, best, lo, hi, FIT_STEP_PT)
    if style.even and len(best.lines) > (len(segments) if segments else 1):
        return _evened(best, segments or [words], style, scale, width, height, palette)
    return best


def _evened(
    best: PlainText,
    runs: list[list[str]],
    style: Style,
    scale: float,
    width: float,
    height: float,
    palette: Palette,
) -> PlainText | None:
    """``best`` (lines of ``runs`` of which one wraps) with even lines, as fit_text's
    ``_balanced`` breaks them at its size: the breaks balance.py plans for these words, set as
    the paragraph with a line break at each sets them (``_frag_lines``); None where that is
    not lines of plain words."""
    from .balance import plain_words, plan_lines

    font, size, font_size = best.font, best.size, best.font_size
    ends = best.breaks or (False,) * len(best.lines)
    set_lines = [
        (width - extra, " ".join(" ".join(words).split()), forced)
        for (extra, words), forced in zip(best.lines, ends, strict=True)
    ]
    texts = [[plain_words(words, font, font_size) for words in runs]]
    plan = plan_lines(
        texts,
        [set_lines],
        size,
        share=1.0,
        width=width,
        height=height,
        **_balance_terms(style, scale),
    )
    if plan is None:
        return best
    lines = [
        words[start:end]
        for words, layout in zip(runs, plan[1][0], strict=True)
        for start, end in zip((0, *layout.ends[:-1]), layout.ends, strict=True)
    ]
    broken = _frag_lines(lines, font, font_size, width, _plain_paragraphs() or 0.0)
    if broken is None or len(broken[0]) != len(lines):
        return best  # set unlike the plan: fit_text keeps the lines as set
    if [w for _, w in broken[0]] == [w for _, w in best.lines]:
        return best  # the lines as set
    return _set_plain(broken[0], style, scale, size, font_size, height, palette, broken[1]) or best


def _set_plain(
    lines: list[tuple[float, list[str]]],
    style: Style,
    scale: float,
    size: float,
    font_size: float,
    height: float,
    palette: Palette,
    breaks: tuple[bool, ...] | None = None,
) -> PlainText | None:
    """The lines at a size when they fit the box's height as _try measures it, else None."""
    # As paragraph_style makes them; then _try's sum: the paragraph's height with its space
    # after, less the last one's.
    leading = size * style.leading_at(size / scale)
    heights = [len(lines) * leading + style.space_after]
    heights[-1] -= style.space_after
    if sum(heights) > height + 0.01:
        return None
    colour = palette(style.color, small_text=size < SMALL_TEXT_PT)
    font = face_name(style.font, style.face)
    return PlainText(
        lines, font, size, font_size, leading, colour, _ALIGN[style.align], sum(heights), breaks
    )
