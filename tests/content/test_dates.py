"""The event's date in official Kazakh style by default, press style by choice (Babel kk/ru)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.content.dates import event_date, format_date
from generator.content.facts import Event

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("day", "lang", "style", "text"),
    [
        (date(2026, 5, 1), "kk", "official", "2026 жылғы 1 мамыр"),
        (date(2026, 12, 16), "kk", "official", "2026 жылғы 16 желтоқсан"),
        (date(2027, 3, 22), "kk", "press", "22 наурыз"),
        (date(2026, 5, 1), "ru", "official", "1 мая 2026 г."),
        (date(2026, 9, 1), "ru", "press", "1 сентября"),
    ],
)
def test_format(day: date, lang: str, style: str, text: str) -> None:
    out = format_date(day, lang, style)
    assert out.replace(NBSP, " ") == text
    assert "\u202f" not in out  # Babel's narrow space is not in the PT fonts
    assert " " + str(day.day) in " " + out.replace(NBSP, " ")


def test_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError, match="official, press"):
        format_date(date(2026, 5, 1), "kk", "long")


class _Fact:
    def __init__(self, value: str) -> None:
        self.value = self.print = value


def test_date_from_year_and_the_date_fact() -> None:
    assert event_date(Event(year=2026), _Fact("1 мамыр"), "kk") == date(2026, 5, 1)
    assert event_date(Event(year=2026), _Fact("1 мая"), "ru") == date(2026, 5, 1)
    assert event_date(Event(date=date(2026, 6, 6)), None, "kk") == date(2026, 6, 6)
    assert event_date(Event(), _Fact("1 мамыр"), "kk") is None  # no year: no date
    assert event_date(Event(year=2026), _Fact("көктемде"), "kk") is None


def _first_line(pdf: bytes) -> str:
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    return text.splitlines()[0].replace(NBSP, " ")


def test_poster_prints_the_official_date_and_an_event_can_ask_for_press(tmp_path: Path) -> None:
    from generator.api import build_pdf, default_event_dir, load_event

    assert _first_line(build_pdf("poster", load_event())) == "2026 ЖЫЛҒЫ 1 МАМЫР"
    event = tmp_path / "event"
    event.mkdir()
    source = default_event_dir()
    (event / "article.kk.txt").write_bytes((source / "article.kk.txt").read_bytes())
    shutil.copytree(source / "pictures", event / "pictures")  # the logo facts.toml names
    facts = (source / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace("year = 2026", 'year = 2026\ndate_style = "press"', 1)
    (event / "facts.toml").write_text(facts, encoding="utf-8")
    assert _first_line(build_pdf("poster", load_event(event / "article.kk.txt"))) == "1 МАМЫР"


def test_date_fact_in_latin_letters_is_read_as_a_date() -> None:
    # Under --script latn the date fact reaches the date reader already transliterated.
    assert event_date(Event(year=2026), _Fact("14 nauryz"), "kk") == date(2026, 3, 14)
    assert event_date(Event(year=2026), _Fact("1 säuır"), "kk") == date(2026, 4, 1)
    assert event_date(Event(year=2026), _Fact("16 JELTOQSAN"), "kk") == date(2026, 12, 16)
    assert event_date(Event(year=2026), _Fact("1 SÄUIR"), "kk") == date(2026, 4, 1)


def _all_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return " ".join(p.get_textpage().get_text_range() for p in doc).replace(NBSP, " ")


@pytest.mark.parametrize(
    ("style", "kicker", "footer"),
    [
        ("official", "2026 JYLĞY 14 NAURYZ", "2026 jylğy 14 nauryz"),
        ("press", "14 NAURYZ", "14 nauryz"),
    ],
)
def test_latin_kazakh_dates_follow_the_date_style(
    tmp_path: Path, style: str, kicker: str, footer: str
) -> None:
    """«2026 жылғы 14 наурыз» in the 2021 Latin letters, not «14 NAURYZ 2026»; upper case only
    where the template sets the kicker in capitals (the certificate's footer is not)."""
    from generator.api import build_pdf, load_event

    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "article.kk.txt").write_text(
        "Наурыз мейрамы – көктемнің алғашқы күні\n"
        "Биыл 14 наурызда қаламызда Көрісу күні тойланады. Мерекеге 500 адам қатысады\n",
        encoding="utf-8",
    )
    (folder / "facts.toml").write_text(
        f'[event]\nyear = 2026\ndate_style = "{style}"\n'
        '[[facts]]\nid = "day"\nkind = "date"\nvalue = "14 наурыз"\nprint = "14 наурыз"\n'
        'caption = "Көрісу күні"\nsource = "14 наурызда"\n'
        '[[facts]]\nid = "n"\nvalue = 500\nprint = "500"\ncaption = "адам"\n'
        'source = "500 адам қатысады"\n',
        encoding="utf-8",
    )
    event = load_event(folder / "article.kk.txt", script="latn")
    assert _first_line(build_pdf("poster", event)) == kicker
    record = {"name": "Әлия Иманқызы", "role": "ерікті", "organisation": ""}
    text = _all_text(build_pdf("certificate", event, record=record))
    assert footer in text
    assert "2026 JYLĞY" not in text and "14 NAURYZ" not in text
