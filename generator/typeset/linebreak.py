"""The total-fit search behind :class:`KazakhParagraph`: glue, hyphen penalties, microtype.

A line from break ``a`` to break ``b`` has a natural width (its glyphs and word spaces) and
a column width. As in Knuth-Plass, the spaces are glue: they stretch by ``space_stretch``
of a space at badness 100 (TeX: 100 t^3) and shrink by ``space_shrink`` at most; ``max_gap``
bounds the widest gap wherever the rules allow. Two pdfTeX/microtype devices take part
in the same calculation, not as an afterthought:

* **Protrusion** (optical margin alignment): a hyphen, stop, comma, quote or dash at a line
  end, and an opening quote or dash at a line start, hangs into the margin by a share of
  its width, so the column *looks* straight; that share is added to the line's width.
* **Expansion**: the whole line may be scaled horizontally by up to ``expansion`` (2 %),
  shared with the glue in proportion to each one's flexibility, as pdfTeX does.

Penalties make the breaks a typographer dislikes a last resort: a proper name cut, a
compound cut inside its first part, a two-letter fragment, the tail of a word alone on the
last line, a last line shorter than the indent. Hyphen limits come from the template: the
shortest fragments, the most hyphenated lines in a row, and a target share of hyphenated
lines (a paragraph over it is set again with dearer hyphens).

The search first finds the smallest worst gap the rules allow, then the fewest TeX-like
demerits among layouts within ``max(that, max_gap)``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.typeset.hyphenation import breaks_for

__all__ = ["LEFT_PROTRUSION", "RIGHT_PROTRUSION", "Layout", "Settings", "choose_lines"]

# Share of a character's width that hangs into the margin (after microtype's default set).
RIGHT_PROTRUSION = {
    "-": 0.7, ".": 0.7, ",": 0.7, ":": 0.5, ";": 0.5, "!": 0.2, "?": 0.2,
    "»": 0.5, "”": 0.7, "“": 0.7, "’": 0.7, "–": 0.3, "—": 0.2, "…": 0.3, ")": 0.1,
}  # fmt: skip
LEFT_PROTRUSION = {"«": 0.5, "“": 0.5, "„": 0.5, "‘": 0.5, "–": 0.3, "—": 0.2, "(": 0.1}

_NUMBER_RE = re.compile(r"\W*\d[\d\W]*")  # 1995, 1, 50%: bound to the word that follows
_DASHES = frozenset("–—‒")  # never start a line with a dash
_NO_BREAK_SPACES = frozenset("\u2007\u202f")  # ReportLab splits at these, we must not

# Demerits in the spirit of TeX: (line penalty + badness)^2 + penalty.
_LINE_PENALTY = 10.0
_HYPHEN_COST = 20000.0  # TeX's \hyphenpenalty 50 squared is 2500: here fewer hyphens
_COMPOUND_COST = 1000.0  # at a compound's own hyphen: nothing new is drawn
_DOUBLE_HYPHEN_COST = 10000.0  # \doublehyphendemerits
_LAST_RESORT = 1e8  # a proper name, a compound's first part, a two-letter fragment
_BAD_LAST_LINE = 1e8  # a lone word tail, or shorter than the indent
_OVERFULL_RATIO = 1e6  # a piece wider than the column: allowed only when nothing else is
_SHORTEST_LINE = 0.4  # of the column: shorter lines are never worth considering
_FIT_SLACK = 0.01  # pt kept in hand so that ReportLab's own fit test agrees with ours
_SHARE_RETRIES = (5.0, 25.0)
_LOOSE = 1e12  # per line, when a paragraph is set one line shorter or longer
_NARROW = 45  # characters a line: a narrower column sets its paragraphs tight when it can  # hyphen cost multipliers tried when a paragraph is over its share
# Lines stretched beyond this many times the allowed stretch are looked at only when the
# paragraph cannot be set without them.
_RATIO_CAP = 4.0


@dataclass(frozen=True, slots=True)
class Settings:
    """The breaker's limits, from the paragraph style (template data)."""

    max_gap: float = 2.0  # no gap wider than this many spaces where the rules can avoid it
    stretch: float = 0.5  # a space stretches by this share of itself at badness 100
    shrink: float = 0.2  # and shrinks by this share of itself at most
    expansion: float = 0.0  # glyphs scale by at most this share per line (0.02 = 2 %)
    protrusion: bool = False
    hyphenate: bool = True
    language: str = "kk"  # whose hyphenation rules break the words (hyphenation.py)
    hyphen_min: tuple[int, int] = (2, 2)  # letters before and after a hyphen, at least
    hyphen_run: int = 2  # hyphenated lines in a row, at most
    hyphen_share: float = 1.0  # target share of hyphenated lines in a paragraph
    looseness: int = 0  # -1 one line fewer, 1 one more where the rules allow; 0 by the column
    min_last: float = 0.0  # points: a paragraph's last line is not shorter

    @classmethod
    def of(cls, style: Any) -> Settings:
        return cls(
            max_gap=getattr(style, "maxGapRatio", 2.0),
            stretch=getattr(style, "kazakhStretch", 0.5),
            shrink=style.spaceShrinkage,
            expansion=getattr(style, "kazakhExpansion", 0.0),
            protrusion=getattr(style, "kazakhProtrusion", False),
            hyphenate=getattr(style, "kazakhHyphenation", True),
            language=getattr(style, "breakLanguage", "kk"),
            hyphen_min=tuple(getattr(style, "kazakhHyphenMin", (2, 2))),  # type: ignore[arg-type]
            hyphen_run=getattr(style, "kazakhHyphenRun", 2),
            hyphen_share=getattr(style, "kazakhHyphenShare", 1.0),
            looseness=getattr(style, "kazakhLooseness", 0),
            min_last=getattr(style, "kazakhMinLastLine", 0.0),
        )


