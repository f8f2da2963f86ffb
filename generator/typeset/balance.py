"""Display text (a poster's title) broken into balanced lines, for styles with ``balance``.

ReportLab fills each line as far as it goes. At the size that fills a title's box that can
start a title with one short word above a full line («Наурыз / мейрамы / құтты болсын»,
«көктем / мерекесі және»). Here the sizes from the one that fits down to the style's
``balance`` share of it are tried, largest first, and at each every way of breaking the text into lines that fit
is weighed (a title is a few words: a dynamic programme over its word gaps). The first size
whose best layout has

* no line of a single word narrower than ``LONE`` of the longest line (in a text of three
  words or more; a style's ``balance_lone`` in its place), and
* no line that opens a paragraph narrower than ``FIRST`` of the line under it,

is kept, with the breaks that make the fewest lines and, among those, the most even ones
(least summed squared shortfall from the box's width, as CSS ``text-wrap: balance`` and
InDesign's Balance Ragged Lines aim for). When no size down to that share has such a layout,
the largest size with the fewest faults keeps its most even layout. A line never starts with a dash nor ends with
a one-letter word (Мильчин: «в», «и», «1» are not left at a line's end).

The breaks become line-break frags in ReportLab's own parsed runs, so the paragraph is
drawn as ReportLab draws a ``<br/>``; its lines are checked after (``None``: leave it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

LONE = 0.7  # a one-word line narrower than this share of the longest line is a fault
FIRST = 0.6  # a paragraph's first line narrower than this share of the next is a fault
SLACK = 0.5  # points kept in hand so that ReportLab's fit test agrees with ours
# A line short of its limit by at most this share of it is a little fault, which a larger
# size may outweigh (see _penalty); one shorter still is never traded for size.
SLIGHT = 0.15
_FAULT = 1e6  # per fault: more than any number of lines
_LINE = 1e3  # per line: fewer lines first, then evenness (each line's cost is at most 1)
_GAP = re.compile(r"[ \t\r\n]+")  # breakable spaces (not the no-break space)
_DASHES = "\u2013\u2014"


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of a paragraph, measured at size 1."""

    width: float  # at size 1
    space: float  # the space after it, at size 1
    text: str
    gap: tuple[int, int, int] | None  # the space after it: frag index, start, end


def _segments(frags: list[Any]) -> list[list[_Word]] | None:
    """The words of each run between forced line breaks, widths at size 1 (None: the text
    holds something other than text, an inline image or a link's box)."""
    segments: list[list[_Word]] = [[]]
    width, text = 0.0, ""

    def close(gap: tuple[int, int, int] | None, space: float) -> None:
        nonlocal width, text
        if text:
            segments[-1].append(_Word(width, space, text, gap))
        width, text = 0.0, ""

    for i, frag in enumerate(frags):
        if getattr(frag, "lineBreak", False):
            close(None, 0.0)
            segments.append([])
            continue
        piece = getattr(frag, "text", None)
        if piece is None or hasattr(frag, "cbDefn"):
            return None
        size = frag.fontSize or 1.0
        pos = 0
        for m in _GAP.finditer(piece):
            part = piece[pos : m.start()]
            width += stringWidth(part, frag.fontName, size) / size
            text += part
            close((i, m.start(), m.end()), stringWidth(" ", frag.fontName, size) / size)
            pos = m.end()
        part = piece[pos:]
        width += stringWidth(part, frag.fontName, size) / size
        text += part
    close(None, 0.0)
    return [s for s in segments if s] or None


def _breakable(words: list[_Word], k: int) -> bool:
    """May a line end after word ``k``: not before a dash, not after a one-letter word."""
    after = words[k + 1].text
    return not after.startswith(tuple(_DASHES)) and len(words[k].text.strip('«„"(')) > 1


