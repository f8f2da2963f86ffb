"""Whether a document is one a batch issued, unchanged: its SHA-256 looked up in the batch's
manifest (or the verify.json an organiser publishes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..publish.write import sha256


@dataclass(frozen=True)
class Verdict:
    issued: bool
    message: str


def _issued(source: Path) -> list[dict[str, str]]:
    """Every issued document: file, sha256, serial and name, from manifest.json or verify.json."""
    path = source / "manifest.json" if source.is_dir() else source
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "no manifest.json here (give a batch's output folder)", where=str(path)
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise InputError(f"not a readable manifest: {e}", where=str(path)) from None
    if isinstance(doc, list):  # verify.json
        return [d for d in doc if isinstance(d, dict)]
    files = doc.get("files", {}) if isinstance(doc, dict) else {}
    return [
        {"file": name, **{k: str(v) for k, v in entry.items()}}
        for name, entry in files.items()
        if isinstance(entry, dict) and name.lower().endswith(".pdf")
    ]


def verify_pdf(pdf: Path, source: Path) -> Verdict:
    """Issued and unchanged (the checksum is listed), or why not."""
    pdf, source = Path(pdf), Path(source)
    try:
        digest = sha256(pdf.read_bytes())
    except FileNotFoundError:
        raise InputError("file not found", where=str(pdf)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a PDF", where=str(pdf)) from None
    except OSError as e:
        raise InputError(f"cannot read it: {e.strerror}", where=str(pdf)) from None
    issued = _issued(source)
    for item in issued:
        if item.get("sha256") == digest:
            who = f" to {item['name']}" if item.get("name") else ""
            what = f"document {item['serial']}" if item.get("serial") else "a document"
            issued_as = item.get("file", "")
            named = f" as {issued_as}" if issued_as and issued_as != pdf.name else ""
            return Verdict(True, f"issued: {pdf.name} is {what} issued{who}{named}, unchanged")
    same_name = [i for i in issued if i.get("file") == pdf.name]
    if same_name:
        return Verdict(
            False,
            f"not issued: {pdf.name} differs from the document issued under "
            "that name (it has been changed)",
        )
    return Verdict(False, f"not issued: no document in {source} has the checksum of {pdf.name}")
