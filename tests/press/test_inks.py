"""Inks as a press wants them: small text on one plate, black text 100 % K overprinting,
rich black only for large areas, one-ink QR codes and hairlines. Colours are read from the
content streams, by pdfminer (independent of our preflight) and by pikepdf."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from generator.api import build_pdf, find_template
from generator.errors import TemplateError
from generator.press.preflight import check_pdf

PRODUCTS = ("poster", "trifold", "booklet", "certificate", "invitation", "badge")


def _cmyk(name: str, event) -> bytes:
    tpl = find_template(name)
    record = dict.fromkeys(tpl.fields, "Айгерім Қанатқызы") if tpl.kind == "record" else None
    return build_pdf(tpl, event, color="cmyk", record=record)


def _chars(pdf: bytes):
    """Every drawn character with its size in points and its fill colour (pdfminer)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    for number, page in enumerate(extract_pages(io.BytesIO(pdf)), 1):
        for ch in walk(page):
            yield number, ch


@pytest.mark.parametrize("name", PRODUCTS)
def test_no_text_under_12pt_on_more_than_one_plate(event, name):
    pdf = _cmyk(name, event)
    small = multi = 0
    for page, ch in _chars(pdf):
        if ch.size >= 12 or not ch.get_text().strip():
            continue
        small += 1
        state = ch.graphicstate
        assert state.ncs is not None and state.ncs.name == "DeviceCMYK", (page, ch.get_text())
        plates = [v for v in state.ncolor if v > 0.001]
        if len(plates) > 1:
            multi += 1
            print(page, ch.get_text(), ch.size, state.ncolor)
    assert small > 20  # the products do have small text
    assert multi == 0
    report = check_pdf(pdf, color_mode="cmyk")
    assert not [w for w in report.warnings if "plates" in w or "K" in w], report.warnings


def _text_runs(pdf: bytes, page_no: int):
    """(fill CMYK, the ExtGState in force) for each text-showing operator of a page."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[page_no]
        states = page.Resources.get("/ExtGState") or {}
        fill, gs, stack, runs = None, {}, [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "q":
                stack.append((fill, gs))
            elif op == "Q":
                fill, gs = stack.pop()
            elif op == "k":
                fill = tuple(float(v) for v in operands)
            elif op == "gs":
                found = states[operands[0]]
                gs = {**gs, **{str(k): found[k] for k in found.keys() if k != "/Type"}}
            elif op in ("Tj", "TJ"):
                runs.append((fill, dict(gs)))
        return runs


def test_body_text_is_100_k_and_overprints(event):
    pdf = build_pdf("booklet", event, color="cmyk")
    runs = _text_runs(pdf, 2)  # an article page: running text
    black = [gs for fill, gs in runs if fill == (0, 0, 0, 1)]
    assert len(black) > len(runs) / 2  # the body is black, and all of it 100 % K
    for gs in black:
        assert gs.get("/op") is True and gs.get("/OPM") == 1, gs
    # colours other than 100 % K never overprint (they would mix with what lies below)
    for fill, gs in runs:
        if fill != (0, 0, 0, 1):
            assert gs.get("/op", False) is False, (fill, gs)
    assert not any(fill and 0.9 <= fill[3] < 1 and not any(fill[:3]) for fill, _ in runs)


@pytest.mark.parametrize("name", ("poster", "certificate"))
def test_forms_carry_the_graphics_states_they_select(event, name):
    # A form's gs names its own resources: the emblem's and ornaments' black overprint
    # states are in each form's /ExtGState, not only in the page's (ReportLab omits them).
    doc = pikepdf.open(io.BytesIO(_cmyk(name, event)))
    forms = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == "/Form"]
    used_in_forms = 0
    for form in forms:
        used = {"/" + n.decode() for n in re.findall(rb"/(\S+) gs", form.read_bytes())}
        used_in_forms += len(used)
        assert used <= set(form.Resources.get("/ExtGState", {}).keys()), form.objgen
    assert used_in_forms
    assert check_pdf(_cmyk(name, event), color_mode="cmyk").ok


def test_overprint_is_not_written_in_rgb(event):
    pdf = build_pdf("booklet", event)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for gs in (page.Resources.get("/ExtGState") or {}).values():
                assert not gs.get("/op", False)


def test_qr_and_note_rules_print_from_one_ink(event, event_dir):
    facts = event_dir / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("[event]", '[event]\nurl = "https://example.kz/1"', 1), "utf-8")
    from generator.api import load_event

    for name in ("poster", "booklet"):
        pdf = build_pdf(name, load_event(event_dir / "article.kk.txt"), color="cmyk")
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                stroke, width, hairlines = None, 1.0, 0
                for operands, op in pikepdf.parse_content_stream(page):
                    op = str(op)
                    if op == "K":
                        stroke = [float(v) for v in operands]
                    elif op == "w":
                        width = float(operands[0])
                    elif op in ("S", "s") and stroke is not None and width < 1:
                        # every hairline the template draws (note rules, dividers) is one ink
                        assert sum(1 for v in stroke if v) <= 1, (name, stroke, width)
                        hairlines += 1
                if name == "booklet" and page.index == len(doc.pages) - 2:
                    assert hairlines > 0  # the notes page has its rules
    # the QR modules: the poster's code colour is navy, printed as K alone
    pdf = build_pdf("poster", load_event(event_dir / "article.kk.txt"), color="cmyk")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        content = b"".join(p.Contents.read_bytes() for p in doc.pages)
    assert b"0 0 0 1 k" in content


def test_rich_black_only_for_large_areas(event, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    # make the sky (the header's background, also used for text) a black with a rich version
    text = re.sub(
        r"(?m)^sky = \{.*\}$",
        'sky = { rgb = "#111111", cmyk = [0, 0, 0, 100], area_cmyk = [60, 40, 40, 100] }',
        text,
    )
    toml.write_text(text, encoding="utf-8")
    pdf = build_pdf(str(folder), event, color="cmyk")
    rich = False
    for fill, _ in _text_runs(pdf, 0):
        assert fill != (0.6, 0.4, 0.4, 1), "rich black text"
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
        for i, (operands, op) in enumerate(ops):
            if str(op) == "k" and [float(v) for v in operands] == [0.6, 0.4, 0.4, 1]:
                rich = True
                # the next painting operator is an area fill, never text
                nxt = next(
                    str(o) for _, o in ops[i + 1 :] if str(o) in ("f", "f*", "Tj", "TJ", "B", "B*")
                )
                assert nxt in ("f", "f*", "B", "B*")
    assert rich


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fine_cmyk = [0, 0, 50, 90]", "must use one ink only"),
        ("fine_cmyk = [0, 0, 120, 0]", "must be four percentages"),
    ],
)
def test_fine_cmyk_is_checked(event, template_copy, line, message):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("fine_cmyk = [0, 0, 0, 100]", line, 1), encoding="utf-8")
    with pytest.raises(TemplateError, match=f"colours.ink.fine_cmyk: {message}"):
        build_pdf(str(folder), event, color="cmyk")
