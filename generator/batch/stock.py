"""Label and badge-insert stock: where the pieces sit on a printed sheet, by the stock's name.

A template chooses its stock with ``settings.stock``; its page must be the stock's piece size.
Positions are from the sheet's top-left corner in millimetres, as stock makers give them.
A template may also describe stock of its own: ``settings.stock = { sheet = "A4", piece =
[86, 55], columns = 2, rows = 4, left = 14, top = 38.5, pitch = [96, 55] }``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..compose.template import Template, paper_mm
from ..errors import InputError

MM = 72 / 25.4


@dataclass(frozen=True)
class Stock:
    """A sheet of pieces: sheet size, piece size, grid, first piece's top-left, pitch (mm)."""

    name: str
    sheet: tuple[float, float]
    piece: tuple[float, float]
    columns: int
    rows: int
    left: float
    top: float
    pitch: tuple[float, float]

    @property
    def gap(self) -> float:
        """The narrowest space between neighbouring pieces (room for their bleed)."""
        gaps = [self.pitch[0] - self.piece[0]] if self.columns > 1 else []
        gaps += [self.pitch[1] - self.piece[1]] if self.rows > 1 else []
        return max(0.0, min(gaps, default=0.0))

    def cells(self) -> tuple[list[tuple[float, float]], tuple[float, float]]:
        """Lower-left corners of the pieces in points (reading order), and the sheet in points."""
        sw, sh = self.sheet
        cells = [
            (
                (self.left + c * self.pitch[0]) * MM,
                (sh - self.top - r * self.pitch[1] - self.piece[1]) * MM,
            )
            for r in range(self.rows)
            for c in range(self.columns)
        ]
        return cells, (sw * MM, sh * MM)


def _centred(name: str, piece: tuple[float, float], columns: int, rows: int, gap=(0.0, 0.0)):
    sw, sh = paper_mm("A4")
    pitch = (piece[0] + gap[0], piece[1] + gap[1])
    left = (sw - columns * piece[0] - (columns - 1) * gap[0]) / 2
    top = (sh - rows * piece[1] - (rows - 1) * gap[1]) / 2
    return Stock(name, (sw, sh), piece, columns, rows, left, top, pitch)


# Common A4 stock for badges, cards and invitations. The grids are the makers' (pieces and
# counts); margins are centred on the sheet, as on these products.
STOCKS: dict[str, Stock] = {
    s.name: s
    for s in (
        # Avery Zweckform L7418-style name-badge labels: 8 × 86 × 55 mm, 2 × 4.
        _centred("L7418", (86, 55), 2, 4, gap=(10, 0)),
        # Micro-perforated business-card stock: 10 × 90 × 54 mm, 2 × 5, no gaps.
        _centred("card-90x54", (90, 54), 2, 5),
        # Name-badge inserts 90 × 55 mm, 2 × 5 with room for bleed between them.
        _centred("badge-90x55", (90, 55), 2, 5, gap=(6, 2)),
        # A6 on A4: 4 × 105 × 148 mm, cut apart.
        _centred("A6-4up", (105, 148), 2, 2),
    )
}


def stock_of(spec: Any, template: Template, size: str | None = None) -> Stock:
    """The template's stock by name (or described in place), checked against its page at
    ``size`` (default: the base size; an A5 invitation made at A6 goes on A6 stock)."""
    where = str(template.data_file)
    if isinstance(spec, dict):
        stock = _described(spec, where)
    else:
        stock = STOCKS.get(str(spec))
        if stock is None:
            known = ", ".join(STOCKS)
            raise InputError(
                f"settings.stock: unknown stock '{spec}' (stocks: {known})", where=where
            )

    def fits(name: str | None) -> bool:
        w, h = template.size_mm(name)
        return abs(w - stock.piece[0]) <= 0.5 and abs(h - stock.piece[1]) <= 0.5

    if not fits(size):
        w, h = template.size_mm(size)
        other = next((s for s in template.sizes if fits(s)), None)
        raise InputError(
            f"settings.stock: {stock.name} holds pieces of {stock.piece[0]:g} × "
            f"{stock.piece[1]:g} mm, the template's page is {w:g} × {h:g} mm"
            + (f" (use --size {other})" if other else ""),
            where=where,
        )
    return stock


def _described(spec: dict, where: str) -> Stock:
    try:
        sheet = spec.get("sheet", "A4")
        sw, sh = paper_mm(sheet) if isinstance(sheet, str) else (float(sheet[0]), float(sheet[1]))
        piece = (float(spec["piece"][0]), float(spec["piece"][1]))
        pitch = spec.get("pitch", piece)
        stock = Stock(
            "custom",
            (sw, sh),
            piece,
            int(spec["columns"]),
            int(spec["rows"]),
            float(spec["left"]),
            float(spec["top"]),
            (float(pitch[0]), float(pitch[1])),
        )
    except (KeyError, IndexError, TypeError, ValueError) as e:
        raise InputError(
            f"settings.stock: needs sheet, piece [w, h], columns, rows, left, top, pitch ({e})",
            where=where,
        ) from None
    right = stock.left + (stock.columns - 1) * stock.pitch[0] + piece[0]
    bottom = stock.top + (stock.rows - 1) * stock.pitch[1] + piece[1]
    if right > sw + 1e-6 or bottom > sh + 1e-6:
        raise InputError("settings.stock: the pieces run off the sheet", where=where)
    return stock
