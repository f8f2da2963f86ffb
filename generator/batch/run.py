"""Run a batch: one PDF a record (in parallel, locally or on Dask) or one PDF for all records.

Incremental: a document whose inputs (record, template, fonts, event, options) are unchanged
and whose file still has its checksum is not rebuilt. Every file is written atomically, so an
interrupted run leaves finished PDFs and no partial one; the next run completes the rest.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..compose.template import Template
from ..content.language import LANGUAGES
from ..errors import GeneratorError, InputError, UsageError
from .ahead import Ahead
from .data import Dataset, complete, read_records, stream_records
from .jobs import Job, Outcome, inputs, render_chunk, warm
from .lock import FolderLock
from .manifest import Ledger, files_digest, inputs_keys, remove_stale_temporaries
from .names import DEFAULT_PATTERN, file_names
from .progress import Progress
from .serials import SerialBook
from .template_by import declared, jobs_by


@dataclass
class BatchResult:
    """What a batch did: files written, files already current, and each failed row's reason."""

    out: Path
    total: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # built, but look again
    seconds: float = 0.0
    workers: int = 0
    defaulted: list[tuple[int, str]] = field(default_factory=list)  # row: no variant of its own
    # row: no template of its own for --template-by's value (the given template is used)
    untemplated: list[tuple[int, str]] = field(default_factory=list)
    handover: list[Path] = field(default_factory=list)  # zip, merged PDF, verify list, report
    # Hand-over files already as this run would make them, left untouched (said «unchanged»).
    current: set[str] = field(default_factory=set)
    rows: dict[int, dict[str, str]] = field(default_factory=dict)  # row → its line of report.csv
    # Documents an earlier run made in the folder under names this data no longer gives (a
    # record removed, or its file name changed: another row, a corrected name): still on disk.
    stale: list[str] = field(default_factory=list)
    # Files that hold several records (--single-file's, --merge's): path → (records, pages).
    books: dict[Path, tuple[int, int]] = field(default_factory=dict)
    one_file: bool = False  # --single-file: the records are pages of one file
    # A run that issued no document writes no hand-over file: an earlier run's, left as they are.
    kept: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class _Reading:
    """What a batch reads before its first document: the records, and (for a file a record)
    their file names, serial-number identities and the job's fingerprint. ``None``: not
    made ahead (made where it is needed)."""

    dataset: Dataset
    names: list[str] | None = None
    ids: list[str] | None = None
    fingerprint: dict[str, str] | None = None


def _named_columns(pattern: str) -> tuple[str, ...]:
    """The columns a file-name pattern names («{Школа}-{name}» → Школа, name)."""
    import string

    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:  # a pattern that fails is said where the names are made
        return ()
    return tuple(re.split(r"[.\[]", field)[0] for _, field, _, _ in parts if field)


def _read(
    job: Job,
    tpl: Template,
    data: Path,
    encoding: str | None,
    locale: str,
    name: str,
    ascii_names: bool,
    numbering: str | None | bool,
    read: tuple[str, ...] = (),
) -> _Reading:
    """Read the data file and what follows from it alone (see ``_Reading``); ``numbering``:
    the serial key field (None: the whole record), or False when nothing is numbered;
    ``read``: the columns the run reads besides the template's fields (Dataset.require)."""
    from .serials import record_id

    dataset = read_records(data, encoding, locale)
    # Before any document is made; an optional field's column may be left out of the file.
    dataset.require(job.required, tpl.name, tpl.fields, read)
    reading = _Reading(dataset, fingerprint=_fingerprint(job))
    with contextlib.suppress(InputError):  # a pattern that fails is said later, where it was
        reading.names = file_names(dataset.records, name, ascii_names)
    if numbering is not False:
        reading.ids = [record_id(r.fields, numbering) for r in dataset.records]  # type: ignore[arg-type]
    return reading


