"""The event's date in official Kazakh style by default, press style by choice (Babel kk/ru)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.content.dates import event_date, event_dates, format_date, format_dates
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


def test_the_date_fact_as_a_kazakh_sentence_writes_it() -> None:
    """«2026 жылғы 20 ақпанда» (the article's «Форум 2026 жылғы 20 ақпанда өтті») was no
    date: the certificate printed «20 ақпан 2026», not the official «2026 жылғы 20 ақпан»."""
    assert event_date(Event(year=2026), _Fact("2026 жылғы 20 ақпанда"), "kk") == date(2026, 2, 20)
    assert event_date(Event(), _Fact("2025 жылғы 1 мамыр"), "kk") == date(2025, 5, 1)
    assert event_date(Event(year=2026), _Fact("15 наурызға"), "kk") == date(2026, 3, 15)
    assert event_date(Event(year=2026), _Fact("1 мамырда"), "kk") == date(2026, 5, 1)
    assert event_date(Event(year=2026), _Fact("20 мамандар"), "kk") is None  # not a month


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


# Ranges: the day and month part by Babel's interval format (CLDR MMMMd), the year as the
# single date sets it, the project's dashes (content/dates.py).
_MARCH = (date(2026, 3, 25), date(2026, 3, 31))
_MONTHS = (date(2026, 2, 28), date(2026, 3, 3))
_YEARS = (date(2025, 12, 30), date(2026, 1, 2))


@pytest.mark.parametrize(
    ("days", "lang", "style", "text"),
    [
        (_MARCH, "kk", "official", "2026 жылғы 25–31 наурыз"),
        (_MONTHS, "kk", "official", "2026 жылғы 28 ақпан – 3 наурыз"),
        (_YEARS, "kk", "official", "2025 жылғы 30 желтоқсан – 2026 жылғы 2 қаңтар"),
        (_MARCH, "kk", "press", "25–31 наурыз"),
        (_MONTHS, "kk", "press", "28 ақпан – 3 наурыз"),
        (_YEARS, "kk", "press", "30 желтоқсан – 2 қаңтар"),
        (_MARCH, "ru", "official", "25–31 марта 2026 г."),
        (_MONTHS, "ru", "official", "28 февраля — 3 марта 2026 г."),
        (_YEARS, "ru", "official", "30 декабря 2025 г. — 2 января 2026 г."),
        (_MARCH, "ru", "press", "25–31 марта"),
        (_MONTHS, "ru", "press", "28 февраля — 3 марта"),
        (_YEARS, "ru", "press", "30 декабря — 2 января"),
    ],
)
def test_format_a_range(days: tuple[date, date], lang: str, style: str, text: str) -> None:
    out = format_dates(*days, lang, style)
    assert out.replace(NBSP, " ") == text
    assert "\u202f" not in out and "\u2009" not in out  # not in the PT fonts
    # The dash between two dates has a no-break space before it (never starts a line).
    assert " –" not in out and " —" not in out


def test_a_single_day_is_the_single_date() -> None:
    day = date(2026, 5, 1)
    for lang in ("kk", "ru"):
        for style in ("official", "press"):
            assert format_dates(day, day, lang, style) == format_date(day, lang, style)


@pytest.mark.parametrize(
    ("text", "lang", "year", "days"),
    [
        ("25–31 наурыз", "kk", 2026, _MARCH),
        ("25 - 31 наурыз", "kk", 2026, _MARCH),
        ("28 ақпан – 3 наурыз", "kk", 2026, _MONTHS),
        ("30 желтоқсан – 2 қаңтар", "kk", 2025, _YEARS),  # past December: the next year
        ("30 желтоқсан 2025 – 2 қаңтар 2026", "kk", None, _YEARS),
        ("25–31 марта", "ru", 2026, _MARCH),
        ("28 февраля — 3 марта", "ru", 2026, _MONTHS),
        ("30 декабря – 2 января 2026", "ru", None, _YEARS),
        ("25–31 nauryz", "kk", 2026, _MARCH),  # under --script latn
    ],
)
def test_range_from_the_date_fact(
    text: str, lang: str, year: int | None, days: tuple[date, date]
) -> None:
    assert event_dates(Event(year=year), _Fact(text), lang) == days
    assert event_dates(Event(year=year, date=text), None, lang) == days  # a text [event] date


def test_range_from_toml_dates_and_single_days() -> None:
    assert event_dates(Event(date=_MARCH[0], end_date=_MARCH[1]), None, "kk") == _MARCH
    one = date(2026, 5, 1)
    assert event_dates(Event(date=one), None, "kk") == (one, one)
    assert event_dates(Event(year=2026), _Fact("1 мамыр"), "kk") == (one, one)
    assert event_dates(Event(), _Fact("25–31 наурыз"), "kk") is None  # no year: no date
    assert event_dates(Event(year=2026), _Fact("31–25 наурыз"), "kk") is None  # backwards


def _event_folder(tmp_path: Path, lang: str, event: str, fact: str = "") -> Path:
    folder = tmp_path / "event"
    folder.mkdir()
    word = "адам" if lang == "kk" else "человек"
    (folder / f"article.{lang}.txt").write_text(
        f"Наурыз мейрамы\nМерекеге 500 {word} келді.\n", encoding="utf-8"
    )
    (folder / "facts.toml").write_text(
        f"[event]\n{event}\n{fact}"
        f'[[facts]]\nid = "n"\nvalue = 500\nprint = "500"\ncaption = "{word}"\n'
        f'source = "500 {word}"\n',
        encoding="utf-8",
    )
    return folder / f"article.{lang}.txt"


@pytest.mark.parametrize(
    ("lang", "event", "kicker"),
    [
        ("kk", "date = 2026-03-25\nend_date = 2026-03-31", "2026 ЖЫЛҒЫ 25–31 НАУРЫЗ"),
        ("kk", 'year = 2026\ndate = "28 ақпан – 3 наурыз"', "2026 ЖЫЛҒЫ 28 АҚПАН – 3 НАУРЫЗ"),
        ("ru", "date = 2026-03-25\nend_date = 2026-03-31", "25–31 МАРТА 2026 Г."),
        (
            "ru",
            'year = 2026\ndate_style = "press"\ndate = "28 февраля - 3 марта"',
            "28 ФЕВРАЛЯ — 3 МАРТА",
        ),
    ],
)
def test_poster_prints_the_range(tmp_path: Path, lang: str, event: str, kicker: str) -> None:
    from generator.api import build_pdf, load_event

    pdf = build_pdf("poster", load_event(_event_folder(tmp_path, lang, event)))
    assert _first_line(pdf) == kicker


def test_a_long_range_breaks_only_after_its_dash(tmp_path: Path) -> None:
    """Across years the official range is long; the certificate's footer may break it after
    the dash, never inside either date."""
    from generator.api import build_pdf, load_event

    article = _event_folder(tmp_path, "kk", "date = 2025-12-30\nend_date = 2026-01-02")
    record = {"name": "Әлия Иманқызы", "role": "ерікті", "organisation": ""}
    text = _all_text(build_pdf("certificate", load_event(article), record=record))
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    whole = "2025 жылғы 30 желтоқсан – 2026 жылғы 2 қаңтар"
    assert whole in " ".join(lines)
    assert all(line in whole for line in lines if "жылғы" in line)
    assert not any(line.endswith(("жылғы", "30", "2")) for line in lines if "жылғы" in line)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ('date = "1 мамыр"\nend_date = 2026-05-03', "end_date must be a date"),
        ("end_date = 2026-05-03", "end_date must be a date"),
        ('date = 2026-05-03\nend_date = "3 мамыр"', "end_date must be a date"),
        ("date = 2026-05-03\nend_date = 2026-05-01", "end_date 2026-05-01 is before date"),
    ],
)
def test_a_bad_end_date_is_one_clear_error(tmp_path: Path, event: str, message: str) -> None:
    from generator.api import load_event
    from generator.errors import InputError

    with pytest.raises(InputError, match=message) as caught:
        load_event(_event_folder(tmp_path, "kk", event))
    assert "facts.toml" in str(caught.value) and "\n" not in str(caught.value)
