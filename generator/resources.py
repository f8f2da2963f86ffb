"""Where the templates and fonts are: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _locate(package: str, folder: str) -> Path:
    # Installed, the folders are data packages inside generator/ (pyproject's package-dir);
    # in a checkout (or an editable install) they are the repo's top-level folders.
    inside = Path(__file__).resolve().parent / package.rsplit(".", 1)[1]
    return inside if inside.is_dir() else _REPO / folder


@cache
def templates_dir() -> Path:
    """The folder of the built-in templates."""
    return _locate("generator._templates", "templates")


@cache
def fonts_dir() -> Path:
    """The folder of the vendored fonts and fonts.toml."""
    return _locate("generator._fonts", "fonts")


@cache
def default_event_dir() -> Path:
    """The default event, 1 May (content/unity-day), shipped with the package."""
    return _locate("generator._content", "content") / "unity-day"


_STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class Family:
    """A family of faces from fonts.toml; ``faces`` maps style → file."""

    name: str
    label: str
    faces: dict[str, Path]
    fallback: tuple[str, ...] = ()
    fallback_style: str | None = None
    fallback_only: bool = False  # symbols only: a fallback face, never a template's font


@cache
def families() -> dict[str, Family]:
    """Every family listed in fonts/fonts.toml (fallback-only ones included); read from the
    user's cache when the same file in the same folder was read before (a build then needs
    no TOML parser)."""
    from . import cache as disk_cache

    text = (fonts_dir() / "fonts.toml").read_text(encoding="utf-8")
    name = disk_cache.key("families", disk_cache.source_stamp(__file__), str(fonts_dir()), text)
    return disk_cache.cached("fonts-toml", name, lambda: _families(text), dict)


def _families(text: str) -> dict[str, Family]:
    import tomllib

    data = tomllib.loads(text)
    out: dict[str, Family] = {}
    for name, entry in data["families"].items():
        faces = {s: fonts_dir() / entry[s] for s in _STYLES if s in entry}
        out[name] = Family(
            name,
            entry.get("label", name),
            faces,
            tuple(entry.get("fallback", ())),
            entry.get("fallback_style"),
            bool(entry.get("fallback_only", False)),
        )
    return out