def _fingerprint(job: Job) -> dict[str, str]:
    """Hashes of everything besides the record that shapes a document."""
    from ..resources import families
    from .jobs import inputs

    template, event = inputs(job)
    faces = sorted({p for fam in template.fonts.values() for p in families()[fam].faces.values()})
    sources = (event.article.source, event.facts.source)
    event_files = [Path(s) for s in sources if Path(s).is_file()]
    ev = event.facts.event
    event_files += [p for p in (ev.logo, ev.photo, ev.signature, *ev.partners) if p]
    return {
        "template": files_digest([template.data_file, template.text_file]),
        **({"icc": files_digest([Path(job.icc)])} if job.icc else {}),
        "fonts": files_digest(faces),
        "event": files_digest(event_files),
        "generator": __version__,
    }


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _picture_columns(job: Job) -> list[str]:
    """The columns the template's image boxes read a picture path from."""
    from .jobs import loaded

    template, _ = loaded(job)
    boxes = [b for page in template.pages for b in page.boxes if b.type == "image"]
    return [b.opt("source")[7:] for b in boxes if b.opt("source").startswith("record.")]


def _stamps(job: Job, fields: dict[str, str], columns: list[str]) -> list[object]:
    """Size and time of each record picture: a replaced photo rebuilds its document."""
    stamps: list[object] = []
    for col in columns:
        path = Path(job.images or ".") / fields.get(col, "")
        try:
            st = path.stat()
            stamps.append([st.st_size, st.st_mtime_ns])
        except OSError:
            stamps.append(None)
    return stamps


def _required(template_fields: tuple[str, ...], settings: dict) -> tuple[str, ...]:
    optional = set(settings.get("optional", []))
    return tuple(f for f in template_fields if f not in optional)


def _without_cycle_collector(run: Any) -> Any:
    """A per-file run's parent without Python's cycle collector (restored after): it walked
    everything start-up loads (ReportLab, fonts, the template laid out once) again and again and
    freed nothing. The parent makes no garbage cycles a record; workers collect as usual."""

    @functools.wraps(run)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        if not kwargs.get("single_file"):
            gc.disable()
        try:
            return run(*args, **kwargs)
        finally:
            (gc.enable if collecting else gc.disable)()

    return wrapper


