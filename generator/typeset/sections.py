"""Page sections: horizontal bands that collapse when their content is absent and grow into the
height that others free, by the template's rules (which box stretches, which moves).

A poster without an organiser, place or URL loses its footer band; a booklet page with one
quotation instead of two gives the second one's band to the first. Boxes outside any section
stay where the template put them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..compose.template import Box, PageSpec

# A hugged box gives its height away only when this much (mm) is spare.
_HUG_MIN = 15.0
# Box types that carry the event's content; the rest (rect, ornament, rule) decorate.
CONTENT = ("text", "figures", "chart", "qr", "flow", "folio", "image")


def arrange(
    spec: PageSpec,
    shown: Callable[[Box], bool],
    measure: Callable[[Box], float] | None = None,
) -> list[Box]:
    """The boxes to lay out: those shown, in sections that are present, moved and resized.
    ``measure`` gives the height (mm) a text box's text needs, for sections that hug it."""
    if not spec.sections:
        return [b for b in spec.boxes if shown(b)]
    members: dict[str, list[Box]] = {s.name: [] for s in spec.sections}
    for box in spec.boxes:
        if box.section:
            members[box.section].append(box)
    present = {
        s.name
        for s in spec.sections
        if not any(b.type in CONTENT for b in members[s.name])
        or any(b.type in CONTENT and shown(b) for b in members[s.name])
    }
    hugged: dict[str, float] = {}
    for s in spec.sections:
        box = next((b for b in members[s.name] if b.name == s.hug), None)
        if s.name in present and box is not None and shown(box) and measure is not None:
            spare = box.h - measure(box)
            if spare >= _HUG_MIN:  # a line or so of air is the design's, not a void
                hugged[s.name] = spare
    return [b for b in _moved(spec, present, hugged) if shown(b)]


def _moved(spec: PageSpec, present: set[str], hugged: dict[str, float]) -> Sequence[Box]:
    freed = sum(s.h for s in spec.sections if s.name not in present) + sum(hugged.values())
    growth = sum(s.grow for s in spec.sections if s.name in present and s.name not in hugged)
    if not freed:
        return spec.boxes
    top = spec.sections[0].y
    placed: dict[str, tuple[float, float]] = {}  # section -> (shift, extra height)
    for s in spec.sections:
        if s.name not in present:
            continue
        # A hugging section gives up what its text does not need and takes no share back.
        extra = (
            -hugged[s.name] if s.name in hugged else (freed * s.grow / growth if growth else 0.0)
        )
        placed[s.name] = (top - s.y, extra)
        top += s.h + extra
    out = []
    for box in spec.boxes:
        if box.section is None:
            out.append(box)
        elif box.section in placed:
            shift, extra = placed[box.section]
            if box.stretch:
                out.append(replace(box, y=box.y + shift, h=box.h + extra))
            else:
                move = {"top": 0.0, "middle": extra / 2, "bottom": extra}[box.anchor]
                out.append(replace(box, y=box.y + shift + move))
    return out
