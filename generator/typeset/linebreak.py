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
lines (a paragraph over it is set again with dearer hyphens; a brochure text over it, a
little smaller: :meth:`.brochure._Brochure.best_set`). A line that no layout justifies
within max_gap ends short (``ragged``): the fewest such lines, never two in a row where
the paragraph allows; one that ends in a hyphen costs half a short line more, and one more
short line when it is under 90 % of the column («Мы бежим не ради меда-»); one under half
the column as much more. The line before a paragraph's last ends in a hyphen only where
no layout within max_gap avoids it («аяқта-/луы тиіс.»).

The search first finds the smallest worst gap the rules allow, then the fewest TeX-like
demerits among layouts within ``max(that, max_gap)``. Where two justified lines in a row
then differ by more than half a space in their word gaps (a tight line under a loose one),
the paragraph is searched again with Knuth-Plass's adjacent demerits, weighed by the gaps
themselves: the evener layout wins when it has as many lines, no more hyphens and no more
last resorts.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain, islice
from typing import NamedTuple

from generator.typeset.breakplan import HYPHEN_COST, LAST_RESORT, Plan, Settings

__all__ = ["Layout", "Plan", "Settings", "choose_lines"]

_LAST_RESORT = LAST_RESORT  # a proper name, a compound's first part, a two-letter fragment

# Demerits in the spirit of TeX: (line penalty + badness)^2 + penalty.
_LINE_PENALTY = 10.0
_DOUBLE_HYPHEN_COST = 10000.0  # \doublehyphendemerits
# Two justified lines in a row whose word gaps differ by more than _EVEN spaces (a tight
# line beside a loose one) cost up to _ADJACENT at twice that: TeX's \adjdemerits 10000
# against its \hyphenpenalty 50 (2500 squared), here as dear against HYPHEN_COST.
_EVEN = 0.5
_ADJACENT = 8 * 10000.0
_BAD_LAST_LINE = 1e8  # a lone word tail, or shorter than the indent
_OVERFULL_RATIO = 1e6  # a piece wider than the column: allowed only when nothing else is
_SHORTEST_LINE = 0.4  # of the column: shorter lines are never worth considering
_FIT_SLACK = 0.01  # pt kept in hand so that ReportLab's own fit test agrees with ours
_SHARE_RETRIES = (5.0, 25.0)  # hyphen cost multipliers tried when a paragraph is over its share
_LOOSE = 1e12  # per line, when a paragraph is set one line shorter or longer
_RAGGED = 1e10  # a line set short at max_gap: dearer than any last resort
_RAGGED_HYPHEN = 0.5 * _RAGGED  # a ragged line ending in a hyphen (never one more ragged line)
# A ragged line under this share of its column that ends in a hyphen («Мы бежим не ради
# меда-» at 60 %) reads as a mistake: it costs more than one more short line (at most
# 1.9 _RAGGED), less than two short lines in a row (_RAGGED_RUN).
_SHORT_HYPHEN_LINE = 0.9
_SHORT_HYPHEN = 2.0 * _RAGGED
# A ragged line under half its column (a word or two: «ішінара» alone mid-paragraph) costs
# as much more: one more short line of some length is the lesser evil.
_HALF_LINE = 0.5
_HALF_EMPTY = 2.0 * _RAGGED
# The line before the last ending in a hyphen (TeX's \finalhyphendemerits, made a last
# resort: «аяқта-/луы тиіс.»): dearer than any layout within max_gap, under _BAD_LAST_LINE.
_FINAL_HYPHEN = 0.5 * _BAD_LAST_LINE
# A short line right after another: dearer than any number of short lines apart (their
# gaps' excess weighs up to 0.9 _RAGGED each), so two in a row only where every layout has them.
_RAGGED_RUN = 1e15
_NARROW = 45  # characters a line: a narrower column sets its paragraphs tight when it can
# Lines stretched beyond this many times the allowed stretch are looked at only when the
# paragraph cannot be set without them.
_RATIO_CAP = 4.0


class Layout(NamedTuple):
    """One line chosen: where it ends and the next starts, its hyphen, and how it is drawn.

    ``width`` is the width ReportLab must justify the line to before ``scale`` is applied
    (the column plus what hangs, divided by the scale, less what the letter spacing adds);
    ``shift`` moves its start (a negative shift hangs the first character into the left
    margin); ``track`` is the letter spacing (PDF ``Tc``, points) the line is drawn with;
    ``ratio`` its planned word gap in normal spaces (1 for a paragraph's last line; for a
    ``ragged`` line, the gap it would have needed justified). A named tuple: read-only,
    and made in a fifth of a frozen dataclass's time (a build makes hundreds).
    """

    end: int
    next: int
    drawn: bool
    scale: float
    width: float
    shift: float
    track: float = 0.0
    ratio: float = 1.0
    ragged: bool = False  # ends short: no layout of its paragraph justifies it within max_gap
    hyphen: bool = False  # ends in a hyphen, drawn or a compound's own (its share counts both)