@_without_cycle_collector
def run_batch(
    template: str | Path,
    data: str | Path,
    *,
    out: str | Path = "output/batch",
    workers: int | None = None,
    single_file: bool = False,
    name: str = DEFAULT_PATTERN,
    ascii_names: bool = False,
    force: bool = False,
    encoding: str | None = None,
    article: str | Path | None = None,
    facts: str | Path | None = None,
    lang: str | None = None,
    script: str = "cyrl",
    latin_names: bool = False,
    size: str | None = None,
    bleed_mm: float = 3.0,
    color: str = "rgb",
    marks: bool = False,
    pdfx: bool | str = False,
    icc: str | Path | None = None,
    dask: str | None = None,
    progress: TextIO | None = None,
    chunk: int | None = None,
    serial: str | None = None,
    serial_key: str | None = None,
    template_by: str | None = None,
    zip_out: bool = False,
    merge: bool = False,
    images: str | Path | None = None,
) -> BatchResult:
    """Build a template for every record of a data file into ``out``; see the module docstring.

    Press options (``bleed_mm``, ``marks``, ``color``, ``pdfx`` False/"x1a"/"x4", ``icc``) are
    those of ``generator build``, checked once before any record is made.
    ``serial`` numbers each record (a pattern such as ``№ {year}-{n:04}``; default: the
    template's ``settings.serial``), kept across runs by ``serial_key`` or the whole record.
    ``template_by`` is ``FIELD`` (the templates the template's ``settings.template_by`` declares
    for its values) or ``FIELD:VALUE=FOLDER,…``; see ``template_by.py``.
    ``zip_out`` and ``merge`` also write one archive and one PDF of every record.
    """
    from ..api import check_press_options, find_template
    from ..press.pdfx import pdfx_level

    start = time.perf_counter()
    check_press_options(bleed_mm=bleed_mm, color=color, pdfx=pdfx, icc=Path(icc) if icc else None)
    level = pdfx_level(pdfx)
    tpl = find_template(template)
    if tpl.kind != "record":
        raise InputError(f"template '{tpl.name}' is not made per record (kind {tpl.kind})")
    # The options hold for every record: checked once, before any record is read.
    size = None if size is None else tpl.offered(size)
    if images is not None and not Path(images).is_dir():  # else each record said it alone
        raise InputError(
            "--images: not a folder" if Path(images).exists() else "--images: folder not found",
            where=str(images),
        )
    job = Job(
        str(tpl.folder),
        str(article) if article else None,
        str(facts) if facts else None,
        size,
        bleed_mm,
        color,
        marks,
        required=_required(tpl.fields, tpl.settings),
        pdfx=level.name if level else False,
        icc=str(Path(icc).resolve()) if icc else None,
        lang=lang,
        script=script,
        latin_records=latin_names,
        # Record pictures are relative to (and kept inside) --images, else the data's folder.
        images=str(Path(images or Path(data).parent).resolve()),
    )
    serial = serial if serial is not None else tpl.settings.get("serial")
    if serial:
        from .serials import check_pattern

        check_pattern(
            serial, "--serial" if serial != tpl.settings.get("serial") else str(tpl.data_file)
        )
    if dask and single_file:  # the one file is drawn by this machine's processes
        raise UsageError(
            "--single-file is made on this machine (its pages by --workers processes); "
            "--dask builds a file a record: leave one out"
        )
    if template_by and single_file:
        raise UsageError("--template-by makes one template per record: leave out --single-file")
    by = declared(template_by, tpl) if template_by else None
    # Columns the run reads besides the template's fields: never refused as read by nothing.
    read = (
        *_named_columns(name),
        *((by.field,) if by else ()),
        *((serial_key,) if serial_key else ()),
    )
    if (zip_out or merge) and single_file:
        raise UsageError(
            f"--{'zip' if zip_out else 'merge'} gathers the files of a record each: "
            "--single-file makes one file of every record already; leave one out"
        )
    if single_file or merge:  # a stock's name, size and room: before any record is made
        from .single import check_sheet

        check_sheet(job, tpl)
    from ..api import input_date

    # The documents' date, fixed here: a Dask worker's copies of the inputs are newer.
    job = replace(job, date=input_date(*inputs(job)))
    locale = LANGUAGES[inputs(job)[1].lang].locale  # dates in the data, as the event writes them
    # One file of a plain template's records streams the data, never holding it whole.
    streamed = single_file and not tpl.variants
    if streamed:
        warm(job)  # in the parent too: forked workers inherit the loaded fonts and template
        dataset = stream_records(Path(data), encoding, locale)
        # Before any document is made; an optional field's column may be left out of the file.
        dataset.require(job.required, tpl.name, tpl.fields, read)
        reading = _Reading(dataset)
    else:
        # Read while the fonts load and the template's fixed parts are laid out (in a forked
        # process: no core waits for the other); errors are said here, in the same order.
        numbering = serial_key if serial else False
        with Ahead(
            _read, job, tpl, Path(data), encoding, locale, name, ascii_names, numbering, read
        ) as ahead:
            warm(job)  # in the parent too: forked workers inherit the loaded fonts and template
            reading = ahead.result()
        dataset = reading.dataset
    if next(iter(dataset), None) is None if streamed else not (dataset.records or dataset.rejected):
        # A header alone: «0 written of 0 records» and exit 0 looked like a batch done.
        raise InputError(
            "no records: the file has its header and nothing under it", where=str(data)
        )
    # No more processes than records or cores (more would only wait and take memory).
    if not single_file:
        workers = max(1, min(workers or _cores(), _cores(), len(dataset.records)))
    else:  # a streamed book's pages are drawn by worker processes (see single.stream_book)
        workers = max(1, min(workers or _cores(), _cores()))
    sink = Sink(str(out)) if is_url(out) else None
    with (
        contextlib.nullcontext() if single_file else _Pool(workers, dask, job) as pool,
        # An fsspec URL: files are made in a local staging folder (the ledger's too), sent on.
        tempfile.TemporaryDirectory(prefix="generator-out-")
        if sink
        else contextlib.nullcontext(out) as local,
    ):
        untemplated: list[tuple[int, str]] = []
        jobs = jobs_by(by, tpl, job, dataset, untemplated) if by else {}
        if serial_key and serial_key not in dataset.columns:
            raise InputError(
                f"no column '{serial_key}' for --serial-key", where=str(dataset.source)
            )
        shared_keys: list[tuple[int, str]] = []
        if serial and serial_key:  # said before the folder is touched
            shared_keys = _check_keys(dataset, serial_key, job.required)
        # Before the folder is made or locked: an error here leaves nothing behind.
        names = [] if single_file else reading.names
        if names is None:  # the pattern fails: said here, as it always was
            names = file_names(dataset.records, name, ascii_names)
        out = Path(local)
        out.mkdir(parents=True, exist_ok=True)
        lock = FolderLock(out)
        lock.acquire()  # before touching anything in the folder
        remove_stale_temporaries(out)
        result = BatchResult(out, one_file=single_file)
        if not streamed:
            result.total = len(dataset.records) + len(dataset.rejected)
            result.failures.extend(dataset.rejected)
            result.warnings.extend(dataset.warnings)
        result.warnings.extend(shared_keys)
        result.workers = workers
        ledger = Ledger(out)
        book = _serial_book(out, serial, serial_key, job) if serial else None
        labels = names or ([] if streamed else [str(r.row) for r in dataset.records])
        serials: dict[int, str] = {}
        if book and not streamed:  # a stream is numbered as it is read (single.py)
            ids = reading.ids or []
            serials = book.assign_ids(
                [
                    (r.row, rid, n)
                    for r, rid, n in zip(dataset.records, ids, labels, strict=True)
                    if complete(r.fields, job.required)  # one that fails takes no number
                ]
            )
        result.untemplated.extend(untemplated)
        if not streamed:
            _variant_warnings(job, jobs, dataset, result)
            _picture_warnings(job, jobs, dataset, result)
        failing = False  # an error on its way out: closing must not replace it with its own
        try:
            ledger.open()
            if single_file:
                from .single import run_single

                fp = _fingerprint(job)
                run_single(
                    job,
                    dataset,
                    out,
                    ledger,
                    result,
                    fp,
                    force,
                    name,
                    serials,
                    book,
                    workers,
                    ascii_names=ascii_names,
                )
            else:
                todo = _outdated(
                    job, jobs, dataset, names, serials, ledger, result, force, reading.fingerprint
                )
                made = set(names)
                result.stale = sorted(
                    name
                    for name, entry in ledger.entries.items()
                    if "row" in entry and name not in made and (out / name).is_file()
                )
                if todo:
                    remote = dask is not None
                    _run_files(pool, remote, todo, ledger, result, progress, chunk, sink)
                # Idle workers end while this process hands over (joined on leaving the pool).
                getattr(pool, "release", lambda: None)()
                from .handover import hand_over

                gc.enable()  # --merge may start workers of its own: they collect as usual
                hand_over(
                    job,
                    dataset,
                    names,
                    serials,
                    ledger,
                    result,
                    zip_out,
                    merge,
                    force,
                    sink.open if sink else None,
                )
        except BaseException:
            failing = True
            from .pools import held

            # Workers stopped before the run is closed: none writes on once it says it ended,
            # and their half-written temporaries go (the next run would remove them); a
            # second Ctrl-C waits for this.
            with held():
                getattr(pool, "stop", lambda: None)()
                remove_stale_temporaries(out)
            raise
        finally:
            # A full disk failed the book: writing manifest.json then fails too, and its error
            # named the manifest, not the book (the journal keeps what the next run needs).
            try:
                with contextlib.suppress(OSError) if failing else contextlib.nullcontext():
                    _close(book, ledger, result, single_file, sink, out)
            finally:
                lock.release()
            result.seconds = time.perf_counter() - start
    result.failures.sort()
    return result


