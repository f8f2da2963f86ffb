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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError

_BOM = b"\xef\xbb\xbf"
# Spaces the vendored fonts lack, mapped as the article's normaliser maps them.
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0", "\u2007": "\u00a0"})
# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) cannot print; a tab or
# line break inside a cell is a space. One table with the spaces above: one pass a cell.
_CLEAN = {
    **{c: None for c in [*range(0x20), *range(0x7F, 0xA0)]},
    **{ord(c): " " for c in "\t\r\n"},
    **_SPACES,
}


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
    rejected: tuple[tuple[int, str], ...] = ()  # rows that cannot be read: (row, reason)
    warnings: tuple[tuple[int, str], ...] = ()  # rows read but probably damaged

    def require(
        self,
        fields: tuple[str, ...],
        template: str,
        optional: tuple[str, ...] = (),
        read: tuple[str, ...] = (),
    ) -> None:
        """Every column the template needs must be in the file: checked before any work. An
        optional field left out while a column of its meaning is there («Роль», «Role» for
        ``role``) is an error too: that column would be read by nothing, its words never
        printed, and nothing said so; unless the run reads it otherwise (``read``: the
        columns the files' names, --template-by and --serial-key name)."""
        have = ", ".join(self.columns) or "none"
        missing = [f for f in fields if f not in self.columns]
        if missing:
            near = _near(self.columns, missing[0])
            hint = f"; rename '{near}' to '{missing[0]}'" if near else ""
            raise InputError(
                f"no column '{missing[0]}', which template '{template}' needs (columns: "
                f"{have}){hint}",
                where=str(self.source),
            )
        for field in optional:
            near = _near(self.columns, field) if field not in self.columns else None
            if near and near not in read:
                raise InputError(
                    f"column '{near}' is read by nothing: template '{template}' prints its "
                    f"field '{field}' from a column of that name (columns: {have}); rename "
                    f"'{near}' to '{field}'",
                    where=str(self.source),
                )


# What Russian and Kazakh office lists call the templates' fields (their letters, lower case).
_SAME_FIELD = {
    "name": ("фио", "фамилияимяотчество", "фамилияимя", "атыжөні", "толықаты"),
    "role": ("роль", "рөлі", "рөл"),
    "organisation": (
        "организация", "ұйым", "ұйымы", "мекеме", "мекемесі", "учреждение", "местоработы",
        "жұмысорны", "organization", "школа", "мектеп",
    ),
    "photo": ("фото", "фотография", "сурет", "суреті"),
}  # fmt: skip


def _letters(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalpha())


def _near(columns: Iterable[str], field: str) -> str | None:
    """A column that means ``field``: another case («Name»), or what Russian and Kazakh
    office lists call it («ФИО», «Аты-жөні», «Роль», «Организация»)."""
    known = _SAME_FIELD.get(field, ())
    for c in columns:
        if c.casefold() == field.casefold() or _letters(c) in known:
            return c
    return None


def clean(value: object, locale: str = "kk_KZ") -> str:
    """A cell as text to print: NFC, control characters dropped, spaces the fonts lack mapped;
    a date or time as the event's language writes it."""
    text = "" if value is None else _as_text(value, locale)
    text = unicodedata.normalize("NFC", text).translate(_CLEAN)
    return re.sub(" {2,}", " ", text).strip(" ")  # no-break spaces stay as they are


def _as_text(value: object, locale: str) -> str:
    """Spreadsheet dates and times in the words of the locale (22 наурыз 2026), not
    Python's ``2026-03-22 00:00:00``; whole numbers without a trailing ``.0``."""
    import datetime as dt

    if isinstance(value, dt.datetime | dt.date | dt.time):
        from babel.dates import format_date, format_time

        if isinstance(value, dt.time):
            return format_time(value, "HH:mm", locale=locale)
        if isinstance(value, dt.datetime):
            day = format_date(value.date(), "long", locale=locale)
            if value.time() == dt.time(0):
                return day
            return f"{day}, {format_time(value.time(), 'HH:mm', locale=locale)}"
        return format_date(value, "long", locale=locale)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# A «?» before a letter: a spreadsheet saved in an encoding without Kazakh letters put it in
