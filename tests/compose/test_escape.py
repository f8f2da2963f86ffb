"""A record's or a fact's text is printed as itself: & < > and straight quotes are escaped for
ReportLab's markup (quotes as numeric references) and read back as they were typed."""

from __future__ import annotations

from generator.api import build_pdf, load_event
from generator.compose.render import _markup_escaper
from tests.conftest import pdf_text


def test_markup_characters_in_a_record_print_as_typed():
    record = {"name": "Әлия Сәрсенова", "role": "'X' & <y>", "organisation": 'A&B <c> "d"'}
    text = pdf_text(build_pdf("certificate", load_event(), record=record))
    assert "'X' & <y>" in text
    assert "A&B <c> «d»" in text  # the normaliser's quotes, the rest as typed
    assert "&#" not in text and "&amp;" not in text and "&lt;" not in text


def test_a_value_stays_whole_inside_an_attribute():
    """The escaper's quotes are references, so a value put in a tag's attribute cannot close it
    (the replace that was to put plain quotes back was a no-op and is gone)."""
    escape = _markup_escaper()
    assert str(escape('say "hi" & it\'s <b>')) == "say &#34;hi&#34; &amp; it&#39;s &lt;b&gt;"
