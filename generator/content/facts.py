"""Facts and event details: each fact is backed by a quotation from the article."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from .article import Article, not_utf8
from .language import LANGUAGES
from .normalise import normalise_plain

FACT_KINDS = ("figure", "date", "quote", "text")
_FACT_KEYS = {"id", "kind", "value", "print", "caption", "source", "unit"}
_EVENT_KEYS = {
    "name",
    "organiser",
    "place",
    "url",
    "year",
    "time",
    "date",
    "end_date",
    "award",
    "citation",
    "signatory",
    "date_style",
    "verify_url",
}
# Event details a template may print; ``details`` is present when any of them is given.
DETAILS = ("organiser", "place", "time", "url")
# Pictures of the event: paths relative to the facts file (checked to exist at load).
_PICTURE_KEYS = {"logo", "photo", "signature"}
_EVENT_KEYS |= _PICTURE_KEYS | {"partners", "photo_focus"}


@dataclass(frozen=True)
class Fact:
    """A fact to print: ``print`` is its printed form ("471+"), ``source`` the article's words."""

    id: str
    kind: str
    value: int | float | str
    print: str
    caption: str
    source: str
    unit: str | None = None  # facts of one declared unit may share a chart


@dataclass(frozen=True)
class Event:
    """Event details that the article lacks; each is printed only when given.

    ``award`` is the kind of certificate (a key of the vocabulary's ``[award]`` table: thanks,
    honour, certificate, diploma), ``citation`` what it is awarded for, ``signatory`` who signs.
    """

    name: str | None = None
    organiser: str | None = None
    place: str | None = None
    url: str | None = None
    year: int | None = None
    time: str | None = None
    date: date | str | None = None
    end_date: date | None = None  # the last day of an event of several days (with a TOML date)
    award: str | None = None
    citation: str | None = None
    signatory: str | None = None
    verify_url: str | None = None  # where a certificate's serial is checked (its QR code)
    logo: Path | None = None  # the organiser's logo
    photo: Path | None = None  # a key image
    signature: Path | None = None  # a scanned signature (certificates)
    partners: tuple[Path, ...] = ()  # partner logos, shown as one strip
    photo_focus: tuple[float, float] | None = None  # where to crop a photo around (0..1)

    def given(self) -> set[str]:
        """The names of the details given (``details``: any of organiser, place, time, url)."""
        names = {k for k in _EVENT_KEYS if getattr(self, k, None)}
        if names & set(DETAILS):
            names.add("details")
        return names

    date_style: str | None = None  # "official" or "press": overrides the template's

    def picture(self, key: str) -> Path | tuple[Path, ...] | None:
        """An event picture by its key (logo, photo, signature, partners)."""
        return getattr(self, key) if key in _PICTURE_KEYS | {"partners"} else None


