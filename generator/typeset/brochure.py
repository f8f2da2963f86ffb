"""Brochures: running text flowed through the template's flow frames, page after page.

The article is set as large as its style allows (``max_size``, with the leading opening up)
for the room it has, and no smaller than ``min_size``. A tri-fold has fixed pages: a long
article shrinks, then fails naming the template; a short one grows, and when it still cannot
fill the frames, the ``optional`` frames are left out and the boxes that need ``short`` (a
pull quote, the figures) take their panel; one so short that the frames left would stay under
40 % full leaves its ``tiny`` frames out too (``tiny`` set); one that leaves its last columns
under half full even at ``max_size`` grows on up to ``short_max_size`` (a lede). A booklet
repeats its ``repeat`` page while the text lasts, 4 pages at a time up to the template's
``max_pages`` (then the text shrinks, then the build fails), balances the last spread, and
fills up to a multiple of 4 with its designed ``pad`` pages (before the back cover).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import replace
from html import escape, unescape
from typing import Any

from ..compose.bilingual import layout_facts
from ..compose.render import Composed
from ..compose.template import PageSpec, Style, Template, needs_met
from ..content.facts import Content
from ..errors import FitError, TemplateError
from .adapt import Run, balance, flow, height, height_at, planned_lines, predict, settle
from .layout import DrawContext, LaidDocument, LaidPage, Sheet, _PageLayout
from .text import SMALL_TEXT_PT, Palette, check_paragraph_fonts, markup_for, paragraph_style

# Candidate sizes weighed by their planned lines (False: each size set in full; the tests
# compare the two).
PLANNED = True
# Last columns filled less than this at the size min_chars allows: the text grows past it.
_CAPPED_FILL = 0.5
# Last columns a text fills less than this even at its largest size, widest leading and
# paragraph space: each panel would stay under 40 % full, so its `tiny` frames are left out.
_TINY_FILL = 0.4
# A line a short text set without hyphens ends short by at most this many word spaces past
# its gap limit, on average (its gaps as justified would be this much wider).
_SHORT_LINE = 1.5
# ... and its median word gap at most this many spaces wider than with hyphens: a paragraph's
# first line opened to max_gap over tight lines (nauryz-short in Latin, +0.22) is no gain.
_LOOSER = 0.1


def _body(
    markup: str,
    style: Style,
    size: float,
    palette: Palette,
    where: str,
    lang: str = "kk",
    scale: float = 1.0,
    leading: float | None = None,
    check: bool = True,
    space: float | None = None,
    only: set[int] | None = None,
    marked: dict[tuple[str, bool, bool], list[str]] | None = None,
) -> list[Any]:
    """The running text as justified paragraphs, hyphenated by the rules of its language
    (first paragraph not indented); ``leading`` (a multiple of the size) instead of the
    style's at that size; ``check``: that its fonts have every character; ``space``
    (points) after each paragraph instead of the style's; ``only``: the paragraphs made,
    by their place (None in the others' places); ``marked``: the blocks of markup already
    made for the palette (by markup, capitals and small text: all markup_for reads)."""
    from .paragraphs import body_paragraph, kazakh_style

    key = (markup, style.upper, size < SMALL_TEXT_PT)
    blocks = None if marked is None else marked.get(key)
    if blocks is None:
        made = markup_for(markup, style, palette, size)
        blocks = [b.strip() for b in re.split(r"\n\s*\n", made)]
        if marked is not None:
            marked[key] = blocks
    base = paragraph_style(style, size, palette, scale)
    pstyle = kazakh_style(
        style.name,
        base.fontName,
        size,
        base.leading if leading is None else leading * size,
        justify=style.align == "justify",
        hyphenate=style.hyphenate,
        # The line breaker measures unkerned words; kerning then narrows a line a little and
        # its gaps grow to justify it, so plan with some headroom under the template's limit.
        max_gap_ratio=style.max_gap * 0.96,
        language=lang,
        space_stretch=style.space_stretch,
        space_shrink=style.space_shrink,
        expansion=style.expansion / 100,
        letter_spacing=style.letter_spacing / 100,
        protrusion=style.protrusion,
        hyphen_min=style.hyphen_min,
        hyphen_run=style.hyphen_run,
        hyphen_share=style.hyphen_share,
        looseness=style.looseness,
        ragged=style.ragged_emergency,
        # A paragraph's last line is at least as long as the indent (two ems without one).
        min_last_line=max(style.indent, 2.0) * size,
        textColor=base.textColor,
        spaceAfter=style.space_after if space is None else space,
    )
    indented = replace_style(pstyle, firstLineIndent=style.indent * size)
    out = []
    shapes: dict = {}  # kerned words, shared by this text's paragraphs (one document)
    for i, block in enumerate(b for b in blocks if b):
        if only is not None and i not in only:
            out.append(None)
            continue
        p = body_paragraph(block, pstyle if i == 0 or not style.indent else indented, shapes)
        if check:
            check_paragraph_fonts(p, where)
        out.append(p)
    return out


def replace_style(pstyle: Any, **changes: Any) -> Any:
    """A copy of a ParagraphStyle with some attributes changed (of its own class)."""
    return type(pstyle)(pstyle.name + "+", parent=pstyle, **changes)


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
        # A page's flow boxes (by its boxes' id, kept) and each one's frame size (by its id):
        # the same at every size and leading tried.
        self.flows: dict[int, tuple[tuple[Any, ...], list[Any]]] = {}
        self.sizes: dict[int, tuple[Any, tuple[float, float]]] = {}
        self.marked: dict[tuple[str, bool, bool], list[str]] = {}  # _body's blocks of markup
        self.pictures: Any = None
        self.style = self.base_style = template.styles[self.flow_box.opt("style")]
        self.present = content.facts.roles.filled() | content.facts.event.given()
        self.markup = composed.blocks[self.flow_box.opt("block", self.flow_box.name)]
        # The article's last columns (the last page's, or the last spread's when balanced) end
        # this far down at least: a page whose text stops higher looks unfinished. Below it
        # the text grows (within its style's limits); at its largest, the layout without the
        # optional frames is used.
        self.full = self.flow_box.opt("min_fill", 0.9)
        # Sizes are weighed by the lines the breaker plans, and ReportLab sets the text only
        # at the size kept (adapt.flow), where every frame has one width: a paragraph's
        # planned lines are then those of the frame it lands in.
        widths = {
            self.sheet.rect(b)[2] for p in template.pages for b in p.boxes if b.type == "flow"
        }
        self.planned = PLANNED and len(widths) == 1
        self.flow_width = min(widths, default=0.0)  # the frames' one width, when planned
        self.checked = False  # the text's fonts have every character it needs
        self.planned_at: dict[float, list[Any]] = {}  # the text first planned at each size
        # The text made at each (size, leading, space): set_at asks for some again (the
        # layout without the optional frames, the size kept set in full).
        self.bodies: dict[tuple[float, float | None, float | None], list[Any]] = {}
        # Those two for each style the text was set in (restyle): a short text is tried in a
        # style, then another, then the first again (lede, unhyphenated).
        self.made: dict[Style, tuple[dict, dict]] = {self.style: (self.bodies, self.planned_at)}
        # The paragraphs first made at each size, by their place in the text, for each style
        # less its max_size (``breaks``): the others made there take their lines (another
        # leading or paragraph space breaks the same lines), and gapped() reads them.
        self.breaks = replace(self.style, max_size=0.0)
        self.first_at: dict[tuple[Style, float], dict[int, Any]] = {}
        self.capped = True  # the text grows no larger than min_chars allows (measure_cap)
        self.em: float | None = None  # the text's average advance at 1 pt (measure_cap)

    def body(
        self,
        size: float,
        where: str,
        leading: float | None = None,
        space: float | None = None,
        only: set[int] | None = None,
    ) -> list[Any]:
        """The running text; a bilingual one language after the other, each hyphenated by its
        own rules, each after the first opening with its title. ``only``: the paragraphs made,
        by their place in the text (None in the others' places)."""
        block = self.flow_box.opt("block", self.flow_box.name)
        parts = self.composed.parts.get(block) or ((self.content.lang, self.markup),)
        titles = {c.lang: c.article.title for c in self.content.in_each_language()}
        out: list[Any] = []
        # The same characters in the same faces at every size: their fonts checked once.
        check, self.checked = not self.checked, True
        for k, (lang, markup) in enumerate(parts):
            if k:
                markup = f"<b>{escape(titles[lang], quote=False)}</b>\n\n{markup}"
            out.extend(
                _body(
                    markup,
                    self.style,
                    size,
                    self.palette,
                    where,
                    lang,
                    self.sheet.scale,
                    leading,
                    check,
                    space,
                    None if only is None else {i - len(out) for i in only},
                    self.marked,
                )
            )
        return out

    def shows(self, spec: PageSpec) -> bool:
        return needs_met(spec.needs, self.present) and not any(
            n in self.present for n in spec.unless
        )

    def flows_of(self, boxes: Any) -> list[Any]:
        """The flow boxes of a page the text runs through now (optional ones not when short)."""
        if type(boxes) is tuple:  # a page's boxes (asked for at every size tried): its flows
            known = self.flows.get(id(boxes))
            if known is None or known[0] is not boxes:
                known = self.flows[id(boxes)] = (boxes, [b for b in boxes if b.type == "flow"])
            boxes = known[1]
        return [
            b
            for b in boxes
            if b.type == "flow"
            and needs_met(b.needs, self.present)
            and not any(n in self.present for n in b.unless)
            and not (b.opt("optional") and "short" in self.present)
            and not (b.opt("tiny") and "tiny" in self.present)
        ]

    def measure_cap(self) -> float:
        """The largest size that sets ``min_chars`` characters a line (on average, of this
        text in the body font) in the narrowest frame the text runs through (infinite when
        the style sets no minimum): a short article does not grow into lines too short to
        justify evenly."""
        if not self.style.min_chars or not self.capped:
            return float("inf")
        em = self.em
        if em is None:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            plain = unescape(re.sub(r"<[^>]*>", "", self.markup)).replace("\n", " ")
            font = paragraph_style(self.style, 10.0, self.palette).fontName
            em = self.em = stringWidth(plain, font, 1.0) / max(len(plain), 1)
        widths = [w for p in self.template.pages for w, _ in self.frame_sizes(p)]
        return min(widths, default=0.0) / (self.style.min_chars * em) if em else float("inf")

    def text_at(
        self, size: float, leading: float | None, space: float | None, planned: bool
    ) -> list[Any]:
        """The text made at a size, leading and paragraph space (once); ``planned``: its
        paragraphs planned as the text at that size was first (another leading breaks the
        same lines)."""
        body = self.bodies.get((size, leading, space))
        if body is None:
            where = f"{self.where}: box '{self.flow_box.name}'"
            body = self.bodies[size, leading, space] = self.body(size, where, leading, space)
            first = self.first_at.setdefault((self.breaks, size), {})
            for i, p in enumerate(body):
                _share_lines(p, first.setdefault(i, p))
        if planned:
            first = self.planned_at.setdefault(size, body)
            if first is not body:
                for p, twin in zip(body, first, strict=True):
                    p.planned = twin.planned
        return body

    def gapped(
        self,
        size: float,
        leading: float | None,
        space: float | None,
        suspects: list[int],
        need: int = 1,
    ) -> bool:
        """Whether the paragraphs ``suspects`` (their places in the text) plan ``need`` lines
        or more over the style's max_gap at this size: set_at would count at least as many
        (or leave text over), known without planning and pouring the others. Reorders
        ``suspects``, those found first."""
        made = self.made_at(size, leading, space)
        limit = self.style.max_gap * 0.96 + 1e-6  # as set_at counts
        found = 0
        # A paragraph no layout sets within the limit counts one line at least, told without
        # choosing its lines; they are chosen (and counted) when that is not enough.
        unsure: list[Any] = []
        for k, i in enumerate(suspects):
            if i not in made:
                self.make(made, size, leading, space, suspects, k)
            p = made[i]
            owner = getattr(p.planned, "__self__", p)  # whose lines planned_lines reads
            if hasattr(owner, "surely_over") and owner.surely_over(self.flow_width, limit):
                over = 1
                unsure.append(p)
            else:
                plan = planned_lines(p, self.flow_width) or []
                over = sum(line.ratio > limit for line in plan[:-1])
            if over:
                suspects.insert(0, suspects.pop(k))  # those after it keep their places
                found += over
                if found >= need:
                    return True
        for p in unsure:
            plan = planned_lines(p, self.flow_width) or []
            found += sum(line.ratio > limit for line in plan[:-1]) - 1
            if found >= need:
                return True
        return False

    def made_at(self, size: float, leading: float | None, space: float | None) -> dict[int, Any]:
        """The paragraphs whose planned lines set_at would weigh at this size (leading and
        space), by their place in the text: those of the text first planned at this size, or
        made at this leading and space, else those first made at this size so far (make()
        adds the others, their lines set_at's)."""
        body = self.planned_at.get(size) or self.bodies.get((size, leading, space))
        first = self.first_at.setdefault((self.breaks, size), {})
        return first if body is None else dict(enumerate(body))

    def make(
        self,
        made: dict[int, Any],
        size: float,
        leading: float | None,
        space: float | None,
        order: list[int],
        k: int,
        alone: bool = False,
    ) -> None:
        """Adds the paragraph ``order[k]`` to ``made`` (made_at), alone when it is the first
        asked for (or ``alone``), else with every one after it in ``order`` not made yet."""
        where = f"{self.where}: box '{self.flow_box.name}'"
        want = {order[k]} if k == 0 or alone else {j for j in order[k:] if j not in made}
        some = self.body(size, where, leading, space, want)
        for j in want:
            made[j] = some[j]

    def cannot_win(
        self,
        size: float,
        leading: float,
        space: float | None,
        best: Run,
        least_over: int | None,
        tight: dict[int, float],
    ) -> bool:
        """Whether the text at this size (leading and space) surely weighs no less than
        ``best`` (:meth:`weight`) and, with ``least_over``, plans more lines over max_gap
        than that, told from some of its paragraphs without setting or pouring the others:
        a paragraph's lines over max_gap and their squared excess only add up, so those of
        some paragraphs are a floor of set_at's (which counts the paragraphs poured: less only
        where text is left over). The paragraphs are read the tightest first
        (``tight``: each one's widest planned gap, by its place in the text, as last read;
        updated); one that no layout keeps within max_gap counts a line over it untold how
        far (keeps_within), and its lines are chosen only when that is not enough."""
        if best.over[1]:
            return False  # a size within the hyphen share would weigh less whatever its gaps
        most, loose, excess = best.over[0], self.loose(best), best.over[2]
        # What set_at sums in another order: a hair under best's excess is not known over it.
        excess += 1e-9 * max(excess, 1.0)
        enough = max(most, -1 if least_over is None else least_over + 1)
        made = self.made_at(size, leading, space)
        limit = self.style.max_gap * 0.96 + 1e-6  # as set_at counts
        count, squares = 0, 0.0
        unsure: list[Any] = []  # over max_gap, untold how far: one line counted

        def heavier() -> bool:
            if least_over is not None and count <= least_over:
                return False
            return count > most or (count == most and not loose and squares >= excess)

        def read(p: Any, i: int) -> None:
            nonlocal count, squares
            ratios = [line.ratio for line in (planned_lines(p, self.flow_width) or [])[:-1]]
            tight[i] = max(ratios, default=0.0)
            over = [r - limit for r in ratios if r > limit]
            count += len(over)
            squares += sum(e * e for e in over)

        # Those over max_gap where last read first, and two more at most: the others are
        # seldom over at the next size (reading them costs about as much as setting them).
        order = sorted(range(best.paragraphs), key=lambda i: -tight.get(i, 0.0))
        order = order[: sum(tight.get(i, 0.0) > limit for i in order) + 2]
        for k, i in enumerate(order):
            if i not in made:
                self.make(made, size, leading, space, order, k, alone=True)
            p = made[i]
            owner = getattr(p.planned, "__self__", p)  # whose lines planned_lines reads
            keeps = (
                owner.keeps_within(self.flow_width, limit)
                if hasattr(owner, "keeps_within")
                else None
            )
            if keeps is None:
                read(p, i)
            elif not keeps:
                count += 1
                unsure.append((owner, i))
                tight[i] = max(tight.get(i, 0.0), limit)
            if heavier():
                return True
            if not count:
                return False  # the tightest is within max_gap: the others seldom are not
            if count >= enough or k == len(order) - 1:
                # As many lines over as it takes (or every paragraph read): how many lines
                # are over and how far tells the rest.
                while unsure:
                    owner, i = unsure.pop(0)
                    short = excess - squares  # the excess still to be shown, when enough
                    if count == most and not loose and short > 0:
                        # No layout within max_gap and that much more: its lines have a
                        # line over by more than that (so the text more than best's excess),
                        # told without choosing them.
                        wider = limit + short**0.5
                        if owner.keeps_within(self.flow_width, wider) is False:
                            squares = excess
                            if heavier():
                                return True
                            continue
                    count -= 1
                    read(made[i], i)
                    if heavier():
                        return True
        return False

    def widest_gaps(self, run: Run, tight: dict[int, float]) -> None:
        """Each paragraph's widest planned gap in the text of ``run`` into ``tight``, by its
        place in the text (cannot_win reads the tightest first)."""
        body = self.planned_at.get(run.size) or self.bodies.get(
            (run.size, run.leading or None, run.space)
        )
        for i, p in enumerate(body or ()):
            plan = planned_lines(p, self.flow_width) or []
            tight[i] = max((line.ratio for line in plan[:-1]), default=0.0)

    def frame_sizes(self, spec: PageSpec) -> list[tuple[float, float]]:
        sizes = self.sizes
        out = []
        for b in self.flows_of(spec.boxes):
            known = sizes.get(id(b))
            if known is None or known[0] is not b:
                known = sizes[id(b)] = (b, self.sheet.rect(b)[2:])
            out.append(known[1])
        return out

    def set_at(
        self,
        size: float,
        leading: float | None = None,
        space: float | None = None,
        planned: bool | None = None,
    ) -> Run:
        """The article set at one size (and leading, else the style's at that size; and
        space between paragraphs, else the style's) and poured through the page sequence;
        ``planned`` (default: the brochure's way), the paragraphs measured and split by their
        planned lines, not set."""
        seen: set[int] | None = set() if (self.planned if planned is None else planned) else None
        body = self.text_at(size, leading, space, seen is not None)
        run = Run(size, [], [], list(body), leading=leading or 0.0, space=space)
        run.paragraphs = len(body)
        pads = [p for p in self.template.pages if p.pad]
        every = [p for p in self.template.pages if not p.pad]
        specs = [p for p in every if self.shows(p)]
        for spec in specs:
            # A spread needs its second page (the template's next one): a page alone need not
            # start on the left.
            after = every.index(spec) + 1
            spread = (
                spec.starts_spread
                and after < len(every)
                and self.shows(every[after])
                and not every[after].starts_spread
            )
            if spread and len(run.pages) % 2 == 0 and pads:
                run.pages.append(pads[-1])  # so that the spread opens on a left-hand page
            if spec.repeat and not run.pending:
                continue  # the text ended before: no page with nothing but a running head
            while True:
                frames = self.frame_sizes(spec)
                if frames:
                    filled, run.pending, used, starts = flow(run.pending, frames, seen)
                    run.contents.extend(filled)
                    run.frames.extend(frames)
                    run.used.extend(used)
                    run.starts.extend(starts)
                run.pages.append(spec)
                if not spec.repeat or not run.pending:
                    break
                if len(run.pages) > 400:
                    raise FitError("the text needs more than 400 pages", where=self.where)
        # The widest gap the breaker planned, read from the lines as set (kept with them when
        # a paragraph's lines are reused from an earlier build), or as planned.
        width = run.frames[0][0] if run.frames else 0.0
        ratios: list[float] = []
        gaps: list[int] = []  # the word gaps in each of those lines
        count = cut = 0
        limit = self.style.max_gap * 0.96 + 1e-6  # what _body plans with
        for i, p in enumerate(body):
            if seen is not None and id(p) in seen:
                plan = planned_lines(p, width) or []
                ratios.extend(line.ratio for line in plan[:-1])
                if any(line.ratio > limit for line in plan[:-1]):
                    run.gapped.append(i)
                gaps.extend(_gaps(p, plan))
                cut += sum(line.hyphen for line in plan)  # a compound's own "-" too
                count += len(plan)
                continue
            lines = getattr(getattr(p, "blPara", None), "lines", None) or []
            ratios.extend(getattr(line, "kz_ratio", 1.0) for line in lines[:-1])
            model = getattr(p, "_model", None)
            layouts = getattr(model, "layouts", None) or []
            gaps.extend(_gaps(p, layouts) if len(layouts) == len(lines) else [1] * len(lines[:-1]))
            cut += sum(bool(getattr(line, "kz_hyphen", False)) for line in lines)
            count += len(lines)
        run.worst = max(ratios, default=1.0)
        # The median word gap (each line's gaps counted, as a reader sees them).
        every = [r for r, n in zip(ratios, gaps, strict=True) for _ in range(max(n, 1))]
        run.median = statistics.median(every) if every else 1.0
        excess = [r - limit for r in ratios if r > limit]
        # Hyphenated lines beyond the style's share of all lines (each paragraph aims at it,
        # but a short one cannot always: a smaller size may set them with fewer).
        spare = max(0, cut - int(self.style.hyphen_share * count))
        run.over = (len(excess), spare, sum(e * e for e in excess))
        run.cut = cut
        return run

    def page_count(self, run: Run) -> int:
        return len(self.pad(run.pages))

    def lay_out(self) -> LaidDocument:
        run = self.compact(self.laid_run())
        note = self.short_note(run)
        self.balance_last_spread(run)
        laid = self.build(self.pad(run.pages), run.contents, run.size)
        if note:
            laid.notes.append(note)
        return laid

    def short_note(self, run: Run) -> str | None:
        """A note for the user when the article, even at the size it grew to, leaves its last
        page or panels under 40 % full: built all the same, with how many words would fill them
        (in proportion, at that size)."""
        fill = self.page_fill(run)
        if fill >= _TINY_FILL or fill <= 0:
            return None
        words = sum(len(re.findall(r"\w+", p)) for p in self.content.article.paragraphs)
        need = -(-words * self.full / fill // 10) * 10
        where = "page" if self.template.kind == "booklet" else "panels"
        return (
            f"{self.template.name}: the article ({words} words) fills {fill:.0%} of its last "
            f"{where} even set at {run.size / self.sheet.scale:g} pt; about {need:.0f} words "
            f"would fill {'it' if where == 'page' else 'them'}"
        )

    def compact(self, run: Run) -> Run:
        """A booklet one page over a multiple of 4 (three pad pages to come) is laid out
        again with ``compact`` among what the event has: the pages that are made ``unless``
        it are left out and the boxes that need it take their content (a short article's
        quotation on its own page). Kept when it makes fewer pages and every role the left
        out pages showed is still shown."""
        if self.template.kind != "booklet" or len(run.pages) % 4 != 1:
            return run
        spare = [p for p in run.pages if "compact" in p.unless]
        if not spare:
            return run
        kept, planned = set(self.present), self.planned
        self.present.add("compact")
        try:
            other = self.laid_run()
        except FitError:
            other = None
        if other is not None and len(self.pad(other.pages)) < len(self.pad(run.pages)):
            shown = {
                n for p in other.pages for b in p.boxes if self._boxes_shown(b) for n in b.needs
            }
            self.present.discard("compact")
            lost = {n for p in spare for b in p.boxes if self._boxes_shown(b) for n in b.needs}
            self.present.add("compact")
            if lost <= shown:
                return other
        self.present, self.planned = kept, planned
        return run

    def _boxes_shown(self, box: Any) -> bool:
        return needs_met(box.needs, self.present) and not any(n in self.present for n in box.unless)

    def laid_run(self) -> Run:
        """The article set and poured through the pages, weighed by its planned lines where
        they came out as planned."""
        present = set(self.present)
        run = None
        if self.planned:
            try:
                run = self.as_set(self.settled())
            except FitError:
                run = None
            if run is None:
                # The lines ReportLab set differ from those planned (rarely: kerning), or the
                # text does not fit: weigh every size set in full, as it will be printed.
                self.planned = False
                self.present = present
        if run is None:
            run = self.settled()
        return run

    def as_set(self, run: Run) -> Run | None:
        """The run weighed by its planned lines, set in full; None if it came out otherwise."""
        real = self.set_at(run.size, run.leading or None, run.space, planned=False)
        same = (
            [id(p) for p in real.pages] == [id(p) for p in run.pages]
            and real.used == run.used
            and len(real.pending) == len(run.pending)
            and real.worst == run.worst
        )
        return real if same else None

    def settled(self) -> Run:
        """The article at the size its room gives, with or without the optional frames."""
        self.capped = True
        if self.style is not self.base_style:
            self.restyle(self.base_style)  # laid out again (compact): from the template's style
        run = self.fit()
        if self.page_fill(run) < self.full and any(
            b.opt("optional")
            for b in self.flows_of(b for p in self.template.pages for b in p.boxes)
        ):
            # Even at its largest the article leaves the last columns short of the bottom:
            # leave the optional frames out (the boxes that need `short` take their place) and
            # set it to fill the frames that remain.
            self.present.add("short")
            try:
                run = self.fit()
            except FitError:
                self.present.discard("short")
        if "short" in self.present and self.too_short(run):
            # So short that even at its largest it would leave most of the remaining frames
            # empty (a panel of a few lines beside a blank one): the `tiny` frames are left
            # out too (the boxes that need `tiny` take their panels) and the text fills the rest.
            self.present.add("tiny")
            try:
                run = self.fit()
            except FitError:
                self.present.discard("tiny")
        run = self.opened(run, len(run.pages))
        if self.page_fill(run) < _CAPPED_FILL and self.measure_cap() < float("inf"):
            # So short an article that at the size min_chars allows, with its widest leading
            # and paragraph space, it leaves most of its last columns empty: it grows past
            # that size after all (a half-empty panel looks worse than a few uneven lines,
            # which the line breaker's ragged emergency keeps from gaping).
            self.capped = False
            larger = self.opened(self.fit(), len(run.pages))
            # Not over its share of hyphens where the run is not (iqa2's bilingual bi-kkru:
            # 13.5 pt, 38 % of its lines hyphenated).
            hyphens = larger.over[1] and not run.over[1]
            if self.page_fill(larger) > self.page_fill(run) and not hyphens:
                run = larger
        roomy = self.page_fill(run) < _CAPPED_FILL
        if roomy and self.style.short_max_size:
            run = self.lede(run)
        return self.unhyphenated(run) if roomy else run

    def unhyphenated(self, run: Run) -> Run:
        """The run, or the text set without hyphens, at its size or up to ``hyphen_fill``
        less far down its last columns (0.5 pt at a time), when that costs no more than the
        hyphens did: no more lines ending short (a line no layout keeps within ``max_gap``
        is set at it, ending short) than it had hyphenated lines, those within _SHORT_LINE
        spaces of their justified width on average, the median gap within ``max_median_gap``
        and at most _LOOSER wider, on as many pages. For a text with room to spare (settled):
        a short text in a roomy panel has no need of «вый-/дут»."""
        style, scale = self.style, self.sheet.scale
        if not (style.hyphenate and run.cut):
            return run
        fill = self.page_fill(run)
        least = fill - style.hyphen_fill - 1e-6
        # A text's height goes about as its size squared: no smaller size fills to ``least``.
        floor = max(
            style.min_size * scale, run.size * (max(least, 0.0) / max(fill, 1e-6)) ** 0.5 - 0.5
        )
        self.restyle(replace(style, hyphenate=False))
        size = run.size
        # Sizes whose planned lines already hold more lines over max_gap than the run has
        # hyphens are passed over unpoured; poured only if a smaller size wins (each stops
        # the search when it leaves text over or changes the pages).
        suspects, passed = list(range(run.paragraphs)), []
        need = run.over[0] + run.cut + 1
        while size >= floor - 1e-6:
            if self.planned and self.gapped(size, run.leading or None, run.space, suspects, need):
                passed.append(size)
                size -= 0.5 * scale
                continue
            other = self.set_at(size, run.leading or None, run.space)
            if other.pending or len(other.pages) != len(run.pages):
                break
            if (
                other.over[0] <= run.over[0] + run.cut
                and other.over[2] <= run.over[2] + other.over[0] * _SHORT_LINE**2
                and not self.loose(other)
                and other.median <= run.median + _LOOSER
            ):
                if any(self.stops(at, run) for at in passed):
                    break
                other = self.opened(other, len(run.pages))
                if self.page_fill(other) < least:
                    break
                return other
            size -= 0.5 * scale
        self.restyle(style)
        return run

    def stops(self, size: float, run: Run) -> bool:
        """Whether the text set at ``size`` (leading and space as ``run``'s) leaves text over
        or changes the run's pages."""
        other = self.set_at(size, run.leading or None, run.space)
        return bool(other.pending) or len(other.pages) != len(run.pages)

    def lede(self, run: Run) -> Run:
        """The run, or the text set larger, up to its style's ``short_max_size``, when that
        fills more of its last columns on as many pages: a text so short that at its
        ``max_size`` and widest leading it leaves them under half full. The largest size
        (0.5 pt at a time, down from ``short_max_size``) at which it sets with no line over
        ``max_gap`` and its median gap within ``max_median_gap`` wins, without hyphens if any
        size sets so, else with them (subbotnik-ru's tri-fold: 14.5 pt in whole words, not
        18 pt with «микрорай-/она», «ска-/мейки», a line over max_gap and a median gap of
        1.49 spaces); with none, the size within the hyphen share and max_median_gap with the
        fewest lines over ``max_gap`` (the largest of those, in whole words first), if it has
        one at most or no more than the run: yard-ru's tri-fold, 15 pt with one hyphen and
        one short line, not 18 pt with three of its ten lines hyphenated. Else the run keeps
        its size: notice-kk's grew to 18 pt with four short lines and 32 % hyphenated."""
        style, scale = self.style, self.sheet.scale
        least: tuple | None = None  # (lines over max_gap, hyphenated, size) of the best
        # A size with more lines planned over max_gap than the best may keep (below) can
        # neither win nor be the best kept: passed over unpoured.
        most = max(run.over[0], 1)
        suspects = list(range(run.paragraphs))
        for hyphens in (False, True) if style.hyphenate else (False,):
            self.restyle(replace(style, max_size=style.short_max_size, hyphenate=hyphens))
            size = style.short_max_size * scale
            while size > run.size + 1e-6:
                # Once a size is kept as the best (least), one with as many lines over
                # max_gap as it (and one at least) can neither replace it nor win.
                need = most + 1 if least is None else min(most + 1, max(least[0], 1))
                if self.planned and self.gapped(size, None, None, suspects, need):
                    size -= 0.5 * scale
                    continue
                other = self.set_at(size)
                if (
                    not other.pending
                    and len(other.pages) == len(run.pages)
                    and not other.over[1]
                    and not self.loose(other)
                    and (least is None or other.over[0] < least[0])
                ):
                    least = (other.over[0], hyphens, size)
                # The lines (their gaps) depend on the size alone: judged before the leading
                # is opened to fill the columns.
                if (
                    not other.pending
                    and len(other.pages) == len(run.pages)
                    and not other.over[0]
                    and not other.over[1]
                    and not self.loose(other)
                ):
                    other = self.opened(other, len(run.pages))
                    if self.page_fill(other) > self.page_fill(run):
                        return other
                size -= 0.5 * scale
        if least is not None and least[0] <= max(run.over[0], 1):
            self.restyle(replace(style, max_size=style.short_max_size, hyphenate=least[1]))
            other = self.opened(self.set_at(least[2]), len(run.pages))
            if len(other.pages) == len(run.pages) and self.page_fill(other) > self.page_fill(run):
                return other
        self.restyle(style)
        return run

    def restyle(self, style: Style) -> None:
        """Set the text in ``style`` from now on: the text made in it before (then another
        style tried) is taken up again, its lines as they were planned."""
        self.style = style
        self.bodies, self.planned_at = self.made.setdefault(style, ({}, {}))
        self.breaks = replace(style, max_size=0.0)

    def too_short(self, run: Run) -> bool:
        """Whether the template has `tiny` frames in use and the text of ``run`` would fill
        less than _TINY_FILL of its last columns even at its largest (largest_fill)."""
        boxes = self.flows_of(b for p in self.template.pages for b in p.boxes)
        return any(b.opt("tiny") for b in boxes) and self.largest_fill(run) < _TINY_FILL

    def largest_fill(self, run: Run) -> float:
        """How far down the last columns the text of ``run`` would end at its style's largest
        size, widest leading and paragraph space (predicted)."""
        st, scale = self.style, self.sheet.scale
        grow = st.max_leading / st.leading_at(st.top_size) if st.max_leading else 1.0
        tall = height_at(st, scale, run, st.top_size * scale) * max(grow, 1.0)
        tall += st.max_space_after * scale * max(run.paragraphs - 1, 0)
        return self.page_fill(run, tall)

    def fit(self) -> Run:
        """The article at the largest size within its style's limits that its room allows."""
        st, scale = self.style, self.sheet.scale
        # Two languages at one size may go smaller (bilingual_min_size).
        block = self.flow_box.opt("block", self.flow_box.name)
        languages = len(self.composed.parts.get(block, ())) or 1
        lowest = st.for_languages(languages).min_size
        base, lo, hi = st.size * scale, lowest * scale, st.top_size * scale
        # While its optional frames are in use the text grows only to their max_size: past
        # it, the shorter layout without them sets the text better.
        optional = [
            b for p in self.template.pages for b in self.flows_of(p.boxes) if b.opt("optional")
        ]
        caps = [b.opt("max_size") * scale for b in optional if b.opt("max_size")]
        hi = max(base, min([hi, *caps, self.measure_cap()]))
        most = self.template.max_pages if self.template.kind == "booklet" else None
        first = self.set_at(base)
        if first.pending or (most and self.page_count(first) > most):
            return self.shrink(first, lo, base, most)
        if hi <= base + 1e-6 or self.page_fill(first) >= self.full:
            # The text fills its room well enough at the designed size (the last columns are
            # balanced after): it keeps that size, and the line breaker its tuned spacing.
            return self.best_set(first, lo)
        # Grow into the room the base size leaves on the article's own pages (a booklet keeps
        # its page count: the text fills its last page rather than spilling onto a new one).
        # It aims a little under the brim (lines break in whole words; a size too large spills
        # and costs one more setting) and the last columns are balanced after.
        count = len(first.pages)
        group = self.last_frames(first)
        room = sum(first.frames[i][1] for i in group)
        capacity = sum(h for _, h in first.frames) - 0.03 * room
        if not optional and hi < st.top_size * scale and self.capped:
            # The size min_chars allows binds: when even there, at the widest leading and
            # paragraph space, the text would leave its last columns under _CAPPED_FILL, it
            # grows past it now (settled() would find so after setting it, at more cost).
            grow = st.max_leading / st.leading_at(hi / scale) if st.max_leading else 1.0
            tall = height_at(st, scale, first, hi) * max(grow, 1.0)
            tall += st.max_space_after * scale * max(first.paragraphs - 1, 0)
            if self.page_fill(first, tall) < _CAPPED_FILL:
                self.capped = False
                hi = max(base, min([st.top_size * scale, *caps]))
        start = predict(st, scale, first, capacity, base, hi)
        if start <= base + 0.25:
            return self.best_set(first, lo)
        if optional and self.page_fill(first, height_at(st, scale, first, hi)) < self.full:
            return first  # even at its largest it would not fill its columns: short
        grown = settle(
            self.set_at,
            lambda r: not r.pending and len(r.pages) <= count,
            start,
            base + 0.25,
            None,
        )
        if grown is None:
            return self.best_set(first, lo)
        return self.best_set(self.opened(grown, count), base)

    def opened(self, run: Run, count: int) -> Run:
        """The run, or the same size with a wider leading (up to the style's widest) when
        its last columns end short of ``min_fill``: the lines break as before (they depend on the
        size only), the columns reach nearer the bottom."""
        if self.page_fill(run) >= self.full:
            return run
        st, scale = self.style, self.sheet.scale
        now = run.leading or st.leading_at(run.size / scale)
        widest = max(st.max_leading or st.leading, now)
        group = self.last_frames(run)
        before = sum(h for _, h in run.frames[: group[0]])
        room = sum(run.frames[i][1] for i in group)
        want = min(widest, now * (before + 0.96 * room) / max(run.text_height, 1e-6))
        if want > now + 0.01:
            other = self.set_at(run.size, want, run.space)
            if not (
                other.pending
                or len(other.pages) > count
                or self.page_fill(other) < self.page_fill(run)
            ):
                run, now = other, want
        most = st.max_space_after * scale
        if self.page_fill(run) >= self.full or not most or run.paragraphs < 2:
            return run
        # Still short at the widest leading: space between the paragraphs (up to the style's
        # max_space_after) takes up the rest, as a designer would before setting larger.
        have = st.space_after if run.space is None else run.space
        missing = before + 0.96 * room - run.text_height
        space = min(most, have + missing / (run.paragraphs - 1))
        if space <= have + 0.5:
            return run
        other = self.set_at(run.size, now if run.leading else None, space)
        if other.pending or len(other.pages) > count or self.page_fill(other) < self.page_fill(run):
            return run
        return other

    def best_set(self, run: Run, floor: float) -> Run:
        """The run, or the same text a little smaller where that sets it better: when a word
        gap the line breaker planned is wider than the style's ``max_gap`` allows (or more
        lines are hyphenated than its ``hyphen_share``), sizes
        0.25 pt apart down to ``floor`` are tried (six at most); the largest within
        ``max_gap`` wins, else one within the style's ``hyphen_share`` first (:meth:`weight`),
        then the one with the fewest lines over ``max_gap`` (ragged or loose), then the
        fewest hyphenated lines over the share, then the least excess
        (a paragraph bad at every size does not hide the others); the same when the text is
        within ``max_gap`` but over its share of hyphens. A smaller
        size keeps the text's height with a wider leading (up to the style's widest) and is
        tried only while the text keeps its pages and its last columns reach ``min_fill`` (or
        as far as the run's), or, for a short text over its share of hyphens, up to the
        style's ``hyphen_fill`` less far: the largest such size within the share with no more
        lines over ``max_gap`` wins. A median word gap over the style's ``max_median_gap``
        counts the same way (after the hyphens, before the excess) and may give up
        ``hyphen_fill`` too: a text within every limit keeps its size.

        Weighed by planned lines, a size at which a paragraph over ``max_gap`` at the size
        before (:meth:`gapped`) still is over it is passed over unpoured when that gives up
        no ``hyphen_fill`` and its leading keeps the text's height: kept when a smaller size
        is within every limit and keeps the pages and the fill (the sizes between, a little
        larger at the same height, fill as far), else every size is weighed in full. A size
        that some of its paragraphs show to weigh no less than the best so far (and to have
        more lines over ``max_gap`` than the run, while ``hyphen_fill`` may be given up) is
        passed over unpoured too (:meth:`cannot_win`): it is set only when a size after it
        would win, to see whether it would have ended the search first (the same answer)."""
        if self.planned and run.gapped:
            quick = self._best_set(run, floor, list(run.gapped))
            if quick is not None:
                return quick
        found = self._best_set(run, floor)
        assert found is not None
        return found

    def _best_set(self, run: Run, floor: float, suspects: list[int] | None = None) -> Run | None:
        """best_set's search; with ``suspects``, sizes gapped() shows over max_gap passed
        over, None when the answer would then be any other than a size within every limit."""
        # A smaller size must still fill the last columns (or as much as this one does).
        least = min(self.full, self.page_fill(run)) - 1e-6
        st, scale = self.style, self.sheet.scale
        # A smaller size keeps the text's height with a wider leading, up to the style's
        # widest: the line breaks depend on the size only, the fill on both.
        now = run.leading or st.leading_at(run.size / scale)
        tall = run.size * run.size * now
        widest = max(st.max_leading or st.leading, now)
        # A short text (its last columns under min_fill at this size anyway) over its share of
        # hyphens may give up ``hyphen_fill`` of them to a smaller size that meets the share
        # with no more uneven lines: more characters a line need fewer hyphens. No paragraph
        # can do it alone: each has the fewest hyphens its gaps allow at this size.
        # So may a text whose median gap is over the style's max_median_gap (a short text
        # grown to fill its room opens its lines more than its letters).
        short = run.over[1] and self.page_fill(run) < self.full
        give = st.hyphen_fill if short or self.loose(run) else 0.0
        best, size = run, run.size
        if suspects is not None and give:
            return None
        passed = False  # a size passed over (gapped)
        # Sizes that cannot win (cannot_win) passed over unpoured; each is set, in turn, only
        # when a smaller size would win, to see whether it would have stopped the search.
        unweighed: list[tuple[float, float]] = []
        tight: dict[int, float] = {}  # each paragraph's widest gap, as last read
        if self.planned:
            self.widest_gaps(run, tight)

        def stopped() -> bool:
            for at, lead in unweighed:
                other = self.set_at(at, lead, run.space)
                if len(other.pages) != len(run.pages) or self.page_fill(other) < least - give:
                    return True
            unweighed.clear()
            return False

        for _ in range(6):
            if not best.over[0] and not best.over[1] and not self.loose(best):
                break
            size -= 0.25 * scale
            if size < floor - 1e-6:
                break
            leading = max(st.leading_at(size / scale), min(widest, tall / (size * size)))
            # Passed over only while the leading keeps the text's height (under its widest):
            # then the size fills its columns as far as the sizes around it.
            held = tall / (size * size) <= widest
            if suspects is not None and held and self.gapped(size, leading, run.space, suspects):
                passed = True
                continue
            # Nor can it be the largest size kept within the share with no more lines over
            # max_gap (below) when it has more of them than the run.
            floor_over = run.over[0] if give else None
            if self.planned and self.cannot_win(size, leading, run.space, best, floor_over, tight):
                unweighed.append((size, leading))
                continue
            other = self.set_at(size, leading, run.space)
            if self.planned:
                self.widest_gaps(other, tight)
            fill = self.page_fill(other)
            if len(other.pages) != len(run.pages) or fill < least - give:
                break
            if fill < least:
                if not other.over[1] and other.over[0] <= run.over[0] and not self.loose(other):
                    if stopped():
                        break
                    return other  # the largest such size
                if run.over[1] and not other.over[1] and self.weight(other) < self.weight(best):
                    if stopped():
                        break
                    best = other  # within the share: weighed as any other (weight())
                continue
            if self.weight(other) < self.weight(best):
                if stopped():
                    break
                best = other
        if passed and (best is run or best.over[0] or best.over[1] or self.loose(best)):
            return None  # the sizes passed over may weigh less, or may have stopped it
        return best

    def loose(self, run: Run) -> bool:
        """Whether the run's median planned word gap is over the style's max_median_gap."""
        most = self.style.max_median_gap
        return bool(most) and run.median > most + 1e-6

    def weight(self, run: Run) -> tuple[bool, int, int, bool, float]:
        """How badly a size sets the text, the least first: over the share of hyphenated
        lines or not (a goal of the page, issue 13: museum-names at 10.58 pt had one short
        line and 26 % hyphenated, at 10.08 pt two and 24 %), lines over max_gap, hyphenated
        lines over the share, a median gap over max_median_gap, the squared excess."""
        return (run.over[1] > 0, *run.over[:2], self.loose(run), run.over[2])

    def shrink(self, first: Run, lo: float, base: float, most: int | None) -> Run:
        """Smaller type, down to the style's min_size, for an article too long for its room."""
        st, scale = self.style, self.sheet.scale
        if most:
            fixed = sum(1 for p in self.pad(first.pages) if not p.repeat)
            capacity = sum(h for _, h in first.frames[:1]) + self.repeat_height() * max(
                0, most - fixed - 1
            )
        else:
            capacity = sum(h for _, h in first.frames)
        if first.pending and first.frames:
            # What did not fit counts too: its height set at the frames' width.
            width = first.frames[-1][0]
            first.used.append(
                sum(height(f, width, self.planned) + f.getSpaceAfter() for f in first.pending)
            )
        start = min(predict(st, scale, first, capacity, lo, base), base - 0.25)
        fitted = settle(
            self.set_at,
            lambda r: not r.pending and not (most and self.page_count(r) > most),
            max(start, lo),
            lo,
            None,
        )
        if fitted is not None:
            return fitted
        if most:
            raise FitError(
                f"template '{self.template.name}': the article needs more than its "
                f"{most} pages (max_pages) even at the smallest size {st.min_size:g} pt",
                where=self.where,
            )
        last = self.set_at(lo)
        raise FitError(
            f"template '{self.template.name}': the text does not fit its frames even at "
            f"the smallest size {st.min_size:g} pt ({len(last.pending)} paragraph(s) left over)",
            where=self.where,
        )

    def repeat_height(self) -> float:
        """The text height one more repeated page holds."""
        rep = next((p for p in self.template.pages if p.repeat), None)
        return sum(h for _, h in self.frame_sizes(rep)) if rep else 0.0

    def last_frames(self, run: Run) -> list[int]:
        """The article's last columns, which end level: on a tri-fold the frames of its last
        page, in a booklet the last two pages when they face each other, else its last frame."""
        frames, _ = self._last_columns(run)
        return frames or ([len(run.frames) - 1] if run.frames else [])

    def page_fill(self, run: Run, height: float | None = None) -> float:
        """How far down the article's last columns end once balanced: the share of their
        height the text fills (``height``: the whole text's, predicted, filling the frames
        before them)."""
        group = self.last_frames(run)
        if not group:
            return 0.0
        room = sum(run.frames[i][1] for i in group)
        if height is None:
            used = sum(run.used[i] for i in group)
        else:
            used = height - sum(h for _, h in run.frames[: group[0]])
        return used / room if room else 1.0

    def balance_last_spread(self, run: Run) -> None:
        """The article's last columns end level: on a tri-fold the frames of its last page, in
        a booklet the last two pages when they face each other."""
        frames, tops = self._last_columns(run)
        if not frames:
            return
        if max(tops) - min(tops) > 0.5:
            # The opening spread (its left page's frame under the heading): balanced only
            # when its pages end more than a line apart; the search's eight settings of two
            # pages cost 5 ms on the default booklet, whose pages already end level.
            ends = [top + run.used[i] for i, top in zip(frames, tops, strict=True)]
            if max(ends) - min(ends) < run.size * max(run.leading, 1.2):
                return
        balance(run, frames, tops)

    def _last_columns(self, run: Run) -> tuple[list[int], list[float]]:
        owner: list[int] = []  # the page each frame is on
        tops: list[float] = []
        for number, spec in enumerate(run.pages):
            for box in self.flows_of(spec.boxes):
                owner.append(number)
                tops.append(box.y * self.sheet.scale * 72 / 25.4)
        if not owner:
            return [], []
        last_page = owner[-1]
        if self.template.kind == "booklet":
            # Page numbers count from 1: a spread is an even (left) page and the odd one after.
            # Their frames may start at different heights (the opening page's under its
            # heading): they end level all the same.
            frames = [i for i, p in enumerate(owner) if p in (last_page - 1, last_page)]
            facing = (last_page + 1) % 2 == 1 and len(frames) == 2
            if not facing:
                return [], []
        else:
            frames = [i for i, p in enumerate(owner) if p == last_page]
        return frames, [tops[i] for i in frames]

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
        layout.present |= self.present
        for number, spec in enumerate(pages, 1):
            layout.page_number = number
            layout.mirrored = spec.mirror and number % 2 == 0
            laid = layout.page(spec)
            for box in self.flows_of(layout.arranged):
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
            notes=layout.notes,
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


def _share_lines(p: Any, twin: Any) -> None:
    """The paragraph ``p`` takes the line breaker's plan and lines of ``twin``, the same text
    at the same size (another leading or paragraph space breaks the same lines): the lines
    chosen for either are chosen once, whether planned or set."""
    if p is twin:
        return
    from .breakplan import Settings

    mine, theirs = getattr(p, "_model", None), getattr(twin, "_model", None)
    if mine is None or theirs is None or mine is theirs or mine.fallback or theirs.fallback:
        return
    same = mine.plain == theirs.plain and mine.widths == theirs.widths
    if same and Settings.of(mine.style) == Settings.of(theirs.style):
        mine.plan, mine.chosen = theirs.plan, theirs.chosen


def _gaps(paragraph: Any, lines: list[Any]) -> list[int]:
    """How many word spaces each of a paragraph's lines but its last holds (1 each where its
    text is unknown): no-break spaces too («в\xa0Караганде», «5\xa0000»), which justify
    with the others and read as gaps on the page (a Russian line holds several: counted
    without them, a bilingual booklet's median was 1.22 planned and 1.43 printed)."""
    plain = getattr(getattr(paragraph, "_model", None), "plain", None)
    if plain is None:
        return [1] * len(lines[:-1])
    known = _GAPS.get(id(lines))
    if known is not None and known[0] is lines and known[1] is plain:
        return known[2]
    counts, start = [], 0
    for line in lines[:-1]:
        text = plain[start : line.end].strip()
        counts.append(text.count(" ") + text.count("\xa0"))
        start = line.next
    if len(_GAPS) >= 512:
        _GAPS.clear()
    _GAPS[id(lines)] = (lines, plain, counts)
    return counts


# _gaps' counts by the lines' id (the lines and text kept with them, read-only): a paragraph's
# lines, planned once, are weighed at every pour of the text at their size, and in the builds
# that take them as they are.
_GAPS: dict[int, tuple[list[Any], str, list[int]]] = {}