def _close(
    book: SerialBook | None,
    ledger: Ledger,
    result: BatchResult,
    single_file: bool,
    sink: Sink | None,
    out: Path,
) -> None:
    """What a run writes at its end, also when it stops early: the numbers given back, the
    manifest, report.csv, and (to an fsspec URL) everything made."""
    if book:  # a record that failed in the making carries no number
        for row in book.release(_without_document(book, result, single_file)):
            result.rows.get(row, {}).pop("serial", None)
    ledger.close({"serials": book.section()} if book else None)
    if not single_file:
        from .handover import write_report
        from .jobs import drop_placeholder_notes

        result.failures.sort()
        drop_placeholder_notes(result)
        write_report(result)
    if sink:  # what was made in the staging folder: book, manifest, report...
        sent = {p.name: sink.put(p) for p in sorted(out.iterdir()) if _public(p)}
        result.written = [sent.get(Path(p).name, p) for p in result.written]  # type: ignore[misc]
        result.handover = [sent.get(Path(p).name, p) for p in result.handover]  # type: ignore[misc]
        result.current = set()  # every file is sent anew
        result.books = {sent.get(Path(p).name, p): n for p, n in result.books.items()}  # type: ignore[misc]
        result.out = sink.url  # type: ignore[assignment]


def _without_document(book: SerialBook, result: BatchResult, single_file: bool) -> list[int]:
    """The rows this run numbered that no written document carries: those that failed, and
    (a run interrupted, or stopped by a full disk) those not reached."""
    failed = [row for row, _ in result.failures]
    if single_file:  # the one file carries every number but the failed ones, once it is made
        return failed if result.written or result.skipped else list(book.fresh)
    made = ("written", "unchanged")
    return [row for row in book.fresh if result.rows.get(row, {}).get("status") not in made]


