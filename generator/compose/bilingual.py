"""A product in one language or several, in Cyrillic or Latin Kazakh: compose every language.

Each language is composed on its own (its article, its facts, its template words), then the
blocks are put together, the state language first: a box then sets the languages one after
the other (or side by side) at one size (Law on Languages, art. 21; docs/languages.md).

For ``--script latn`` the composed Kazakh markup is transliterated, template words included;
a record's fields (names) are kept as written unless ``latin_records`` is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from ..content.facts import Content, Fact, Facts
from ..content.latin import transliterate, transliterate_markup
from ..content.normalise import NBSP, QuoteRule, rules_for
from .names import RECORD_MARKS
from .render import Composed, compose, event_context, language_texts
from .template import Template

# Between the languages of one block: the layout leaves a space there (typeset.text).
LANGUAGE_BREAK = "\u2063"
# Private-use marks around a record's values, so transliteration can step over them.
_KEEP = RECORD_MARKS


def event_contexts(template: Template, event: Content) -> dict[str, dict[str, Any]]:
    """Language → the names compose() gives every block that no record changes (see
    ``compose.render.event_context``): a batch makes them once, not once a record."""
    texts = {
        c.lang: language_texts(template, c.article, c.facts, c.lang)
        for c in event.in_each_language()
    }
    return {
        c.lang: event_context(template, c.article, c.facts, c.lang, texts)
        for c in event.in_each_language()
    }


def compose_event(
    template: Template,
    event: Content,
    record: dict[str, str] | None = None,
    *,
    only: Collection[str] | None = None,
    extra: dict[str, Any] | None = None,
    latin_records: bool = False,
    constant: dict[str, dict[str, Any]] | None = None,
) -> Composed:
    """Compose a template with an event in each of its languages and merge the blocks
    (``constant``: what ``event_contexts`` made for this template and event, if kept)."""
    versions: list[Composed] = []
    if constant is None:
        constant = event_contexts(template, event)
    for content in event.in_each_language():
        latin = event.script == "latn" and content.lang == "kk"
        fields = record
        if latin and record and not latin_records:
            fields = {k: f"{_KEEP[0]}{v}{_KEEP[1]}" if v else v for k, v in record.items()}
        composed = compose(
            template,
            content.article,
            content.facts,
            fields,
            extra=extra,
            only=only,
            language=content.lang,
            constant=constant[content.lang],
        )
        blocks = {k: requote(v, content.lang) for k, v in composed.blocks.items()}
        if latin:
            blocks = {k: transliterate_markup(v, _KEEP) for k, v in blocks.items()}
        composed = replace(composed, blocks=blocks)
        versions.append(composed)
    first = versions[0]
    langs = event.languages
    if len(versions) == 1:
        # The raw fields, as the data file has them (image boxes read picture paths there).
        return replace(first, script=event.script, lang=event.lang, record=dict(record or {}))
    parts: dict[str, tuple[tuple[str, str], ...]] = {}
    blocks: dict[str, str] = {}
    for name in first.blocks:
        texts = [(lang, v.blocks.get(name, "")) for lang, v in zip(langs, versions, strict=True)]
        distinct: list[tuple[str, str]] = []
        for lang, text in texts:
            if text and all(not _same(text, seen) for _, seen in distinct):
                distinct.append((lang, text))
        if record and len(distinct) > 1:
            distinct = _shared_lines(distinct)
        parts[name] = tuple(distinct)
        blocks[name] = f"\n\n{LANGUAGE_BREAK}\n\n".join(text for _, text in distinct)
    return Composed(first.template, blocks, parts, event.script, event.lang, dict(record or {}))


def _same(a: str, b: str) -> bool:
    """Whether two languages' blocks say the same: a record's field is one text, which each
    language's normaliser spaces its own way (Russian ties a one-letter word to the next,
    Kazakh does not): an organisation printed twice, once a language, did not fit its box."""
    return a == b or a.replace(NBSP, " ") == b.replace(NBSP, " ")


def _shared_lines(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A record's block whose languages differ in some lines and share others (the role's
    word over the organisation, «Қонақ» and «Гость» over one school; the committee over one
    signatory) as one text: each differing line its languages side by side, «Қонақ / Гость»,
    each shared line once. Set one language after the other, the shared lines printed twice
    and an organisation no longer fitted its box."""
    lines = [text.split("<br/>") for _, text in texts]
    if len({len(ls) for ls in lines}) > 1 or len(lines[0]) < 2:
        return texts
    merged, shared = [], False
    for row in zip(*lines, strict=True):
        kept = [line for i, line in enumerate(row) if not any(_same(line, o) for o in row[:i])]
        shared = shared or len(kept) == 1
        merged.append(_LANGUAGES_INLINE.join(kept))
    return [(texts[0][0], "<br/>".join(merged))] if shared else texts


# Between the languages of one line (as the layout sets a short bilingual text inline).
_LANGUAGES_INLINE = "&nbsp;/ "
_MARKUP = re.compile(r"<[^>]*>|&[#\w]+;")
_QUOTE_MARKS = frozenset('"«»„“”')


def requote(markup: str, lang: str) -> str:
    """Quotation marks of composed text by the language's rule, nesting included: a template's
    «{title}» around a title that has quotes of its own gets the inner pair inside."""
    if not _QUOTE_MARKS & set(markup):
        return markup
    rule = next(r for r in rules_for(lang) if isinstance(r, QuoteRule))
    spans: list[tuple[int, int]] = []  # the text between tags and entities
    pos = 0
    for m in _MARKUP.finditer(markup):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(markup)))
    fixed = iter(rule.fix("".join(markup[a:b] for a, b in spans)))
    out = list(markup)
    for a, b in spans:
        for i in range(a, b):
            out[i] = next(fixed)
    return "".join(out)


def layout_facts(event: Content) -> Facts:
    """The facts the layout draws itself (figures, charts): for a bilingual event each caption
    in every language, one paragraph each, the state language first."""
    if not event.translations:
        return event.facts
    merged: list[Fact] = []
    for fact in event.facts.values():
        versions = [fact] + [t.facts[fact.id] for t in event.translations]
        captions = _distinct(v.caption for v in versions)
        prints = _distinct(v.print for v in versions)
        if event.script == "latn":
            # A print the languages share («2 500 м²») is one figure: the Kazakh copy differs
            # from the Russian only by its letters («2 500 m²»), and is printed alone.
            prints = [p for i, p in enumerate(prints) if transliterate(p) not in prints[:i]]
        caption = f"\n\n{LANGUAGE_BREAK}\n\n".join(captions)
        merged.append(replace(fact, caption=caption, print=" / ".join(prints)))
    return event.facts.with_facts(merged)


def one_line(text: str) -> str:
    """A text of several languages on one line, `` / `` between them (chart labels)."""
    return text.replace(f"\n\n{LANGUAGE_BREAK}\n\n", " / ")


def _distinct(texts: Any) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text not in out:
            out.append(text)
    return out
