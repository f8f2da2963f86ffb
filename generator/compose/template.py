"""A template's data file (template.toml), validated once at load into plain frozen data.

Every mistake names the file and the key: an unknown or misspelled key (with a suggestion),
a wrong type, a colour or style that does not exist, a box outside the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..resources import families
from .schema import (
    BOX,
    BOX_TYPES,
    COLOUR,
    EDGES,
    EVENT_PICTURES,
    KIND_NAMES,
    PAGE,
    PAPER_SIZES,
    REQUIRED,
    ROOT,
    SECTION,
    SETTINGS,
    STYLE,
    TEMPLATE,
    Key,
)

_UNSET: Any = object()


@dataclass(frozen=True)
class Colour:
    """A named colour: RGB for screen, and the CMYK (percent) that print mode uses."""

    name: str
    rgb: tuple[float, float, float]
    cmyk: tuple[float, float, float, float] | None
    fine_cmyk: tuple[float, float, float, float] | None = None  # one ink: small text, hairlines
    area_cmyk: tuple[float, float, float, float] | None = None  # large areas: a rich black


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
    space_stretch: float = 0.5  # a word space stretches by this share at badness 100
    space_shrink: float = 0.2  # a word space may shrink by this share of itself
    expansion: float = 0.0  # glyph expansion per line, at most this many percent (≤ 2)
    protrusion: bool = False  # hyphens, stops, commas, quotes hang into the margin
    hyphen_min: tuple[int, int] = (2, 2)  # letters before and after a hyphen, at least
    hyphen_run: int = 2  # hyphenated lines in a row, at most
    hyphen_share: float = 1.0  # target share of hyphenated lines in a paragraph
    looseness: int = 0  # TeX's looseness, -1, 0 or 1 (0: chosen by the column)
    bilingual_min_size: float = 0.0  # min_size when the text holds two languages (0: min_size)
    max_size: float = 0.0  # text with room to spare grows up to this size (0: size)
    max_leading: float = 0.0  # the leading reached at max_size (0: leading)
    letter_spacing: float = 0.0  # a justified line's letters may open or close by this many
    # percent of a word space (≤ 5)
    ragged_emergency: bool = False  # a line no layout justifies within max_gap ends short
    min_chars: float = 0.0  # text grows no larger than leaves this many characters a line
    max_space_after: float = 0.0  # points between paragraphs a short text may open up to
    # of its last columns' height, what a short text over hyphen_share may leave to set smaller
    hyphen_fill: float = 0.0
    max_median_gap: float = 0.0  # a brochure text whose median gap is over it is set smaller
    balance: float = 0.0  # display text broken into even lines, down to this share of its
    # size (typeset/balance.py); 0: as ReportLab fills them
    min_leading: float = 0.0  # a text that fits at no size may close its lines up to this
    balance_min_size: float = 0.0  # with balance: the floor below min_size for even lines or
    # a word wider than the box at min_size (0: min_size)
    balance_lone: float = 0.7  # with balance: a one-word line under this share of the
    # longest is a fault (typeset/balance.py's LONE)
    balance_lone_last: bool = False  # with balance: only a last line of one word is a fault
    under: str = ""  # set no larger than under_share of the size this style got on the page
    under_share: float = 0.9
    narrow_font: str = ""  # a narrower family the text is set in when it comes out under
    narrow_below: float = 0.0  # this size (points) and is larger in it (0: never)
    # brochure text under half its last columns even at max_size grows up to this (0: never)
    short_max_size: float = 0.0
    # lines as even as they can be at the size that fits, as many as filled lines take
    # (typeset/balance.py; by default centred text)
    even: bool = False

    def for_languages(self, count: int) -> Style:
        """The style for a text holding ``count`` languages at one size."""
        if count < 2 or not self.bilingual_min_size:
            return self
        floor = min(self.balance_min_size, self.bilingual_min_size)
        return replace(self, min_size=self.bilingual_min_size, balance_min_size=floor)

    @property
    def top_size(self) -> float:
        return self.max_size or self.size

    def leading_at(self, size: float) -> float:
        """The leading (a multiple of the size) at a size: it opens up as the text grows."""
        top, wide = self.top_size, self.max_leading or self.leading
        if size <= self.size or top <= self.size:
            return self.leading
        return self.leading + (wide - self.leading) * min(
            1.0, (size - self.size) / (top - self.size)
        )


def needs_met(needs: tuple[str, ...], present: set[str]) -> bool:
    """Whether the event fills every need of a box or page; a need ``date|name`` is met by
    any of its alternatives."""
    return all(any(a in present for a in n.split("|")) for n in needs)


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
    needs: tuple[str, ...] = ()  # drawn only when the event fills all of these
    unless: tuple[str, ...] = ()  # left out when the event fills any of these
    section: str | None = None  # moves and collapses with this page section
    stretch: bool = False  # takes its section's change of height
    anchor: str = "top"  # where in a resized section it stays

    def opt(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def grown(self, h: float) -> Box:
        """The box grown (``max_h``) to height ``h`` the way it grows: ``grows``, else up
        from its foot when its text stands at the bottom, down when at the top, both ways
        when in the middle."""
        way = self.opt("grows") or _GROWS[self.opt("valign", "top")]
        y = {"down": self.y, "both": self.y - (h - self.h) / 2}.get(way, self.y + self.h - h)
        return replace(self, y=y, h=h)


_GROWS = {"top": "down", "middle": "both", "bottom": "up"}


@dataclass(frozen=True)
class Section:
    """A horizontal band of a page: collapses when its content is absent; ``grow`` shares out
    the height that collapsed sections free."""

    name: str
    y: float
    h: float
    grow: float = 0.0
    hug: str | None = None  # a text box the section shrinks to fit
    space: bool = False  # a spacer: no boxes, blank room that takes its share of freed height


@dataclass(frozen=True)
class PageSpec:
    """One page of a template: its boxes; ``repeat`` pages carry the flowing text."""

    name: str
    boxes: tuple[Box, ...]
    repeat: bool = False  # repeated while the flowing text lasts
    pad: bool = False  # used only to fill a booklet up to a multiple of 4 pages
    mirror: bool = False  # on left-hand (even) pages the boxes are mirrored
    starts_spread: bool = False  # must fall on a left-hand page (a pad page is put before)
    needs: tuple[str, ...] = ()  # the page is made only when the event fills all of these
    unless: tuple[str, ...] = ()  # ... and none of these
    folds: tuple[float, ...] = ()  # vertical fold lines, mm from the left edge
    sections: tuple[Section, ...] = ()


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
    requires: tuple[str, ...] = ()  # fact roles without which the template cannot be made
    date_style: str = "official"  # how {{ when }} prints the event's date (content/dates.py)
    fold_overlap: float = 1.0  # mm a background reaches past a fold it meets
    variants: dict[str, Any] = field(default_factory=dict)  # field → value → Variant
    max_pages: int | None = None  # a booklet grows (4 pages at a time) up to this many

    @property
    def data_file(self) -> Path:
        return self.folder / "template.toml"

    @property
    def text_file(self) -> Path:
        return self.folder / "text.j2"

    def offered(self, size: str | None = None) -> str:
        """The size as the template names it, in any case (a3 is A3); an error naming the
        sizes on offer when it offers no such size."""
        if size is None:
            return self.size
        wanted = str(size).strip().casefold()
        for name in (self.size, *self.sizes):
            if name.casefold() == wanted:
                return name
        raise TemplateError(
            f"size {size} is not offered (sizes: {', '.join(self.sizes)})",
            where=f"template '{self.name}'",
        )

    def size_mm(self, size: str | None = None) -> tuple[float, float]:
        """The trim size of the finished piece in mm for a named size (default: the base)."""
        size = self.offered(size)
        return paper_mm(size, self.orientation) if size != self.size else self.page_mm


def paper_mm(size: str, orientation: str = "portrait") -> tuple[float, float]:
    """A named paper size in mm, turned for the orientation."""
    w, h = PAPER_SIZES[size]
    return (h, w) if orientation == "landscape" else (w, h)


class _Table:
    """Reads one TOML table against its declared keys; ``finish`` rejects keys nobody asked for.

    ``refs`` holds the names that "colour" and "style" values must be among.
    """

    def __init__(
        self,
        data: Any,
        where: str,
        file: Path,
        spec: dict[str, Key] | None = None,
        refs: dict[str, Any] | None = None,
    ) -> None:
        self.file = file
        self.where = where
        self.spec = spec
        self.refs = refs or {}
        if not isinstance(data, dict):
            self.fail("must be a table")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def fail(self, message: str, key: str | None = None) -> None:
        path = f"{self.where}.{key}" if key and self.where else (key or self.where)
        raise TemplateError(f"{path}: {message}" if path else message, where=str(self.file))

    def get(self, key: str, kind: str | None = None, default: Any = _UNSET) -> Any:
        """The value of ``key``, checked against its declaration in ``schema``.

        ``default`` overrides the declared one where it depends on other keys.
        """
        declared = self.spec.get(key) if self.spec is not None else None
        if declared is None and (self.spec is not None or kind is None):
            # A programming error, not the user's: the guide must list every key we read.
            raise LookupError(
                f"template key '{self.where}.{key}' is read but not declared in "
                "generator/compose/schema.py; declare it there, then run `make docs`"
            )
        kind = kind or declared.kind
        choices = declared.choices if declared else ()
        if default is _UNSET:
            default = declared.default if declared else REQUIRED
        self.used.add(key)
        if key not in self.data:
            if default is REQUIRED:
                self._unknown(key)  # a misspelling of it says so, not that it is missing
                self.fail("missing", key)
            return default
        value = self.data[key]
        if not _is(kind, value):
            self.fail(f"must be a {KIND_NAMES.get(kind, kind)}, got {value!r}", key)
        if choices and isinstance(value, list):
            # needs = ["date|name"]: either will do (needs_met); each is checked.
            alike = [a for v in value for a in (v.split("|") if key == "needs" else [v])]
            wrong = [v for v in alike if v not in choices]
            if wrong:
                self.fail(
                    f"{wrong[0]!r} is not one of {', '.join(map(str, choices))}"
                    + _near(wrong[0], choices),
                    key,
                )
        elif choices and value not in choices:
            self.fail(
                f"must be one of {', '.join(map(str, choices))}, got {value!r}"
                + _near(value, choices),
                key,
            )
        names = [value] if isinstance(value, str) else value
        for name in names if kind in ("colour", "colours", "style", "edges") else ():
            if kind == "edges" and name not in EDGES:
                self.fail(f"edges are {', '.join(EDGES)}, got {name!r}" + _near(name, EDGES), key)
            colours, styles = self.refs.get("colours", ()), self.refs.get("styles", ())
            if kind in ("colour", "colours") and name not in colours:
                self.fail(f"no colour '{name}' in [colours]" + _near(name, colours), key)
            if kind == "style" and name not in styles:
                self.fail(f"no style '{name}' in [styles]" + _near(name, styles), key)
        return value

    def finish(self) -> None:
        self._unknown()

    def _unknown(self, wanted: str | None = None) -> None:
        """Fail on a key that is neither read nor declared, naming the closest known key; with
        ``wanted`` (a required key not given), only on one that is not declared, preferring a
        misspelling of ``wanted``."""
        if wanted is not None and self.spec is None:
            return  # undeclared keys may still be read
        known = self.used | set(self.spec or ())
        unknown = [
            k for k in self.data if k not in (known if wanted is None else self.spec or known)
        ]
        if not unknown:
            return
        import difflib  # (only for a mistake: not a cost of every start)

        if wanted is not None:
            near_wanted = [k for k in unknown if difflib.get_close_matches(k, [wanted], n=1)]
            unknown = near_wanted or unknown
        key = unknown[0]
        near = difflib.get_close_matches(key, sorted(known), n=1)  # so a misspelling gets a hint
        self.fail(f"unknown key (did you mean '{near[0]}'?)" if near else "unknown key", key)


def _near(value: object, known: Any) -> str:
    """ " (did you mean 'bottom'?)" for a misspelling of one of ``known``, else ""."""
    import difflib

    near = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _is(kind: str, value: Any) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return {
        "str": isinstance(value, str),
        "colour": isinstance(value, str),
        "style": isinstance(value, str),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "num": number,
        "mm": number and value >= 0,
        "strs": strings,
        "colours": strings,
        "edges": strings,
        "nums": isinstance(value, list)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value),
        "table": isinstance(value, dict),
        "stock": isinstance(value, str | dict),
        "tables": isinstance(value, list) and all(isinstance(v, dict) for v in value),
    }[kind]


def _colour(name: str, raw: Any, file: Path) -> Colour:
    t = _Table(raw, f"colours.{name}", file, COLOUR)
    rgb = t.get("rgb")
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", rgb):
        t.fail(f"must be #RRGGBB, got {rgb!r}", "rgb")
    inks = {}
    for key in ("cmyk", "fine_cmyk", "area_cmyk"):
        value = t.get(key)
        if value is not None and (len(value) != 4 or not all(0 <= v <= 100 for v in value)):
            t.fail("must be four percentages [C, M, Y, K]", key)
        inks[key] = tuple(value) if value else None
    fine = inks["fine_cmyk"]
    if fine is not None and sum(1 for v in fine if v) > 1:
        t.fail(f"must use one ink only (it is for small text), got {list(fine)}", "fine_cmyk")
    if (fine or inks["area_cmyk"]) and inks["cmyk"] is None:
        t.fail("needs cmyk as well", "fine_cmyk" if fine else "area_cmyk")
    t.finish()
    channels = tuple(int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return Colour(name, channels, inks["cmyk"], inks["fine_cmyk"], inks["area_cmyk"])  # type: ignore[arg-type]


def _style(name: str, raw: Any, file: Path, fonts: dict[str, str], refs: dict) -> Style:
    t = _Table(raw, f"styles.{name}", file, STYLE, refs)
    font = t.get("font")
    if font not in fonts:
        t.fail(f"no font role '{font}' in [fonts] ({', '.join(fonts)})", "font")
    size = t.get("size")
    min_size = t.get("min_size", default=size)
    if not 0 < min_size <= size:
        t.fail(f"must be > 0 and ≤ size ({size})", "min_size")
    style = Style(
        name,
        fonts[font],
        t.get("face"),
        float(size),
        float(min_size),
        float(t.get("leading")),
        t.get("color"),
        t.get("align"),
        t.get("upper"),
        float(t.get("space_after")),
        t.get("hyphenate"),
        float(t.get("indent")),
        float(t.get("max_gap")),
        float(t.get("space_stretch")),
        float(t.get("space_shrink")),
        float(t.get("expansion")),
        t.get("protrusion"),
        tuple(t.get("hyphen_min")),
        t.get("hyphen_run"),
        float(t.get("hyphen_share")),
        t.get("looseness"),
        float(t.get("bilingual_min_size", default=min_size)),
        float(t.get("max_size", default=size)),
        float(t.get("max_leading", default=t.data.get("leading", STYLE["leading"].default))),
        float(t.get("letter_spacing")),
        t.get("ragged_emergency"),
        float(t.get("min_chars")),
        float(t.get("max_space_after", default=t.data.get("space_after", 0.0))),
        float(t.get("hyphen_fill")),
        float(t.get("max_median_gap")),
        float(t.get("balance")),
        float(t.get("min_leading", default=t.data.get("leading", STYLE["leading"].default))),
        float(t.get("balance_min_size", default=0.0)),
        float(t.get("balance_lone")),
        t.get("balance_lone_last"),
        t.get("under", default=""),
        float(t.get("under_share")),
        fonts.get(t.get("narrow_font", default="") or "", ""),
        float(t.get("narrow_below")),
        float(t.get("short_max_size", default=0.0)),
        t.get("align") == "center" if t.get("even") is None else t.get("even"),
    )
    narrow = t.data.get("narrow_font")
    if narrow is not None and narrow not in fonts:
        t.fail(f"no font role '{narrow}' in [fonts] ({', '.join(fonts)})", "narrow_font")
    if style.short_max_size and style.short_max_size <= style.top_size:
        t.fail(f"must be larger than max_size ({style.top_size:g})", "short_max_size")
    if style.narrow_below and not style.narrow_font:
        t.fail("needs narrow_font", "narrow_below")
    if style.under == name:
        t.fail("must name another style", "under")
    if not 0 < style.under_share <= 1:
        t.fail(f"must be > 0 and ≤ 1, got {style.under_share}", "under_share")
    if not 0 < style.min_leading <= style.leading:
        t.fail(f"must be > 0 and ≤ leading ({style.leading})", "min_leading")
    if not 0 < style.bilingual_min_size <= style.min_size:
        t.fail(f"must be > 0 and ≤ min_size ({style.min_size})", "bilingual_min_size")
    if style.even and style.align == "justify":
        t.fail("justified text fills its lines: even is for centred text and headings", "even")
    if not 0 <= style.balance < 1:
        t.fail(f"must be ≥ 0 and < 1, got {style.balance}", "balance")
    if style.balance_min_size and not (style.balance and 0 < style.balance_min_size <= min_size):
        t.fail(f"must be > 0 and ≤ min_size ({min_size}), with balance", "balance_min_size")
    if not 0 < style.balance_lone < 1:
        t.fail(f"must be > 0 and < 1, got {style.balance_lone}", "balance_lone")
    if style.max_size < style.size:
        t.fail(f"must be ≥ size ({size})", "max_size")
    if not 0 < style.space_stretch <= 3:
        t.fail(f"must be > 0 and ≤ 3, got {style.space_stretch}", "space_stretch")
    if not 0 <= style.space_shrink < 0.5:
        t.fail(f"must be ≥ 0 and < 0.5, got {style.space_shrink}", "space_shrink")
    if not 0 <= style.expansion <= 2:
        t.fail(f"must be between 0 and 2 (percent), got {style.expansion}", "expansion")
    if not 0 <= style.letter_spacing <= 5:
        t.fail(f"must be between 0 and 5 (percent), got {style.letter_spacing}", "letter_spacing")
    if len(style.hyphen_min) != 2 or not all(
        isinstance(v, int) and v >= 2 for v in style.hyphen_min
    ):
        t.fail(f"must be two whole numbers ≥ 2, got {list(style.hyphen_min)}", "hyphen_min")
    if not 1 <= style.hyphen_run <= 5:
        t.fail(f"must be between 1 and 5, got {style.hyphen_run}", "hyphen_run")
    if not 0 < style.hyphen_share <= 1:
        t.fail(f"must be > 0 and ≤ 1, got {style.hyphen_share}", "hyphen_share")
    if not 0 <= style.hyphen_fill < 0.5:
        t.fail(f"must be ≥ 0 and < 0.5, got {style.hyphen_fill}", "hyphen_fill")
    if not (style.max_median_gap == 0 or 1 <= style.max_median_gap <= style.max_gap):
        t.fail(f"must be 0 or ≥ 1 and ≤ max_gap, got {style.max_median_gap}", "max_median_gap")
    t.finish()
    return style


def _box(raw: Any, where: str, file: Path, refs: dict[str, Any], page: tuple[float, float]) -> Box:
    t = _Table(raw, where, file, BOX, refs)
    name = t.get("name")
    t.where = f"{where}[{name}]"
    kind = t.get("type")
    if kind not in BOX_TYPES:
        t.fail(f"must be one of {', '.join(BOX_TYPES)}, got {kind!r}", "type")
    x, y, w, h = (float(t.get(k)) for k in ("x", "y", "w", "h"))
    if w <= 0 or h <= 0:
        t.fail("w and h must be > 0", "w")
    pw, ph = page
    for key, ok in (("x", x + w <= pw + 1e-6), ("y", y + h <= ph + 1e-6)):
        if not ok:
            t.fail(f"the box ends outside the page ({pw:g} × {ph:g} mm)", key)
    bleed = t.get("bleed")
    needs, unless = tuple(t.get("needs")), tuple(t.get("unless"))
    section, stretch, anchor = t.get("section"), t.get("stretch"), t.get("anchor")
    if section is not None and section not in refs.get("sections", {}):
        t.fail(f"no section '{section}' in this page's [[pages.sections]]", "section")
    if section is not None and refs["sections"][section].space:
        t.fail(f"section '{section}' is a spacer (space = true): it holds no boxes", "section")
    # The type's options: the declared default is stored, so the typesetter reads one value.
    t.spec = {**BOX, **BOX_TYPES[kind].options}
    options: dict[str, Any] = {}
    for key in BOX_TYPES[kind].options:
        value = t.get(key)
        if value is not None:
            options[key] = value
    if "role" in t.data and "facts" in t.data:
        t.fail("give either role or facts, not both", "facts")
    if overlaps := tuple(t.get("overlaps")):
        options["overlaps"] = overlaps
    if follow := t.get("follow"):
        options["follow"] = follow
    if options.get("max_h") is not None:
        max_h = float(options["max_h"])
        top = Box(name, kind, x, y, w, h, options=options).grown(max_h).y
        if max_h < h:
            t.fail(f"must be ≥ h ({h:g} mm), got {max_h:g}", "max_h")
        if top < -1e-6 or top + max_h > ph + 1e-6:
            t.fail(
                f"the box grown to {max_h:g} mm ends outside the page ({pw:g} × {ph:g} mm)", "max_h"
            )
    if kind == "image":
        _image_options(t, options, refs)
    t.finish()
    return Box(
        name, kind, x, y, w, h, tuple(bleed), options, needs, unless, section, stretch, anchor
    )


def _sections(p: _Table, file: Path) -> tuple[Section, ...]:
    """The page's sections, top to bottom, each starting where the one before ends."""
    out: list[Section] = []
    for k, raw in enumerate(p.get("sections")):
        t = _Table(raw, f"{p.where}.sections[{k}]", file, SECTION)
        sec = Section(
            t.get("name"),
            float(t.get("y")),
            float(t.get("h")),
            float(t.get("grow")),
            t.get("hug"),
            bool(t.get("space")),
        )
        if sec.space and sec.hug:
            t.fail("a spacer (space = true) holds no text to hug", "hug")
        if sec.space and sec.grow <= 0:
            t.fail("a spacer (space = true) needs a grow share > 0: it takes freed height", "grow")
        if out and abs(sec.y - (out[-1].y + out[-1].h)) > 1e-6:
            t.fail(f"must start where '{out[-1].name}' ends ({out[-1].y + out[-1].h:g} mm)", "y")
        if sec.name in {o.name for o in out}:
            t.fail("two sections share a name", "name")
        t.finish()
        out.append(sec)
    return tuple(out)