def _check_keys(dataset: Dataset, key: str, required: tuple[str, ...]) -> list[tuple[int, str]]:
    """Every record that will be numbered has its --serial-key (as SerialBook requires); a
    data file read as a stream is read once more for this. Returns a warning for each record
    whose key an earlier one has too (two people of one id: each keeps its number by its file
    name, not by the key)."""
    records = dataset.records if isinstance(dataset, Dataset) else dataset
    first: dict[int, int] = {}  # a key's hash → the first row that has it (bounded memory)
    shared = []
    for rec in records:
        if isinstance(rec, tuple):  # a row that cannot be read: it fails alone, unnumbered
            continue
        if not complete(rec.fields, required):
            continue
        value = rec.fields.get(key, "").strip()
        if not value:
            raise InputError(
                f"row {rec.row}: the serial key field '{key}' is empty (--serial-key)",
                where=str(dataset.source),
            )
        row = first.setdefault(hash(value), rec.row)
        if row != rec.row:
            shared.append((rec.row, f"the --serial-key '{key}' value '{value}' is row {row}'s too"))
    return shared


def _serial_book(out: Path, pattern: str, key: str | None, job: Job) -> SerialBook:
    from .jobs import loaded

    _, event = loaded(job)
    return SerialBook.open(out, pattern, event.facts.event.year, key)


def _variant_warnings(
    job: Job, jobs: dict[int, Job], dataset: Dataset, result: BatchResult
) -> None:
    """Note each record whose value has no variant (it is built with the default): in
    report.csv a line each, on the console one count (most values of a free-text field such as
    a role are expected to take the default)."""
    from ..compose.variants import choose
    from .jobs import loaded

    for rec in dataset.records:
        choice = choose(loaded(jobs.get(rec.row, job))[0], rec.fields)
        if choice.warning:
            result.defaulted.append((rec.row, choice.warning))


