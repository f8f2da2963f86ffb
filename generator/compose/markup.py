"""The markup a block renders to, checked where the designer wrote it: tags that close in
order and colours the template defines. ReportLab would fail later, far from text.j2, with
the text as escape codes; here the message names the file, the block's line and the words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problems
    from .template import Template

_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*?)(/?)\s*>")
_COLOUR = re.compile(r'\bcolor\s*=\s*"([\w-]+)"')
# Tags that stand alone in ReportLab's paragraph markup.
_EMPTY = {"br", "img", "seq", "seqdefault", "seqreset", "seqchain", "seqformat", "ondraw"}
_EMPTY |= {"index", "pagenumber", "unichar"}
_KNOWN = {"b", "i", "u", "strike", "s", "super", "sup", "sub", "font", "a", "link", "span"}
_KNOWN |= {"strong", "em", "greek", "nobr", "para"} | _EMPTY


def _show(markup: str, at: int) -> str:
    """The words around a place in the markup, as a reader sees them (no escape codes)."""
    start = max(0, at - 20)
    text = markup[start : at + 40]
    return ("…" if start else "") + text + ("…" if at + 40 < len(markup) else "")


def check_markup(markup: str, template: Template, problems: Problems) -> None:
    """Note unclosed, stray and unknown tags and colours not in [colours]."""
    line = problems.block_line
    stack: list[tuple[str, int]] = []
    for m in _TAG.finditer(markup):
        closing, name, attrs, empty = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        if name not in _KNOWN:
            problems.add(f"unknown tag <{m.group(2)}> in «{_show(markup, m.start())}»", line)
            continue
        for colour in _COLOUR.findall(attrs):
            if colour not in template.colours:
                problems.add(
                    f"markup names colour '{colour}', not in [colours] of "
                    f"{template.data_file} (colours: {', '.join(template.colours)})",
                    line,
                )
        if empty or name in _EMPTY:
            continue
        if not closing:
            stack.append((name, m.start()))
        elif stack and stack[-1][0] == name:
            stack.pop()
        elif stack:
            inner, at = stack[-1]
            problems.add(f"<{inner}> is closed by </{name}> in «{_show(markup, at)}»", line)
            return
        else:
            problems.add(f"</{name}> closes nothing in «{_show(markup, m.start())}»", line)
            return
    if stack:
        name, at = stack[-1]
        problems.add(f"<{name}> is never closed in «{_show(markup, at)}»", line)