# Boxes whose content a reader reads: one drawn over another is a layout mistake.
_LIVE = {"text", "figures", "flow", "folio", "qr", "chart"}


def _grown_extent(box: Box) -> Box:
    """A box as far as it may grow (``max_h``): what it may come to overlap."""
    max_h = box.opt("max_h")
    return box if max_h is None or max_h <= box.h else box.grown(max_h)


def _check_overlaps(boxes: tuple[Box, ...], page: _Table) -> None:
    """Live boxes must not overlap, unless the template says so (``overlaps``) or their
    conditions never draw them together (one ``needs`` what the other is drawn ``unless``)."""
    names = [b.name for b in boxes]
    for box in boxes:
        for other in box.opt("overlaps", ()):
            if other not in names:
                page.fail(
                    f"box '{box.name}': overlaps names no box '{other}'" + _near(other, names),
                    "boxes",
                )
    for box in boxes:
        target = next((b for b in boxes if b.name == box.opt("follow")), None)
        resizes = target is not None and (
            target.opt("max_h") is not None
            or bool(target.opt("shrink"))
            or bool(target.opt("collapse"))
        )
        if box.opt("follow") and not resizes:
            page.fail(
                f"box '{box.name}': follow names no text box with max_h, shrink or collapse on "
                "this page: "
                f"'{box.opt('follow')}'",
                "boxes",
            )
    live = [_grown_extent(b) for b in boxes if b.type in _LIVE]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            eps = 0.01  # boxes that only touch do not overlap
            apart = a.x + a.w <= b.x + eps or b.x + b.w <= a.x + eps
            apart = apart or a.y + a.h <= b.y + eps or b.y + b.h <= a.y + eps
            declared = b.name in a.opt("overlaps", ()) or a.name in b.opt("overlaps", ())
            # a box that follows another moves out of its way as it grows
            declared = declared or a.opt("follow") == b.name or b.opt("follow") == a.name
            exclusive = set(a.needs) & set(b.unless) or set(b.needs) & set(a.unless)
            if not (apart or declared or exclusive):
                page.fail(
                    f"boxes '{a.name}' and '{b.name}' overlap, so their text would print one "
                    f'over the other; move one, or add overlaps = ["{b.name}"] to box '
                    f"'{a.name}' if that is the design",
                    "boxes",
                )


