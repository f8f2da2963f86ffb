"""Word spacing and hyphen figures of built tri-folds and booklets, read back from the PDFs.

Run: `.venv/bin/python scripts/spacing_figures.py [ARTICLE ...]` (default: the default event,
the events under tests/fixtures/events/ and tests/data/ru-event). For each template and event:
the body size, lines, median / p95 / max word space (in normal spaces), the share of lines
ending in a hyphen, two-letter fragments, cut words that start with a capital, and the lines
the breaker set ragged (short of the column: no layout of their paragraph justified them
within max_gap; the measure counts them as paragraph ends) and how far the shortest of them
reaches across its column, the most hyphenated lines in a row, lines ending short in a
hyphen, and the steps between the word gaps of lines in a row (over 0.75 and 1 space, the
widest). Figures only:
tests/typeset/test_spacing.py holds the goals.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.api import build_pdf, load_event  # noqa: E402
from generator.typeset import paragraphs  # noqa: E402
from tests.typeset.pdfspacing import measure  # noqa: E402
from tests.typeset.test_spacing import _body_font  # noqa: E402


def figures(template: str, event: object) -> str:
    chosen: dict[tuple, tuple] = {}  # the lines chosen for each paragraph at each size
    choose = paragraphs.choose_lines

    def recording(plan: Any, widths: tuple[float, float]) -> list:
        lines = choose(plan, widths)
        unit = stringWidth(" ", "PTSerif", 1.0)
        size = round(plan.last_space[-1] / unit, 2)  # its last character's font size
        chosen[(plan.ends, widths, size)] = (size, lines)
        return lines

    paragraphs.choose_lines = recording
    paragraphs._SET.clear()  # set anew, so that every paragraph passes through the breaker
    try:
        pdf = build_pdf(template, event)
    finally:
        paragraphs.choose_lines = choose
    font, size = _body_font(pdf)
    ragged = sum(
        line.ragged for at, lines in chosen.values() if at == round(size, 2) for line in lines
    )
    # How far the shortest of them reaches across its column («Жаңа» alone: 5 %).
    reach = [
        line.width / widths[k > 0]
        for (_, widths, at), (_, lines) in chosen.items()
        if at == round(size, 2)
        for k, line in enumerate(lines)
        if line.ragged
    ]
    spacing = measure(pdf, font, size, "PTSerif")
    f = spacing.figures()
    cuts = list(spacing.cuts())
    short = [c for c in cuts if min(len(re.sub(r"\W", "", p)) for p in c) <= 2]
    names = [c for c in cuts if c[0][:1].isupper()]
    steps = spacing.steps()
    return (
        f"{size:5.2f} pt {f['lines']:4d} lines  median {f['median']:.2f}  p95 {f['p95']:.2f}  "
        f"max {f['max']:.2f}  hyphenated {f['hyphenated_share']:4.0%}  two-letter {len(short)}  "
        f"names {len(names)} {short + names if short or names else ''} ragged {ragged} "
        f"(shortest {min(reach, default=1.0):.0%})  "
        f"in a row {spacing.hyphen_run()}  short hyphenated {spacing.short_hyphenated()}  "
        f"steps over 0.75 {sum(st > 0.75 for st, _, _ in steps)} over 1 "
        f"{sum(st > 1 for st, _, _ in steps)} widest {max((st for st, _, _ in steps), default=0):.2f}"
    )


def main(args: list[str]) -> None:
    articles: list[Path | None] = [Path(a) for a in args]
    if not articles:
        articles = [None, *sorted((ROOT / "tests/fixtures/events").glob("*/article.*.txt"))]
        articles.append(ROOT / "tests/data/ru-event/article.ru.txt")
        # The articles written unseen (tests/typeset/test_unseen_articles.py), a bilingual
        # one's Kazakh article standing for both.
        for folder in sorted((ROOT / "tests/fixtures/unseen").iterdir()):
            articles.append(min(folder.glob("article.*.txt")))
    for article in articles:
        both = article is not None and len(list(article.parent.glob("article.*.txt"))) > 1
        lang = "kk,ru" if both and "unseen" in article.parts else None
        event = load_event(article, lang=lang) if article else load_event()
        name = article.parent.name if article else "default"
        for template in ("trifold", "booklet"):
            try:
                line = figures(template, event)
            except Exception as exc:  # a figure script: say what failed and go on
                line = f"failed: {exc}"
            print(f"{name:<16} {template:<8} {line}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
