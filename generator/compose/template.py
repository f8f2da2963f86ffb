"""A template's data file (template.toml), validated once at load into plain frozen data.

Every mistake names the file and the key: an unknown or misspelled key (with a suggestion),
a wrong type, a colour or style that does not exist, a box outside the page.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..resources import families

# ISO 216 sizes and the DL leaflet, portrait, in millimetres.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A0": (841, 1189),
    "A1": (594, 841),
    "A2": (420, 594),
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "A6": (105, 148),
    "DL": (99, 210),
}
EDGES = ("top", "bottom", "left", "right")
ALIGNS = ("left", "center", "right", "justify")
FACES = ("regular", "bold", "italic", "bold_italic")
BOX_TYPES = ("rect", "text", "figures", "ornament", "qr", "rule", "flow", "chart", "folio")
ORNAMENTS = ("band", "rosette", "border")
_REQUIRED = object()


@dataclass(frozen=True)
class Colour:
    """A named colour: RGB for screen, and the CMYK (percent) that print mode uses."""

    name: str
    rgb: tuple[float, float, float]
    cmyk: tuple[float, float, float, float] | None


@dataclass(frozen=True)
class Style:
    """A text style; sizes are points at the template's base size."""

    name: str
    font: str  # a family from fonts/fonts.toml
    face: str
    size: float
    min_size: float
    leading: float
    color: str
    align: str
    upper: bool
    space_after: float
    hyphenate: bool
    indent: float = 0.0  # first-line indent of following paragraphs, in ems
    max_gap: float = 2.0  # widest word gap justified text may stretch to, in spaces