def _words_in(text: str) -> int:
    """Words of letters or digits in a piece between breakable spaces (a no-break space
    binds two words into one piece; a dash is not a word)."""
    return sum(any(c.isalnum() for c in w) for w in text.split())


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of words between forced breaks, measured once for every size."""

    words: list[_Word]
    units: list[list[float]]  # units[i][j]: words i..j-1 on one line at size 1
    one: list[list[bool]]  # one[i][j]: they hold one word of letters or digits
    ends: list[bool]  # ends[j]: a line may end before word j

    @classmethod
    def of(cls, words: list[_Word]) -> _Run:
        n = len(words)
        counts = [_words_in(w.text) for w in words]
        units = [[0.0] * (n + 1) for _ in range(n)]
        one = [[False] * (n + 1) for _ in range(n)]
        for i in range(n):
            width, held = 0.0, 0
            for j in range(i + 1, n + 1):
                if j - 1 > i:  # the space between the words before
                    width += words[j - 2].space
                width += words[j - 1].width
                held += counts[j - 1]
                units[i][j], one[i][j] = width, held == 1
        ends = [True, *(_breakable(words, j - 1) for j in range(1, n)), True]
        return cls(words, units, one, ends)


@dataclass(frozen=True, slots=True)
class _Layout:
    """One way of breaking a run into lines: its cost, faults and line ends."""

    cost: float
    faults: int
    ends: tuple[int, ...]  # the index after each line's last word
    widths: tuple[float, ...]


def _run_layout(
    run: _Run, size: float, width: float, lone: float, ref: float, last: bool = False
) -> _Layout | None:
    """The best breaks of one run at ``size`` in ``width`` (None: a word is wider);
    ``lone``: a one-word line narrower than this share of ``ref`` is a fault (0: none is);
    ``last``: only on the run's last line."""
    n = len(run.words)
    room = (width - SLACK + 1e-6) / size  # in widths at size 1
    units, one, ends = run.units, run.one, run.ends
    short = lone * ref / size

    def cost(i: int, j: int) -> tuple[float, int]:
        shortfall = 1.0 - units[i][j] * size / width
        fault = int(lone and one[i][j] and units[i][j] < short and (j == n or not last))
        return _LINE + shortfall * shortfall + _FAULT * fault, fault

    inf = float("inf")
    # best[i]: the cheapest layout of words i.. (cost, faults, next break).
    best: list[tuple[float, int, int]] = [(inf, 0, n)] * n + [(0.0, 0, n)]
    for i in range(n - 1, -1, -1):
        row = units[i]
        for j in range(i + 1, n + 1):
            if row[j] > room:
                break
            if not ends[j] or best[j][0] == inf:
                continue
            c, f = cost(i, j)
            if c + best[j][0] < best[i][0]:
                best[i] = (c + best[j][0], f + best[j][1], j)
    # The first line weighed with the one under it.
    top: tuple[float, int, int] = (inf, 0, n)
    for j in range(1, n + 1):
        if units[0][j] > room:
            break
        if not ends[j] or best[j][0] == inf:
            continue
        c, f = cost(0, j)
        total, faults = c + best[j][0], f + best[j][1]
        if j < n and units[0][j] < FIRST * units[j][best[j][2]]:
            total, faults = total + _FAULT, faults + 1
        if total < top[0]:
            top = (total, faults, j)
    if top[0] == inf:
        return None
    breaks, at = [top[2]], top[2]
    while at < n:
        at = best[at][2]
        breaks.append(at)
    starts = [0, *breaks[:-1]]
    widths = tuple(units[a][b] * size for a, b in zip(starts, breaks, strict=True))
    return _Layout(top[0], top[1], tuple(breaks), widths)


def _layouts(
    texts: list[list[_Run]], size: float, width: float, lone: float, last: bool = False
) -> list[list[_Layout]] | None:
    """The best layout of every run at ``size``: laid out once against the box's width,
    then again against the longest line that came out (what a lone word is measured by)."""
    ref = width
    for _ in range(2):
        out = []
        for runs in texts:
            laid = [_run_layout(r, size, width, lone, ref, last) for r in runs]
            if any(x is None for x in laid):
                return None
            out.append(laid)  # type: ignore[arg-type]
        longest = max(w for laid in out for x in laid for w in x.widths)
        if not lone or longest >= ref - 1e-6:
            break
        ref = longest
    return out


def _sizes(texts: list[list[_Run]], top: float, floor: float, width: float) -> list[float]:
    """``top`` and every smaller size down to ``floor`` at which some line starts to fit."""
    found = {top}
    for runs in texts:
        for run in runs:
            for row in run.units:
                for w in row:
                    size = (width - SLACK) / w if w > 0 else top
                    if floor <= size < top:
                        found.add(size)
    return sorted(found, reverse=True)


def _set_lines(paras: list[Any], width: float) -> list[list[tuple[float, str, bool]]] | None:
    """Each paragraph's lines as ReportLab set them: (width, text, ends at a forced break)."""
    out = []
    for p in paras:
        lines = []
        for line in getattr(getattr(p, "blPara", None), "lines", None) or ():
            if isinstance(line, tuple):  # one run of text: (extra space, words)
                extra, text, forced = line[0], " ".join(line[1]), False
            else:
                extra = line.extraSpace
                text = " ".join(getattr(w, "text", "") for w in line.words)
                forced = bool(getattr(line, "lineBreak", False))
            lines.append((width - extra, " ".join(text.split()), forced))
        if not lines:
            return None
        out.append(lines)
    return out