def _picture_warnings(
    job: Job, jobs: dict[int, Job], dataset: Dataset, result: BatchResult
) -> None:
    """Note each record whose picture cell is empty: its template's placeholder is drawn
    (a path given but not found fails the record instead, when it is laid out)."""
    from .jobs import empty_pictures, loaded, record_pictures

    # By the job itself: two values of one folder (speaker=X, спикер=X) give equal jobs,
    # which the set keeps once, so an id() of the other was no key.
    pictures = {j: record_pictures(loaded(j)[0]) for j in {job, *jobs.values()}}
    for rec in dataset.records:
        columns = pictures[jobs.get(rec.row, job)]
        if columns:
            result.warnings.extend(empty_pictures(columns, rec.row, rec.fields))


Item = tuple[int, str, dict[str, str], str, str, Job]  # row, file, fields, inputs key, serial, job


def _outdated(
    job: Job,
    jobs: dict[int, Job],
    dataset: Dataset,
    names: list[str],
    serials: dict[int, str],
    ledger: Ledger,
    result: BatchResult,
    force: bool,
    fingerprint: dict[str, str] | None = None,
) -> list[Item]:
    """The records whose file is missing, changed, or built from other inputs
    (``fingerprint``: the job's, if already made)."""
    from ..compose.variants import choose
    from .jobs import loaded

    # Per job: what its records' keys share, and the columns its pictures come from.
    keys: dict[Job, tuple[Callable[..., str], list[str]]] = {}
    options = job.options()
    todo = []
    for rec, fname in zip(dataset.records, names, strict=True):
        rjob = jobs.get(rec.row, job)
        if rjob not in keys:
            fp = fingerprint if rjob == job and fingerprint else _fingerprint(rjob)
            keys[rjob] = (inputs_keys(fp, options), _picture_columns(rjob))
        key_of, columns = keys[rjob]
        choice = choose(loaded(rjob)[0], rec.fields)
        serial = serials.get(rec.row, "")
        variant = ",".join(v for _, v in choice.key)
        result.rows[rec.row] = {
            "file": fname,
            "name": rec.fields.get("name", ""),
            "serial": serial,
            "variant": variant,
        }
        stamps = _stamps(rjob, rec.fields, columns) if columns else []  # a new photo rebuilds
        key = key_of(rec.fields, fname, serial, stamps)
        if not force and ledger.current(fname, key):
            result.skipped += 1
            result.rows[rec.row]["status"] = "unchanged"
            result.warnings.extend((rec.row, w) for w in ledger.entries[fname].get("warnings", ()))
        else:
            todo.append((rec.row, fname, rec.fields, key, serial, rjob))
    return todo


