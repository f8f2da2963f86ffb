"""What an event office hands on after a batch: one archive, one merged PDF, the list that
verifies each document, and a report of every record.

All of them are made from the manifest's checksums, so they are incremental (rebuilt only
when a document changed) and deterministic (sorted names, fixed timestamps). Like the
documents, the lists and the report are written atomically but not forced to disk (no
fsync): the manifest is (it alone holds the serial numbers issued), and a run after a power
cut rewrites whatever the cut left short.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..publish.write import sha256, write_atomic
from .data import Dataset
from .jobs import Job, loaded
from .manifest import Ledger, inputs_key

VERIFY_CSV, VERIFY_JSON, REPORT = "verify.csv", "verify.json", "report.csv"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the archive


def hand_over(
    job: Job,
    dataset: Dataset,
    names: list[str],
    serials: dict[int, str],
    ledger: Ledger,
    result: Any,
    zip_out: bool,
    merge: bool,
    force: bool,
    source: Callable[[str], BinaryIO] | None = None,
) -> None:
    """Write the verification list, and the archive and merged PDF when asked; ``source``
    opens a document by name where the documents are not in the output folder (sent on to
    an fsspec URL). A run that issued no document writes none of them (see ``result.kept``)."""
    template, _ = loaded(job)
    issued = [
        (row, line)
        for row, line in sorted(result.rows.items())
        if line.get("status") in ("written", "unchanged") and line["file"] in ledger.entries
    ]
    if not issued:
        # Nothing issued (every record failed): no empty list nor archive to hand on. Those
        # of an earlier run are left as they are: they describe its documents, still in the
        # folder and the manifest (a failed record removes no file), and a run gone wrong
        # (wrong data file, photos folder) must not take back a list already published.
        names = (VERIFY_CSV, VERIFY_JSON, f"{template.name}-all.zip", f"{template.name}-all.pdf")
        result.kept = [result.out / n for n in names if (result.out / n).is_file()]
        return
    _write_verify(result, ledger, issued)
    if zip_out:
        files = sorted(line["file"] for _, line in issued)
        _write_zip(result, ledger, f"{template.name}-all.zip", files, force, source)
    if merge:
        records = [(r.row, r.fields) for r in dataset.records if r.row in dict(issued)]
        _write_merged(job, result, ledger, f"{template.name}-all.pdf", records, serials, force)


# A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or return before one):
# a record's name «=HYPERLINK(…)» in verify.csv or report.csv, opened in Excel. It is
# written after an apostrophe, which the spreadsheet shows not (OWASP, «CSV Injection»);
# verify.json keeps the text as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _write_verify(result: Any, ledger: Ledger, issued: list[tuple[int, dict]]) -> None:
    rows = [
        {
            "serial": line.get("serial", ""),
            "name": line.get("name", ""),
            "file": line["file"],
            "sha256": ledger.entries[line["file"]]["sha256"],
        }
        for _, line in issued
    ]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["serial", "name", "file", "sha256"])
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    for name, data in (
        (VERIFY_CSV, buf.getvalue().encode("utf-8")),
        (VERIFY_JSON, (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode()),
    ):
        path = result.out / name
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:
                result.handover.append(path)
                result.current.add(name)
                continue
        # Not forced to disk (as the documents): made from manifest.json, which is, and
        # written again by the next run if a power cut left it short.
        write_atomic(path, data, durable=False)
        result.handover.append(path)


def _write_zip(
    result: Any,
    ledger: Ledger,
    name: str,
    files: list[str],
    force: bool,
    source: Callable[[str], BinaryIO] | None = None,
) -> None:
    """One archive of the documents: stored (PDFs are compressed already), sorted, undated."""
    source = source or (lambda f: open(result.out / f, "rb"))
    key = inputs_key([(f, ledger.entries[f]["sha256"]) for f in files])
    path = result.out / name
    if not force and ledger.current(name, key):
        result.handover.append(path)
        result.current.add(name)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=result.out)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            for f in files:
                info = zipfile.ZipInfo(f, date_time=_ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix, whatever machine made it
                with zf.open(info, "w") as dst, source(f) as src:
                    while block := src.read(1 << 20):
                        dst.write(block)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    data = path.read_bytes()
    ledger.record(name, {"inputs": key, "sha256": sha256(data), "bytes": len(data)})
    result.handover.append(path)


def _write_merged(
    job: Job,
    result: Any,
    ledger: Ledger,
    name: str,
    records: list[tuple[int, dict[str, str]]],
    serials: dict[int, str],
    force: bool,
) -> None:
    """One PDF of every record, fonts embedded once (the single-file engine: written page by
    page, by the batch's workers, where the streaming writer can make it)."""
    from .book import record_chars
    from .run import _fingerprint
    from .single import build_book, stream_book

    key = inputs_key(_fingerprint(job), job.options(), records, serials, name)
    path = result.out / name
    if not force and ledger.current(name, key):
        entry = ledger.entries[name]
        result.books[path] = (entry.get("records", len(records)), entry["pages"])
        result.handover.append(path)
        result.current.add(name)
        return
    template, _ = loaded(job)
    streamed = None
    if not template.variants:  # a variant's own parts: build_book makes each
        chars: set[str] = set()
        for row, fields in records:
            chars |= record_chars(fields, serials.get(row, ""))
        workers = max(1, result.workers or 1)
        streamed = stream_book(job, records, len(records), path, serials, workers, chars)
    if streamed is not None:
        facts, failed = streamed
        if not facts["pages"]:
            return
        made = len(records) - len(failed)
        ledger.record(name, {"inputs": key, **facts, "records": made})
        result.books[path] = (made, facts["pages"])
        result.handover.append(path)
        return
    pdf, failed, pages = build_book(job, records, serials)
    if not pdf:
        return
    write_atomic(path, pdf)
    made = len(records) - len(failed)
    entry = {"sha256": sha256(pdf), "bytes": len(pdf), "pages": pages, "records": made}
    ledger.record(name, {"inputs": key, **entry})
    result.books[path] = (made, pages)
    result.handover.append(path)


def write_report(result: Any, lines: Iterable[tuple[int, dict[str, str]]] | None = None) -> Path:
    """report.csv: a line a record (row, status, file, page, serial, variant, message). ``lines``:
    (row, line) in row order, made as they are written (a single file's records, never held
    whole); by default the per-file run's ``result.rows``."""
    from ..publish.write import open_atomic

    notes: dict[int, list[str]] = {}
    for row, text in [*result.warnings, *result.untemplated, *result.defaulted]:
        notes.setdefault(row, []).append(text)
    if lines is None:
        for row, text in result.failures:
            result.rows.setdefault(row, {}).update(status="failed", message=text)
        lines = sorted(result.rows.items())
    # page: where a record's document begins in the one file of --single-file (else empty).
    cols = ["row", "status", "file", "page", "serial", "variant", "message"]
    path = result.out / REPORT
    with open_atomic(path, durable=False) as raw:  # made anew every run
        f = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.DictWriter(f, fieldnames=cols)
        writer.writeheader()
        for row, line in lines:
            message = "; ".join([line.get("message", ""), *notes.get(row, [])]).strip("; ")
            status = line.get("status", "failed")
            # A failed record's file was not written (an earlier run's may still be there),
            # nor its variant used: as in a single file's report.
            failed = status == "failed"
            file, variant = ("", "") if failed else (line.get("file", ""), line.get("variant", ""))
            writer.writerow(
                {
                    "row": row,
                    "status": status,
                    "file": spreadsheet_safe(file),
                    "page": line.get("page", ""),
                    "serial": spreadsheet_safe(line.get("serial", "")),
                    "variant": spreadsheet_safe(variant),
                    "message": message,
                }
            )
        f.flush()
        f.detach()  # the atomic file is closed (and renamed) by open_atomic
    result.handover.append(path)
    return path