def _image_options(t: _Table, options: dict[str, Any], refs: dict[str, Any]) -> None:
    """Check where an image box's picture comes from; a template file becomes ``asset:``."""
    source = options["source"]
    if source.startswith("event."):
        if source[6:] not in EVENT_PICTURES:
            t.fail(
                f"event pictures are {', '.join('event.' + p for p in EVENT_PICTURES)}", "source"
            )
    elif source.startswith("record."):
        if source[7:] not in refs["fields"]:
            t.fail(f"'{source[7:]}' is not one of [template] fields", "source")
    else:
        folder = t.file.parent.resolve()
        file = (folder / source).resolve()
        if not file.is_relative_to(folder) or not file.is_file():
            t.fail(f"no file {source!r} in the template's folder", "source")
        options["source"] = "asset:" + file.relative_to(folder).as_posix()
    focus = options["focus"]
    if len(focus) != 2 or not all(0 <= v <= 1 for v in focus):
        t.fail("must be [x, y], fractions of the picture from its top-left (0 to 1)", "focus")
    at = options.get("focus_at")
    if at is not None and (len(at) != 2 or not all(0 <= v <= 1 for v in at)):
        t.fail("must be [x, y], fractions of the box from its top-left (0 to 1)", "focus_at")


def _size(head: _Table, orientation: str) -> tuple[str, tuple[float, float]]:
    size = head.get("size")
    if size in PAPER_SIZES:
        return size, paper_mm(size, orientation)
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)", size):
        return size, (float(m.group(1)), float(m.group(2)))
    head.fail(f"a paper size ({', '.join(PAPER_SIZES)}) or WxH in mm, got {size!r}", "size")
    raise AssertionError  # fail() raised


