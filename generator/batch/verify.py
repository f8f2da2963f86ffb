"""Whether a document is one a batch issued, unchanged: its SHA-256 looked up in the batch's
manifest (or the verify.json / verify.csv an organiser publishes), on disk or at an fsspec
URL."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..publish.write import sha256


@dataclass(frozen=True)
class Verdict:
    issued: bool
    message: str


def _is_url(where: str | Path) -> bool:
    return "://" in str(where)  # as batch's --out: an fsspec URL, not a local path


def _read(where: str | Path) -> bytes:
    """A file's bytes, from a local path or an fsspec URL (``memory://``, ``s3://``: where
    ``generator batch --out URL`` sends its documents, manifest and verify lists)."""
    if not _is_url(where):
        return Path(where).read_bytes()
    import fsspec

    try:
        with fsspec.open(str(where), "rb") as f:
            return f.read()
    except (ImportError, ValueError) as e:  # an unknown protocol, a missing filesystem package
        raise InputError(f"cannot read it: {e}", where=str(where)) from None


def _is_dir(where: str | Path) -> bool:
    if not _is_url(where):
        return Path(where).is_dir()
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(str(where))
        return bool(fs.isdir(root))
    except (ImportError, ValueError, OSError) as e:
        raise InputError(f"cannot read it: {e}", where=str(where)) from None


def _issued(source: str | Path) -> list[dict[str, str]]:
    """Every issued document: file, sha256, serial and name, from manifest.json, verify.json or
    verify.csv (a folder stands for its manifest.json)."""
    path = f"{str(source).rstrip('/')}/manifest.json" if _is_dir(source) else str(source)
    try:
        text = _read(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            "no manifest.json here (give a batch's output folder)", where=path
        ) from None
    except IsADirectoryError:
        raise InputError("is a folder without manifest.json", where=path) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"not a readable manifest: {e}", where=path) from None
    if path.lower().endswith(".csv"):  # verify.csv: serial, name, file, sha256
        rows = list(csv.DictReader(io.StringIO(text)))
        if not rows or "sha256" not in rows[0]:
            raise InputError("not a verify list: no sha256 column", where=path)
        # A formula-like cell was written after an apostrophe (handover.spreadsheet_safe).
        return [
            {
                k: v[1:] if (v or "").startswith(("'=", "'+", "'-", "'@")) else v
                for k, v in r.items()
            }
            for r in rows
        ]
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise InputError(f"not a readable manifest: {e}", where=path) from None
    if isinstance(doc, list):  # verify.json
        return [d for d in doc if isinstance(d, dict)]
    files = doc.get("files", {}) if isinstance(doc, dict) else {}
    return [
        {"file": name, **{k: str(v) for k, v in entry.items()}}
        for name, entry in files.items()
        if isinstance(entry, dict) and name.lower().endswith(".pdf")
    ]


def verify_pdf(pdf: str | Path, source: str | Path) -> Verdict:
    """Issued and unchanged (the checksum is listed), or why not. ``pdf`` and ``source`` (a
    batch's output folder, its manifest.json, verify.json or verify.csv) may be local paths or
    fsspec URLs, as ``generator batch --out`` takes."""
    name = str(pdf).rstrip("/").rsplit("/", 1)[-1]
    try:
        digest = sha256(_read(pdf))
    except FileNotFoundError:
        raise InputError("file not found", where=str(pdf)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a PDF", where=str(pdf)) from None
    except OSError as e:
        raise InputError(f"cannot read it: {e.strerror or e}", where=str(pdf)) from None
    issued = _issued(source)
    for item in issued:
        if item.get("sha256") == digest:
            who = f" to {item['name']}" if item.get("name") else ""
            what = f"document {item['serial']}" if item.get("serial") else "a document"
            issued_as = item.get("file", "")
            named = f" as {issued_as}" if issued_as and issued_as != name else ""
            return Verdict(True, f"issued: {name} is {what} issued{who}{named}, unchanged")
    same_name = [i for i in issued if i.get("file") == name]
    if same_name:
        return Verdict(
            False,
            f"not issued: {name} differs from the document issued under "
            "that name (it has been changed)",
        )
    return Verdict(False, f"not issued: no document in {source} has the checksum of {name}")
