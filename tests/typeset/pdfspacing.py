"""Word spacing read back from a built PDF with pdfium: what a reader of the page sees.

A body line is a run of characters of the body font and size on one baseline inside one
column. A word space is the distance from the origin of the space glyph to the origin of the
next word's first glyph (the space's advance with any word spacing and horizontal scaling
applied), in units of the font's normal space at that size. Only justified lines count, not
a paragraph's last line. pdfium reports a hyphen at a line end as U+FFFE: it reads as "-".
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfbase.pdfmetrics import stringWidth

CAPITALS = re.compile(r"^\W*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")


@dataclass
class Line:
    """One body line as drawn: its text, word gaps (in spaces) and its left and right ends."""

    page: int
    y: float
    left: float
    right: float
    text: str
    gaps: list[float]
    last_of_paragraph: bool = False
    column: int = 0  # columns of a page numbered from the left


@dataclass
class Spacing:
    """The body lines of a document and the figures a typographer asks for."""

    lines: list[Line] = field(default_factory=list)

    @property
    def justified(self) -> list[Line]:
        return [line for line in self.lines if not line.last_of_paragraph]

    @property
    def gaps(self) -> list[float]:
        return [g for line in self.justified for g in line.gaps]

    def figures(self) -> dict[str, float]:
        gaps = sorted(self.gaps)
        hyphenated = [line for line in self.lines if line.text.endswith("-")]
        return {
            "lines": len(self.lines),
            "median": statistics.median(gaps),
            "p95": gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))],
            # The widest gap of any line: a short line (a paragraph's last, a ragged one) is
            # left out of the median, but no line may gape (31 spaces around an address).
            "max": max(g for line in self.lines for g in line.gaps),
            "hyphenated_share": len(hyphenated) / len(self.lines),
        }

    def short_hyphenated(self, share: float = 0.9) -> list[str]:
        """Lines ending in a hyphen that end short of their column (under ``share`` of its
        measure): «Мы бежим не ради меда-» at 60 % reads as a mistake."""
        out = []
        for column in {(ln.page, ln.column) for ln in self.lines}:
            lines = [ln for ln in self.lines if (ln.page, ln.column) == column]
            flush = sorted(ln.right for ln in lines if ln.text[-1:].isalnum())
            if not flush:
                continue
            left, edge = min(ln.left for ln in lines), flush[(3 * len(flush)) // 4]
            for ln in lines:
                if ln.text.endswith("-") and ln.right - left < share * (edge - left):
                    out.append(ln.text)
        return out

    def hyphen_run(self) -> int:
        """The most lines in a row that end in a hyphen."""
        run = most = 0
        for line in self.lines:
            run = run + 1 if line.text.endswith("-") else 0
            most = max(most, run)
        return most

    def steps(self) -> list[tuple[float, str, str]]:
        """How far apart the word gaps (in spaces) of every two justified lines in a row of
        one paragraph and column are, with the two lines: a tight line beside a loose one
        shows as a stripe in the column's colour."""
        out = []
        for line, nxt in zip(self.lines, self.lines[1:], strict=False):
            if line.last_of_paragraph or nxt.last_of_paragraph or not line.gaps or not nxt.gaps:
                continue
            if (line.page, line.column) != (nxt.page, nxt.column):
                continue
            step = abs(statistics.median(line.gaps) - statistics.median(nxt.gaps))
            out.append((step, line.text, nxt.text))
        return out

    def cuts(self) -> Iterator[tuple[str, str]]:
        """(end of a line before its hyphen, start of the next line) for every drawn hyphen."""
        for line, nxt in zip(self.lines, self.lines[1:], strict=False):
            if line.text.endswith("-") and not line.text.endswith("--"):
                head = line.text.split()[-1][:-1]
                tail = nxt.text.split()[0] if nxt.text.split() else ""
                yield head, tail


def goal_checks(spacing: Spacing, median: float, widest: float) -> dict[str, bool]:
    """Issue 13's goals, each met or not: median and widest word space (in spaces), at most
    a quarter of the lines hyphenated, no fragment of two letters, no name cut."""
    figures = spacing.figures()
    cuts = list(spacing.cuts())
    return {
        "median": figures["median"] <= median,
        "max": figures["max"] <= widest,
        "hyphenated_share": figures["hyphenated_share"] <= 0.25,
        "two-letter": not [c for c in cuts if min(len(re.sub(r"\W", "", p)) for p in c) <= 2],
        "names": not [c for c in cuts if c[0][:1].isupper()],
    }


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 256, ctypes.byref(flags))
    return buf.value.decode("latin-1").split("+")[-1]


