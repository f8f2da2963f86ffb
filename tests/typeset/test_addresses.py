"""Web addresses in running text (issue 13): a line may end inside an address after its
scheme's "//", and in its path after a slash or before a dot, "?", "#" or "&", with no hyphen
drawn (Chicago 7.42; in Russian
practice too: a hyphen would read as part of the address), so an address longer than the
room left on a line no longer gapes the line before it or overflows the column.

The event (tests/fixtures/events/olympiad-url) has the reviewer's sentence «… нұсқалары
https://daryn-krg.kz/olimpiada мекенжайында жарияланған.», an address with a query and a
fragment, and spaced dashes bound to the word before them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from generator.api import build_pdf, load_event
from generator.typeset.breakplan import Settings, _address_cuts, _token_cuts
from tests.typeset.pdfspacing import measure
from tests.typeset.test_spacing import _body_font

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures/events/olympiad-url/article.kk.txt"
MAX_GAP = {"trifold": 2.5, "booklet": 2.0}  # the templates' max_gap, in spaces


def _pieces(token: str) -> list[str]:
    cuts = sorted(cut for cut, *_ in _address_cuts(token))
    return [token[a:b] for a, b in zip([0, *cuts], [*cuts, len(token)], strict=True)]


def test_an_address_breaks_after_a_slash_or_before_a_dot_query_or_fragment():
    assert _pieces("https://daryn-krg.kz/olimpiada/natizheler?oblys=karaganda#keste") == [
        "https://", "daryn-krg.kz/", "olimpiada/", "natizheler", "?oblys=karaganda", "#keste",
    ]  # fmt: skip
    assert _pieces("www.daryn-krg.kz/ereje/index.html.") == [
        "www.daryn-krg.kz/", "ereje/", "index", ".html.",
    ]  # fmt: skip
    # never inside the host nor the scheme, at the address's own hyphen, in an e-mail address
    assert _pieces("«https://abai-museum.kz»,") == ["«https://", "abai-museum.kz»,"]
    assert _pieces("www.Akorda.kz") == ["www.Akorda.kz"]
    assert _pieces("info@daryn-krg.kz") == ["info@daryn-krg.kz"]
    assert _pieces("облыстық") == ["облыстық"]


def test_no_hyphen_is_drawn_or_counted_inside_an_address():
    cuts = _token_cuts("https://daryn-krg.kz/olimpiada", Settings())
    assert cuts and all(not drawn and not visible for _, drawn, visible, _ in cuts)


@pytest.mark.parametrize("template", list(MAX_GAP))
def test_lines_around_an_address_do_not_gape(template):
    """Before: «мекенжайында       жарияланған.» (31 spaces in the tri-fold, 8 in the
    booklet) and a tri-fold address over the column's edge. The widest gap of any line,
    short ones included, stays near max_gap: a no-break space before a dash is drawn a
    little narrower than the spaces it is planned with, so the others may exceed it by a
    hundredth of a space (booklet 2.01)."""
    pdf = build_pdf(template, load_event(ARTICLE))
    font, size = _body_font(pdf)
    spacing = measure(pdf, font, size, "PTSerif")
    assert spacing.figures()["max"] <= MAX_GAP[template] + 0.02
    for column in {line.column for line in spacing.lines}:
        lines = [line for line in spacing.lines if line.column == column]
        right = sorted(line.right for line in lines)
        edge = right[len(right) // 2]  # most lines are flush with the column's edge
        for line in lines:  # a hyphen, stop or comma at a line's end hangs into the margin
            if line.text[-1:].isalnum() or line.text.endswith("/"):
                assert line.right <= edge + 1, line.text


@pytest.mark.parametrize("template", list(MAX_GAP))
def test_an_address_cut_at_a_line_end_extracts_whole(template):
    """No hyphen marks the cut, so the text layer holds the address's two pieces on two
    lines: joined where a line ends after "/" or the next begins with ".", "?" or "#", they
    are the article's addresses."""
    from pypdf import PdfReader

    event = load_event(ARTICLE)
    pdf = build_pdf(template, event)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    joined = re.sub(r"(?<=/)\n|\n(?=[.?#&][\w])", "", text)
    for address in re.findall(r"(?:https?://|www\.)\S+[\w/]", event.article.text):
        assert address in joined, address
    assert "-\n" not in re.sub(r"\w+-\n", "", text)  # no hyphen before a line break in one
