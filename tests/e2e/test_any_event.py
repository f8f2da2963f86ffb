"""Templates for any event: every product builds well for events of different kinds.

The events are the default one and the fixtures under tests/fixtures/events/ (two Kazakh
articles of very different lengths, a Russian one, one with every optional detail and one with
none, long names, a short one with web addresses and dashes); scripts/review_matrix.py renders the same matrix for people to look at.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf, load_event
from generator.compose.vocab import vocabulary
from generator.resources import default_event_dir, templates_dir
from tests.e2e.test_brochures import char_boxes as chars

MM = 72 / 25.4
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"
EVENTS = ["default", *sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())]
PRODUCTS = ["poster", "trifold", "booklet", "certificate", "invitation", "badge"]
WORD = re.compile(r"[^\W\d_]{5,}")


@cache
def event(name: str):
    if name == "default":
        return load_event()
    return load_event(next((FIXTURES / name).glob("article.*.txt")))


@cache
def record(name: str) -> dict[str, str]:
    """The event's own first recipient (a Russian event's in Russian), else the default's."""
    own = FIXTURES / name / "recipients.csv"
    path = own if own.exists() else default_event_dir() / "recipients.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))


@cache
def pdf(name: str, product: str) -> bytes:
    return build_pdf(product, event(name), record=record(name), bleed_mm=0)


def page_count(data: bytes) -> int:
    return len(pdfium.PdfDocument(data))


def span(found: list, low: float, high: float) -> float:
    """The share of [low, high] (mm from the bottom) that the text spans, top line to bottom."""
    inside = [c for c in found if c[2] >= low - 1 and c[4] <= high + 1]
    if not inside:
        return 0.0
    return (max(c[4] for c in inside) - min(c[2] for c in inside)) / (high - low)


def test_the_matrix_has_six_events_of_the_kinds_asked_for():
    langs = {event(n).lang for n in EVENTS}
    assert len(EVENTS) >= 6 and {"kk", "ru"} <= langs
    lengths = sorted(len(event(n).article.text) for n in EVENTS if event(n).lang == "kk")
    assert lengths[-1] > 5 * lengths[0], "the Kazakh articles differ much in length"
    filled = [event(n).facts.roles.filled() | event(n).facts.event.given() for n in EVENTS]
    assert any({"chart", "quote2", "highlight", "url", "organiser", "place"} <= f for f in filled)
    assert any(not (f - {"year"}) for f in filled), "one event has nothing optional"


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("name", EVENTS)
def test_every_product_builds_with_no_empty_page(name, product):
    data = pdf(name, product)
    for page in range(page_count(data)):
        assert chars(data, page), f"{product} for {name}: page {page + 1} has no text"


@pytest.mark.parametrize("name", EVENTS)
def test_no_inside_panel_of_the_trifold_is_decoration_alone(name):
    """library-bare and olympiad-url (short, no figures to move in) had a rosette alone on
    their third inside panel: the article's close (its last paragraph, as a standfirst)
    takes it now."""
    found = chars(pdf(name, "trifold"), 1)
    for left, right in ((0, 100), (100, 200), (200, 297)):
        panel = [c for c in found if left + 3 <= c[1] and c[3] <= right + 3]
        assert panel, f"{name}: inside panel {left}-{right} mm has no text"


def _letters(found: list) -> Counter:
    return Counter(c[0].upper() for c in found if c[0].isalnum())


@pytest.mark.parametrize("name", EVENTS)
def test_trifold_text_panels_are_at_least_40_percent_filled(name):
    data = pdf(name, "trifold")
    cover = _letters([c for c in chars(data, 0) if c[1] >= 197])
    # Outside: fold-in panel and back panel (the cover, right, is a title panel, and so is a
    # back panel that repeats only the cover's title and date over an ornament: see
    # test_every_outside_panel_of_the_trifold_carries_text_and_ink); inside: all.
    for page, folds in ((0, (0, 97, 197)), (1, (0, 100, 200, 297))):
        found = chars(data, page)
        for left, right in zip(folds, folds[1:], strict=False):
            panel = [c for c in found if left <= c[1] and c[3] <= right]
            if not panel:
                continue  # a panel of ornament only (an event without figures or details)
            if page == 0 and not _letters(panel) - cover:
                continue  # the title and the date, as on the cover
            fill = span(panel, 12, 198)
            assert fill >= 0.4, f"{name}: page {page + 1}, panel {left}-{right} mm {fill:.0%}"