def _run_files(
    pool: Executor,
    remote: bool,
    todo: list[Item],
    ledger: Ledger,
    result: BatchResult,
    stream: TextIO | None,
    chunk: int | None,
    sink: Sink | None = None,
) -> None:
    """Build the records in chunks on the pool; note each file as its chunk comes back
    (and send it to the sink, when the output is a URL)."""
    from ..publish.write import write_atomic

    keys = {fname: key for _, fname, _, key, _, _ in todo}
    bar = Progress(len(todo), stream)
    workers = getattr(pool, "_max_workers", None) or os.cpu_count() or 1
    by_job: dict[Job, list[tuple[int, str, dict[str, str], str]]] = {}
    for row, fname, fields, _, serial, rjob in todo:
        by_job.setdefault(rjob, []).append((row, fname, fields, serial))
    chunks = []
    for rjob, items in by_job.items():
        at = 0
        for size in chunk_sizes(len(items), workers, chunk):
            chunks.append((rjob, items[at : at + size]))
            at += size

    def take(outcomes: list[Outcome]) -> None:
        finished: list[tuple[str, dict[str, Any]]] = []  # journaled together, one write
        try:
            _take(outcomes, finished)
        finally:  # what the chunk finished, also before a fault or a sink's refusal
            ledger.record_many(finished)

    def _take(outcomes: list[Outcome], finished: list[tuple[str, dict[str, Any]]]) -> None:
        failed = 0
        for o in outcomes:
            if o.fault is not None:
                bar.advance(len(outcomes) - failed - 1, failed)
                raise o.fault
            line = result.rows.setdefault(o.row, {"file": o.file})
            result.warnings.extend((o.row, w) for w in o.warnings)
            if o.error:
                result.failures.append((o.row, o.error))
                line.update(status="failed", message=o.error)
                failed += 1
                continue
            path: Path | str = result.out / o.file
            if sink is not None:
                path = sink.pipe(o.file, o.data)  # type: ignore[arg-type]
            elif o.data is not None:  # a remote worker sent the bytes
                write_atomic(path, o.data, durable=False)  # type: ignore[arg-type]
            entry = {"row": o.row, "inputs": keys[o.file], "sha256": o.sha256, "bytes": o.size}
            entry.update({k: line[k] for k in ("serial", "name", "variant") if line.get(k)})
            if o.warnings:  # said again while the document stays unchanged
                entry["warnings"] = list(o.warnings)
            finished.append((o.file, entry))
            result.written.append(path)  # type: ignore[arg-type]
            line["status"] = "written"
        bar.advance(len(outcomes) - failed, failed)

    out_dir = None if remote or sink else str(result.out)
    carry = getattr(pool, "carry", None)
    if carry is not None:  # a Dask cluster: each job's files travel as content, sent once
        from .carry import render_carried

        futures: list[Future] = [pool.submit(render_carried, carry(j), j, c) for j, c in chunks]
    else:
        futures = [pool.submit(render_chunk, j, c, out_dir) for j, c in chunks]
    from concurrent.futures.process import BrokenProcessPool

    taken: set[Future] = set()
    try:
        for fut in _as_done(futures):
            taken.add(fut)
            try:
                outcomes = fut.result()
            except BrokenProcessPool:  # killed, out of memory: the pool fails every chunk
                raise GeneratorError(
                    "a worker process ended unexpectedly (killed, or out of memory?); "
                    "finished files are kept: run the same command again to complete"
                ) from None
            take(outcomes)
    except BaseException:
        for fut in futures:
            fut.cancel()
        # Chunks that came back before the stop are noted too, so the next run does not make
        # them again: one that finished in the same wait as a full disk's (a worker's chunks
        # end in order) was left out when the set of done chunks gave the fault first.
        for fut in futures:
            if fut not in taken and fut.done() and not fut.cancelled() and not fut.exception():
                with contextlib.suppress(Exception):  # a fault of its own: the first one is said
                    take(fut.result())
        raise
    finally:
        bar.finish()


