"""Typeset: lay a composed template out on pages, box by box, before anything is drawn.

Layout does all the measuring and fitting (so every error comes before a byte is written) and
returns pages as lists of draw steps; the press stage runs them on a canvas with bleed and marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from typing import Any, NamedTuple

from ..compose.render import Composed
from ..compose.template import Box, PageSpec, Style, Template, needs_met
from ..content.facts import Facts
from ..errors import FitError, GeneratorError, InputError, PressError, TemplateError
from .images import PictureOptions
from .text import FINE_LINE_PT, FittedText, Palette, PlainText, fit_text, plain_text

MM = 72 / 25.4


@dataclass(frozen=True)
class DrawContext:
    """What a draw step needs at draw time: the bleed to extend into, and the colours."""

    bleed: float  # points
    palette: Palette


DrawStep = Callable[[Any, DrawContext], None]


@dataclass
class LaidPage:
    """One page, trim size in points, and its draw steps in painting order."""

    width: float
    height: float
    steps: list[DrawStep] = field(default_factory=list)
    spec: PageSpec | None = None  # the template page it was laid from (for guides)
    mirrored: bool = False
    folds: tuple[float, ...] = ()  # vertical folds, points from the left trim edge
    # a sheet of pieces: its own TrimBox and BleedBox (x0, y0, x1, y1 from the page's corner)
    boxes: tuple[tuple[float, ...], tuple[float, ...]] | None = None


@dataclass
class LaidDocument:
    """A document ready for the press: pages, and what the layout found (sizes text came out at)."""

    template: Template
    size: str
    pages: list[LaidPage]
    title: str
    fitted: dict[str, float] = field(default_factory=dict)
    palette: Palette | None = None
    lang: str = "kk-KZ"  # the PDF's /Lang: the (first) language of the text
    pictures: list[Any] = field(default_factory=list)  # picture_box.Placement of each raster
    notes: list[str] = field(default_factory=list)  # for the user, not errors (a short article)


def _to_size(v: float, base: float, new: float, safe: float) -> float:
    """A position in mm along one side of the base page, at another size of that page.

    Boxes scale with the page, but the safe zone is a distance the printer needs, the same
    on every sheet: so on a smaller page the margins of the safe zone keep their width and
    only what lies between them shrinks. The map is continuous and increasing, so boxes keep
    their order and never come to overlap; a box clear of the safe zone at the base size is
    clear of it at every size, and a box at the trim or in the bleed stays there.
    """
    if new == base:
        return v
    margin = max(new / base, 1.0)  # a larger page scales its margins as everything else
    inner = (new - 2 * safe * margin) / (base - 2 * safe)
    if v <= safe:
        return v * margin
    if v >= base - safe:
        return new - (base - v) * margin
    return safe * margin + (v - safe) * inner


class Sheet:
    """Geometry of one page of a template at one size: mm boxes to points, y from the bottom."""

    def __init__(self, template: Template, size: str | None) -> None:
        self.template = template
        w_mm, h_mm = template.size_mm(size)
        self.scale = w_mm / template.page_mm[0]
        self.width, self.height = w_mm * MM, h_mm * MM
        self._w_mm, self._h_mm = w_mm, h_mm

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        base_w, base_h = self.template.page_mm
        x0 = _to_size(box.x, base_w, self._w_mm, self.template.safe_zone)
        x1 = _to_size(box.x + box.w, base_w, self._w_mm, self.template.safe_zone)
        y0 = _to_size(box.y, base_h, self._h_mm, self.template.safe_zone)
        y1 = _to_size(box.y + box.h, base_h, self._h_mm, self.template.safe_zone)
        return x0 * MM, self.height - y1 * MM, (x1 - x0) * MM, (y1 - y0) * MM

    def bled(
        self, box: Box, bleed: float, mirrored: bool = False
    ) -> tuple[float, float, float, float]:
        """The box grown by the bleed on each edge it declares (left and right swap when mirrored)."""
        x, y, w, h = self.rect(box)
        left, right = "left" in box.bleed, "right" in box.bleed
        if mirrored:
            x, left, right = self.width - x - w, right, left
        if left:
            x, w = x - bleed, w + bleed
        if right:
            w += bleed
        # A box that sections moved off the page's edge keeps its bleed to itself: extending it
        # there would paint a strip over its neighbour.
        edge = 0.5 * MM
        if "bottom" in box.bleed and y <= edge:
            y, h = y - bleed, h + bleed
        if "top" in box.bleed and y + h >= self.height - edge:
            h += bleed
        return x, y, w, h

    def check_safe(self, box: Box, where: str) -> None:
        """Live content must keep the template's safe distance from the trim."""
        x, y, w, h = self.rect(box)
        gap = min(x, y, self.width - x - w, self.height - y - h) / MM
        if gap < self.template.safe_zone - 1e-6:
            raise PressError(
                f"box '{box.name}' is {gap:.1f} mm from the trim; live content needs "
                f"{self.template.safe_zone:g} mm (safe zone)",
                where=where,
            )


def _draw_text(
    fitted: FittedText, rect: tuple[float, float, float, float], valign: str
) -> DrawStep:
    x, y, w, h = rect
    total = fitted.height
    top = {"top": y + h, "middle": y + (h + total) / 2, "bottom": y + total}[valign]

    def draw(canvas: Any, ctx: DrawContext) -> None:
        cursor = top
        for p, ph in zip(fitted.paragraphs, fitted.heights, strict=True):
            p.drawOn(canvas, x, cursor - p.height)
            cursor -= ph

    return draw


def _draw_line(line: PlainText, rect: tuple[float, float, float, float], valign: str) -> DrawStep:
    """``_draw_text`` for a text set as plain lines."""
    x, y, w, h = rect
    top = {"top": y + h, "middle": y + (h + line.height) / 2, "bottom": y + line.height}[valign]

    def draw(canvas: Any, ctx: DrawContext) -> None:
        line.draw(canvas, x, top)

    return draw