class Facts(Mapping[str, Fact]):
    """The facts by id, in file order; templates reach them as ``facts.<id>``."""

    def __init__(
        self,
        facts: list[Fact],
        event: Event,
        source: str = "<facts>",
        lang: str = "kk",
        roles: Any = None,
        vocab: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        from .roles import parse_roles

        self._by_id = {f.id: f for f in facts}
        self.event = event
        self.source = source
        self.lang = lang
        # Which facts fill which place in a template ([roles], else by kind).
        self.roles = parse_roles(roles, self._by_id, source)
        # The event's own words, by language, over the templates' vocabulary ([vocab.kk]).
        self.vocab = vocab or {}

    def with_facts(self, facts: list[Fact], event: Event | None = None) -> Facts:
        """Other versions of the same facts (by id: transliterated, or two languages merged)
        with these facts' roles, vocabulary, language and source."""
        from dataclasses import fields

        other = Facts(facts, event or self.event, self.source, self.lang, vocab=self.vocab)
        by_id = other._by_id

        def swap(value: Any) -> Any:
            if isinstance(value, tuple):
                return tuple(by_id[f.id] for f in value)
            if isinstance(value, str):  # an option (chart_order), not a fact
                return value
            return by_id[value.id] if value is not None else None

        other.roles = type(self.roles)(
            **{f.name: swap(getattr(self.roles, f.name)) for f in fields(self.roles)}
        )
        return other

    def __getitem__(self, key: str) -> Fact:
        return self._by_id[key]

    def __getattr__(self, key: str) -> Fact:
        # (vars, not self._by_id: unpickling asks for attributes before _by_id is set)
        try:
            return vars(self)["_by_id"][key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def of_kind(self, kind: str) -> list[Fact]:
        """The facts of one kind, in file order."""
        return [f for f in self._by_id.values() if f.kind == kind]


def _text(value: Any, where: str, key: str, lang: str = "kk") -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key} must be a non-empty string", where=where)
    return normalise_plain(value, lang)


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    extra = sorted(keys - allowed)
    if extra:
        raise InputError(
            f"unknown key '{extra[0]}' (allowed: {', '.join(sorted(allowed))})", where=where
        )


def _in(raw: Any, key: str, lang: str, langs: Sequence[str], where: str) -> Any:
    """A key's value in one language: a table ``{ kk = "…", ru = "…" }`` is looked up by
    language; anything else is the same in every language."""
    value = raw[key]
    if not isinstance(value, dict):
        return value
    _unknown(set(value), set(LANGUAGES), f"{where}: {key}")
    if lang not in value:
        shown = ", ".join(f'{c} = "…"' for c in langs)
        raise InputError(f"{key} has no '{lang}' text (write {key} = {{ {shown} }})", where=where)
    return value[lang]


# Spaces that group digits as Kazakh and Russian texts write them (2 500).
_GROUP = "[ \u00a0\u202f\u2009]"


def number_pattern(value: int | float) -> re.Pattern[str]:
    """The ways a number is written in running text: 2500, 2 500 (space, NBSP or U+202F),
    1.5 or 1,5; followed by anything but another digit (so 500-ге matches 500)."""
    from decimal import Decimal

    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    body = f"{_GROUP}?".join(groups) if len(groups) > 1 else groups[0]
    if frac:
        body += f"[.,]{frac}"
    sign = "[-\u2212]" if text.startswith("-") else ""
    # Not a part of a longer number: no digit (or digit group, or decimal) on either side.
    return re.compile(
        f"(?<![\\d.,])(?<!\\d{_GROUP}){sign}{body}(?!\\d|[.,]\\d|{_GROUP}\\d{{3}}(?!\\d))"
    )


def _parse_fact(
    raw: Any, n: int, path: str, articles: Sequence[Article], seen: set[str]
) -> dict[str, Fact]:
    """One fact in every language of the event, each verified against its own article."""
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
    langs = [a.lang for a in articles]
    bilingual = len(langs) > 1
    unit = raw.get("unit")
    if unit is not None and not (isinstance(unit, str | dict)):
        raise InputError("unit must be a string", where=where)
    out: dict[str, Fact] = {}
    for article in articles:
        lang = article.lang
        at = f"{where} ({lang})" if bilingual else where
        for key in ("caption", "source"):
            if bilingual and not isinstance(raw[key], dict):
                shown = ", ".join(f'{c} = "…"' for c in langs)
                raise InputError(
                    f"{key} must be given in each language (write {key} = {{ {shown} }})",
                    where=where,
                )
        value = _in(raw, "value", lang, langs, where)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InputError("value must be a number or a string", where=at)
        source = _text(_in(raw, "source", lang, langs, where), at, "source", lang)
        if source not in article.text:
            raise InputError(
                f"source is not in the article ({article.source}): «{source[:60]}»", where=at
            )
        if isinstance(value, int | float):
            if not number_pattern(value).search(source):
                raise InputError(f"value {value:g} does not appear in its source", where=at)
        else:
            value = normalise_plain(value, lang)
            if value not in source:
                raise InputError(f"value «{value[:40]}» does not appear in its source", where=at)
        out[lang] = Fact(
            fid,
            kind,
            value,
            _text(_in(raw, "print", lang, langs, where), at, "print", lang),
            _text(_in(raw, "caption", lang, langs, where), at, "caption", lang),
            source,
            _unit(raw, value, lang, langs, at) if unit is not None else None,
        )
    return out


def _unit(raw: Any, value: Any, lang: str, langs: Sequence[str], where: str) -> str:
    if not isinstance(value, int | float):
        raise InputError("unit is for numeric facts only", where=where)
    return _text(_in(raw, "unit", lang, langs, where), where, "unit", lang)


def _picture(value: Any, path: str, key: str) -> Path:
    """A picture path relative to the facts file: it must name a readable file."""
    where = f"{path}: event.{key}"
    if not isinstance(value, str) or not value.strip():
        raise InputError("must be a path to a picture file", where=where)
    file = (Path(path).parent / value).resolve()
    if not file.is_file():
        raise InputError(f"picture not found: {value}", where=where)
    return file


def _parse_event(raw: Any, path: str, lang: str, langs: Sequence[str]) -> Event:
    where = f"{path}: event"
    if raw is None:
        return Event()
    if not isinstance(raw, dict):
        raise InputError("[event] must be a table", where=where)
    _unknown(set(raw), _EVENT_KEYS, where)
    values: dict[str, Any] = {}
    for key in raw:
        value = _in(raw, key, lang, langs, where)
        if key == "year":
            if not isinstance(value, int) or not 1900 <= value <= 2200:
                raise InputError("year must be a whole number such as 2026", where=where)
            values[key] = value
            continue
        if key == "date" and isinstance(value, date):
            values[key] = value  # a TOML date (2026-05-01): templates format it by language
            continue
        if key == "end_date":
            if not isinstance(value, date) or not isinstance(raw.get("date"), date):
                raise InputError(
                    "end_date must be a date such as 2026-03-31, with date a date too "
                    "(date = 2026-03-25)",
                    where=where,
                )
            if value < raw["date"]:
                raise InputError(f"end_date {value} is before date {raw['date']}", where=where)
            values[key] = value
            continue
        if key == "date_style" and value not in ("official", "press"):
            raise InputError(f"date_style must be official or press, got {value!r}", where=where)
        if key in _PICTURE_KEYS:
            values[key] = _picture(value, path, key)
            continue
        if key == "partners":
            if not isinstance(value, list):
                raise InputError("partners must be a list of picture paths", where=where)
            values[key] = tuple(_picture(v, path, f"partners[{i}]") for i, v in enumerate(value))
            continue
        if key == "photo_focus":
            ok = isinstance(value, list) and len(value) == 2
            if not ok or not all(isinstance(v, int | float) and 0 <= v <= 1 for v in value):
                raise InputError(
                    "photo_focus must be [x, y], fractions of the photo from its top-left "
                    "(0 to 1), such as [0.5, 0.3]",
                    where=where,
                )
            values[key] = (float(value[0]), float(value[1]))
            continue
        values[key] = _text(value, where, key, lang)
    for key in ("url", "verify_url"):
        url = values.get(key)
        if url and not re.fullmatch(r"https?://[^\s<>\"]+", url):
            raise InputError(f"{key} must start with http:// or https://, got {url!r}", where=where)
    return Event(**values)


def declared_language(raw: str, source: str = "<facts>") -> str | None:
    """The article language a facts file declares with a top-level ``lang = "ru"``, if any."""
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}", where=source) from None
    return _declared(data, source)


