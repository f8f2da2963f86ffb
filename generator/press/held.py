"""The build's own preflight, read from the document ReportLab still holds after writing it.

``check_pdf`` opens the finished file with pikepdf, inflates its streams and reads every
object it reaches. A build has all of that in memory: ReportLab's page and form streams as
written (before compression), their resources, fonts, graphics states and images. Here those
objects are shown to the same scanner and the same rules through a small read-only view
with the few pikepdf manners the scanner uses, so the findings are the file check's own (a
test compares the two for every product and press option, and on broken inputs).

What the view does not read (a kind of object it does not know, content the fast reader is
not certain of, a file post-processed after ReportLab: PDF pictures placed, PDF/X) makes
``check_held`` return None, and the caller checks the file instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._content import HeldContent
from .missing_glyphs import MissingGlyph


class Unsupported(Exception):  # noqa: N818 - not an error: "check the file instead"
    """Something the in-memory view does not read."""


@dataclass
class Held:
    """What a build keeps for its own check: ReportLab's document, and whether the bytes
    are what it wrote (no pikepdf pass after it)."""

    doc: Any = None
    exact: bool = False
    missing: list[MissingGlyph] = field(default_factory=list)


_RL: dict[str, type] = {}


def _rl() -> dict[str, type]:
    if not _RL:
        from reportlab.pdfbase import pdfdoc

        for name in (
            "PDFDictionary",
            "PDFArray",
            "PDFObjectReference",
            "PDFResourceDictionary",
            "PDFFormXObject",
            "PDFImageXObject",
            "PDFStream",
            "PDFType1Font",
            "PDFPage",
            "PDFString",
        ):
            _RL[name] = getattr(pdfdoc, name)
    return _RL


class _Node(HeldContent):
    """A read-only PDF dictionary (or stream) over a ReportLab object, converted on access."""

    __slots__ = ("_view", "_items", "_done", "held_data", "objgen", "is_indirect")

    def __init__(self, view: _View, items: dict[str, Any], data: bytes | None, key: Any) -> None:
        self._view = view
        self._items = items  # "/Key" -> ReportLab value (converted on first get)
        self._done: dict[str, Any] = {}
        self.held_data = data
        self.objgen = key if key is not None else (0, 0)
        self.is_indirect = key is not None

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._done:
            return self._done[key]
        if key not in self._items:
            return default
        value = self._done[key] = self._view.value(self._items[key])
        return value

    def __getitem__(self, key: str) -> Any:
        if key not in self._items:
            raise KeyError(key)
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    def items(self) -> list[tuple[str, Any]]:
        return [(k, self.get(k)) for k in self._items]

    def read_bytes(self) -> bytes:
        if self.held_data is None:
            raise Unsupported("not a stream")
        return self.held_data

    def unparse(self) -> bytes:
        raise Unsupported("a direct object's text")  # only asked of direct font lists


class _View:
    """ReportLab's objects of one document as ``_Node``s, each object viewed once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.rl = _rl()
        self.nodes: dict[int, _Node] = {}

    def value(self, v: Any) -> Any:  # noqa: C901, PLR0911 - one case per kind
        t = type(v)
        if t is str:
            if v.startswith("/"):
                return v
            if v in ("true", "false"):
                return v == "true"
            try:
                return float(v)
            except ValueError:
                raise Unsupported(f"value {v[:20]!r}") from None
        if t is float:
            return float(_fp_str(v))  # as the file has it
        if v is None or t is int or t is bool:
            return v
        rl = self.rl
        if t is rl["PDFObjectReference"]:
            target = self.doc.idToObject.get(v.name)
            if target is None:
                raise Unsupported(f"reference {v.name}")
            return self.node(target, indirect=True)
        if t is rl["PDFArray"]:
            return [self.value(x) for x in v.sequence]
        if t is list or t is tuple:
            return [self.value(x) for x in v]
        if t is dict:
            return _Node(self, {"/" + k: x for k, x in v.items()}, None, None)
        if t is bytes:
            return self.value(v.decode("latin-1"))
        if isinstance(v, rl["PDFString"]):
            raise Unsupported("string")
        # ReportLab writes a dictionary in place, every other object (font, form, image,
        # stream) as an object of its own
        return self.node(v, indirect=not isinstance(v, rl["PDFDictionary"]))

    def node(self, obj: Any, *, indirect: bool) -> _Node:
        found = self.nodes.get(id(obj))
        if found is None:
            key = (-1, len(self.nodes) + 1) if indirect else None
            items, data = self._fields(obj)
            found = self.nodes[id(obj)] = _Node(self, items, data, key)
        return found

    def _fields(self, obj: Any) -> tuple[dict[str, Any], bytes | None]:
        rl = self.rl
        if isinstance(obj, rl["PDFDictionary"]):
            return {"/" + k: x for k, x in obj.dict.items()}, None
        if isinstance(obj, rl["PDFResourceDictionary"]):
            names = ("ColorSpace", "XObject", "ExtGState", "Font", "Pattern", "Shading")
            items = {"/" + n: getattr(obj, n) for n in names if getattr(obj, n, None)}
            if getattr(obj, "Properties", None):
                raise Unsupported("marked-content properties")
            return items, None
        if isinstance(obj, rl["PDFFormXObject"]):
            if obj.Annots:
                raise Unsupported("annotations in a form")
            items = {
                "/Type": "/XObject",
                "/Subtype": "/Form",
                "/BBox": obj.BBox,
                "/Matrix": obj.Matrix,
                "/Resources": obj.Resources,
            }
            group = getattr(obj, "Group", None)
            if group is not None:
                items["/Group"] = group
            stream = obj.stream
            return items, stream if isinstance(stream, bytes) else _bytes(stream)
        if isinstance(obj, rl["PDFImageXObject"]):
            items = {
                "/Type": "/XObject",
                "/Subtype": "/Image",
                "/Width": obj.width,
                "/Height": obj.height,
                "/ColorSpace": "/" + obj.colorSpace,
            }
            if obj.mask:
                items["/Mask"] = obj.mask
            if getattr(obj, "smask", None):
                items["/SMask"] = obj.smask
            return items, b""
        if isinstance(obj, rl["PDFType1Font"]):
            items = {}
            for n in obj.name_attributes:
                if hasattr(obj, n):
                    items["/" + n] = "/" + getattr(obj, n)
            for n in obj.local_attributes:
                if hasattr(obj, n):
                    items["/" + n] = getattr(obj, n)
            return items, None
        if isinstance(obj, rl["PDFStream"]):
            return {"/" + k: x for k, x in obj.dictionary.dict.items()}, None
        raise Unsupported(type(obj).__name__)


