"""Worker processes a batch forks, started and stopped so that an interruption ends the run.

Started (``forking``): Ctrl-C and SIGTERM are held while the workers are forked. Python runs
a signal's handler at the next line of Python it executes, and in the parent that could be
a function registered to run after a fork (``logging`` registers one), whose exception
Python prints and forgets: the KeyboardInterrupt was lost and the batch ran on to the end.
Held, the signal is handled once the fork is done, in the batch's own code. A worker leaves
Ctrl-C to its parent (the terminal sends it to every process of the group; a worker that
took it printed a traceback or dropped its chunk), ends at SIGTERM at once, as its
parent's ``stop`` asks, and (on Linux) with its parent, killed alone.

Stopped (``stop``): a ``ProcessPoolExecutor`` left on an error or an interruption: its
workers stopped and its manager thread ended. That thread is joined when the interpreter
exits (``concurrent.futures`` registers the join), so a manager thread that never ends keeps
the process from exiting after everything else is done. One way it never ends: a worker
stopped (terminated, Ctrl-C, killed) while sending its result leaves half a message in the
result pipe; the thread reads the rest for ever, since this process holds the pipe's write
end too and no end of file comes. Once the workers are gone, the thread's read is made to
fail instead, and the thread ends as for a broken pool."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

JOIN_S = 10.0  # bound on waiting for the thread: it has no worker left to wait for
KILL_S = 2.0  # a worker still there this long after SIGTERM is killed
HELD = {signal.SIGINT, signal.SIGTERM}
_mask: set[signal.Signals] | None = None  # the signals blocked before ``forking`` (the child's)
_parent = 0  # the process forking
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@contextlib.contextmanager
def held() -> Iterator[set[signal.Signals] | None]:
    """Ctrl-C and SIGTERM held in this thread for the block, handled as it ends; yields the
    signals blocked before (None: not on this system)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield None
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield before
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a held signal is handled here


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """Processes forked in this block: signals ``held`` meanwhile; in a child, Ctrl-C
    ignored, SIGTERM's default action, nothing held."""
    global _mask, _parent
    with held() as before:
        _mask, _parent = before, os.getpid()
        try:
            yield
        finally:
            _mask = None


def _in_child() -> None:
    global _mask
    if _mask is None:  # forked outside ``forking``: left as it is
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()
    signal.pthread_sigmask(signal.SIG_SETMASK, _mask)
    _mask = None  # its own children: left as it makes them


def _end_with_parent() -> None:
    """Linux: this child is killed when its parent dies (killed alone: ``kill -9``, the
    out-of-memory killer). A pool's worker waited for work for ever, its siblings holding
    the task queue open, and a supervisor that restarted the batch found the old workers
    still there."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _parent:  # it died before the request: none comes
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_child)


def start(pool: Any) -> None:
    """Fork every worker of ``pool`` (a ``fork`` pool: its first task forks them all before
    ``submit`` returns; no result is waited for), signals held meanwhile; a signal handled
    as they are made stops them again before it is raised (no ``with`` has begun to)."""
    try:
        with forking():
            pool.submit(int)
    except BaseException:
        stop(pool)
        raise


def stop(pool: Any) -> None:
    """Shut ``pool`` down without waiting for its tasks (pending ones cancelled), its workers
    stopped and reaped (killed if SIGTERM did not end them), then its manager thread ended
    and joined. Ctrl-C and SIGTERM are held meanwhile: a second one handled halfway left
    workers, or a thread the interpreter's exit waits for."""
    with held():
        _stop(pool)


def _stop(pool: Any) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    thread = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)  # shutdown forgets these: kept first
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.exitcode is None:
            p.terminate()
    for p in processes:
        p.join(KILL_S)
        if p.exitcode is None:
            p.kill()
            p.join()
    if thread is None or not thread.is_alive() or any(p.exitcode is None for p in processes):
        return
    if results is not None:
        with contextlib.suppress(OSError, ValueError):
            # A read with nothing to read fails from now on (no worker is left to write);
            # one byte wakes a read already waiting for the rest of a half-sent result.
            os.set_blocking(results._reader.fileno(), False)
            writer = results._writer.fileno()
            os.set_blocking(writer, False)
            with contextlib.suppress(BlockingIOError):  # a full pipe: the thread is reading
                os.write(writer, b"\0")
    thread.join(JOIN_S)
