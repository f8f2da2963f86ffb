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
        == "Abilqaiyr Uljan Sharipova Galiia Nn Umit H"
    )  # я is ia
    assert file_names([Record(2, {"name": "Іңкәр Өтегенова"})], ascii_only=True) == [
        "0002-Inkar_Otegenova.pdf"
    ]
    assert safe_name("李", ascii_only=True) == "record"


@pytest.mark.parametrize(
    ("cyrillic", "ascii_name"),
    [
        # ш was s (Шамшиев → Samsiev, one file with Самсиев's), щ ss, ч ch while the Latin
        # print writes tş: ш, ч, щ are sh, ch, shch, as in passports.
        ("Шамшиев", "Shamshiev"),
        ("Самсиев", "Samsiev"),
        ("Чокин", "Chokin"),
        ("Цой", "Tsoi"),
        ("Атшы", "Atshy"),  # т + ш is not ч
        ("Щукина", "Shchukina"),
        ("Быстрова", "Bystrova"),
        ("Объедков Мельников", "Obedkov_Melnikov"),
        ("Эльмира", "Elmira"),
        ("Юлия Яна Ёлкина", "Iuliia_Iana_Iolkina"),
        ("ЧОКИН ШЫНАР", "CHOKIN_SHYNAR"),
        ("Ақжол Ұлы", "Aqjol_Uly"),
    ],
)
def test_ascii_names_of_kazakh_and_russian_letters(cyrillic, ascii_name):
    recs = [Record(2, {"name": cyrillic})]
    assert file_names(recs, "{name}", ascii_only=True) == [f"{ascii_name}.pdf"]


def test_ascii_names_follow_the_printed_latin_alphabet():
    """One table: the ASCII name is the Latin alphabet that is printed (--script latn)
    without its marks, but for ш, ч, щ (whose bare forms s, ts, ss are с's and ц's)."""
    from generator.content.latin import LETTERS, transliterate

    for cyr in LETTERS:
        if cyr in "шчщ":
            continue
        word = f"а{cyr}а"
        bare = to_latin(transliterate(word))  # the printed Latin, marks dropped
        assert to_latin(word) == bare, cyr


@pytest.mark.parametrize("mark", ["'", "\u2019", "\u02bc", "\u2018", "`", "\u00b4", "\uff07"])
def test_every_apostrophe_is_left_out_of_an_ascii_name(mark):
    """A straight apostrophe was kept (O'Connor.pdf, a name to quote in a shell) while the
    typographic one the documents print and the Latin modifier letter were dropped: one
    person typed two ways made two names."""
    recs = [Record(2, {"name": f"O{mark}Connor Д{mark}Арк"})]
    assert file_names(recs, "{name}", ascii_only=True) == ["OConnor_DArk.pdf"]
    # Names in the alphabet written with apostrophes (2017) lose them as they lose diacritics.
    assert to_latin(f"Qazaqstan Respy{mark}bli{mark}kasy") == "Qazaqstan Respyblikasy"
    assert safe_name(f"O{mark}Connor") == f"O{mark}Connor"  # Unicode names keep what was typed


def test_a_single_file_name_is_ascii_with_ascii_names(tmp_path):
    """--ascii-names made every per-record name ASCII but left --single-file's --name as it was."""
    from generator.batch.run import run_batch

    from .conftest import sample_rows, write_csv

    data = write_csv(tmp_path / "people.csv", sample_rows()[:2])
    out = tmp_path / "out"
    result = run_batch(
        "certificate", data, out=out, single_file=True, name="Алғыс хаттар O'Connor",
        ascii_names=True,
    )  # fmt: skip
    assert result.ok and [p.name for p in result.written] == ["Algys_hattar_OConnor.pdf"]


def test_cli_default_pattern_is_the_api_default():
    from generator.batch import cli, names

    assert cli._DEFAULT_PATTERN == names.DEFAULT_PATTERN