@dataclass(frozen=True, slots=True)
class Layout:
    """One line chosen: where it ends and the next starts, its hyphen, and how it is drawn.

    ``width`` is the width ReportLab must justify the line to before ``scale`` is applied
    (the column plus what hangs, divided by the scale); ``shift`` moves its start (a
    negative shift hangs the first character into the left margin).
    """

    end: int
    next: int
    drawn: bool
    scale: float
    width: float
    shift: float


def _candidates(
    plain: str, fonts: list[tuple[str, float]], tokens: list[tuple[int, int]], s: Settings
) -> list[tuple[int, int, int, int, float, bool, bool, float]]:
    """Every place a line may end: (end, next start, end token, next token, added width,
    hyphen visible at the end, hyphen drawn by us, penalty of breaking there)."""
    hyphen_of: dict[tuple[str, float], float] = {}
    token_breaks = breaks_for(s.language)
    low_left, low_right = s.hyphen_min
    found = [(0, tokens[0][0], 0, 0, 0.0, False, False, 0.0)]
    for i, (start, stop) in enumerate(tokens):
        token = plain[start:stop]
        for cut, drawn in token_breaks(token) if s.hyphenate else ():
            left = sum(ch.isalpha() for ch in token[:cut])
            right = sum(ch.isalpha() for ch in token[cut:])
            if left < low_left or right < low_right:
                continue
            at = start + cut
            compound = plain[at - 1] == "-"
            added = 0.0
            price = _COMPOUND_COST
            if drawn:
                font = fonts[at - 1]
                added = hyphen_of.get(font) or hyphen_of.setdefault(font, stringWidth("-", *font))
                price = _HYPHEN_COST
                part = token.rfind("-", 0, cut) + 1
                while part < cut and not token[part].isalpha():
                    part += 1
                if min(left, right) <= 2 or token[part].isupper():
                    price += _LAST_RESORT  # a two-letter fragment or a proper name
                elif part == 0 and "-" in token[cut:].rstrip("-"):
                    price += _LAST_RESORT  # inside a compound's first part: ұлт-тық-мәдени
            elif not compound:
                price = 0.0  # two sentences glued by a missing space
            found.append((at, at, i, i, added, drawn or compound, drawn, price))
        if i + 1 < len(tokens) and _breakable(plain, tokens[i], tokens[i + 1]):
            found.append((stop, tokens[i + 1][0], i, i + 1, 0.0, False, False, 0.0))
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
class Plan:
    """Everything the search needs that does not depend on the width (built once a paragraph).

    Positions are prefix sums: a line from break ``a`` to break ``b`` is ``end[b] - start[a]``
    wide at its natural spacing, with ``gap_end[b] - gap_start[a]`` of it in word spaces; it
    may hang ``hang_left[a]`` and ``hang_right[b]`` into the margins.
    """

    settings: Settings
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
    hang_left: list[float]
    hang_right: list[float]
    end_tok: tuple[int, ...]
    next_tok: tuple[int, ...]
    token_first: dict[int, int]  # token -> the first break that starts a line inside it

    @classmethod
    def build(
        cls,
        plain: str,
        widths: list[float],
        fonts: list[tuple[str, float]],
        tokens: list[tuple[int, int]],
        settings: Settings,
    ) -> Plan:
        ink = [0.0]
        for w in widths:
            ink.append(ink[-1] + w)
        space_of = {font: stringWidth(" ", *font) for font in set(fonts)}
        gap_sum = [0.0]  # gap_sum[i]: the spaces after tokens 0..i-1, each in its word's font
        for _, e in tokens:
            gap_sum.append(gap_sum[-1] + space_of[fonts[e - 1]])
        cands = _candidates(plain, fonts, tokens, settings)
        ends, nexts, end_tok, next_tok, added, visible, drawn, price = zip(*cands, strict=True)
        hang_left = [0.0] * len(ends)
        hang_right = [0.0] * len(ends)
        if settings.protrusion:
            for k, (e, n, d) in enumerate(zip(ends, nexts, drawn, strict=True)):
                if n < len(plain) and plain[n] in LEFT_PROTRUSION:
                    hang_left[k] = LEFT_PROTRUSION[plain[n]] * widths[n]
                if d:
                    hang_right[k] = RIGHT_PROTRUSION["-"] * added[k]
                elif e and plain[e - 1] in RIGHT_PROTRUSION:
                    hang_right[k] = RIGHT_PROTRUSION[plain[e - 1]] * widths[e - 1]
        return cls(
            settings,
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
            hang_left=hang_left,
            hang_right=hang_right,
            end_tok=end_tok,
            next_tok=next_tok,
            token_first={t: a for a, t in reversed(list(enumerate(next_tok)))},
        )


