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
    hugs = {
        s.name: box
        for s in spec.sections
        if s.name in present
        and (box := next((b for b in members[s.name] if b.name == s.hug), None)) is not None
        and shown(box)
        and measure is not None
    }
    freed_above = False  # a section above collapsed or hugged: those below grow first
    for s in spec.sections:
        box = hugs.get(s.name)
        if box is not None and not (s.grow and box.stretch and freed_above):
            spare = box.h - measure(box)  # type: ignore[misc]
            if spare >= _HUG_MIN:  # a line or so of air is the design's, not a void
                hugged[s.name] = -spare
        freed_above = freed_above or s.name not in present or s.name in hugged
    placed = _placed(spec, present, hugged)
    # A section that grew into freed height and hugs a text box gives back what its text,
    # grown too, leaves over (a one-line quotation in a panel grown for a long one): the other
    # sections that grow share it by their `grow`, a hugging one among them taking back room
    # around its text (the head around its title) rather than leaving the void here.
    for name, box in hugs.items():
        extra = placed[name][1]
        if name in hugged or extra <= 0 or not box.stretch:
            continue
        grown = replace(box, h=box.h + extra)
        spare = grown.h - max(measure(grown), box.h)  # type: ignore[misc]
        takers = {s.name: s.grow for s in spec.sections if s.name in placed and s.name != name}
        if spare < _HUG_MIN or not sum(takers.values()):
            continue
        fixed = {n: e for n, (_, e) in placed.items()}
        fixed[name] -= spare
        for n, g in takers.items():
            fixed[n] += spare * g / sum(takers.values())
        placed = _placed(spec, present, fixed)
    return [b for b in _moved(spec, placed) if shown(b)]


def _placed(
    spec: PageSpec, present: set[str], fixed: dict[str, float]
) -> dict[str, tuple[float, float]]:
    """Each present section's shift and extra height: those in ``fixed`` change height by as
    much (a hugging one shrinks to its text), the others that grow share the height freed."""
    freed = sum(s.h for s in spec.sections if s.name not in present) - sum(fixed.values())
    growth = sum(s.grow for s in spec.sections if s.name in present and s.name not in fixed)
    top = spec.sections[0].y
    placed: dict[str, tuple[float, float]] = {}  # section -> (shift, extra height)
    for s in spec.sections:
        if s.name not in present:
            continue
        extra = fixed[s.name] if s.name in fixed else (freed * s.grow / growth if growth else 0.0)
        placed[s.name] = (top - s.y, extra)
        top += s.h + extra
    return placed


def _moved(spec: PageSpec, placed: dict[str, tuple[float, float]]) -> Sequence[Box]:
    if all(not shift and not extra for shift, extra in placed.values()) and len(placed) == len(
        spec.sections
    ):
        return spec.boxes
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
