"""The tri-fold and the booklet: sizes, panels, every word of the article in order, page numbers,
the chart's labels, and Kazakh hyphenation proven from the PDF."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from generator.api import build_pdf
from generator.typeset.hyphenate import break_points
from tests.conftest import MM, box_mm, squash

KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@pytest.fixture(scope="module")
def trifold(event) -> bytes:
    return build_pdf("trifold", event)


@pytest.fixture(scope="module")
def booklet(event) -> bytes:
    return build_pdf("booklet", event)


def words(text: str) -> list[str]:
    return WORD.findall(text.replace("\u00a0", " "))


def article_words(event) -> list[str]:
    return words(" ".join(event.article.paragraphs))


def lines_of(pdf: bytes, pages: range | list[int]) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    out: list[str] = []
    for n in pages:
        out.extend(
            line_end(line.strip())
            for line in reader.pages[n].extract_text().splitlines()
            if line.strip()
        )
    return out


def line_end(line: str) -> str:
    """A line as the eye reads it: the soft hyphen (U+00AD) that the text layer has for a
    word cut at the line's end is the drawn "-"; nowhere else may one appear."""
    assert "\u00ad" not in line[:-1], line
    return line[:-1] + "-" if line.endswith("\u00ad") else line


def dehyphenate(lines: list[str], known: set[str]) -> tuple[list[str], list[tuple[str, int]]]:
    """Join words cut at line ends; returns the words and each cut (word, position)."""
    out: list[str] = []
    cuts: list[tuple[str, int]] = []
    carry = ""
    for line in lines:
        ws = words(line)
        if carry and ws:
            head = carry[:-1]
            joined_soft, joined_hard = head + ws[0], carry + ws[0]
            if joined_soft in known or joined_soft.lower() in known:
                cuts.append((joined_soft, len(head)))
                ws[0] = joined_soft
            else:
                ws[0] = joined_hard
            carry = ""
        elif carry:
            out.append(carry)
            carry = ""
        if line.endswith("-") and ws:
            carry = ws.pop() + "-" if not line.endswith(ws[-1]) else ""
            if not carry:
                carry = ws.pop()
        out.extend(ws)
    if carry:
        out.append(carry)
    return out, cuts


def contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    it = iter(haystack)
    return all(any(h == w for h in it) for w in needle)


