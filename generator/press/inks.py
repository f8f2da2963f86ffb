"""Black overprint: whatever is painted in 100 % K alone overprints, in one ExtGState.

A RIP's automatic black overprint catches 100 % K only, and many shops turn it off; a file
that sets overprint itself prints black text and rules without white fringes whatever the
RIP does. ReportLab has per-key ExtGStates (op, OP and OPM each in its own dictionary), so
this hooks its colour setters instead: on a canvas with ``_overprint_k`` set, a fill or
stroke colour change that alters the overprint state selects one of four ExtGStates,
``/OP`` (stroke) and ``/op`` (fill) each true exactly when that colour is pure K at 100 %,
always with ``/OPM 1`` (zero components of a DeviceCMYK colour leave the inks below alone).
The state rides in ReportLab's own ExtGState values, so saveState/restoreState (q/Q) keep
it right; a form's first colour always sets it, since a form inherits its caller's state.
"""

from __future__ import annotations

from typing import Any

_KEY = "generator_overprint"  # (fill is K, stroke is K) in ReportLab's ExtGState values
_installed = False


def is_pure_k(colour: Any) -> bool:
    """True for a DeviceCMYK colour of 0/0/0/100 (a CMYKColor or a 4-tuple)."""
    from reportlab.lib.colors import CMYKColor

    if isinstance(colour, CMYKColor):
        d = colour.density
        c, m, y, k = (d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)
    elif isinstance(colour, tuple | list) and len(colour) == 4:
        c, m, y, k = colour
    else:
        return False
    return c == m == y == 0 and k >= 0.9999 and not getattr(colour, "spotName", None)


def _name(fill: bool, stroke: bool) -> str:
    return f"GOP{int(fill)}{int(stroke)}"


def _select(obj: Any, fill: bool | None, stroke: bool | None) -> None:
    """Emit the ExtGState for the new (fill, stroke) state when it differs from the current."""
    canvas = getattr(obj, "_canvas", obj)
    if not getattr(canvas, "_overprint_k", False):
        return
    values = canvas._extgstate._d  # copied by saveState, restored by restoreState
    # A fresh page starts without overprint; a form starts in whatever state its Do finds,
    # so its first colour sets both (the one not yet chosen as not overprinting).
    old = values.get(_KEY) or (None if getattr(canvas, "_formData", None) else (False, False))
    if old is None:
        new = (bool(fill), bool(stroke))
    else:
        new = (old[0] if fill is None else fill, old[1] if stroke is None else stroke)
        if new == old:
            return
    values[_KEY] = new
    canvas.__dict__.setdefault("_overprint_used", set()).add(new)
    obj._code.append(f"/{_name(*new)} gs")


_STATES: dict[tuple[bool, bool], Any] = {}


def _state(fill: bool, stroke: bool) -> Any:
    """The ExtGState dictionary of an overprint state: one object, its text made once (a
    document writes the same four in every resource dictionary that selects them)."""
    found = _STATES.get((fill, stroke))
    if found is None:
        from reportlab.pdfbase import pdfdoc

        found = _STATES[(fill, stroke)] = _written_once(pdfdoc.PDFDictionary)(
            {
                "Type": pdfdoc.PDFName("ExtGState"),
                "OP": "true" if stroke else "false",
                "op": "true" if fill else "false",
                "OPM": 1,
            }
        )
    return found


def _written_once(base: type) -> type:
    """A ReportLab dictionary of fixed names and numbers whose text is made once (per
    ReportLab's multi-line setting, all that text depends on)."""

    class Fixed(base):  # type: ignore[misc, valid-type]
        def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803
            from reportlab import rl_config

            made = self.__dict__.setdefault("_made", {})
            key = (rl_config.pdfMultiLine, IND)
            text = made.get(key)
            if text is None:
                text = made[key] = super().format(document, IND)
            return text

    return Fixed


def install_overprint() -> None:
    """Hook ReportLab's colour setters and resources (idempotent; inert on other canvases)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.pdfgen import textobject

    setter = textobject._PDFColorSetter
    fill0, stroke0 = setter.setFillColor, setter.setStrokeColor
    resources0 = rl_canvas.Canvas._setExtGState

    def set_fill(self: Any, aColor: Any, alpha: Any = None) -> None:  # noqa: N803
        fill0(self, aColor, alpha)
        _select(self, is_pure_k(getattr(self, "_fillColorObj", None)), None)

    def set_stroke(self: Any, aColor: Any, alpha: Any = None) -> None:  # noqa: N803
        stroke0(self, aColor, alpha)
        _select(self, None, is_pure_k(getattr(self, "_strokeColorObj", None)))

    def resources(self: Any, obj: Any) -> None:
        resources0(self, obj)
        used = getattr(self, "_overprint_used", None)
        if not used:
            return
        entries = dict(obj.ExtGState.dict) if obj.ExtGState else {}
        for fill, stroke in sorted(used):
            entries[_name(fill, stroke)] = _state(fill, stroke)
        obj.ExtGState = pdfdoc.PDFDictionary(entries)

    form_format0 = pdfdoc.PDFFormXObject.format

    def form_format(self: Any, document: Any) -> bytes:
        # ReportLab writes a form's own resources without its graphics states (these black-
        # overprint ones, its own alpha): a reader then finds no /GOP.. for the form's gs.
        gstates = getattr(self, "ExtGState", None)
        if not self.Resources and gstates:
            own = pdfdoc.PDFResourceDictionary()
            own.basicFonts()
            own.allProcs() if self.hasImages else own.basicProcs()
            if self.XObjects:
                own.XObject = self.XObjects
            own.ExtGState = gstates
            self.Resources = own
        return form_format0(self, document)

    setter.setFillColor, setter.setStrokeColor = set_fill, set_stroke
    rl_canvas.Canvas._setExtGState = resources
    pdfdoc.PDFFormXObject.format = form_format
    _installed = True