def _fit(natural: float, gaps: float, width: float, s: Settings) -> tuple[float, float, float]:
    """(badness ratio t, scale, visible gap ratio) of a line of this natural width and
    spaces set to ``width``: t is 1 at full stretch (or shrink); over 1 the line is loose
    (or, shrinking, overfull). The slack is shared by the glue and the expansion in
    proportion to what each can give."""
    slack = width - natural
    x = s.expansion
    if slack >= 0:
        t = slack / (s.stretch * gaps + x * natural or 1e-9)
        scale = 1 + x * min(t, 1.0)
    else:
        t = -slack / (s.shrink * gaps + x * natural or 1e-9)
        scale = 1 - x * min(t, 1.0)
    # What the glue does once the glyphs are scaled, seen on the page: scale x (space + extra).
    return t, scale, (width - scale * (natural - gaps)) / gaps


def choose_lines(plan: Plan, widths: tuple[float, float]) -> list[Layout]:
    """Total-fit lines for a first-line width and the width of the others, first to last.

    The lines are first gathered only up to a gap ratio of ``_RATIO_CAP`` x the allowed
    one: when the best worst gap and the demerit search's tolerance are within it, every
    line the searches could use is there, in the same order, so the result is that of the
    full set, which is searched only when the capped one falls short.
    """
    s = plan.settings
    cap = 1 + _RATIO_CAP * max(s.max_gap - 1, 1.0)
    for limit in (cap, float("inf")):
        lines = _lines(plan, widths, limit)
        # First the smallest worst gap the rules allow, then the fewest demerits within it.
        worst = _search(lines, plan.visible, float("inf"), s.hyphen_run, True)[0]
        tolerance = max(worst, s.max_gap) + 1e-9
        if tolerance <= limit:
            break
    path = _search(lines, plan.visible, tolerance, s.hyphen_run, False)[1]
    for dearer in _SHARE_RETRIES:
        hyphens = sum(plan.visible[b] for b in path)
        if hyphens <= s.hyphen_share * (len(path) + 1) + 0.5:
            break
        extra = _HYPHEN_COST * (dearer - 1)
        path = _search(lines, plan.visible, tolerance, s.hyphen_run, False, extra)[1]
    return _layouts(plan, widths, _loosen(plan, lines, path, tolerance, widths))


