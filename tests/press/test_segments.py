"""The constant parts of a batch's page, cut from ReportLab's writing without a PDF library:
the same objects as pikepdf finds by following every reference."""

from __future__ import annotations

import io

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.api import find_template
from generator.batch.jobs import Job
from generator.press import assemble

CUT = assemble.cut_segments  # as written (a test below spies on it)


def _oracle(data: bytes, count: int) -> tuple[list[int], int, set[int]]:
    """Forms, information dictionary and every object they need, as pikepdf reads them."""
    pdf = pikepdf.open(io.BytesIO(data))
    xobjects = pdf.pages[0].obj.Resources.XObject
    roots = [xobjects[f"/FormXob.seg{i}"] for i in range(count)]
    seen: set[int] = set()
    stack: list = list(roots)
    while stack:
        obj = stack.pop()
        if not isinstance(obj, pikepdf.Object):
            continue
        if obj.is_indirect:
            if obj.objgen[0] in seen:
                continue
            seen.add(obj.objgen[0])
        if isinstance(obj, pikepdf.Stream):
            stack.extend(obj.stream_dict.values())
        elif isinstance(obj, pikepdf.Dictionary):
            stack.extend(obj.values())
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)
    info = pdf.trailer.Info.objgen[0]
    return [r.objgen[0] for r in roots], info, seen | {info}


def _check(data: bytes, count: int) -> None:
    segments = CUT(data, count)
    forms, info, needed = _oracle(data, count)
    assert [n for _, n in segments.forms] == forms
    assert segments.info == info
    assert {n for n, _ in segments.offsets} == needed


def test_a_title_that_looks_like_references_is_not_followed():
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(200, 200), invariant=1, pageCompression=1)
    canvas.setTitle("Title (with 1 0 R) \\ and ( stream 2 0 R")
    canvas.setSubject("3 0 R")
    for i in range(2):
        canvas.beginForm(f"seg{i}")
        canvas.setFont("Helvetica", 12)
        canvas.drawString(10, 10 + i, f"segment {i} (1 0 R) stream")
        canvas.endForm()
        canvas.doForm(f"seg{i}")
    canvas.showPage()
    canvas.save()
    _check(buf.getvalue(), 2)


@pytest.mark.parametrize(
    ("template", "color"), [("certificate", "rgb"), ("certificate", "cmyk"), ("badge", "rgb")]
)
def test_a_templates_constant_parts_as_pikepdf_finds_them(monkeypatch, template, color):
    from generator.batch.fast import prepared

    seen: list[tuple[bytes, int]] = []

    def spy(data: bytes, count: int) -> assemble.Segments:
        seen.append((data, count))
        return CUT(data, count)

    monkeypatch.setattr(assemble, "cut_segments", spy)
    job = Job(str(find_template(template).folder), color=color, bleed_mm=2.5)
    assert prepared(job) is not None and seen
    for data, count in seen:
        _check(data, count)