# place of ә, ғ, қ, ң, ө, ұ, ү, һ, і (a question mark is followed by a space or the end).
# Only beside Cyrillic: a web address's "?id=" is not a lost letter.
_LOST_LETTER = re.compile(r"(?<=[\u0400-\u04ff])\?+(?=[^\W\d_])|\?+(?=[\u0400-\u04ff])")


# A word of Cyrillic and Latin letters: «Жұмaбaeв» with Latin a and e, «Әлiбек» with Latin i
# for і. It prints alike, but a search, a sorted list or a --serial-key match finds it apart
# from the name typed right, and its file name is another. Latin: ASCII and Latin-1 to
# Latin Extended-B (Kazakh Latin's ä ğ ı ş ū), less × and ÷.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_MIXED_WORD = re.compile(
    f"(?=[^\\W\\d_]*[\u0400-\u04ff])(?=[^\\W\\d_]*[{_LATIN}])(?<![^\\W\\d_])[^\\W\\d_]+"
)
_LATIN_LETTER = re.compile(f"[{_LATIN}]")


def _record_warnings(records: list[Record]) -> list[tuple[int, str]]:
    from ..compose.render import GENDER_FIELDS, gender

    warnings = []
    for rec in records:
        for column, value in rec.fields.items():
            if value.strip() and column.strip().lower() in GENDER_FIELDS:
                if not gender({column: value}):  # «x»: no word agrees, and nothing said so
                    warnings.append(
                        (
                            rec.row,
                            f"field '{column}': «{value.strip()}» is no gender the templates "
                            "know (m/f, м/ж, муж/жен, ер/әйел): the greeting that needs none "
                            "is printed",
                        )
                    )
            if _LOST_LETTER.search(value):
                warnings.append(
                    (
                        rec.row,
                        f"field '{column}' has «?» in a word («{value}»): letters may have been "
                        "lost when the file was saved; save it as UTF-8 (CSV UTF-8 or .xlsx)",
                    )
                )
            elif _LATIN_LETTER.search(value) and (word := _MIXED_WORD.search(value)):
                latin = sorted(set(_LATIN_LETTER.findall(word.group())))
                warnings.append(
                    (
                        rec.row,
                        f"field '{column}': «{word.group()}» mixes Latin letters "
                        f"({', '.join(latin)}) with Cyrillic ones: it prints alike but is "
                        "another word to a search or a sorted list; retype them in Cyrillic",
                    )
                )
    return warnings


def _header(path: Path, names: Iterable[Any], letters: bool = False) -> tuple[str, ...]:
    """The column names of a header row; two columns of one name are refused (the second
    silently replaced the first's values in every record)."""
    columns = tuple(clean(h) for h in names)
    if not any(columns):  # «no column 'name' (columns: none)» did not say where they were
        first = "row 1 of the first sheet" if letters else "line 1"
        raise InputError(
            f"{first} is empty: the column names (name, ...) must be the first "
            f"{'row' if letters else 'line'}, the records under them",
            where=str(path),
        )
    seen: dict[str, int] = {}
    for i, name in enumerate(columns, 1):
        if name and name in seen:
            if letters:
                from openpyxl.utils import get_column_letter

                a, b = get_column_letter(seen[name]), get_column_letter(i)
            else:
                a, b = str(seen[name]), str(i)
            raise InputError(
                f"columns {a} and {b} are both named '{name}': rename one", where=str(path)
            )
        seen.setdefault(name, i)
    return columns


def complete(fields: dict[str, str], required: tuple[str, ...]) -> bool:
    """Whether a record has every field its template requires (else it fails alone)."""
    return all(fields.get(name) for name in required)


def _repeat_key(fields: dict[str, str]) -> tuple[tuple[str, str], ...] | None:
    """What makes two records the same (every field, spaces at the ends aside); None for an
    empty record."""
    key = tuple(sorted((k, v.strip()) for k, v in fields.items()))
    return key if any(v for _, v in key) else None


