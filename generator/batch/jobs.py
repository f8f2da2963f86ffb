"""The work a batch worker does: load the template and the event once, then build records.

Everything a job needs travels in a small picklable ``Job``; the heavy things (template,
article, facts, registered fonts) are loaded on a worker's first job and kept for the next,
whether the worker is a local process or a Dask worker on another machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..compose.template import Template
from ..content.facts import Content
from ..errors import GeneratorError, InputError


@dataclass(frozen=True)
class Job:
    """What every document of a batch shares: template, event, press options."""

    template: str  # a template folder
    article: str | None = None
    facts: str | None = None
    size: str | None = None
    bleed_mm: float = 3.0
    color: str = "rgb"
    marks: bool = False
    required: tuple[str, ...] = ()  # fields that must not be empty
    pdfx: bool | str = False  # False, "x1a" or "x4"
    icc: str | None = None  # an output profile to embed
    lang: str | None = None  # "kk", "ru" or "kk,ru" (bilingual); None: the article's own
    script: str = "cyrl"  # "latn": Kazakh in the Latin alphabet
    latin_records: bool = False  # with "latn", transliterate the records' fields too
    images: str | None = None  # the folder record picture paths are relative to
    # The documents' date, fixed by the client: a worker's copies of the inputs are newer.
    date: float | None = None

    def options(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "bleed_mm": self.bleed_mm,
            "color": self.color,
            "marks": self.marks,
            "pdfx": self.pdfx,
            "icc": self.icc,
            "date": self.date,
        }


@dataclass(frozen=True)
class Outcome:
    """One record's result: the file's checksum and size, or why it failed."""

    row: int
    file: str
    sha256: str = ""
    size: int = 0
    error: str = ""
    data: bytes | None = None  # the PDF, when the caller writes it (a remote worker)
    fault: OSError | None = None  # the system refused to write it (a full disk): stop the run
    warnings: tuple[str, ...] = ()  # built, but worth a look (a photo under 250 dpi)


def loaded(job: Job) -> tuple[Template, Content]:
    """The template and event of a job, loaded once per worker process (fonts too); jobs
    that differ only in what does not change them (press options, the date) share them."""
    return _loaded(job.template, job.article, job.facts, job.lang, job.script)


def inputs(job: Job) -> tuple[Template, Content]:
    """``loaded`` without loading the fonts: for what only reads the template and event (a
    batch's planning, which need not wait for the fonts)."""
    return _inputs(job.template, job.article, job.facts, job.lang, job.script)


@cache
def _loaded(
    folder: str, article: str | None, facts: str | None, lang: str | None, script: str
) -> tuple[Template, Content]:
    from ..typeset.fonts import load_family

    template, event = _inputs(folder, article, facts, lang, script)
    for family in template.fonts.values():
        load_family(family)
    return template, event


@cache
def _inputs(
    folder: str, article: str | None, facts: str | None, lang: str | None, script: str
) -> tuple[Template, Content]:
    from ..api import find_template, load_event

    template = find_template(folder)
    event = load_event(
        Path(article) if article else None,
        Path(facts) if facts else None,
        lang=lang,
        script=script,
    )
    return template, event


def record_pictures(template: Template) -> tuple[tuple[str, str | None], ...]:
    """(column, fallback box or None) of each image box that shows a record's picture."""
    return tuple(
        (str(b.opt("source"))[7:], b.opt("fallback"))
        for page in template.pages
        for b in page.boxes
        if b.type == "image" and str(b.opt("source", "")).startswith("record.")
    )


def check_pictures_decode(job: Job, template: Template, fields: dict[str, str]) -> None:
    """Fail a record whose picture opens but does not decode (a cut-off JPEG): in one file of
    every record (``--single-file``) pixels are decoded only as the press draws the pages, where
    an error would stop the whole file; checked here, as the record is laid out, it fails alone.
    Its path is found as the layout finds it (``record_path``: within the pictures folder)."""
    from ..typeset.images import check_decodes
    from ..typeset.picture_box import record_path

    for column, _ in record_pictures(template):
        value = fields.get(column, "").strip()
        if value:
            path = record_path(value, job.images, f"column '{column}'")
            check_decodes(path, f"column '{column}': {value}")


def empty_pictures(
    pictures: tuple[tuple[str, str | None], ...], row: int, fields: dict[str, str]
) -> list[tuple[int, str]]:
    """A warning for each picture column (``record_pictures``) a record leaves empty: the
    template draws its fallback there (a photo's placeholder), or nothing. Built, but worth
    a look."""
    out = []
    for column, fallback in pictures:
        if column in fields and not str(fields[column]).strip():
            instead = f"box '{fallback}' drawn in its place" if fallback else "its box left out"
            out.append((row, f"no {column}: {instead}"))
    return out


_PLACEHOLDER = re.compile(r"no \w+: (?:box '[^']*' drawn in its place|its box left out)")


def drop_placeholder_notes(result: Any) -> None:
    """A record that failed made no document: «no photo: box … drawn in its place» is not
    true of it (its error says what to mend), nor «has no variant: the default used»."""
    failed = {row for row, _ in result.failures}
    if failed:
        result.defaulted[:] = [(row, text) for row, text in result.defaulted if row not in failed]
        result.warnings[:] = [
            (row, text)
            for row, text in result.warnings
            if row not in failed or not _PLACEHOLDER.fullmatch(text)
        ]


def record_context(template: Template, fields: dict[str, str], serial: str = "") -> dict[str, Any]:
    """The names a per-record text reads besides ``record``: its serial and variant words."""
    from ..compose.variants import choose

    return {"serial": serial, "variant": choose(template, fields).words}


def render(
    job: Job, fields: dict[str, str], serial: str = "", notes: list[str] | None = None
) -> bytes:
    """One record's PDF: through the fast path (constant parts made once per batch, see
    ``fast``) where it applies, else the same pipeline as every other product; ``notes``
    takes its warnings."""
    from .fast import prepared_for, render_fast

    prep = prepared_for(job, fields)
    if prep is not None:
        pdf = render_fast(prep, fields, serial, notes)
        if pdf is not None:
            return pdf
        if notes:
            notes.clear()  # said again by the ordinary path
    return render_ordinary(job, fields, serial, notes)


def render_ordinary(
    job: Job, fields: dict[str, str], serial: str = "", notes: list[str] | None = None
) -> bytes:
    """One record's PDF, through the same pipeline as every other product."""
    from ..api import build_pdf

    template, event = loaded(job)
    for name in job.required:
        if not fields.get(name):
            raise InputError(f"field '{name}' is empty")
    return build_pdf(
        template,
        event,
        record=fields,
        images=job.images,
        context={"serial": serial},
        latin_records=job.latin_records,
        notes=notes,
        **job.options(),
    )


def render_chunk(
    job: Job, items: list[tuple[int, str, dict[str, str], str]], out_dir: str | None
) -> list[Outcome]:
    """Build records (row, file name, fields, serial); write each into ``out_dir`` or return
    its bytes.

    A failing record fails alone: its error is its outcome.
    """
    from ..publish.write import sha256, write_atomic

    results = []
    for row, name, fields, serial in items:
        notes: list[str] = []
        try:
            pdf = render(job, fields, serial, notes)
        except GeneratorError as e:
            results.append(Outcome(row, name, error=str(e)))
            continue
        digest = sha256(pdf)
        said = tuple(notes)
        if out_dir is None:
            results.append(Outcome(row, name, digest, len(pdf), data=pdf, warnings=said))
        else:
            # No fsync a file: the next run checks every checksum and rebuilds a damaged file.
            try:
                write_atomic(Path(out_dir) / name, pdf, durable=False)
            except OSError as e:
                # Hand back what was finished with the fault, so the journal keeps it.
                results.append(Outcome(row, name, fault=e))
                break
            results.append(Outcome(row, name, digest, len(pdf), warnings=said))
    return results


@cache
def warm(job: Job) -> None:
    """Load everything before the first record arrives: template, fonts, and one throwaway
    document, which compiles the Jinja text and fills the per-process caches (forked workers
    start with all of it)."""
    template, _ = loaded(job)
    try:
        # With a serial: a numbered batch's QR encoder is loaded here too, not in each worker.
        render(job, dict.fromkeys(template.fields, "Aa"), "Aa")
    except GeneratorError as e:
        if e.every_record:  # the event's text, not a record's: said once, before the batch
            raise
        # else the real records will say what is wrong