def test_a_tiny_article_leaves_no_inside_panel_of_the_trifold_empty():
    """Two short paragraphs, two figures, no quotation (tests/fixtures/chess-tiny): the text
    filled a third of the first inside panel and the middle one was left without text. Now
    the text keeps to the first panel, the figures take the middle one."""
    content = load_event(FIXTURES.parent / "chess-tiny" / "article.kk.txt")
    data = build_pdf("trifold", content, bleed_mm=0)
    found = chars(data, 1)
    text = pdfium.PdfDocument(data)[1].get_textpage().get_text_range().replace("\u00ad", "")
    for fact in content.facts.values():
        assert fact.print in text, f"figure {fact.print} not inside"
    fills = []
    for left, right in ((0, 100), (100, 200)):
        panel = [c for c in found if left <= c[1] and c[3] <= right]
        fills.append(span(panel, 12, 198))
    assert min(fills) >= 0.4, f"inside panels filled {[f'{f:.0%}' for f in fills]}"
    # The article's words are all in the first panel.
    first = "".join(c[0] for c in found if c[3] <= 100)
    assert "Жеңімпаздар" in first.replace("\u00ad", "")
    # The fold-in panel, its figures moved inside, opens the article (a rosette stood alone).
    foldin = "".join(c[0] for c in chars(data, 0) if c[3] <= 97).replace("\u00ad", "")
    assert "Сенбікүні" in foldin.replace(" ", ""), foldin


def test_at_the_extreme_the_trifold_is_built_with_no_blank_inside_panel(tmp_path):
    """The fixture's first paragraph alone (two sentences, one figure): the tiny layout
    still, the text under its heading in the first panel, the figure in the middle one, the
    third inked (a rosette); no error, no panel left blank."""
    fixture = FIXTURES.parent / "chess-tiny"
    article = tmp_path / "article.kk.txt"
    lines = (fixture / "article.kk.txt").read_text(encoding="utf-8").splitlines()
    article.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    facts = (fixture / "facts.toml").read_text(encoding="utf-8")
    (tmp_path / "facts.toml").write_text(
        facts[: facts.index('[[facts]]\nid = "books"')], encoding="utf-8"
    )
    data = build_pdf("trifold", load_event(article), bleed_mm=0)
    found = chars(data, 1)
    first = "".join(c[0] for c in found if c[3] <= 100)
    middle = "".join(c[0] for c in found if c[1] >= 100 and c[3] <= 200)
    assert "қатысты" in first and "64" in middle
    image = pdfium.PdfDocument(data)[1].render(scale=40 / 72).to_pil().convert("L")
    for left, right in ((0, 100), (100, 200), (200, 297)):
        panel = image.crop(
            (int(left * 40 / 25.4) + 2, 12, int(right * 40 / 25.4) - 2, image.height)
        )
        assert panel.getextrema()[0] < 200, f"inside panel {left}-{right} mm is blank"


@pytest.mark.parametrize("name", EVENTS)
def test_booklet_body_pages_are_at_least_40_percent_filled(name):
    data = pdf(name, "booklet")
    article = set(WORD.findall(event(name).article.text.lower()))
    body_pages = 0
    for page in range(1, page_count(data) - 1):
        found = chars(data, page)
        text = pdfium.PdfDocument(data)[page].get_textpage().get_text_range()
        words = WORD.findall(text.replace("\u00ad", "").lower())
        if sum(w in article for w in words) < 20:
            continue  # not a page of the article (figures, quotations, notes)
        body_pages += 1
        # Between the running head and the folio: the page's text area, 20-186 mm from the top.
        fill = span(found, 210 - 186, 210 - 20)
        assert fill >= 0.4, f"{name}: booklet page {page + 1} is {fill:.0%} filled"
    assert body_pages >= 1


