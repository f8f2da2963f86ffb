"""A template's own words, per language (like a Hugo theme's ``i18n/kk.toml``).

Every word a template prints that is not the event's comes from a vocabulary file:
``templates/vocab/<lang>.toml`` is shared by all templates, ``<template>/vocab/<lang>.toml``
adds or replaces words for one template, and the event's ``[vocab.<lang>]`` table in facts.toml
has the last word. Tables nest (``[award]`` → ``words.award.thanks``). In text.j2:
``{{ words.notes }}``, ``{{ words.award[event.award] }}``,
``{{ words.invitation_body | fill(title=article.title) }}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError, TemplateError
from ..resources import templates_dir


@cache
def _read(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"not valid TOML: {e}", where=str(path)) from None
    _check(data, str(path), "")
    return data


def _check(data: dict[str, Any], where: str, prefix: str) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            _check(value, where, f"{prefix}{key}.")
        elif not isinstance(value, str):
            raise TemplateError(f"{prefix}{key}: a word must be a string", where=where)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def vocabulary_files(folder: Path, language: str) -> list[Path]:
    """The vocabulary files read for a template and a language, most general first."""
    return [templates_dir() / "vocab" / f"{language}.toml", folder / "vocab" / f"{language}.toml"]


def languages(folder: Path) -> list[str]:
    """The languages a template has words for."""
    found = {
        p.stem for d in (templates_dir() / "vocab", folder / "vocab") for p in d.glob("*.toml")
    }
    return sorted(found)


class Words(Mapping[str, Any]):
    """Read-only words; a missing word is an error naming the key, the language and the files."""

    def __init__(
        self,
        data: dict[str, Any],
        language: str,
        files: tuple[str, ...],
        path: str = "",
        facts: str | None = None,
    ):
        self._data, self.language, self._files, self._path = data, language, files, path
        self._facts = facts  # the facts file, whose [event] award picks words.award's key

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._data[key]
        except KeyError:
            if self._path == "award." and self._facts:  # [event] award = "medal": the event's
                raise InputError(
                    f"event.award: no award '{key}' (awards: {', '.join(self._data)}; or give "
                    f"its title, lead and citation in [vocab.{self.language}] award.{key})",
                    where=self._facts,
                    every_record=True,  # a batch says it once, before any record
                ) from None
            raise TemplateError(
                f"no word '{self._path}{key}' for language '{self.language}' "
                f"(looked in {', '.join(self._files)} and the facts file's [vocab.{self.language}])",
                where=self._files[-1],
            ) from None
        if isinstance(value, dict):
            return Words(value, self.language, self._files, f"{self._path}{key}.", self._facts)
        return value

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def vocabulary(
    folder: Path,
    language: str,
    event_words: Mapping[str, Mapping[str, Any]] | None = None,
    facts: str | None = None,
) -> Words:
    """The words of a template in one language, with the event's own words over them;
    ``facts``: the facts file, named by the error of an award it has no words for."""
    files = vocabulary_files(folder, language)
    data: dict[str, Any] = {}
    for path in files:
        data = _merge(data, _read(path))
    if not data:
        known = ", ".join(languages(folder)) or "none"
        raise TemplateError(
            f"no vocabulary for language '{language}' (languages: {known})", where=str(folder)
        )
    own = (event_words or {}).get(language)
    if own:
        _known(own, data, language, facts)
        data = _merge(data, own)
    found = tuple(str(p) for p in files if p.exists()) or (str(files[0]),)
    return Words(data, language, found, facts=facts)


def _known(
    own: Mapping[str, Any], data: Mapping[str, Any], language: str, facts: str | None, at: str = ""
) -> None:
    """An event's word the template has not (``[vocab.kk] kiker``, a misspelt ``kicker``) would
    change nothing: an error naming the facts file and the key, with the nearest word. The
    ``award`` table is open: an event may add a kind of award of its own."""
    for key, value in own.items():
        if key not in data:
            if at == "award.":
                continue
            import difflib  # (only for a mistake)

            near = difflib.get_close_matches(key, [str(k) for k in data], n=1)
            hint = f" (did you mean '{at}{near[0]}'?)" if near else ""
            raise InputError(
                f"vocab.{language}.{at}{key}: no template word of that name{hint}",
                where=facts or "facts",
                every_record=True,
            )
        if isinstance(value, Mapping) and isinstance(data[key], Mapping):
            _known(value, data[key], language, facts, f"{at}{key}.")


# Quotation marks a value may carry («“Жасыл металлургия – 2026” конференциясы», Забег «Шаг
# навстречу»), the plain one also as markup escapes it.
_PLAIN = ('"', "&#34;", "&quot;")
_QUOTES = ("«", "»", "“", "”", "„", *_PLAIN)
_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"))


def _wholly_quoted(value: str) -> bool:
    """«Шаг навстречу», not «Шаг» и «Бег»: the value's first mark opens, its last closes, and
    that closing mark is not also inside."""
    for left, right in (*_PAIRS, *((q, q) for q in _PLAIN)):
        if value.startswith(left) and value.endswith(right) and len(value) > len(left + right):
            return right not in value[len(left) : -len(right)]
    return False


def _inner(value: str) -> str:
    """A value's own quotation marks as the inner pair „ “, inside the « » a word puts round
    it (the Russian and Kazakh convention: «Забег „Шаг навстречу“»)."""
    if "„" not in value:  # “…” is the English pair here, not the closing half of „…“
        value = value.replace("“", "„").replace("”", "“")
    value = value.replace("«", "„").replace("»", "“")
    for plain in _PLAIN:
        parts = value.split(plain)
        value = parts[0] + "".join(
            ("„" if i % 2 else "“") + part for i, part in enumerate(parts[1:], 1)
        )
    return value


def fill(text: str, **values: Any) -> str:
    """A word with ``{name}`` placeholders filled in (word order differs between languages).
    A value that carries quotation marks of its own keeps them inside the word's « » as the
    inner pair „ “; a value wholly in quotes drops the word's: «{title}» quotes no name twice."""
    out = str(text)
    for key, value in values.items():
        value = str(value)
        if any(q in value for q in _QUOTES):
            for left, right in _PAIRS:
                quoted = left + "{" + key + "}" + right
                if quoted in out:
                    whole = _wholly_quoted(value)
                    out = out.replace(quoted, value if whole else left + _inner(value) + right)
        out = out.replace("{" + key + "}", value)
    return out
