"""File names from people's data: safe, unique, short; Kazakh Latin for ASCII names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.batch.data import Record
from generator.batch.names import file_names, safe_name, to_latin


@pytest.mark.parametrize(
    "hostile",
    ["../../x", "CON", "nul.txt", "x" * 300, "a\x00b\x1fc", "<b>&amp;</b>", "..", "/", "a/b\\c:d"],
)
def test_hostile_names_become_one_safe_component(hostile):
    name = safe_name(hostile)
    assert name and "/" not in name and "\\" not in name and ".." not in name
    assert not name.startswith(".")
    assert name.upper().split(".")[0] not in ("CON", "NUL")
    assert len(name.encode()) <= 120
    assert all(ord(c) >= 32 for c in name)


@given(st.text(max_size=400))
def test_any_text_gives_a_safe_name(text):
    name = safe_name(text)
    assert name and "/" not in name and "\x00" not in name and not name.startswith(".")
    assert len(name.encode()) <= 120


def test_names_are_unique_even_for_namesakes():
    recs = [Record(n, {"name": "Ann Lee"}) for n in (2, 3, 4)] + [Record(5, {"name": "ann lee"})]
    names = file_names(recs, "{name}")
    assert len({n.lower() for n in names}) == 4
    assert names[0] == "Ann_Lee.pdf" and names[1] == "Ann_Lee-2.pdf"


def test_kazakh_latin_ascii_names():
    assert (
        to_latin("Әбілқайыр Ұлжан Шәріпова Ғалия Ңң Үміт Һ")
        == "Abilqaiyr Uljan Saripova Galiia Nn Umit H"
    )  # я is ia
    assert file_names([Record(2, {"name": "Іңкәр Өтегенова"})], ascii_only=True) == [
        "0002-Inkar_Otegenova.pdf"
    ]
    assert safe_name("李", ascii_only=True) == "record"


def test_cli_default_pattern_is_the_api_default():
    from generator.batch import cli, names

    assert cli._DEFAULT_PATTERN == names.DEFAULT_PATTERN
