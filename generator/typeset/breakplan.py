"""What the line breaker knows of a paragraph before it knows the width: where lines may end,
what each break costs, how much hangs into the margins, and the breaker's limits.

Breaks come from the language's hyphenator (:func:`.hyphenation.breaks_for`) and the spaces
between words, never inside "1 мамыр" nor before a dash. A proper name cut, a compound cut in
its first part and a two-letter fragment cost ``LAST_RESORT``; hyphen limits are template data
(:class:`Settings`). Protrusion shares follow pdfTeX's microtype default set in spirit.

None of that depends on the size the text is set at: it is kept (``_Skeleton``) for each
text and hyphenation settings, and a plan at another size only sums its characters' widths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.content.normalise import ADDRESS
from generator.typeset.hyphenation import breaks_for

__all__ = ["LEFT_PROTRUSION", "RIGHT_PROTRUSION", "LAST_RESORT", "Plan", "Settings"]

# Share of a character's width that hangs into the margin (after microtype's default set).
RIGHT_PROTRUSION = {
    "-": 0.7, ".": 0.7, ",": 0.7, ":": 0.5, ";": 0.5, "!": 0.2, "?": 0.2,
    "»": 0.5, "”": 0.7, "“": 0.7, "’": 0.7, "–": 0.3, "—": 0.2, "…": 0.3, ")": 0.1,
}  # fmt: skip
LEFT_PROTRUSION = {"«": 0.5, "“": 0.5, "„": 0.5, "‘": 0.5, "–": 0.3, "—": 0.2, "(": 0.1}

_NUMBER_RE = re.compile(r"\W*\d[\d\W]*")  # 1995, 1, 50%: bound to the word that follows
_DASHES = frozenset("–—‒")  # never start a line with a dash
_NO_BREAK_SPACES = frozenset("\u2007\u202f")  # ReportLab splits at these, we must not
_NO_BREAK_RE = re.compile("[\u00a0\u2007\u202f]")  # words bound by a no-break space

HYPHEN_COST = 20000.0  # TeX's \\hyphenpenalty 50 squared is 2500: here fewer hyphens
_COMPOUND_COST = 1000.0  # at a compound's own hyphen: nothing new is drawn
LAST_RESORT = 1e8  # a proper name, a compound's first part, a two-letter fragment
# Inside a web or e-mail address, no hyphen drawn (Chicago 7.42, Мильчин): a last resort,
# so an address a line can hold is cut only where no layout keeps every gap within max_gap
# without cutting it or another last resort (at 4 hyphens' cost it was cut to spare a few
# looser lines: «…/entities/ / edu»).
ADDRESS_COST = LAST_RESORT
# In the path a line may end before a single slash, a dot, a query, a fragment or a
# parameter (Chicago 17 §14.18: after a double slash, before a single one), so the next line
# opens with the mark that says the address goes on.
_ADDRESS_BEFORE = "/.?#&"
_ADDRESS_MIN = 3  # characters of the address on either side of the cut, at least


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
    hyphenate_capitals: bool = False  # cut words that start with a capital (TeX's \\uchyph)
    hyphen_share: float = 1.0  # target share of hyphenated lines in a paragraph
    looseness: int = 0  # -1 one line fewer, 1 one more where the rules allow; 0 by the column
    min_last: float = 0.0  # points: a paragraph's last line is not shorter
    # Letter spacing a line may take, either way, in points after each glyph (PDF Tc):
    # ``letter_spacing`` (a share of the word space, as InDesign counts it) of the space.
    track: float = 0.0
    # A line no layout can justify within max_gap is left short (ragged), not stretched.
    ragged: bool = False

    @classmethod
    def of(cls, style: Any) -> Settings:
        """The settings of a paragraph style: one instance for equal values (a frozen
        dataclass of 15 fields takes longer to make than to look up, and every paragraph at
        every size asks)."""
        share = getattr(style, "kazakhLetterSpacing", 0.0)
        track = share * _SPACES[(style.fontName, style.fontSize)] if share else 0.0
        values = (
            getattr(style, "maxGapRatio", 2.0),
            getattr(style, "kazakhStretch", 0.5),
            style.spaceShrinkage,
            getattr(style, "kazakhExpansion", 0.0),
            getattr(style, "kazakhProtrusion", False),
            getattr(style, "kazakhHyphenation", True),
            getattr(style, "breakLanguage", "kk"),
            tuple(getattr(style, "kazakhHyphenMin", (2, 2))),
            getattr(style, "kazakhHyphenRun", 2),
            getattr(style, "kazakhHyphenateCapitals", False),
            getattr(style, "kazakhHyphenShare", 1.0),
            getattr(style, "kazakhLooseness", 0),
            getattr(style, "kazakhMinLastLine", 0.0),
            track,
            getattr(style, "kazakhRagged", False),
        )
        made = _SETTINGS.get(values)
        if made is None:
            if len(_SETTINGS) > _SETTINGS_SIZE:
                _SETTINGS.clear()
            made = _SETTINGS[values] = cls(*values)
        return made


# Settings by their values, in field order (Settings.of).
_SETTINGS: dict[tuple, Settings] = {}
_SETTINGS_SIZE = 1024


def _candidates(
    plain: str, tokens: list[tuple[int, int]], s: Settings
) -> list[tuple[int, int, int, int, bool, bool, float]]:
    """Every place a line may end: (end, next start, end token, next token, hyphen visible
    at the end, hyphen drawn by us, penalty of breaking there)."""
    key = (s.language, s.hyphenate, s.hyphen_min, s.hyphenate_capitals)
    known = _TOKEN_CUTS.get(key)
    if known is None:
        known = _TOKEN_CUTS[key] = {}
    elif len(known) > _TOKEN_CUTS_SIZE:
        known.clear()
    found = [(0, tokens[0][0], 0, 0, False, False, 0.0)]
    append = found.append
    last = len(tokens) - 1
    for i, (start, stop) in enumerate(tokens):
        token = plain[start:stop]
        entry = known.get(token)
        if entry is None:
            entry = known[token] = (_token_cuts(token, s), bool(_NUMBER_RE.fullmatch(token)))
        cuts, number = entry
        for cut, drawn, visible, price in cuts:
            at = start + cut
            append((at, at, i, i, visible, drawn, price))
        if i < last:
            # May a line end at the space before the next token? Not in "1 мамыр", not
            # before a dash, not at a no-break space.
            after = tokens[i + 1][0]
            ch = plain[after]
            if (
                ch not in _DASHES
                and not (number and ch.isalpha())
                and (
                    after - stop == 1
                    and plain[stop] not in _NO_BREAK_SPACES
                    or not any(c in _NO_BREAK_SPACES for c in plain[stop:after])
                )
            ):
                append((stop, after, i, i + 1, False, False, 0.0))
    found.append((tokens[last][1], len(plain), last, last, False, False, 0.0))
    return found


# A token's breaks by the breaker's hyphen settings, then by the token: what a word allows
# does not depend on the paragraph, its font or its size, so common words of a new article
# and the same words set at another size are not looked at again.
# With each token, whether it is a number (bound to the word after it).
_TOKEN_CUTS: dict[tuple, dict[str, tuple[tuple[tuple[int, bool, bool, float], ...], bool]]] = {}
_TOKEN_CUTS_SIZE = 50_000


def _token_cuts(token: str, s: Settings) -> tuple[tuple[int, bool, bool, float], ...]:
    """The places a line may end inside one token: (offset, hyphen drawn by us, hyphen
    visible at the line end, penalty of breaking there)."""
    out = []
    token_breaks = breaks_for(s.language)
    low_left, low_right = s.hyphen_min
    for cut, drawn, _, word, end in _word_breaks(token, token_breaks, s):
        compound = token[cut - 1] == "-"
        if drawn or compound:
            if not s.hyphenate_capitals and _capitalised(token, word):
                continue  # a name (or a sentence's first word): TeX's \uchyph=0
            # Letters of the fragments around the break within the compound's part it
            # is in (ұлттық-мә-дени leaves "мә"); at a compound's own hyphen, whole parts.
            part = max(word, token.rfind("-", 0, cut - 1 if compound else cut) + 1)
            after = token.find("-", cut, end)
            left = sum(ch.isalpha() for ch in token[part:cut])
            right = sum(ch.isalpha() for ch in token[cut : after if after > 0 else end])
            if left < low_left or right < low_right:
                continue
        price = _COMPOUND_COST
        if drawn:
            price = HYPHEN_COST
            while part < cut and not token[part].isalpha():
                part += 1
            if min(left, right) <= 2 or token[part].isupper():
                price += LAST_RESORT  # a two-letter fragment or a proper name
            elif token.rfind("-", word, cut) < 0 and "-" in token[cut:].rstrip("-"):
                # inside a compound's first part: ұлт-тық-мәдени, «мек-теп-лицейде» (an
                # opening guillemet hid the first part)
                price += LAST_RESORT
        elif not compound:
            price = 0.0  # two sentences glued by a missing space
        out.append((cut, drawn, drawn or compound, price))
    if "." in token:
        out = sorted({*out, *_address_cuts(token)})
    return tuple(out)


def _address_cuts(token: str) -> list[tuple[int, bool, bool, float]]:
    """Where a line may end inside the web addresses of a token: after the scheme's "//",
    then from the path on, before a single slash, a dot, "?", "#" or "&", with no hyphen
    drawn (one would read as part of the address). The host (www.Akorda.kz, daryn-krg.kz)
    and an e-mail address stay whole, as the normaliser keeps them."""
    out = []
    for m in ADDRESS.finditer(token):
        start, end = m.span()
        head = token.find("//", start, end)
        if head >= 0 and end - head - 2 >= _ADDRESS_MIN and token[head + 2] != "/":
            out.append((head + 2, False, False, ADDRESS_COST))  # after https://
        host = token.find("/", head + 2 if head >= 0 else start, end)
        if host < 0 or "@" in token[start:end]:
            continue
        for at in range(host, end - _ADDRESS_MIN + 1):
            if token[at] in _ADDRESS_BEFORE and "/" not in (token[at - 1], token[at + 1]):
                out.append((at, False, False, ADDRESS_COST))
    return out


def _word_breaks(
    token: str, token_breaks: Any, s: Settings
) -> Iterator[tuple[int, bool, str, int, int]]:
    """The hyphenator's breaks of a token: (offset, hyphen drawn, the token, where the word
    holding the break starts and where it ends). Words bound by no-break spaces (В\xa0программе, 38\xa0центров)
    are hyphenated each on its own: a number does not keep the word it is bound to whole."""
    if not s.hyphenate:
        return
    base = 0
    for piece in _NO_BREAK_RE.split(token):
        word = base
        for cut, drawn in token_breaks(piece):
            at = base + cut
            if not drawn and piece[cut - 1] != "-":  # two sentences glued by a missing space
                word = at
            yield at, drawn, token, word, base + len(piece)
        base += len(piece) + 1


def _capitalised(token: str, start: int) -> bool:
    """Whether the word at ``start`` begins with a capital (Қазақстанда, «Абай, Ресей-Қытай)."""
    for ch in token[start:]:
        if ch.isalpha():
            return ch.isupper()
    return False


class _Widths(dict):
    """The width of one character by (font, size), measured when first asked for (kept for
    the process: a text's sizes and the next texts use the same few)."""

    def __init__(self, char: str) -> None:
        super().__init__()
        self.char = char

    def __missing__(self, font: tuple[str, float]) -> float:
        if len(self) > 4096:
            self.clear()
        width = self[font] = stringWidth(self.char, *font)
        return width


_SPACES = _Widths(" ")
_HYPHENS = _Widths("-")


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
    # The breakable spaces alone (no-break spaces excluded), as gap_start/gap_end: only they
    # shrink, as ReportLab's own fit test has it.
    shrink_start: list[float]
    shrink_end: list[float]
    hang_left: list[float]
    hang_right: list[float]
    end_tok: tuple[int, ...]
    next_tok: tuple[int, ...]
    token_first: dict[int, int]  # token -> the first break that starts a line inside it
    # Glyphs: a line from a to b has glyph_end[b] - glyph_start[a] letter gaps (the drawn
    # hyphen included); glyph_width is the narrowest glyph, for a bound on that count.
    glyph_start: tuple[int, ...] = ()
    glyph_end: tuple[int, ...] = ()
    glyph_width: float = 1.0
    # The first break inside the token that break b ends (b - 1 at most): the lines from
    # there to b lie inside one word.
    inside: tuple[int, ...] = ()

    @classmethod
    def build(
        cls,
        plain: str,
        widths: list[float],
        fonts: list[tuple[str, float]],
        tokens: list[tuple[int, int]] | Callable[[], list[tuple[int, int]]],
        settings: Settings,
        kerns: dict[int, float] | None = None,
    ) -> Plan:
        """The plan of a paragraph set in these widths and fonts: its :class:`_Skeleton` (where
        lines may end, what each break costs), made once for a text and the settings'
        hyphenation, measured in the paragraph's sizes. ``tokens`` (the words' spans, or what
        finds them) are read only when the skeleton is made."""
        key = (plain, settings.language, settings.hyphenate, settings.hyphen_min)
        key += (settings.hyphenate_capitals, settings.protrusion)
        bones = _SKELETONS.get(key)
        if bones is None:
            if callable(tokens):
                tokens = tokens()
            bones = _SKELETONS[key] = _Skeleton.of(plain, tokens, settings)
            if len(_SKELETONS) > _SKELETONS_SIZE:
                del _SKELETONS[next(iter(_SKELETONS))]
        return bones.measured(settings, widths, fonts, kerns)


# The skeletons of the texts planned lately, by text and hyphenation settings: a brochure
# sets its text at several sizes, and only the widths change (first in, first out).
_SKELETONS: dict[tuple, _Skeleton] = {}
_SKELETONS_SIZE = 256


@dataclass(frozen=True, slots=True)
class _Skeleton:
    """What a :class:`Plan` holds that no size changes: the breaks (positions, tokens,
    hyphens, penalties), and which characters' widths the sums and hangs read."""

    ends: tuple[int, ...]
    nexts: tuple[int, ...]
    visible: tuple[bool, ...]
    drawn: tuple[bool, ...]
    price: tuple[float, ...]
    end_tok: tuple[int, ...]
    next_tok: tuple[int, ...]
    token_first: dict[int, int]
    glyph_end: tuple[int, ...]
    inside: tuple[int, ...]
    token_last: list[int]  # each token's last character (its space's font)
    cut_font: list[tuple[int, int]]  # (break, the character before it) where we draw "-"
    places: list[int]  # the no-break spaces inside tokens
    left: list[tuple[int, int, float]]  # (break, character, share) hanging left
    right: list[tuple[int, int, float]]  # (break, character, share) hanging right
    right_cut: list[tuple[int, float]]  # (break, share) of a drawn hyphen hanging right
    mid: list[tuple[int, int]]  # (break, the character before it) where a word is cut

    @classmethod
    def of(cls, plain: str, tokens: list[tuple[int, int]], settings: Settings) -> _Skeleton:
        cands = _candidates(plain, tokens, settings)
        ends, nexts, end_tok, next_tok, visible, drawn, price = zip(*cands, strict=True)
        places = []
        at = plain.find("\xa0")
        while at >= 0:
            places.append(at)
            at = plain.find("\xa0", at + 1)
        left, right, right_cut = [], [], []
        if settings.protrusion:
            for k, (e, n, d) in enumerate(zip(ends, nexts, drawn, strict=True)):
                if n < len(plain) and plain[n] in LEFT_PROTRUSION:
                    left.append((k, n, LEFT_PROTRUSION[plain[n]]))
                if d:
                    right_cut.append((k, RIGHT_PROTRUSION["-"]))
                elif e and plain[e - 1] in RIGHT_PROTRUSION:
                    right.append((k, e - 1, RIGHT_PROTRUSION[plain[e - 1]]))
        first = {t: a for a, t in reversed(list(enumerate(next_tok)))}
        return cls(
            ends,
            nexts,
            visible,
            drawn,
            price,
            end_tok,
            next_tok,
            token_first=first,
            glyph_end=tuple(e + d - 1 for e, d in zip(ends, drawn, strict=True)),
            inside=tuple(min(first.get(t, b), b - 1) for b, t in enumerate(end_tok)),
            token_last=[e - 1 for _, e in tokens],
            cut_font=[(k, e - 1) for k, (e, d) in enumerate(zip(ends, drawn, strict=True)) if d],
            places=places,
            left=left,
            right=right,
            right_cut=right_cut,
            mid=[(k, e - 1) for k, (e, n) in enumerate(zip(ends, nexts, strict=True)) if e == n],
        )

    def measured(
        self,
        settings: Settings,
        widths: list[float],
        fonts: list[tuple[str, float]],
        kerns: dict[int, float] | None = None,
    ) -> Plan:
        """The plan at these characters' widths (kerned) and fonts; ``kerns``: what kerning
        took from a character's advance, by index, given back to a line that ends inside a
        word right after it (ReportLab draws that part of the word on its own)."""
        ink = list(accumulate(widths, initial=0.0))  # the same sums, left to right
        space_of = _SPACES
        # gap_sum[i]: the spaces after tokens 0..i-1, each in its word's font (mostly one)
        if fonts and fonts.count(fonts[0]) == len(fonts):
            space = space_of[fonts[0]]
            spaces = [space] * len(self.token_last)
            last_space = [space if e else 0.0 for e in self.ends]
        else:
            spaces = [space_of[fonts[i]] for i in self.token_last]
            last_space = [space_of[fonts[e - 1]] if e else 0.0 for e in self.ends]
        gap_sum = list(accumulate(spaces, initial=0.0))
        # A no-break space inside a token (В\xa0программе, 2\xa0500) is glue as well: ReportLab
        # stretches it with the spaces when it justifies a line, so the plan counts it too.
        places = self.places
        sums = list(accumulate([widths[i] for i in places], initial=0.0))
        ends, nexts, end_tok, next_tok = self.ends, self.nexts, self.end_tok, self.next_tok
        added = [0.0] * len(ends)
        hyphen_of = _HYPHENS
        for k, i in self.cut_font:
            added[k] = hyphen_of[fonts[i]]
        if kerns:
            for k, i in self.mid:
                if i in kerns:
                    added[k] += kerns[i]
        hang_left = [0.0] * len(ends)
        hang_right = [0.0] * len(ends)
        for k, i, share in self.left:
            hang_left[k] = share * widths[i]
        for k, share in self.right_cut:
            hang_right[k] = share * added[k]
        for k, i, share in self.right:
            hang_right[k] = share * widths[i]
        shrink_start = [gap_sum[t] for t in next_tok]
        shrink_end = [gap_sum[t] for t in end_tok]
        return Plan(
            settings,
            ends,
            nexts,
            self.visible,
            self.drawn,
            self.price,
            start=[ink[n] + gap_sum[t] for n, t in zip(nexts, next_tok, strict=True)],
            end=[ink[e] + gap_sum[t] + x for e, t, x in zip(ends, end_tok, added, strict=True)],
            gap_start=_plus(shrink_start, nexts, places, sums),
            gap_end=_plus(shrink_end, ends, places, sums),
            last_space=last_space,
            shrink_start=shrink_start,
            shrink_end=shrink_end,
            hang_left=hang_left,
            hang_right=hang_right,
            end_tok=end_tok,
            next_tok=next_tok,
            token_first=self.token_first,
            glyph_start=nexts,
            glyph_end=self.glyph_end,
            glyph_width=min(filter(None, set(widths)), default=1.0),  # widths are not negative
            inside=self.inside,
        )


def _plus(
    gaps: list[float], at: tuple[int, ...], places: list[int], sums: list[float]
) -> list[float]:
    """``gaps`` plus the no-break spaces (at ``places``, widths summed in ``sums``) before each
    of the character positions ``at``, which never decrease."""
    if not places:
        return gaps
    out, k, n = [], 0, len(places)
    for g, i in zip(gaps, at, strict=True):
        while k < n and places[k] < i:
            k += 1
        out.append(g + sums[k])
    return out
