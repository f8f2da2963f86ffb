"""Serial numbers: each record of a batch gets a number that it keeps across runs.

A record is known by its ``--serial-key`` field (an id column) or, without one, by all of its
fields. Numbers already issued live in the output folder's manifest (``serials``); a new
record gets the next free number, in the data file's order, so adding people never renumbers
anyone. The printed form comes from a pattern such as ``№ {year}-{n:04}``.

A number belongs to a record once a document carrying it is written. A record that fails (a
name no font draws, a missing photo) or is not reached (an interrupted run) gives back the
number the run gave it; the manifest keeps it as ``free``, and the next new record takes the
lowest free number before any above the highest issued. So the register has no lasting gap,
and a failed record, mended and run again, gets the number it was given first (its neighbours
never move): ``free`` numbers go, lowest first, to new records in the data file's order.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..publish.write import read_manifest

PATTERN_NAMES = ("n", "year")


def check_pattern(pattern: str, where: str) -> None:
    """Refuse a pattern that names anything but n and year, or has no {n}."""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
    except ValueError as e:
        raise InputError(f"serial pattern {pattern!r}: {e}", where=where) from None
    unknown = sorted(n for n in names if n not in PATTERN_NAMES)
    if unknown or "n" not in names:
        what = f"unknown name {{{unknown[0]}}}" if unknown else "no {n}"
        raise InputError(
            f"serial pattern {pattern!r}: {what} (use {{n}}, e.g. {{n:04}}, and {{year}})",
            where=where,
        )
    try:
        pattern.format(n=1, year=2026)
    except (ValueError, TypeError) as e:
        raise InputError(f"serial pattern {pattern!r}: {e}", where=where) from None


def record_id(fields: dict[str, str], key_field: str | None) -> str:
    """What identifies a record across runs: its key field, or a hash of all its fields."""
    if key_field:
        return "id:" + fields.get(key_field, "").strip()
    blob = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "rec:" + hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass
class SerialBook:
    """The numbers issued into one output folder, and the ones this run adds."""

    pattern: str
    year: int
    key_field: str | None = None
    issued: dict[str, int] = field(default_factory=dict)
    fresh: dict[int, str] = field(default_factory=dict)  # row → the key it was first issued
    # Numbers given to records that failed: no document carries them; the next new ones take them.
    free: set[int] = field(default_factory=set)

    @classmethod
    def open(
        cls, folder: Path, pattern: str, year: int | None, key_field: str | None
    ) -> SerialBook:
        check_pattern(pattern, "--serial")
        stored = read_manifest(folder).get("serials", {})
        issued = stored.get("issued", {}) if isinstance(stored, dict) else {}
        # The year is fixed when the first number is issued, so a re-run next January keeps it.
        kept_year = stored.get("year") if isinstance(stored, dict) else None
        year = year or kept_year or _dt.datetime.now(_dt.UTC).year
        book = cls(pattern, int(year), key_field)
        book.issued = {k: int(v) for k, v in issued.items() if isinstance(v, int)}
        free = stored.get("free", []) if isinstance(stored, dict) else []
        taken = set(book.issued.values())
        book.free = {n for n in free if isinstance(n, int) and n > 0 and n not in taken}
        return book

    def assign(self, records: list[tuple[int, dict[str, str], str]]) -> dict[int, str]:
        """Row → printed serial for every record (row, fields, its file name); new records get
        the next numbers. Copies of one record are told apart by their file names, so a copy
        keeps its number when another copy changes or goes."""
        return self.assign_ids(
            [(row, record_id(fields, self.key_field), label) for row, fields, label in records]
        )

    def assign_ids(self, records: list[tuple[int, str, str]]) -> dict[int, str]:
        """``assign`` for records already reduced to (row, record_id, label): what a data file
        read as a stream keeps of each record."""
        out: dict[int, str] = {}
        for row, rid, _ in records:
            if self.key_field and rid == "id:":
                raise InputError(
                    f"row {row}: the serial key field '{self.key_field}' is empty (--serial-key)"
                )
        copies: dict[str, int] = {}
        for _, rid, _ in records:
            copies[rid] = copies.get(rid, 0) + 1
        used: set[str] = set()
        # The highest number given so far (free ones too: they are given again, lowest first).
        last = max([*self.issued.values(), *self.free], default=0)
        free = sorted(self.free, reverse=True)
        for row, rid, label in records:
            own = f"{rid}@{label}"
            if own in self.issued and own not in used:
                key = own
            elif rid in self.issued and rid not in used:
                key = rid
            else:
                key = rid if copies[rid] == 1 else own
                if key in used:  # the same record under the same name twice
                    key = f"{own}#{row}"
                if key not in self.issued:
                    if free:
                        n = free.pop()
                        self.free.discard(n)
                    else:
                        last += 1
                        n = last
                    self.issued[key] = n
                    self.fresh[row] = key
            used.add(key)
            out[row] = self.format(self.issued[key])
        return out

    def release(self, rows: Iterable[int]) -> list[int]:
        """Take back the numbers this run issued to ``rows`` (records that failed: no document
        carries them, so the register must not list them) and keep them free for the next new
        records; returns the rows released. A number an earlier run issued stays with its
        record."""
        released = []
        for row in rows:
            key = self.fresh.pop(row, None)
            if key is not None:
                self.free.add(self.issued.pop(key))
                released.append(row)
        return released

    def format(self, n: int) -> str:
        return self.pattern.format(n=n, year=self.year)

    def section(self) -> dict[str, Any]:
        """What the manifest keeps: the pattern, the year, and every number issued."""
        return {
            "pattern": self.pattern,
            "year": self.year,
            "key": self.key_field or "",
            "issued": dict(sorted(self.issued.items(), key=lambda kv: kv[1])),
            **({"free": sorted(self.free)} if self.free else {}),
        }
