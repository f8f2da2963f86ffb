"""Issue 13's goals on articles written for this test and never tuned for, read back from the
built tri-fold and booklet (tests/fixtures/unseen/: a Kazakh sports report, a long Russian
science conference, a Kazakh concert, a Russian and a Kazakh municipal notice with dates,
times, initials and numbers, a bilingual library opening, a reviewer's charity run without
its pictures; three to fourteen paragraphs; and yard-ru from tests/fixtures/short/): median
and widest word space, the share of hyphenated lines, no fragment of two letters, no name
cut, at most two hyphenated lines in a row, no line ending short of its column (under 90 % of
it) in a hyphen.

Six of these sixteen builds missed a goal before: run-ru's and sport-kk's tri-folds ended
«Мы бежим не ради меда-» and «Шымкенттегі «Қажымұқан» стадио-» short of the column (a short
line with a hyphen was priced under one more short line); concert-kk's, notice-kk's and
yard-ru's tri-folds had 38 %, 32 % and 30 % of their lines hyphenated (sizes were weighed by
their short lines before their hyphens, and a tiny text grew to 18 pt whatever it cost);
run-ru's booklet opened a gap to 2.006 spaces (the breaker planned unkerned words).
trees-kkru (bilingual, three short paragraphs a language) came later: its booklet printed a
median gap of 1.43 spaces where the size search, counting no gap at a no-break space
(«в\xa0Караганде»: several a Russian line), weighed 1.22 and kept 12.25 pt; now 11.75 pt,
0.98."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.api import build_pdf, load_event

from .pdfspacing import goal_checks, measure
from .test_spacing import GOALS, _body_font

TESTS = Path(__file__).resolve().parents[1]
EVENTS = sorted(p for p in (TESTS / "fixtures" / "unseen").iterdir() if p.is_dir())
EVENTS.append(TESTS / "fixtures" / "short" / "yard-ru")


@cache
def _event(folder: Path):
    bilingual = len(list(folder.glob("article.*.txt"))) > 1
    return load_event(
        next(folder.glob("article.kk.txt" if bilingual else "article.*.txt")),
        lang="kk,ru" if bilingual else None,
    )


@pytest.mark.parametrize("template", list(GOALS))
@pytest.mark.parametrize("folder", EVENTS, ids=lambda p: p.name)
def test_an_unseen_article_meets_the_goals(folder: Path, template: str) -> None:
    pdf = build_pdf(template, _event(folder))
    font, size = _body_font(pdf)
    assert font == "PTSerif-Regular"
    spacing = measure(pdf, font, size, "PTSerif")
    figures = spacing.figures()
    checks = goal_checks(spacing, *GOALS[template])
    checks["hyphen run"] = spacing.hyphen_run() <= 2
    checks["short hyphenated"] = not spacing.short_hyphenated()
    print(f"\n{folder.name} {template} {size:.2f} pt: {figures}")
    failed = [name for name, ok in checks.items() if not ok]
    assert not failed, (failed, figures, spacing.short_hyphenated())


def test_reportlab_sets_the_lines_planned_at_the_column_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The breaker measures the words kerned, as ReportLab draws them (a word cut at a line
    end without the pair it breaks), and shrinks a tight line's spaces no further than
    ReportLab's fit test allows: every paragraph is set on the lines planned at the column's
    own width, none planned again narrower. Unkerned, the plans were up to a tenth of a space
    a gap narrower than drawn (run-ru's booklet: a planned 1.91 came out 2.006, over the
    goal), and three paragraphs of these articles were planned again."""
    from generator.typeset import paragraphs

    margins: list[float] = []
    markup_for = paragraphs._TextModel.markup_for

    def recording(model, widths, margin):  # noqa: ANN001, ANN202
        margins.append(margin)
        return markup_for(model, widths, margin)

    monkeypatch.setattr(paragraphs._TextModel, "markup_for", recording)
    monkeypatch.setattr(paragraphs, "_SET", type(paragraphs._SET)())
    monkeypatch.setattr(paragraphs, "_PARSED", type(paragraphs._PARSED)())
    for folder in EVENTS:
        for template in GOALS:
            build_pdf(template, _event(folder))
    assert margins and not any(margins), sorted(margins)[-3:]
