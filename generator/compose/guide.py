"""The template guide (docs/templates.md), written from the schema the loader validates against.

Nothing here states a key, a default or a choice by itself: every table row comes from
``schema``, the font families from fonts/fonts.toml, so regenerating the guide is enough to
document a new key. ``scripts/template_guide.py`` writes the file; a test compares it.
"""

from __future__ import annotations

import json
from typing import Any

from ..resources import families
from .schema import (
    BOX,
    BOX_TYPES,
    COLOUR,
    EDGES,
    KIND_NAMES,
    PAGE,
    PAPER_SIZES,
    REQUIRED,
    ROOT,
    SECTION,
    SETTINGS,
    STYLE,
    TEMPLATE,
    Key,
)

COMMAND = "make docs"  # what regenerates the guide; the test's message names it

# What each name text.j2 sees means. The names themselves come from compose (EVENT_CONTEXT,
# RECORD_NAMES): a new name without a meaning here stops the guide from being written.
CONTEXT_DOCS: dict[str, str] = {
    "article": "the article, normalised: `article.title`, `article.paragraphs`",
    "facts": "every fact by id: `facts.ID.print`, `.caption`, `.value`, `.source`, `.unit`",
    "roles": "the facts filling each role (`[roles]` in facts.toml, else by kind): "
    "`roles.date`, `roles.headline`, `roles.quote`, `roles.quotes`, `roles.chart`, "
    "`roles.highlight`",
    "words": "the template's words in the language: `templates/vocab/LANG.toml`, the "
    "template's own `vocab/LANG.toml`, then the event's `[vocab.LANG]`",
    "lang": "the language being set: `kk` or `ru`",
    "texts": "each language by name in a bilingual build: `texts.ru.article.title`, "
    "`texts.kk.facts.members.caption`, `texts.ru.words.notes`",
    "when": "the event's date as the template's `date_style` sets it",
    "when_time": "the date with the event's time as the language joins them («2026 жылғы 12 "
    "мамыр, 18:30»), or either alone",
    "event": "the `[event]` details of facts.toml (`event.organiser`, `event.place`, "
    "`event.url`…); an absent one is empty",
    "record": "in a record template, the data row's fields: `record.name`…",
    "serial": "in a batch, the record's serial number",
    "variant": "in a batch, the words of the record's variant",
}

# The head of the example template: the names the box examples refer to.
EXAMPLE_HEAD = """\
[template]
name = "my-flyer"
description = "A5 flyer"
size = "A5"
sizes = ["A5", "A6"]

[colours]
ink = { rgb = "#14284B", cmyk = [100, 80, 30, 30] }
paper = { rgb = "#F4F1EA", cmyk = [3, 4, 8, 0] }

[fonts]
serif = "PTSerif"

[styles.body]
font = "serif"
size = 12
min_size = 9
color = "ink"
"""


def example_box(kind: str, y: float = 10) -> str:
    """The example box of a type as a ``[[pages.boxes]]`` table (x, y, w, h in mm)."""
    extra = BOX_TYPES[kind].example
    return (
        f'[[pages.boxes]]\nname = "{kind}_box"\ntype = "{kind}"\n'
        f"x = 10\ny = {y:g}\nw = 100\nh = 20\n{extra}\n"
    )


def example_template(kinds: tuple[str, ...] = ("rect", "text")) -> str:
    """A whole template.toml with one example box of each given type."""
    boxes = "\n".join(example_box(k, 10 + 25 * i) for i, k in enumerate(kinds))
    return f'{EXAMPLE_HEAD}\n[[pages]]\nname = "front"\n\n{boxes}'


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict) and not value:
        return "{}"
    return json.dumps(value, ensure_ascii=False)


def _default(key: Key) -> str:
    if key.default_doc:
        return key.default_doc
    if key.default is REQUIRED:
        return "**required**"
    if key.default is None:
        return "none"
    return f"`{_toml(key.default)}`"


def _type(key: Key) -> str:
    name = KIND_NAMES.get(key.kind, key.kind)
    if key.choices:
        return name + ": " + ", ".join(f"`{c}`" for c in key.choices)
    return name


def _table(keys: dict[str, Key]) -> list[str]:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for name, key in keys.items():
        cell = key.doc.replace("|", "\\|")
        rows.append(f"| `{name}` | {_type(key)} | {_default(key)} | {cell} |")
    return [*rows, ""]


