"""Facts and event details: each fact is backed by a quotation from the article."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .article import Article
from .normalise import normalise_plain

FACT_KINDS = ("figure", "date", "quote", "text")
_FACT_KEYS = {"id", "kind", "value", "print", "caption", "source"}
_EVENT_KEYS = {"name", "organiser", "place", "url", "year", "time", "date"}


@dataclass(frozen=True)
class Fact:
    """A fact to print: ``print`` is its printed form ("471+"), ``source`` the article's words."""

    id: str
    kind: str
    value: int | float | str
    print: str
    caption: str
    source: str


@dataclass(frozen=True)
class Event:
    """Event details that the article lacks; each is printed only when given."""

    name: str | None = None
    organiser: str | None = None
    place: str | None = None
    url: str | None = None
    year: int | None = None
    time: str | None = None
    date: str | None = None


class Facts(Mapping[str, Fact]):
    """The facts by id, in file order; templates reach them as ``facts.<id>``."""

    def __init__(self, facts: list[Fact], event: Event, source: str = "<facts>") -> None:
        self._by_id = {f.id: f for f in facts}
        self.event = event
        self.source = source

    def __getitem__(self, key: str) -> Fact:
        return self._by_id[key]

    def __getattr__(self, key: str) -> Fact:
        try:
            return self._by_id[key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def of_kind(self, kind: str) -> list[Fact]:
        """The facts of one kind, in file order."""
        return [f for f in self._by_id.values() if f.kind == kind]


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key} must be a non-empty string", where=where)
    return normalise_plain(value)


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    extra = sorted(keys - allowed)
    if extra:
        raise InputError(
            f"unknown key '{extra[0]}' (allowed: {', '.join(sorted(allowed))})", where=where
        )


def _parse_fact(raw: Any, n: int, path: str, article_text: str, seen: set[str]) -> Fact:
    if not isinstance(raw, dict):
        raise InputError(f"facts[{n}] must be a table", where=path)
    fid = raw.get("id")
    if not isinstance(fid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
        raise InputError(f"facts[{n}].id must be a lowercase identifier, got {fid!r}", where=path)
    where = f"{path}: fact '{fid}'"
    if fid in seen:
        raise InputError("duplicate id", where=where)
    seen.add(fid)
    _unknown(set(raw), _FACT_KEYS, where)
    for key in ("value", "print", "caption", "source"):
        if key not in raw:
            raise InputError(f"missing key '{key}'", where=where)
    kind = raw.get("kind", "figure")
    if kind not in FACT_KINDS:
        raise InputError(f"kind must be one of {', '.join(FACT_KINDS)}, got {kind!r}", where=where)
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError("value must be a number or a string", where=where)
    source = _text(raw["source"], where, "source")
    if source not in article_text:
        raise InputError(f"source is not in the article: «{source[:60]}»", where=where)
    if isinstance(value, int | float):
        digits = f"{value:g}"
        if not re.search(rf"(?<![\d.,]){re.escape(digits)}(?![\d])", source):
            raise InputError(f"value {digits} does not appear in its source", where=where)
    else:
        value = normalise_plain(value)
        if value not in source:
            raise InputError(f"value «{value[:40]}» does not appear in its source", where=where)
    return Fact(
        fid,
        kind,
        value,
        _text(raw["print"], where, "print"),
        _text(raw["caption"], where, "caption"),
        source,
    )


def _parse_event(raw: Any, path: str) -> Event:
    where = f"{path}: event"
    if raw is None:
        return Event()
    if not isinstance(raw, dict):
        raise InputError("[event] must be a table", where=where)
    _unknown(set(raw), _EVENT_KEYS, where)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "year":
            if not isinstance(value, int) or not 1900 <= value <= 2200:
                raise InputError("year must be a whole number such as 2026", where=where)
            values[key] = value
            continue
        values[key] = _text(value, where, key)
    url = values.get("url")
    if url and not re.fullmatch(r"https?://[^\s<>\"]+", url):
        raise InputError(f"url must start with http:// or https://, got {url!r}", where=where)
    return Event(**values)


def parse_facts(raw: str, article: Article, source: str = "<facts>") -> Facts:
    """Parse facts TOML text and verify each fact against the normalised article."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}", where=source) from None
    _unknown(set(data), {"event", "facts"}, source)
    items = data.get("facts")
    if not isinstance(items, list) or not items:
        raise InputError("no [[facts]] entries", where=source)
    seen: set[str] = set()
    facts = [_parse_fact(item, n, source, article.text, seen) for n, item in enumerate(items)]
    return Facts(facts, _parse_event(data.get("event"), source), source)


def read_facts(path: Path, article: Article) -> Facts:
    """Read and verify a facts file."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", where=str(path)) from None
    except (UnicodeDecodeError, OSError) as e:
        raise InputError(f"cannot read: {e}", where=str(path)) from None
    return parse_facts(raw, article, str(path))


@dataclass(frozen=True)
class Content:
    """An event's content: its article and the facts verified against it."""

    article: Article
    facts: Facts
