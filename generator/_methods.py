"""Start-up: the methods that ``dataclasses`` writes for each class, compiled once per machine.

For every dataclass, Python's ``dataclasses`` writes the source of its ``__init__``,
``__repr__``, ``__eq__`` (and ``__setattr__``, ``__hash__`` of a frozen one) and compiles each
with ``exec``: some forty classes on the way to a poster cost 20-40 ms of a process's start,
more than any import. The source of a method depends only on the class's fields, so its code
is kept in the user's cache (one marshal file per Python build, with a digest: see
``generator.cache``) and executed from there; a source not seen before is compiled as
``exec`` compiles it. The classes are the same either way. The entry holds every method any
verb has made (hundreds); each is kept marshalled on its own and read back when a class asks
for it, so a process unmarshals only the few dozen it defines (reading them all cost ~5 ms).
"""

from __future__ import annotations

import builtins
import marshal
import sys
from types import CodeType
from typing import Any

_ENTRY = ("code", f"dataclass-methods-2-{sys.implementation.cache_tag}-{sys.hexversion:x}")
# Source → its code, marshalled: every one known (stored or compiled), and those this process
# compiled.
_stored: dict[str, bytes] = {}
_added: dict[str, bytes] = {}


def _compiled(source: str) -> CodeType:
    data = _stored.get(source)
    if data is not None:
        try:
            code = marshal.loads(data)
        except Exception:  # noqa: BLE001 - any failure to read it means: compile again
            code = None
        if type(code) is CodeType:
            return code
    # As exec compiles a string in dataclasses (no __future__ flags of ours).
    code = compile(source, "<string>", "exec", dont_inherit=True)
    _stored[source] = _added[source] = marshal.dumps(code)
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002
    """``exec`` for ``dataclasses``: a method's source text runs from its compiled code."""
    builtins.exec(_compiled(source) if type(source) is str else source, globals, locals)


def install() -> None:
    """Route ``dataclasses``' exec through the cache (once a process; none when the cache is
    off, or when something else has taken that name)."""
    import dataclasses

    if "exec" in vars(dataclasses):
        return  # installed already, or something else's
    from . import cache

    if cache.cache_dir() is None:
        return
    stored = cache.load_marshalled(*_ENTRY)
    if isinstance(stored, dict):
        _stored.update((k, v) for k, v in stored.items() if type(k) is str and type(v) is bytes)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(_save)


def _save() -> None:
    """Store the code when this process compiled a method the cache lacked."""
    if _added:
        from . import cache

        cache.write(*_ENTRY, marshal.dumps(_stored))