def _fp_str(v: float) -> str:
    from reportlab.lib.rl_accel import fp_str

    return fp_str(v)


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def check_held(held: Held, pdf: bytes, *, profile: str, color_mode: str | None, name: str) -> Any:
    """The preflight report of a build's document, read from ``held``; None when the file
    must be read instead (see the module docstring)."""
    from . import preflight
    from ._content import instructions
    from ._scan import Scanner

    if held.doc is None or not held.exact or profile == "pdfx":
        return None
    try:
        view = _View(held.doc)
        scan = Scanner(read_glyphs=False)
        pages = []
        for number, page in enumerate(held.doc.Pages.pages, start=1):
            obj = _page_node(view, page)
            scan.scan_content(number, obj, instructions(obj))
            pages.append(preflight._page_facts(number, obj))
        facts = _info(held.doc)
    except Exception:  # noqa: BLE001 - the file check is exact: anything unread goes there
        # (Unsupported: a kind of object the view does not read; ValueError: content the
        # reader is not certain of; anything else, a ReportLab object not as expected, must
        # not fail a user's build. The tests see every fallback: they ask for none.)
        return None
    return preflight.report_of_scan(
        scan,
        name=name,
        profile=profile,
        color_mode=color_mode,
        pdf_version=pdf[5:8].decode("latin-1"),
        pages=pages,
        pdfx=facts,
        xmp_mismatch=[],
        notdef=[
            (g.page, g.font, f"U+{ord(g.char):04X} '{g.char}'") for g in held.missing if g.in_file
        ],
        encrypted=False,
    )


def _page_node(view: _View, page: Any) -> _Node:
    items: dict[str, Any] = {"/Type": "/Page", "/Resources": page.Resources}
    for box in ("MediaBox", "CropBox", "TrimBox", "BleedBox", "ArtBox"):
        value = getattr(page, box, None)
        if value is not None:
            items["/" + box] = value
    if page.Rotate:
        items["/Rotate"] = page.Rotate
    if getattr(page, "Group", None) is not None:
        items["/Group"] = page.Group
    stream = page.stream
    data = stream if isinstance(stream, bytes) else _bytes(stream)
    return _Node(view, items, data, (-2, id(page)))


def _info(doc: Any) -> dict[str, str]:
    """What the rules read of the document information (render.Info writes it): the title,
    the author when there is one, the dates (as far as their "D:YYYYMMDDHHMMSS" head)."""
    info = doc.info
    facts = {"Title": info.title or ""}
    if info.author:
        facts["Author"] = info.author
    y, mo, d, h, mi, sec = doc._timeStamp.YMDhms[:6]
    date = f"D:{y:04d}{mo:02d}{d:02d}{h:02d}{mi:02d}{sec:02d}"
    facts["CreationDate"] = facts["ModDate"] = date
    return facts
