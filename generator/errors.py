"""The error hierarchy. The CLI alone turns these into one-line messages and exit codes."""

from __future__ import annotations


class GeneratorError(Exception):
    """A problem the user can fix: bad input, a template mistake, text that does not fit.

    ``str(error)`` is one line that names the file and the field, line or box.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


class InputError(GeneratorError):
    """The article, the facts, a data file or an option is wrong."""


class TemplateError(GeneratorError):
    """A template's data file or Jinja text is wrong."""


class FontCoverageError(GeneratorError):
    """A text holds a character that the font drawing it lacks (``char``)."""

    def __init__(self, message: str, *, where: str | None = None, char: str = "") -> None:
        self.char = char
        super().__init__(message, where=where)


class FitError(GeneratorError):
    """A text does not fit its box even at the template's smallest size."""


class PressError(GeneratorError):
    """A print-production requirement (colour, safe zone, PDF/X) is not met."""


class PreflightError(GeneratorError):
    """The finished PDF fails the preflight profile."""