def _last_spread_ends(name: str) -> list[float] | None:
    """mm from the top where the article's text ends on its last two facing pages, or None
    when the article does not end on a spread (its last page stands alone)."""
    data = pdf(name, "booklet")
    article = set(WORD.findall(event(name).article.text.lower()))

    def body(page: int) -> list:
        text = pdfium.PdfDocument(data)[page].get_textpage().get_text_range()
        words = WORD.findall(text.replace("\u00ad", "").lower())
        if sum(w in article for w in words) < 20:
            return []
        return [c for c in chars(data, page) if 210 - 186 <= c[2] <= 210 - 20]

    pages = [p for p in range(1, page_count(data) - 1) if body(p)]
    last = pages[-1]
    if last % 2 == 1 or last - 1 not in pages:  # (0-based: odd is a left page)
        return None
    return [min(c[2] for c in body(p)) for p in (last - 1, last)]


def test_the_booklets_last_spread_ends_level():
    """The article's last two facing pages end level (within two lines: the pages' lines
    stand on grids of their own, and a paragraph's last lines keep together), also when the
    left one opens the article under its heading: gratitude-ru's ended 62 mm apart,
    museum-names' 88 mm. Every event is built; those whose article ends on a spread are
    measured (at least two of them, so the test always measures something)."""
    spreads = {n: e for n in EVENTS if (e := _last_spread_ends(n)) is not None}
    assert len(spreads) >= 2, f"only {sorted(spreads)} end on a spread"
    uneven = {n: e for n, e in spreads.items() if abs(e[0] - e[1]) >= 10}
    assert not uneven, f"the last spread ends apart (mm from the top): {uneven}"


def uninked_band(data: bytes) -> float:
    """The tallest run of pixel rows with nothing drawn across them (one flat colour), as a
    share of the page's height."""
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=60 / 72).to_pil().convert("RGB")
    width, height = image.size
    pixels = image.load()
    tallest = run = 0
    for y in range(height):
        first = pixels[0, y]
        flat = all(
            max(abs(a - b) for a, b in zip(pixels[x, y], first, strict=True)) < 24
            for x in range(0, width, 2)
        )
        run = run + 1 if flat else 0
        tallest = max(tallest, run)
    return tallest / height


@pytest.mark.parametrize("name", EVENTS)
def test_poster_has_no_uninked_band_over_12_percent(name):
    band = uninked_band(pdf(name, "poster"))
    assert band <= 0.12, f"{name}: an empty band {band:.0%} of the poster's height"


@pytest.mark.parametrize("name", EVENTS)
def test_chart_only_when_the_event_declares_comparable_facts(name):
    heading = vocabulary(templates_dir() / "booklet", event(name).lang)["compared"]
    data = pdf(name, "booklet")
    text = " ".join(
        pdfium.PdfDocument(data)[p].get_textpage().get_text_range() for p in range(page_count(data))
    )
    charted = event(name).facts.roles.chart
    assert (heading in text) == bool(charted)
    if charted:
        assert len({f.unit for f in charted}) == 1
        flat = text.replace("\xa0", " ")
        for fact in charted:
            assert fact.print.replace("\xa0", " ") in flat


def _attribution_gaps(data: bytes, caption: str) -> list[float]:
    """For each place the attribution prints: mm from the foot of the quotation's closing
    guillemet (its last line) down to the attribution's top."""
    key = "".join(caption.upper().split())
    gaps = []
    for page in range(page_count(data)):
        found = chars(data, page)
        text = "".join(c[0] for c in found)
        at = text.find(key)
        close = text.rfind("»", 0, at)
        if at >= 0 and close >= 0:
            gaps.append(found[close][2] - max(c[4] for c in found[at : at + len(key)]))
    return gaps


@pytest.mark.parametrize("product", ["poster", "trifold", "booklet"])
@pytest.mark.parametrize("name", [n for n in EVENTS if event(n).facts.roles.quote])
def test_an_attribution_stands_under_its_quotation(name, product):
    """A quotation shorter than its box keeps its attribution under its last line, not at the
    box's foot: the tri-fold's fold-in panel had 44-52 mm between them, the booklet's
    quotations page 20-29 mm, a short quotation on the poster 29 mm."""
    quote = event(name).facts.roles.quote
    gaps = _attribution_gaps(pdf(name, product), quote.caption)
    assert gaps, f"{product} for {name}: the attribution is printed under its quotation"
    assert all(0 < g < 10 for g in gaps), f"{product} for {name}: {gaps} mm"


