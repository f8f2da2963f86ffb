"""The preview's state: the chosen products, built through the API, as page images and guides.

A rebuild reads the event and the templates from disk afresh, builds each product it concerns
and renders its pages with pypdfium2. A product that fails keeps its last good pages and
carries the one-line error (file and line or key). Nothing here lays anything out.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..compose.template import PAPER_SIZES, Template, load_template
from ..errors import GeneratorError

BLEED_MM = 3.0  # build_preview's bleed: the images show it, the guides mark the trim
LONG_SIDE_PX = 1100  # the longer side of a page image


@dataclass(frozen=True)
class PageImage:
    number: int
    key: str  # content hash: the image's URL changes exactly when the page does
    jpeg: bytes
    width_px: int
    height_px: int
    guides: dict[str, Any]


@dataclass
class Product:
    """One chosen product: its template folder and the last build's outcome."""

    folder: Path
    name: str
    sizes: tuple[str, ...] = ()
    description: str = ""
    size: str = ""
    note: str = ""
    error: str = ""
    build_ms: float = 0.0
    pdf: bytes = b""
    pages: list[PageImage] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "size": self.size,
            "sizes": list(self.sizes),
            "note": self.note,
            "error": self.error,
            "build_ms": round(self.build_ms, 1),
            "pages": [
                {
                    "number": p.number,
                    "url": f"/img/{self.name}/{p.number}/{p.key}.jpg",
                    "width_px": p.width_px,
                    "height_px": p.height_px,
                    "guides": p.guides,
                }
                for p in self.pages
            ],
        }


def render_pages(pdf: bytes, guides: list[Any]) -> list[PageImage]:
    """Every page of a PDF as a JPEG (bleed included), with its guides."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            scale = LONG_SIDE_PX / max(page.get_width(), page.get_height())
            image = page.render(scale=scale).to_pil()
            buf = io.BytesIO()
            # JPEG at high quality without chroma subsampling: type edges stay clean, and it
            # encodes three times faster than PNG, which matters in the save-to-screen loop.
            image.save(buf, format="JPEG", quality=92, subsampling=0)
            jpeg = buf.getvalue()
            key = hashlib.sha1(jpeg).hexdigest()[:16]
            g = guides[i].to_dict() if i < len(guides) else {}
            g["bleed"] = BLEED_MM
            out.append(PageImage(i + 1, key, jpeg, image.width, image.height, g))
        return out
    finally:
        doc.close()


class Preview:
    """The event, the chosen templates and the options; ``rebuild`` brings the pages up to date."""

    def __init__(
        self,
        article: Path,
        templates: Iterable[Path],
        *,
        facts: Path | None = None,
        size: str | None = None,
        color: str = "rgb",
        lang: str | None = None,
        script: str = "cyrl",
    ) -> None:
        self.article = article.resolve()
        self.lang, self.script = lang, script
        self.facts = facts.resolve() if facts else None
        self.event_folder = self.article.parent
        self.products = {p.name: p for p in (Product(f.resolve(), f.name) for f in templates)}
        self.size = size
        self.color = color
        self.version = 0
        self.event_error = ""
        self._event: Any = None  # the event as last read; kept while only templates change
        self.listeners: list[Callable[[int], None]] = []
        self._lock = threading.Lock()

    @property
    def roots(self) -> list[Path]:
        """The folders the preview watches and may serve files from."""
        folders = [self.event_folder, *(p.folder for p in self.products.values())]
        if self.facts:
            folders.append(self.facts.parent)
        return list(dict.fromkeys(folders))

    def touches_event(self, changed: Iterable[Path] | None) -> bool:
        """Whether a change is to the event's files (article, facts, pictures)."""
        if changed is None:
            return True
        roots = {self.event_folder, *([self.facts.parent] if self.facts else [])}
        return any(Path(c).resolve().is_relative_to(r) for c in changed for r in roots)

    def concerned(self, changed: Iterable[Path] | None) -> list[Product]:
        """The products a change touches: all for the event's files, else those whose folder it is in."""
        if changed is None or self.touches_event(changed):
            return list(self.products.values())
        paths = [Path(c).resolve() for c in changed]
        return [
            prod
            for prod in self.products.values()
            if any(p.is_relative_to(prod.folder) for p in paths)
        ]

    def rebuild(self, changed: Iterable[Path] | None = None) -> list[str]:
        """Rebuild the products a change concerns (all when ``changed`` is None)."""
        changed = None if changed is None else [Path(c) for c in changed]
        with self._lock:
            in_templates = changed is None or any(
                c.resolve().is_relative_to(p.folder)
                for c in changed
                for p in self.products.values()
            )
            if in_templates:  # Jinja texts are compiled once; only a template edit needs more
                api.reload_templates()
            products = self.concerned(changed)
            try:
                if self._event is None or self.event_error or self.touches_event(changed):
                    self._event = api.load_event(
                        self.article, self.facts, lang=self.lang, script=self.script
                    )
                event = self._event
                self.event_error = ""
            except GeneratorError as e:
                self._event = None
                self.event_error = str(e)
                for product in products:
                    product.error = self.event_error
                self._bump()
                return [p.name for p in products]
            for product in products:
                self._build(product, event)
                self._bump()  # each product shows as soon as it is ready
            return [p.name for p in products]

    def set_options(self, size: str | None = None, color: str | None = None) -> None:
        if size is not None:
            if size not in PAPER_SIZES:
                raise ValueError(f"unknown size {size!r}")
            self.size = size
        if color is not None:
            if color not in ("rgb", "cmyk"):
                raise ValueError(f"colour mode must be rgb or cmyk, got {color!r}")
            self.color = color

    def _build(self, product: Product, event: Any) -> None:
        started = time.perf_counter()
        try:
            tpl: Template = load_template(product.folder)
            product.sizes, product.description = tpl.sizes, tpl.description
            size = self.size if self.size in tpl.sizes else None
            product.size = size or tpl.size
            product.note = (
                f"made at {tpl.size}: {self.size} is not one of its sizes"
                if self.size and size is None
                else ""
            )
            record = {f: f.replace("_", " ").capitalize() for f in tpl.fields} or None
            pdf, guides = api.build_preview(tpl, event, size=size, color=self.color, record=record)
            product.pages = render_pages(pdf, guides)
            product.pdf = pdf
            product.error = ""
        except GeneratorError as e:
            product.error = str(e)
        product.build_ms = (time.perf_counter() - started) * 1000

    def _bump(self) -> None:
        self.version += 1
        for listener in list(self.listeners):
            listener(self.version)

    def image(self, product: str, number: int, key: str) -> bytes | None:
        prod = self.products.get(product)
        if prod is None or not 1 <= number <= len(prod.pages):
            return None
        page = prod.pages[number - 1]
        return page.jpeg if page.key == key else None

    def state(self) -> dict[str, Any]:
        offered = {s for p in self.products.values() for s in p.sizes}
        sizes = [s for s in PAPER_SIZES if s in offered]
        return {
            "version": self.version,
            "article": str(self.article),
            "facts": str(self.facts or self.event_folder / "facts.toml"),
            "size": self.size or "",
            "sizes": sizes,
            "color": self.color,
            "event_error": self.event_error,
            "products": [p.state() for p in self.products.values()],
        }

    def file(self, relative: str) -> Path | None:
        """A file inside one of the watched folders, or None: nothing else is ever served."""
        if "\x00" in relative:
            return None
        for root in self.roots:
            candidate = (root / relative).resolve()
            # resolve() follows links and "..": the result must still be inside the root.
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None
