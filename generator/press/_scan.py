"""One pass over a PDF's content streams: fonts, colour spaces, text sizes, lines, images.

Only the linear part of the CTM is tracked: sizes, widths and resolutions do not depend on
where a thing is, so translations can be ignored. Form XObjects inherit the graphics state of
the ``Do`` that draws them; tiling patterns start fresh; Type3 fonts' resources are walked.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.press import _pikepdf as pikepdf
from generator.press._content import INLINE_IMAGE, PAINT_FILL, PAINT_STROKE, instructions
from generator.press._glyphs import describe, glyph0_codes, shown_codes, to_unicode

MM = 72 / 25.4  # points per millimetre
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ICC_N = {1: "Gray", 3: "RGB", 4: "CMYK"}
_ABBREV_CS = {"/G": "DeviceGray", "/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/I": "Indexed"}
_Lin = tuple[float, float, float, float]  # the linear part (a, b, c, d) of a PDF matrix

# The fill's DeviceCMYK values (None when not CMYK or not known), fill overprint (op), OPM.
_Ink = tuple["tuple[float, ...] | None", bool, int]
# lw, fill space, stroke space, font, size, Tr, fill ink
_State = tuple[float, str, str, "FontFacts | None", float, int, _Ink]
_START: _State = (1.0, "DeviceGray", "DeviceGray", None, 0.0, 0, (None, False, 0))
SMALL_TEXT_PT = 12.0  # text under this size should print from one plate


@dataclass
class FontFacts:
    """One font resource: ``pages`` that list it, ``used_on`` the pages that draw text with it."""

    name: str
    type: str
    embedded: bool
    subset: bool
    pages: list[int] = field(default_factory=list)
    used_on: list[int] = field(default_factory=list)


@dataclass
class ImageFacts:
    """One placed image: pixels, placed size and the effective resolution there."""

    page: int
    name: str
    pixels: tuple[int, int]
    placed_mm: tuple[float, float]
    dpi: float
    colorspace: str


class Scanner:
    """Walks content streams once, collecting fonts, colour, sizes, images, transparency."""

    def __init__(self, *, read_glyphs: bool = True) -> None:
        self.read_glyphs = read_glyphs  # read embedded fonts' glyph maps (.notdef)
        self.fonts: dict[tuple[int, int] | bytes, FontFacts] = {}
        self.spaces: dict[str, set[int]] = {}  # colour space -> pages that paint with it
        self.images: list[ImageFacts] = []
        self.transparency: list[str] = []
        self.min_text: tuple[float | None, int | None] = (None, None)  # (pt, page)
        self.min_line: tuple[float | None, int | None] = (None, None)
        # small text on several plates: (page, size, C, M, Y, K) as found, one per colour+size
        self.multi_plate: dict[tuple, None] = {}
        self.black_no_overprint: set[int] = set()  # pages with 100 % K text not overprinting
        self.near_black: set[int] = set()  # pages with text at 90-99 % K alone (screened)
        self.missing: dict[str, int] = {}  # a named resource not in the resources -> page
        self._parsed: dict[tuple[int, int], list] = {}
        self._res: dict[tuple[int, int], _Res] = {}  # a form's or page's resources, by owner
        self._font_lists: dict[object, list[FontFacts]] = {}  # by /Font dict (see _font_list)
        # A form placed again on the same page at the same scale and state adds no new facts
        # (positions do not matter here): an ornament band places one form dozens of times.
        self._forms_done: set[tuple] = set()
        self._xinfo: dict[tuple[int, int], tuple] = {}  # XObject -> (subtype, matrix)
        # fonts whose file maps some codes to glyph 0: facts -> (font, bytes per code, codes)
        self._glyph0: dict[int, tuple[FontFacts, pikepdf.Object, int, frozenset[int]]] = {}
        self.notdef: dict[tuple[int, str, str], None] = {}  # (page, font, character) found

    def scan_page(self, number: int, page: pikepdf.Page) -> None:
        """Interpret one page's content, and the forms and patterns it draws."""
        self.scan_content(number, page.obj, instructions(page))

    def scan_content(self, number: int, obj: pikepdf.Object, ops: list) -> None:
        """Interpret a page (its dictionary, its instructions)."""
        group = obj.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            self._transparent(number, "page transparency group")
        res = _Res(obj.get("/Resources"))
        self._run(ops, res, _ID, number, 0, _START)

    def _run(self, ops: list, res: _Res, ctm: _Lin, pg: int, depth: int, state: _State) -> None:
        """Interpret one content stream, starting from the graphics state ``state``."""
        self._fonts_of(res, pg)
        stack: list[tuple] = []
        lw, fill, stroke, font, size, mode, ink = state
        tm = _ID
        for op, args in ops:
            if op in _TEXT:  # the commonest by far
                if font is not None and mode not in (3, 7):  # 3 and 7 draw nothing
                    self._show(font, size, tm, ctm, pg, mode, fill, stroke, ink)
            elif op == "q":
                stack.append((ctm, lw, fill, stroke, font, size, mode, ink))
            elif op == "Q":
                if stack:
                    ctm, lw, fill, stroke, font, size, mode, ink = stack.pop()
            elif op == "cm":
                ctm = _mul(args[:4], ctm)
            elif op == "k":
                fill = "DeviceCMYK"
                ink = (args[:4] or None, ink[1], ink[2])
            elif op in _DEVICE:
                space = _DEVICE[op]
                if op.isupper():
                    stroke = space
                else:
                    fill, ink = space, (None, ink[1], ink[2])
            elif op == "gs":
                lw, ink = self._gstate(args[0], res, pg, lw, ink)
            elif op in PAINT_FILL or op in PAINT_STROKE:
                if op in PAINT_FILL:
                    self._use(fill, pg)
                if op in PAINT_STROKE:
                    self._use(stroke, pg)
                    width = lw * _min_scale(ctm)
                    if self.min_line[0] is None or width < self.min_line[0]:
                        self.min_line = (width, pg)
            elif op == "w":
                lw = args[0]
            elif op == "Do":
                self._do(args[0], res, ctm, pg, depth, (lw, fill, stroke, font, size, mode, ink))
            elif op == "BT":
                tm = _ID
            elif op == "Tm":
                tm = args[:4]
            elif op == "Tf":
                font, size = self._font(args[0], res), args[1]
            elif op == "Tr":
                mode = int(args[0])
            elif op == "cs" or op == "CS":
                space = self._space(args[0], res)
                if op == "CS":
                    stroke = space
                else:
                    fill = space
                    ink = ((0.0, 0.0, 0.0, 1.0) if space == "DeviceCMYK" else None, *ink[1:])
            elif (op == "sc" or op == "scn") and fill == "DeviceCMYK" and len(args) == 4:
                if args[3].__class__ is float:
                    ink = (args, ink[1], ink[2])
            elif (op == "scn" or op == "SCN") and args and isinstance(args[-1], str):
                self._pattern(args[-1], res, ctm, pg, depth)
            elif op == "sh":
                sh = res.get("/Shading", args[0])
                if sh is not None:
                    self._use(self._space(sh.get("/ColorSpace"), res), pg)
            elif op == INLINE_IMAGE:
                self._image(args[0], "inline", res, ctm, pg)

    def _do(self, name: str, res: _Res, ctm: _Lin, pg: int, depth: int, st: _State) -> None:
        xobj = res.get("/XObject", name)
        if xobj is None:
            return
        key = xobj.objgen
        info = self._xinfo.get(key) if key != (0, 0) else None
        if info is None:
            # what a placement needs of the object, read once: a motif is placed many times
            m = xobj.get("/Matrix")
            info = (str(xobj.get("/Subtype")), tuple(float(v) for v in m[:4]) if m else None)
            if key != (0, 0):
                self._xinfo[key] = info
        subtype, matrix = info
        if subtype == "/Image":
            self._image(xobj, str(name)[1:], res, ctm, pg)
        elif subtype == "/Form" and depth < 12:  # depth guard against self-referencing forms
            inner = _mul(matrix, ctm) if matrix is not None else ctm
            lw, fill, stroke, font, size, mode, ink = st
            done = (key, pg, inner, lw, fill, stroke, id(font), size, mode, ink)
            if key != (0, 0) and done in self._forms_done:
                return
            self._forms_done.add(done)
            group = xobj.get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                self._transparent(pg, f"form {name} has a transparency group")
            self._run(self._ops(xobj), self._res_of(xobj, res), inner, pg, depth + 1, st)

    def _pattern(self, name: str, res: _Res, ctm: _Lin, pg: int, depth: int) -> None:
        pat = res.get("/Pattern", name)
        if pat is None:
            return
        if pat.get("/PatternType") == 2:
            shading = pat.get("/Shading")
            if shading is not None:
                self._use(self._space(shading.get("/ColorSpace"), res), pg)
        elif depth < 12:
            # a tiling pattern cell starts from the initial graphics state
            self._run(self._ops(pat), self._res_of(pat, res), ctm, pg, depth + 1, _START)

    def _res_of(self, owner: pikepdf.Object, outer: _Res) -> _Res:
        """The resources of a form or pattern (its caller's when it has none), read once."""
        key = owner.objgen
        found = self._res.get(key)
        if found is None:
            inner = owner.get("/Resources")
            if not inner:
                return outer
            found = _Res(inner)
            if key != (0, 0):
                self._res[key] = found
        return found

    def _ops(self, stream: pikepdf.Object) -> list:
        key = stream.objgen
        if key == (0, 0):
            return instructions(stream)
        if key not in self._parsed:
            self._parsed[key] = instructions(stream)
        return self._parsed[key]

    def _font(self, name: str, res: _Res) -> FontFacts | None:
        found = res.font_facts.get(name, _NOT_FOUND)
        if found is _NOT_FOUND:
            fobj = res.get("/Font", name)
            found = res.font_facts[name] = self.fonts.get(_key(fobj)) if fobj is not None else None
        return found

    def _show(
        self,
        font: FontFacts,
        size: float,
        tm: _Lin,
        ctm: _Lin,
        pg: int,
        mode: int,
        fill: str,
        stroke: str,
        ink: _Ink,
    ) -> None:
        """Text is drawn: note its size on paper, its font, and the colour it paints with."""
        if mode not in (1, 5):
            self._use(fill, pg)
        if mode in (1, 2, 5, 6):
            self._use(stroke, pg)
        m = _mul(tm, ctm)
        eff = abs(size) * math.hypot(m[2], m[3])  # the text space's y axis, in page points
        if self.min_text[0] is None or eff < self.min_text[0]:
            self.min_text = (eff, pg)
        if pg not in font.used_on:
            font.used_on.append(pg)
        values = ink[0]
        if values is not None and fill == "DeviceCMYK" and mode in (0, 2, 4, 6):
            self._ink(values, ink[1] and ink[2] == 1, eff, pg)

    def _ink(self, cmyk: tuple[float, ...], overprint: bool, eff: float, pg: int) -> None:
        """Prepress rules for text colour: one plate when small; black overprints."""
        plates = sum(1 for v in cmyk if v > 0.001)
        if plates > 1 and eff < SMALL_TEXT_PT - 0.005:
            self.multi_plate.setdefault((pg, round(eff, 1), *cmyk), None)
        if plates == 1 and cmyk[3] >= 0.9999:
            if not overprint:
                self.black_no_overprint.add(pg)
        elif plates == 1 and cmyk[3] >= 0.9:
            self.near_black.add(pg)

    def _image(self, img: pikepdf.Object, name: str, res: _Res, ctm: _Lin, pg: int) -> None:
        w_px, h_px = int(img.get("/Width", 0)), int(img.get("/Height", 0))
        w_pt, h_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
        if not (w_px and h_px and w_pt and h_pt):
            return
        mask = bool(img.get("/ImageMask", False))
        space = "ImageMask" if mask else self._space(img.get("/ColorSpace"), res)
        if not mask:
            self._use(space, pg)
        if img.get("/SMask") is not None or int(img.get("/SMaskInData", 0)):
            self._transparent(pg, f"image {name} has a soft mask")
        dpi = min(w_px * 72 / w_pt, h_px * 72 / h_pt)
        placed = (round(w_pt / MM, 2), round(h_pt / MM, 2))
        self.images.append(ImageFacts(pg, name, (w_px, h_px), placed, round(dpi, 1), space))

    def _gstate(self, name: str, res: _Res, pg: int, lw: float, ink: _Ink) -> tuple:
        facts = res.states.get(name, _NOT_FOUND)
        if facts is _NOT_FOUND:
            facts = res.states[name] = _gstate_facts(name, res.get("/ExtGState", name))
        if facts is None:
            self.missing.setdefault(f"graphics state {name}", pg)
            return lw, ink
        op, opm, width, transparency = facts
        if op is not None or opm is not None:
            ink = (ink[0], op if op is not None else ink[1], opm if opm is not None else ink[2])
        for what in transparency:
            self._transparent(pg, what)
        return (width if width is not None else lw), ink

    def _space(self, cs: pikepdf.Object | str | None, res: _Res) -> str:
        """A short name for a colour space given by name, abbreviation or array."""
        if cs is None:
            return "DeviceGray"
        if isinstance(cs, str | pikepdf.Name):
            s = str(cs)
            if s in _ABBREV_CS:
                return _ABBREV_CS[s]
            if s in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
                return s[1:]
            found = res.get("/ColorSpace", s)
            return self._space(found, res) if found is not None else f"undefined {s}"
        if isinstance(cs, pikepdf.Array | list) and len(cs):
            family = str(cs[0])[1:]
            if family == "ICCBased":
                return "ICCBased/" + _ICC_N.get(int(cs[1].get("/N", 0)), "?")
            if family in ("Indexed", "I"):
                return "Indexed/" + self._space(cs[1], res)
            if family == "Pattern" and len(cs) > 1:
                return "Pattern/" + self._space(cs[1], res)
            return family
        return "?"

    def _use(self, space: str, pg: int) -> None:
        self.spaces.setdefault(space, set()).add(pg)

    def _transparent(self, pg: int, what: str) -> None:
        item = f"page {pg}: {what}"
        if item not in self.transparency:
            self.transparency.append(item)

    def _fonts_of(self, res: _Res, pg: int) -> None:
        """Record the fonts of a resource dictionary (and Type3 fonts' own resources)."""
        if res.fonts is None:
            res.fonts = self._font_list(res.obj, pg)
        for facts in res.fonts:
            if pg not in facts.pages:
                facts.pages.append(pg)

    def _font_list(self, resources: pikepdf.Object | None, pg: int) -> list[FontFacts]:
        """The fonts a resource dictionary lists, each read once per document."""
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            return []
        # Pages and forms list the same fonts: one shared dictionary (ReportLab), or equal
        # ones of references, whose text says which without a look at each entry.
        mark: object = fonts.objgen if fonts.is_indirect else fonts.unparse()
        if mark in self._font_lists:
            return self._font_lists[mark]
        found: list[FontFacts] = []
        for _, font in fonts.items():
            key = _key(font)
            facts = self.fonts.get(key)
            if facts is None:
                facts = self.fonts[key] = _font_facts(font)
                if pg not in facts.pages:
                    facts.pages.append(pg)
                glyph0 = glyph0_codes(font) if facts.embedded and self.read_glyphs else None
                if glyph0 is not None and glyph0[1]:
                    self._glyph0[id(facts)] = (facts, font, *glyph0)
                if font.get("/Subtype") == "/Type3" and font.get("/Resources") is not None:
                    self._fonts_of(_Res(font.Resources), pg)
            if not any(f is facts for f in found):
                found.append(facts)
        if isinstance(mark, tuple) or _ALL_REFERENCES.fullmatch(mark):
            self._font_lists[mark] = found
        return found

    def find_notdef(self, pages: list[pikepdf.Page]) -> None:
        """Where text shows a code its font draws as .notdef: a second, narrower pass, run
        only when a font drawn in the document maps some code to glyph 0."""
        suspects = {k: v for k, v in self._glyph0.items() if v[0].used_on}
        if not suspects:
            return
        names: dict[int, dict[int, str]] = {}
        seen: set[tuple] = set()

        def run(stream: object, res: _Res, pg: int, depth: int) -> None:
            font = None
            stack: list = []
            for ins in pikepdf.parse_content_stream(stream, "q Q Tf Tj TJ ' \" Do"):
                op = str(ins.operator)
                if op == "q":
                    stack.append(font)
                elif op == "Q":
                    font = stack.pop() if stack else font
                elif op == "Tf" and ins.operands:
                    font = self._font(str(ins.operands[0]), res)
                elif op == "Do" and ins.operands and depth < 12:
                    xobj = res.get("/XObject", str(ins.operands[0]))
                    if xobj is not None and xobj.get("/Subtype") == "/Form":
                        key = (xobj.objgen, pg)
                        if key not in seen or xobj.objgen == (0, 0):
                            seen.add(key)
                            run(xobj, self._res_of(xobj, res), pg, depth + 1)
                elif font is not None and id(font) in suspects:
                    facts, fobj, width, bad = suspects[id(font)]
                    for code in shown_codes(list(ins.operands), width):
                        if code in bad:
                            if id(font) not in names:
                                names[id(font)] = to_unicode(fobj)
                            char = describe(names[id(font)].get(code), code, width)
                            self.notdef.setdefault((pg, facts.name, char), None)

        for number, page in enumerate(pages, start=1):
            if any(number in v[0].used_on for v in suspects.values()):
                run(page, _Res(page.obj.get("/Resources")), number, 0)


