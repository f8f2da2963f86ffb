"""Which layout mechanism a template uses, by its kind (the template data says which)."""

from __future__ import annotations

from ..compose.bilingual import layout_facts
from ..compose.render import Composed
from ..compose.template import Template
from ..content.facts import Content
from ..content.language import pdf_tag
from .images import PictureOptions
from .layout import LaidDocument, lay_out_sheet


def lay_out(
    template: Template,
    composed: Composed,
    event: Content,
    *,
    size: str | None = None,
    color_mode: str = "rgb",
    pictures: PictureOptions | None = None,
) -> LaidDocument:
    """Lay out a composed template with the mechanism its kind names."""
    title = event.article.title
    if template.kind in ("sheet", "record"):
        laid = lay_out_sheet(
            template,
            composed,
            layout_facts(event),
            title=title,
            size=size,
            color_mode=color_mode,
            pictures=pictures,
        )
    else:
        from .brochure import lay_out_brochure

        laid = lay_out_brochure(
            template, composed, event, size=size, color_mode=color_mode, pictures=pictures
        )
    laid.lang = pdf_tag(event.lang, event.script)
    return laid