def _faults(paras: list[list[tuple[float, str, bool]]], lone: float, last: bool = False) -> int:
    """The faults (as the search counts them) of lines as set."""
    longest = max(w for lines in paras for w, _, _ in lines)
    faults = 0
    for lines in paras:
        opens = True
        for k, (w, text, forced) in enumerate(lines):
            ends = k + 1 == len(lines) or forced  # a run's last line
            faults += (
                bool(lone) and _words_in(text) == 1 and w < lone * longest and (ends or not last)
            )
            faults += text.startswith(tuple(_DASHES))  # never a break before a dash
            if opens and not forced and k + 1 < len(lines) and w < FIRST * lines[k + 1][0]:
                faults += 1
            opens = forced
    return faults


def balance_lines(
    make: Callable[[float], list[Any]],
    set_paras: list[Any],
    size: float,
    floor: float,
    share: float,
    width: float,
    height: float,
    lines_fit: Callable[[list[Any], float, float], tuple[bool, list[float]]],
    leading: Callable[[float], float],
    lone_share: float = LONE,
    lone_last: bool = False,
) -> tuple[list[Any], list[float], float] | None:
    """Balanced paragraphs for text ``make(size)`` fits at ``size`` (``set_paras``, as fit_text
    set it there): (paragraphs, heights, size), or None to keep the text as set (nothing
    better, or it came out unlike the plan). ``floor``: the smallest size the style allows,
    ``share`` the smallest share of ``size`` to balance at; ``lines_fit`` is fit_text's test
    of paragraphs in a box, ``leading`` a size's line height; ``lone_share``: LONE, or the
    style's own (a narrow column); ``lone_last``: only a paragraph's (or a forced break's)
    last line of one word is a fault (a pull quote). A smaller size is taken only for fewer faults than the
    lines as set have."""
    paras = make(size)
    texts: list[list[_Run]] = []
    for p in paras:
        segments = _segments(p.frags)
        if segments is None:
            return None
        texts.append([_Run.of(words) for words in segments])
    spaces = sum(p.style.spaceAfter for p in paras[:-1])
    set_lines = _set_lines(set_paras, width)
    if set_lines is None:
        return None
    plan = plan_lines(
        texts, set_lines, size, floor, share, width, height, leading, lone_share, lone_last, spaces
    )
    if plan is None:
        return None
    at, laid = plan
    out = []
    for p, segments, layouts in zip(make(at), texts, laid, strict=True):
        gaps = [
            run.words[end - 1].gap
            for run, layout in zip(segments, layouts, strict=True)
            for end in layout.ends[:-1]
        ]
        out.append(_with_breaks(p, [g for g in gaps if g is not None]))
    ok, heights = lines_fit(out, width, height)
    planned = [sum(len(x.ends) for x in layouts) for layouts in laid]
    if not ok or [len(p.blPara.lines) for p in out] != planned:
        return None
    if at == size and [[t for _, t, _ in lines] for lines in _set_lines(out, width) or []] == [
        [t for _, t, _ in lines] for lines in set_lines
    ]:
        return None  # the lines as set: keep them (and their bytes)
    return out, heights, at


def plain_words(words: list[str], font: str, size: float) -> _Run:
    """A run of plain words in one face at ``size``, measured as ``_segments`` measures the
    frags of a paragraph of them."""
    space = stringWidth(" ", font, size) / size
    last = len(words) - 1
    return _Run.of(
        [
            _Word(stringWidth(w, font, size) / size, space if k < last else 0.0, w, None)
            for k, w in enumerate(words)
        ]
    )


