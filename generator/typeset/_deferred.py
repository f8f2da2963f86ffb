"""Slow parts of ReportLab and pikepdf, made on first use, not import.

``reportlab.platypus.paragraph`` compiles ``uri_pat`` when imported: a URL pattern with
``re.I`` over U+00A1-U+FFFF that takes ~30 ms, a third of the module's import, on every run,
for breaking long URLs (``uriWasteReduce``), which no template sets. ``reportlab.lib.textsplit``
(CJK wrapping) and ``pikepdf.models.metadata`` (cleaning XMP text) each compile one pattern
over most of Unicode, ~3-4 ms each. ``reportlab.lib.rl_safe_eval`` compiles an alternation of
the names safe evaluation forbids (~1 ms), which nothing reads, in the order of a set: a new
text in every process, which ``generator._regex`` could not keep. While those modules are
imported, ``re.compile`` hands them a pattern that compiles when first used; every other
pattern compiles as usual. The result is the same pattern; if a library changes the text, it
is simply compiled at import.

``reportlab.pdfbase.ttfonts`` imports uharfbuzz (a 5 MB extension, ~15-30 ms to load) for
its shaping, which only a style with ``shaping`` asks for (kerning running text): a
certificate's batch, a poster, never touch it. The module is loaded when it is first used
(``importlib.util.LazyLoader``); ReportLab's ``uharfbuzz is None`` tests see a module, as
before.

Three imports that a build without pictures, hyphenation dictionaries or ReportLab's document
classes never uses are made on first use too, through the finder below:

- ``PIL.Image`` (with ``PIL._imaging`` and its tag tables, ~8 ms), which
  ``reportlab.lib.utils`` imports unconditionally; and ``pyphen`` with
  ``importlib.resources`` and ``zipfile`` (~2 ms), which ``reportlab.platypus.paragraph``
  tries to import: each is an ``importlib.util.LazyLoader`` module, executed in place (the
  same module object) when an attribute is first read, so a photo poster or a Russian text
  loads them as before;
- the ``reportlab.platypus`` package's ``__init__``, which imports every platypus module
  (tables, document templates, frames and ``logging``, preformatted text: ~6 ms) while our
  code imports ``paragraph`` and ``paraparser`` alone: the package is made without running
  it; its submodules import as usual, and reading any other name from the package (``from
  reportlab.platypus import SimpleDocTemplate``, ``import *``) runs it then.

A LazyLoader module is loaded by any attribute read, ``__spec__`` included, which an
``import`` statement of a module already in ``sys.modules`` reads: only the first import of
each is lazy, so the finder makes them lazy when first imported, not ahead. ``inspect`` (with
``dis`` and ``tokenize``, ~4 ms), which ``dataclasses`` imports only to write a docstring for
a class that has none and ``reportlab.lib.rl_safe_eval`` imports again for its functions,
stands in ``sys.modules`` as uharfbuzz does (the command line installs this before
``dataclasses`` is imported).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

# module → which of its patterns (text, flags) to defer.
DEFERRED: dict[str, Callable[[str, int], bool]] = {
    # Derived from Django's URL validator (ReportLab 4 and 5).
    "reportlab.platypus.paragraph": lambda p, f: (
        p.startswith("(^(?:[a-z0-9\\.\\-\\+]*)://)") and f == re.I
    ),
    "reportlab.lib.textsplit": lambda p, f: p == "([\u2e80-\uffff])",
    "pikepdf.models.metadata._constants": lambda p, f: p.startswith("(?u)[^\\x09\\x0A\\x0D\\x20-"),
    "reportlab.lib.rl_safe_eval": lambda p, f: p.startswith("\\b(?:") and f == re.M,
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


class _Loader:
    def __init__(self, loader: Any, defer: Callable[[str, int], bool]) -> None:
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


# Modules executed when an attribute is first read (importlib.util.LazyLoader).
LAZY = ("PIL.Image", "pyphen")
# Packages whose __init__ runs when a name that is not a submodule is first read.
LATE_INIT = ("reportlab.platypus",)


class _LateInit:
    """Loader of a package whose ``__init__`` runs when a name it defines is first read."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        loader = self.loader
        module.__loader__ = module.__spec__.loader = loader

        def __getattr__(name: str) -> Any:
            # A submodule not imported yet: the import system imports it (no __init__ needed).
            if not name.startswith("__") and PathFinder.find_spec(
                f"{module.__name__}.{name}", module.__path__
            ):
                raise AttributeError(name)
            if vars(module).pop("__getattr__", None) is not None:
                loader.exec_module(module)
            return getattr(module, name)

        module.__getattr__ = __getattr__


class _Finder:
    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        defer = DEFERRED.get(name)
        if defer is None and name not in LAZY and name not in LATE_INIT:
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if defer is not None:
            spec.loader = _Loader(spec.loader, defer)  # type: ignore[assignment]
        elif name in LAZY:
            from importlib.util import LazyLoader

            spec.loader = LazyLoader(spec.loader)
        else:
            spec.loader = _LateInit(spec.loader)  # type: ignore[assignment]
        return spec


def install() -> None:
    """Defer those patterns and imports in the modules not imported yet, uharfbuzz and inspect
    (idempotent)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        if not all(name in sys.modules for name in (*DEFERRED, *LAZY, *LATE_INIT)):
            sys.meta_path.insert(0, _Finder())
    _lazy("uharfbuzz")
    _lazy("inspect")


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
