"""A per-user cache of costly, deterministic work, kept across runs: parsed fonts, converted
SVG pictures, compiled templates, locale data. It only saves start-up time; what is built is
the same with a cold, warm or broken cache.

Where: ``$GENERATOR_CACHE_DIR`` if set (``off`` or empty: no cache), else
``$XDG_CACHE_HOME/generator`` (``~/.cache/generator``). Each entry is one file, named by a
hash of everything it depends on (the input's bytes, the converting library's code) and
written whole then renamed, so processes running at once never read half an entry. An entry
carries a digest of its payload: one that is cut short, altered or unreadable is ignored and
made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Bump when the layout of entries changes: every old entry is then simply never looked up.
FORMAT = b"generator-cache-1"
_MAGIC = b"GCACHE1\n"
_DIGEST = 32  # sha256


def _off() -> bool:
    given = os.environ.get("GENERATOR_CACHE_DIR")
    return given is not None and given.strip().lower() in ("", "off")


def base_dir() -> Path:
    """The user's generator cache folder (also where the hint-free font copies live, which
    are made even when the cache of start-up work is off)."""
    given = os.environ.get("GENERATOR_CACHE_DIR")
    if given and not _off():
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "generator"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off (``GENERATOR_CACHE_DIR=off``)."""
    return None if _off() else base_dir()


def key(*parts: bytes | str | int | float | None) -> str:
    """A hex name for an entry from everything it depends on (the Python version included)."""
    h = hashlib.sha256(FORMAT)
    h.update(sys.version.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


@cache
def code_stamp(package: str) -> str:
    """A stamp of an installed package's version, without importing it: the hash of its
    ``__init__.py`` (which carries the version string) or of the module file."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
        origin = spec.origin if spec else None
        return file_digest(origin) if origin else "none"
    except (ImportError, ValueError, OSError):
        return "none"


@cache
def source_stamp(file: str) -> str:
    """A stamp of the module that makes an entry (pass its ``__file__``): editing the recipe
    retires its old entries."""
    try:
        return file_digest(file)
    except OSError:
        return "none"


@cache
def folder_stamp(folder: str) -> str:
    """A stamp of every module in a package's folder (pass ``Path(__file__).parent``):
    editing any of them retires the entries made from what that package computes."""
    h = hashlib.sha256()
    try:
        for path in sorted(Path(folder).glob("*.py")):
            h.update(path.name.encode() + b"\0" + file_digest(path).encode())
    except OSError:
        return "none"
    return h.hexdigest()


# What file_digest computed: (path, salt) -> ((size, mtime, ctime, inode), hex digest).
_DIGESTS = ("stat", "file-digests")
_DIGESTS_LIMIT = 4000
_SETTLED = 2_000_000_000  # ns
_digests: dict[tuple[str, bytes], tuple[tuple[int, ...], str]] | None = None
_digests_used: dict[tuple[str, bytes], tuple[tuple[int, ...], str]] = {}
_digests_changed = False


def file_digest(path: str | os.PathLike[str], salt: bytes = b"") -> str:
    """The sha256 (hex) of ``salt`` and a file's bytes. Remembered in the cache by the file's
    path, size, modification and change times (ns) and inode, as Python trusts a module's
    modification time and size for its compiled copy: a build then reads and hashes no
    font file and no module it hashed before (some 3 MB a poster, ~5 ms). A file changed
    in the last two seconds is not remembered (a second change within the clock's tick
    could leave the same times, as git's index knows). Raises OSError when the file cannot
    be read."""
    global _digests, _digests_changed
    name = os.fspath(path)
    st = os.stat(name)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if _digests is None:
        _digests = _read_digests()
    key = (name, salt)
    known = _digests.get(key)
    if known is not None and known[0] == stamp:
        _digests_used[key] = known
        return known[1]
    with open(name, "rb") as f:
        digest = hashlib.sha256(salt + f.read()).hexdigest()
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < _SETTLED:
        return digest
    _digests[key] = _digests_used[key] = (stamp, digest)
    if not _digests_changed and cache_dir() is not None:
        import atexit

        atexit.register(_write_digests)
        _digests_changed = True
    return digest


def _read_digests() -> dict[tuple[str, bytes], tuple[tuple[int, ...], str]]:
    got = load(*_DIGESTS)
    return got if isinstance(got, dict) else {}


def _write_digests() -> None:
    if _digests is not None:
        store(*_DIGESTS, _digests if len(_digests) <= _DIGESTS_LIMIT else _digests_used)


def _entry(kind: str, name: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / kind / name


def read(kind: str, name: str) -> bytes | None:
    """The payload of an entry, or None when it is absent, unreadable or damaged."""
    path = _entry(kind, name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    payload = data[head:]
    if (
        data[: len(_MAGIC)] != _MAGIC
        or hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]
    ):
        return None
    return payload


def write(kind: str, name: str, payload: bytes) -> None:
    """Store an entry whole (a temporary file renamed into place); a cache that cannot be
    written is no error: the next run makes the thing again."""
    path = _entry(kind, name)
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name[:16]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load(kind: str, name: str) -> Any | None:
    """A pickled value from the cache, or None (absent, damaged, or from other code)."""
    payload = read(kind, name)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any failure to unpickle means: make it again
        return None


def load_marshalled(kind: str, name: str) -> Any | None:
    """A value stored with ``marshal`` (code), or None (absent, damaged, or not marshal's)."""
    payload = read(kind, name)
    if payload is None:
        return None
    import marshal

    try:
        return marshal.loads(payload)
    except Exception:  # noqa: BLE001 - any failure to read it means: make it again
        return None


def store(kind: str, name: str, value: Any) -> None:
    """Pickle a value into the cache (a value that cannot be pickled is not cached)."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - pickling errors vary by type; caching is optional
        return
    write(kind, name, payload)


def load_current(kind: str, entry: tuple[str, str] | None, valid: type) -> Any | None:
    """The value stored under ``entry`` (its name, and the digest of what it was made from)
    when it was made from the same inputs and is a ``valid``; else None."""
    if entry is None:
        return None
    got = load(kind, entry[0])
    if isinstance(got, tuple) and len(got) == 2 and got[0] == entry[1]:
        return got[1] if isinstance(got[1], valid) else None
    return None


def store_current(kind: str, entry: tuple[str, str] | None, value: Any) -> None:
    """Store a value under ``entry`` with the digest of its inputs: one entry per name (a
    thing's identity: its file's path, say), replaced when the inputs change, so edits do
    not pile up entries."""
    if entry is not None:
        store(kind, entry[0], (entry[1], value))


def cached(kind: str, name: str, make: Callable[[], T], valid: type | None = None) -> T:
    """The cached value of ``make()`` under ``name`` (of type ``valid`` when given); made and
    stored when absent or of another type."""
    value = load(kind, name)
    if value is None or (valid is not None and not isinstance(value, valid)):
        value = make()
        store(kind, name, value)
    return value