def _fit(
    natural: float,
    gaps: float,
    width: float,
    s: Settings,
    letters: int = 0,
    spaces: int = 0,
    shrinkable: float | None = None,
) -> tuple[float, float, float, float]:
    """(badness ratio t, scale, visible gap ratio, letter spacing) of a line of this natural
    width and spaces set to ``width``: t is 1 at full stretch (or shrink); over 1 the line is
    loose (or, shrinking, overfull). The slack is shared by the glue, the expansion and the
    letter spacing (after each of ``letters`` glyphs but the last, at most ``s.track``
    points) in proportion to what each can give. Only ``shrinkable`` of the glue (default:
    all) shrinks."""
    slack = width - natural
    x = s.expansion
    room = s.track * letters
    if slack >= 0:
        t = slack / (s.stretch * gaps + x * natural + room or 1e-9)
        share = t if t < 1 else 1.0
    else:
        glue = gaps if shrinkable is None else shrinkable
        # The glyphs scale what the glue and letter spacing leave (x (natural - give)), not
        # the natural width: at t near 1 the spaces then shrink by no more than s.shrink, as
        # ReportLab's fit test has it (the first-order x natural left 0.07 pt too little).
        give = s.shrink * glue + room
        t = -slack / (give + x * (natural - give) or 1e-9)
        share = -(t if t < 1 else 1.0)
    scale, track = 1 + x * share, s.track * share
    # What the glue does once the glyphs are scaled and spaced, seen on the page: scale x
    # (space + extra + the letter spacing that follows the space glyph itself).
    ratio = (width - scale * (natural - gaps + track * (letters - spaces))) / gaps
    return t, scale, ratio, track


def choose_lines(plan: Plan, widths: tuple[float, float]) -> list[Layout]:
    """Total-fit lines for a first-line width and the width of the others, first to last.

    The lines are first gathered only up to a gap ratio of ``_RATIO_CAP`` x the allowed
    one: when the best worst gap and the demerit search's tolerance are within it, every
    line the searches could use is there, in the same order, so the result is that of the
    full set, which is searched only when the capped one falls short (or when two lines or
    more are made ragged: a line that needs a wider gap may then spare one).
    """
    s = plan.settings
    cap = 1 + _RATIO_CAP * max(s.max_gap - 1, 1.0)
    # Usually some layout keeps every gap within max_gap: then the smallest worst gap is at
    # most max_gap, the tolerance max_gap, and the fewest demerits within max_gap are the
    # answer. A path found within max_gap whose widest gap is at most max_gap shows it
    # without the worst-gap search (the capped lines hold every such line).
    # That search reads no line wider than its tolerance: the lines are gathered only up to
    # it (the same lines in the same order, less those it skips), and up to ``cap`` only
    # when it falls short.
    tolerance = s.max_gap + 1e-9
    known = _NONE_WITHIN.get((id(plan), widths))
    if known is not None and known[0] is plan and known[1] >= tolerance:
        # within() found no layout within a wider tolerance: none is within this one (the
        # search would find none, and its lines and path are made anew below).
        score = float("inf")
    else:
        lines = _lines(plan, widths, tolerance)
        score, path = _search(lines, plan.visible, tolerance, s.hyphen_run, False)
    ragged = False
    limit = cap
    if score == float("inf") or max(_ratios(lines, path)) > s.max_gap:
        for limit in (cap, float("inf")):
            lines = _lines(plan, widths, limit)
            # First the smallest worst gap the rules allow, then the fewest demerits within it.
            worst = _search(lines, plan.visible, float("inf"), s.hyphen_run, True)[0]
            tolerance = max(worst, s.max_gap) + 1e-9
            if tolerance <= limit:
                break
        ragged = s.ragged and s.max_gap + 1e-9 < worst < _OVERFULL_RATIO
        if ragged:
            # TeX's second pass, our way: no layout keeps every gap within max_gap, so a
            # line that cannot is set at max_gap and left short. Such lines cost more than
            # any other break (the fewest first, then the least short), so they are used
            # only here.
            lines = _emergency(lines, plan, widths)
            tolerance = s.max_gap + 1e-9
        path = _search(lines, plan.visible, tolerance, s.hyphen_run, False)[1]
    path = _chosen(plan, lines, tolerance, widths, False, path)
    if ragged and _short_lines(lines, path) > 1:
        # Two short lines or more: fewer may need a line the capped gathering left out (any
        # line can be made ragged), and two in a row cost _RAGGED_RUN more; a paragraph with
        # one short line is as good as it gets without the dearer search.
        if limit != float("inf"):
            lines = _emergency(_lines(plan, widths, float("inf")), plan, widths)
        path = _chosen(plan, lines, tolerance, widths, True)
    return _layouts(plan, widths, path, s.max_gap if ragged else float("inf"))


