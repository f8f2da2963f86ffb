"""A brochure weighs its candidate sizes by the lines the breaker plans and sets the text in
full only at the size it keeps: the same files as setting every size in full, and when the
lines set differ from those planned, every size is set in full again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.api import build_pdf, load_event
from generator.typeset import adapt, brochure, linebreak, paragraphs
from generator.typeset.fonts import ensure_family
from generator.typeset.paragraphs import body_paragraph, kazakh_style

ensure_family("PTSerif")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"
TEXT = (
    "Қазақстан халқы Ассамблеясы – елдегі этносаралық келісімді нығайтуға бағытталған "
    "бірегей институт, оның мүшелері барлық өңірлерде жұмыс істейді және ұлттық-мәдени "
    "бірлестіктердің бастамаларын қолдайды."
)


def _fresh() -> None:
    paragraphs._SET.clear()
    paragraphs._PARSED.clear()


def test_planned_lines_are_the_lines_wrap_sets_and_are_chosen_once(monkeypatch) -> None:
    calls = []

    def counted(plan, widths):
        calls.append(widths)
        return linebreak.choose_lines(plan, widths)

    monkeypatch.setattr(paragraphs, "choose_lines", counted)
    _fresh()
    style = kazakh_style("body", "PTSerif", 10, 13, firstLineIndent=12)
    p = body_paragraph(TEXT, style)
    lines = p.planned(170)
    assert lines and len(calls) == 1
    _, height = p.wrap(170, 1e9)
    assert len(calls) == 1  # wrap takes the lines planned
    assert height == len(lines) * style.leading
    assert [line.kz_ratio for line in p.blPara.lines] == [line.ratio for line in lines]
    assert body_paragraph(TEXT, style).planned(170) is lines  # one plan a text, style, width
    _fresh()


@pytest.mark.parametrize("product", ["trifold", "booklet"])
@pytest.mark.parametrize("name", ["default", "dombyra-long", "gratitude-ru", "nauryz-short"])
def test_sizes_weighed_by_planned_lines_give_the_same_file(monkeypatch, name, product) -> None:
    event = load_event() if name == "default" else load_event(next((FIXTURES / name).glob("*.txt")))
    _fresh()
    planned = build_pdf(product, event, date=0.0)
    monkeypatch.setattr(brochure, "PLANNED", False)
    _fresh()
    assert build_pdf(product, event, date=0.0) == planned


def test_lines_set_otherwise_than_planned_set_every_size_in_full(monkeypatch, event) -> None:
    monkeypatch.setattr(brochure, "PLANNED", False)
    _fresh()
    every = build_pdf("trifold", event, date=0.0)
    monkeypatch.setattr(brochure, "PLANNED", True)
    real = adapt.planned_lines

    def misplanned(flowable, width):  # as if kerning made ReportLab set one line more
        lines = real(flowable, width)
        return None if lines is None else [*lines, lines[-1]]

    monkeypatch.setattr(adapt, "planned_lines", misplanned)
    monkeypatch.setattr(brochure, "planned_lines", misplanned)
    checked = []
    as_set = brochure._Brochure.as_set

    def spied(self, run):
        checked.append(as_set(self, run))
        return checked[-1]

    monkeypatch.setattr(brochure._Brochure, "as_set", spied)
    _fresh()
    assert build_pdf("trifold", event, date=0.0) == every
    assert checked == [None]  # the planned run did not come out as set: set anew in full


@pytest.mark.parametrize("product", ["trifold", "booklet"])
@pytest.mark.parametrize("name", ["default", "book-fair-full", "gratitude-ru", "library-bare"])
def test_every_size_weighed_comes_out_as_set(monkeypatch, name, product) -> None:
    """Not only the size kept: each size tried, set in full, fills its frames as planned."""
    event = load_event() if name == "default" else load_event(next((FIXTURES / name).glob("*.txt")))
    set_at = brochure._Brochure.set_at
    weighed = []

    def both(self, size, leading=None, space=None, planned=None):
        run = set_at(self, size, leading, space, planned)
        if planned is None:
            real = set_at(self, size, leading, space, False)
            assert (real.used, len(real.pending), real.worst) == (
                run.used,
                len(run.pending),
                run.worst,
            )
            assert [id(p) for p in real.pages] == [id(p) for p in run.pages]
            weighed.append(size)
        return run

    monkeypatch.setattr(brochure._Brochure, "set_at", both)
    _fresh()
    build_pdf(product, event, date=0.0)
    assert weighed


@pytest.mark.parametrize("name", ["book-fair-full", "library-bare"])
def test_each_paragraph_is_broken_once_a_size(monkeypatch, name) -> None:
    """These events' text is weighed at one size with wider leading or paragraph space too:
    that breaks the lines the size broke, and the breaker is not asked again."""
    asked: Counter = Counter()

    def counted(plan, widths):
        asked[(plan.ends, tuple(plan.start), widths)] += 1
        return linebreak.choose_lines(plan, widths)

    monkeypatch.setattr(paragraphs, "choose_lines", counted)
    event = load_event(next((FIXTURES / name).glob("*.txt")))
    _fresh()
    paragraphs._UNSIZED.clear()
    build_pdf("trifold", event, date=0.0)
    assert asked and max(asked.values()) == 1


@pytest.mark.parametrize("product", ["trifold", "booklet"])
@pytest.mark.parametrize(
    "name",
    [
        "default",
        "book-fair-full",
        "dombyra-long",
        "gratitude-ru",
        "library-bare",
        "museum-names",
        "nauryz-short",
        "../short/yard-ru",
    ],
)
def test_sizes_passed_over_give_the_file_of_every_size_weighed(monkeypatch, name, product) -> None:
    """A smaller size at which a paragraph over max_gap at the size before still is over it
    (gapped) is passed over unpoured, and so is a short text's larger size (lede) or size
    without hyphens (unhyphenated) with a paragraph planned over it, or a larger size with as
    many lines over it as the best one lede keeps so far; and a smaller size that some of its
    paragraphs show cannot weigh less than the best so far (cannot_win): the same file as
    weighing each size in full."""
    event = load_event() if name == "default" else load_event(next((FIXTURES / name).glob("*.txt")))
    passed, unweighed = [], []
    gapped, cannot_win = brochure._Brochure.gapped, brochure._Brochure.cannot_win

    def spied(self, *args):
        passed.append(gapped(self, *args))
        return passed[-1]

    def spied_win(self, *args):
        unweighed.append(cannot_win(self, *args))
        return unweighed[-1]

    monkeypatch.setattr(brochure._Brochure, "gapped", spied)
    monkeypatch.setattr(brochure._Brochure, "cannot_win", spied_win)
    _fresh()
    quick = build_pdf(product, event, date=0.0)
    monkeypatch.setattr(brochure._Brochure, "gapped", lambda self, *args: False)
    monkeypatch.setattr(brochure._Brochure, "cannot_win", lambda self, *args: False)
    _fresh()
    assert build_pdf(product, event, date=0.0) == quick
    if (name, product) == ("museum-names", "trifold"):
        assert unweighed.count(True) >= 3  # 9.83 to 9.33 pt: no lighter than 10.08 pt
    if (name, product) == ("dombyra-long", "booklet"):
        assert unweighed.count(True) >= 2  # 10.0 pt: as many lines over as 10.5 pt, wider
    if (name, product) == ("default", "trifold"):
        assert True in passed  # 10.09 pt: over max_gap where 10.34 pt was, passed over
    if (name, product) == ("nauryz-short", "trifold"):
        assert passed.count(True) >= 10  # 18 to 15.5 pt, with hyphens and without
    if (name, product) == ("../short/yard-ru", "booklet"):
        assert passed.count(True) >= 3  # 14 to 13 pt in whole words: a line over, as 14.5 pt


def test_a_paragraph_surely_over_max_gap_plans_a_line_over_it() -> None:
    """What lets a size be passed over without choosing its lines: a paragraph that no layout
    sets within the gap limit is said to be over it, and the lines then chosen have a line
    over it; one that some layout keeps within is not."""
    _fresh()
    said = []
    for hyphenate in (False, True):
        style = kazakh_style("body", "PTSerif", 10, 13, hyphenate=hyphenate, max_gap_ratio=1.6)
        for width in range(90, 400, 20):
            p = body_paragraph(TEXT, style)
            over = p.surely_over(width, 1.6 + 1e-6)
            lines = p.planned(width)
            assert lines
            widest = max(line.ratio for line in lines[:-1])
            if over:
                assert widest > 1.6 + 1e-6
            said.append((over, widest > 1.6 + 1e-6))
            assert not p.surely_over(width, 1.6)  # the lines are chosen now: read them
    assert (True, True) in said and (False, False) in said
    _fresh()