def _font_facts(font: pikepdf.Object) -> FontFacts:
    subtype = str(font.get("/Subtype", "/?"))[1:]
    name = str(font.get("/BaseFont", font.get("/Name", "/?")))[1:]
    desc, kind = font.get("/FontDescriptor"), subtype
    if subtype == "Type0":
        descendants = font.get("/DescendantFonts")
        cid = descendants[0] if descendants is not None and len(descendants) else None
        if cid is not None:
            desc = cid.get("/FontDescriptor")
            kind = f"Type0/{str(cid.get('/Subtype', '/?'))[1:]}"
    embedded = subtype == "Type3" or (
        desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    )
    return FontFacts(name, kind, embedded, bool(_SUBSET.match(name)))


_ID: _Lin = (1.0, 0.0, 0.0, 1.0)
_TEXT = frozenset({"Tj", "TJ", "'", '"'})
_DEVICE = {"rg": "DeviceRGB", "RG": "DeviceRGB", "K": "DeviceCMYK"}
_DEVICE |= {"g": "DeviceGray", "G": "DeviceGray"}


def _mul(m: _Lin, n: _Lin) -> _Lin:
    """m x n for PDF row-vector matrices (m applies first)."""
    a, b, c, d = m
    e, f, g, h = n
    return (a * e + b * g, a * f + b * h, c * e + d * g, c * f + d * h)


