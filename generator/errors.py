"""The error hierarchy. The CLI alone turns these into one-line messages and exit codes."""

from __future__ import annotations


class GeneratorError(Exception):
    """A problem the user can fix: bad input, a template mistake, text that does not fit.

    ``str(error)`` is one line that names the file and the field, line or box.
    ``every_record``: it comes of the event or the template, never of a batch record, so
    every record would fail alike (a batch says it once, before making any).
    """

    every_record = False

    def __init__(
        self, message: str, *, where: str | None = None, every_record: bool = False
    ) -> None:
        self.where = where
        self.message = message
        if every_record:
            self.every_record = True
        super().__init__(f"{where}: {message}" if where else message)


class InputError(GeneratorError):
    """The article, the facts, a data file or an option is wrong."""


class UsageError(InputError):
    """Options that cannot go together, or an option's value the verb cannot take: wrong
    usage, exit code 2 like argparse's own refusals (README: 0 done, 1 failed, 2 usage)."""


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


class SystemFault(GeneratorError):
    """The system refused a file operation: no permission, a read-only or full disk, a file
    where a folder belongs. The message names the path and what to do."""


def _advice() -> dict[int, tuple[str, str]]:
    import errno

    codes = {
        errno.EACCES: (
            "permission denied",
            "choose a folder you may write to or change its rights",
        ),
        errno.EPERM: ("operation not permitted", "choose a folder you may write to"),
        errno.EROFS: ("the disk is read-only", "choose a folder on a writable disk"),
        errno.ENOSPC: (
            "no space left on the disk",
            "free some space and run again (finished files are kept)",
        ),
        errno.EDQUOT: ("disk quota exceeded", "free some space and run again"),
        errno.ENOTDIR: ("a file is in the way of a folder", "remove it or choose another path"),
        errno.EISDIR: ("is a folder, not a file", "give a file name"),
        errno.EEXIST: ("is a file, not a folder", "remove it or choose another folder"),
        errno.ENOENT: ("not found", "check the path"),
        errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name or folder"),
        errno.EMFILE: ("too many open files", "raise the limit (ulimit -n) or use fewer --workers"),
        errno.ELOOP: ("too many symbolic links", "check the path"),
    }
    return codes


def system_fault(error: OSError, path: object = None) -> SystemFault:
    """A one-line SystemFault for an OSError: the path it concerns and what to do."""
    where = error.filename if error.filename is not None else path
    what, todo = _advice().get(error.errno or 0, (error.strerror or str(error), "check the path"))
    return SystemFault(f"{what}; {todo}", where=str(where) if where is not None else None)
