"""Publish: atomic writes (a temporary file, then rename) and the build manifest."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO


@contextlib.contextmanager
def open_atomic(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` only whole, when the block ends without an
    error (else it never appears): for outputs written piece by piece."""
    path = Path(path)
    with _naming(path), _open_atomic(path, durable) as f:
        yield f


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write bytes so that the file is either the old one or the complete new one, never partial.

    ``durable=False`` skips the fsync: still atomic against a killed process, not against a
    power cut (for callers that verify checksums on their next run, like batch).
    """
    path = Path(path)
    with _naming(path):
        _write_atomic(path, data, durable)


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Errors name the file the caller asked for (not the temporary; a full disk names none)."""
    try:
        yield
    except OSError as e:
        if e.filename is None or str(e.filename).endswith(".tmp"):
            raise type(e)(e.errno, e.strerror, str(path)) from e
        raise


def _write_atomic(path: Path, data: bytes, durable: bool) -> None:
    # The common case in a few system calls (a batch writes thousands of files): a temporary
    # named by this process, created only if it is not there (O_EXCL); the mode 0o666 less the
    # umask, as any new file. Anything else (the name taken, a folder to make, a refusal):
    # the general path below, which also words its errors.
    name = os.fspath(path)
    if os.path.isdir(name):
        raise IsADirectoryError(errno.EISDIR, "is a directory", name)
    folder, base = os.path.split(name)
    tmp = os.path.join(folder, f".{base}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except OSError:
        with _open_atomic(path, durable) as f:
            f.write(data)
        return
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _open_atomic(path: Path, durable: bool) -> Iterator[BinaryIO]:
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; a build output should have the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path, name: str = "manifest.json") -> dict[str, Any]:
    """A folder's manifest as it is on disk ({} when there is none or it is unreadable)."""
    path = Path(folder) / name
    with contextlib.suppress(ValueError, OSError):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict):
            return doc
    return {}


def write_manifest(
    folder: Path,
    entries: dict[str, dict[str, Any]],
    name: str = "manifest.json",
    sections: dict[str, Any] | None = None,
) -> Path:
    """Record what was built (file → inputs and checksum), merged with an existing manifest.

    ``sections`` replaces other top-level parts (a batch's issued serial numbers); parts not
    named are kept as they are.
    """
    path = Path(folder) / name
    current = read_manifest(folder, name)
    files = current.get("files", {})
    files = files if isinstance(files, dict) else {}
    files.update(entries)
    doc = {k: v for k, v in current.items() if k not in ("generator", "files")}
    doc.update(sections or {})
    doc = {"generator": 1, "files": dict(sorted(files.items())), **dict(sorted(doc.items()))}
    write_atomic(path, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode())
    return path