def _min_scale(m: _Lin) -> float:
    """The smallest singular value: how much the thinnest direction of a stroke shrinks."""
    a, b, c, d = m
    t, det = a * a + b * b + c * c + d * d, abs(a * d - b * c)
    return math.sqrt(max(0.0, (t - math.sqrt(max(0.0, t * t - 4 * det * det))) / 2))


_NOT_FOUND = object()
_ALL_REFERENCES = re.compile(rb"<<(?:\s*/[^\s/<>\[\]()]+\s+\d+\s+\d+\s+R)*\s*>>")


class _Res:
    """A resource dictionary and what has been looked up in it (each name read once)."""

    __slots__ = ("obj", "found", "states", "font_facts", "fonts")

    def __init__(self, obj: pikepdf.Object | None) -> None:
        self.obj = obj
        self.found: dict[tuple[str, str], pikepdf.Object | None] = {}
        self.states: dict[str, tuple | None] = {}  # ExtGState name -> _gstate_facts
        self.font_facts: dict[str, FontFacts | None] = {}  # font name -> its facts
        self.fonts: list[FontFacts] | None = None  # the fonts it lists

    def get(self, category: str, name: object) -> pikepdf.Object | None:
        """``/category/name`` of these resources, or None."""
        if name is None or self.obj is None:
            return None
        key = (category, str(name))
        if key in self.found:
            return self.found[key]
        group = self.obj.get(category)
        value = self.found[key] = group.get(key[1]) if group is not None else None
        return value


