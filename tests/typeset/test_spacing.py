"""Word spacing, hyphens and microtypography of the built tri-fold and booklet, read back from
the PDFs (pdfium for positions, pikepdf for the content streams, a rendered PNG for the ink).

Run with ``-s`` to see the figures (``scripts/spacing_figures.py`` prints them for the other
events too). The goals: tri-fold median gap at most 1.5 spaces and max 2.5; booklet median
1.35 and max 2.0; at most a quarter of the lines hyphenated; no fragment of two letters and no
word that starts with a capital cut; glyph expansion within ±2 %, letter spacing within 5 % of
a word space; punctuation hanging into the margin. A compound cut in its first part is a last
resort: used only where the paragraph cannot keep its gaps under max_gap without it.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib.units import mm

from generator.api import build_pdf, find_template, load_event
from generator.typeset import linebreak, paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style, line_report

from .pdfspacing import Spacing, _font_name, goal_checks, measure

GOALS = {"trifold": (1.5, 2.5), "booklet": (1.35, 2.0)}  # (median, max) in spaces
_ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
# Every test event (short, long, Russian, bare, full; museum-names: long names, initials, a web
# address, numbers with units), as reviewers bring their own articles.
ARTICLES = [
    *sorted((_ROOT / "fixtures/events").glob("*/article.*.txt")),
    _ROOT / "data/ru-event/article.ru.txt",
]


@dataclass
class Built:
    name: str
    pdf: bytes
    spacing: Spacing
    plans: list[tuple[Any, tuple[float, float], list[linebreak.Layout]]]


def _body_font(pdf: bytes) -> tuple[str, float]:
    """The (font, size) most characters are set in: the running text's."""
    counts: collections.Counter = collections.Counter()
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            size = round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 2)
            counts[(_font_name(text, i), size)] += 1
    return counts.most_common(1)[0][0]


def _recording(plans: list) -> Any:
    """paragraphs.choose_lines that also appends (plan, widths, lines) to ``plans``."""
    choose = paragraphs.choose_lines

    def recording(plan: Any, widths: tuple[float, float]) -> list[linebreak.Layout]:
        lines = choose(plan, widths)
        plans.append((plan, widths, lines))
        return lines

    return recording


@pytest.fixture(scope="module", params=list(GOALS))
def built(request: pytest.FixtureRequest, event: Any) -> Built:
    plans: list = []
    recording = _recording(plans)
    mp = pytest.MonkeyPatch()
    mp.setattr(paragraphs, "choose_lines", recording)
    try:
        pdf = build_pdf(request.param, event)
    finally:
        mp.undo()
    font, size = _body_font(pdf)
    assert font == "PTSerif-Regular"
    return Built(request.param, pdf, measure(pdf, font, size, "PTSerif"), plans)


def test_word_spacing_meets_the_goals(built: Built) -> None:
    figures = built.spacing.figures()
    cuts = list(built.spacing.cuts())
    short = [c for c in cuts if min(len(re.sub(r"\W", "", p)) for p in c) <= 2]
    names = [c for c in cuts if c[0][:1].isupper()]
    print(
        f"\n{built.name}: {figures['lines']} lines; word space median {figures['median']:.2f}, "
        f"p95 {figures['p95']:.2f}, max {figures['max']:.2f} spaces; "
        f"{figures['hyphenated_share']:.0%} of lines hyphenated; "
        f"{len(short)} two-letter fragments {short}; {len(names)} names cut {names}"
    )
    median, worst = GOALS[built.name]
    assert figures["median"] <= median
    assert figures["max"] <= worst
    assert figures["hyphenated_share"] <= 0.25
    assert not short, "no fragment of two letters (hyphen_min = [3, 3])"
    assert not names, "no word that starts with a capital is cut"