def within(plan: Plan, widths: tuple[float, float], tolerance: float) -> bool:
    """Whether some layout of the paragraph, its hyphen rules kept, has no line but the last
    with a gap ratio over ``tolerance``: when none has, the lines :func:`choose_lines` chooses
    have one over it (every layout has), told without choosing them."""
    lines = _lines(plan, widths, tolerance)
    score = _search(lines, plan.visible, tolerance, plan.settings.hyphen_run, True)[0]
    if score != float("inf"):
        return True
    key = (id(plan), widths)
    known = _NONE_WITHIN.get(key)
    if known is None or known[0] is not plan or known[1] < tolerance:
        if len(_NONE_WITHIN) >= 256:
            _NONE_WITHIN.clear()
        _NONE_WITHIN[key] = (plan, tolerance)
    return False


# The paragraphs (their plans, kept, by id) and widths that within() found no layout for
# within a tolerance: choose_lines, asked for their lines after (a brochure's gapped()), need
# not look for one within a smaller tolerance. (A layout within a tolerance is within every
# wider one: the lines gathered for it are among the wider gathering's, the hyphen rules
# the same.)
_NONE_WITHIN: dict[tuple[int, tuple[float, float]], tuple[Plan, float]] = {}


def _chosen(
    plan: Plan,
    lines: list[list[tuple[int, float, float]]],
    tolerance: float,
    widths: tuple[float, float],
    ragged_run: bool,
    path: list[int] | None = None,
) -> list[int]:
    """The demerit search's path within ``tolerance`` (``path`` when it is known), set again
    with dearer hyphens while over the paragraph's share, then loosened or tightened
    (:func:`_loosen`)."""
    s = plan.settings
    run, visible = s.hyphen_run, plan.visible
    if path is None:
        path = _search(lines, visible, tolerance, run, False, 0.0, 0.0, ragged_run)[1]
    extra = 0.0
    for dearer in _SHARE_RETRIES:
        hyphens = sum(visible[b] for b in path)
        if hyphens <= s.hyphen_share * (len(path) + 1):
            break
        extra = HYPHEN_COST * (dearer - 1)
        path = _search(lines, visible, tolerance, run, False, extra, 0.0, ragged_run)[1]
    if not ragged_run:
        path = _even(plan, lines, path, tolerance, extra)
    return _loosen(plan, lines, path, tolerance, widths, ragged_run)


def _jars(ratio: float, before: float) -> float:
    """What two justified lines in a row cost for the difference of their word gaps (in
    spaces): nothing up to ``_EVEN`` apart, ``_ADJACENT`` at twice that, growing as the
    square of the excess: a tight line beside a loose one («3 500 горожан…» at 0.88 under
    «В прошлом году…» at 2.04) shows as a pale stripe in the column's colour."""
    excess = abs(ratio - before) - _EVEN
    return _ADJACENT * (excess / _EVEN) ** 2 if excess > 0 else 0.0


def _jarring(lines: list[list[tuple[int, float, float]]], path: list[int]) -> float:
    """What a path's justified lines in a row cost by :func:`_jars` (its last line, not
    justified, and ragged lines, set short, are not weighed so)."""
    total, before = 0.0, None
    for a, b in zip([0, *path], path, strict=False):
        ratio, cost = next((r, c) for start, r, c in lines[b] if start == a)
        if cost >= _RAGGED:
            before = None
            continue
        if before is not None:
            total += _jars(ratio, before)
        before = ratio
    return total


def _even(
    plan: Plan,
    lines: list[list[tuple[int, float, float]]],
    path: list[int],
    tolerance: float,
    hyphen_extra: float,
) -> list[int]:
    """The path, or where two of its justified lines in a row have word gaps more than
    ``_EVEN`` apart, the path of :func:`_search_even` (Knuth-Plass's adjacent demerits,
    by the gaps themselves rather than four fitness classes) when it has as many lines, no
    more hyphens and no more last resorts, and its lines in a row are more even: the
    colour of the column stays even where the rules allow. Searched again only for such
    a paragraph; the usual search stays as lean as it was."""
    jars = _jarring(lines, path)
    if not jars:
        return path
    s, visible, price = plan.settings, plan.visible, plan.price

    def cost(p: list[int]) -> tuple[int, int]:
        return sum(visible[b] for b in p), sum(price[b] >= _LAST_RESORT for b in p)

    # No hyphen more for it (the share of hyphenated lines is a goal of the page): with each
    # hyphen as dear as a jarring pair, the search does not buy one with the other.
    extra = hyphen_extra + _ADJACENT
    bound = _score_even(lines, visible, path, extra) + jars
    other = _search_even(lines, visible, tolerance, s.hyphen_run, extra, bound)
    if (
        len(other) == len(path)
        and all(o <= w for o, w in zip(cost(other), cost(path), strict=True))
        and _jarring(lines, other) < jars
    ):
        return other
    return path