def _loosen(
    plan: Plan,
    lines: list[list[tuple[int, float, float]]],
    path: list[int],
    tolerance: float,
    widths: tuple[float, float],
) -> list[int]:
    """TeX's \\looseness, chosen per paragraph: the same rules, one line fewer or more.

    ``looseness`` -1 or 1 (template data) asks for it; 0 leaves it to the column: where a
    line holds under ``_NARROW`` average characters, the paragraph is set one line shorter
    (every space tighter) whenever that costs no wider gap, no more hyphens and no last
    resort. A line is dearer or cheaper by ``_LOOSE`` in the search, so the fewest (most)
    lines win first and demerits choose among them.
    """
    s = plan.settings
    want = s.looseness
    if want == 0:
        chars = (plan.ends[-1] / (len(path) + 1)) if path else float("inf")
        if chars >= _NARROW:
            return path
        want = -1
    other = _search(lines, plan.visible, tolerance, s.hyphen_run, False, 0.0, -want * _LOOSE)[1]
    if len(other) != len(path) + want:
        return path  # no such layout within the rules
    if s.looseness:
        return other

    def quality(p: list[int]) -> tuple[float, int, int]:
        ratios = _ratios(lines, p)
        return (
            max(ratios[:-1], default=1.0),
            sum(plan.visible[b] for b in p),
            sum(plan.price[b] >= _LAST_RESORT for b in p),
        )

    mine, theirs = quality(path), quality(other)
    better = theirs[0] <= mine[0] + 1e-9 and theirs[1] <= mine[1] and theirs[2] <= mine[2]
    return other if better else path


def _ratios(lines: list[list[tuple[int, float, float]]], path: list[int]) -> list[float]:
    """The gap ratio of each line of a path (the last line's is 1)."""
    breaks = [0, *path, len(lines) - 1]
    out = []
    for a, b in zip(breaks, breaks[1:], strict=False):
        out.append(next(r for start, r, _ in lines[b] if start == a))
    return out


def _layouts(plan: Plan, widths: tuple[float, float], path: list[int]) -> list[Layout]:
    """How each chosen line is drawn: its scale, the width to justify to, its shift."""
    s = plan.settings
    out = []
    breaks = [0, *path, len(plan.ends) - 1]
    for a, b in zip(breaks, breaks[1:], strict=False):
        base = widths[0] if a == 0 else widths[1]
        width = base + plan.hang_left[a]
        scale = 1.0
        if b != breaks[-1]:
            width += plan.hang_right[b]
            gaps = plan.gap_end[b] - plan.gap_start[a] or plan.last_space[b]
            scale = round(_fit(plan.end[b] - plan.start[a], gaps, width, s)[1], 4)
        out.append(
            Layout(
                plan.ends[b],
                plan.nexts[b],
                plan.drawn[b],
                scale,
                width / scale,
                -plan.hang_left[a],
            )
        )
    return out