@pytest.mark.parametrize("template", list(GOALS))
@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.parent.name)
def test_every_test_event_meets_the_goals(
    article: Any, template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The goals hold for any article, not only the default one: a short one does not grow
    into lines too short to justify, and a line no layout justifies within max_gap (a long
    name, a number bound to its word) ends short rather than gapes, never right after
    another such line where its paragraph has a layout without two in a row. A short text
    over its share of hyphens at the size min_chars allows (gratitude-ru, museum-names:
    27 % and 31 % of tri-fold lines) is set a little smaller (hyphen_fill)."""
    plans: list = []
    recording = _recording(plans)
    monkeypatch.setattr(paragraphs, "choose_lines", recording)
    monkeypatch.setattr(paragraphs, "_SET", type(paragraphs._SET)())  # every one planned here
    pdf = build_pdf(template, load_event(article))
    font, size = _body_font(pdf)
    spacing = measure(pdf, font, size, "PTSerif")
    figures = spacing.figures()
    checks = goal_checks(spacing, *GOALS[template])
    failed = [name for name, ok in checks.items() if not ok]
    print(f"\n{article.parent.name} {template} {size:.2f} pt: {figures}")
    assert not failed, (failed, figures)
    for plan, widths, lines in plans:
        if any(a.ragged and b.ragged for a, b in zip(lines, lines[1:], strict=False)):
            assert _ragged_runs_needed(plan, widths), [line.ratio for line in lines]


def _ragged_runs_needed(plan: Any, widths: tuple[float, float]) -> bool:
    """Whether every layout of the paragraph within its max_gap (short lines ragged) has two
    short lines in a row: with such a pair priced out of reach, none is cheaper."""
    s = plan.settings
    lines = linebreak._lines(plan, widths, float("inf"))
    lines = linebreak._emergency(lines, plan, widths)
    forbidden = 1e30
    tolerance = s.max_gap + 1e-9
    score = linebreak._search_ragged(lines, plan.visible, tolerance, s.hyphen_run, again=forbidden)[
        0
    ]
    return score >= forbidden


def test_last_resort_breaks_only_where_the_gaps_need_them(built: Built) -> None:
    """Every proper name cut, compound cut in its first part or two-letter fragment is one
    without which no layout of that paragraph keeps its gaps within its max_gap."""
    used = 0
    for plan, widths, lines in built.plans:
        index = {(plan.ends[k], plan.nexts[k]): k for k in range(len(plan.ends))}
        breaks = [index[line.end, line.next] for line in lines[:-1]]
        if not any(plan.price[k] >= linebreak._LAST_RESORT for k in breaks):
            continue
        used += 1
        every = linebreak._lines(plan, widths, float("inf"))
        strict = [[x for x in ls if x[2] < linebreak._LAST_RESORT] for ls in every]
        worst = linebreak._search(strict, plan.visible, float("inf"), 2, True)[0]
        assert worst > plan.settings.max_gap
    print(f"\n{built.name}: {used} of {len(built.plans)} paragraph settings needed a last resort")


def test_lines_in_a_row_are_as_even_as_the_rules_allow(built: Built) -> None:
    """Two justified lines in a row whose word gaps differ by more than half a space (a
    tight line under a loose one: a pale stripe in the column) stay only where no layout of
    the paragraph with as many lines, no more hyphens and no more last resorts has them
    more even (Knuth-Plass's adjacent demerits). Before, the breaker did not weigh them:
    the default tri-fold set «білуінің … Өзара түсі-» at 1.55 spaces over lines of 1.25,
    0.90 and 0.87 where an evener layout was there."""
    weighed = 0
    for plan, widths, lines in built.plans:
        if len(lines) < 3 or any(line.ragged for line in lines):
            continue
        tolerance = plan.settings.max_gap + 1e-9
        if max(line.ratio for line in lines[:-1]) > tolerance:
            continue  # set within a wider tolerance: not this search's
        every = linebreak._lines(plan, widths, tolerance)
        index = {(plan.ends[k], plan.nexts[k]): k for k in range(len(plan.ends))}
        path = [index[line.end, line.next] for line in lines[:-1]]
        jars = linebreak._jarring(every, path)
        if not jars:
            continue
        weighed += 1
        hyphens = sum(plan.visible[b] for b in path)
        resorts = sum(plan.price[b] >= linebreak._LAST_RESORT for b in path)
        run = plan.settings.hyphen_run
        dearer = linebreak._ADJACENT  # each hyphen as dear as a jarring pair
        other = linebreak._search_even(every, plan.visible, tolerance, run, dearer)
        if (
            len(other) == len(path)
            and sum(plan.visible[b] for b in other) <= hyphens
            and sum(plan.price[b] >= linebreak._LAST_RESORT for b in other) <= resorts
        ):
            assert linebreak._jarring(every, other) >= jars - 1e-6, [x.ratio for x in lines]
    print(f"\n{built.name}: {weighed} paragraph settings with uneven lines in a row")


@pytest.mark.parametrize(
    ("article", "template"),
    [("data/ru-event/article.ru.txt", "booklet"), ("fixtures/unseen/library-kkru", "trifold")],
    ids=["ru-event-booklet", "library-kkru-trifold"],
)
def test_no_line_a_space_looser_than_the_next_where_a_layout_avoids_it(
    article: str, template: str
) -> None:
    """Read back from the PDF: no two justified lines in a row of a paragraph have word
    gaps more than a space apart. Before the breaker weighed lines in a row, ru-event's
    booklet set a line at 1.06 spaces more than the next and library-kkru's tri-fold one
    at 1.14; both paragraphs have layouts as good by every other measure without it."""
    path = _ROOT / article
    if path.is_dir():
        event = load_event(path / "article.kk.txt", lang="kk,ru")
    else:
        event = load_event(path)
    pdf = build_pdf(template, event)
    font, size = _body_font(pdf)
    steps = measure(pdf, font, size, "PTSerif").steps()
    assert steps and max(steps)[0] <= 1.0, max(steps)


def test_expansion_is_within_two_percent_and_used(built: Built) -> None:
    scales = []
    with pikepdf.open(__import__("io").BytesIO(built.pdf)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tz":
                    scales.append(float(operands[0]))
            for xobject in page.Resources.get("/XObject", {}).values():
                if xobject.get("/Subtype") == "/Form":
                    for operands, operator in pikepdf.parse_content_stream(xobject):
                        if str(operator) == "Tz":
                            scales.append(float(operands[0]))
    assert scales, "no line was expanded or condensed"
    assert all(98 - 1e-6 <= s <= 102 + 1e-6 for s in scales), (min(scales), max(scales))
    assert any(s != 100 for s in scales)
    planned = [line.scale for _, _, lines in built.plans for line in lines]
    assert all(0.98 - 1e-9 <= s <= 1.02 + 1e-9 for s in planned)


def test_letter_spacing_is_within_five_percent_of_a_space_and_used(built: Built) -> None:
    """Each line's letter spacing (``Tc``) is at most the template's 5 % of a word space either
    way, and the breaker uses it: some lines open, some close."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    body = find_template(built.name).styles["body"]
    _, size = _body_font(built.pdf)
    limit = body.letter_spacing / 100 * stringWidth(" ", "PTSerif", size) + 1e-4
    spacings = []
    with pikepdf.open(__import__("io").BytesIO(built.pdf)) as pdf:
        for page in pdf.pages:
            streams = [page, *(x for x in page.Resources.get("/XObject", {}).values())]
            for stream in streams:
                if stream is not page and stream.get("/Subtype") != "/Form":
                    continue
                for operands, operator in pikepdf.parse_content_stream(stream):
                    if str(operator) == "Tc":
                        spacings.append(float(operands[0]))
    assert spacings, "no line was letter-spaced"
    assert all(abs(c) <= limit for c in spacings), (min(spacings), max(spacings), limit)
    assert any(c > 0 for c in spacings) and any(c < 0 for c in spacings)
    for plan, _, lines in built.plans:  # every setting tried, at whatever size
        assert all(abs(line.track) <= plan.settings.track + 1e-4 for line in lines)


def test_hyphens_and_stops_hang_into_the_margin(built: Built) -> None:
    """Lines ending in a letter end at the column edge; a hyphen, comma or stop passes it."""
    by_column: dict[tuple[int, int], list] = collections.defaultdict(list)
    for line in built.spacing.justified:
        by_column[(line.page, line.column)].append(line)
    hanging = 0
    for lines in by_column.values():
        flush = [ln.right for ln in lines if ln.text[-1].isalpha()]
        if len(flush) < 3:
            continue
        edge = sorted(flush)[len(flush) // 2]
        for line in lines:
            if line.text[-1].isalpha():
                assert abs(line.right - edge) < 0.6, line.text
            elif line.text[-1] in "-.,":
                assert line.right > edge + 0.8, line.text  # at least part of it hangs
                hanging += 1
    assert hanging > 3


def test_the_hanging_hyphen_shows_in_the_picture(tmp_path: Any) -> None:
    """Rendered: a column with protrusion has ink right of its edge only where a line ends in
    a hyphen or stop; the same column set without protrusion has none there."""
    ensure_family("PTSerif")
    text = (
        "Қазақстан халықтары Ассамблеясы ұлтаралық татулық пен тұрақтылықтың феномені "
        "ретінде қоғамдық келісімді, ынтымақтастықты және азаматтық бірлікті нығайтады. "
        "«Бірлік – біздің басты байлығымыз», – деді ол, ұлттық-мәдени бірлестіктер."
    )
    ink = {}
    for protrusion in (True, False):
        style = kazakh_style("t", "PTSerif", 10, 13, protrusion=protrusion, expansion=0.02)
        ink[protrusion] = _margin_ink(body_paragraph(text, style), tmp_path / f"p{protrusion}.png")
    assert ink[True] > 0 and ink[False] == 0


def _margin_ink(paragraph: Any, png: Any) -> int:
    """Dark pixels right of a 55 mm column's edge, rendered at 8 px a point."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = __import__("io").BytesIO()
    canvas = Canvas(buffer, pagesize=(75 * mm, 60 * mm))
    paragraph.wrap(55 * mm, 60 * mm)
    paragraph.drawOn(canvas, 10 * mm, 5 * mm)
    canvas.save()
    scale = 8
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil().convert("L")
    image.save(png)
    edge = int((10 * mm + 55 * mm) * scale) + 2
    strip = image.crop((edge, 0, image.width, image.height))
    return sum(1 for value in strip.get_flattened_data() if value < 128)


def test_text_extracts_unchanged_with_microtypography(built: Built, event: Any) -> None:
    """Scaled and shifted lines still read as the article: the body lines pdfium reads, in
    column order, joined again at their hyphens, are the article's words in order."""
    expected = " ".join(event.article.paragraphs).replace("\xa0", " ").split()
    known = set(expected)
    words: list[str] = []
    carry = ""
    for line in built.spacing.lines:
        tokens = line.text.replace("\xa0", " ").split()
        if carry and tokens:
            whole = carry[:-1] + tokens[0]  # a drawn hyphen goes; a compound's stays
            tokens[0] = whole if whole in known else carry + tokens[0]
            carry = ""
        # a cut word's hyphen reads as a soft hyphen (U+00AD), a compound's as "-"
        if tokens and tokens[-1].endswith(("-", "\xad")) and line is not built.spacing.lines[-1]:
            carry = tokens.pop()
        words.extend(tokens)
    assert words == expected[: len(words)]
    assert len(words) > 0.9 * len(expected)  # the body lines hold the article


def test_template_switches(event: Any) -> None:
    body = find_template("trifold").styles["body"]
    assert body.protrusion and body.expansion == 2
    style = kazakh_style("t", "PTSerif", 10, 12, expansion=0.05)
    assert style.kazakhExpansion == 0.02  # never more than 2 %


def test_looseness_sets_a_paragraph_a_line_longer_where_the_rules_allow(event: Any) -> None:
    ensure_family("PTSerif")
    longer = 0
    for text in event.article.paragraphs[:4]:
        for width in range(50, 130, 10):
            count, worst = {}, {}
            for loose in (0, -1, 1):
                style = kazakh_style("b", "PTSerif", 10, 13, looseness=loose, max_gap_ratio=2.5)
                report = line_report(body_paragraph(text, style), width * mm)
                count[loose] = len(report)
                worst[loose] = max(line.gap_ratio for line in report)
                # Within the same tolerance: the best worst gap or max_gap, kerning aside.
                assert worst[loose] < max(worst[0], 2.5) * 1.06
            assert count[1] - count[0] in (0, 1) and count[0] - count[-1] in (0, 1)
            longer += count[1] > count[0]
    assert longer > 0


def test_last_line_is_a_lone_word_tail_or_shorter_than_the_indent_only_as_a_last_resort(
    event: Any,
) -> None:
    """Such a last line is chosen only when every layout without one has a wider gap than
    max_gap somewhere; and it does occur less often than without the rule."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ensure_family("PTSerif")
    indent = 20.0
    style = kazakh_style("b", "PTSerif", 10, 13, firstLineIndent=indent, min_last_line=indent)
    texts = [*event.article.paragraphs, "Ассамблея құрылды. Бұл ерекше құрылым болды бүгін."]
    bad = 0
    for text in texts:
        for width in range(45, 125, 8):
            paragraph = body_paragraph(text, style)
            report = line_report(paragraph, width * mm)
            if len(report) < 2:
                continue
            last = report[-1].text
            tail = report[-2].hyphenated and " " not in last
            if stringWidth(last, "PTSerif", 10) >= indent and not tail:
                continue
            bad += 1
            plan = paragraph._model.plan
            widths = (width * mm - indent, width * mm)
            every = linebreak._lines(plan, widths, float("inf"))
            every[-1] = [x for x in every[-1] if x[2] < linebreak._BAD_LAST_LINE]
            worst = linebreak._search(every, plan.visible, float("inf"), 2, True)[0]
            assert worst > plan.settings.max_gap, (width, last)
    assert bad < len(texts) * 10 / 4


def test_a_word_that_starts_with_a_capital_is_never_cut() -> None:
    """Names (and a sentence's first word) stay whole in any column, as with TeX's \\uchyph=0;
    the same words in lower case do break."""
    ensure_family("PTSerif")
    text = (
        "Ассамблеясының Қазақстандағы Құнанбайұлының Елбасының Жолдауында айтылған "
        "ассамблеясының қазақстандағы мемориалдық мұражайларында"
    )
    style = kazakh_style("t", "PTSerif", 10, 13, hyphen_min=(3, 3))
    cut = []
    for width in range(30, 80, 4):
        report = line_report(body_paragraph(text, style), width * mm)
        cut += [line.text.split()[-1] for line in report if line.hyphenated]
    assert cut and all(word[0].islower() for word in cut), cut


def test_words_bound_by_a_no_break_space_still_hyphenate_each() -> None:
    """A number keeps the word it counts on its line, but that word still breaks inside:
    «38\\xa0национально-культурных» is not one unbreakable block."""
    from generator.typeset.breakplan import Plan, Settings

    text = "В\xa0программе выступления 38\xa0национально-культурных центров"
    tokens = [m.span() for m in re.finditer(r"[^ ]+", text)]
    plan = Plan.build(
        text, [5.0] * len(text), [("PTSerif", 10.0)] * len(text), tokens, Settings(language="ru")
    )
    ends = {text[:e] for e, d in zip(plan.ends, plan.drawn, strict=True) if d}
    assert "В\xa0програм" in ends  # the word a preposition is bound to breaks
    assert any(e.endswith("38\xa0нацио") for e in ends)  # so does the counted word
    assert not any(e.endswith("38") for e in ends)  # the number never ends a line alone


def test_two_letter_fragments_are_never_left_with_three_letter_minimums() -> None:
    from generator.typeset.breakplan import Plan, Settings

    text = "жүзіне ұлттық-мәдени бастарын салт-дәстүрлерін"
    tokens = [m.span() for m in re.finditer(r"[^ ]+", text)]
    settings = Settings(hyphen_min=(3, 3))
    plan = Plan.build(text, [5.0] * len(text), [("PTSerif", 10.0)] * len(text), tokens, settings)
    for e, nxt, visible in zip(plan.ends, plan.nexts, plan.visible, strict=True):
        if visible:
            head = re.split(r"[ \-]", text[:e])[-1] if text[e - 1] != "-" else ""
            tail = re.split(r"[ \-]", text[nxt:])[0]
            assert head == "" or len(head) >= 3, (head, tail)
            assert len(tail) >= 3, (head, tail)
