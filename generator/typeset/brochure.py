"""Brochures: running text flowed through the template's flow frames, page after page.

A tri-fold has fixed pages: the text shrinks within its style's limits, then fails, never losing
a paragraph. A booklet repeats its ``repeat`` page while the text lasts, numbers its pages and
fills up to a multiple of 4 with the template's designed ``pad`` pages (before the back cover).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ..compose.bilingual import layout_facts
from ..compose.render import Composed
from ..compose.template import PageSpec, Style, Template
from ..content.facts import Content
from ..errors import FitError, TemplateError
from .layout import DrawContext, LaidDocument, LaidPage, Sheet, _PageLayout
from .text import Palette, check_paragraph_fonts, markup_for, paragraph_style

_STEP = 0.25  # points between the sizes tried when the text must shrink


def _body(
    markup: str, style: Style, size: float, palette: Palette, where: str, lang: str = "kk"
) -> list[Any]:
    """The running text as justified paragraphs, hyphenated by the rules of its language
    (first paragraph not indented)."""
    from .paragraphs import body_paragraph, kazakh_style

    blocks = [b.strip() for b in re.split(r"\n\s*\n", markup_for(markup, style, palette, size))]
    base = paragraph_style(style, size, palette)
    pstyle = kazakh_style(
        style.name,
        base.fontName,
        size,
        size * style.leading,
        justify=style.align == "justify",
        hyphenate=style.hyphenate,
        # The line breaker measures unkerned words; kerning then narrows a line a little and
        # its gaps grow to justify it, so plan with some headroom under the template's limit.
        max_gap_ratio=style.max_gap * 0.96,
        language=lang,
        space_stretch=style.space_stretch,
        space_shrink=style.space_shrink,
        expansion=style.expansion / 100,
        protrusion=style.protrusion,
        hyphen_min=style.hyphen_min,
        hyphen_run=style.hyphen_run,
        hyphen_share=style.hyphen_share,
        looseness=style.looseness,
        # A paragraph's last line is at least as long as the indent (two ems without one).
        min_last_line=max(style.indent, 2.0) * size,
        textColor=base.textColor,
        spaceAfter=style.space_after,
    )
    indented = replace_style(pstyle, firstLineIndent=style.indent * size)
    out = []
    shapes: dict = {}  # kerned words, shared by this text's paragraphs (one document)
    for i, block in enumerate(b for b in blocks if b):
        p = body_paragraph(block, pstyle if i == 0 or not style.indent else indented, shapes)
        check_paragraph_fonts(p, where)
        out.append(p)
    return out


def replace_style(pstyle: Any, **changes: Any) -> Any:
    """A copy of a ParagraphStyle with some attributes changed."""
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(pstyle.name + "+", parent=pstyle, **changes)


def _flow(
    flowables: list[Any], frames: list[tuple[float, float]]
) -> tuple[list[list[Any]], list[Any]]:
    """Pour flowables into frames (width, height); returns each frame's content and what is left."""
    pending = list(flowables)
    filled: list[list[Any]] = []
    for fw, fh in frames:
        placed: list[Any] = []
        avail = fh
        while pending:
            f = pending[0]
            _, h = f.wrap(fw, avail)
            space = f.getSpaceAfter()
            if h <= avail + 1e-6:
                placed.append(f)
                pending.pop(0)
                avail -= h + space
                continue
            parts = f.split(fw, avail)
            if len(parts) >= 2:
                first = parts[0]
                first.wrap(fw, avail)
                placed.append(first)
                pending[0:1] = parts[1:]
            break
        filled.append(placed)
    return filled, pending


def _draw_frame(content: list[Any], rect: tuple[float, float, float, float]):
    x, y, w, h = rect
    # Each flowable keeps the lines of its last wrap, at this frame's width, made by _flow;
    # wrapping again here would set the whole text a second time.
    heights = [f.height for f in content]

    def draw(canvas: Any, ctx: DrawContext) -> None:
        top = y + h
        for f, fh in zip(content, heights, strict=True):
            f.drawOn(canvas, x, top - fh)
            top -= fh + f.getSpaceAfter()

    return draw


