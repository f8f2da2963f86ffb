"""One batch at a time in an output folder: a lock file that names its holder.

A second run into a folder in use would delete the first one's temporary files and write into
its journal; it refuses instead, naming the process that holds the folder. The lock is an OS
lock on an open file, so a run killed by any signal (even SIGKILL) releases it at once and
the next run never has to guess whether a pid in a file is still alive.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import InputError

LOCK = ".batch.lock"


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(path.read_text(encoding="ascii").split()[0])
        return f"process {pid}"
    return "another process"


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks a byte range instead
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class FolderLock:
    """Hold a folder for this process (``acquire``/``release``, or as a context manager);
    acquiring raises InputError when another batch holds it."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.path = Path(folder), Path(folder) / LOCK
        self.fd: int | None = None

    def acquire(self) -> None:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                os.close(fd)
                raise InputError(
                    f"the folder is in use by another batch ({_holder(self.path)}, see {LOCK}); "
                    "wait for it to finish or choose another --out",
                    where=str(self.folder),
                )
            # The last holder may have removed the file between our open and our lock: then
            # we hold a lock on a file nobody else can see; take the one at the path instead.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # before closing: nobody may take a lock we still hold
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