def _settings(head: _Table, fields: tuple[str, ...]) -> dict[str, Any]:
    raw = head.get("settings")
    t = _Table(raw, "template.settings", head.file, SETTINGS)
    settings = {key: t.get(key) for key in SETTINGS if key in raw}
    sheet = settings.get("sheet")
    if sheet is not None and sheet not in PAPER_SIZES:
        t.fail(f"unknown paper size {sheet!r}", "sheet")
    for fname, table in settings.get("template_by", {}).items():
        if fname not in fields:
            t.fail(f"'{fname}' is not one of [template] fields", "template_by")
        if not (
            isinstance(table, dict)
            and table
            and all(isinstance(v, str) and v.strip() for v in table.values())
        ):
            t.fail(
                f"{fname} must be a table of values and folders, "
                '{ speaker = "../badge-speaker" }',
                "template_by",
            )
    t.finish()
    return settings


def _picture_ties(p: _Table, boxes: tuple[Box, ...]) -> None:
    """An image box's ``fallback`` names another box of the same page."""
    names = {b.name for b in boxes}
    for b in boxes:
        fallback = b.opt("fallback")
        if fallback is not None and (fallback not in names or fallback == b.name):
            p.fail(f"box '{b.name}': fallback names no other box on this page", "boxes")


def load_template(folder: Path) -> Template:
    """Load and validate ``folder/template.toml`` (the Jinja text is checked by compose)."""
    import tomllib

    folder = Path(folder)
    file = folder / "template.toml"
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError("no template.toml", where=str(folder)) from None
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"not valid TOML: {e}", where=str(file)) from None
    root = _Table(data, "", file, ROOT)
    head = _Table(root.get("template"), "template", file, TEMPLATE)
    name = head.get("name")
    kind = head.get("kind")
    orientation = head.get("orientation")
    size, page = _size(head, orientation)
    sizes = tuple(head.get("sizes", default=[size]))
    for s in sizes:
        if s != size and s not in PAPER_SIZES:
            head.fail(f"unknown paper size {s!r}", "sizes")
        if s != size:
            sw, sh = paper_mm(s, orientation)
            if abs(sw / sh - page[0] / page[1]) > 0.01:
                head.fail(f"{s} does not share {size}'s proportions, so it cannot scale", "sizes")
    description = head.get("description")
    safe_zone = float(head.get("safe_zone"))
    fold_overlap = float(head.get("fold_overlap"))
    fields = tuple(head.get("fields"))
    settings = _settings(head, fields)
    requires = tuple(head.get("requires"))
    date_style = head.get("date_style")
    max_pages = head.get("max_pages")
    if max_pages is not None and (max_pages < 4 or max_pages % 4):
        head.fail(f"must be a multiple of 4, got {max_pages}", "max_pages")
    head.finish()

    colours = {n: _colour(n, raw, file) for n, raw in root.get("colours").items()}
    fonts_t = _Table(root.get("fonts"), "fonts", file)
    fonts = {role: fonts_t.get(role, "str") for role in list(fonts_t.data)}
    fonts_t.finish()
    for role, family in fonts.items():
        if family not in families() or families()[family].fallback_only:
            fonts_t.fail(
                f"unknown font family '{family}' ({', '.join(n for n, f in families().items() if not f.fallback_only)})",
                role,
            )
    refs: dict[str, Any] = {"colours": colours, "fields": fields}
    refs["styles"] = dict.fromkeys(root.get("styles"))  # names, for a style's `under`
    refs["styles"] = {n: _style(n, raw, file, fonts, refs) for n, raw in root.get("styles").items()}
    pages = []
    for i, raw in enumerate(root.get("pages")):
        p = _Table(raw, f"pages[{i}]", file, PAGE)
        pname = p.get("name", default=f"page {i + 1}")
        repeat, pad, mirror = p.get("repeat"), p.get("pad"), p.get("mirror")
        starts_spread = p.get("starts_spread")
        needs, unless = tuple(p.get("needs")), tuple(p.get("unless"))
        folds = tuple(float(f) for f in p.get("folds"))
        if any(not 0 < f < page[0] for f in folds) or list(folds) != sorted(set(folds)):
            p.fail(f"must rise from left to right inside the page (0 to {page[0]:g} mm)", "folds")
        sections = _sections(p, file)
        refs["sections"] = {sec.name: sec for sec in sections}
        boxes = tuple(
            _box(b, f"pages[{i}].boxes[{j}]", file, refs, page)
            for j, b in enumerate(p.get("boxes"))
        )
        names = [b.name for b in boxes]
        if len(set(names)) != len(names):
            p.fail("two boxes share a name", "boxes")
        _check_overlaps(boxes, p)

        _picture_ties(p, boxes)
        p.finish()
        pages.append(
            PageSpec(
                pname, boxes, repeat, pad, mirror, starts_spread, needs, unless, folds, sections
            )
        )
    variants = root.get("variants")
    root.finish()
    template = Template(
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
        refs["styles"],
        tuple(pages),
        fields,
        settings,
        requires,
        date_style,
        fold_overlap,
        max_pages=max_pages,
    )
    if variants:
        from .variants import parse_variants

        template = replace(template, variants=parse_variants(variants, template))
    return template


