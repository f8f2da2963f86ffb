"""Web addresses in running text (issue 13): a line may end inside an address after its
scheme's "//", and from its path on before a single slash, a dot, "?", "#" or "&" (Chicago 17
§14.18: after a double slash, before a single one), with no hyphen drawn (Chicago 7.42; in Russian
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
from generator.typeset import breakplan, paragraphs
from generator.typeset.breakplan import Settings, _address_cuts, _token_cuts
from generator.typeset.paragraphs import body_paragraph, kazakh_style
from tests.typeset.pdfspacing import measure
from tests.typeset.test_spacing import _body_font

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures/events/olympiad-url/article.kk.txt"
MAX_GAP = {"trifold": 2.5, "booklet": 2.0}  # the templates' max_gap, in spaces


def _pieces(token: str) -> list[str]:
    cuts = sorted(cut for cut, *_ in _address_cuts(token))
    return [token[a:b] for a, b in zip([0, *cuts], [*cuts, len(token)], strict=True)]


def test_an_address_breaks_before_a_slash_dot_query_or_fragment():
    """Before: after a single slash («daryn-krg.kz/ / olimpiada/»); a line that ends with a
    slash reads as a finished address, one that opens with it as a continued one (Chicago 17
    §14.18)."""
    assert _pieces("https://daryn-krg.kz/olimpiada/natizheler?oblys=karaganda#keste") == [
        "https://", "daryn-krg.kz", "/olimpiada", "/natizheler", "?oblys=karaganda", "#keste",
    ]  # fmt: skip
    assert _pieces("www.daryn-krg.kz/ereje/index.html.") == [
        "www.daryn-krg.kz", "/ereje", "/index", ".html.",
    ]  # fmt: skip
    # a double slash inside a path stays whole, the line breaking after it only in the scheme
    assert _pieces("https://a.kz//x/yy") == ["https://", "a.kz//x", "/yy"]
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
    short ones included, stays near max_gap: PT Serif kerns a (no-break) space before an en
    dash, and the dash before a space, by -40/1000 em (0.165 of its space; the dash has
    72/1000 em side bearings, so ink to ink the gap is the line's other gaps'); the breaker
    plans unkerned words, so such a line's other spaces open by up to a hundredth of a
    space more (booklet 2.01)."""
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
    lines: joined where a line ends after "//" or the next begins with "/", ".", "?" or "#",
    they are the article's addresses."""
    from pypdf import PdfReader

    event = load_event(ARTICLE)
    pdf = build_pdf(template, event)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    joined = re.sub(r"(?<=//)\n|\n(?=[/.?#&][\w])", "", text)
    for address in re.findall(r"(?:https?://|www\.)\S+[\w/]", event.article.text):
        assert address in joined, address
    assert "-\n" not in re.sub(r"\w+-\n", "", text)  # no hyphen before a line break in one


def _links(pdf: bytes) -> list[tuple[int, str, list[float]]]:
    """(page, /URI, /Rect) of every link annotation, read with pikepdf."""
    import pikepdf

    doc = pikepdf.open(io.BytesIO(pdf))
    return [
        (number, str(a.A.URI), [float(v) for v in a.Rect])
        for number, page in enumerate(doc.pages)
        for a in page.obj.get("/Annots", [])
        if a.get("/Subtype") == "/Link"
    ]


