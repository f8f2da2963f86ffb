"""What a new user's own events showed (a Russian regional science fair with a long organiser
and partner logos, a Kazakh–Russian concert with a photograph and no web address, twenty
recipients with Kazakh and Russian names): each defect seen on the pages, with its test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.api import build_pdf, load_event
from generator.errors import InputError
from tests.conftest import pdf_text

ROOT = Path(__file__).resolve().parents[2]
RU_EVENT = ROOT / "tests" / "data" / "ru-event" / "article.ru.txt"
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
    event = load_event(RU_EVENT)
    record = {"name": "Ли Александр Сергеевич", "role": "guest", "organisation": LONG_ORG * 3}
    with pytest.raises(InputError) as caught:
        build_pdf("certificate", event, record=record)
    assert "field 'organisation' is too long for box 'role'" in str(caught.value)
    assert "shorten it" in str(caught.value)


# Words that take the name as the data has it, in the nominative («награждается Иванов»).
NOMINATIVE_LEADS = {"", "награждается", "марапатталады"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_award_lead_takes_the_name_in_the_nominative(lang):
    """«Благодарственное письмо вручается Иванов Сергей Петрович», «Сертификат выдан Иванов…»,
    «Алғыс хат табысталады Жумабаева…»: those words ask the dative, which no data file gives."""
    from generator.compose.vocab import vocabulary

    awards = vocabulary(ROOT / "templates" / "certificate", lang)["award"]
    assert {
        kind: a["lead"] for kind, a in awards.items() if a["lead"] not in NOMINATIVE_LEADS
    } == {}


@pytest.mark.parametrize("award", ["thanks", "certificate"])
def test_russian_certificate_reads_as_a_sentence(tmp_path, award):
    shutil.copytree(RU_EVENT.parent, tmp_path / "e")
    facts = tmp_path / "e" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("[event]\n", f'[event]\naward = "{award}"\n', 1), "utf-8")
    event = load_event(tmp_path / "e" / RU_EVENT.name)
    record = {"name": "Иванов Сергей Петрович", "role": "", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("certificate", event, record=record)).split())
    assert "вручается" not in text and "выдан" not in text
    if award == "certificate":  # the citation says what confirms: not «Иванов… Подтверждает»
        assert "Настоящий сертификат подтверждает участие" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_booklet_highlight_reads_number_then_caption(lang):
    """The booklet set its highlighted fact apart as «15 – лучших проектов выходят…»: a dash
    between a number and the words that count it (and an en dash in Russian); the default
    event's read «50 – бәсекеге … кіру – мақсат»."""
    event = load_event(lang=lang)
    fact = event.facts.roles.highlight
    text = " ".join(pdf_text(build_pdf("booklet", event)).replace("\u00a0", " ").split())
    assert f"{fact.print} {' '.join(fact.caption.split())}" in text
    assert f"{fact.print} – " not in text and f"{fact.print} — " not in text


@pytest.mark.parametrize(
    ("template", "lang", "role", "printed"),
    [
        ("certificate", "ru", "guest", "Гость"),
        ("certificate", "kk", "Guest", "Қонақ"),
        ("certificate", "ru", "speaker", "Спикер"),
        ("badge", "ru", "guest", "Гость"),
        ("badge", "kk", "jury", "Қазылар алқасы"),
        ("badge-photo", "ru", "guest", "Гость"),
        ("badge", "ru", "speaker", "Спикер"),  # the variant's label, as before
        ("badge", "ru", "методист", "Методист"),  # no key: as written, a capital first
    ],
)
def test_a_role_written_as_its_key_prints_in_the_documents_language(template, lang, role, printed):
    """One data file served the badge (whose variants are keyed speaker, volunteer) and the
    certificate: a Russian certificate printed «Guest», «Speaker», a badge «Guest», «Jury»."""
    event = load_event(RU_EVENT) if lang == "ru" else load_event()
    record = {"name": "Ли Александр Сергеевич", "role": role, "organisation": "Гимназия № 93"}
    text = pdf_text(build_pdf(template, event, record=record))
    assert printed in text
    if printed.lower() != role.lower():
        assert role not in text and role.capitalize() not in text


def test_bilingual_certificate_role_in_both_languages_over_one_organisation(bilingual):
    """«guest» is «Қонақ» and «Гость»: the role box (the role over the organisation) differed
    by language and was set one language after the other, the organisation twice."""
    record = {"name": "Смагулова Дана Маратовна", "role": "guest", "organisation": "Гимназия № 93"}
    text = " ".join(pdf_text(build_pdf("certificate", bilingual, record=record)).split())
    assert "Қонақ / Гость" in text
    assert text.count("Гимназия № 93") == 1


# A regional organiser's full name, as such names are (170 letters).
LONG_ORGANISER = (
    "Управление образования Карагандинской области и Карагандинский университет имени "
    "академика Е. А. Букетова при поддержке Областного научно-практического центра «Дарын»"
)


@pytest.mark.parametrize("photo", [False, True])
def test_poster_takes_a_long_organiser(tmp_path, photo):
    """«event.organiser is too long for box 'footer' of template 'poster'»: a two-line
    organiser with a place, a time and a web address did not fit the poster's details even at
    9 pt; the details grow up over the panel's margin instead."""
    folder = tmp_path / "e"
    shutil.copytree(RU_EVENT.parent, folder)
    facts = folder / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace('organiser = "Управление культуры Карагандинской области"\n', "")
    extra = f'organiser = "{LONG_ORGANISER}"\nurl = "https://shag-v-nauku.kz/2026"\n'
    if photo:
        from tests.pictures import quadrant_photo

        quadrant_photo(folder / "hall.jpg", (3000, 2000))
        extra += 'photo = "hall.jpg"\n'
    facts.write_text(text.replace("[event]\n", "[event]\n" + extra, 1), encoding="utf-8")
    pdf = build_pdf("poster", load_event(folder / RU_EVENT.name))
    assert "при поддержке Областного" in " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize(
    ("header", "said"),
    [
        # An office list's own names for the fields: the error says which to rename.
        ("ФИО,Роль,Организация", "no column 'name', which template 'certificate' needs"),
        ("ФИО,Роль,Организация", "rename 'ФИО' to 'name'"),
        ("Аты-жөні,role,organisation", "rename 'Аты-жөні' to 'name'"),
        # The optional fields' columns under other names were read by nothing, silently: the
        # certificates came out without roles or organisations.
        ("name,Роль,Организация", "column 'Роль' is read by nothing"),
        ("name,role,Организация", "rename 'Организация' to 'organisation'"),
        ("name,Role,organisation", "rename 'Role' to 'role'"),
    ],
)
def test_a_column_under_another_name_is_said(tmp_path, header, said):
    from tests.conftest import run_cli

    data = tmp_path / "people.csv"
    data.write_text(f"{header}\nИванов Сергей Петрович,speaker,Гимназия № 93\n", "utf-8")
    code, _, err = run_cli(
        "batch", "certificate", "--data", str(data), "--article", str(RU_EVENT),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 1 and said in err, err
    assert "people.csv" in err
    assert not list(tmp_path.glob("out/*.pdf"))  # refused before any document


def test_kazakh_invitation_invites_to_any_event():
    """The Kazakh invitation asked a concert's guests to «… іс-шарасына арналған салтанатты
    жиынға» (a ceremony dedicated to the event), where the Russian invites to take part."""
    record = {"name": "Әбдірахманов Нұрлан Серікұлы", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("invitation", load_event(), record=record)).split())
    assert "салтанатты" not in text
    assert "іс-шарасына қатысуға шақырамыз" in text