def _fill(rect: tuple[float, float, float, float], colour: str, radius: float = 0) -> DrawStep:
    def draw(canvas: Any, ctx: DrawContext) -> None:
        canvas.setFillColor(ctx.palette(colour, area=True))
        if radius:
            canvas.roundRect(*rect, radius, stroke=0, fill=1)
        else:
            canvas.rect(*rect, stroke=0, fill=1)

    return draw


class _PageLayout:
    """Lays out the boxes of one page spec."""

    def __init__(
        self, template: Template, sheet: Sheet, composed: Composed, facts: Facts, palette: Palette
    ):
        self.template, self.sheet, self.composed = template, sheet, composed
        self.facts, self.palette = facts, palette
        self.fitted: dict[str, float] = {}
        self.where = str(template.data_file)
        self.page_number = 1
        self.mirrored = False  # a left-hand page of a mirrored spec: boxes mirror across
        self.folds: tuple[float, ...] = ()  # the current page's folds, points from the left
        self.pictures = PictureOptions(color=palette.mode)
        self.placed: list[Any] = []  # where raster pictures went, at what resolution
        self.notes: list[str] = []  # for the user (a picture that shows nothing)
        self.spec_boxes: tuple[Box, ...] = ()
        self.page_pictures: dict[str, list[Any]] = {}
        # The roles and event details this event fills: boxes that need others are left out.
        self.present = facts.roles.filled() | facts.event.given()
        self.arranged: list[Box] = []  # the last page's boxes, as its sections placed them
        # The text a section hugs, as measured: (markup, style, width, fitted). Set again in
        # the box shrunk to it, a balanced title could come out another way (a smaller size
        # whose even lines the shorter box allows): it is drawn as measured.
        # A plain text (``plain_text``: one face, no paragraph) is kept the same way.
        self.hugged: dict[str, tuple[str, Style, float, FittedText | PlainText]] = {}
        # The size (points at the base size) each style that another stays `under` got on
        # the page: the title, set first, bounds the quotation and the figures.
        self.ranked: dict[str, float] = {}

    def shows(self, item: Box | PageSpec) -> bool:
        """Whether the event fills what a box or page needs (and nothing it must do without)."""
        return needs_met(item.needs, self.present) and not any(
            n in self.present for n in item.unless
        )

    def role_facts(self, box: Box) -> list[Any]:
        """The facts a figures or chart box shows: by role (at most ``max``), or by id."""

        ids = box.opt("facts")
        if ids is None:
            found = list(self.facts.roles.get(box.opt("role", "headline")))
            return found[: box.opt("max", len(found))]
        for fid in ids:
            if fid not in self.facts:
                raise InputError(
                    f"box '{box.name}' shows fact '{fid}', which the facts file lacks",
                    where=self.facts.source,
                )
        return [self.facts[f] for f in ids]

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        x, y, w, h = self.sheet.rect(box)
        if self.mirrored:
            x = self.sheet.width - x - w
        return x, y, w, h

    def where_box(self, box: Box) -> str:
        return f"{self.where}: box '{box.name}'"

    def has_content(self, box: Box) -> bool:
        """Whether a box is shown and has something of the event's to show."""
        if not self.shows(box):
            return False
        if box.type in ("text", "qr"):
            return bool(self.composed.blocks.get(box.opt("block", box.name)))
        if box.type == "figures":
            return bool(self.role_facts(box))
        if box.type == "chart":
            return len(self.role_facts(box)) >= 2
        if box.type == "flow":  # a short article leaves the optional frames out
            return not (box.opt("optional") and "short" in self.present)
        return True

    def text_height(self, box: Box) -> float:
        """The height in mm a text box's text takes, fitted to the box as designed."""
        markup = self.composed.blocks.get(box.opt("block", box.name), "")
        if box.type != "text" or not markup:
            return box.h
        style = self.template.styles[box.opt("style")]
        _, _, w, h = self.sheet.rect(box)
        fitted = fit_text(markup, style, self.sheet.scale, w, h, self.palette, self.where_box(box))
        self.hugged[box.name] = (markup, style, w, fitted)
        return fitted.height / (MM * self.sheet.scale)

    def page(self, spec: PageSpec, only: frozenset[str] | None = None) -> LaidPage:
        """The page laid out; ``only``: the names of the boxes to lay out of it (a batch's
        group), placed as the whole page's sections place them."""
        from .sections import arrange

        s = self.sheet.scale * MM
        folds = tuple(f * s for f in spec.folds)
        if self.mirrored:
            folds = tuple(sorted(self.sheet.width - f for f in folds))
        laid = LaidPage(
            self.sheet.width, self.sheet.height, spec=spec, mirrored=self.mirrored, folds=folds
        )
        self.folds = folds
        self.spec_boxes = spec.boxes
        self.hugged = {}
        self.ranked = {}
        own = (
            spec
            if only is None
            else PageSpec(spec.name, tuple(b for b in spec.boxes if b.name in only))
        )
        pictures, skip = self._pictures(own)
        self.page_pictures = pictures  # (picture_box.under_colour: a picture under a picture)

        # Sections whose content is absent collapse; the template's rules share out the space.
        def shown(box: Box) -> bool:
            if box.name in skip:
                return False
            if only is not None and box.type in ("text", "qr"):
                if box.opt("block", box.name) not in self.composed.blocks:
                    return self.shows(box)  # another group's text: composed with it
            return self.has_content(box)

        arranged = arrange(spec, shown, self.text_height)
        if only is not None:
            arranged = [b for b in arranged if b.name in only]
        self._rank(arranged)
        self.arranged = self._grown(arranged)
        for box in self.arranged:
            if box.type == "image":
                laid.steps.append(self._image(box, pictures[box.name]))
                if not box.bleed:  # a picture running into the bleed is not live content
                    self.sheet.check_safe(box, self.where)
                continue
            if box.type == "flow":
                self.sheet.check_safe(box, self.where)
                continue  # the brochure engine pours the running text into flow boxes
            handler = getattr(self, f"_{box.type}", None)
            if handler is None:
                raise TemplateError(
                    f"box '{box.name}': type '{box.type}' is not available on a {self.template.kind}",
                    where=self.where,
                )
            step = handler(box)
            if step is None:
                continue
            laid.steps.append(step)
            if box.type not in ("rect", "ornament", "rule"):
                self.sheet.check_safe(box, self.where)
        return laid

    def _rank(self, boxes: list[Box]) -> None:
        """The sizes of the text boxes whose styles others stay ``under``, set before the
        boxes that are measured to their text (a quotation shrunk to it) are."""
        over = {s.under for s in self.template.styles.values() if s.under}
        if not over:
            return
        for box in boxes:
            name = box.opt("style") if box.type == "text" else None
            if name in over and self.composed.blocks.get(box.opt("block", box.name)):
                try:
                    size = self._set_text(box)[0] / self.sheet.scale
                except FitError:
                    continue  # the error comes when the box is drawn
                self.ranked[name] = max(size, self.ranked.get(name, 0.0))

    def _under(self, style: Style) -> Style:
        """The style no larger than ``under_share`` of the size its ``under`` style got."""
        top = self.ranked.get(style.under) if style.under else None
        if top is None:
            return style
        cap = top * style.under_share
        if style.top_size <= cap:
            return style
        return dc_replace(
            style,
            size=min(style.size, cap),
            min_size=min(style.min_size, cap),
            bilingual_min_size=min(style.bilingual_min_size, cap),
            max_size=min(style.top_size, cap) if style.max_size else 0.0,
        )

    def _grown(self, boxes: list[Box]) -> list[Box]:
        """Text boxes with ``max_h`` grown to what their text needs, those with ``shrink``
        shrunk to it, and the boxes that ``follow`` them moved along."""
        if not any(b.opt("max_h") is not None or b.opt("follow") for b in boxes):
            return boxes
        moved: dict[str, tuple[Box, Box]] = {}
        for box in boxes:
            resizes = box.opt("max_h") is not None or box.opt("shrink") or box.opt("collapse")
            if box.type == "text" and resizes:
                moved[box.name] = (box, self._resized(box))
        for box in boxes:
            name = box.opt("follow")
            if name and name not in moved:
                # A batch lays out its boxes in groups: the followed box may be in another one.
                # An empty box is not laid out: one that ``collapse``s gives its height away.
                source = next((b for b in self.template.pages[0].boxes if b.name == name), None)
                if source is not None and self.shows(source):
                    if self.has_content(source) or source.opt("collapse"):
                        moved[name] = (source, self._resized(source))
        out = []
        for box in boxes:
            if box.name in moved:
                resized = moved[box.name][1]
                if box.opt("follow") in moved:  # grown where the box it follows put it
                    resized = _follow(resized, *moved[box.opt("follow")])
                out.append(resized)
            elif box.opt("follow") in moved:
                out.append(_follow(box, *moved[box.opt("follow")]))
            else:
                out.append(box)
        return out

    def _resized(self, box: Box) -> Box:
        """A text box grown (``max_h``) or shrunk (``shrink``) to its text; collapsed to no
        height (``collapse``) when it has none, about where its ``valign`` holds the text (as
        ``shrink`` does: a middle box to its middle)."""
        if box.opt("collapse") and not self.composed.blocks.get(box.opt("block", box.name)):
            at = {"top": 0.0, "middle": box.h / 2, "bottom": box.h}[box.opt("valign", "top")]
            return dc_replace(box, y=box.y + at, h=0.0)
        if box.opt("max_h") is not None:
            return self._grow(box)
        if box.opt("shrink"):
            return self._shrink(box)
        return box

    def _shrink(self, box: Box) -> Box:
        """The box as tall as its text set in it, about where its ``valign`` holds the text;
        itself when the text fills it."""
        if not self.composed.blocks.get(box.opt("block", box.name)):
            return box
        try:
            height = self._set_text(box)[1] / (MM * self.sheet.scale) + 2 * box.opt("pad", 0)
        except FitError:
            return box  # the error, naming the field to shorten, comes when the box is drawn
        if height + 0.05 >= box.h:
            return box
        h = height + 0.05
        spare = {"top": 0.0, "middle": (box.h - h) / 2, "bottom": box.h - h}
        return dc_replace(box, y=box.y + spare[box.opt("valign", "top")], h=h)

    def _grow(self, box: Box) -> Box:
        """The box as tall as its text needs at up to its style's size, within ``max_h``;
        itself when the text fits as designed (or at no larger size in the taller box)."""
        if not self.composed.blocks.get(box.opt("block", box.name)):
            return box
        top = self.template.styles[box.opt("style")].size * self.sheet.scale
        try:
            size = self._set_text_with(box)[0]  # its lines not closed up: it grows first
        except FitError:
            size = 0.0
        if size >= top - 1e-6:
            return box
        max_h = float(box.opt("max_h"))
        tall = box.grown(max_h)
        try:
            size2, height, _ = self._set_text(tall, cap=True)
        except FitError:
            return tall  # cannot fit even grown: the error names the grown box
        if size2 <= size + 1e-6:
            return box
        h = min(max_h, max(box.h, height / (MM * self.sheet.scale) + 0.05))
        return box.grown(h)

    def _pictures(self, spec: PageSpec) -> tuple[dict[str, list[Any]], set[str]]:
        """The pictures of the page's image boxes, and the boxes not to draw: an image box
        whose picture is not given, and the fallback of one whose picture is."""
        from .picture_box import picture_paths

        found: dict[str, list[Any]] = {}
        skip: set[str] = set()
        for box in spec.boxes:
            if box.type != "image":
                continue
            found[box.name] = picture_paths(self, box) if self.shows(box) else []
            if not found[box.name]:
                skip.add(box.name)
            if found[box.name] and box.opt("fallback"):
                skip.add(box.opt("fallback"))
        return found, skip

    def _image(self, box: Box, paths: list[Any]) -> DrawStep:
        from .picture_box import lay_out_image

        return lay_out_image(self, box, paths)

    def _rect(self, box: Box) -> DrawStep:
        sheet, fill = self.sheet, box.opt("fill")
        stroke, width = box.opt("stroke"), box.opt("stroke_width", 1.0) * sheet.scale
        radius = box.opt("radius", 0) * MM * sheet.scale
        mirrored = self.mirrored
        folds, overlap = self.folds, self.template.fold_overlap * MM * sheet.scale

        def draw(canvas: Any, ctx: DrawContext) -> None:
            rect = _past_folds(sheet.bled(box, ctx.bleed, mirrored), folds, overlap)
            canvas.saveState()
            if fill:
                canvas.setFillColor(ctx.palette(fill, area=True))
            if stroke:
                canvas.setStrokeColor(ctx.palette(stroke, small_text=width < FINE_LINE_PT))
                canvas.setLineWidth(width)
            if radius:
                canvas.roundRect(*rect, radius, stroke=int(bool(stroke)), fill=int(bool(fill)))
            else:
                canvas.rect(*rect, stroke=int(bool(stroke)), fill=int(bool(fill)))
            canvas.restoreState()

        return draw

    def _rule(self, box: Box) -> DrawStep:
        """A line across the box (down it, if the box is taller than wide); ``count`` lines
        ``pitch`` mm apart make a ruled area, such as a notes page."""
        x, y, w, h = self.rect(box)
        colour, weight = box.opt("color"), box.opt("weight", 0.75) * self.sheet.scale
        count, pitch = box.opt("count", 1), box.opt("pitch", 0) * MM * self.sheet.scale
        # Several lines are lines to write on, across the box, unless the template says down.
        across = box.opt("direction", "across" if count > 1 or w >= h else "down") == "across"
        if colour is None:
            raise TemplateError(f"box '{box.name}': a rule needs color", where=self.where)

        def draw(canvas: Any, ctx: DrawContext) -> None:
            canvas.saveState()
            # a hairline in one ink: several would misregister into a coloured fringe
            canvas.setStrokeColor(ctx.palette(colour, small_text=weight < FINE_LINE_PT))
            canvas.setLineWidth(max(weight, 0.25))
            for i in range(count):
                if across:
                    ly = y + h - i * pitch if count > 1 else y + h / 2
                    canvas.line(x, ly, x + w, ly)
                else:
                    lx = x + i * pitch if count > 1 else x + w / 2
                    canvas.line(lx, y, lx, y + h)
            canvas.restoreState()

        return draw

    def _ornament(self, box: Box) -> DrawStep:
        from .ornament import draw_ornament

        sheet = self.sheet
        names = box.opt("colors") or list(self.template.colours)[:1]
        line = box.opt("stroke_width", 1.6) * sheet.scale
        motif = box.opt("motif", 12) * MM * sheet.scale
        pattern = box.opt("pattern", "band")
        mirrored = self.mirrored

        def draw(canvas: Any, ctx: DrawContext) -> None:
            colours = [ctx.palette(n) for n in names]
            # Motifs are sized by the box as designed: a bled edge above or below would make a
            # band's every motif taller with the bleed (and the trim would cut them through),
            # a rosette larger. Only a band runs on sideways into a bled left or right edge.
            x, y, w, h = sheet.bled(box, 0, mirrored)
            if pattern == "band":
                x, _, w, _ = sheet.bled(box, ctx.bleed, mirrored)
            draw_ornament(canvas, pattern, (x, y, w, h), colours, line, motif)

        return draw

    def _text(self, box: Box) -> DrawStep | None:
        if not self.composed.blocks[box.opt("block", box.name)]:
            return None  # an optional text (an event detail not given) prints nothing
        try:
            size, _, text = self._set_text(box)
        except FitError as e:
            raise self._too_long(box, e) from None
        self.fitted[box.name] = size
        if not box.opt("fill"):
            return text
        bg = _fill(self.rect(box), box.opt("fill"))

        def draw(canvas: Any, ctx: DrawContext) -> None:
            bg(canvas, ctx)
            text(canvas, ctx)

        return draw

    def _too_long(self, box: Box, error: FitError) -> GeneratorError:
        """The error of a text that fits its box in no way, naming the event's detail it
        prints (``event.signatory`` in the facts file) when the event gives one, or the batch
        record's field (the batch names the data file and row)."""
        from ..compose.depends import event_fields

        block = box.opt("block", box.name)
        record = getattr(self.composed, "record", None) or {}
        mine = [f for f in event_fields(self.template.folder, block, "record") if record.get(f)]
        # Of a box's fields (a role over an organisation), the longest is the one to shorten.
        mine.sort(key=lambda f: -len(str(record[f])))
        if mine:
            return InputError(
                f"field '{mine[0]}' is too long for box '{box.name}' of template "
                f"'{self.template.name}': {error.message}; shorten it"
            )
        given = self.facts.event.given()
        fields = [f for f in event_fields(self.template.folder, block) if f in given]
        if fields:
            error = InputError(
                f"event.{fields[0]} is too long for box '{box.name}' of template "
                f"'{self.template.name}': {error.message}; shorten it",
                where=self.facts.source,
            )
        error.every_record = True  # no record's field in it
        return error

    def _set_text(self, box: Box, cap: bool = False) -> tuple[float, float, DrawStep]:
        """A text box's text fitted to it: its size, its height (points) and how to draw it.
        ``cap``: no larger than the style's size (a style's max_size is not reached for).
        A text that fits at no size has its lines closed up to its style's min_leading, at
        its smallest size, before it fails."""
        style = self.template.styles[box.opt("style")]
        try:
            done = self._set_text_with(box, cap)
        except FitError:
            if style.narrow_font:
                try:
                    return self._set_text_with(box, cap, narrow=True)
                except FitError:
                    pass
            if style.min_leading >= style.leading:
                raise
            return self._set_text_with(box, cap, tight=True)
        if done[0] < style.narrow_below * self.sheet.scale:
            # A long word holds the text small: its family's narrower cut, where larger.
            try:
                narrow = self._set_text_with(box, cap, narrow=True)
            except FitError:
                return done
            if narrow[0] > done[0]:
                return narrow
        return done

    def _set_text_with(
        self, box: Box, cap: bool = False, tight: bool = False, narrow: bool = False
    ) -> tuple[float, float, DrawStep]:
        block = box.opt("block", box.name)
        markup = self.composed.blocks[block]
        style = self._under(self.template.styles[box.opt("style")])
        if cap and style.max_size:
            style = dc_replace(style, max_size=0.0, max_leading=0.0)
        pad = box.opt("pad", 0) * MM * self.sheet.scale
        x, y, w, h = self.rect(box)
        inner = (x + pad, y + pad, w - 2 * pad, h - 2 * pad)
        parts = self.composed.parts.get(block, ())
        style = style.for_languages(len(parts))
        if narrow:
            style = dc_replace(style, font=style.narrow_font)
        if tight:
            style = dc_replace(
                style,
                size=style.min_size,
                leading=style.min_leading,
                max_size=0.0,
                max_leading=0.0,
            )
        mode = box.opt("bilingual", "auto") if len(parts) > 1 else "stack"
        # inline-first: one line, else the first (state) language alone (a running head).
        first_only = mode == "inline-first"
        if first_only:
            mode = "inline"
        line = style.min_size * self.sheet.scale * style.leading
        if mode == "auto" and inner[3] < line * (1.5 * len(parts) - 0.5):
            mode = "inline"  # a line each and the space between cannot fit: no need to try
        if mode == "columns":
            try:
                return self._columns(box, [m for _, m in parts], style, inner)
            except FitError:
                # Too long side by side even at the smallest size (a position and a name of
                # ninety letters a language): each language under the other, at full width.
                mode = "stack"
        # One text, so every language in it comes out at one size.
        if mode == "inline":
            markup = _INLINE.join(m for _, m in parts)
        valign = box.opt("valign", "top")
        hugged = self.hugged.get(box.name)
        kept = None
        if hugged is not None and hugged[:3] == (markup, style, inner[2]):
            if hugged[3].height <= inner[3] + 0.01:  # the box shrunk to it: as measured
                kept = hugged[3]
        if isinstance(kept, PlainText):
            return kept.size, kept.height, _draw_line(kept, inner, valign)
        alone = plain_text(markup, style, self.sheet.scale, *inner[2:], self.palette)
        if alone is not None:  # plain words: set without a paragraph
            if box.opt("shrink") and hugged is None:  # measured for ``shrink``, as below
                self.hugged[box.name] = (markup, style, inner[2], alone)
            return alone.size, alone.height, _draw_line(alone, inner, valign)
        where = self.where_box(box)
        if kept is not None:
            return kept.size, kept.height, _draw_text(kept, inner, valign)
        try:
            fitted = fit_text(markup, style, self.sheet.scale, *inner[2:], self.palette, where)
        except FitError:
            if first_only:
                return self._set_first(parts[0][1], style, inner, where, valign)
            if mode != "auto":
                raise
            texts = [m for _, m in parts]
            if any("<br/>" in t for t in texts):
                # Texts of several lines (a date over a place) set inline would put one
                # language's last line and the other's first on one line: rather each line
                # under the other with no space between, else the languages side by side.
                try:
                    fitted = fit_text(
                        "<br/>".join(texts),
                        style,
                        self.sheet.scale,
                        *inner[2:],
                        self.palette,
                        where,
                    )
                    return fitted.size, fitted.height, _draw_text(fitted, inner, valign)
                except FitError:
                    pass
                try:
                    return self._columns(box, texts, style, inner)
                except FitError:
                    pass
            # Stacked, the languages do not fit (a one-line label): one line, / between.
            markup = _INLINE.join(texts)
            fitted = fit_text(markup, style, self.sheet.scale, *inner[2:], self.palette, where)
        if box.opt("shrink") and hugged is None:
            # Measured for ``shrink``: the box shrunk to this text draws it as measured.
            self.hugged[box.name] = (markup, style, inner[2], fitted)
        return fitted.size, fitted.height, _draw_text(fitted, inner, valign)

    def _set_first(
        self,
        markup: str,
        style: Style,
        inner: tuple[float, float, float, float],
        where: str,
        valign: str,
    ) -> tuple[float, float, DrawStep]:
        """The first language's text alone, fitted to the box."""
        alone = plain_text(markup, style, self.sheet.scale, *inner[2:], self.palette)
        if alone is not None:
            return alone.size, alone.height, _draw_line(alone, inner, valign)
        fitted = fit_text(markup, style, self.sheet.scale, *inner[2:], self.palette, where)
        return fitted.size, fitted.height, _draw_text(fitted, inner, valign)

    def _columns(
        self, box: Box, texts: list[str], style: Style, rect: tuple[float, float, float, float]
    ) -> tuple[float, float, DrawStep]:
        """Languages side by side, the state language on the left, all at one size."""
        x, y, w, h = rect
        gap = box.opt("gap", 6) * MM * self.sheet.scale
        cw = (w - gap * (len(texts) - 1)) / len(texts)
        fits = self._fit_alike(texts, style, cw, h, self.where_box(box))
        valign = box.opt("valign", "top")
        steps = [_draw_text(f, (x + i * (cw + gap), y, cw, h), valign) for i, f in enumerate(fits)]

        def draw(canvas: Any, ctx: DrawContext) -> None:
            for step in steps:
                step(canvas, ctx)

        return fits[0].size, max(f.height for f in fits), draw

    def _figures(self, box: Box) -> DrawStep | None:
        shown = self.role_facts(box)
        if not shown:
            return None  # the event names no figures for this role: the box is left out
        ids = [f.id for f in shown]
        want = max(1, min(box.opt("columns", len(ids)), len(ids)))
        # A number too wide for its column even at its style's min_size («500 000 ₸» among
        # four) sets the figures in fewer columns and more rows, an even grid (4: 2 × 2).
        tries = [want] + [c for c in range(want - 1, 0, -1) if len(ids) % c == 0]
        errors: list[FitError] = []
        fill = box.opt("fill_share")
        if fill:
            # Few figures on a box made for more (one figure on a page of its own): each grid
            # is grown to fill the box as far as the styles' max_size allow; fewer columns win
            # when they set the numbers at least as large and take more of the box (two
            # figures one over the other), else the designed grid stays (four figures 2 × 2).
            # "As large" within _SAME_SIZE: a row a hair larger side by side (its last number
            # given its whole column) does not leave the page's upper and lower thirds blank.
            best: _Figures | None = None
            chosen = (want, 1.0)
            for cols in tries:
                try:
                    laid, grow = self._figures_grown(box, ids, cols, fill)
                except FitError as e:
                    errors.append(e)
                    continue
                if best is None or (laid.size >= best.size * _SAME_SIZE and laid.used > best.used):
                    best, chosen = laid, (cols, grow)
            if best is not None:
                # Weighed with captions as ReportLab fills them, set with their lines balanced.
                best = self._figures_in(box, ids, *chosen)
                self.fitted[box.name] = best.size
                return best.draw
            raise errors[0]
        for cols in tries:
            try:
                return self._figures_in(box, ids, cols).draw
            except FitError as e:
                errors.append(e)
        # Still too wide in any grid («12,4 млн ₸» in a row over the partners' logos): the
        # numbers keep their digits and their units lead the captions, in bold («12,4» over
        # «млн ₸ собрано…»), in the designed grid first.
        units = [_unit_split(self.facts[f].print) for f in ids]
        if box.opt("units", "caption") == "caption" and any(u for _, u in units):
            for cols in tries:
                try:
                    return self._figures_in(box, ids, cols, units=units).draw
                except FitError:
                    continue
        raise errors[0]  # as designed, it does not fit

    def _figures_grown(
        self, box: Box, ids: list[str], cols: int, fill: float
    ) -> tuple[_Figures, float]:
        """The figures in ``cols`` columns, grown (numbers and captions by one factor, each
        up to its style's max_size) as far as they stay within ``fill`` of the box's height:
        of the factors tried, the one that sets the numbers largest (a number too wide for
        its column stops growing, and wider gaps between columns may even shrink it); and that
        factor. The captions are weighed unbalanced (``trial``): balancing is for the one set;
        a trial's plain numbers and captions are weighed without paragraphs (``_measured``)."""
        best, factor = self._figures_in(box, ids, cols, trial=True), 1.0
        nstyle = self.template.styles[box.opt("number_style")]
        cstyle = self.template.styles[box.opt("caption_style")]
        most = max(nstyle.top_size / nstyle.size, cstyle.top_size / cstyle.size)
        room = fill * self.rect(box)[3]
        if best.used >= room or most <= 1.0:
            return best, factor
        for step in range(1, 9):
            grow = most ** (step / 8)  # 8 factors from 1 to the most, evenly on a log scale
            try:
                laid = self._figures_in(box, ids, cols, grow, trial=True)
            except FitError:
                break
            if laid.used > room:
                break
            if laid.size > best.size + 0.01:
                best, factor = laid, grow
        return best, factor

    def _figures_in(
        self,
        box: Box,
        ids: list[str],
        cols: int,
        grow: float = 1.0,
        trial: bool = False,
        units: list[tuple[str, str]] | None = None,
    ) -> _Figures:
        rows = -(-len(ids) // cols)
        x, y, w, h = self.rect(box)
        gap = box.opt("gap", 6) * MM * self.sheet.scale
        cw, ch = (w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows
        nstyle = self.template.styles[box.opt("number_style")]
        cstyle = self.template.styles[box.opt("caption_style")]
        # Each at its size (times ``grow``): not grown to its max_size by fit_text, which
        # would fill each row, however few the figures.
        designed = nstyle.size
        nstyle, cstyle = self._under(_grown(nstyle, grow)), _grown(cstyle, grow)
        if trial:
            cstyle = dc_replace(cstyle, balance=0.0)
        where = self.where_box(box)
        # All numbers share one size, all captions another: fit the largest of each.
        from html import escape  # (xml.sax.saxutils pulls in urllib: 20 ms of start-up)

        numbers = [escape(self.facts[f].print, quote=False) for f in ids]
        captions = [escape(self.facts[f].caption, quote=False) for f in ids]
        if units:
            numbers = [escape(n, quote=False) for n, _ in units]
            captions = [
                f"<b>{escape(u, quote=False)}</b> {c}" if u else c
                for (_, u), c in zip(units, captions, strict=True)
            ]
        n_h = nstyle.size * nstyle.leading * self.sheet.scale * 1.05
        # A row short of the number's full height (more rows than designed) leaves a caption
        # line at its size under it; the number shrinks into the rest.
        cap_line = cstyle.size * self.sheet.scale * (0.6 + cstyle.leading)
        n_h = min(n_h, ch - cap_line)
        # Numbers side by side stay the template's gutter apart at least («40 000+ 300+» would
        # touch when the widest fills its column): each fits its column less what the gap
        # lacks of that. By default half an em of the style's largest size.
        gutter = box.opt("gutter")
        gutter = (
            gutter * MM * self.sheet.scale
            if gutter is not None
            else 0.5 * max(nstyle.size, nstyle.top_size) * self.sheet.scale
        )
        # Only a number with a neighbour on its right gives up width for it: the last of a
        # row keeps its column's (set narrower, it made the whole row smaller than the gutter
        # asks, «2,5 км» at the end of a row).
        lacks = max(0.0, gutter - gap)
        n_w = [
            cw - lacks if i % cols < cols - 1 and i + 1 < len(ids) else cw for i in range(len(ids))
        ]
        n_fit = self._fit_alike(numbers, nstyle, n_w, n_h, where, trial)
        grew = max(1.0, n_fit[0].size / (designed * self.sheet.scale))
        if grew < grow - 1e-6:
            # The numbers stopped short (too wide for their column): the captions grow only
            # as far as they did, in scale with them.
            cstyle = _grown(self.template.styles[box.opt("caption_style")], grew)
            if trial:
                cstyle = dc_replace(cstyle, balance=0.0)
        # A clear step between a number and its caption: 0.6 of the caption's size.
        gap_below = cstyle.size * self.sheet.scale * 0.6
        cap_h = ch - max(f.height for f in n_fit) - gap_below
        c_fit = self._fit_alike(captions, cstyle, cw, cap_h, where, trial)
        n_size = n_fit[0].size
        self.fitted[box.name] = n_size
        divider = box.opt("divider")
        # Rows that need less than their share of the box stand together in its middle when
        # the template asks (two figures on a page made for four).
        pitch, offset = ch + gap, 0.0
        content = max(f.height for f in n_fit) + gap_below + max(f.height for f in c_fit)
        used = rows * content + (rows - 1) * 2 * gap  # the rows' height, stood together
        if box.opt("valign", "top") == "middle":
            pitch = min(ch + gap, content + 2 * gap)
            offset = max(0.0, (h - (rows * content + (rows - 1) * (pitch - content))) / 2)
        steps: list[DrawStep] = []
        for i in range(len(ids)):
            r, c = divmod(i, cols)
            cx = x + c * (cw + gap)
            cy_top = y + h - offset - r * pitch
            nh = n_fit[i].height
            steps.append(_draw_text(n_fit[i], (cx, cy_top - nh, cw, nh), "top"))
            steps.append(_draw_text(c_fit[i], (cx, cy_top - ch, cw, ch - nh - gap_below), "top"))
        rule_colour, rule_w = box.opt("rule"), 0.6 * self.sheet.scale

        def draw(canvas: Any, ctx: DrawContext) -> None:
            for text_step in steps:
                text_step(canvas, ctx)
            if divider:
                canvas.saveState()
                canvas.setStrokeColor(ctx.palette(divider, small_text=rule_w < FINE_LINE_PT))
                canvas.setLineWidth(rule_w)
                for c in range(1, cols):
                    lx = x + c * (cw + gap) - gap / 2
                    canvas.line(lx, y, lx, y + h)
                canvas.restoreState()
            if rule_colour:
                canvas.saveState()
                canvas.setStrokeColor(ctx.palette(rule_colour))
                canvas.setLineWidth(rule_w * 3)
                for i in range(len(ids)):
                    r, c = divmod(i, cols)
                    cx, top = x + c * (cw + gap), y + h - offset - r * pitch
                    canvas.line(
                        cx,
                        top + rule_w * 8,
                        cx + min(cw, 14 * MM * self.sheet.scale),
                        top + rule_w * 8,
                    )
                canvas.restoreState()

        return _Figures(draw, n_size, used)

    def _folio(self, box: Box) -> DrawStep:
        """The page number at the outer edge: as placed on right-hand (odd) pages, mirrored
        across to the left, with its alignment, on left-hand (even) ones."""
        style = self.template.styles[box.opt("style")]
        x, y, w, h = self.sheet.rect(box)
        if self.page_number % 2 == 0:
            x = self.sheet.width - x - w
            if style.align in ("left", "right"):
                style = dc_replace(style, align="left" if style.align == "right" else "right")
        where = self.where_box(box)
        fitted = fit_text(str(self.page_number), style, self.sheet.scale, w, h, self.palette, where)
        return _draw_text(fitted, (x, y, w, h), "bottom")

    def _chart(self, box: Box) -> DrawStep | None:
        from .chart import bar_chart

        return bar_chart(self, box)

    def _fit_alike(
        self,
        texts: list[str],
        style: Style,
        width: float | list[float],
        height: float,
        where: str,
        measure: bool = False,
    ) -> list[FittedText] | list[FittedText | PlainText]:
        """Fit several texts at one shared size: the size the hardest of them fits at;
        ``width``: one for all, or each text's own; ``measure``: only their sizes and heights
        are read (nothing of them is drawn)."""
        scale = self.sheet.scale
        widths = width if isinstance(width, list) else [width] * len(texts)
        fit = self._measured if measure else fit_text
        fits = [
            fit(t, style, scale, w, height, self.palette, where)
            for t, w in zip(texts, widths, strict=True)
        ]
        size = min(f.size for f in fits) / scale
        if all(f.size / scale == size for f in fits):
            return fits
        shared = _at(style, size)
        return [
            fit(t, shared, scale, w, height, self.palette, where)
            for t, w in zip(texts, widths, strict=True)
        ]

    @staticmethod
    def _measured(
        markup: str,
        style: Style,
        scale: float,
        width: float,
        height: float,
        palette: Palette,
        where: str,
    ) -> FittedText | PlainText:
        """fit_text's size and height for a text only weighed, not drawn: plain words are
        worked out without a paragraph (``plain_text``, the same search and arithmetic)."""
        alone = plain_text(markup, style, scale, width, height, palette)
        if alone is not None:
            return alone
        return fit_text(markup, style, scale, width, height, palette, where)

    def _qr(self, box: Box) -> DrawStep | None:
        from html import unescape

        from .qr import draw_code, qr_code

        value = unescape(self.composed.blocks[box.opt("block", box.name)])
        if not value:
            return None
        try:  # encoded now: a value too long fails before anything is drawn
            code = qr_code(value)
        except ValueError as e:
            raise TemplateError(f"box '{box.name}': {e}", where=self.where) from None
        x, y, w, h = self.rect(box)
        side = min(w, h)
        ox, oy = x + (w - side) / 2, y + (h - side) / 2
        colour, background = box.opt("color"), box.opt("background")

        def draw(canvas: Any, ctx: DrawContext) -> None:
            from reportlab.lib.colors import black

            if background:
                canvas.setFillColor(ctx.palette(background))
                canvas.rect(ox, oy, side, side, stroke=0, fill=1)
            # modules in one ink: a four-colour code misregisters and scans badly
            canvas.setFillColor(ctx.palette(colour, small_text=True) if colour else black)
            draw_code(canvas, code, ox, oy, side)

        return draw


# A figure's unit: the words after its last number («млн ₸», «°C»); signs that read as part
# of the number («%», «+») stay with it.
_UNIT = re.compile(r"^(.*\d\S*)\s+(\D+)$")
_NUMBER_SIGNS = frozenset("%‰+")


def _unit_split(text: str) -> tuple[str, str]:
    """A figure's print as its number and its unit («12,4 млн ₸» → «12,4», «млн ₸»); the unit
    is empty when there is none to move («40+», «18,5 %», «1 850»)."""
    m = _UNIT.match(text.strip())
    if not m or set(m.group(2).strip()) <= _NUMBER_SIGNS:
        return text, ""
    return m.group(1), m.group(2).strip()


# Figures sizes this close (a share of the larger) are one size to the eye: of two grids,
# the one that fills more of its box wins.
_SAME_SIZE = 0.97

# Languages on one line: the slash stays with the word before it, never starting a line.
_INLINE = "&nbsp;/ "


def _follow(box: Box, old: Box, new: Box) -> Box:
    """A box that follows a grown box: moved with the edge it faces (above it, the top edge;
    below, the foot); with ``stretch`` only its facing edge moves. A box beside it (a
    quotation's bar: its head within the box, its foot at or past the box's) keeps its
    distance to both edges."""
    beside = old.y - 1e-6 <= box.y < old.y + old.h and box.y + box.h > old.y + old.h - 1e-6
    if beside:
        top = box.y + new.y - old.y
        foot = box.y + box.h + (new.y + new.h) - (old.y + old.h)
        return dc_replace(box, y=top, h=max(1.0, foot - top))
    above = box.y + box.h <= old.y + 1e-6 or box.y < old.y
    shift = new.y - old.y if above else (new.y + new.h) - (old.y + old.h)
    if not shift:
        return box
    if not box.stretch:
        return dc_replace(box, y=box.y + shift)
    if above:  # its foot moves, its head stays
        return dc_replace(box, h=max(1.0, box.h + shift))
    return dc_replace(box, y=box.y + shift, h=max(1.0, box.h - shift))


def _past_folds(
    rect: tuple[float, float, float, float], folds: tuple[float, ...], overlap: float
) -> tuple[float, float, float, float]:
    """A background whose left or right edge lies on a fold, grown past it by ``overlap``."""
    x, y, w, h = rect
    for f in folds:
        if abs(x - f) < 0.05:
            x, w = x - overlap, w + overlap
        elif abs(x + w - f) < 0.05:
            w += overlap
    return x, y, w, h


class _Figures(NamedTuple):
    """A figures box laid out: how to draw it, its numbers' size, the height its rows take."""

    draw: DrawStep
    size: float
    used: float


def _grown(style: Any, factor: float) -> Any:
    """A style at ``factor`` times its size, at most its max_size (still shrinking to its
    min_size where a text does not fit)."""
    from dataclasses import replace

    size = min(style.size * factor, style.top_size)
    return replace(style, size=size, max_size=size)


def _at(style: Any, size: float) -> Any:
    from dataclasses import replace

    return replace(style, size=size, min_size=min(style.min_size, size), max_size=size)


def lay_out_sheet(
    template: Template,
    composed: Composed,
    facts: Facts,
    *,
    title: str,
    size: str | None = None,
    color_mode: str = "rgb",
    pictures: PictureOptions | None = None,
) -> LaidDocument:
    """Lay out a template of fixed pages (a poster, a card): every page spec is one page."""
    size = size or template.size
    sheet = Sheet(template, size)
    palette = Palette(template, color_mode, composed.script)
    layout = _PageLayout(template, sheet, composed, facts, palette)
    if pictures is not None:
        layout.pictures = pictures
    pages = []
    for n, spec in enumerate(template.pages, 1):
        layout.page_number = n
        pages.append(layout.page(spec))
    return LaidDocument(
        template,
        size,
        pages,
        title,
        layout.fitted,
        palette,
        pictures=layout.placed,
        notes=layout.notes,
    )


def lay_out_groups(
    template: Template,
    composed: Composed,
    facts: Facts,
    groups: list[tuple[Box, ...]],
    *,
    size: str | None = None,
    palette: Palette,
    pictures: PictureOptions | None = None,
    placed: list[Any] | None = None,
    notes: list[str] | None = None,
) -> list[list[DrawStep]]:
    """The draw steps of some groups of a one-page template's boxes, each group laid out as
    ``lay_out_sheet`` lays out the whole page (a batch lays its constant groups out once);
    ``placed`` receives where raster pictures went, at what resolution, ``notes`` what the
    user should hear of (a picture that shows nothing)."""
    layout = _PageLayout(template, Sheet(template, size or template.size), composed, facts, palette)
    if pictures is not None:
        layout.pictures = pictures
    if placed is not None:
        layout.placed = placed
    if notes is not None:
        layout.notes = notes
    page = template.pages[0]
    if not page.sections:
        return [layout.page(PageSpec(page.name, group)).steps for group in groups]
    # Sections place a group's boxes as they place the whole page's.
    return [layout.page(page, frozenset(b.name for b in group)).steps for group in groups]