def plan_lines(
    texts: list[list[_Run]],
    set_lines: list[list[tuple[float, str, bool]]],
    size: float,
    floor: float,
    share: float,
    width: float,
    height: float,
    leading: Callable[[float], float],
    lone_share: float = LONE,
    lone_last: bool = False,
    spaces: float = 0.0,
) -> tuple[float, list[list[_Layout]]] | None:
    """The size and the breaks of each run (``texts``: each paragraph's runs between forced
    breaks) that ``balance_lines`` chooses, given the lines as set at ``size`` (width, text,
    ends at a forced break); None: keep the lines as set. ``spaces``: the space between the
    paragraphs."""
    count = sum(_words_in(w.text) for runs in texts for r in runs for w in r.words)
    if count < 2:
        return None
    lone = lone_share if count >= 3 else 0.0
    before = _faults(set_lines, lone, lone_last)

    tried: dict[float, tuple[int, list[list[_Layout]]] | None] = {}

    def laid_at(at: float) -> tuple[int, list[list[_Layout]]] | None:
        if at not in tried:
            tried[at] = _laid_at(at)
        return tried[at]

    def _laid_at(at: float) -> tuple[int, list[list[_Layout]]] | None:
        laid = _layouts(texts, at, width, lone, lone_last)
        if laid is None:
            return None
        lines = sum(len(x.ends) for segments in laid for x in segments)
        if lines * leading(at) + spaces > height + 0.01:
            return None
        return sum(x.faults for segments in laid for x in segments), laid

    # The largest size weighed against its faults: the fewest lines far short of their limit
    # (by over SLIGHT of it: a short word alone; among layouts with one, the fewest faults
    # as before), then each little fault costs the share of
    # the size by which its line falls short, so that a lone word at 62 % of the longest line
    # where 70 % is asked is worth less than a title 30 % smaller. Sizes are tried down to
    # the first with no fault.
    chosen: tuple[int, float, list[list[_Layout]]] | None = None
    weight = (0, 0, 0.0)
    # At one size only (share 1: even lines), the fallback below weighs that size alone.
    sizes = [] if share >= 1.0 else _sizes(texts, size, max(floor, share * size), width)
    for at in sizes:
        found = laid_at(at)
        if found is not None:
            worse, keep = _penalty(texts, found[1], lone, lone_last)
            # With a line far short, the fewest faults first, as every fault was weighed.
            worth = (-worse, -found[0] if worse else 0, at * keep)
            if chosen is None or worth > (*weight[:2], weight[2] + 1e-9):
                chosen, weight = (found[0], at, found[1]), worth
            if not found[0]:
                break
    if chosen is None or chosen[0] >= before:  # smaller for nothing: even lines at the size
        found = laid_at(size)
        if share >= 1.0 and found is not None and found[0] < before:
            return size, found[1]  # fewer faults at the one size (what the loop gave)
        if found is None or found[0] > before:
            return None
        if sum(len(x.ends) for runs in found[1] for x in runs) > sum(map(len, set_lines)):
            return None  # more lines than as set (a line set within SLACK of the width)
        chosen = (found[0], size, found[1])
    return chosen[1], chosen[2]


def _penalty(
    texts: list[list[_Run]], laid: list[list[_Layout]], lone: float, last: bool
) -> tuple[int, float]:
    """A layout's faults: how many lines fall short of their limit (a one-word line under
    ``lone`` of the longest, a first line under FIRST of the next) by more than SLIGHT of
    it, and the share of its size it keeps for the others, each multiplying it by how far
    its line reaches, its width over the limit's (1.0 with none)."""
    longest = max(w for layouts in laid for x in layouts for w in x.widths)
    shares: list[float] = []
    for runs, layouts in zip(texts, laid, strict=True):
        for run, layout in zip(runs, layouts, strict=True):
            n = len(run.words)
            starts = (0, *layout.ends[:-1])
            for k, (a, b) in enumerate(zip(starts, layout.ends, strict=True)):
                w = layout.widths[k]
                if lone and run.one[a][b] and w < lone * longest and (b == n or not last):
                    shares.append(w / (lone * longest))
                if k == 0 and k + 1 < len(layout.widths):
                    under = layout.widths[1]
                    if w < FIRST * under:
                        shares.append(w / (FIRST * under))
    keep = 1.0
    for share in shares:
        if share >= 1.0 - SLIGHT:
            keep *= share
    return sum(share < 1.0 - SLIGHT for share in shares), keep


def _with_breaks(paragraph: Any, gaps: list[tuple[int, int, int]]) -> Any:
    """The paragraph with a line break in place of each of ``gaps`` (frag, start, end)."""
    cut: dict[int, list[tuple[int, int]]] = {}
    for i, start, end in gaps:
        cut.setdefault(i, []).append((start, end))
    frags: list[Any] = []
    for i, frag in enumerate(paragraph.frags):
        spans = sorted(cut.get(i, ()))
        if not spans:
            frags.append(frag)
            continue
        pos = 0
        for start, end in spans:
            if start > pos:
                frags.append(frag.clone(text=frag.text[pos:start]))
            frags.append(frag.clone(text="", lineBreak=True, _selfClosingTag="br"))
            pos = end
        if pos < len(frag.text):
            frags.append(frag.clone(text=frag.text[pos:]))
    return type(paragraph)(paragraph.text, paragraph.style, frags=frags)
