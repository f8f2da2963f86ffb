"""Fact roles: which facts a template may show where, as the event says (never by the facts' ids).

A template asks for roles (the headline figures, the pull quote, the facts a chart may compare);
the event's ``[roles]`` table in facts.toml names the facts that fill them. Roles not declared
fall back on the facts' kinds, so a facts file without ``[roles]`` still fills a template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from .facts import Fact

# role -> True when it names a list of facts, False when it names one fact.
ROLES: dict[str, bool] = {
    "date": False,  # the event's date as the kicker prints it
    "headline": True,  # the key figures, in order
    "quote": False,  # the pull quote; its caption is the attribution
    "quotes": True,  # every quotation worth a page of its own, the pull quote first
    "chart": True,  # figures that may share one chart (same declared unit)
    "highlight": False,  # one fact set apart (a boxed note)
}


CHART_ORDERS = ("auto", "value", "file")


@dataclass(frozen=True)
class Roles:
    """The facts filling each role; an empty role leaves its elements out."""

    date: Fact | None = None
    headline: tuple[Fact, ...] = ()
    quote: Fact | None = None
    quotes: tuple[Fact, ...] = ()
    chart: tuple[Fact, ...] = ()
    highlight: Fact | None = None
    # The chart's bars: "value" (largest first), "file" (the facts' order) or "auto" (the
    # facts' order when every caption names a year or a date, else by value).
    chart_order: str = "auto"

    def filled(self) -> set[str]:
        """The names of the roles the event fills (``quote2``: a second quotation exists)."""
        names = {r for r in ROLES if getattr(self, r)}
        if len(self.quotes) >= 2:
            names.add("quote2")
        return names

    def get(self, role: str) -> tuple[Fact, ...]:
        """A role's facts as a tuple (one fact or none for a single-fact role)."""
        if role not in ROLES:
            raise KeyError(role)
        value = getattr(self, role)
        if ROLES[role]:
            return tuple(value)
        return (value,) if value is not None else ()


def _comparable(facts: Sequence[Fact]) -> tuple[Fact, ...]:
    """The largest group (two or more) of numeric facts that declare the same unit."""
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        if f.unit and isinstance(f.value, int | float) and f.kind == "figure":
            groups.setdefault(f.unit, []).append(f)
    best = max(groups.values(), key=len, default=[])
    return tuple(best) if len(best) >= 2 else ()


def parse_roles(raw: Any, facts: Mapping[str, Fact], where: str) -> Roles:
    """Read ``[roles]`` (ids of facts) and fill undeclared roles from the facts' kinds."""
    where = f"{where}: roles"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError("[roles] must be a table", where=where)
    raw = dict(raw)
    order = raw.pop("chart_order", "auto")
    if order not in CHART_ORDERS:
        raise InputError(
            f"chart_order must be one of {', '.join(CHART_ORDERS)}, got {order!r}", where=where
        )
    extra = sorted(set(raw) - set(ROLES))
    if extra:
        raise InputError(f"unknown role '{extra[0]}' (roles: {', '.join(ROLES)})", where=where)
    chosen: dict[str, Any] = {}
    for role, many in ROLES.items():
        if role not in raw:
            continue
        value = raw[role]
        ids = value if many and isinstance(value, list) else [value]
        if not all(isinstance(i, str) for i in ids) or (not many and isinstance(value, list)):
            form = "a list of fact ids" if many else "one fact id"
            raise InputError(f"{role} must be {form}, got {value!r}", where=where)
        missing = next((i for i in ids if i not in facts), None)
        if missing:
            raise InputError(
                f"{role} names fact '{missing}', which is not in the file", where=where
            )
        picked = tuple(facts[i] for i in ids)
        chosen[role] = picked if many else picked[0]
    every = list(facts.values())
    of = {k: [f for f in every if f.kind == k] for k in ("date", "figure", "quote")}
    if "date" not in chosen:
        chosen["date"] = of["date"][0] if of["date"] else None
    if "headline" not in chosen:
        chosen["headline"] = tuple(of["figure"])
    if "quote" not in chosen:
        declared = chosen.get("quotes") or of["quote"]
        chosen["quote"] = declared[0] if declared else None
    if "quotes" not in chosen:
        rest = [f for f in of["quote"] if f is not chosen["quote"]]
        chosen["quotes"] = tuple([chosen["quote"], *rest] if chosen["quote"] else rest)
    if "chart" in chosen:
        _check_chart(chosen["chart"], where)
    else:
        chosen["chart"] = _comparable(every)
    return Roles(**chosen, chart_order=order)


def _check_chart(facts: tuple[Fact, ...], where: str) -> None:
    if len(facts) == 1:
        raise InputError("chart needs two or more facts to compare", where=where)
    for f in facts:
        if not isinstance(f.value, int | float):
            raise InputError(f"chart: fact '{f.id}' is not a number", where=where)
        if not f.unit:
            raise InputError(
                f"chart: fact '{f.id}' declares no unit; facts share a chart only when "
                "they declare the same unit",
                where=where,
            )
    units = {f.unit for f in facts}
    if len(units) > 1:
        raise InputError(
            f"chart: the facts declare different units ({', '.join(sorted(units))}); "
            "only facts of one unit can share a chart",
            where=where,
        )