def _repeated(row: int, first: int) -> tuple[int, str]:
    return row, f"the same as row {first}: a second document is made"


def _repeats(records: list[Record]) -> list[tuple[int, str]]:
    """A warning for each record that repeats an earlier one field for field: a row pasted
    twice gets two documents (and two serial numbers), which an office wants to know."""
    first: dict[tuple[tuple[str, str], ...], int] = {}
    warnings = []
    for rec in records:
        key = _repeat_key(rec.fields)
        if key is None:
            continue
        if key in first:
            warnings.append(_repeated(rec.row, first[key]))
        else:
            first[key] = rec.row
    return warnings


class Repeats:
    """``_repeats`` for records read as a stream, in bounded memory: an 8-byte hash of each
    of the first ``LIMIT`` different records (a set of Python ints, about 6 MB at the limit;
    records past it are still checked against those). The rows a repeat copies are found in
    one more pass, made only when there is a repeat. Two different records share a hash with
    odds of about n² / 2⁶⁵ (3 in 10¹⁰ at 100,000)."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.hits: list[tuple[int, int]] = []  # (row, hash) of each repeat

    @staticmethod
    def _hash(fields: dict[str, str]) -> int | None:
        import hashlib

        key = _repeat_key(fields)
        if key is None:
            return None
        text = "\x1f".join(f"{k}\x1e{v}" for k, v in key).encode("utf-8", "surrogatepass")
        return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")

    def add(self, rec: Record) -> None:
        h = self._hash(rec.fields)
        if h is None:
            return
        if h in self.seen:
            self.hits.append((rec.row, h))
        elif len(self.seen) < self.LIMIT:
            self.seen.add(h)

    def warnings(self, again: Iterable[Record | tuple]) -> list[tuple[int, str]]:
        """The warnings, naming the first row of each repeated record (``again``: the records
        once more, read only when there is a repeat)."""
        self.seen.clear()
        if not self.hits:
            return []
        wanted = {h for _, h in self.hits}
        first: dict[int, int] = {}
        for rec in again:
            if isinstance(rec, Record) and (h := self._hash(rec.fields)) in wanted:
                first.setdefault(h, rec.row)  # type: ignore[arg-type]
        return [_repeated(row, first[h]) for row, h in self.hits if first.get(h, row) != row]


def read_records(path: Path, encoding: str | None = None, locale: str = "kk_KZ") -> Dataset:
    """Read a data file by its extension (.csv, .json, .xlsx); dates as ``locale`` writes them.

    A row that cannot be read is ``rejected`` (it fails alone); a row whose text looks
    damaged gets a warning."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder; give the data file (.csv, .json or .xlsx)", where=str(path))
    if not path.is_file():
        if path.exists():  # /dev/null, a pipe: there, but no file of rows
            raise InputError(
                "not a regular file (a device or a pipe); give the data file (.csv, .json "
                "or .xlsx)",
                where=str(path),
            )
        raise InputError("data file not found", where=str(path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        data = _csv(path, encoding)
    elif suffix == ".json":
        data = _json(path)
    elif suffix in (".xlsx", ".xlsm"):
        data = _xlsx(path, locale)
    else:
        raise InputError("unknown data format (use .csv, .json or .xlsx)", where=str(path))
    records = list(data.records)
    warnings = (*data.warnings, *_record_warnings(records), *_repeats(records))
    return replace(data, warnings=tuple(sorted(warnings)))


def _guess(data: bytes) -> str:
    """The encoding to suggest for bytes that are not UTF-8."""
    if data[:4096].count(b"\x00") > len(data[:4096]) // 8:
        return "utf-16"  # every other byte zero: UTF-16 saved without its byte-order mark
    try:
        text = data.decode("kz1048")
    except UnicodeDecodeError:
        return "cp1251"
    # kz1048 (Kazakh Windows) is cp1251 with the Kazakh letters in place of Serbian ones.
    return "kz1048" if re.search("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]", text) else "cp1251"


# A word of Latin-1 letters only (Èâàí Ïåòðîâ): Cyrillic bytes read in a Western encoding. A
# French or German name has accented letters among plain ones, never a word of them alone.
_MOJIBAKE = re.compile("(?<![^\\W\\d_])[\u00c0-\u00ff]{3,}(?![^\\W\\d_])")


def _refuse_mojibake(path: Path, text: str, data: bytes, encoding: str) -> None:
    """A --encoding that turns Cyrillic into Latin-1 letters fails the file before any
    document carries «Èâàí Ïåòðîâ»; the message names the line and the likely encoding."""
    m = _MOJIBAKE.search(text)
    if m is None or re.search("[\u0400-\u04ff]", text):
        return
    guess = _guess(data)
    line = text.count("\n", 0, m.start()) + 1
    raise InputError(
        f"line {line}: «{m.group(0)}» is not a word: read as {encoding}, this file's letters "
        f"are garbled; give its encoding: --encoding {guess}",
        where=str(path),
    )


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if not encoding and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"  # its byte-order mark says so (Excel's "Unicode text")
    if encoding:
        try:
            text = data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'", where=str(path)) from None
        except UnicodeDecodeError as e:
            raise InputError(f"not valid {encoding} at byte {e.start}", where=str(path)) from None
        _refuse_mojibake(path, text, data, encoding)
        return text
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"line {line}: not UTF-8 (byte 0x{data[e.start]:02X}); save it as UTF-8 or give its "
            f"encoding: --encoding {_guess(data)}",
            where=str(path),
        ) from None


def _csv(path: Path, encoding: str | None) -> Dataset:
    text = _decode(path, encoding)
    columns, rows = _csv_rows(path, io.StringIO(text, newline=""))
    records, rejected = [], []
    for row in rows:
        (records if isinstance(row, Record) else rejected).append(row)
    return Dataset(path, columns, tuple(records), tuple(rejected))


def _check_quotes(path: Path, stream: Any, delimiter: str) -> None:
    """Refuse a quote that is never closed: the lenient reader makes the rest of the file
    one cell (one record named «Бірлік,x,y⏎Асқар,…»); the stream is back where it was."""
    start = stream.tell()
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    row = 1
    try:
        while True:
            try:
                next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                if "unexpected end of data" in str(e):
                    raise InputError(
                        f'row {row}: a double quote (") opened in this row is never closed, so '
                        "the rest of the file would be one value; close it or remove it",
                        where=str(path),
                    ) from None
                # Other strict complaints («"Бірлік" жастар»): the lenient reader reads them.
            row = reader.line_num + 1
    finally:
        stream.seek(start)


def _csv_rows(path: Path, stream: Any) -> tuple[tuple[str, ...], Iterator[Record | tuple]]:
    """The columns of a CSV text stream, and its rows as they are read: a ``Record``, or
    (row, reason) for a row that cannot be read (it fails alone)."""
    # The delimiter is the one the header line uses most: column names rarely hold commas or
    # semicolons, while data often does (csv.Sniffer guesses wrong on such data).
    header_line = stream.readline()
    stream.seek(0)
    if header_line.startswith("\ufeff"):  # a byte-order mark read as text
        stream.read(1)
    delimiter = max(",;\t", key=header_line.count)
    _check_quotes(path, stream, delimiter)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", where=str(path)) from None
    columns = _header(path, header)

    def rows() -> Iterator[Record | tuple]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    if len(cells) > len(columns):
                        # Most often a comma inside a value without quotes: this row fails alone.
                        yield (
                            start,
                            f"{len(cells)} cells but {len(columns)} columns (a value "
                            f'holding "{delimiter}" must be in double quotes)',
                        )
                    else:
                        values = {c: clean(v) for c, v in zip(columns, cells, strict=False)}
                        yield Record(start, {c: values.get(c, "") for c in columns})
                start = reader.line_num + 1
        except csv.Error as e:  # a quote never closed: the rest of the file is one cell
            raise InputError(f"row {start}: {e}", where=str(path)) from None

    return columns, rows()


class StreamedCSV:
    """A CSV data file read row by row, as often as it is iterated, never held whole (for
    one file of 100,000 records in flat memory). The same rows, rejections and errors as
    ``read_records``: the encoding is checked in one streaming pass first."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.source = Path(path)
        if self.source.is_dir() or not self.source.is_file():
            read_records(self.source)  # the same message
        with open(self.source, "rb") as f:
            head = f.read(4)
        if not encoding and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            encoding = "utf-16"  # its byte-order mark says so (Excel's "Unicode text")
        self.encoding = encoding or "utf-8-sig"
        if not self._decodes():
            _decode(self.source, encoding)  # raises the error read_records would
        with self._open() as f:
            self.columns, _ = _csv_rows(self.source, f)

    def _decodes(self) -> bool:
        import codecs

        try:
            decoder = codecs.getincrementaldecoder(self.encoding)()
            with open(self.source, "rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except (LookupError, UnicodeDecodeError):
            return False
        return True

    def _open(self) -> Any:
        return open(self.source, encoding=self.encoding, newline="")

    def __iter__(self) -> Iterator[Record | tuple]:
        """Records, and (row, reason) for rows that cannot be read."""
        with self._open() as f:
            yield from _csv_rows(self.source, f)[1]

    require = Dataset.require  # reads only columns and source, which a stream has too


def stream_records(path: Path, encoding: str | None = None, locale: str = "kk_KZ") -> Any:
    """Rows to iterate, more than once: a CSV streamed, other formats read whole."""
    if Path(path).suffix.lower() in (".csv", ".txt", ".tsv"):
        return StreamedCSV(path, encoding)
    dataset = read_records(path, encoding, locale)

    class _Whole:
        source, columns, require = dataset.source, dataset.columns, dataset.require

        def __iter__(self) -> Iterator[Record | tuple]:
            yield from dataset.rejected
            yield from dataset.records

    return _Whole()


def lost_letters(record: Record) -> list[tuple[int, str]]:
    """The warnings read_records gives a record whose text looks damaged."""
    return _record_warnings([record])


def _json(path: Path) -> Dataset:
    try:
        data = json.loads(path.read_bytes().removeprefix(_BOM).decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 (JSON must be)", where=str(path)) from None
    except json.JSONDecodeError as e:
        raise InputError(f"line {e.lineno}: not valid JSON: {e.msg}", where=str(path)) from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError("must be a list of objects", where=str(path))
    if not data:
        raise InputError("no records: the list is empty", where=str(path))
    columns: dict[str, None] = {}
    for item in data:
        columns.update(dict.fromkeys(item))
    records = tuple(
        Record(n, {c: clean(item.get(c)) for c in columns}) for n, item in enumerate(data, 1)
    )
    return Dataset(path, tuple(columns), records)


def _xlsx(path: Path, locale: str) -> Dataset:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .xlsx needs openpyxl", where=str(path)) from None
    try:
        # Twice: the values the spreadsheet saved, and the formulas (a formula whose value
        # was never saved, as by a program that writes xlsx without calculating, reads None).
        book = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(f"not a readable workbook: {e}", where=str(path)) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    formula_rows = formulas.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    next(formula_rows, None)
    if header is None:
        raise InputError("the first sheet is empty", where=str(path))
    columns = _header(path, header, letters=True)
    records = []
    rejected = []
    for n, (cells, raw) in enumerate(zip(rows, formula_rows, strict=False), 2):
        unsaved = [
            i
            for i, (v, f) in enumerate(zip(cells, raw, strict=False))
            if v is None and isinstance(f, str) and f.startswith("=")
        ]
        if unsaved:
            from openpyxl.utils import get_column_letter

            cell = f"{get_column_letter(unsaved[0] + 1)}{n}"
            rejected.append(
                (
                    n,
                    f"cell {cell} holds a formula ({raw[unsaved[0]]}) with no saved value; "
                    "open the file in Excel or LibreOffice and save it, or paste values",
                )
            )
        elif any(c not in (None, "") for c in cells):
            fields = {c: clean(v, locale) for c, v in zip(columns, cells, strict=False)}
            records.append(Record(n, {c: fields.get(c, "") for c in columns}))
    book.close()
    formulas.close()
    return Dataset(path, columns, tuple(records), tuple(rejected))