@dataclass(frozen=True)
class Box:
    """A named rectangle on a page (mm from the page's top-left) and what fills it."""

    name: str
    type: str
    x: float
    y: float
    w: float
    h: float
    bleed: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def opt(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


@dataclass(frozen=True)
class PageSpec:
    """One page of a template: its boxes; ``repeat`` pages carry the flowing text."""

    name: str
    boxes: tuple[Box, ...]
    repeat: bool = False  # repeated while the flowing text lasts
    pad: bool = False  # used only to fill a booklet up to a multiple of 4 pages
    mirror: bool = False  # on left-hand (even) pages the boxes are mirrored
    starts_spread: bool = False  # must fall on a left-hand page (a pad page is put before)


@dataclass(frozen=True)
class Template:
    """A template: geometry and look (from template.toml) plus its Jinja text (text.j2)."""

    name: str
    folder: Path
    description: str
    kind: str
    size: str
    page_mm: tuple[float, float]
    sizes: tuple[str, ...]
    orientation: str
    safe_zone: float
    colours: dict[str, Colour]
    fonts: dict[str, str]
    styles: dict[str, Style]
    pages: tuple[PageSpec, ...]
    fields: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def data_file(self) -> Path:
        return self.folder / "template.toml"

    @property
    def text_file(self) -> Path:
        return self.folder / "text.j2"

    def size_mm(self, size: str | None = None) -> tuple[float, float]:
        """The trim size of the finished piece in mm for a named size (default: the base)."""
        size = size or self.size
        if size not in self.sizes:
            raise TemplateError(
                f"size {size} is not offered (sizes: {', '.join(self.sizes)})",
                where=f"template '{self.name}'",
            )
        return paper_mm(size, self.orientation) if size != self.size else self.page_mm


def paper_mm(size: str, orientation: str = "portrait") -> tuple[float, float]:
    """A named paper size in mm, turned for the orientation."""
    w, h = PAPER_SIZES[size]
    return (h, w) if orientation == "landscape" else (w, h)


class _Table:
    """Reads one TOML table, checking types; ``finish`` rejects keys nobody asked for."""

    def __init__(self, data: Any, where: str, file: Path) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            self.fail("must be a table")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def fail(self, message: str, key: str | None = None) -> None:
        path = f"{self.where}.{key}" if key and self.where else (key or self.where)
        raise TemplateError(f"{path}: {message}" if path else message, where=str(self.file))

    def get(self, key: str, kind: str, default: Any = _REQUIRED, choices: tuple = ()) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                self.fail("missing", key)
            return default
        value = self.data[key]
        ok = {
            "str": isinstance(value, str),
            "bool": isinstance(value, bool),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "num": isinstance(value, int | float) and not isinstance(value, bool),
            "mm": isinstance(value, int | float) and not isinstance(value, bool) and value >= 0,
            "strs": isinstance(value, list) and all(isinstance(v, str) for v in value),
            "nums": isinstance(value, list)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value),
            "table": isinstance(value, dict),
            "tables": isinstance(value, list) and all(isinstance(v, dict) for v in value),
            "any": True,
        }[kind]
        if not ok:
            names = {"mm": "a number ≥ 0 (mm)", "num": "a number", "strs": "a list of strings"}
            self.fail(f"must be {names.get(kind, 'a ' + kind)}, got {value!r}", key)
        if choices and value not in choices:
            self.fail(f"must be one of {', '.join(map(str, choices))}, got {value!r}", key)
        return value

    def finish(self) -> None:
        for key in self.data:
            if key not in self.used:
                near = difflib.get_close_matches(key, sorted(self.used), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                self.fail(f"unknown key{hint}", key)


def _colour(name: str, raw: Any, file: Path) -> Colour:
    t = _Table(raw, f"colours.{name}", file)
    rgb = t.get("rgb", "str")
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", rgb):
        t.fail(f"must be #RRGGBB, got {rgb!r}", "rgb")
    cmyk = t.get("cmyk", "nums", None)
    if cmyk is not None and (len(cmyk) != 4 or not all(0 <= v <= 100 for v in cmyk)):
        t.fail("must be four percentages [C, M, Y, K]", "cmyk")
    t.finish()
    channels = tuple(int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return Colour(name, channels, tuple(cmyk) if cmyk else None)  # type: ignore[arg-type]


def _style(name: str, raw: Any, file: Path, fonts: dict[str, str], colours: dict) -> Style:
    t = _Table(raw, f"styles.{name}", file)
    font = t.get("font", "str")
    if font not in fonts:
        t.fail(f"no font role '{font}' in [fonts] ({', '.join(fonts)})", "font")
    size = t.get("size", "num")
    min_size = t.get("min_size", "num", size)
    if not 0 < min_size <= size:
        t.fail(f"must be > 0 and ≤ size ({size})", "min_size")
    color = t.get("color", "str")
    if color not in colours:
        t.fail(f"no colour '{color}' in [colours]", "color")
    style = Style(
        name,
        fonts[font],
        t.get("face", "str", "regular", FACES),
        float(size),
        float(min_size),
        float(t.get("leading", "num", 1.2)),
        color,
        t.get("align", "str", "left", ALIGNS),
        t.get("upper", "bool", False),
        float(t.get("space_after", "num", 0)),
        t.get("hyphenate", "bool", False),
        float(t.get("indent", "num", 0)),
        float(t.get("max_gap", "num", 2.0)),
    )
    t.finish()
    return style


# The options each box type takes, and their kinds; colour/style names are checked after.
_BOX_OPTIONS: dict[str, dict[str, str]] = {
    "rect": {"fill": "colour", "stroke": "colour", "stroke_width": "num", "radius": "mm"},
    "text": {"style": "style", "block": "str", "valign": "str", "fill": "colour", "pad": "mm"},
    "figures": {
        "facts": "strs",
        "columns": "int",
        "number_style": "style",
        "caption_style": "style",
        "gap": "mm",
        "divider": "colour",
        "rule": "colour",
    },
    "ornament": {"pattern": "str", "colors": "strs", "motif": "mm", "stroke_width": "num"},
    "qr": {"block": "str", "color": "colour", "background": "colour", "caption_style": "style"},
    "rule": {"color": "colour", "weight": "num", "count": "int", "pitch": "mm"},
    "flow": {"style": "style", "block": "str"},
    "chart": {
        "facts": "strs",
        "style": "style",
        "value_style": "style",
        "bar": "colour",
        "axis": "colour",
    },
    "folio": {"style": "style"},
}


def _box(raw: Any, where: str, file: Path, tpl: dict[str, Any], page: tuple[float, float]) -> Box:
    t = _Table(raw, where, file)
    name = t.get("name", "str")
    t.where = f"{where}[{name}]"
    kind = t.get("type", "str", choices=BOX_TYPES)
    x, y, w, h = (float(t.get(k, "mm")) for k in ("x", "y", "w", "h"))
    if w <= 0 or h <= 0:
        t.fail("w and h must be > 0", "w")
    pw, ph = page
    for key, ok in (("x", x + w <= pw + 1e-6), ("y", y + h <= ph + 1e-6)):
        if not ok:
            t.fail(f"the box ends outside the page ({pw:g} × {ph:g} mm)", key)
    bleed = t.get("bleed", "strs", [])
    for edge in bleed:
        if edge not in EDGES:
            t.fail(f"edges are {', '.join(EDGES)}, got {edge!r}", "bleed")
    options: dict[str, Any] = {}
    t.used.update(_BOX_OPTIONS[kind])  # known keys, so a misspelling gets a suggestion
    for key, okind in _BOX_OPTIONS[kind].items():
        if key not in t.data:
            continue
        value = t.get(key, "str" if okind in ("colour", "style") else okind)
        if okind == "colour" and value not in tpl["colours"]:
            t.fail(f"no colour '{value}' in [colours]", key)
        if okind == "style" and value not in tpl["styles"]:
            t.fail(f"no style '{value}' in [styles]", key)
        options[key] = value
    if kind == "ornament":
        pattern = options.get("pattern", "band")
        if pattern not in ORNAMENTS:
            t.fail(f"must be one of {', '.join(ORNAMENTS)}", "pattern")
        for c in options.get("colors", []):
            if c not in tpl["colours"]:
                t.fail(f"no colour '{c}' in [colours]", "colors")
    if kind in ("text", "flow", "folio", "chart") and "style" not in options:
        t.fail("missing", "style")
    t.finish()
    return Box(name, kind, x, y, w, h, tuple(bleed), options)


def load_template(folder: Path) -> Template:
    """Load and validate ``folder/template.toml`` (the Jinja text is checked by compose)."""
    folder = Path(folder)
    file = folder / "template.toml"
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError("no template.toml", where=str(folder)) from None
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"not valid TOML: {e}", where=str(file)) from None
    root = _Table(data, "", file)
    head = _Table(root.get("template", "table"), "template", file)
    name = head.get("name", "str")
    kind = head.get("kind", "str", "sheet", ("sheet", "trifold", "booklet", "record"))
    orientation = head.get("orientation", "str", "portrait", ("portrait", "landscape"))
    size = head.get("size", "str")
    if size in PAPER_SIZES:
        page = paper_mm(size, orientation)
    elif m := re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)", size):
        page = (float(m.group(1)), float(m.group(2)))
    else:
        head.fail(f"a paper size ({', '.join(PAPER_SIZES)}) or WxH in mm, got {size!r}", "size")
    sizes = tuple(head.get("sizes", "strs", [size]))
    for s in sizes:
        if s != size and s not in PAPER_SIZES:
            head.fail(f"unknown paper size {s!r}", "sizes")
        if s != size:
            sw, sh = paper_mm(s, orientation)
            if abs(sw / sh - page[0] / page[1]) > 0.01:
                head.fail(f"{s} does not share {size}'s proportions, so it cannot scale", "sizes")
    description = head.get("description", "str", "")
    safe_zone = float(head.get("safe_zone", "mm", 4.0))
    fields = tuple(head.get("fields", "strs", []))
    settings = head.get("settings", "table", {})
    head.finish()

    colours = {n: _colour(n, raw, file) for n, raw in root.get("colours", "table").items()}
    fonts_t = _Table(root.get("fonts", "table"), "fonts", file)
    fonts = {role: fonts_t.get(role, "str") for role in list(fonts_t.data)}
    fonts_t.finish()
    for role, family in fonts.items():
        if family not in families():
            fonts_t.fail(f"unknown font family '{family}' ({', '.join(families())})", role)
    tpl: dict[str, Any] = {"colours": colours}
    tpl["styles"] = {
        n: _style(n, raw, file, fonts, colours) for n, raw in root.get("styles", "table").items()
    }
    pages = []
    for i, raw in enumerate(root.get("pages", "tables")):
        p = _Table(raw, f"pages[{i}]", file)
        pname = p.get("name", "str", f"page {i + 1}")
        repeat = p.get("repeat", "bool", False)
        pad = p.get("pad", "bool", False)
        mirror = p.get("mirror", "bool", False)
        starts_spread = p.get("starts_spread", "bool", False)
        boxes = tuple(
            _box(b, f"pages[{i}].boxes[{j}]", file, tpl, page)
            for j, b in enumerate(p.get("boxes", "tables"))
        )
        names = [b.name for b in boxes]
        if len(set(names)) != len(names):
            p.fail("two boxes share a name", "boxes")
        p.finish()
        pages.append(PageSpec(pname, boxes, repeat, pad, mirror, starts_spread))
    root.finish()
    return Template(
        name,
        folder,
        description,
        kind,
        size,
        page,
        sizes,
        orientation,
        safe_zone,
        colours,
        fonts,
        tpl["styles"],
        tuple(pages),
        fields,
        settings,
    )


@cache
def load_cached(folder: Path) -> Template:
    """Load a template once per process (batch workers reuse it)."""
    return load_template(folder)
