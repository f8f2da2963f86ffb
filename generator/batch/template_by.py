"""``--template-by``: a template per record, chosen by one of its fields.

Which template a value picks is always declared, never guessed from folder names (a built-in
sibling such as ``badge-photo`` is not the ``badge`` of a role «photo»):

- on the command line, ``--template-by role:speaker=FOLDER,guest=FOLDER`` (a folder, relative
  to the working directory, or a built-in template's name);
- else in the template's data, ``settings.template_by.role = { speaker = "../badge-speaker" }``
  (folders relative to the template's own folder, or built-in names).

Values are compared case-blind, spaces folded; a value that is not declared keeps the given
template and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError

if TYPE_CHECKING:
    from ..compose.template import Template
    from .data import Dataset
    from .jobs import Job


@dataclass(frozen=True)
class TemplateBy:
    """A field, and each of its values' template folder (or built-in name)."""

    field: str
    folders: dict[str, str]  # folded value → folder or name
    where: str  # where the mapping was declared, for messages


def fold(value: str) -> str:
    return " ".join(value.split()).casefold()


def parse(spec: str) -> tuple[str, dict[str, str] | None]:
    """``FIELD`` or ``FIELD:VALUE=FOLDER,VALUE=FOLDER`` → the field and the mapping given."""
    field_name, sep, rest = spec.partition(":")
    field_name = field_name.strip()
    if not field_name:
        raise UsageError(f"--template-by {spec!r}: give a field, e.g. --template-by role")
    if not sep:
        return field_name, None
    folders: dict[str, str] = {}
    for item in rest.split(","):
        value, eq, folder = item.partition("=")
        if not (eq and fold(value) and folder.strip()):
            raise UsageError(
                f"--template-by {spec!r}: {item.strip()!r} is not VALUE=FOLDER "
                "(e.g. --template-by role:speaker=./badge-speaker,guest=badge)"
            )
        folders[fold(value)] = folder.strip()
    return field_name, folders


def declared(spec: str, tpl: Template) -> TemplateBy:
    """The mapping of ``--template-by spec``: given on the command line, else the template's."""
    field_name, given = parse(spec)
    if given is not None:
        return TemplateBy(field_name, given, "--template-by")
    table = tpl.settings.get("template_by", {}).get(field_name)
    if not table:
        raise InputError(
            f"--template-by {field_name}: template '{tpl.name}' declares no templates by "
            f"'{field_name}' (settings.template_by.{field_name}); name them: "
            f"--template-by {field_name}:VALUE=FOLDER,…",
            where=str(tpl.data_file),
        )
    # A folder relative to the template's own (with its template.toml), else a built-in name.
    folders = {
        fold(value): str(tpl.folder / folder)
        if (tpl.folder / folder / "template.toml").is_file()
        else folder
        for value, folder in table.items()
    }
    return TemplateBy(field_name, folders, f"{tpl.data_file}: settings.template_by.{field_name}")


def jobs_by(
    by: TemplateBy, tpl: Template, job: Job, dataset: Dataset, untemplated: list[tuple[int, str]]
) -> dict[int, Job]:
    """Row → the job of the template its field's value is declared to use; a value with no
    template keeps the given one and is noted in ``untemplated``. Called before the output
    folder is made: a mapping that cannot be used leaves nothing behind."""
    from ..api import find_template
    from .run import _required

    if by.field not in dataset.columns:
        raise InputError(f"no column '{by.field}' for --template-by", where=str(dataset.source))
    # Every declared template is checked, whether or not a record asks for it yet.
    by_value: dict[str, Job] = {}
    for value, folder in by.folders.items():
        try:
            other = find_template(folder)
        except InputError as e:
            raise InputError(f"{by.field} '{value}': {e.message}", where=by.where) from None
        if other.kind != "record" or set(other.fields) - set(dataset.columns):
            raise InputError(
                f"template '{other.name}' (for {by.field} '{value}') must be per record "
                f"and need only the file's columns",
                where=str(other.data_file),
            )
        by_value[value] = replace(
            job, template=str(other.folder), required=_required(other.fields, other.settings)
        )
    out: dict[int, Job] = {}
    for rec in dataset.records:
        value = fold(rec.fields.get(by.field, ""))
        if value not in by_value:
            if value:
                known = ", ".join(sorted(by.folders)) or "none"
                untemplated.append(
                    (
                        rec.row,
                        f"{by.field} '{rec.fields[by.field]}' has no template "
                        f"(declared: {known}): {tpl.name} used",
                    )
                )
            continue
        out[rec.row] = by_value[value]
    return out