class _Brochure:
    def __init__(
        self, template: Template, composed: Composed, content: Content, size: str | None, mode: str
    ):
        self.template, self.composed, self.content = template, composed, content
        self.size = size or template.size
        self.sheet = Sheet(template, self.size)
        self.palette = Palette(template, mode, composed.script)
        self.where = str(template.data_file)
        flows = [b for p in template.pages for b in p.boxes if b.type == "flow"]
        if not flows:
            raise TemplateError(
                "a brochure needs at least one box of type 'flow'", where=self.where
            )
        self.flow_box = flows[0]
        self.pictures: Any = None
        self.style = template.styles[self.flow_box.opt("style")]
        self.present = content.facts.roles.filled() | content.facts.event.given()
        self.markup = composed.blocks[self.flow_box.opt("block", self.flow_box.name)]

    def body(self, size: float, where: str) -> list[Any]:
        """The running text; a bilingual one language after the other, each hyphenated by its
        own rules, each after the first opening with its title."""
        block = self.flow_box.opt("block", self.flow_box.name)
        parts = self.composed.parts.get(block) or ((self.content.lang, self.markup),)
        titles = {c.lang: c.article.title for c in self.content.in_each_language()}
        out: list[Any] = []
        for k, (lang, markup) in enumerate(parts):
            if k:
                markup = f"<b>{escape(titles[lang], quote=False)}</b>\n\n{markup}"
            out.extend(_body(markup, self.style, size, self.palette, where, lang))
        return out

    def shows(self, spec: PageSpec) -> bool:
        return all(n in self.present for n in spec.needs) and not any(
            n in self.present for n in spec.unless
        )

    def frame_sizes(self, spec: PageSpec) -> list[tuple[float, float]]:
        return [self.sheet.rect(b)[2:] for b in spec.boxes if b.type == "flow"]

    def sequence(self, flowables: list[Any]) -> tuple[list[PageSpec], list[list[Any]], list[Any]]:
        """The page specs in order (repeat pages as often as needed) and the frames' contents."""
        pages: list[PageSpec] = []
        contents: list[list[Any]] = []
        pending = flowables
        pads = [p for p in self.template.pages if p.pad]
        specs = [p for p in self.template.pages if not p.pad and self.shows(p)]
        for i, spec in enumerate(specs):
            # A spread needs its second page: a page alone need not start on the left.
            spread = spec.starts_spread and i + 1 < len(specs) and not specs[i + 1].starts_spread
            if spread and len(pages) % 2 == 0 and pads:
                pages.append(pads[-1])  # so that the spread opens on a left-hand page
            while True:
                frames = self.frame_sizes(spec)
                filled, pending = _flow(pending, frames) if frames else ([], pending)
                pages.append(spec)
                contents.extend(filled)
                if not spec.repeat or not pending:
                    break
                if len(pages) > 400:
                    raise FitError("the text needs more than 400 pages", where=self.where)
        return pages, contents, pending

    def lay_out(self) -> LaidDocument:
        size = self.style.size * self.sheet.scale
        block = self.flow_box.opt("block", self.flow_box.name)
        languages = len(self.composed.parts.get(block, ())) or 1
        lowest = self.style.for_languages(languages).min_size * self.sheet.scale
        where = f"{self.where}: box '{self.flow_box.name}'"
        while True:
            flowables = self.body(size, where)
            pages, contents, pending = self.sequence(flowables)
            if not pending:
                break
            if size - _STEP < lowest - 1e-6:
                raise FitError(
                    f"template '{self.template.name}': the text does not fit its frames even at "
                    f"the smallest size {self.style.min_size:g} pt ({len(pending)} paragraph(s) left over)",
                    where=self.where,
                )
            size -= _STEP
        pages = self.pad(pages)
        return self.build(pages, contents, size)

    def pad(self, pages: list[PageSpec]) -> list[PageSpec]:
        if self.template.kind != "booklet":
            return pages
        pads = [p for p in self.template.pages if p.pad]
        short = -len(pages) % 4
        if short and not pads:
            raise TemplateError(
                "a booklet needs pad pages to fill up to a multiple of 4", where=self.where
            )
        fill = [pads[i % len(pads)] for i in range(short)]
        return pages[:-1] + fill + pages[-1:]

    def build(self, pages: list[PageSpec], contents: list[list[Any]], size: float) -> LaidDocument:
        laid_pages: list[LaidPage] = []
        frames = iter(contents)
        layout = _PageLayout(
            self.template, self.sheet, self.composed, layout_facts(self.content), self.palette
        )
        if self.pictures is not None:
            layout.pictures = self.pictures
        for number, spec in enumerate(pages, 1):
            layout.page_number = number
            layout.mirrored = spec.mirror and number % 2 == 0
            laid = layout.page(spec)
            for box in spec.boxes:
                if box.type == "flow":
                    rect = layout.rect(box)
                    laid.steps.append(_draw_frame(next(frames, []), rect))
            laid_pages.append(laid)
        fitted = dict(layout.fitted)
        fitted[self.flow_box.name] = size
        title = self.content.article.title
        return LaidDocument(
            self.template,
            self.size,
            laid_pages,
            title,
            fitted,
            self.palette,
            pictures=layout.placed,
        )


def lay_out_brochure(
    template: Template,
    composed: Composed,
    content: Content,
    *,
    size: str | None = None,
    color_mode: str = "rgb",
    pictures: Any = None,
) -> LaidDocument:
    """Lay out a tri-fold or a booklet: fixed boxes on each page, the text flowed through frames."""
    brochure = _Brochure(template, composed, content, size, color_mode)
    brochure.pictures = pictures
    return brochure.lay_out()
