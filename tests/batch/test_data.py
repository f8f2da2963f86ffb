"""Data files: CSV dialects and encodings, JSON, XLSX, missing columns."""

from __future__ import annotations

import json

import pytest

from generator.batch.data import clean, read_records
from generator.batch.run import run_batch
from generator.errors import InputError

from .conftest import sample_rows, write_csv

PEOPLE = [
    {"name": "Әсел Құрманғазықызы", "role": "ұстаз", "organisation": "№1 мектеп"},
    {"name": "Иван Петров", "role": "инженер", "organisation": "АО «Ромашка»; цех 2"},
]


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", False), (";", True), (";", False), (",", True)]
)
def test_csv_with_or_without_bom_comma_or_semicolon(tmp_path, delimiter, bom):
    data = read_records(write_csv(tmp_path / "p.csv", PEOPLE, delimiter, bom))
    assert data.columns == ("name", "role", "organisation")
    assert [r.fields for r in data.records] == PEOPLE
    assert [r.row for r in data.records] == [2, 3]  # as the spreadsheet numbers them


def test_cp1251_is_rejected_without_encoding_and_read_with_it(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("name,role,organisation\nИван Петров,инженер,Завод\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"not UTF-8.*--encoding cp1251") as e:
        read_records(path)
    assert str(path) in str(e.value)
    assert read_records(path, "cp1251").records[0].fields["name"] == "Иван Петров"


def test_json_list_of_objects_and_bad_shapes(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    assert [r.fields for r in read_records(path).records] == PEOPLE
    path.write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="list of objects"):
        read_records(path)


def test_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "role", "organisation"])
    for p in PEOPLE:
        sheet.append(list(p.values()))
    sheet.append([None, None, None])  # an empty row is skipped
    book.save(tmp_path / "p.xlsx")
    data = read_records(tmp_path / "p.xlsx")
    assert [r.fields for r in data.records] == PEOPLE and data.records[1].row == 3


def test_a_missing_column_fails_before_any_work(tmp_path):
    path = write_csv(tmp_path / "p.csv", [{"full name": "A", "role": "B"}])
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"no column 'name'.*certificate") as e:
        run_batch("certificate", path, out=out, workers=1)
    assert str(path) in str(e.value) and "rename" not in str(e.value)
    assert not list(out.glob("*.pdf"))


@pytest.mark.parametrize("single_file", [False, True])
def test_a_column_named_in_capitals_is_named_in_the_error(tmp_path, single_file):
    path = write_csv(tmp_path / "p.csv", [{"Name": "Әлия", "Role": "спикер"}])  # as Excel has it
    with pytest.raises(InputError, match=r"\(columns: Name, Role\); rename 'Name' to 'name'$"):
        run_batch("badge", path, out=tmp_path / "out", single_file=single_file)


def test_cells_are_cleaned_but_never_rewritten():
    assert clean(" Ann\tBell\x07\x1b ") == "Ann Bell"
    assert clean("<b>&amp;</b>") == "<b>&amp;</b>"
    assert clean("a\u202fb") == "a\u00a0b"


def test_the_sample_has_fifty_varied_names():
    rows = sample_rows()
    names = " ".join(r["name"] for r in rows)
    assert len(rows) >= 50
    for letter in "әғқңөұүһі":
        assert letter in names.lower(), letter
    assert any("-" in r["name"] for r in rows)
    assert any(len(r["name"]) > 45 for r in rows)


def test_repeats_in_a_stream_are_found_in_bounded_memory(monkeypatch):
    """A streamed file keeps an 8-byte hash a record, at most Repeats.LIMIT of them: the rows
    pasted twice are named as read_records names them, past the limit too."""
    from generator.batch.data import Record, Repeats, _repeats

    rows = [Record(n, {"name": f"Person {n % 7}", "role": ""}) for n in range(2, 40)]
    rows.append(Record(40, {"name": " ", "role": ""}))  # empty: no repeat of anything
    rows.append(Record(41, {"name": "", "role": " "}))
    monkeypatch.setattr(Repeats, "LIMIT", 5)
    watch = Repeats()
    for rec in rows:
        watch.add(rec)
    assert len(watch.seen) == 5
    said = watch.warnings(iter(rows))
    # Rows 2-6 are the five remembered; rows 7 and 8 (Person 0 and 1) come past the limit.
    whole = _repeats(rows)
    assert said == [w for w in whole if int(w[1].split()[4][:-1]) <= 6] and len(said) > 20
    assert said[0] == (9, "the same as row 2: a second document is made")
    assert not watch.seen  # freed once said


def test_a_header_not_on_the_first_line_is_said_so(tmp_path):
    """A blank first line (or an empty first row of a sheet) said «no column 'name', which
    template 'badge' needs (columns: none)» / «(columns: , , )»; an empty JSON list said the
    same, not that it held no records."""
    from openpyxl import Workbook

    csv_path = tmp_path / "p.csv"
    csv_path.write_text("\nname,role\nӘлия,а\n", encoding="utf-8")
    with pytest.raises(InputError, match="^.*p.csv: line 1 is empty: the column names"):
        read_records(csv_path)
    book = Workbook()
    book.active.append([])
    book.active.append(["", "name", "role"])
    book.active.append(["", "Әлия", "а"])
    book.save(tmp_path / "p.xlsx")
    with pytest.raises(InputError, match="p.xlsx: row 1 of the first sheet is empty"):
        read_records(tmp_path / "p.xlsx")
    (tmp_path / "p.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="p.json: no records: the list is empty"):
        read_records(tmp_path / "p.json")
    out = tmp_path / "out"  # streamed too, and nothing is written
    with pytest.raises(InputError, match="line 1 is empty"):
        run_batch("badge", csv_path, out=out, single_file=True)
    assert not out.exists()


def test_an_encoding_that_garbles_cyrillic_is_refused(tmp_path):
    """«--encoding latin-1» on a cp1251 file made certificates for «Èâàí Ïåòðîâ» without a
    word; a Western name in Latin-1 (Éloïse Müller) is read as it is."""
    path = tmp_path / "p.csv"
    path.write_bytes("name,role\nАнна Ли,а\nИван Петров,инженер\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"p.csv: line 2: «Àííà» is not a word: read as "):
        read_records(path, encoding="latin-1")
    assert read_records(path, encoding="cp1251").records[1].fields["name"] == "Иван Петров"
    path.write_bytes("name,role\nÉloïse Müller,à\n".encode("latin-1"))
    assert read_records(path, encoding="latin-1").records[0].fields["name"] == "Éloïse Müller"