@pytest.mark.parametrize("name", EVENTS)
def test_every_outside_panel_of_the_trifold_is_inked(name):
    """No outside panel is left blank: a short article without a quotation took its figures
    inside and left the fold-in panel white."""
    page = pdfium.PdfDocument(pdf(name, "trifold"))[0]
    image = page.render(scale=40 / 72).to_pil().convert("RGB")
    px = image.width / 297
    for left, right in ((0, 97), (97, 197), (197, 297)):
        panel = image.crop(
            (int((left + 5) * px), int(5 * px), int((right - 5) * px), image.height - int(5 * px))
        )
        colours = panel.getcolors(panel.width * panel.height)
        ground = max(colours)[1]
        ink = sum(
            n for n, c in colours if max(abs(a - b) for a, b in zip(c, ground, strict=True)) > 40
        )
        assert ink / (panel.width * panel.height) > 0.01, (
            f"{name}: outside panel {left}-{right} mm is blank"
        )


@pytest.mark.parametrize("name", EVENTS)
def test_every_outside_panel_of_the_trifold_carries_text_and_ink(name):
    """The fold-in and back panels carry text, and their ink (text and ornament) spans at
    least 40 % of the panel's height: a short article without a quotation moved its figures
    inside and left a rosette alone on the fold-in panel (olympiad-url), an event without
    details or a second quotation a rosette alone on the back panel (nauryz-short), an event
    with neither figures nor a quotation (library-bare) a rosette alone on the fold-in panel:
    it opens the article instead."""
    data = pdf(name, "trifold")
    found = chars(data, 0)
    image = pdfium.PdfDocument(data)[0].render(scale=40 / 72).to_pil().convert("RGB")
    px = image.width / 297
    for left, right, what in ((0, 97, "fold-in"), (97, 197, "back")):
        text = [c for c in found if left <= c[1] and c[3] <= right]
        assert text, f"{name}: the {what} panel holds no text"
        panel = image.crop(
            (int((left + 5) * px), int(5 * px), int((right - 5) * px), image.height - int(5 * px))
        )
        ground = max(panel.getcolors(panel.width * panel.height))[1]
        inked = [
            y
            for y in range(panel.height)
            if any(
                max(abs(a - b) for a, b in zip(panel.getpixel((x, y)), ground, strict=True)) > 40
                for x in range(0, panel.width, 2)
            )
        ]
        reach = (inked[-1] - inked[0]) / panel.height if inked else 0.0
        assert reach >= 0.4, f"{name}: the {what} panel's ink spans {reach:.0%} of its height"