def _gstate_facts(name: str, gs: pikepdf.Object | None) -> tuple | None:
    """(fill overprint or None, OPM or None, line width or None, transparency notes)."""
    if gs is None:
        return None
    # /op (fill overprint) defaults to /OP when absent
    op = gs.get("/op", gs.get("/OP"))
    opm = int(gs["/OPM"]) if "/OPM" in gs else None
    notes = []
    smask = gs.get("/SMask")
    if smask is not None and smask != pikepdf.Name.None_:
        notes.append(f"ExtGState {name} has a soft mask")
    for key in ("/CA", "/ca"):
        if key in gs and float(gs[key]) < 1:
            notes.append(f"ExtGState {name} sets {key[1:]} {float(gs[key]):g}")
    bm = gs.get("/BM")
    if isinstance(bm, pikepdf.Array | list):
        bm = bm[0] if len(bm) else None
    if bm is not None and str(bm) not in ("/Normal", "/Compatible"):
        notes.append(f"ExtGState {name} uses blend mode {str(bm)[1:]}")
    width = float(gs["/LW"]) if "/LW" in gs else None
    return (bool(op) if op is not None else None), opm, width, tuple(notes)


def _key(obj: pikepdf.Object) -> tuple[int, int] | bytes:
    """Identity of an object: its number, or for a direct one its text (ids are not stable)."""
    return obj.objgen if obj.is_indirect else bytes(obj.unparse())


