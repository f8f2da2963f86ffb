"""Variants: a per-record template whose look and words change with a field of the record.

In template.toml, ``[variants.FIELD.VALUE]`` (for example ``[variants.role.speaker]``) holds:

- ``match``: other spellings of the value that choose this variant (compared case-blind);
- ``colours``: colours drawn in place of the template's own (``{ accent = "gold" }``);
- ``BOX = { … }``: options of the box BOX replaced (``band = { fill = "gold" }``);
- any other key with a text value: a word the text reaches as ``variant.KEY``;
- a word per language, ``label = { kk = "Баяндамашы", ru = "Спикер" }``: ``variant.label`` is
  the word of the language being written (every language the template has words for).

``[variants.FIELD.default]`` is what a record gets when its value has no variant of its own.
A record whose value matches nothing is built with the default and reported.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import TemplateError
from .template import Box, Template, box_options

DEFAULT = "default"


@dataclass(frozen=True)
class Variant:
    """One variant: its value, the spellings that choose it, and what it changes."""

    field: str
    value: str
    match: tuple[str, ...] = ()
    colours: dict[str, str] = field(default_factory=dict)
    boxes: dict[str, dict[str, Any]] = field(default_factory=dict)
    words: dict[str, str | dict[str, str]] = field(default_factory=dict)  # (or by language)


@dataclass(frozen=True)
class Choice:
    """What a record gets: the words for the text, the template to draw, and a warning."""

    key: tuple[tuple[str, str], ...]  # (field, variant value) per varying field
    words: dict[str, str | dict[str, str]]  # a word, or a word per language (see in_language)
    warning: str = ""


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def parse_variants(raw: Any, template: Template) -> dict[str, dict[str, Variant]]:
    """Read and check ``[variants]`` against the template's fields, colours and boxes."""
    where = str(template.data_file)
    if not isinstance(raw, dict):
        raise TemplateError("variants: must be a table", where=where)
    boxes = {b.name: b for p in template.pages for b in p.boxes}
    out: dict[str, dict[str, Variant]] = {}
    for fname, values in raw.items():
        if fname not in template.fields:
            near = difflib.get_close_matches(fname, template.fields, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise TemplateError(
                f"variants.{fname}: not one of the template's fields{hint}", where=where
            )
        if not isinstance(values, dict) or not values:
            raise TemplateError(f"variants.{fname}: must be a table of values", where=where)
        out[fname] = {}
        for value, body in values.items():
            path = f"variants.{fname}.{value}"
            if not isinstance(body, dict):
                raise TemplateError(f"{path}: must be a table", where=where)
            out[fname][value] = _variant(fname, value, body, path, template, boxes)
        _same_words(out[fname], f"variants.{fname}", where)
    return out


def _variant(
    fname: str, value: str, body: dict, path: str, template: Template, boxes: dict[str, Box]
) -> Variant:
    where = str(template.data_file)
    match = body.get("match", [])
    if not (isinstance(match, list) and all(isinstance(m, str) for m in match)):
        raise TemplateError(f"{path}.match: must be a list of strings", where=where)
    colours = body.get("colours", {})
    if not isinstance(colours, dict):
        raise TemplateError(f"{path}.colours: must be a table", where=where)
    for old, new in colours.items():
        for name in (old, new):
            if name not in template.colours:
                raise TemplateError(f"{path}.colours: no colour '{name}' in [colours]", where=where)
    changed: dict[str, dict[str, Any]] = {}
    words: dict[str, str | dict[str, str]] = {}
    for key, item in body.items():
        if key in ("match", "colours"):
            continue
        if isinstance(item, str):
            words[key] = item
        elif (
            isinstance(item, dict)
            and key not in boxes
            and all(isinstance(v, str) for v in item.values())
        ):
            words[key] = _by_language(item, f"{path}.{key}", template)
        elif isinstance(item, dict):
            if key not in boxes:
                near = difflib.get_close_matches(key, list(boxes), n=1)
                hint = f" (did you mean box '{near[0]}'?)" if near else ""
                raise TemplateError(f"{path}.{key}: no box '{key}'{hint}", where=where)
            changed[key] = _box_change(boxes[key], item, f"{path}.{key}", template)
        else:
            raise TemplateError(
                f"{path}.{key}: a word (text) or a box's options (table), got {item!r}",
                where=where,
            )
    return Variant(fname, value, tuple(match), dict(colours), changed, words)


def _by_language(item: dict[str, str], path: str, template: Template) -> dict[str, str]:
    """A word per language: one for each language the template has words for, no other."""
    from ..content.language import LANGUAGES
    from .vocab import languages

    where = str(template.data_file)
    for lang in item:
        if lang not in LANGUAGES:
            raise TemplateError(
                f"{path}.{lang}: no box '{path.rsplit('.', 1)[1]}', and '{lang}' is no language "
                f"(a word per language: {', '.join(LANGUAGES)})",
                where=where,
            )
    missing = [
        lang for lang in languages(template.folder) if lang in LANGUAGES and lang not in item
    ]
    if missing:
        raise TemplateError(f"{path}: no word in '{missing[0]}'", where=where)
    return dict(item)


def in_language(words: dict[str, Any], lang: str) -> dict[str, str]:
    """A variant's words in one language (a word given per language: that language's)."""
    return {k: v.get(lang, "") if isinstance(v, dict) else v for k, v in words.items()}


def _box_change(box: Box, item: dict, path: str, template: Template) -> dict[str, Any]:
    where = str(template.data_file)
    known = box_options(box.type)
    for key, value in item.items():
        kind = known.get(key)
        if kind is None:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise TemplateError(
                f"{path}.{key}: a {box.type} box has no option '{key}'{hint}", where=where
            )
        if kind == "colour" and value not in template.colours:
            raise TemplateError(f"{path}.{key}: no colour '{value}' in [colours]", where=where)
        if kind == "style" and value not in template.styles:
            raise TemplateError(f"{path}.{key}: no style '{value}' in [styles]", where=where)
    return dict(item)


def _same_words(variants: dict[str, Variant], path: str, where: str) -> None:
    """Every variant of a field must offer the same words, so no record meets an undefined one."""
    default = variants.get(DEFAULT)
    base = set(default.words) if default else set()
    for v in variants.values():
        missing = (set().union(*(x.words for x in variants.values())) - set(v.words)) - base
        if missing:
            raise TemplateError(
                f"{path}.{v.value}: no word '{sorted(missing)[0]}', which another variant has "
                f"(give it here or in {path}.{DEFAULT})",
                where=where,
            )


def choose(template: Template, record: dict[str, str]) -> Choice:
    """The variant of each varying field for a record; an unknown value takes the default."""
    key: list[tuple[str, str]] = []
    words: dict[str, str | dict[str, str]] = {}
    warnings: list[str] = []
    for fname, variants in template.variants.items():
        value = record.get(fname, "")
        picked = _find(variants, value)
        if picked is None:
            picked = variants.get(DEFAULT)
            if value.strip():
                known = ", ".join(v for v in variants if v != DEFAULT)
                fallback = "the default variant" if picked else "the template as it is"
                warnings.append(f"{fname} '{value}' has no variant ({known}): {fallback} used")
        if picked is None:
            continue
        if picked.value != DEFAULT and DEFAULT in variants:
            words.update(variants[DEFAULT].words)
        words.update(picked.words)
        key.append((fname, picked.value))
    return Choice(tuple(key), words, "; ".join(warnings))


def _find(variants: dict[str, Variant], value: str) -> Variant | None:
    folded = _fold(value)
    if not folded:
        return None
    for v in variants.values():
        if v.value == DEFAULT:
            continue
        if folded == _fold(v.value) or folded in {_fold(m) for m in v.match}:
            return v
    return None


_APPLIED: dict[tuple[int, tuple], Template] = {}


def apply(template: Template, choice: Choice) -> Template:
    """The template as the chosen variants change it (made once per variant and process)."""
    if not choice.key:
        return template
    cache_key = (id(template), choice.key)
    made = _APPLIED.get(cache_key)
    if made is not None:
        return made
    colours = dict(template.colours)
    changed: dict[str, dict[str, Any]] = {}
    for fname, value in choice.key:
        v = template.variants[fname][value]
        for old, new in v.colours.items():
            colours[old] = replace(template.colours[new], name=old)
        for box, opts in v.boxes.items():
            changed.setdefault(box, {}).update(opts)
    pages = tuple(
        replace(
            p,
            boxes=tuple(
                replace(b, options={**b.options, **changed[b.name]}) if b.name in changed else b
                for b in p.boxes
            ),
        )
        for p in template.pages
    )
    made = replace(template, colours=colours, pages=pages)
    _APPLIED[cache_key] = made
    return made
