"""What a batch built: per file, the hash of its inputs and the checksum of its output.

Results are appended to a journal as they arrive (a killed run keeps what it finished); the
journal is folded into the output folder's manifest.json when the run ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..publish.write import sha256, write_manifest

JOURNAL = ".batch-journal.jsonl"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def inputs_key(*parts: Any) -> str:
    """A stable hash of JSON-able inputs."""
    return hashlib.sha256(_json(parts).encode()).hexdigest()


def inputs_keys(*first: Any) -> Callable[..., str]:
    """``inputs_key`` of ``first`` followed by a record's parts, the same key, with the JSON
    of ``first`` (what every record of a job shares) made once rather than a record each."""
    if not first:
        return inputs_key
    head = _json(first)[:-1] + ","  # the list's opening and its first items

    def key(*parts: Any) -> str:
        return hashlib.sha256((head + _json(parts)[1:]).encode()).hexdigest()

    return key


def files_digest(paths: list[Path]) -> str:
    """One hash over the contents of files (a template's, the fonts', the event's)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


class Ledger:
    """The manifest entries of an output folder, and the journal of the run in progress."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.entries: dict[str, dict[str, Any]] = {}
        self.fresh: dict[str, dict[str, Any]] = {}
        path = self.folder / "manifest.json"
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.entries.update(json.loads(path.read_text(encoding="utf-8")).get("files", {}))
        for line in self._journal_lines():
            with contextlib.suppress(ValueError, TypeError):  # a line cut short by a kill
                name, entry = json.loads(line)
                self.entries[name] = entry
                self.fresh[name] = entry
        self._journal: Any = None

    def open(self) -> None:
        """Start the journal before the first document: its first block is then taken before
        a full disk could refuse it, and the files finished before the disk filled are noted."""
        if self._journal is None:
            self._journal = open(self.folder / JOURNAL, "a", encoding="utf-8")  # noqa: SIM115
            if self._journal.tell() and not self._ends_with_newline():
                # A line cut short (a kill, a full disk) must not swallow the next one.
                self._journal.write("\n")
            self._journal.write("\n")  # an empty line: read as nothing
            self._journal.flush()

    def _journal_lines(self) -> list[str]:
        try:
            return (self.folder / JOURNAL).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []

    def current(self, name: str, key: str) -> bool:
        """Whether ``name`` exists, was built from these inputs, and still has its checksum."""
        entry = self.entries.get(name)
        if not entry or entry.get("inputs") != key:
            return False
        path = self.folder / name
        try:
            if path.stat().st_size != entry.get("bytes"):
                return False
            return sha256(path.read_bytes()) == entry.get("sha256")
        except OSError:
            return False

    def record(self, name: str, entry: dict[str, Any]) -> None:
        """Note a finished file in the journal at once (flushed, so a kill keeps it)."""
        self.record_many([(name, entry)])

    def record_many(self, finished: list[tuple[str, dict[str, Any]]]) -> None:
        """Note finished files (a chunk's) in the journal at once, in one write."""
        if not finished:
            return
        if self._journal is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.open()
        lines = "".join(json.dumps([n, e], ensure_ascii=False) + "\n" for n, e in finished)
        try:
            self._journal.write(lines)
            self._journal.flush()
        except OSError as e:
            raise OSError(e.errno, e.strerror, str(self.folder / JOURNAL)) from e
        for name, entry in finished:
            self.entries[name] = entry
            self.fresh[name] = entry

    def _ends_with_newline(self) -> bool:
        with open(self.folder / JOURNAL, "rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def close(self, sections: dict[str, Any] | None = None) -> None:
        """Fold the journal into manifest.json (atomically) and remove it; ``sections`` are
        other top-level parts to keep there (the serial numbers issued).

        On a full disk either step may fail: the journal then stays, its complete lines are
        read by the next run, and manifest.json is the old one or the new one, never partial.
        """
        if self._journal is not None:
            journal, self._journal = self._journal, None
            journal.close()
        if self.fresh or sections:
            write_manifest(self.folder, self.fresh, sections=sections)
            self.fresh = {}
        with contextlib.suppress(FileNotFoundError):
            (self.folder / JOURNAL).unlink()


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files a killed run left behind (never a finished PDF)."""
    count = 0
    for tmp in Path(folder).glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            count += 1
    return count