def box_options(kind: str) -> dict[str, str]:
    """The options a box type takes, and their kinds."""
    return {key: k.kind for key, k in BOX_TYPES[kind].options.items()}


@cache
def load_cached(folder: Path) -> Template:
    """Load a template once per process (batch workers reuse it); a template whose files
    are unchanged comes validated from the user's disk cache (``generator.cache``)."""
    from .. import cache as disk_cache

    entry = _entry(Path(folder))
    got = disk_cache.load_current("template", entry, Template)
    if got is not None:
        return got
    template = load_template(folder)
    if entry:
        disk_cache.store_current("template", entry, template)
        # The stored form, as a warm run loads it: it pickles alike in every run (the fresh
        # one does not quite: its objects share differently), so the entries named by it
        # (compose.memo) are found by warm and cold runs alike.
        import pickle

        template = pickle.loads(pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL))
    return template


def _entry(folder: Path) -> tuple[str, str] | None:
    """A template's cache entry: named by its folder and the code that validates it; its
    digest that of template.toml, the names of the files beside it (pictures it names must
    exist) and fonts.toml."""
    import os

    from .. import cache as disk_cache
    from ..resources import fonts_dir

    if disk_cache.cache_dir() is None:
        return None
    try:
        names = sorted(
            os.path.relpath(os.path.join(root, n), folder)
            for root, _, ns in os.walk(folder)
            for n in ns
        )
        data = (folder / "template.toml").read_bytes()
        fonts = (fonts_dir() / "fonts.toml").read_bytes()
    except OSError:
        return None
    here = Path(__file__).parent
    name = disk_cache.key(
        "template",
        disk_cache.folder_stamp(str(here)),
        disk_cache.folder_stamp(str(here.parent / "content")),
        disk_cache.source_stamp(str(here.parent / "resources.py")),
        disk_cache.source_stamp(str(here.parent / "errors.py")),
        str(folder),
    )
    return name, disk_cache.key(data, fonts, *names)
