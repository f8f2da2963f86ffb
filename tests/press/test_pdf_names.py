"""PDF names escaped once a process: the same text as ReportLab's own escaping."""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc

from generator.api import build_pdf


def test_cached_names_escape_as_reportlab_does(event: object) -> None:
    build_pdf("poster", event)  # installs the cache
    cached = pdfdoc.PDFName
    assert hasattr(cached, "cache_info")
    for name in ("MediaBox", "F1+0", "A B", "a#b", "(x)", "Қаз", "/", ""):
        assert cached(name) == cached.__wrapped__(name)
