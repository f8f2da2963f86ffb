"""A batch job's inputs carried as content, for workers that share no disk with the client.

``pack`` reads every file a job builds from (the template folder, the article, the facts and
the pictures they name) into a ``Bundle`` named by the hash of its content. The client sends
it to each Dask worker once (scattered, kept in the worker's memory); a worker writes it into
its own cache folder once (``unpack``) and builds from there, so a worker started in another
directory or on another machine makes the same bytes as the client would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .jobs import Job, Outcome, loaded, render_chunk, warm

PICTURES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".svg", ".pdf"})


@dataclass(frozen=True)
class Bundle:
    """Files by role ("template", "event", "images"), each (path inside the role, bytes)."""

    digest: str
    roles: tuple[tuple[str, tuple[tuple[str, bytes], ...]], ...]
    # Where the job's paths point inside the bundle: field name -> (role, path inside it).
    paths: tuple[tuple[str, str, str], ...]
    # Each role's folder on the client: a worker's messages name the files there, not its
    # cache copy (not in the digest: the same content sent from elsewhere is the same bundle).
    origins: tuple[tuple[str, str], ...] = ()


def _files_under(folder: Path) -> list[tuple[str, bytes]]:
    """Every file of a folder, recursively (hidden files and caches left out), sorted."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            out.append((rel.as_posix(), path.read_bytes()))
    return out


def _event_files(event: Any) -> list[Path]:
    """The article, the facts file, and every existing file the event's details name
    (a logo, a photo, partners' logos...)."""
    files = [Path(event.article.source), Path(event.facts.source)]
    details = event.facts.event
    values = (
        [getattr(details, f.name) for f in dataclasses.fields(details)]
        if dataclasses.is_dataclass(details)
        else list(vars(details).values())
    )
    for value in values:
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str | Path) and _is_file(item):
                files.append(Path(item).resolve())
    return [f.resolve() for f in files if _is_file(f)]


def _is_file(value: str | Path) -> bool:
    """Whether a detail names an existing file (most are words: a name, a citation)."""
    try:
        return bool(str(value)) and Path(value).is_file()
    except (OSError, ValueError):  # too long for a path, or a NUL in it
        return False


def pack(job: Job, images: list[str] | None = None) -> Bundle:
    """Everything the job reads, as content. ``images``: files under ``job.images`` that the
    records name (record pictures travel too)."""
    template, event = loaded(job)
    roles: list[tuple[str, tuple[tuple[str, bytes], ...]]] = []
    paths: list[tuple[str, str, str]] = [("template", "template", ".")]
    roles.append(("template", tuple(_files_under(Path(template.folder)))))
    files = _event_files(event)
    base = Path(os.path.commonpath([str(f.parent) for f in files]))
    origins = [("template", str(template.folder)), ("event", str(base))]
    roles.append(("event", tuple((f.relative_to(base).as_posix(), f.read_bytes()) for f in files)))
    paths.append(
        ("article", "event", Path(event.article.source).resolve().relative_to(base).as_posix())
    )
    paths.append(
        ("facts", "event", Path(event.facts.source).resolve().relative_to(base).as_posix())
    )
    folder = getattr(job, "images", None)
    if folder:
        root = Path(folder)
        if images is None:  # every picture in the folder (the records may name any)
            files = [(n, b) for n, b in _files_under(root) if Path(n).suffix.lower() in PICTURES]
        else:
            kept = sorted({name for name in images if (root / name).is_file()})
            files = [(n, (root / n).read_bytes()) for n in kept]
        roles.append(("images", tuple(files)))
        paths.append(("images", "images", "."))
        origins.append(("images", str(root)))
    h = hashlib.sha256()
    for role, items in roles:
        for name, data in items:
            h.update(f"{role}/{name}\0{len(data)}\0".encode() + data)
    return Bundle(h.hexdigest(), tuple(roles), tuple(paths), tuple(origins))


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "generator" / "jobs"


@cache
def unpack(bundle: Bundle) -> Path:
    """The bundle's files in this machine's cache folder (written once, atomically)."""
    root = cache_root() / bundle.digest[:32]
    if (root / ".complete").exists():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=root.parent))
    try:
        for role, items in bundle.roles:
            (tmp / role).mkdir(exist_ok=True)
            for name, data in items:
                target = (tmp / role / name).resolve()
                if not target.is_relative_to((tmp / role).resolve()):
                    raise ValueError(f"a bundled file outside its folder: {name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        (tmp / ".complete").touch()
        try:
            os.replace(tmp, root)
        except OSError:  # another worker on this machine was quicker: use its copy
            pass
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
    return root


def relocated(bundle: Bundle, job: Job) -> Job:
    """The job with its paths pointing into this machine's copy of the bundle."""
    root = unpack(bundle)
    changes = {field: str(root / role / rel) for field, role, rel in bundle.paths}
    return dataclasses.replace(job, **changes)


def render_carried(
    bundle: Bundle, job: Job, items: list[tuple[int, str, dict[str, str]]]
) -> list[Outcome]:
    """A chunk of records built on a worker from the carried content; bytes come back."""
    local = relocated(bundle, job)
    warm(local)
    outcomes = render_chunk(local, items, None)
    # Messages name the client's files (the user's template.toml), not this worker's copies.
    root = unpack(bundle)
    places = [(str(root / role), origin) for role, origin in bundle.origins]

    def named(text: str) -> str:
        for copy, origin in places:
            text = text.replace(copy, origin)
        return text

    return [
        dataclasses.replace(o, error=named(o.error), warnings=tuple(map(named, o.warnings)))
        if o.error or o.warnings
        else o
        for o in outcomes
    ]
