"""Slow parts of ReportLab and pikepdf, made on first use, not import.

``reportlab.platypus.paragraph`` compiles ``uri_pat`` when imported: a URL pattern with
``re.I`` over U+00A1-U+FFFF that takes ~30 ms, a third of the module's import, on every run,
for breaking long URLs (``uriWasteReduce``), which no template sets. ``reportlab.lib.textsplit``
(CJK wrapping) and ``pikepdf.models.metadata`` (cleaning XMP text) each compile one pattern
over most of Unicode, ~3-4 ms each. While those modules are imported, ``re.compile`` hands
them a pattern that compiles when first used; every other pattern compiles as usual. The
result is the same pattern; if a library changes the text, it is simply compiled at import.

``reportlab.pdfbase.ttfonts`` imports uharfbuzz (a 5 MB extension, ~15-30 ms to load) for
its shaping, which only a style with ``shaping`` asks for (kerning running text): a
certificate's batch, a poster, never touch it. The module is loaded when it is first used
(``importlib.util.LazyLoader``); ReportLab's ``uharfbuzz is None`` tests see a module, as
before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from typing import Any

# module → which of its patterns (text, flags) to defer.
DEFERRED: dict[str, Callable[[str, int], bool]] = {
    # Derived from Django's URL validator (ReportLab 4 and 5).
    "reportlab.platypus.paragraph": lambda p, f: (
        p.startswith("(^(?:[a-z0-9\\.\\-\\+]*)://)") and f == re.I
    ),
    "reportlab.lib.textsplit": lambda p, f: p == "([\u2e80-\uffff])",
    "pikepdf.models.metadata._constants": lambda p, f: p.startswith("(?u)[^\\x09\\x0A\\x0D\\x20-"),
}


class LazyPattern:
    """A compiled pattern that compiles on its first use."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern_text, self.pattern_flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern_text, self.pattern_flags)
        return getattr(self._compiled, name)


class _Loader(Loader):
    def __init__(self, loader: Loader, defer: Callable[[str, int], bool]) -> None:
        self.loader, self.defer = loader, defer

    def create_module(self, spec: ModuleSpec) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        compile_ = re.compile
        defer = self.defer

        def compile(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and defer(pattern, int(flags)):
                return LazyPattern(pattern, flags)
            return compile_(pattern, flags)

        re.compile = compile  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            re.compile = compile_
            module.__loader__ = module.__spec__.loader = self.loader


class _Finder(MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        defer = DEFERRED.get(name)
        if defer is None:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader, defer)
        return spec


def install() -> None:
    """Defer those patterns in the modules not imported yet, and uharfbuzz (idempotent)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        if not all(name in sys.modules for name in DEFERRED):
            sys.meta_path.insert(0, _Finder())
    _lazy("uharfbuzz")


def _lazy(name: str) -> None:
    """``name`` in ``sys.modules`` as a module that imports the real one when an attribute
    it lacks is first read, and takes on its names (a module not installed stays so:
    importing it fails as before). Its ``__spec__`` is the real one's, so an ``import``
    statement finds it complete and does not load it."""
    if name in sys.modules:
        return
    import importlib.util
    import types

    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stub = types.ModuleType(name)
    stub.__spec__ = spec
    stub.__file__ = spec.origin
    if spec.submodule_search_locations is not None:
        stub.__path__ = list(spec.submodule_search_locations)

    def load(attr: str) -> Any:
        if sys.modules.get(name) is stub:
            del sys.modules[name]
            try:
                real = importlib.import_module(name)
            except BaseException:
                sys.modules[name] = stub
                raise
            vars(stub).pop("__getattr__", None)
            vars(stub).update(vars(real))
        try:
            return vars(stub)[attr]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

    stub.__getattr__ = load  # type: ignore[method-assign]
    sys.modules[name] = stub
