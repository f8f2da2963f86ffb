"""Start-up: regular expressions compiled once per machine.

Every process compiles the same hundred-odd patterns as its modules are imported (ours,
ReportLab's, the standard library's: ``gettext``, ``tomllib``, ``json``, ``html.parser``);
``re`` parses and compiles each in Python, 20-40 ms of a poster's process. What the compiler
makes of a pattern depends only on the pattern, its flags and the Python build, so it is kept
in the user's cache (one entry per Python build, with a digest: see ``generator.cache``) and
a pattern seen before is made from it by ``_sre.compile``, as ``re._compiler.compile`` makes
it; a pattern not seen before is compiled as usual. The pattern objects are the same either
way (a test compares their matching, groups and flags on every pattern a poster compiles).

This leans on ``re``'s internals, which change between Python versions: it is used only on
the versions whose ``re._compiler.compile`` it has been checked against, and any failure
falls back to compiling.
"""

from __future__ import annotations

import _sre
import marshal
import re
import sys
from array import array
from typing import Any

_VERSIONS = ((3, 11), (3, 12), (3, 13))
_ENTRY = ("code", f"regex-{sys.implementation.cache_tag}-{sys.hexversion:x}")
# At most this many bytes are kept: past it, the entry keeps only one process's patterns
# (patterns made from data, such as an escaped word, would otherwise pile up).
_LIMIT = 2_000_000
_CODE = "I"  # the compiler's code words are 32-bit unsigned (SRE_CODE)

# (pattern, flags) -> (final flags, code, groups - 1, groupindex, indexgroup): as stored,
# and those this process compiled or used.
_stored: dict[tuple[Any, int], tuple] = {}
_used: dict[tuple[Any, int], tuple] = {}
_added = False
_original: Any = None


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` from the cache: a str or bytes pattern seen before is made
    from its stored code."""
    global _added
    if type(p) not in (str, bytes) or flags & re.DEBUG:
        return _original(p, flags)
    key = (p, flags)
    made = _stored.get(key)
    if made is not None:
        try:
            final, code, groups, groupindex, indexgroup = made
            words = array(_CODE, code).tolist()
            pattern = _sre.compile(p, final, words, groups, dict(groupindex), indexgroup)
        except Exception:  # noqa: BLE001 - anything odd: compile it as re does
            pass
        else:
            _used[key] = made
            return pattern
    from re import _compiler, _parser

    # As re._compiler.compile does, keeping what it hands to _sre.compile.
    parsed = _parser.parse(p, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    words = array(_CODE, code).tobytes()
    made = (flags | parsed.state.flags, words, parsed.state.groups - 1, dict(groupindex))
    made += (tuple(indexgroup),)
    pattern = _sre.compile(p, made[0], code, made[2], groupindex, made[4])
    _stored[key] = _used[key] = made
    _added = True
    return pattern


def install() -> None:
    """Route ``re``'s compiling through the cache (once a process; none when the cache is
    off, on other Python versions, or when something else has replaced the compiler)."""
    global _original
    from re import _compiler

    if _original is not None or sys.version_info[:2] not in _VERSIONS:
        return
    if getattr(_compiler.compile, "__module__", None) != "re._compiler":
        return
    from . import cache

    if cache.cache_dir() is None:
        return
    stored = cache.load_marshalled(*_ENTRY)
    if isinstance(stored, dict):
        _stored.update(stored)
    _original = _compiler.compile
    _compiler.compile = _compile
    import atexit

    atexit.register(_save)


def _save() -> None:
    """Store the patterns when this process compiled one the cache lacked."""
    if _added:
        from . import cache

        payload = marshal.dumps(_stored)
        cache.write(*_ENTRY, payload if len(payload) <= _LIMIT else marshal.dumps(_used))
