"""What compose makes for a build, kept in the user's disk cache (``generator.cache``): the
composed text of a template for an event, and which blocks of its text.j2 no box reads.

A build of an unchanged template and event then neither imports nor runs Jinja. An entry is
named by the template's folder, the event's files and the code that composes (this package,
the content package, Jinja, MarkupSafe, Babel), and holds the digest of everything composing
reads (the template's data, every file of its folder, the shared vocabularies, the event as
loaded): anything of those changed is composed again and replaces the entry. Only a success
is stored: a template with a mistake is composed, and reported, every time.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from .. import cache as disk_cache
from ..content.facts import Content
from ..resources import templates_dir
from .render import Composed
from .template import Template

KIND = "composed"
# Pictures beside a template are not text Jinja reads: their size and date stand for them.
_PICTURES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".heic", ".heif", ".pdf"}


def composed(template: Template, event: Content, *, latin_records: bool = False) -> Composed:
    """``compose_event(template, event)`` (no record), from the cache when it was made before."""
    from .bilingual import compose_event

    sources = [(c.article.source, c.facts.source) for c in event.in_each_language()]
    entry = _entry(
        ("compose", repr(sources), event.script, latin_records),
        template,
        pickle.dumps(event, protocol=5),
    )
    got = disk_cache.load_current(KIND, entry, Composed)
    if got is not None:
        return got
    made = compose_event(template, event, latin_records=latin_records)
    disk_cache.store_current(KIND, entry, made)
    return made


def unused_blocks(template: Template) -> list[str]:
    """``render.unused_blocks(template)``, from the cache when it was found before."""
    from . import render

    entry = _entry(("unused",), template)
    got = disk_cache.load_current(KIND, entry, list)
    if got is not None:
        return got
    made = render.unused_blocks(template)
    disk_cache.store_current(KIND, entry, made)
    return made


def _entry(what: tuple[Any, ...], template: Template, *more: Any) -> tuple[str, str] | None:
    """Named by what is made, from which template folder and event files, and the code;
    the digest of everything composing reads (one entry per name, replaced on a change)."""
    if disk_cache.cache_dir() is None:
        return None
    try:
        files = _files(template.folder) + _files(templates_dir() / "vocab")
        data = pickle.dumps(template, protocol=5)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return None
    here = Path(__file__).parent
    name = disk_cache.key(
        KIND,
        *what,
        str(template.folder),
        disk_cache.folder_stamp(str(here)),
        disk_cache.folder_stamp(str(here.parent / "content")),
        disk_cache.code_stamp("jinja2"),
        disk_cache.code_stamp("markupsafe"),
        disk_cache.code_stamp("babel"),
    )
    return name, disk_cache.key(data, *files, *more)


def _files(folder: Path) -> list[str | bytes]:
    """Every file under a folder: its path and bytes (a picture's size and date)."""
    out: list[str | bytes] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            out.append(str(path))
            if path.suffix.lower() in _PICTURES:
                st = path.stat()
                out.append(f"{st.st_size} {st.st_mtime_ns}")
            else:
                out.append(path.read_bytes())
    return out
