"""Start-up: the methods that ``dataclasses`` writes for each class, compiled once per machine.

For every dataclass, Python's ``dataclasses`` writes the source of its ``__init__``,
``__repr__``, ``__eq__`` (and ``__setattr__``, ``__hash__`` of a frozen one) and compiles each
with ``exec``: some forty classes on the way to a poster cost 20-40 ms of a process's start,
more than any import. The source of a method depends only on the class's fields, so its code
is kept in the user's cache (one marshal file per Python build, with a digest: see
``generator.cache``) and executed from there; a source not seen before is compiled as
``exec`` compiles it. The classes are the same either way.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from types import CodeType
from typing import Any

_ENTRY = ("code", f"dataclass-methods-{sys.implementation.cache_tag}-{sys.hexversion:x}")
_code: dict[str, CodeType] = {}
_added = False


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002
    """``exec`` for ``dataclasses``: a method's source text runs from its compiled code."""
    global _added
    if type(source) is str:
        code = _code.get(source)
        if code is None:
            # As exec compiles a string in dataclasses (no __future__ flags of ours).
            code = _code[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _added = True
        source = code
    builtins.exec(source, globals, locals)


def install() -> None:
    """Route ``dataclasses``' exec through the cache (once a process; none when the cache is
    off, or when something else has taken that name)."""
    import dataclasses

    if "exec" in vars(dataclasses):
        return  # installed already, or something else's
    from . import cache

    if cache.cache_dir() is None:
        return
    payload = cache.read(*_ENTRY)
    if payload is not None:
        try:
            stored = marshal.loads(payload)
        except Exception:  # noqa: BLE001 - any failure to read it means: compile again
            stored = None
        if isinstance(stored, dict):
            _code.update(
                (k, v) for k, v in stored.items() if type(k) is str and type(v) is CodeType
            )
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(_save)


def _save() -> None:
    """Store the code when this process compiled a method the cache lacked."""
    if _added:
        from . import cache

        cache.write(*_ENTRY, marshal.dumps(_code))