def char_boxes(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """(char, left, bottom, right, top) in mm from the page's media box, from pdfium."""
    doc = pdfium.PdfDocument(pdf)
    tp = doc[page].get_textpage()
    out = []
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if ch.strip():
            left, bottom, right, top = tp.get_charbox(i)
            out.append((ch, left / MM, bottom / MM, right / MM, top / MM))
    return out


def test_trifold_two_a4_landscape_pages(trifold):
    assert len(PdfReader(io.BytesIO(trifold)).pages) == 2
    for page in range(2):
        w, h = box_mm(trifold, "TrimBox", page)
        assert abs(w - 297) < 0.1 and abs(h - 210) < 0.1


@pytest.mark.parametrize(("page", "folds"), [(0, (97, 197)), (1, (100, 200))])
def test_trifold_text_stays_inside_its_panels(trifold, page, folds):
    bleed = 3
    panels = [(0, folds[0]), (folds[0], folds[1]), (folds[1], 297)]
    used = set()
    for ch, left, _, right, _ in char_boxes(trifold, page):
        x0, x1 = left - bleed, right - bleed
        inside = [i for i, (a, b) in enumerate(panels) if a + 4 <= x0 and x1 <= b - 4]
        assert inside, f"{ch!r} at {x0:.1f}–{x1:.1f} mm crosses a fold or panel margin"
        used.add(inside[0])
    assert used == {0, 1, 2}


def test_trifold_has_every_article_word_in_order(trifold, event):
    expected = article_words(event)
    got, _ = dehyphenate(lines_of(trifold, [1]), set(expected))
    assert contains_in_order(got, expected)


def test_booklet_size_and_page_count(booklet):
    pages = PdfReader(io.BytesIO(booklet)).pages
    assert len(pages) % 4 == 0 and len(pages) >= 8
    for n in range(len(pages)):
        w, h = box_mm(booklet, "TrimBox", n)
        assert abs(w - 148) < 0.1 and abs(h - 210) < 0.1


def test_booklet_page_numbers_are_present_and_correct(booklet):
    n_pages = len(PdfReader(io.BytesIO(booklet)).pages)
    numbered = 0
    for n in range(n_pages):
        # The folio sits in the bottom margin (below 20 mm from the trim), at the outer edge.
        chars = [c for c in char_boxes(booklet, n) if c[2] - 3 < 20]
        if not chars:
            continue
        folio = "".join(c[0] for c in chars)
        assert folio == str(n + 1), (n + 1, folio)
        x = chars[0][1] - 3
        assert (x > 74) if (n + 1) % 2 else (x < 74), f"page {n + 1}: folio not at the outer edge"
        numbered += 1
    assert numbered >= n_pages - 3  # cover, back cover and the ornament page carry none


def test_booklet_has_every_article_word_in_order(booklet, event):
    expected = article_words(event)
    n_pages = len(PdfReader(io.BytesIO(booklet)).pages)
    # A word cut at a page's last line goes on after the next page's running head and folio.
    head = event.article.title.upper().replace("\xa0", " ").split("–")[-1].strip()
    lines = [
        line
        for line in lines_of(booklet, range(1, n_pages))
        if line.strip() != head and not line.strip().isdigit()
    ]
    got, _ = dehyphenate(lines, set(expected))
    assert contains_in_order(got, expected)


def test_chart_shows_the_comparable_facts_by_their_printed_forms(booklet, event):
    from generator.compose.vocab import vocabulary
    from generator.resources import templates_dir

    heading = vocabulary(templates_dir() / "booklet", "kk")["compared"]
    reader = PdfReader(io.BytesIO(booklet))
    chart_pages = [p.extract_text() for p in reader.pages if heading in p.extract_text()]
    assert len(chart_pages) == 1
    charted = event.facts.roles.chart
    assert len(charted) >= 2 and len({f.unit for f in charted}) == 1
    for fact in charted:
        assert fact.print in chart_pages[0]
        assert squash(fact.caption) in squash(chart_pages[0])


def test_booklet_hyphenates_kazakh_words_at_allowed_points(booklet, event):
    expected = article_words(event)
    n_pages = len(PdfReader(io.BytesIO(booklet)).pages)
    _, cuts = dehyphenate(lines_of(booklet, range(1, n_pages)), set(expected))
    assert cuts, "no word was hyphenated"
    assert any(KAZAKH & set(word) for word, _ in cuts), cuts
    for word, at in cuts:
        part_start = word.rfind("-", 0, at) + 1  # a compound breaks by syllable inside each part
        part = word[part_start:].split("-")[0]
        assert at - part_start in break_points(part), (word, at)


def test_soft_hyphens_only_at_line_ends(booklet, trifold):
    for pdf in (booklet, trifold):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert not re.search("\u00ad(?!\n)", text)  # a cut word's mark, never inside a line
        assert "\u00ad\n" in text


@pytest.mark.parametrize(("name", "frame"), [("trifold", "body_1"), ("booklet", "body")])
def test_largest_word_gap_is_within_the_template_limit(event, name, frame):
    from generator.api import find_template
    from generator.compose.render import compose
    from generator.typeset.brochure import _body
    from generator.typeset.paragraphs import line_report
    from generator.typeset.products import lay_out
    from generator.typeset.text import Palette

    tpl = find_template(name)
    box = next(b for p in tpl.pages for b in p.boxes if b.name == frame)
    style = tpl.styles[box.opt("style")]
    composed = compose(tpl, event.article, event.facts)
    # At the size the build sets the article (the fitting may choose it for its spacing).
    first = next(b for p in tpl.pages for b in p.boxes if b.type == "flow")
    size = lay_out(tpl, composed, event).fitted[first.name]
    paragraphs = _body(composed.blocks["body"], style, size, Palette(tpl), name)
    lines = [line for p in paragraphs for line in line_report(p, box.w * MM)]
    worst = max(line.gap_ratio for line in lines)
    hyphenated = sum(line.hyphenated for line in lines)
    print(
        f"{name}: largest word gap {worst:.2f} spaces (limit {style.max_gap:g}), {hyphenated}/{len(lines)} lines hyphenated"
    )
    assert worst <= style.max_gap
    runs = "".join("1" if line.hyphenated else "0" for line in lines)
    assert "111" not in runs


def test_trifold_too_long_fails_naming_the_template(event_dir):
    from generator.api import load_event
    from generator.errors import FitError

    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    article.write_text("\n".join(lines + lines[1:] * 2) + "\n", encoding="utf-8")
    with pytest.raises(
        FitError,
        match=r"template 'trifold': the text does not fit its frames even at the smallest size 8.5 pt \(\d+ paragraph",
    ):
        build_pdf("trifold", load_event(article))
    # The booklet takes the same text on more pages: nothing is lost, the count stays a multiple of 4.
    longer = build_pdf("booklet", load_event(article))
    assert len(PdfReader(io.BytesIO(longer)).pages) % 4 == 0


def test_trifold_shrinks_a_longer_article_and_keeps_every_word(event_dir):
    from generator.api import find_template, load_event
    from generator.compose.render import compose
    from generator.typeset.products import lay_out

    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    article.write_text("\n".join(lines + lines[1:] + lines[1:3]) + "\n", encoding="utf-8")
    longer = load_event(article)
    tpl = find_template("trifold")
    laid = lay_out(tpl, compose(tpl, longer.article, longer.facts), longer)
    body = tpl.styles["body"]
    assert body.min_size <= laid.fitted["body_1"] < body.size
    expected = article_words(longer)
    got, _ = dehyphenate(lines_of(build_pdf("trifold", longer), [1]), set(expected))
    assert contains_in_order(got, expected)