def _declared(data: dict[str, Any], source: str) -> str | None:
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise InputError(f"lang must be one of {known}, got {lang!r}", where=source)
    return lang


def parse_facts_in(raw: str, articles: Sequence[Article], source: str = "<facts>") -> list[Facts]:
    """Parse facts TOML text once and verify each fact against every language's article;
    returns the facts in each language, in the order of ``articles``."""
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}", where=source) from None
    _unknown(set(data), {"event", "facts", "lang", "roles", "vocab"}, source)
    _declared(data, source)
    items = data.get("facts", [])
    if not isinstance(items, list):
        raise InputError("facts must be [[facts]] tables", where=source)
    seen: set[str] = set()
    parsed = [_parse_fact(item, n, source, articles, seen) for n, item in enumerate(items)]
    langs = [a.lang for a in articles]
    return [
        Facts(
            [by_lang[lang] for by_lang in parsed],
            _parse_event(data.get("event"), source, lang, langs),
            source,
            lang,
            data.get("roles"),
            _parse_vocab(data.get("vocab"), source),
        )
        for lang in langs
    ]


def _parse_vocab(raw: Any, path: str) -> dict[str, dict[str, Any]]:
    """``[vocab.kk]``, ``[vocab.ru]``: the event's words over the templates' own, by language."""
    where = f"{path}: vocab"
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise InputError("[vocab] holds one table a language, such as [vocab.kk]", where=where)
    return raw


def parse_facts(raw: str, article: Article, source: str = "<facts>") -> Facts:
    """Parse facts TOML text and verify each fact against the normalised article."""
    return parse_facts_in(raw, [article], source)[0]


def read_facts_text(path: Path) -> str:
    """The text of a facts file (UTF-8)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", where=str(path)) from None
    except UnicodeDecodeError as e:
        raise InputError(not_utf8(e), where=str(path)) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", where=str(path)) from None


def read_facts(path: Path, article: Article) -> Facts:
    """Read and verify a facts file."""
    return parse_facts(read_facts_text(path), article, str(path))


@dataclass(frozen=True)
class Content:
    """An event's content: its article and the facts verified against it; a bilingual event
    carries its further languages (Russian after Kazakh) in ``translations``."""

    article: Article
    facts: Facts
    translations: tuple[Content, ...] = field(default=())
    script: str = "cyrl"

    @property
    def lang(self) -> str:
        return self.article.lang

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.lang, *(t.lang for t in self.translations))

    def in_each_language(self) -> tuple[Content, ...]:
        """This content and its translations, the state language first."""
        return (self, *self.translations)