def box(arr: pikepdf.Object | None) -> tuple[float, float, float, float] | None:
    """A PDF rectangle as (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1, or None."""
    if arr is None or len(arr) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in arr)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def clip(rect: tuple[float, ...] | None, media: tuple[float, ...]) -> tuple[float, ...] | None:
    """``rect`` cut to ``media``, as readers do with page boxes that stick out."""
    if rect is None:
        return None
    x0, y0 = max(rect[0], media[0]), max(rect[1], media[1])
    return (x0, y0, min(rect[2], media[2]), min(rect[3], media[3]))


def source_name(source: Path | bytes, name: str | None) -> str:
    """The name for messages: the one given, else the path, else "<pdf>"."""
    if name is not None:
        return name
    return "<pdf>" if isinstance(source, bytes | bytearray) else str(source)


def open_pdf(source: Path | bytes, name: str) -> pikepdf.Pdf:
    """Open a path or bytes as a PDF; any failure is an InputError naming ``name``."""
    try:
        data = bytes(source) if isinstance(source, bytes | bytearray) else Path(source).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", where=name) from error
    try:
        return pikepdf.Pdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise InputError(
            "the PDF is encrypted with a password; give the file before encryption "
            "(or as the maker saves it without a password)",
            where=name,
        ) from error
    except pikepdf.PdfError as error:
        # qpdf names its input; ours is a stream in memory, which means nothing to a reader.
        detail = re.sub(r"^(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? *", "", str(error))
        raise InputError(f"not a readable PDF ({detail})", where=name) from error