def _lines(
    plan: Plan, widths: tuple[float, float], limit: float
) -> list[list[tuple[int, float, float]]]:
    """Every useful line up to a gap ratio of ``limit``, grouped by the break it ends at:
    (start break, visible gap ratio, demerits), latest start first."""
    s = plan.settings
    start, end, gap_start, gap_end = plan.start, plan.end, plan.gap_start, plan.gap_end
    visible, price, last_space = plan.visible, plan.price, plan.last_space
    hang_left, hang_right = plan.hang_left, plan.hang_right
    end_tok, next_tok, token_first = plan.end_tok, plan.next_tok, plan.token_first
    last, widest = len(plan.ends) - 1, max(widths)
    first_width, later_width = widths
    shortest = _SHORTEST_LINE * widest
    # The most a line can gain beyond its glue: hanging at both ends and full expansion.
    reach = s.expansion * widest * 1.05 + max(hang_left) + max(hang_right)
    shrink, glue_stretch, x = s.shrink, s.stretch, s.expansion
    capped = limit != float("inf")
    if capped:  # start + (limit - 1) x spaces grows with the start break: bisectable
        stretch = limit - 1
        start_limit = [x + stretch * g for x, g in zip(start, gap_start, strict=True)]
        narrowest = min(widths)
    lines: list[list[tuple[int, float, float]]] = [[] for _ in plan.ends]
    for b in range(1, last + 1):
        out = lines[b]
        end_b, gap_end_b = end[b], gap_end[b]
        cost_b = price[b]
        if b == last:
            order: Iterable[int] = range(b - 1, -1, -1)
        else:
            # Lines shorter than ``shortest`` are never kept (but for the one from b - 1),
            # nor lines with spaces stretched beyond ``limit``: skip the starts that make
            # such lines. Lines inside one word have no spaces and are all checked.
            top = bisect_right(start, end_b - shortest + 1e-6, 0, b) - 1
            if capped:
                far = end_b + stretch * gap_end_b - narrowest - reach + 1e-6
                top = min(top, bisect_right(start_limit, far, 0, b) - 1)
            inside = min(token_first.get(end_tok[b], b), b - 1)  # b - 1 is always tried
            top = min(top, inside - 1)
            order = chain(range(b - 1, inside - 1, -1), range(top, -1, -1))
        for a in order:
            gap_w = gap_end_b - gap_start[a]
            natural = end_b - start[a]
            room = shrink * gap_w + reach - _FIT_SLACK
            if natural > widest + room and a < b - 1:
                break
            width = (first_width if a == 0 else later_width) + hang_left[a]
            if b == last:
                if natural > width + shrink * gap_w - _FIT_SLACK:
                    if a == b - 1 and not capped:
                        out.append((a, _OVERFULL_RATIO, 0.0))
                    continue
                cost = 0.0
                # A last line that is only the tail of a cut word looks like a typo; one
                # shorter than the indent leaves a hole.
                if visible[a] and end_tok[b] == next_tok[a] or natural < s.min_last:
                    cost = _BAD_LAST_LINE
                out.append((a, 1.0, cost))
                continue
            # _fit, inlined: this loop is the breaker's hot spot.
            width += hang_right[b] - _FIT_SLACK
            gaps = gap_w or last_space[b]
            slack = width - natural
            if slack >= 0:
                t = slack / (glue_stretch * gaps + x * natural or 1e-9)
                scale = 1 + x * (t if t < 1 else 1.0)
            else:
                t = -slack / (shrink * gaps + x * natural or 1e-9)
                scale = 1 - x * (t if t < 1 else 1.0)
            ratio = (width - scale * (natural - gaps)) / gaps
            if natural > width and t > 1:  # overfull even with every space shrunk
                if a == b - 1 and not capped:
                    out.append((a, _OVERFULL_RATIO, 0.0))
            elif natural >= shortest or a == b - 1:  # the shortest keeps a path
                if ratio <= limit:
                    badness = _LINE_PENALTY + 100 * t * t * t
                    out.append((a, ratio, badness * badness + cost_b))
    return lines


def _search(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    tolerance: float,
    run_limit: int,
    minimax: bool,
    hyphen_extra: float = 0.0,
    line_extra: float = 0.0,
) -> tuple[float, list[int]]:
    """Best path through the lines with at most ``run_limit`` hyphenated line ends in a row.

    With ``minimax`` it minimises the worst gap ratio; otherwise the sum of demerits of
    lines whose ratio is within ``tolerance``, each hyphenated line ``hyphen_extra`` dearer
    and every line ``line_extra`` dearer (negative: cheaper).
    Returns the score and the inner breaks used.
    The state is the number of hyphenated line ends in a row so far: a line ending in a
    hyphen moves a path from run r to r + 1, any other line from every run to run 0.
    """
    inf = float("inf")
    n = len(lines)
    runs = range(run_limit + 1)
    best = [[inf] * n for _ in runs]
    back: list[list[tuple[int, int] | None]] = [[None] * n for _ in runs]
    best[0][0] = 1.0 if minimax else 0.0
    double = _DOUBLE_HYPHEN_COST
    for b in range(1, n):
        options = lines[b]
        if visible[b]:
            for run in range(1, run_limit + 1):
                prev = best[run - 1]
                extra = line_extra + hyphen_extra + (0.0 if run == 1 else double)
                s1, k1 = inf, None
                for a, ratio, cost in options:
                    x = prev[a]
                    if x == inf or ratio > tolerance:
                        continue
                    if minimax:
                        score = x if x > ratio else ratio
                    else:
                        score = x + cost + extra
                    if score < s1:
                        s1, k1 = score, (a, run - 1)
                best[run][b], back[run][b] = s1, k1
        else:
            s0, k0 = inf, None
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                for run in runs:
                    x = best[run][a]
                    if x == inf:
                        continue
                    score = (x if x > ratio else ratio) if minimax else x + cost + line_extra
                    if score < s0:
                        s0, k0 = score, (a, run)
            best[0][b], back[0][b] = s0, k0
    run = min(runs, key=lambda r: best[r][-1])
    score, node, path = best[run][-1], back[run][-1], []
    while node is not None and node[0] > 0:
        path.append(node[0])
        node = back[node[1]][node[0]]
    return score, path[::-1]
