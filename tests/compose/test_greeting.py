"""The invitation greets a guest by the record's gender when the data says it (Russian
«Уважаемый» / «Уважаемая»), and with the name alone when it does not: never «Уважаемый(ая)»."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from generator.compose.names import address
from generator.compose.render import gender
from tests.conftest import pdf_text, run_cli

RU_EVENT = Path(__file__).parent.parent / "data" / "ru-event" / "article.ru.txt"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"name": "А", "gender": "m"}, "m"),
        ({"name": "А", "Gender": "F"}, "f"),
        ({"name": "А", "пол": "ж"}, "f"),
        ({"name": "А", "Пол": " Муж. "}, "m"),
        ({"name": "А", "пол": "женский"}, "f"),
        ({"name": "А", "жынысы": "әйел"}, "f"),
        ({"name": "А", "жынысы": "ер"}, "m"),
        ({"name": "А", "пол": "\ue000м\ue001"}, "m"),  # the marks a Latin build puts round values
        ({"name": "А", "пол": ""}, ""),
        ({"name": "А", "пол": "?"}, ""),  # not understood: the neutral words
        ({"name": "А"}, ""),
        (None, ""),
    ],
)
def test_gender_from_the_record(record, expected):
    assert gender(record) == expected


@pytest.fixture(scope="module")
def russian():
    return load_event(RU_EVENT)


def _greeting_and_name(pdf: bytes, name: str) -> str:
    text = pdf_text(pdf)
    at = text.index(name)
    return text[max(0, at - 20) : at + len(name) + 1]


@pytest.mark.parametrize(
    ("field", "value", "greeting"),
    [("пол", "ж", "Уважаемая"), ("gender", "m", "Уважаемый"), ("пол", "Жен.", "Уважаемая")],
)
def test_russian_invitation_agrees_with_the_gender_column(russian, field, value, greeting):
    record = {"name": "Айгерим Канатовна", "organisation": "", field: value}
    text = pdf_text(build_pdf("invitation", russian, record=record))
    assert f"{greeting} Айгерим Канатовна!" in text
    assert "(ая)" not in text


def test_russian_invitation_without_gender_greets_by_name_alone(russian):
    text = pdf_text(
        build_pdf("invitation", russian, record={"name": "Алекс Ким", "organisation": ""})
    )
    assert "Алекс Ким!" in text
    assert "Уважаем" not in text and "(ая)" not in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Surname first, as official lists write names: name and patronymic, no surname.
        ("Жумабаева Айгуль Серикбаевна", "Айгуль Серикбаевна"),
        ("Иванов Сергей Петрович", "Сергей Петрович"),
        ("Әбдірахманов Нұрлан Серікұлы", "Нұрлан Серікұлы"),
        (
            "Мухаммедкаримова-Абдрахманова Гульнур-Акерке Нурсултановна",
            "Гульнур-Акерке Нурсултановна",
        ),
        ("Абрамович Роман Аркадьевич", "Роман Аркадьевич"),  # a surname ending as -ович does
        ("Алиев Ильхам Гейдар оглы", "Ильхам Гейдар оглы"),
        ("Ульянов Владимир Ильич", "Владимир Ильич"),
        # Given name first.
        ("Айгуль Серикбаевна Жумабаева", "Айгуль Серикбаевна"),
        ("Роман Аркадьевич Абрамович", "Роман Аркадьевич"),
        ("Айгерим Канатовна", "Айгерим Канатовна"),
        # No patronymic: a surname written first goes last; a name that reads both ways stays.
        ("Тимофеева Анна", "Анна Тимофеева"),
        ("Нұрғалиев Ерболат", "Ерболат Нұрғалиев"),
        ("Сейітқалиұлы Ерлан", "Ерлан Сейітқалиұлы"),
        ("Иванова Екатерина", "Екатерина Иванова"),  # a given name that ends as a surname
        ("Мадина Қасымова", "Мадина Қасымова"),
        ("Шевченко Ирина", "Ирина Шевченко"),
        ("Полина Пушкина", "Полина Пушкина"),
        ("Ким Виктория", "Ким Виктория"),
        ("Иванов С. П.", "Иванов С. П."),
        ("Әлия", "Әлия"),
        ("\ue000Иванов Сергей Петрович\ue001", "\ue000Сергей Петрович\ue001"),  # Latin build
    ],
)
def test_the_words_that_address_a_person(name, expected):
    assert address(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Жумабаева Айгуль Серикбаевна", "f"),
        ("Бекмұхамбетов Асқар Қайратұлы", "m"),
        ("Сейтқалиева Гүлнар Бауыржанқызы", "f"),
        ("Роман Аркадьевич Абрамович", "m"),
        ("Абрамович Анна Сергеевна", "f"),
        ("Ильхам Гейдар оглы", "m"),
        # Two words, no patronymic: a surname's ending, when only one word can be one.
        ("Тимофеева Анна", "f"),
        ("Игорь Васильев", "m"),
        ("Қасымова Әсем", "f"),
        ("Сейітқалиұлы Ерлан", "m"),
        ("Шевченко Ирина", ""),  # no gendered surname
        ("Иванова Екатерина", "f"),
        ("Карина Ли", ""),
        ("Абрамович Роман", ""),
        ("Иванов С. П.", ""),
    ],
)
def test_gender_from_the_patronymic_without_a_column(name, expected):
    assert gender({"name": name}) == expected
    assert gender({"name": name, "пол": ""}) == expected  # an empty cell says nothing either


def test_the_gender_column_wins_over_the_patronymic():
    assert gender({"name": "Иванова Анна Петровна", "пол": "м"}) == "m"


def test_russian_invitation_greets_by_surname_gender(russian):
    """«Тимофеева Анна!» was greeted with nothing: the surname's ending says «Уважаемая»."""
    record = {"name": "Тимофеева Анна", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("invitation", russian, record=record)).split())
    assert "Уважаемая Анна Тимофеева!" in text


