"""Data files as offices really make them: a column called `row`, a comma without quotes, XLSX
formulas never calculated, dates, UTF-16 text, letters lost to «?»."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.batch.data import read_records
from generator.batch.run import run_batch
from generator.errors import InputError
from tests.conftest import run_cli, squash

from .conftest import extract

HEADER = "name,role,organisation"


def _rows(out) -> dict[int, str]:
    import json

    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    return {e["row"]: n for n, e in files.items() if "row" in e}


def test_a_column_called_row_builds(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text("row,name,role,organisation\n7,Әлия Серікқызы,спикер,ҚазҰУ\n", "utf-8")
    code, out, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o")
    )
    assert code == 0, err
    assert "internal error" not in err
    assert (tmp_path / "o" / "0002-Әлия_Серікқызы.pdf").is_file()  # {row} is the row number


def test_one_badly_formed_csv_row_fails_alone(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text(
        f"{HEADER}\nӘлия Серікқызы,спикер,ҚазҰУ\n"
        "Ержан Болатов,мұғалім,Алматы қаласы, №82 мектеп\n"  # the comma nobody quoted
        "Гүлнұр Өтегенова,еріктi,Ассамблея\n",
        "utf-8",
    )
    code, out, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert "2 written, 0 unchanged, 1 failed of 3 records" in out
    assert f"error: {data}: row 3: 4 cells but 3 columns" in err
    assert "double quotes" in err
    assert len(list((tmp_path / "o").glob("*.pdf"))) == 2


def _workbook(path, rows, formula_row=None):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "role", "organisation", "date"])
    for row in rows:
        sheet.append(row)
    if formula_row is not None:  # as a program that writes xlsx without calculating it
        sheet.append(['=CONCATENATE("Ер","жан")', "мұғалім", "Мектеп", None])
    book.save(path)
    return path


def test_xlsx_formula_without_saved_value_is_reported_not_dropped(tmp_path):
    path = _workbook(
        tmp_path / "p.xlsx", [["Әлия Серікқызы", "спикер", "ҚазҰУ", None]], formula_row=True
    )
    data = read_records(path)
    assert [r.row for r in data.records] == [2]
    assert len(data.rejected) == 1
    row, reason = data.rejected[0]
    assert row == 3 and reason.startswith("cell A3 holds a formula")
    assert "save it" in reason
    result = run_batch("certificate", path, out=tmp_path / "o", workers=1)
    assert result.total == 2 and len(result.written) == 1 and result.failures[0][0] == 3


@pytest.mark.parametrize(("lang", "expected"), [("kk", "22 наурыз"), ("ru", "22 марта")])
def test_xlsx_dates_are_written_as_the_events_language_writes_them(tmp_path, lang, expected):
    path = _workbook(
        tmp_path / "p.xlsx",
        [["Әлия", "спикер", "ҚазҰУ", dt.datetime(2026, 3, 22)]],
    )
    locale = {"kk": "kk_KZ", "ru": "ru_RU"}[lang]
    fields = read_records(path, locale=locale).records[0].fields
    assert expected in fields["date"] and "2026" in fields["date"]
    assert "00:00" not in fields["date"]


def test_xlsx_date_reaches_the_page(tmp_path, template_copy):
    folder = template_copy("certificate")
    text = (folder / "text.j2").read_text(encoding="utf-8")
    text = re.sub(
        r"{% block lead %}.*?{% endblock %}",
        "{% block lead %}{{ record.date }}{% endblock %}",
        text,
    )
    (folder / "text.j2").write_text(text, encoding="utf-8")
    path = _workbook(tmp_path / "p.xlsx", [["Әлия", "спикер", "ҚазҰУ", dt.date(2026, 3, 22)]])
    result = run_batch(folder, path, out=tmp_path / "o", workers=1)
    assert result.ok, result.failures
    assert "22 наурыз" in extract(result.written[0]) and "00:00:00" not in extract(
        result.written[0]
    )


def test_utf16_is_read_and_its_hint_is_right_without_a_bom(tmp_path):
    text = f"{HEADER}\nӘлия Серікқызы,спикер,ҚазҰУ\n"
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(text.encode("utf-16"))  # Excel's "Unicode text" has the mark
    assert read_records(with_bom).records[0].fields["name"] == "Әлия Серікқызы"
    bare = tmp_path / "bare.csv"
    bare.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(InputError, match=r"--encoding utf-16") as e:
        read_records(bare)
    assert "cp1251" not in str(e.value)
    assert read_records(bare, "utf-16-le").records[0].fields["role"] == "спикер"


def test_kazakh_windows_encoding_gets_the_kz1048_hint(tmp_path):
    path = tmp_path / "kz.csv"
    path.write_bytes(f"{HEADER}\nӘлия Серікқызы,спикер,ҚазҰУ\n".encode("kz1048"))
    with pytest.raises(InputError, match=r"--encoding kz1048"):
        read_records(path)
    assert read_records(path, "kz1048").records[0].fields["name"] == "Әлия Серікқызы"


def test_letters_lost_to_question_marks_are_warned_about(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text(
        f"{HEADER}\nГ?лн?р ?teгенова,спикер,Ассамблея\nӘлия Серікқызы,Кім?,https://kaznu.kz/?lang=kk\n",
        "utf-8",
    )
    code, out, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o")
    )
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(lines) == 1  # «Кім?» is a question and «/?lang» an address, not lost letters
    assert "warning: row 2: field 'name' has «?» in a word («Г?лн?р ?teгенова»)" in lines[0]
    assert "UTF-8" in lines[0]


def test_the_column_check_and_the_rows_still_name_the_file(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text("аты-жөні,role\nӘлия,спикер\n", "utf-8")
    code, _, err = run_cli(
        "batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o")
    )
    assert code == 1 and f"{data}: no column 'name'" in err
    assert squash(err).count("error:") == 1


@pytest.mark.parametrize("single_file", [False, True])
def test_a_quote_never_closed_is_refused_naming_its_row(tmp_path, single_file):
    """«"Бірлік жастар» with no closing quote made the rest of the file one value: one
    certificate named «Бірлік жастар,ерікті,x⏎Асқар…», and the records after it were lost."""
    data = tmp_path / "p.csv"
    data.write_text(
        f'{HEADER}\nӘлия Серікқызы,спикер,ҚазҰУ\n"Бірлік жастар,ерікті,x\n'
        "Асқар Болатов,мұғалім,№ 8 мектеп\nГүлнұр Өтегенова,ерікті,Ассамблея\n",
        "utf-8",
    )
    out = tmp_path / "o"
    args = ["--single-file"] if single_file else []
    code, _, err = run_cli("batch", "certificate", "--data", str(data), "--out", str(out), *args)
    assert code == 1
    assert err.strip() == (
        f'error: {data}: row 3: a double quote (") opened in this row is never closed, so the '
        "rest of the file would be one value; close it or remove it"
    )
    assert not out.exists() or not list(out.glob("*.pdf"))  # no partial output


def test_a_quoted_value_followed_by_text_still_reads(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text(f'{HEADER}\nӘлия,"Бірлік" жастар,x\n"Асқар\nБолатов",a,b\n', "utf-8")
    records = read_records(data).records
    assert [r.fields["role"] for r in records] == ["Бірлік жастар", "a"]
    assert records[1].fields["name"] == "Асқар Болатов"  # a quoted line break, read as a space


def test_a_file_without_the_optional_columns_builds(tmp_path):
    """A list of names alone: the certificate's role and organisation are optional, yet the
    file was refused with «no column 'role', which template 'certificate' needs»."""
    data = tmp_path / "p.csv"
    data.write_text("name\nӘлия Серікқызы\nАсқар Болатов\n", "utf-8")
    out = tmp_path / "o"
    code, _, err = run_cli("batch", "certificate", "--data", str(data), "--out", str(out))
    assert code == 0, err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 2 and "Әлия Серікқызы" in squash(extract(pdfs[0]))
    # a required column is still asked for
    data.write_text("role\nспикер\n", "utf-8")
    code, _, err = run_cli("batch", "badge", "--data", str(data), "--out", str(out))
    assert code == 1 and "no column 'name'" in err


@pytest.mark.parametrize("single_file", [False, True])
@pytest.mark.parametrize("text", [f"{HEADER}\n", f"{HEADER}\n\n,,\n"])
def test_a_file_with_no_records_is_an_error(tmp_path, single_file, text):
    """A header alone printed «0 written, 0 unchanged, 0 failed of 0 records» and exit 0."""
    data = tmp_path / "p.csv"
    data.write_text(text, "utf-8")
    out = tmp_path / "o"
    args = ["--single-file"] if single_file else []
    code, _, err = run_cli("batch", "certificate", "--data", str(data), "--out", str(out), *args)
    assert code == 1
    assert err.strip() == f"error: {data}: no records: the file has its header and nothing under it"
    assert not out.exists()


@pytest.mark.parametrize("single_file", [False, True])  # read whole, or as a stream
def test_two_columns_of_one_name_are_refused(tmp_path, single_file):
    """«name,name,role» built every badge with the second column's name, saying nothing."""
    data = tmp_path / "p.csv"
    data.write_text("name,role,name\nӘлия Серікқызы,спикер,Бекзат\n", "utf-8")
    out = tmp_path / "o"
    args = ["batch", "badge", "--data", str(data), "--out", str(out)]
    code, _, err = run_cli(*args, *(["--single-file"] if single_file else []))
    assert code == 1 and squash(err) == squash(
        f"error: {data}: columns 1 and 3 are both named 'name': rename one"
    ), err
    assert not out.exists()


