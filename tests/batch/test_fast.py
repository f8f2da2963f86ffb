"""The fast batch path (constant boxes made once per batch) against the ordinary path: the
same characters at the same places, for records that shrink, wrap and use every letter."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.api import find_template
from generator.batch.fast import groups, prepared, render_fast
from generator.batch.jobs import Job, render, render_ordinary
from generator.errors import GeneratorError
from generator.press.preflight import check_pdf

from .conftest import assert_print_ready, sample_rows

KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"


def varied_records() -> list[dict[str, str]]:
    """50 records: the sample people, names long enough to shrink, names that wrap, every
    Kazakh letter in both cases, Russian, markup characters, an empty organisation."""
    rows = [dict(r) for r in sample_rows()[:20]]
    letters = KAZAKH + KAZAKH.lower()
    for i in range(10):
        chunk = letters[i * 8 : i * 8 + 8] or letters[:8]
        role = letters[i * 6 : i * 6 + 30]
        rows.append({"name": f"{chunk} {chunk[::-1]}", "role": role, "organisation": chunk})
    for i in range(10):
        long = "Нұрсұлтанқызы" * (1 + i % 3)
        rows.append(
            {
                "name": f"Әбілқайыр{'-Мұхаммедқали' * (i % 4)} {long} Жақыпбеков",
                "role": "бас маман " * (1 + i % 3),
                "organisation": "«Бірлік» & <жастар> қозғалысы" if i % 2 else "",
            }
        )
    for i in range(10):
        rows.append(
            {
                "name": f"Щербакова Ольга Юрьевна {i}",
                "role": "учитель русского языка и литературы",
                "organisation": f"Школа-гимназия № {i + 1}, г. Усть-Каменогорск",
            }
        )
    return rows


def chars(pdf: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Every character of the first page with its box, in points, to 0.01 pt."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if ch.strip():
            out.append((ch, tuple(round(v, 2) for v in text.get_charbox(i))))
    return out


@pytest.fixture(scope="module")
def job() -> Job:
    return Job(str(find_template("certificate").folder), required=("name", "role"))


def test_fast_path_places_the_same_text_as_the_ordinary_path(job):
    prep = prepared(job)
    assert prep is not None
    assert [b.name for b in prep.record_groups[0]][:2] == ["name", "role"]
    made = 0
    for rec in varied_records():
        try:
            ordinary = render_ordinary(job, rec)
        except GeneratorError as e:  # what fails fails alike, with the same message
            with pytest.raises(GeneratorError, match=re.escape(str(e))):
                render_fast(prep, rec)
            continue
        fast = render_fast(prep, rec)
        assert fast is not None  # not handed to the ordinary path
        assert chars(fast) == chars(ordinary), rec["name"]
        made += 1
    assert made >= 45


def test_fast_documents_pass_the_product_checks_and_are_deterministic(job):
    rec = varied_records()[25]
    pdf = render(job, rec)
    assert pdf == render(job, dict(rec))
    assert_print_ready(pdf, (210, 297))
    assert check_pdf(pdf, profile="print", name="fast.pdf").ok
    # The record's own face is a subset of its own glyphs, named apart from the constant ones.
    tags = re.findall(rb"/BaseFont /([A-Z]{6})\+PTSerif-Bold", pdf)
    assert len(tags) == len(set(tags)) >= 1


def test_a_block_that_tests_the_record_is_made_per_record(tmp_path):
    """A constant-looking box whose text depends on the record only through a condition."""
    folder = tmp_path / "cert"
    shutil.copytree(find_template("certificate").folder, folder)
    text = (folder / "text.j2").read_text(encoding="utf-8")
    text, n = re.subn(
        r"\{% block lead %\}.*?\{% endblock %\}",
        "{% block lead %}{% if record.role == 'жүргізуші' %}құрметпен{% else %}"
        "марапатталады{% endif %}{% endblock %}",
        text,
    )
    assert n == 1
    (folder / "text.j2").write_text(text, encoding="utf-8")
    tpl = find_template(folder)
    moving = {b.name for constant, boxes in groups(tpl) if not constant for b in boxes}
    assert {"lead", "name", "role"} <= moving and "heading" not in moving
    job = Job(str(folder))
    a = {"name": "Ана", "role": "жүргізуші", "organisation": ""}
    b = {"name": "Ана", "role": "мұғалім", "organisation": ""}
    text_a = "".join(c for c, _ in chars(render(job, a)))
    text_b = "".join(c for c, _ in chars(render(job, b)))
    assert "құрметпен" in text_a and "марапатталады" not in text_a
    assert "марапатталады" in text_b and "құрметпен" not in text_b


def test_the_certificate_redraws_only_what_reads_the_record():
    """The event's words, roles and date are the same on every page: only the record's own
    boxes (name, role, serial number and its QR code) are drawn per record."""
    runs = groups(find_template("certificate"))
    moving = {b.name for constant, boxes in runs if not constant for b in boxes}
    assert moving == {"name", "role", "serial", "qr"}