def _score_even(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    path: list[int],
    hyphen_extra: float,
) -> float:
    """A path's demerits as :func:`_search_even` counts them, less :func:`_jarring`."""
    total, run = 0.0, 0
    for a, b in zip([0, *path], [*path, len(lines) - 1], strict=True):
        total += next(c for start, _, c in lines[b] if start == a)
        if visible[b]:
            run += 1
            total += hyphen_extra + (_DOUBLE_HYPHEN_COST if run > 1 else 0.0)
        else:
            run = 0
    return total


def _search_even(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    tolerance: float,
    run_limit: int,
    hyphen_extra: float = 0.0,
    bound: float = float("inf"),
) -> list[int]:
    """:func:`_search`'s path by demerits (at most ``run_limit`` hyphens in a row, each
    ``hyphen_extra`` dearer) plus :func:`_jars` for every two justified lines in a row:
    the state at a break is the line that ends there (its start and hyphen run), so that
    the next line knows the gap of the one before. Every cost is positive: a part of a path
    dearer than ``bound`` (what a known path costs) is dropped."""
    bound += 1e-6
    n = len(lines)
    last = n - 1
    double = _DOUBLE_HYPHEN_COST
    even, scale = _EVEN, _ADJACENT / (_EVEN * _EVEN)  # _jars, inlined
    # states[b]: (start of the line ending at b, hyphen run) -> (score, its gap, back key)
    states: list[dict[tuple[int, int], tuple[float, float, tuple[int, int] | None]]] = [
        {} for _ in range(n)
    ]
    states[0][(0, 0)] = (0.0, 0.0, None)
    for b in range(1, n):
        hyphen = visible[b]
        here = states[b]
        for a, ratio, cost in lines[b]:
            if ratio > tolerance:
                continue
            before_states = states[a]
            if not before_states:
                continue
            short = cost >= _RAGGED
            weigh = a and b != last and not short
            gap = 0.0 if short else ratio
            for key, (x, before, _) in before_states.items():
                if hyphen:
                    to = key[1] + 1
                    if to > run_limit:
                        continue
                    score = x + cost + hyphen_extra + (double if to > 1 else 0.0)
                else:
                    to, score = 0, x + cost
                if weigh and before > 0:
                    excess = (ratio - before if ratio > before else before - ratio) - even
                    if excess > 0:
                        score += scale * excess * excess
                if score > bound:
                    continue
                at = (a, to)
                held = here.get(at)
                if held is None or score < held[0]:
                    here[at] = (score, gap, key)
    final = states[last]
    if not final:
        return []
    key = min(final, key=lambda k: final[k][0])
    path, b = [], last
    while True:
        back = states[b][key][2]
        a = key[0]
        if a == 0 or back is None:
            break
        path.append(a)
        key, b = back, a
    return path[::-1]


def _short_lines(lines: list[list[tuple[int, float, float]]], path: list[int]) -> int:
    """How many of a path's lines are ragged (demerits of ``_RAGGED`` or more)."""
    breaks = [0, *path, len(lines) - 1]
    count = 0
    for a, b in zip(breaks, breaks[1:], strict=False):
        count += any(start == a and c >= _RAGGED for start, _, c in lines[b])
    return count


def _emergency(
    lines: list[list[tuple[int, float, float]]], plan: Plan, widths: tuple[float, float]
) -> list[list[tuple[int, float, float]]]:
    """The lines with a gap over ``max_gap`` (not the overfull ones) made ragged: their gap
    is max_gap, their demerits ``_RAGGED`` and up to as much again the wider the gap they
    would need (so the fewest ragged lines win, then the least loose); a ragged line that
    ends in a hyphen ``_RAGGED_HYPHEN`` more (a short line has no need to cut a word), and
    ``_SHORT_HYPHEN`` more when it is under ``_SHORT_HYPHEN_LINE`` of its column; one under
    ``_HALF_LINE`` of it ``_HALF_EMPTY`` more: one more short line is then the lesser evil."""
    max_gap, visible = plan.settings.max_gap, plan.visible
    start, end, price = plan.start, plan.end, plan.price
    out = []
    for b, options in enumerate(lines):
        row = []
        hyphen = visible[b]
        for a, ratio, cost in options:
            if max_gap < ratio < _OVERFULL_RATIO:
                # One more ragged line always costs more than a shorter one: the fewest win.
                excess = min(ratio - max_gap, 9.0)
                column = widths[0] if a == 0 else widths[1]
                natural = end[b] - start[a]
                cut = _HALF_EMPTY if natural < _HALF_LINE * column else 0.0
                if hyphen:
                    short = natural < _SHORT_HYPHEN_LINE * column
                    cut += _SHORT_HYPHEN if short else _RAGGED_HYPHEN
                # Its break's price (a hyphen, a last resort), not the badness of the gap it
                # no longer has: that (4e15 at 45 spaces) priced a short line without a
                # hyphen above two ragged lines in a row.
                row.append((a, max_gap, _RAGGED * (1.0 + excess / 10) + cut + price[b]))
            else:
                row.append((a, ratio, cost))
        out.append(row)
    return out


