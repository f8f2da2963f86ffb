"""What a new user's own events showed (a Russian regional science fair with a long organiser
and partner logos, a Kazakh–Russian concert with a photograph and no web address, twenty
recipients with Kazakh and Russian names): each defect seen on the pages, with its test."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import build_pdf, load_event
from generator.errors import InputError
from tests.conftest import pdf_text

BILINGUAL = Path(__file__).parent.parent / "data" / "qa-layout" / "bilingual" / "article.kk.txt"
# One organisation, which the Russian normaliser spaces its own way («и» tied to the next
# word) and the Kazakh one does not.
LONG_ORG = (
    "Областной научно-практический центр выявления и поддержки одарённых детей «Дарын» "
    "Управления образования Карагандинской области"
)


@pytest.fixture(scope="module")
def bilingual():
    return load_event(BILINGUAL, lang="kk,ru")


@pytest.mark.parametrize("template", ["invitation", "certificate", "badge"])
def test_a_record_field_prints_once_in_a_bilingual_document(bilingual, template):
    """The organisation printed twice, once a language («…выявления и поддержки…» with a
    no-break space after «и» in the Russian copy), and so did not fit its box."""
    record = {"name": "Смагулова Дана Маратовна", "role": "guest", "organisation": LONG_ORG}
    text = " ".join(pdf_text(build_pdf(template, bilingual, record=record)).split())
    assert text.count("Карагандинской области") == 1, text


def test_a_field_too_long_for_a_shrinking_box_is_named(bilingual):
    """The certificate's role box (role over organisation) failed with «…template.toml: box
    'role': the text does not fit its box»: no field named, nothing said to do; and of its two
    fields the long one is the one to shorten."""
    event = load_event(Path(__file__).parent.parent / "data" / "ru-event" / "article.ru.txt")
    record = {"name": "Ли Александр Сергеевич", "role": "guest", "organisation": LONG_ORG * 3}
    with pytest.raises(InputError) as caught:
        build_pdf("certificate", event, record=record)
    assert "field 'organisation' is too long for box 'role'" in str(caught.value)
    assert "shorten it" in str(caught.value)