def chunk_sizes(count: int, workers: int, fixed: int | None = None) -> list[int]:
    """How ``count`` records are cut into chunks for ``workers``: ``fixed`` each if given, else
    up to 16 (a killed run loses little, the parent notes progress often), getting smaller
    towards the end (down to 4) so that no worker is left waiting while another finishes a
    long last chunk."""
    if fixed:
        return [min(fixed, count - at) for at in range(0, count, fixed)]
    top = max(1, min(16, count // (workers * 4)))
    sizes, left = [], count
    while left:
        size = min(left, max(min(top, 4), min(top, left // (workers * 4))))
        sizes.append(size)
        left -= size
    return sizes


def _as_done(futures: list[Future]) -> Iterator[Future]:
    """The futures as they finish; those that finished together in the order given."""
    order = {fut: i for i, fut in enumerate(futures)}
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when="FIRST_COMPLETED")
        yield from sorted(done, key=order.__getitem__)


def _public(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".")


def is_url(out: str | Path) -> bool:
    """Whether ``--out`` names an fsspec location (s3://..., memory://...) not a folder."""
    return "://" in str(out)


class Sink:
    """Where finished files go when ``--out`` is an fsspec URL: each file as it is made."""

    def __init__(self, url: str) -> None:
        try:
            import fsspec
        except ImportError:  # pragma: no cover - a declared dependency
            raise InputError("an --out URL needs fsspec: pip install fsspec") from None
        try:
            self.fs, self.root = fsspec.core.url_to_fs(url)
            self.fs.makedirs(self.root, exist_ok=True)
        except (ImportError, ValueError, OSError) as e:
            raise InputError(f"cannot write to {url}: {e}") from None
        self.url = url.rstrip("/")
        if self.url.endswith(":"):  # a store's root, memory://: files are memory:///NAME
            self.url += "//"

    def pipe(self, name: str, data: bytes) -> str:
        self.fs.pipe_file(f"{self.root}/{name}", data)
        return f"{self.url}/{name}"

    def open(self, name: str) -> Any:
        """A file sent there, to read (the archive of the documents is made from them)."""
        return self.fs.open(f"{self.root}/{name}", "rb")

    def put(self, path: Path) -> str:
        self.fs.put_file(str(path), f"{self.root}/{path.name}")
        return f"{self.url}/{path.name}"


def _start_worker(job: Job) -> None:
    """A local worker: its own cycle collector on (a worker makes a document's cycles), the
    job loaded."""
    gc.enable()
    warm(job)


class _Pool:
    """A process pool on this machine, or a Dask cluster's executor; closed on exit."""

    def __init__(self, workers: int, dask: str | None, job: Job) -> None:
        self.workers, self.dask, self.job = workers, dask, job
        self.client = None

    def __enter__(self) -> Executor:
        if self.dask is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # fork: workers start with the parent's fonts and template already loaded.
            method = "fork" if "fork" in mp.get_all_start_methods() else None
            self.pool: Executor = ProcessPoolExecutor(
                self.workers,
                mp_context=mp.get_context(method),
                initializer=_start_worker,
                initargs=(self.job,),
            )
            self.pool.release = self.release  # type: ignore[attr-defined]
            self.pool.stop = self.stop  # type: ignore[attr-defined]
            from .pools import start

            # What the parent loaded lasts the whole run: frozen, a forked worker's cycle
            # collector never walks it (nor copies its memory pages by touching them).
            gc.freeze()
            try:
                # Every worker forked now; planning goes on as they start.
                start(self.pool)
            finally:
                gc.unfreeze()
            return self.pool
        gc.enable()  # a Dask client's long run makes cycles of its own
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                "--dask needs the optional extra: pip install 'generator[dask]'"
            ) from None
        try:
            self.client = Client(self.dask, timeout="10s")
        except OSError as e:
            raise InputError(f"cannot reach the Dask scheduler at {self.dask}: {e}") from None
        except (ValueError, TypeError) as e:  # «missing port number in address 'x'»
            raise InputError(
                f"--dask {self.dask!r}: not a scheduler address ({e}); e.g. tcp://host:8786"
            ) from None
        self.pool = self.client.get_executor(pure=False)
        self.pool.carry = self.carry  # type: ignore[attr-defined]
        return self.pool

    def carry(self, job: Job) -> object:
        """The job's files as content, sent to every worker once and kept there: workers
        need no disk shared with this one."""
        from .carry import pack

        carried = self.__dict__.setdefault("carried", {})
        if job not in carried:
            carried[job] = self.client.scatter(pack(job), broadcast=True, hash=False)
        return carried[job]

    def release(self) -> None:
        """No more work for a local pool: its workers end now, not when the pool is left."""
        # shutdown without waiting forgets the thread that ends the workers: kept to join.
        self.ending = getattr(self.pool, "_executor_manager_thread", None)
        self.pool.shutdown(wait=False)

    def stop(self) -> None:
        """Stop a local pool's workers now (an error, Ctrl-C, SIGTERM), each reaped: none is
        left to finish its chunk, whose files would go unnoted (the next run makes them
        again), nor to keep the process from ending."""
        if self.client is None:
            from .pools import stop

            stop(self.pool)

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        interrupted = exc is not None
        if self.client is not None:
            self.pool.shutdown(wait=not interrupted)
            self.client.close()
        elif interrupted:
            self.stop()
        else:
            self.pool.shutdown(wait=True)
            ending = getattr(self, "ending", None)
            if ending is not None:
                ending.join()
