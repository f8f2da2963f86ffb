"""The `batch` and `preview` verbs: parse arguments, call the batch API, report, exit code."""

from __future__ import annotations

import argparse
import os
import sys

# The default file-name pattern, as generator.batch.names has it (not imported: `generator
# --help` must stay quick, and the CLI only shows it).
_DEFAULT_PATTERN = "{row:04d}-{name}"

EXIT_OK, EXIT_FAILED = 0, 1


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be ≥ 1")
    return value


def cmd_batch(args: argparse.Namespace) -> int:
    from ..cli import _pdfx_level
    from .run import run_batch

    _pdfx_level(args)
    result = run_batch(
        args.template,
        args.data,
        out=args.out,
        workers=args.workers,
        single_file=args.single_file,
        name=args.name,
        ascii_names=args.ascii_names,
        force=args.force,
        encoding=args.encoding,
        article=args.article,
        facts=args.facts,
        lang=args.lang,
        script=args.script,
        latin_names=args.latin_names,
        size=args.size,
        bleed_mm=args.bleed,
        color=args.color,
        marks=args.marks,
        pdfx=args.pdfx,
        icc=args.icc,
        dask=args.dask,
        serial=args.serial,
        serial_key=args.serial_key,
        template_by=args.template_by,
        zip_out=args.zip,
        merge=args.merge,
        images=args.images,
    )
    _summary(result)
    for row, text in result.warnings[:10]:
        print(f"warning: row {row}: {text}", file=sys.stderr)
    if len(result.warnings) > 10:
        print(f"warning: {len(result.warnings) - 10} more in report.csv", file=sys.stderr)
    for rows, reason in _grouped(result.failures):
        # Each line names the data file and the row(s), then what is wrong there; a reason
        # that every row gives (a box of the template outside the safe zone) is said once.
        print(f"error: {args.data}: {rows}: {reason}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def _grouped(failures: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """(rows, reason) with the rows that fail for the same reason together, in the order of
    their first row: «row 3», «rows 2–41 (40 records)», «rows 2, 5, 9–12 (6 records)»."""
    by_reason: dict[str, list[int]] = {}
    for row, reason in failures:
        by_reason.setdefault(reason, []).append(row)
    out = []
    for reason, rows in by_reason.items():
        if len(rows) == 1:
            out.append((f"row {rows[0]}", reason))
            continue
        rows = sorted(rows)
        spans, start = [], rows[0]
        for prev, row in zip(rows, [*rows[1:], None], strict=True):
            if row != prev + 1:
                spans.append(f"{start}" if start == prev else f"{start}\u2013{prev}")
                start = row
        out.append((f"rows {', '.join(spans)} ({len(rows)} records)", reason))
    return out


def _summary(result) -> None:  # noqa: ANN001 - a BatchResult (not imported: start-up time)
    """What an office reads at the end of a run; report.csv has a line a record."""
    failed = len(result.failures)
    if result.one_file:  # «1 written … of 2 records» read as one of two documents made
        book = next(iter(result.books.items()), None)
        if book is None:
            print(
                f"no file written: {failed} failed of {result.total} records into "
                f"{result.out} in {result.seconds:.1f} s"
            )
        else:
            path, (records, pages) = book
            state = "written" if path in result.written else "unchanged"
            name = os.path.basename(str(path))  # a Path, or a URL sent on to a store
            print(
                f"1 file {state}, {name}: {records} of {_count(result.total, 'record')} "
                f"on {_count(pages, 'page')}, {failed} failed, into {result.out} "
                f"in {result.seconds:.1f} s"
            )
    else:
        print(
            f"{len(result.written)} written, {result.skipped} unchanged, "
            f"{failed} failed of {result.total} records into {result.out} "
            f"in {result.seconds:.1f} s"
        )
    if result.warnings:
        n = len(result.warnings)
        print(f"{n} warning{'' if n == 1 else 's'} (in report.csv)")
    if result.untemplated:
        n = len(result.untemplated)
        print(
            f"{n} record{' has' if n == 1 else 's have'} no template of "
            f"{'its' if n == 1 else 'their'} own for --template-by and use"
            f"{'s' if n == 1 else ''} the given one (listed in report.csv)"
        )
    if result.defaulted:
        n = len(result.defaulted)
        print(
            f"{n} record{' has' if n == 1 else 's have'} no variant of "
            f"{'its' if n == 1 else 'their'} own and use{'s' if n == 1 else ''} the default "
            "(listed in report.csv)"
        )
    if not result.one_file and not (result.written or result.skipped):
        print("no document issued: no verify list, archive nor merged PDF written")
        if result.kept:
            names = ", ".join(os.path.basename(str(p)) for p in result.kept)
            print(f"kept as an earlier run wrote them: {names}")
    for path in result.handover:
        # Rebuilt only when a document changed: one as it was is said so, not «wrote».
        verb = "unchanged" if os.path.basename(str(path)) in result.current else "wrote"
        if path in result.books:  # --merge's one PDF of every record
            records, pages = result.books[path]
            print(f"{verb} {path} ({_count(records, 'record')} on {_count(pages, 'page')})")
        else:
            print(f"{verb} {path}")
    if result.stale:
        n = len(result.stale)
        shown = ", ".join(result.stale[:3]) + (", …" if n > 3 else "")
        what = "1 older PDF" if n == 1 else f"{n} older PDFs"
        print(
            f"warning: {result.out} holds {what} of no record in this data (a record removed, "
            f"or its file name changed): {shown}; "
            "no list or archive has them: delete them before handing the folder on",
            file=sys.stderr,
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify_pdf

    verdict = verify_pdf(args.pdf, args.manifest)
    print(verdict.message)
    return EXIT_OK if verdict.issued else EXIT_FAILED


def cmd_preview(args: argparse.Namespace) -> int:
    from .preview import write_preview

    index = write_preview(args.folder, width=args.width)
    print(f"wrote {index}")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `generator batch` and `generator preview` to the CLI."""
    from ..cli import _event_args, _press_args, path_arg, place_arg

    p = sub.add_parser(
        "batch",
        help="personalised documents from a data file (one PDF a record, or one for all)",
        description=(
            "Merge every record of a data file (CSV, JSON or XLSX) into a per-record template. "
            "Parallel, incremental (unchanged documents are not rebuilt) and safe to interrupt. "
            "A bad record fails alone; failures are listed by row and the exit code is 1."
        ),
    )
    p.add_argument(
        "template", metavar="TEMPLATE", help="certificate, invitation, badge or a folder"
    )
    p.add_argument(
        "--data", type=path_arg, required=True, metavar="FILE", help="records: .csv .json .xlsx"
    )
    p.add_argument("--encoding", help="the CSV's encoding when not UTF-8 (e.g. cp1251)")
    p.add_argument(
        "--out",
        type=place_arg,
        default="output/batch",  # text, not a Path: a Path makes memory://x "memory:/x"
        help="output folder, or an fsspec URL such as s3://bucket/certs (default: output/batch)",
    )
    p.add_argument(
        "--workers",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes (default: the number of cores)",
    )
    p.add_argument(
        "--single-file",
        action="store_true",
        help="one PDF, a record a page (badges: N-up sheets with cut marks)",
    )
    p.add_argument(
        "--name",
        default=_DEFAULT_PATTERN,
        metavar="PATTERN",
        help="file name from fields, e.g. '{name}' or '{row}-{organisation}' (default: %(default)s)",
    )
    p.add_argument(
        "--ascii-names",
        action="store_true",
        help="file names (and --single-file's) in Kazakh Latin, ASCII only: diacritics and "
        "apostrophes of every kind left out (O'Connor, O’Connor: OConnor), ш ч щ as sh ch shch "
        "(Шәріпова: Sharipova)",
    )
    p.add_argument("--force", action="store_true", help="rebuild every document")
    p.add_argument(
        "--size", help="paper size, when the template offers several (e.g. A6 for the invitation)"
    )
    _press_args(p, check=False)
    p.add_argument(
        "--images",
        type=path_arg,
        metavar="DIR",
        help="folder the data's picture paths (the photo column) are relative to and may not "
        "leave (default: the data file's folder)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster (tcp://host:8786), a file a record (not with "
        "--single-file); needs generator[dask]",
    )
    office = p.add_argument_group("event office")
    office.add_argument(
        "--serial",
        metavar="PATTERN",
        help="number every record, kept across runs, e.g. '№ {year}-{n:04}' "
        "(default: the template's settings.serial); the text reads it as {{ serial }}. "
        "A record that fails gives its number back and gets it again once mended: new "
        "records take such free numbers first",
    )
    office.add_argument(
        "--serial-key",
        metavar="FIELD",
        help="the column that identifies a person across runs (default: all of the record)",
    )
    office.add_argument(
        "--template-by",
        metavar="FIELD[:VALUE=FOLDER,...]",
        help="pick a template per record by FIELD: 'role:speaker=./badge-speaker' uses that "
        "folder for speakers; FIELD alone uses the template's settings.template_by.FIELD "
        "(other values use TEMPLATE and are reported)",
    )
    office.add_argument(
        "--zip", action="store_true", help="also write TEMPLATE-all.zip of every document"
    )
    office.add_argument(
        "--merge", action="store_true", help="also write TEMPLATE-all.pdf, every record a page"
    )
    _event_args(p)
    p.add_argument(
        "--latin-names",
        action="store_true",
        help="with --script latn, transliterate the records' fields (names) too",
    )
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser(
        "verify",
        help="say whether a PDF is one a batch issued, unchanged",
        description=(
            "Look a document up by its SHA-256 in a batch's manifest.json (or verify.json): "
            "exit 0 when it was issued and is unchanged, 1 otherwise."
        ),
    )
    p.add_argument(
        "pdf", type=place_arg, metavar="FILE.pdf", help="a path or an fsspec URL (s3://…)"
    )
    p.add_argument(
        "--manifest",
        type=place_arg,
        required=True,
        metavar="DIR",
        help="the batch's output folder (or its manifest.json / verify.json / verify.csv), "
        "a path or an fsspec URL as batch --out takes",
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "preview",
        help="thumbnails and an index.html gallery of a folder of PDFs",
        description="Write a PNG of each PDF's first page and index.html (name, pages, size, status).",
    )
    p.add_argument("folder", type=path_arg, metavar="DIR")
    p.add_argument("--width", type=_positive, default=240, help="thumbnail width in pixels")
    p.set_defaults(func=cmd_preview)
