"""What compose makes for a build, kept in the user's disk cache (``generator.cache``): the
composed text of a template for an event, and which blocks of its text.j2 no box reads.

A build of an unchanged template and event then neither imports nor runs Jinja. An entry is
named by the template's folder, the event's files and the code that composes (this package,
the content package, Jinja, MarkupSafe, Babel), and holds the digest of everything composing
reads (the template's data, every file of its folder, the shared vocabularies, the event as
loaded): anything of those changed is composed again and replaces the entry. Only a success
is stored: a template with a mistake is composed, and reported, every time.

The digest is taken at every build, but cheaply: a file's bytes by ``cache.file_digest``
(hashed again only when its size, times or inode change), a template's data once per
template object (frozen; reloading templates makes new ones), and what a process composed
or loaded is kept for its next build under the same entry (name and digest).
"""

from __future__ import annotations

import hashlib
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
_KEPT = 32  # composed texts and template digests a process keeps; past it they start again
_made: dict[tuple[str, str], Any] = {}  # entry -> what was composed (or loaded) for it
_pickled: dict[int, tuple[Template, str]] = {}  # id -> (the template, its pickle's digest)
_names: dict[tuple[tuple[Any, ...], str], str] = {}  # (what, folder) -> the entry's name


def composed(template: Template, event: Content, *, latin_records: bool = False) -> Composed:
    """``compose_event(template, event)`` (no record), from the cache when it was made before."""
    from .bilingual import compose_event

    sources = [(c.article.source, c.facts.source) for c in event.in_each_language()]
    entry = _entry(
        ("compose", repr(sources), event.script, latin_records),
        template,
        pickle.dumps(event, protocol=5),
    )
    got = _kept(entry, Composed)
    if got is not None:
        return got
    made = compose_event(template, event, latin_records=latin_records)
    _keep(entry, made)
    return made


def unused_blocks(template: Template) -> list[str]:
    """``render.unused_blocks(template)``, from the cache when it was found before."""
    from . import render

    entry = _entry(("unused",), template)
    got = _kept(entry, list)
    if got is not None:
        return list(got)
    made = render.unused_blocks(template)
    _keep(entry, made)
    return list(made)


def _kept(entry: tuple[str, str] | None, valid: type) -> Any | None:
    """What this process made or loaded for the entry, else the disk cache's."""
    if entry is None:
        return None
    got = _made.get(entry)
    if got is None:
        got = disk_cache.load_current(KIND, entry, valid)
        if got is not None:
            _remember(entry, got)
    return got if isinstance(got, valid) else None


def _keep(entry: tuple[str, str] | None, made: Any) -> None:
    if entry is not None:
        disk_cache.store_current(KIND, entry, made)
        _remember(entry, made)


def _remember(entry: tuple[str, str], made: Any) -> None:
    if len(_made) >= _KEPT:
        _made.clear()
    _made[entry] = made


def _entry(what: tuple[Any, ...], template: Template, *more: Any) -> tuple[str, str] | None:
    """Named by what is made, from which template folder and event files, and the code;
    the digest of everything composing reads (one entry per name, replaced on a change)."""
    if disk_cache.cache_dir() is None:
        return None
    try:
        files = _files(str(template.folder)) + _files(str(templates_dir() / "vocab"))
        data = _template_digest(template)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return None
    folder = str(template.folder)
    name = _names.get((what, folder))
    if name is None:
        here = Path(__file__).parent
        name = disk_cache.key(
            KIND,
            *what,
            folder,
            disk_cache.folder_stamp(str(here)),
            disk_cache.folder_stamp(str(here.parent / "content")),
            disk_cache.code_stamp("jinja2"),
            disk_cache.code_stamp("markupsafe"),
            disk_cache.code_stamp("babel"),
        )
        if len(_names) >= _KEPT:
            _names.clear()
        _names[(what, folder)] = name
    return name, disk_cache.key(data, *files, *more)


def _template_digest(template: Template) -> str:
    """The digest of a template's pickle, once per template object (kept with it, so that
    its id is not another's while it is remembered)."""
    known = _pickled.get(id(template))
    if known is not None and known[0] is template:
        return known[1]
    digest = hashlib.sha256(pickle.dumps(template, protocol=5)).hexdigest()
    if len(_pickled) >= _KEPT:
        _pickled.clear()
    _pickled[id(template)] = (template, digest)
    return digest


def _files(folder: str) -> list[str]:
    """Every file under a folder: its path and the digest of its bytes (a picture's size
    and date)."""
    out: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            out.append(path)
            if os.path.splitext(name)[1].lower() in _PICTURES:
                st = os.stat(path)
                out.append(f"{st.st_size} {st.st_mtime_ns}")
            else:
                out.append(disk_cache.file_digest(path))
    return out
