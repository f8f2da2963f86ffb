"""Records from a data file: CSV (UTF-8, comma or semicolon), JSON (a list of objects), XLSX.

A record keeps the row a person would look for in their spreadsheet, so every message can
name it. Text is never guessed: a CSV that is not UTF-8 is rejected unless its encoding is given.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

_BOM = b"\xef\xbb\xbf"
# Spaces the vendored fonts lack, mapped as the article's normaliser maps them.
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0", "\u2007": "\u00a0"})


@dataclass(frozen=True)
class Record:
    """One row of the data file: its row number (as the spreadsheet shows it) and its fields."""

    row: int
    fields: dict[str, str]


@dataclass(frozen=True)
class Dataset:
    """The records of a data file and its column names, in the file's order."""

    source: Path
    columns: tuple[str, ...]
    records: tuple[Record, ...]

    def require(self, fields: tuple[str, ...], template: str) -> None:
        """Every column the template needs must be in the file: checked before any work."""
        missing = [f for f in fields if f not in self.columns]
        if missing:
            have = ", ".join(self.columns) or "none"
            raise InputError(
                f"no column '{missing[0]}', which template '{template}' needs (columns: {have})",
                where=str(self.source),
            )


def clean(value: object) -> str:
    """A cell as text to print: NFC, control characters dropped, spaces the fonts lack mapped."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text).translate(_SPACES)
    # A tab or line break inside a cell is a space; other control characters cannot print.
    text = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch) != "Cc"
    )
    return re.sub(" {2,}", " ", text).strip(" ")  # no-break spaces stay as they are


def read_records(path: Path, encoding: str | None = None) -> Dataset:
    """Read a data file by its extension (.csv, .json, .xlsx)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("data file not found", where=str(path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv(path, encoding)
    if suffix == ".json":
        return _json(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path)
    raise InputError("unknown data format (use .csv, .json or .xlsx)", where=str(path))


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'", where=str(path)) from None
        except UnicodeDecodeError as e:
            raise InputError(f"not valid {encoding} at byte {e.start}", where=str(path)) from None
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"line {line}: not UTF-8 (byte 0x{data[e.start]:02X}); save it as UTF-8 or give its "
            "encoding, e.g. --encoding cp1251",
            where=str(path),
        ) from None


def _csv(path: Path, encoding: str | None) -> Dataset:
    text = _decode(path, encoding)
    # The delimiter is the one the header line uses most: column names rarely hold commas or
    # semicolons, while data often does (csv.Sniffer guesses wrong on such data).
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", where=str(path)) from None
    columns = tuple(clean(h) for h in header)
    records = []
    start = reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            if len(cells) > len(columns):
                raise InputError(
                    f"row {start}: {len(cells)} cells but {len(columns)} columns", where=str(path)
                )
            values = {c: clean(v) for c, v in zip(columns, cells, strict=False)}
            records.append(Record(start, {c: values.get(c, "") for c in columns}))
        start = reader.line_num + 1
    return Dataset(path, columns, tuple(records))


def _json(path: Path) -> Dataset:
    try:
        data = json.loads(path.read_bytes().removeprefix(_BOM).decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 (JSON must be)", where=str(path)) from None
    except json.JSONDecodeError as e:
        raise InputError(f"line {e.lineno}: not valid JSON: {e.msg}", where=str(path)) from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError("must be a list of objects", where=str(path))
    columns: dict[str, None] = {}
    for item in data:
        columns.update(dict.fromkeys(item))
    records = tuple(
        Record(n, {c: clean(item.get(c)) for c in columns}) for n, item in enumerate(data, 1)
    )
    return Dataset(path, tuple(columns), records)


def _xlsx(path: Path) -> Dataset:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .xlsx needs openpyxl", where=str(path)) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(f"not a readable workbook: {e}", where=str(path)) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError("the first sheet is empty", where=str(path))
    columns = tuple(clean(h) for h in header)
    records = []
    for n, cells in enumerate(rows, 2):
        if any(c not in (None, "") for c in cells):
            records.append(Record(n, {c: clean(v) for c, v in zip(columns, cells, strict=False)}))
    book.close()
    return Dataset(path, columns, tuple(records))
