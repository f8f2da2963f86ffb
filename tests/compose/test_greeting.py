"""The invitation greets a guest by the record's gender when the data says it (Russian
«Уважаемый» / «Уважаемая»), and with the name alone when it does not: never «Уважаемый(ая)»."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
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
        build_pdf("invitation", russian, record={"name": "Айгерим Канатовна", "organisation": ""})
    )
    assert "Айгерим Канатовна!" in text
    assert "Уважаем" not in text and "(ая)" not in text


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
