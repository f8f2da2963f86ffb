"""A horizontal bar chart of facts (ReportLab graphics), each bar labelled with its printed form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..compose.bilingual import one_line
from ..errors import InputError, TemplateError
from .fonts import check_coverage, ensure_family, face_name, font_runs
from .text import FINE_LINE_PT, SMALL_TEXT_PT

if TYPE_CHECKING:
    from ..compose.template import Box
    from .layout import DrawContext, DrawStep, _PageLayout


# A year (2025) or a day and month in figures (12.06): categories in an order of their own.
_ORDERED = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d|\d{1,2}[./]\d{1,2})(?!\d)")


def _by_value(facts: list[Any], order: str) -> bool:
    """Whether the chart's bars go largest first: as the event's chart_order says, and by
    default unless every caption names a year or a date (2025 then 2026 is not a ranking)."""
    if order != "auto":
        return order == "value"
    return not all(_ORDERED.search(one_line(f.caption)) for f in facts)


def bar_chart(layout: _PageLayout, box: Box) -> DrawStep | None:
    """Bars proportional to the facts' values; caption above each bar, printed form at its end.

    By role the chart shows only facts the event declares comparable (one unit); none, no chart.
    """

    facts = layout.role_facts(box) if box.opt("facts") is None else _by_id(layout, box)
    if len(facts) < 2:
        return None
    if any(not isinstance(f.value, int | float) for f in facts):
        raise TemplateError(f"box '{box.name}': a chart needs numeric facts", where=layout.where)
    where = layout.where_box(box)
    label_style = layout.template.styles[box.opt("style")]
    value_style = layout.template.styles[box.opt("value_style", box.opt("style"))]
    scale = layout.sheet.scale
    label_font = face_name(ensure_family(label_style.font), label_style.face)
    value_font = face_name(ensure_family(value_style.font), value_style.face)
    label_size, value_size = label_style.size * scale, value_style.size * scale
    x, y, w, h = layout.rect(box)
    row = h / len(facts)
    bar_h = min(row * 0.42, value_size * 1.5)
    widest = max(_width(f.print, value_font, value_size) for f in facts)
    top = max(float(f.value) for f in facts)
    for f in facts:
        check_coverage(one_line(f.caption), label_font, where)
        check_coverage(f.print, value_font, where)
        if _width(one_line(f.caption), label_font, label_size) > w - value_size:
            raise TemplateError(
                f"box '{box.name}': caption of '{f.id}' is wider than the chart", where=layout.where
            )
    bar_colour, axis_colour = box.opt("bar"), box.opt("axis")
    if box.opt("facts") is None and _by_value(facts, layout.facts.roles.chart_order):
        # Largest first reads as a ranking; the role's order is the event's, not a ranking.
        facts = sorted(facts, key=lambda f: -float(f.value))

    def draw(canvas: Any, ctx: DrawContext) -> None:
        from reportlab.graphics import renderPDF
        from reportlab.graphics.shapes import Drawing, Line, Rect

        d = Drawing(w, h)
        left = value_size * 0.5 if axis_colour else 0  # air between the axis and the bars
        span = w - left - widest - value_size
        for i, f in enumerate(facts):
            base = h - (i + 1) * row
            label_y = base + bar_h + row * 0.12
            label_colour = ctx.palette(label_style.color, small_text=label_size < SMALL_TEXT_PT)
            _text(d, left, label_y, one_line(f.caption), label_font, label_size, label_colour)
            length = max(span * float(f.value) / top, 1.0)
            d.add(
                Rect(
                    left,
                    base + row * 0.06,
                    length,
                    bar_h,
                    fillColor=ctx.palette(bar_colour or label_style.color),
                    strokeColor=None,
                )
            )
            _text(
                d,
                left + length + value_size * 0.4,
                base + row * 0.06 + (bar_h - value_size * 0.7) / 2,
                f.print,
                value_font,
                value_size,
                ctx.palette(value_style.color, small_text=value_size < SMALL_TEXT_PT),
            )
        if axis_colour:
            axis_w = 0.75 * scale
            axis = ctx.palette(axis_colour, small_text=axis_w < FINE_LINE_PT)
            d.add(Line(0, 0, 0, h, strokeColor=axis, strokeWidth=axis_w))
        renderPDF.draw(d, canvas, x, y)

    return draw


def _by_id(layout: _PageLayout, box: Box) -> list:
    missing = next((i for i in box.opt("facts") if i not in layout.facts), None)
    if missing:
        raise InputError(
            f"box '{box.name}' charts fact '{missing}', which the facts file lacks",
            where=layout.facts.source,
        )
    return [layout.facts[i] for i in box.opt("facts")]


def _width(text: str, font: str, size: float) -> float:
    """The width of a label drawn run by run (characters the font lacks from its fallbacks)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(run, face, size) for run, face in font_runs(text, font))


def _text(d: Any, x: float, y: float, text: str, font: str, size: float, colour: Any) -> None:
    """A label, one String a face: characters the font lacks come from its fallback chain."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for run, face in font_runs(text, font):
        d.add(String(x, y, run, fontName=face, fontSize=size, fillColor=colour))
        x += stringWidth(run, face, size)