def measure(pdf: bytes, font: str, size: float, space_font: str) -> Spacing:
    """The lines set in ``font`` (its PDF name, subset prefix dropped) at ``size`` points.

    ``space_font`` is the ReportLab name whose space width is the unit.
    """
    doc = pdfium.PdfDocument(pdf)
    result = Spacing()
    for number in range(len(doc)):
        page = doc[number]
        textpage = page.get_textpage()
        rows: dict[float, list[tuple[float, float, str]]] = {}
        # A glyph the body font lacks (₸) comes from a fallback font at the body's size: it
        # belongs to the body line it sits in, else the gap before it would read as wider.
        others: list[tuple[float, float, str]] = []
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char in ("\r", "\n", ""):
                continue
            char_size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            if abs(char_size - size) > 0.05:
                continue
            x = ctypes.c_double()
            y = ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            if char == "\ufffe":
                char = "-"
            if _font_name(textpage, i) != font:
                left = ctypes.c_double()
                right = ctypes.c_double()
                bottom = ctypes.c_double()
                top = ctypes.c_double()
                pdfium_c.FPDFText_GetCharBox(
                    textpage.raw, i, *(ctypes.byref(v) for v in (left, right, bottom, top))
                )
                others.append((round(y.value, 1), x.value, max(right.value, x.value), char))
                continue
            advance = stringWidth(char, space_font, size)
            rows.setdefault(round(y.value, 1), []).append((x.value, x.value + advance, char))
        for y, x, right, char in others:
            row = rows.get(y)
            if row and any(start < x < end + 1 for start, end in _spans(row)):
                row.append((x, right, char))
        space = stringWidth(" ", space_font, size)
        page_lines = []
        inked = _inked(rows)
        for y, row in rows.items():
            for chars in _columns(sorted(row), inked, y):
                text = "".join(c for _, _, c in chars)
                gaps = [
                    (chars[k + 1][0] - chars[k][0]) / space
                    for k in range(len(chars) - 1)
                    if chars[k][2] == " " and chars[k + 1][2] != " "
                ]
                page_lines.append(
                    Line(number + 1, y, chars[0][0], chars[-1][1], " ".join(text.split()), gaps)
                )
        # Columns: lines whose starts lie within 40 pt of each other (an indent is less).
        starts = sorted({ln.left for ln in page_lines})
        column_of, column = {}, 0
        for k, left in enumerate(starts):
            if k and left - starts[k - 1] > 40:
                column += 1
            column_of[left] = column
        for ln in page_lines:
            ln.column = column_of[ln.left]
        page_lines.sort(key=lambda ln: (ln.column, -ln.y))
        result.lines.extend(_mark_last_lines(page_lines))
        textpage.close()
        page.close()
    doc.close()
    return result


def _spans(row: list[tuple[float, float, str]]) -> Iterator[tuple[float, float]]:
    """Where the body lines of one baseline run (one span a column)."""
    for chars in _columns(sorted(row)):
        yield chars[0][0], chars[-1][1]


def _inked(rows: dict[float, list[tuple[float, float, str]]]) -> dict[float, list[tuple]]:
    """Each baseline's spans of letters (spaces left out): where the page has ink."""
    return {y: [(x0, x1) for x0, x1, c in row if not c.isspace()] for y, row in rows.items()}


def _columns(
    row: list[tuple[float, float, str]],
    inked: dict[float, list[tuple]] | None = None,
    y: float = 0.0,
) -> Iterator[list[tuple[float, float, str]]]:
    """Split one baseline's characters at a gutter: a gap wider than any word space should be
    (36 pt: the tri-fold's gutters are 57 pt) that the letters of at most one other baseline
    cross. A word gap that wide (a line justified around an unbreakable address) has the
    column's other lines inked across it, and stays one line."""
    start = 0
    for k in range(1, len(row) + 1):
        if k < len(row) and row[k][0] - row[k - 1][1] > 36 and inked is not None:
            mid = (row[k][0] + row[k - 1][1]) / 2
            crossing = sum(
                any(x0 <= mid <= x1 for x0, x1 in spans)
                for other, spans in inked.items()
                if other != y
            )
            if crossing >= 2:
                continue
        if k == len(row) or row[k][0] - row[k - 1][1] > 36:
            yield row[start:k]
            start = k


def _mark_last_lines(lines: list[Line]) -> list[Line]:
    """A paragraph's last line stops short of the column's right edge, which is where most
    lines ending in a letter end (a hyphen or stop hangs past it)."""
    columns: dict[int, list[Line]] = {}
    for line in lines:
        columns.setdefault(line.column, []).append(line)
    for column in columns.values():
        flush = sorted(ln.right for ln in column if ln.text[-1:].isalnum()) or sorted(
            ln.right for ln in column
        )
        edge = flush[(3 * len(flush)) // 4]
        for line in column:
            line.last_of_paragraph = line.right < edge - 1.0
    return lines