def _loosen(
    plan: Plan,
    lines: list[list[tuple[int, float, float]]],
    path: list[int],
    tolerance: float,
    widths: tuple[float, float],
    ragged: bool = False,
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
    if want < 0 and _fewest(lines, tolerance) > len(path):
        return path  # no layout within the tolerance has fewer lines, hyphens aside
    loose = -want * _LOOSE
    other = _search(lines, plan.visible, tolerance, s.hyphen_run, False, 0.0, loose, ragged)[1]
    if len(other) != len(path) + want:
        return path  # no such layout within the rules
    if s.looseness:
        return other

    def quality(p: list[int]) -> tuple[float, float, int, int]:
        ratios = _ratios(lines, p)
        return (
            _raggedness(lines, p),
            max(ratios[:-1], default=1.0),
            sum(plan.visible[b] for b in p),
            sum(plan.price[b] >= _LAST_RESORT for b in p),
        )

    mine, theirs = quality(path), quality(other)
    better = all(t <= m + 1e-9 for t, m in zip(theirs, mine, strict=True))
    return other if better else path


def _fewest(lines: list[list[tuple[int, float, float]]], tolerance: float) -> int:
    """The fewest lines a layout within ``tolerance`` can have, whatever its hyphens: at most
    as many as the search with a line's cost dearer than any demerits finds."""
    most = len(lines)
    fewest = [most] * len(lines)
    fewest[0] = 0
    for b in range(1, len(lines)):
        least = most
        for a, ratio, _ in lines[b]:
            if ratio <= tolerance and fewest[a] < least:
                least = fewest[a]
        fewest[b] = least + 1
    return fewest[-1]


def _raggedness(lines: list[list[tuple[int, float, float]]], path: list[int]) -> float:
    """The ragged lines' demerits of a path (0 when it has none), two in a row the dearer
    as in :func:`_search_ragged`."""
    breaks = [0, *path, len(lines) - 1]
    total, before = 0.0, False
    for a, b in zip(breaks, breaks[1:], strict=False):
        cost = next(c for start, _, c in lines[b] if start == a)
        short = cost >= _RAGGED
        total += (cost + (_RAGGED_RUN if before else 0.0)) if short else 0.0
        before = short
    return total


def _ratios(lines: list[list[tuple[int, float, float]]], path: list[int]) -> list[float]:
    """The gap ratio of each line of a path (the last line's is 1)."""
    breaks = [0, *path, len(lines) - 1]
    out = []
    for a, b in zip(breaks, breaks[1:], strict=False):
        out.append(next(r for start, r, _ in lines[b] if start == a))
    return out


def _layouts(
    plan: Plan, widths: tuple[float, float], path: list[int], ragged_over: float = float("inf")
) -> list[Layout]:
    """How each chosen line is drawn: its scale, the width to justify to, its shift. A line
    whose gap would be wider than ``ragged_over`` is set unscaled with a gap under that
    (the wider the gap it would need, the nearer a loose line's), and ends short."""
    s = plan.settings
    out = []
    breaks = [0, *path, len(plan.ends) - 1]
    for a, b in zip(breaks, breaks[1:], strict=False):
        base = widths[0] if a == 0 else widths[1]
        width = base + plan.hang_left[a]
        scale, track, letters, ratio = 1.0, 0.0, 0, 1.0
        if b != breaks[-1]:
            width += plan.hang_right[b]
            gaps = plan.gap_end[b] - plan.gap_start[a]
            shrinkable = plan.shrink_end[b] - plan.shrink_start[a] if gaps else plan.last_space[b]
            gaps = gaps or plan.last_space[b]
            letters = plan.glyph_end[b] - plan.glyph_start[a]
            spaces = plan.end_tok[b] - plan.next_tok[a]
            natural = plan.end[b] - plan.start[a]
            fit = _fit(natural, gaps, width, s, letters, spaces, shrinkable)
            scale, track, ratio = round(fit[1], 4), round(fit[3], 4), fit[2]
            if ratio > ragged_over + 1e-9:
                # Just over max_gap it ends a hair short; far over, with the gaps of a loose
                # line (badness 100), not wide holes in a short line.
                gap = max(1.0 + s.stretch, 2 * ragged_over - ratio)
                out.append(
                    Layout(
                        plan.ends[b],
                        plan.nexts[b],
                        plan.drawn[b],
                        1.0,
                        natural + (gap - 1.0) * gaps,
                        -plan.hang_left[a],
                        0.0,
                        ratio,
                        True,
                        plan.visible[b],
                    )
                )
                continue
        out.append(
            Layout(
                plan.ends[b],
                plan.nexts[b],
                plan.drawn[b],
                scale,
                width / scale - track * letters,
                -plan.hang_left[a],
                track,
                ratio,
                False,
                plan.visible[b],
            )
        )
    return out


def _lines(
    plan: Plan, widths: tuple[float, float], limit: float, every: bool = False
) -> list[list[tuple[int, float, float]]]:
    """Every useful line up to a gap ratio of ``limit``, grouped by the break it ends at:
    (start break, visible gap ratio, demerits), latest start first; only lines from a break
    that some line reaches from the paragraph's start (no path uses the others); with
    ``every``, from every break (the same paths: the tests compare the two).

    Where a scan of starts stops (a line too wide even with every space shrunk) holds for
    every earlier start too (the width less the shrinkable spaces only grows the earlier
    a line starts), so skipping the starts no line reaches stops it at the same place."""
    s = plan.settings
    start, end, gap_start, gap_end = plan.start, plan.end, plan.gap_start, plan.gap_end
    visible, price, last_space = plan.visible, plan.price, plan.last_space
    hang_left, hang_right = plan.hang_left, plan.hang_right
    end_tok, next_tok, token_first = plan.end_tok, plan.next_tok, plan.token_first
    last, widest = len(plan.ends) - 1, max(widths)
    first_width, later_width = widths
    shortest = _SHORTEST_LINE * widest
    # The most a line's glyphs can gain or give beyond its glue: full expansion and letter
    # spacing (``grow``); with hanging at both ends, the most its width can differ (``reach``).
    track = s.track
    glyph_start, glyph_end = plan.glyph_start, plan.glyph_end
    letters_most = widest / plan.glyph_width if track else 0.0
    grow = s.expansion * widest * 1.05 + track * letters_most
    reach = grow + max(hang_left) + max(hang_right)
    shrink, glue_stretch, x = s.shrink, s.stretch, s.expansion
    capped = limit != float("inf")
    if capped:
        # A line's visible gap is at least (width - (1 + x) (glyphs + letter spacing at its
        # widest)) / spaces, and its width at least the narrowest column: a line from a to b
        # whose gap is within ``limit`` has key[a] <= far (below), and key grows with the
        # start break: bisectable. The rest would be rejected one by one in the loop.
        grown = 1 + x
        key = [
            grown * (s0 - g + track * (n - t)) + limit * g
            for s0, g, n, t in zip(start, gap_start, glyph_start, next_tok, strict=True)
        ]
        narrowest = min(widths)
    lines: list[list[tuple[int, float, float]]] = [[] for _ in plan.ends]
    # What the loop reads of a start break, in one tuple: start, its spaces so far, the width
    # of a line from it (the column plus what hangs left), glyphs so far, its token.
    firsts = [later_width + h for h in hang_left]
    firsts[0] = first_width + hang_left[0]
    # Only breakable spaces shrink (ReportLab's fit test): a no-break space stretches only.
    shrink_start, shrink_end = plan.shrink_start, plan.shrink_end
    at = list(zip(start, gap_start, firsts, glyph_start, next_tok, shrink_start, strict=True))
    fit_slack, line_penalty, overfull = _FIT_SLACK, _LINE_PENALTY, _OVERFULL_RATIO
    inside_of = plan.inside or [min(token_first.get(t, b), b - 1) for b, t in enumerate(end_tok)]
    ends = zip(
        end,
        gap_end,
        glyph_end,
        end_tok,
        price,
        hang_right,
        last_space,
        shrink_end,
        inside_of,
        strict=True,
    )
    next(ends)  # no line ends at the paragraph's start
    # A line is read only from a start some line reaches from the paragraph's start (the
    # searches find no path through the others): ``reached`` in order, ``reachable`` each.
    reached = [0]
    reachable = [every] * len(plan.ends)
    reachable[0] = True
    for b in range(1, last):
        end_b, gap_end_b, glyph_end_b, end_tok_b, cost_b, hang_b, space_b, shrink_b, inside = next(
            ends
        )
        out = lines[b]
        hang_b -= fit_slack
        # Lines shorter than ``shortest`` are never kept (but for the one from b - 1, always
        # tried so that a path exists), nor lines with spaces stretched beyond ``limit``: skip
        # the starts that make such lines. Lines inside one word have no spaces: those long
        # enough are checked.
        near = b - 1
        top = bisect_right(start, end_b - shortest + 1e-6, 0, b) - 1
        longest = top
        if capped:
            far = (
                grown * (end_b - gap_end_b + track * (glyph_end_b - end_tok_b))
                + limit * gap_end_b
                - narrowest
                - hang_b
                + 1e-6
            )
            loosest = bisect_right(key, far, 0, b) - 1  # the last start within limit
            if loosest < top:
                top = loosest
        # Only the starts some line reaches: the latest of them within ``top`` first.
        first = bisect_right(reached, top if top < inside else inside - 1)
        if not reachable[near] and longest < inside:
            # The scan would start at the latest of them: none, or a line from it too long
            # (the loop's own test), and no line ends here (most breaks, mid-line).
            if not first:
                continue
            a = reached[first - 1]
            glue_a = shrink * (gap_end_b - gap_start[a])
            if end_b - start[a] > widest + (glue_a + reach - fit_slack):
                continue
        starts = islice(reversed(reached), len(reached) - first, None)
        if longest >= inside:  # lines inside the word long enough to be kept: a long word
            tip = min(longest, near - 1)
            starts = chain((a for a in reversed(reached) if inside <= a <= tip), starts)
        for a in chain((near,), starts) if reachable[near] else starts:
            start_a, gap_a, width, glyph_a, tok_a, shrink_a = at[a]
            gap_w = gap_end_b - gap_a
            natural = end_b - start_a
            if natural > widest + (shrink * gap_w + reach - fit_slack) and a < near:
                break
            # _fit, inlined: this loop is the breaker's hot spot.
            width += hang_b
            gaps = gap_w or space_b
            slack = width - natural
            letters = glyph_end_b - glyph_a
            if slack >= 0:
                t = slack / (glue_stretch * gaps + x * natural + track * letters or 1e-9)
                share = t if t < 1 else 1.0
            else:
                glue = shrink_b - shrink_a if gap_w else gaps
                give = shrink * glue + track * letters
                t = -slack / (give + x * (natural - give) or 1e-9)
                if natural > width and t > 1:  # overfull even with every space shrunk
                    if a == near and not capped:
                        out.append((a, overfull, 0.0))
                    continue
                share = -t if t < 1 else -1.0
            if natural >= shortest or a == near:  # the shortest keeps a path
                scale = 1 + x * share
                spaced = track * share * (letters - end_tok_b + tok_a)
                ratio = (width - scale * (natural - gaps + spaced)) / gaps
                if ratio <= limit:
                    badness = line_penalty + 100 * t * t * t
                    out.append((a, ratio, badness * badness + cost_b))
        if out or every:
            reachable[b] = True
            reached.append(b)
    # The last line: it is not justified, it only has to fit.
    out = lines[last]
    end_b, min_last, bad_tail = end[last], s.min_last, end_tok[last]
    for a in reversed(reached):
        start_a, gap_a, width, _, tok_a, shrink_a = at[a]
        gap_w = gap_end[last] - gap_a
        natural = end_b - start_a
        if natural > widest + (shrink * gap_w + reach - _FIT_SLACK) and a < last - 1:
            break
        if natural > width + shrink * (shrink_end[last] - shrink_a) - _FIT_SLACK:
            if a == last - 1 and not capped:
                out.append((a, _OVERFULL_RATIO, 0.0))
            continue
        # A last line that is only the tail of a cut word looks like a typo; one shorter
        # than the indent leaves a hole. Either counts as a gap of max_gap and a last
        # resort: chosen only when every other layout has a wider gap.
        if visible[a] and bad_tail == tok_a or natural < min_last:
            out.append((a, s.max_gap, _BAD_LAST_LINE))
        else:
            out.append((a, 1.0, _FINAL_HYPHEN if visible[a] else 0.0))
    return lines


def _search(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    tolerance: float,
    run_limit: int,
    minimax: bool,
    hyphen_extra: float = 0.0,
    line_extra: float = 0.0,
    ragged_run: bool = False,
) -> tuple[float, list[int]]:
    """Best path through the lines with at most ``run_limit`` hyphenated line ends in a row.

    With ``minimax`` it minimises the worst gap ratio; otherwise the sum of demerits of
    lines whose ratio is within ``tolerance``, each hyphenated line ``hyphen_extra`` dearer
    and every line ``line_extra`` dearer (negative: cheaper).
    Returns the score and the inner breaks used.
    The state is the number of hyphenated line ends in a row so far: a line ending in a
    hyphen moves a path from run r to r + 1, any other line from every run to run 0.
    With ``ragged_run`` (lines made ragged by :func:`_emergency`), a ragged line right after
    another costs ``_RAGGED_RUN`` more (:func:`_search_ragged`).
    """
    if ragged_run:
        return _search_ragged(lines, visible, tolerance, run_limit, hyphen_extra, line_extra)
    inf = float("inf")
    n = len(lines)
    runs = range(run_limit + 1)
    best = [[inf] * n for _ in runs]
    back: list[list[tuple[int, int] | None]] = [[None] * n for _ in runs]
    best[0][0] = 1.0 if minimax else 0.0
    # A break's runs: run 0 only where no hyphen ends a line (any run may go on from it), the
    # runs from 1 where one does (each goes on to the next run, or to run 0). Each option is
    # read once, for the runs it holds; each run's best is that of a scan of its own.
    first, later = best[0], range(2, run_limit + 1)
    extras = [0.0] + [
        line_extra + hyphen_extra + (0.0 if run == 1 else _DOUBLE_HYPHEN_COST)
        for run in range(1, run_limit + 1)
    ]
    extra1 = extras[1]
    held = range(1, run_limit + 1)
    for b in range(1, n):
        options = lines[b]
        if not options:
            continue  # no line ends here: its scores stay infinite
        if visible[b]:
            s1, k1 = inf, None  # run 1, from a line end without a hyphen
            scores, nodes = [inf] * (run_limit + 1), [None] * (run_limit + 1)
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                if visible[a]:
                    for run in later:
                        x = best[run - 1][a]
                        if x == inf:
                            continue
                        score = (x if x > ratio else ratio) if minimax else x + cost + extras[run]
                        if score < scores[run]:
                            scores[run], nodes[run] = score, (a, run - 1)
                else:
                    x = first[a]
                    if x == inf:
                        continue
                    score = (x if x > ratio else ratio) if minimax else x + cost + extra1
                    if score < s1:
                        s1, k1 = score, (a, 0)
            best[1][b], back[1][b] = s1, k1
            for run in later:
                best[run][b], back[run][b] = scores[run], nodes[run]
        else:
            s0, k0 = inf, None
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                if visible[a]:
                    for run in held:
                        x = best[run][a]
                        if x == inf:
                            continue
                        score = (x if x > ratio else ratio) if minimax else x + cost + line_extra
                        if score < s0:
                            s0, k0 = score, (a, run)
                else:
                    x = first[a]
                    if x == inf:
                        continue
                    score = (x if x > ratio else ratio) if minimax else x + cost + line_extra
                    if score < s0:
                        s0, k0 = score, (a, 0)
            first[b], back[0][b] = s0, k0
    run = min(runs, key=lambda r: best[r][-1])
    score, node, path = best[run][-1], back[run][-1], []
    while node is not None and node[0] > 0:
        path.append(node[0])
        node = back[node[1]][node[0]]
    return score, path[::-1]


def _search_ragged(
    lines: list[list[tuple[int, float, float]]],
    visible: tuple[bool, ...],
    tolerance: float,
    run_limit: int,
    hyphen_extra: float = 0.0,
    line_extra: float = 0.0,
    again: float = _RAGGED_RUN,
) -> tuple[float, list[int]]:
    """:func:`_search` for a paragraph with ragged lines (demerits only): the state is also
    whether the line before ended short, and a short line right after a short line costs
    ``again`` more, so short lines come one at a time (any number apart before two in a row).
    Only paragraphs no layout justifies within max_gap come here: the usual search stays as
    lean as it was."""
    inf = float("inf")
    n = len(lines)
    states = 2 * (run_limit + 1)  # state = 2 x hyphen run + (1 if the line ended short)
    best = [[inf] * n for _ in range(states)]
    back: list[list[tuple[int, int] | None]] = [[None] * n for _ in range(states)]
    best[0][0] = 0.0
    # The best of every hyphen run at a break, by whether its line ended short, and its state:
    # what a line that ends without a hyphen continues from.
    low = [[inf] * n, [inf] * n]
    low_at = [[0] * n, [0] * n]
    low[0][0] = 0.0
    double = _DOUBLE_HYPHEN_COST
    for b in range(1, n):
        options = lines[b]
        if visible[b]:
            pairs = [
                (2 * run, 2 * (run - 1), line_extra + hyphen_extra + (double if run > 1 else 0.0))
                for run in range(1, run_limit + 1)
            ]
        else:
            pairs = [(0, -1, line_extra)]
        for to, source, extra in pairs:
            if source < 0:  # from the best of any run, short or not
                long0, long1, at0, at1 = low[0], low[1], low_at[0], low_at[1]
            else:  # from one hyphen run, short or not
                long0, long1 = best[source], best[source + 1]
                at0 = at1 = None
            s0, k0, s1, k1 = inf, None, inf, None
            for a, ratio, cost in options:
                if ratio > tolerance:
                    continue
                x0, x1 = long0[a], long1[a]
                short = cost >= _RAGGED
                if short:
                    x1 += again
                if x0 <= x1:
                    x, k = x0 + cost, (source if at0 is None else at0[a])
                else:
                    x, k = x1 + cost, (source + 1 if at1 is None else at1[a])
                if short:
                    if x < s1:
                        s1, k1 = x, (a, k)
                elif x < s0:
                    s0, k0 = x, (a, k)
            best[to][b], back[to][b] = s0 + extra, k0
            best[to + 1][b], back[to + 1][b] = s1 + extra, k1
        for k in range(states):
            x = best[k][b]
            if x < low[k & 1][b]:
                low[k & 1][b], low_at[k & 1][b] = x, k
    state = min(range(states), key=lambda k: best[k][-1])
    score, node, path = best[state][-1], back[state][-1], []
    while node is not None and node[0] > 0:
        path.append(node[0])
        node = back[node[1]][node[0]]
    return score, path[::-1]