def _lines(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """Straight strokes drawn on a page: (x1, y1, x2, y2) of each `m … l` pair."""
    out, start = [], None
    for operands, op in pikepdf.parse_content_stream(page):
        if op == pikepdf.Operator("m"):
            start = tuple(float(v) for v in operands)
        elif op == pikepdf.Operator("l") and start:
            end = tuple(float(v) for v in operands)
            out.append((*start, *end))
            start = end
    return out


@pytest.mark.parametrize("name", ["default", "book-fair-full"])
def test_the_notes_page_draws_horizontal_rules(name):
    words = vocabulary(templates_dir() / "booklet", event(name).lang, event(name).facts.vocab)
    data = pdf(name, "booklet")
    doc = pdfium.PdfDocument(data)
    notes = [
        p
        for p in range(len(doc))
        if words["notes"].upper() in doc[p].get_textpage().get_text_range()
    ]
    assert notes, "the booklet has a notes page"
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf_file:
        lines = _lines(pdf_file.pages[notes[0]])
    across = [ln for ln in lines if abs(ln[1] - ln[3]) < 0.01 and abs(ln[2] - ln[0]) > 80 * MM]
    down = [ln for ln in lines if abs(ln[0] - ln[2]) < 0.01 and abs(ln[3] - ln[1]) > 20 * MM]
    assert len(across) >= 10 and not down


@pytest.mark.parametrize("size", ["A2", "A4"])
@pytest.mark.parametrize("name", EVENTS)
def test_poster_scales_for_every_event(name, size):
    """Moved and grown boxes keep the safe zone at every size the poster offers."""
    data = build_pdf("poster", event(name), size=size)
    assert chars(data, 0)


def _fitted(name: str, product: str, content=None) -> dict[str, float]:
    from generator.api import find_template
    from generator.compose.render import compose
    from generator.typeset.products import lay_out

    tpl, ev = find_template(product), content or event(name)
    return lay_out(tpl, compose(tpl, ev.article, ev.facts), ev).fitted


@pytest.mark.parametrize(("product", "frame"), [("trifold", "body_1"), ("booklet", "body_opening")])
def test_a_short_article_is_set_larger_within_its_style(product, frame):
    from generator.api import find_template

    style = find_template(product).styles["body"]
    short, default = _fitted("nauryz-short", product)[frame], _fitted("default", product)[frame]
    # Under half its last columns at max_size, it grows on as a lede (short_max_size).
    assert style.size < short <= max(style.max_size, style.short_max_size)
    assert default <= short


def _long_event(times: int, tmp_path: Path):
    """The long Kazakh article with its paragraphs repeated ``times`` times."""
    src = FIXTURES / "dombyra-long"
    lines = (src / "article.kk.txt").read_text(encoding="utf-8").splitlines()
    (tmp_path / "article.kk.txt").write_text(
        "\n".join([lines[0], *lines[1:] * times]) + "\n", encoding="utf-8"
    )
    (tmp_path / "facts.toml").write_text(
        (src / "facts.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return load_event(tmp_path / "article.kk.txt")


def test_a_long_article_grows_the_booklet_by_four_pages(tmp_path):
    pages = page_count(pdf("dombyra-long", "booklet"))
    longer = page_count(build_pdf("booklet", _long_event(3, tmp_path)))
    assert pages % 4 == 0 and longer % 4 == 0 and pages < longer <= 24


def test_past_max_pages_the_booklet_fails_naming_the_template(tmp_path, template_copy):
    from generator.compose.template import load_template
    from generator.errors import FitError

    folder = template_copy("booklet")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("max_pages = 24", "max_pages = 8"),
        encoding="utf-8",
    )
    with pytest.raises(
        FitError, match=r"template 'booklet': .*more than its 8 pages \(max_pages\)"
    ):
        build_pdf(load_template(folder), _long_event(4, tmp_path))


def test_without_a_quotation_the_poster_opens_the_article():
    text = pdfium.PdfDocument(pdf("library-bare", "poster"))[0].get_textpage().get_text_range()
    first = event("library-bare").article.paragraphs[0].split(".")[0]
    assert re.sub(r"\s+", " ", first) in re.sub(r"\s+", " ", text.replace("\u00ad", ""))


@pytest.mark.parametrize("count", [0, 1, 2])
def test_few_figures_fill_the_booklet_figures_page(tmp_path, count):
    """One or two headline figures on the page made for four grow to fill it, not a small
    number in a corner of a bare page; no figures, no figures page."""
    short = FIXTURES / "nauryz-short"
    (tmp_path / "article.kk.txt").write_text(
        (short / "article.kk.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    figures = [
        ("yurts", 12, "12", "киіз үй тігілді", "12 киіз үй тігіліп"),
        ("guests", 3000, "3000+", "адам мерекеге қатысты", "3000-нан астам адам"),
    ][:count]
    facts = ["[event]\nyear = 2026\n"] + [
        f'[[facts]]\nid = "{i}"\nvalue = {v}\nprint = "{p}"\ncaption = "{c}"\nsource = "{s}"\n'
        for i, v, p, c, s in figures
    ]
    (tmp_path / "facts.toml").write_text("\n".join(facts), encoding="utf-8")
    ev = load_event(tmp_path / "article.kk.txt")
    heading = vocabulary(templates_dir() / "booklet", ev.lang)["key_figures"]
    data = build_pdf("booklet", ev, bleed_mm=0)
    doc = pdfium.PdfDocument(data)
    pages = [p for p in range(len(doc)) if heading in doc[p].get_textpage().get_text_range()]
    assert len(pages) == (1 if count else 0)
    for page in pages:
        # The figures box, 62-174 mm from the top: its text reaches over 40 % of it.
        fill = span(chars(data, page), 210 - 174, 210 - 62)
        assert fill >= 0.4, f"{count} figure(s): the figures fill {fill:.0%} of their box"
