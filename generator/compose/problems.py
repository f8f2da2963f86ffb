"""Mistakes in a template's text, said the designer's way.

Jinja stops at the first undefined name and reports the line of its own generated Python and
the type of our objects (``'generator.content.facts.Facts object' has no attribute …``). Here a
missing fact, field or name is noted and rendering goes on, so one run names every missing
one, each with its line in text.j2 and what there is instead.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2

# What stops a block: Jinja's own errors and what a filter or an operation may raise.
RENDER_ERRORS = (jinja2.TemplateError, TypeError, ValueError, LookupError, ArithmeticError)
RENDER_ERRORS += (AttributeError,)

_NOTES: ContextVar[Problems | None] = ContextVar("template_problems", default=None)
_DUNDER = re.compile(r"__\w+__")


class Problems:
    """The mistakes found while rendering one template's blocks."""

    def __init__(self, template: Any) -> None:
        self.template = template  # the jinja2.Template, to map its code lines to text.j2's
        self.block = ""
        self.block_line: int | None = None  # where the block starts in text.j2
        self.record: Any = None  # the record given to compose, to name its fields
        self.found: list[str] = []

    def line(self, frame_or_tb: Any = None) -> int | None:
        """The text.j2 line being rendered (innermost frame of the template's code)."""
        line = None
        if frame_or_tb is None:
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_code.co_filename == self.template.filename:
                    return self.template.get_corresponding_lineno(frame.f_lineno)
                frame = frame.f_back
            return None
        tb = frame_or_tb
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.template.filename:
                line = self.template.get_corresponding_lineno(tb.tb_lineno)
            tb = tb.tb_next
        return line

    def add(self, message: str, line: int | None) -> None:
        at = f"line {line}: " if line else ""
        where = f"block '{self.block}': " if self.block else ""
        note = f"{at}{where}{message}"
        if note not in self.found:
            self.found.append(note)

    def add_error(self, error: BaseException) -> None:
        """An error that stopped a block: its message without Python's names for our types."""
        message = getattr(error, "message", None) or str(error)
        message = re.sub(r"'(?:\w+\.)+(\w+) object'", r"a \1", message)
        if not isinstance(error, jinja2.TemplateError):
            message = f"{message} ({type(error).__name__})"
        self.add(message, self.line(error.__traceback__))


@contextmanager
def collecting(template: Any) -> Iterator[Problems]:
    """Note every missing name while rendering (instead of stopping at the first)."""
    problems = Problems(template)
    token = _NOTES.set(problems)
    try:
        yield problems
    finally:
        _NOTES.reset(token)


def _near(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def describe(obj: Any, name: str) -> str:
    """What is missing, in the words of the files the designer edits."""
    from ..content.facts import Event, Fact, Facts

    if isinstance(obj, Facts):
        ids = list(obj)
        return f"no fact '{name}' in {obj.source} ({_near(name, ids)}facts: {', '.join(ids)})"
    if isinstance(obj, Fact):
        keys = ["id", "kind", "value", "print", "caption", "source"]
        return f"fact '{obj.id}' has no '{name}' ({_near(name, keys)}it has {', '.join(keys)})"
    if isinstance(obj, Event):
        keys = list(obj.__dataclass_fields__)
        return f"[event] has no '{name}' ({_near(name, keys)}keys: {', '.join(keys)})"
    if isinstance(obj, Mapping):
        keys = [str(k) for k in obj]
        listed = ", ".join(keys) if keys else "none"
        return f"no '{name}' here ({_near(name, keys)}there are: {listed})"
    if obj is jinja2.utils.missing:
        return f"'{name}' is not defined"
    return f"'{name}' is not there"


class Missing(jinja2.StrictUndefined):
    """StrictUndefined that, while problems are being collected, notes its use and lets the
    rendering go on (as nothing), so every missing name is found in one run."""

    __slots__ = ()

    def _note(self) -> bool:
        problems = _NOTES.get()
        if problems is None:
            return False
        obj, name = self._undefined_obj, str(self._undefined_name)
        if obj is not None and obj is problems.record:
            fields = ", ".join(map(str, obj)) or "none: the template is not made per record"
            message = f"no field '{name}' in the record (fields: {fields})"
        else:
            message = self._undefined_hint or describe(obj, name)
        problems.add(message, problems.line())
        return True

    def __str__(self) -> str:
        if self._note():
            return ""
        return super().__str__()

    def __iter__(self) -> Iterator[Any]:
        if self._note():
            return iter(())
        return super().__iter__()

    def __bool__(self) -> bool:
        if self._note():
            return False
        return super().__bool__()

    def __len__(self) -> int:
        if self._note():
            return 0
        return super().__len__()

    def __getattr__(self, name: str) -> Any:
        if _DUNDER.fullmatch(name):
            raise AttributeError(name)
        if self._note():
            # The root is noted once; what hangs off it is nothing (no second note).
            return jinja2.Undefined(hint="")
        return super().__getattr__(name)
