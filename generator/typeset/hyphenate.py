"""Rule-based Kazakh hyphenation: breaks words at syllable boundaries.

No hyphenation dictionary exists for Kazakh, so the word is cut by the syllable rules of
Kazakh orthography, extended to the Russian loanwords found in Kazakh text:

* Each syllable has one vowel nucleus. Between two nuclei the break falls before the last
  consonant, so a new syllable starts with exactly one consonant: ха-лық, тұ-рақ-ты,
  құмырс-қа, Ас-самб-лея. A syllable never starts with ь or ъ (they stay with the
  consonant before them).
* у after a vowel is a consonant [w] and opens the next syllable (да-уыс); at the start of
  a word before a vowel it is a consonant as well (уа-қыт). Elsewhere у is a vowel.
* и is always a vowel; before another vowel (ий-/ый- sound) the word breaks right after it
  (қи-ын), as after vowel у (бу-ын). й is always a consonant (да-йын-дық).
* я, ю, ё after a vowel stand for й + vowel, so a syllable starts with them, as at й
  (қо-ян, та-яқ, си-яқ-ты, стратеги-ялық, Ассамбле-ясы). Source: the word-division
  (тасымал) rules of Kazakh orthography, qazlat.kz §99-107: a word divides by syllables,
  and я, ю, ё are the sounds й + а/у/о (the same letters open a syllable in Russian, whose
  loanwords they mostly come from: ма-як, по-ют).
* No piece may be a single letter at either end of a word: a lone first or last vowel joins
  its neighbour (ата, not а-та; дү-ние; оқу-шы, иде-ал). A one-letter vowel syllable inside
  a word goes with either neighbour, so both breaks around it stand (қу-ақы and қуа-қы,
  би-ология and био-логия, мәдени-етіміздің): the same rules forbid leaving a one-letter
  syllable alone at a line end or carrying it alone, not dividing next to it.
* A hyphenated compound breaks at its hyphen and inside each part (салт-дәс-түр-ле-рін).
* Abbreviations (ҚР, ЕАЭО, ҚазҰУ), words with dots or digits, and anything not written in
  Cyrillic letters are never split.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["SOFT_HYPHEN", "break_points", "hyphenate", "soft_hyphenate", "token_breaks"]

SOFT_HYPHEN = "\u00ad"

_VOWELS = frozenset("аәеёиоөуұүыіэюя")
_SIGNS = frozenset("ьъ")
# Every letter of the Kazakh Cyrillic alphabet (Russian letters included), both cases.
_LETTERS = "а-яёәғқңөұүһі"
_WORD_RE = re.compile(rf"[{_LETTERS}]+(?:-[{_LETTERS}]+)*", re.IGNORECASE)
_TOKEN_RE = re.compile(r"\S+")
# Leading/trailing punctuation of a running-text token: everything but letters and digits.
_EDGE_RE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)
# A sentence stop glued to the next sentence (құрылым.Ассамблея): a missing space, not an
# abbreviation, because two lower-case letters precede the stop and a capital follows.
_GLUE_RE = re.compile(rf"(?<=[{_LETTERS}]{{2}}[.!?])(?=[{_LETTERS.upper()}])")
_SHY_PIECE_LIMIT = 2  # the shortest piece allowed on either side of a break


def _is_abbreviation(part: str) -> bool:
    """All-capital words (ҚР, ЕАЭО) and words with a capital inside (ҚазҰУ)."""
    if len(part) < 2:
        return False
    return part.isupper() or any(ch.isupper() for ch in part[1:])


def _is_plain_word(part: str) -> bool:
    """A word of 2+ letters with a vowel: not an abbreviation (ҚР, ЖОО) or a unit (км)."""
    return (
        len(part) >= _SHY_PIECE_LIMIT
        and not _is_abbreviation(part)
        and part[0].lower() not in _SIGNS
        and any(ch in _VOWELS for ch in part.lower())
    )


def _kinds(word: str) -> str:
    """Classify each letter of a lower-case word: V vowel, C consonant, S soft/hard sign."""
    kinds = []
    for i, ch in enumerate(word):
        if ch in _SIGNS:
            kinds.append("S")
        elif ch == "у":
            prev_vowel = i > 0 and kinds[i - 1] == "V"
            start_glide = i == 0 and len(word) > 1 and word[1] in _VOWELS
            kinds.append("C" if prev_vowel or start_glide else "V")
        elif ch in _VOWELS:
            kinds.append("V")
        else:
            kinds.append("C")
    return "".join(kinds)


def _syllable_breaks(word: str) -> list[int]:
    """Break offsets inside one plain lower-case word, single-letter pieces already merged."""
    kinds = _kinds(word)
    # Nuclei: each vowel is one (я/ю/ё after a vowel included: they open a syllable with й).
    nuclei = [(i, i + 1) for i, kind in enumerate(kinds) if kind == "V"]
    n = len(word)
    breaks: list[int] = []
    for (_, end), (nxt, _) in zip(nuclei, nuclei[1:], strict=False):
        cut = nxt  # no consonant between the nuclei: break between the vowels
        # ъ before a vowel separates, so the break stays after it (объ-ект); otherwise the
        # last consonant (with any ь after it) opens the next syllable.
        if nxt > end and word[nxt - 1] != "ъ":
            last = nxt - 1
            while last > end and kinds[last] == "S":
                last -= 1
            if kinds[last] == "C":
                cut = last
        breaks.append(cut)
    return _merge_single_letters(breaks, n)


def _merge_single_letters(breaks: list[int], length: int) -> list[int]:
    """Drop the breaks that would leave one letter at a word's start or end (а-та, дү-ни-е).

    A one-letter syllable inside the word keeps both breaks around it (қу-а-қы): only one
    break of a word is used at a line end, so either leaves at least two letters each side.
    """
    kept = list(breaks)
    while kept and kept[0] < _SHY_PIECE_LIMIT:
        kept.pop(0)
    while kept and length - kept[-1] < _SHY_PIECE_LIMIT:
        kept.pop()
    return kept


@lru_cache(maxsize=8192)
def _word_breaks(word: str) -> tuple[int, ...]:
    """Break offsets of a whole word (compounds included); empty if it must not split."""
    if not _WORD_RE.fullmatch(word):
        return ()
    parts = word.split("-")
    offsets: list[int] = []
    base = 0
    for k, part in enumerate(parts):
        if not _is_abbreviation(part):
            offsets.extend(base + b for b in _syllable_breaks(part.lower()))
        base += len(part) + 1
        # The compound's own hyphen is a break when both sides are real words.
        if k + 1 < len(parts) and _is_plain_word(part) and _is_plain_word(parts[k + 1]):
            offsets.append(base)
    return tuple(offsets)


def break_points(word: str) -> list[int]:
    """Offsets in ``word`` where it may be broken (a piece starts there); [] if none."""
    return list(_word_breaks(word))


def hyphenate(word: str) -> list[str]:
    """Split ``word`` into its hyphenation pieces; ``"".join(pieces) == word``."""
    bounds = [0, *_word_breaks(word), len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@lru_cache(maxsize=8192)
def token_breaks(token: str) -> tuple[tuple[int, bool], ...]:
    """Breaks allowed in one running-text token: (offset, whether a hyphen must be drawn).

    Edge punctuation is ignored, tokens with digits never break (471-ден), a compound breaks
    after its own hyphen with nothing drawn, and two sentences glued by a missing space
    (құрылым.Ассамблея) break after the stop, also with nothing drawn.
    """
    lead, core, _ = _EDGE_RE.match(token).groups()
    if not core or any(ch.isdigit() for ch in token):
        return ()
    result: list[tuple[int, bool]] = []
    start = len(lead)
    for k, segment in enumerate(_GLUE_RE.split(core)):
        if k:  # a glued sentence starts here
            result.append((start, False))
        word = segment.rstrip(".!?")
        result.extend((start + cut, word[cut - 1] != "-") for cut in _word_breaks(word))
        start += len(segment)
    return tuple(result)


def _soft_token(token: str) -> str:
    """One whitespace-free token with soft hyphens at its syllable breaks."""
    cuts = [cut for cut, drawn in token_breaks(token) if drawn]
    if not cuts:
        return token
    bounds = [0, *cuts, len(token)]
    return SOFT_HYPHEN.join(token[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


def soft_hyphenate(text: str) -> str:
    """Insert U+00AD at every allowed break of every word in plain running text."""
    return _TOKEN_RE.sub(lambda m: _soft_token(m.group(0)), text)
