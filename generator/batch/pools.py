"""A ``ProcessPoolExecutor`` left on an error: its workers stopped and its manager thread ended.

The executor's manager thread is joined when the interpreter exits (``concurrent.futures``
registers that join), so a manager thread that never ends keeps the process from exiting
after everything else is done. One way it never ends: a worker stopped (terminated, Ctrl-C,
killed) while sending its result leaves half a message in the result pipe; the thread reads
the rest for ever, since this process holds the pipe's write end too and no end of file
comes. Once the workers are gone, the thread's read is made to fail instead, and the thread
ends as for a broken pool."""

from __future__ import annotations

import contextlib
import os
from typing import Any

JOIN_S = 10.0  # bound on waiting for the thread: it has no worker left to wait for


def stop(pool: Any, *, terminate: bool = True) -> None:
    """Shut ``pool`` down without waiting for its tasks (pending ones cancelled); with
    ``terminate`` its workers are stopped and reaped. When every worker has ended, the
    manager thread is ended and joined."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    thread = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)  # shutdown forgets these: kept first
    pool.shutdown(wait=False, cancel_futures=True)
    if terminate:
        for p in processes:
            if p.exitcode is None:
                p.terminate()
        for p in processes:
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