def test_two_xlsx_columns_of_one_name_are_refused_by_their_letters(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "role", "organisation", "role"])
    book.active.append(["Әлия", "спикер", "ҚазҰУ", "қонақ"])
    book.save(tmp_path / "p.xlsx")
    with pytest.raises(InputError, match="columns B and D are both named 'role'"):
        read_records(tmp_path / "p.xlsx")


def test_a_reason_every_row_gives_is_said_once_with_its_rows(tmp_path, template_copy):
    """A box of the template 2 mm from the trim failed each of 40 records: 40 identical
    error lines, the one worth reading (a row's own fault) lost among them."""
    folder = template_copy("badge")
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    box = 'name = "name"\ntype = "text"\nstyle = "name"\nvalign = "bottom"\nx = 5\n'
    assert box in toml
    (folder / "template.toml").write_text(toml.replace(box, box[:-2] + "2\n"), "utf-8")
    data = tmp_path / "p.csv"
    names = ["Әлия Серікқызы", "Ержан Болатов", "", "Гүлнұр Өтегенова", "Нұрлан Әбенов", "Ли Вэй"]
    data.write_text(HEADER + "\n" + "".join(f"{n},спикер,ҚазҰУ\n" for n in names), "utf-8")
    code, out, err = run_cli(
        "batch", str(folder), "--data", str(data), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert "0 written, 0 unchanged, 6 failed of 6 records" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"error: {data}: rows 2\u20133, 5\u20137 (5 records): ")
    assert "box 'name' is 2.0 mm from the trim" in lines[0]
    assert lines[1] == f"error: {data}: row 4: field 'name' is empty"
    assert not list((tmp_path / "o").glob("*.pdf"))