def render_guide() -> str:
    """The whole guide as Markdown."""
    out = [
        "# Template guide",
        "",
        f"<!-- Generated from generator/compose/schema.py by `{COMMAND}`; do not edit. -->",
        "",
        "A template is a folder holding `template.toml` (the data below) and `text.j2` (the "
        "words, Jinja2). Copy one with `generator new template NAME --from poster`, build it "
        "with `generator build path/to/NAME`, and watch it with `generator serve`. Geometry is "
        "in millimetres from the page's top-left corner at the base size; font sizes are points "
        "at the base size; other sizes scale both. A misspelled key, a wrong type, an unknown "
        "colour or style and a box outside the page are errors naming the file and the key.",
        "",
        "## A complete small template",
        "",
        "```toml",
        example_template().rstrip(),
        "```",
        "",
        "## Top level",
        "",
        *_table(ROOT),
        "## `[template]`",
        "",
        *_table(TEMPLATE),
        "### `[template.settings]`",
        "",
        *_table(SETTINGS),
        "## `[colours.NAME]`",
        "",
        "Every colour other tables name. Write them inline: "
        '`ink = { rgb = "#14284B", cmyk = [100, 80, 30, 30] }`.',
        "",
        *_table(COLOUR),
        "## `[fonts]`",
        "",
        "Font roles that styles name, each a family (every face covers the Kazakh alphabet):",
        "",
        *[
            f"- `{f.name}`: {f.label} ({', '.join(f.faces)})"
            for f in families().values()
            if not f.fallback_only
        ],
        "",
        "## `[styles.NAME]`",
        "",
        *_table(STYLE),
        "## `[[pages]]`",
        "",
        *_table(PAGE),
        "## `[[pages.sections]]`",
        "",
        "Bands of a page, each starting where the one before ends; boxes join one with "
        "`section` (and `stretch`, `anchor`). A band whose boxes of content (text, figures, "
        "chart, qr, flow, folio, image) are all absent collapses, its rules and ornaments "
        "with it; the height it frees goes to the bands and spacers with `grow`.",
        "",
        *_table(SECTION),
        "## `[[pages.boxes]]`",
        "",
        "Keys every box has; the box's type adds its own options (below). Edges for `bleed`: "
        + ", ".join(f"`{e}`" for e in EDGES)
        + ".",
        "",
        *_table(BOX),
    ]
    for name, box_type in BOX_TYPES.items():
        out += [f"### `{name}`", "", box_type.doc, ""]
        out += _table(box_type.options) if box_type.options else []
        out += ["```toml", example_box(name).rstrip(), "```", ""]
    out += [
        "## Paper sizes",
        "",
        'Portrait, in mm; `orientation = "landscape"` turns them.',
        "",
        "| size | width × height |",
        "|---|---|",
        *[f"| `{n}` | {w:g} × {h:g} |" for n, (w, h) in PAPER_SIZES.items()],
        "",
        "## `text.j2`",
        "",
        "Each `{% block NAME %}` is the text of the box NAME (or of the box whose `block` names "
        "it). Values are escaped; an undefined name is an error naming the file and line. A "
        "bilingual build (`--lang kk,ru`) renders each block once per language, `lang` saying "
        "which. Filters: `before_dash`, `after_dash` and `dash` split a title at its dash and "
        "give the dash it uses; `tie_last` binds a short last word (4 letters or fewer) to the "
        "one before, so a title never ends on a line of one short word; `shorten(76)` keeps a "
        "text of up to 76 characters whole and cuts a longer one at a word with an ellipsis "
        "(the booklet's running head); `initials` gives a name's "
        "initials («Әлия Иманқызы» → «ӘИ»: a photo's placeholder, a text box that is an image "
        "box's `fallback`); `record|gender` is `m` or `f` from a gender column (`gender`, "
        "`пол`, `жынысы`: м/ж, m/f, муж/жен, ер/әйел), else from the patronymic in `record.name` "
        "(-овна, -қызы; -ович, -ұлы), else from the surname of a two-word name (Тимофеева "
        "Анна), else empty, for words that agree with it "
        "(the invitation's `greeting_m` / `greeting_f`, else the neutral `greeting`); "
        "`address_name` gives the words that address a person: given name and patronymic "
        "(«Жумабаева Айгуль Серикбаевна» → «Айгуль Серикбаевна»), else the name, a surname "
        "written first put after the given name («Тимофеева Анна» → «Анна Тимофеева»); "
        "`capfirst` makes a text's first letter a capital, the rest as written (a role typed "
        "«спортшы» prints «Спортшы», as a variant's label does); `record.role|role_word(words)` "
        "is the vocabulary's word for a role written as one of its `[role]` keys («guest» → "
        "«Гость»), else the role as written. "
        "The text sees:",
        "",
        *_context(),
        "",
    ]
    return "\n".join(out)


def _context() -> list[str]:
    from .depends import RECORD_NAMES
    from .render import EVENT_CONTEXT

    rows = []
    for name in sorted(EVENT_CONTEXT) + sorted(RECORD_NAMES - EVENT_CONTEXT):
        if name not in CONTEXT_DOCS:
            raise LookupError(
                f"text.j2 sees '{name}' but generator/compose/guide.py CONTEXT_DOCS does not "
                f"say what it is; add it there, then run `{COMMAND}`"
            )
        rows.append(f"- `{name}`: {CONTEXT_DOCS[name]}")
    return rows
