"""Work done ahead in a forked process while this one does other work: a batch's parent reads
the data file, names the files and hashes the inputs while it loads the fonts and lays out the
template's fixed parts (work the worker processes then inherit), so the second core is not
idle while the first one starts.

Only for work that is a function of its arguments and of files it only reads: the child sends
back its result and ends. When no result comes (an error, a fault, no ``fork`` here, threads
in this process), the work is done in this process when its result is asked for, so its
errors are said by this process exactly as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Ahead(Generic[T]):
    """``fn(*args)`` begun in a forked child; ``result()`` waits for it. Use as a context
    manager, so a child whose result is never asked for is stopped."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self.fn, self.args = fn, args
        self.pid: int | None = None
        self.fd: int | None = None
        # fork copies only the calling thread: another one's locks would stay held in the child.
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        from .pools import forking

        read, write = os.pipe()
        try:
            with forking():  # Ctrl-C or SIGTERM in the fork: handled when it is done (pools)
                pid = os.fork()
                if pid == 0:  # the child: its result down the pipe, then out (no exit handlers)
                    code = 1
                    try:
                        os.close(read)
                        data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
                        with open(write, "wb") as pipe:
                            pipe.write(data)
                        code = 0
                    except BaseException:  # noqa: BLE001, S110 - said by the parent, which does it again
                        pass
                    finally:
                        os._exit(code)
                os.close(write)
                self.pid, self.fd = pid, read
        except BaseException:  # the child stopped: the caller's with never began
            self.close()
            raise

    def result(self) -> T:
        """The child's result, or, when it gave none, ``fn(*args)`` done here."""
        if self.pid is not None and self.fd is not None:
            fd, self.fd = self.fd, None
            with open(fd, "rb") as pipe:
                data = pipe.read()
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped elsewhere: the pickle is whole or fails to load
                status = 0
            self.pid = None
            if status == 0 and data:
                with contextlib.suppress(Exception):
                    return pickle.loads(data)  # type: ignore[no-any-return]
        return self.fn(*self.args)

    def close(self) -> None:
        """Stop a child whose result was not asked for."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> Ahead[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