def _under(pdf: bytes, page: int, rect: list[float]) -> str:
    """The characters drawn under a rectangle (their boxes' centres in it), read with pdfium,
    in reading order; checks that the rectangle holds each one's whole width."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    x0, y0, x1, y1 = rect
    found = []
    for i in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(i)
        if x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1:
            char = text.get_text_range(i, 1)
            if char.strip():
                # (a glyph's ink may overhang its advance a little: «/» by 0.3 pt)
                assert x0 - 0.6 <= left and right <= x1 + 0.6, (char, rect, (left, right))
                found.append(char)
    return "".join(found)


@pytest.mark.parametrize("template", ["booklet", "trifold", "poster"])
def test_every_address_is_a_link_over_each_of_its_line_parts(template):
    """Each web address printed carries a /Link annotation whose /URI is the whole address (a
    scheme put before a bare www. host), one over each line part of it: the parts' drawn
    characters, read from under the rectangles, join into the address; no other character
    is under them."""
    event = load_event(ARTICLE)
    pdf = build_pdf(template, event)
    links = _links(pdf)
    assert links
    parts: dict[str, list[str]] = {}
    for page, uri, rect in links:
        parts.setdefault(uri, []).append(_under(pdf, page, rect))
    # The addresses printed: the article's and the event's, as far as the page shows them
    # (the text read back with its lines joined where an address was cut).
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    joined = re.sub(r"(?<=//)\n|\n(?=[/.?#&][\w])", "", text)
    candidates = re.findall(r"(?:https?://|www\.)\S+[\w/]", event.article.text)
    printed = [a for a in [*candidates, event.facts.event.url] if a in joined]
    assert event.facts.event.url in printed
    for address in printed:
        uri = address if "://" in address else "http://" + address
        assert uri in parts, f"no link to {uri}"
        # Each occurrence is the whole address, or the address in line parts, in order.
        drawn = "".join(parts[uri])
        assert drawn.replace(address, "") == "", (uri, parts[uri])
    assert set(parts) <= {a if "://" in a else "http://" + a for a in printed}


def test_a_press_file_carries_no_annotation():
    """PDF/X allows no annotation over the printed area (ISO 15930; PitStop and Kodak's
    preflight fail one): --pdfx drops the links."""
    event = load_event(ARTICLE)
    assert _links(build_pdf("trifold", event))
    pdf = build_pdf("trifold", event, color="cmyk", pdfx="x1a")
    assert not _links(pdf)


def test_addresses_in_markup_become_links_to_themselves():
    from generator.typeset.text import link_addresses

    assert link_addresses("толық ақпарат https://a.kz/b?x=1&amp;y=2 бетінде.") == (
        'толық ақпарат <a href="https://a.kz/b?x=1&amp;y=2">https://a.kz/b?x=1&amp;y=2</a> бетінде.'
    )
    assert link_addresses("<b>www.abai-museum.kz</b>") == (
        '<b><a href="http://www.abai-museum.kz">www.abai-museum.kz</a></b>'
    )
    assert link_addresses("info@daryn-krg.kz") == (
        '<a href="mailto:info@daryn-krg.kz">info@daryn-krg.kz</a>'
    )
    linked = '<a href="https://x.kz">осы сайт https://x.kz</a>'
    assert link_addresses(linked) == linked  # already a link: left alone
    assert link_addresses("т.б. 1995 ж.") == "т.б. 1995 ж."


def test_an_address_beside_an_escaped_character_prints_as_written(tmp_path):
    """A batch record «Сайт "https://shanyrak.kz/a?b=1&c=2" <www.abc.kz>»: the address was
    found in the escaped markup, «&quot» taken into it, and the badge printed «…kz";».
    The text extracts as written (its quotes as the normaliser sets them), each address a
    link to itself."""
    from generator.api import find_template

    record = {
        "name": "Әлия Серікқызы",
        "role": 'сайт "https://shanyrak.kz/a?b=1&c=2"',
        "organisation": "<www.abc.kz> д'Арк",
    }
    pdf = build_pdf(find_template("badge"), load_event(), record=record)
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "«https://shanyrak.kz/a?b=1&c=2»" in text, text
    assert "<www.abc.kz> д’Арк" in text, text
    assert ";" not in text
    assert sorted(uri for _, uri, _ in _links(pdf)) == [
        "http://www.abc.kz",
        "https://shanyrak.kz/a?b=1&c=2",
    ]


# A sentence with an address longer than a third of a line (a generated test article's):
# before, «…/memleket/entities/ / edu жоспарланып» left three letters of it on a line.
WHOLE = (
    "Деген қызығушылығын арттыру. «Домбыра ұлттың жады, оны сақтау біздің парызымыз», деді "
    "мәдениет басқармасының өкілі. Келесі жылы мерекені одан да кең ауқымда өткізу "
    "https://www.gov.kz/memleket/entities/edu жоспарланып отыр. Облыстың барлық мектептерінде "
    "домбыра апталығы өтіп, үздік жас орындаушылар республикалық."
)


def _lines(
    width: float, size: float, gap: float, cuts: bool = True
) -> list[tuple[str, float, bool, bool]]:
    """(text, gap ratio, ragged, ends in a drawn hyphen) of the lines the breaker plans;
    ``cuts`` False: as if the address could not be cut at all."""
    from generator.typeset.fonts import ensure_family

    ensure_family("PTSerif")
    style = kazakh_style(
        "body", "PTSerif", size, size * 1.42, max_gap_ratio=gap, hyphen_min=(3, 3),
        expansion=0.02, protrusion=True, letter_spacing=0.05, ragged=True,
    )  # fmt: skip
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()
    breakplan._TOKEN_CUTS.clear()
    keep = breakplan._address_cuts
    if not cuts:
        breakplan._address_cuts = lambda token: []
    try:
        p = body_paragraph(WHOLE, style)
        plan = p.planned(width) or []
        plain = p._model.plain
    finally:
        breakplan._address_cuts = keep
        breakplan._TOKEN_CUTS.clear()
    out, start = [], 0
    for line in plan:
        out.append((plain[start : line.end], line.ratio, line.ragged, line.drawn))
        start = line.next
    return out


def test_an_address_that_fits_a_line_is_not_cut_when_the_lines_allow():
    """Cutting an address is a last resort (as a proper name's cut): wherever the paragraph
    can be set within max_gap with the address whole, and without another last resort (a
    word's tail alone on the last line), it is. Tried at the tri-fold's and the booklet's
    gaps over a range of sizes and column widths."""
    address = "https://www.gov.kz/memleket/entities/edu"
    checked = 0
    for size, gap in ((9, 2.4), (10, 2.4), (10.5, 1.92), (11.5, 1.92), (12.5, 1.92)):
        for width in range(150, 331, 5):
            whole = _lines(width, size, gap, cuts=False)
            body = whole[:-1]
            if any(r > gap + 1e-6 or r < 0.5 or ragged for _, r, ragged, _ in body):
                continue  # no layout within max_gap keeps it whole (or it is wider)
            if body and body[-1][3] and " " not in whole[-1][0].strip():
                continue  # whole, it leaves a word's tail alone on the last line
            checked += 1
            lines = _lines(width, size, gap)
            assert any(address in text for text, *_ in lines), (size, width, lines)
    assert checked >= 20
