"""Words cut at a line end come out of the PDF whole: the drawn hyphen is a soft hyphen
(U+00AD) in the text layer, so pypdf and pdfminer.six return "құ\\xad" + line break +
"рылым", which every reader joins, instead of "құ-" and "рылым"."""

from __future__ import annotations

import io
import re

import pytest

from generator.api import build_pdf, load_event

_JOIN = re.compile(r"\xad\s*\n\s*")


def _pypdf(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _pdfminer(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w\u00AD-]+", text.replace("\u00a0", " ")))


@pytest.mark.parametrize("product", ["booklet", "trifold"])
@pytest.mark.parametrize("extract", [_pypdf, _pdfminer], ids=["pypdf", "pdfminer"])
def test_hyphenated_words_extract_whole(product, extract, event_dir):
    article = event_dir / "article.kk.txt"
    event = load_event(article)
    pdf = build_pdf(product, event, color="cmyk")
    text = extract(pdf)
    cuts = [m.start() for m in re.finditer("\xad", text)]
    assert len(cuts) >= 5, f"{product}: expected hyphenated lines, found {len(cuts)}"
    joined = _JOIN.sub("", text)
    source = _words(event.article.text)
    in_joined = _words(joined)
    for at in cuts:
        head = re.search(r"[\w-]+$", text[:at]).group(0)
        # the rest of the word starts the next line, or (at a page's foot) the next page's
        # text after its running head and folio, or (pdfminer reads a column's first line,
        # level with the page's label, apart from the rest of its column) a later line
        after = re.findall(r"[\w-]+", text[at + 1 : at + 400])
        starts = re.findall(r"(?m)^\s*([\w-]+)", text[at + 1 :])
        whole = next((head + t for t in after[:12] + starts if head + t in source), None)
        assert whole, f"{head}\xad then {after[:3]}: no word of the article"
        if head + after[0] == whole:  # on the same page: joined in the extracted text
            assert whole in in_joined
    # no line of running text ends in a plain hyphen unless the article's word has one there
    for m in re.finditer(r"([\w]+)-\n\s*([\w]+)", text):
        assert f"{m.group(1)}-{m.group(2)}" in event.article.text, m.group(0)