@pytest.mark.parametrize("single_file", [False, True])
def test_a_word_of_latin_and_cyrillic_letters_is_warned_about(tmp_path, single_file):
    """«Жұмaбaeв» typed with Latin a and e, «Әлiбек» with Latin i for і: they print alike, so
    nothing showed them, but the file name, a sorted list and a search took them for other
    names (iqa3's sports day: 12 of 300 rows). A Latin name, a Latin word beside Cyrillic
    ones («ТОО «KazMunayGas»», «IT-компания») is no mistake."""
    data = tmp_path / "p.csv"
    data.write_text(
        f"{HEADER}\nЖұмaбaeв Өмірбек,спортшы,Қобда\nPatrick O’Connor,IT-компания,ТОО «KazMunayGas»\n"
        "Серікқызы Әлия,спортшы,Әлiбек атындағы мектеп\n",
        "utf-8",
    )
    args = ["--single-file"] if single_file else []
    code, _, err = run_cli(
        "batch", "badge", "--data", str(data), "--out", str(tmp_path / "o"), *args
    )
    assert code == 0
    lines = [line for line in err.splitlines() if "Latin" in line]
    assert len(lines) == 2, err
    assert "row 2: field 'name': «Жұмaбaeв» mixes Latin letters (a, e)" in lines[0]
    assert "row 4: field 'organisation': «Әлiбек» mixes Latin letters (i)" in lines[1]


@pytest.mark.parametrize("single_file", [False, True])
def test_a_gender_no_template_knows_is_warned_about_in_its_row(tmp_path, single_file):
    """gender «x» printed the invitation with no greeting and said nothing; «ж» and an empty
    cell are no mistake."""
    data = tmp_path / "p.csv"
    data.write_text(
        f"{HEADER},gender\nӘлия Серікқызы,қонақ,ҚазҰУ,x\nБекзат Нұрланов,қонақ,ҚазҰУ,\n"
        "Гүлнұр Өтегенова,қонақ,ҚазҰУ,ж\n",
        "utf-8",
    )
    out = tmp_path / "o"
    args = ["--single-file"] if single_file else []
    code, _, err = run_cli("batch", "invitation", "--data", str(data), "--out", str(out), *args)
    assert code == 0
    lines = [line for line in err.splitlines() if "gender" in line]
    assert len(lines) == 1, err
    assert "row 2: field 'gender': «x» is no gender the templates know" in lines[0]
    report = (out / "report.csv").read_text(encoding="utf-8")
    assert "«x» is no gender" in report


def test_a_data_file_that_is_no_regular_file_is_said_so(tmp_path):
    """--data /dev/null said «data file not found»: it is there, but a device."""
    code, _, err = run_cli("batch", "badge", "--data", "/dev/null", "--out", str(tmp_path / "o"))
    assert code == 1
    assert err.strip().startswith("error: /dev/null: not a regular file"), err
    assert not (tmp_path / "o").exists()


def test_a_column_the_file_names_read_is_not_refused(tmp_path):
    """«Школа» named by --name is read: the refusal of a column under another name than the
    template's field (which would be read by nothing) refused a list whose files were named
    by school, saying it was read by nothing."""
    data = tmp_path / "p.csv"
    data.write_text("name,Школа\nӘлия Серікқызы,Гимназия 5\nАсқар Болатов,Лицей 2\n", "utf-8")
    out = tmp_path / "o"
    args = ["--data", str(data), "--out", str(out), "--name", "{Школа}-{name}"]
    code, _, err = run_cli("batch", "invitation", *args)
    assert code == 0, err
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "Гимназия_5-Әлия_Серікқызы.pdf",
        "Лицей_2-Асқар_Болатов.pdf",
    ]
    # Not named by the files' names, it is still refused: nothing would read it.
    code, _, err = run_cli("batch", "invitation", "--data", str(data), "--out", str(out))
    assert code == 1 and "column 'Школа' is read by nothing" in err