def test_russian_invitation_greets_by_name_and_patronymic(russian):
    """The official order (surname first) is read: «Уважаемая Айгуль Серикбаевна!», the
    gender from the patronymic, never the whole name after «Уважаемая»."""
    record = {"name": "Жумабаева Айгуль Серикбаевна", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("invitation", russian, record=record)).split())
    assert "Уважаемая Айгуль Серикбаевна!" in text
    assert "Жумабаева" not in text


def test_kazakh_invitation_greets_by_name_and_patronymic():
    record = {"name": "Әбдірахманов Нұрлан Серікұлы", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("invitation", load_event(), record=record)).split())
    assert "Құрметті Нұрлан Серікұлы!" in text
    assert "Әбдірахманов" not in text


def test_kazakh_invitation_is_neutral_with_or_without_gender():
    event = load_event()
    for extra in ({}, {"жынысы": "ер"}, {"пол": "ж"}):
        text = pdf_text(
            build_pdf("invitation", event, record={"name": "Әлия", "organisation": "", **extra})
        )
        assert "Құрметті Әлия!" in text


def test_batch_reads_the_gender_column_per_record(tmp_path):
    data = tmp_path / "guests.csv"
    data.write_text(
        "name,organisation,Пол\nАйгерим Канатовна,,ж\nИван Петрович,,м\nАлекс Ким,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = run_cli(
        "batch", "invitation", "--data", str(data), "--article", str(RU_EVENT),
        "--single-file", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    (book,) = [p for p in out.glob("*.pdf")]
    pages = [pdf_text(book, i) for i in range(len(PdfReader(book).pages))]
    assert "Уважаемая Айгерим Канатовна!" in pages[0]
    assert "Уважаемый Иван Петрович!" in pages[1]
    assert "Уважаем" not in pages[2] and "Алекс Ким!" in pages[2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A woman's surname ends as a man's patronymic does (Belarusian, Serbian, Polish
        # surnames): «Уважаемый Светлана Алексиевич!» was printed.
        ("Светлана Алексиевич", ""),
        ("Елена Сенкевич", ""),
        ("Svetlana Aleksievich", ""),
        ("Роман Аркадьевич", "m"),
        ("Сенкевич Елена Ивановна", "f"),
        # Uzbek and Azerbaijani patronymics, in Cyrillic and in Latin letters; Russian ones
        # transliterated.
        ("Каримов Рустам Шавкат ўғли", "m"),
        ("Karimov Rustam Shavkat o'g'li", "m"),
        ("Karimova Dilnoza Rustam qizi", "f"),
        ("Zhumabayeva Aigul Serikbayevna", "f"),
        ("Ivanov Sergey Petrovich", "m"),
    ],
)
def test_gender_of_names_unlike_the_test_data(name, expected):
    assert gender({"name": name}) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A given name ending as a surname does, before a surname that does not (Korean
        # surnames of Kazakhstan): it was put last, «Ким Константин».
        ("Константин Ким", "Константин Ким"),
        ("Валентин Цой", "Валентин Цой"),
        ("Эвелина Пак", "Эвелина Пак"),
        ("Ким Константин", "Ким Константин"),
        ("Karimov Rustam Shavkat o'g'li", "Rustam Shavkat o'g'li"),
        ("Zhumabayeva Aigul Serikbayevna", "Aigul Serikbayevna"),
        ("ЖУМАБАЕВА АЙГУЛЬ СЕРИКБАЕВНА", "АЙГУЛЬ СЕРИКБАЕВНА"),
        ("Ахметова Әлия Нұрлан қызы", "Әлия Нұрлан қызы"),
        ("Ерболат Серік ұлы Нұрғалиев", "Ерболат Серік ұлы"),
    ],
)
def test_address_of_names_unlike_the_test_data(name, expected):
    assert address(name) == expected


def test_russian_invitation_does_not_take_a_surname_for_a_patronymic(russian):
    """«Светлана Алексиевич»: her surname ends as «Аркадьевич» does; no «Уважаемый»."""
    record = {"name": "Светлана Алексиевич", "organisation": ""}
    text = " ".join(pdf_text(build_pdf("invitation", russian, record=record)).split())
    assert "Светлана Алексиевич!" in text
    assert "Уважаемый" not in text
