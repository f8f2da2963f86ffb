"""A record's printed fields go through the article's normaliser in the build's language:
«Ә.Х.Марғұлан» in a data file printed glued on a certificate beside the event's spaced
«Ә. Х. Марғұлан»; straight quotes print as « »."""

from __future__ import annotations

import pytest

from generator.api import build_pdf, load_event
from generator.compose.render import tidy_record
from tests.conftest import pdf_text

NBSP = "\u00a0"


@pytest.mark.parametrize("template", ["certificate", "invitation"])
def test_glued_initials_of_a_record_are_spaced(template):
    record = {
        "name": "Ә.Х.Марғұлан",
        "role": "баяндамашы",
        "organisation": 'Ә.Х.Марғұлан атындағы "Археология" институты',
    }
    text = pdf_text(build_pdf(template, load_event(), record=record)).replace(NBSP, " ")
    assert "Ә.Х.Марғұлан" not in text
    assert "Ә. Х. Марғұлан" in text
    if template == "certificate":
        assert "«Археология»" in text


def test_only_the_templates_fields_are_normalised():
    """A photo's path or a gender column is left as written."""
    record = {"name": "Ә.Х.Марғұлан", "photo": "people/a.b.jpg", "note": '"x"'}
    tidied = tidy_record(record, "kk", ("name",))
    assert tidied["name"] == f"Ә.{NBSP}Х.{NBSP}Марғұлан"
    assert tidied["photo"] == "people/a.b.jpg" and tidied["note"] == '"x"'
