"""PDF pictures: put each placed PDF page into the document as a vector form XObject.

ReportLab cannot read a PDF, so the typesetter draws a PDF picture as an empty placeholder
form of the page's size (``typeset/vectors.py``). Here the finished document is opened with
pikepdf and every placeholder is swapped for the picture's page, copied as a form XObject:
its own content stream and resources, nothing rasterised. A picture used on many pages (a
logo in a batch file) is copied once. Only documents that place a PDF picture pay for this.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..typeset.vectors import PDF_FORM_PREFIX, PDF_PICTURES


def place_pdf_pictures(pdf: bytes) -> bytes:
    """The document with every PDF-picture placeholder replaced by the picture's page."""
    if PDF_FORM_PREFIX.encode() not in pdf:
        return pdf
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        copied: dict[str, Any] = {}
        seen: set[tuple[int, int]] = set()

        def visit(resources: Any) -> None:
            xobjects = resources.get("/XObject") if resources is not None else None
            if xobjects is None:
                return
            for key in list(xobjects.keys()):
                name = str(key)[1:].split(".", 1)[-1]  # ReportLab names it FormXob.NAME
                if name.startswith(PDF_FORM_PREFIX) and name in PDF_PICTURES:
                    if name not in copied:
                        copied[name] = _form(doc, PDF_PICTURES[name])
                    xobjects[key] = copied[name]
                    continue
                x = xobjects[key]
                ident = x.objgen
                if x.get("/Subtype") == "/Form" and ident not in seen:
                    seen.add(ident)
                    visit(x.get("/Resources"))

        for page in doc.pages:
            visit(page.obj.get("/Resources"))
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, min_version=doc.pdf_version)
        return out.getvalue()


def _form(doc: Any, path: Path) -> Any:
    """The first page of ``path`` as a form XObject whose visible area (CropBox) starts at
    the origin, as the placeholder's did."""
    import pikepdf

    with pikepdf.open(path) as src:
        page = src.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.cropbox)
        form = page.as_form_xobject(handle_transformations=False)
        form.BBox = pikepdf.Array([x0, y0, x1, y1])
        form.Matrix = pikepdf.Array([1, 0, 0, 1, -x0, -y0])
        return doc.copy_foreign(form)
