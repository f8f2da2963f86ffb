"""The certificate's signing line: a rule above the signatory's title and name, always drawn
(the signatory signs on it by hand), with a scanned signature standing on it when the event
gives one. Read back from the PDF's path, image and text objects (pdfium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from generator.errors import InputError
from tests.pictures import logo_png

MM = 72 / 25.4
ROOT = Path(__file__).resolve().parents[1]
RECORD = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": "№ 82 мектеп"}
EVENTS = {
    "default": (None, {}, "Ұйымдастыру комитеті"),
    "kk-ru": (None, {"lang": "kk,ru"}, "Ұйымдастыру комитеті"),
    "latn": (None, {"script": "latn"}, "Ūiymdastyru komitetı"),
    "ru-event": (ROOT / "data" / "ru-event" / "article.ru.txt", {}, "Организационный комитет"),
}


def _objects(pdf: bytes, kind: int) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top, mm) of the page's objects of one kind."""
    page = pdfium.PdfDocument(pdf)[0]
    return [tuple(v / MM for v in o.get_bounds()) for o in page.get_objects() if o.type == kind]  # type: ignore[misc]


def _text_box(pdf: bytes, phrase: str) -> tuple[float, float, float, float]:
    """Bounds (mm) of a phrase's characters on the page (it may break across lines)."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    chars: list[tuple[str, int]] = []
    for i in range(text.count_chars()):  # a line break (\r\n) reads as one space
        c = text.get_text_range(i, 1)
        if c.strip() or not chars or chars[-1][0] != " ":
            chars.append((c if c.strip() else " ", i))
    plain = "".join(c for c, _ in chars)
    at = plain.find(phrase)
    assert at >= 0, f"{phrase!r} not on the page"
    boxes = [text.get_charbox(i) for c, i in chars[at : at + len(phrase)] if c.strip()]
    return (
        min(b[0] for b in boxes) / MM,
        min(b[1] for b in boxes) / MM,
        max(b[2] for b in boxes) / MM,
        max(b[3] for b in boxes) / MM,
    )


def _signing_line(pdf: bytes, committee: str) -> tuple[float, float, float, float]:
    left, _, right, top = _text_box(pdf, committee)
    lines = [
        b
        for b in _objects(pdf, pdfium_c.FPDF_PAGEOBJ_PATH)
        if b[3] - b[1] < 1 and b[2] - b[0] >= 40 and 0.5 <= b[1] - top <= 6
    ]
    assert len(lines) == 1, f"no one signing line just above «{committee}»: {lines}"
    line = lines[0]
    assert line[0] <= left and right <= line[2] + 1.5, (line, left, right)  # signed over
    return line


@pytest.mark.parametrize("name", EVENTS)
def test_a_signing_line_stands_above_the_signatory(name):
    article, options, committee = EVENTS[name]
    pdf = build_pdf("certificate", load_event(article, **options), record=RECORD)
    line = _signing_line(pdf, committee)
    near = [b for b in _objects(pdf, pdfium_c.FPDF_PAGEOBJ_IMAGE) if abs(b[1] - line[1]) < 3]
    assert not near  # no scan: the line alone


def test_a_scanned_signature_stands_on_the_line(tmp_path):
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "fixtures" / "events" / "book-fair-full", folder)
    logo_png(folder / "signature.png", (1200, 300), (20, 40, 110))
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace("[event]\n", '[event]\nsignature = "signature.png"\n', 1)
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    pdf = build_pdf("certificate", load_event(folder / "article.kk.txt"), record=RECORD)
    line = _signing_line(pdf, "Ұйымдастыру комитеті")
    (scan,) = _objects(pdf, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    assert abs(scan[1] - line[1]) < 1.5 and scan[3] > line[3] + 5  # on the line, above it
    assert scan[2] <= line[2] + 0.5


def _sizes(pdf: bytes, phrase: str) -> set[float]:
    """The font sizes of a phrase's characters."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    plain = "".join(text.get_text_range(i, 1) for i in range(text.count_chars()))
    at = plain.find(phrase)
    return {
        round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 1) for i in range(at, at + len(phrase))
    }


def _with_signatory(folder: Path, kk: str = "А. Серікова", ru: str = "А. Серикова") -> Path:
    shutil.copytree(ROOT.parent / "content" / "unity-day", folder)
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    named = f'[event]\nsignatory = {{ kk = "{kk}", ru = "{ru}" }}\n'
    (folder / "facts.toml").write_text(facts.replace("[event]\n", named, 1), encoding="utf-8")
    return folder / "article.kk.txt"


@pytest.mark.parametrize(
    ("named", "kazakh", "russian"),
    [
        (False, ["Ұйымдастыру", "Төраға"], ["Организационный", "Председатель"]),
        (True, ["Ұйымдастыру", "Серікова"], ["Организационный", "Серикова"]),
    ],
)
def test_each_language_signs_as_a_unit(tmp_path, named, kazakh, russian):
    """Kazakh–Russian: the committee and signatory of each language stand together, Kazakh
    first (left of or above the Russian, clear of it), at one size, under one signing line."""
    article = _with_signatory(tmp_path / "event") if named else None
    pdf = build_pdf("certificate", load_event(article, lang="kk,ru"), record=RECORD)

    kk, ru = _block(pdf, kazakh), _block(pdf, russian)
    side_by_side = kk[2] + 3 <= ru[0]
    stacked = kk[1] >= ru[3] + 2
    assert side_by_side or stacked, f"Kazakh {kk} and Russian {ru} signatures run together"
    sizes = set().union(*(_sizes(pdf, w) for w in kazakh + russian))
    assert len(sizes) == 1, sizes
    line = _signing_line(pdf, "Ұйымдастыру")
    assert line[0] <= min(kk[0], ru[0]) and line[2] >= max(kk[2], ru[2]) - 1.5, (line, kk, ru)
    assert line[1] > max(kk[3], ru[3])


# A position and a name, long in each language (a regional office's head, as schools have them).
LONG = (
    "Қарағанды облысы білім басқармасының басшысы Ә. Б. Сағынтаева",
    "Руководитель управления образования Карагандинской области А. Б. Сагынтаева",
)


def _block(pdf: bytes, words: list[str]) -> tuple[float, float, float, float]:
    boxes = [_text_box(pdf, w) for w in words]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@pytest.mark.parametrize("lang", ["kk,ru", "kk"])
def test_a_long_signatory_grows_the_block_upward_under_its_signing_line(tmp_path, lang):
    """It was «does not fit even at 8 pt» in Kazakh–Russian: the block now grows upward (its
    max_h) before its text shrinks, the signing line moving up with it, clear of the fact line;
    the last line stays level with the date's, every language at one size."""
    article = _with_signatory(tmp_path / "event", *LONG)
    pdf = build_pdf("certificate", load_event(article, lang=lang), record=RECORD)
    words = [["Ұйымдастыру", "Сағынтаева"]] + ([["Организационный", "Сагынтаева"]] * (lang != "kk"))
    blocks = [_block(pdf, w) for w in words]
    if len(blocks) == 2:
        assert blocks[0][2] + 3 <= blocks[1][0], blocks  # side by side, Kazakh on the left
    top = max(b[3] for b in blocks)
    line = _signing_line(pdf, words[-1][0])
    assert line[1] > top and line[1] - top < 4, (line, blocks)  # just above the block
    fact = _text_box(pdf, "365 Ассамблея мүшесі")
    assert fact[1] >= line[3] + 2, (fact, line)  # the fact line stays clear above it
    date = _text_box(pdf, "2026 жылғы 1 мамыр" if lang == "kk" else "1 мая 2026")
    assert all(abs(b[1] - date[1]) < 1.5 for b in blocks), (blocks, date)  # level foot
    sizes = set().union(*(_sizes(pdf, w) for ws in words for w in ws))
    assert len(sizes) == 1 and min(sizes) >= 7, sizes


def test_a_short_signatory_keeps_its_designed_place(tmp_path):
    """Text that fits as designed does not move: the signing line stays at 253 mm from the top."""
    pdf = build_pdf("certificate", load_event(_with_signatory(tmp_path / "e")), record=RECORD)
    line = _signing_line(pdf, "Ұйымдастыру")
    bleed = 3  # the page is the trim and 3 mm of bleed each side; pdfium measures from below
    assert abs((line[1] + line[3]) / 2 - (297 + bleed - 253)) < 0.3, line


def test_a_scanned_signature_stands_on_the_line_a_long_signatory_moved(tmp_path):
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "fixtures" / "events" / "book-fair-full", folder)
    logo_png(folder / "signature.png", (1200, 300), (20, 40, 110))
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace(
        'signatory = "А. Серікова, қор төрағасы"',
        'signature = "signature.png"\nsignatory = "«Кітап әлемі» қоғамдық қорының '
        'төрағасы, филология ғылымдарының кандидаты А. Б. Серікова-Жұмабекова"',
    )
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    pdf = build_pdf("certificate", load_event(folder / "article.kk.txt"), record=RECORD)
    line = _signing_line(pdf, "Ұйымдастыру комитеті")
    assert 297 + 3 - line[3] < 252  # moved up
    (scan,) = _objects(pdf, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    assert abs(scan[1] - line[1]) < 1.5 and scan[3] > line[3] + 3  # on the line, above it


# About ninety letters a language: too long for two columns at 7 pt with the style's leading.
NINETY = (
    "Қарағанды облысы әкімдігінің білім басқармасы басшысының бірінші орынбасары Ә. Б. Сағынтаева",
    "Первый заместитель руководителя управления образования Карагандинской области "
    "А. Б. Сагынтаева",
)


def test_a_ninety_letter_signatory_closes_its_lines_up_and_stays_under_the_facts(tmp_path):
    """It failed «does not fit even at 7 pt»: at 7 pt its lines close up to the style's
    min_leading, side by side, one size, the signing line above it and clear of both
    languages' fact lines."""
    article = _with_signatory(tmp_path / "event", *NINETY)
    pdf = build_pdf("certificate", load_event(article, lang="kk,ru"), record=RECORD)
    kk = _block(pdf, ["Ұйымдастыру", "Сағынтаева"])
    ru = _block(pdf, ["Организационный", "Сагынтаева"])
    assert kk[2] + 3 <= ru[0], (kk, ru)  # side by side
    sizes = set().union(*(_sizes(pdf, w) for w in ("Ұйымдастыру", "Сағынтаева", "Сагынтаева")))
    assert sizes == {7.0}, sizes
    line = _signing_line(pdf, "Организационный")
    assert line[1] > max(kk[3], ru[3]) and line[1] - max(kk[3], ru[3]) < 4, (line, kk, ru)
    for fact in ("365 Ассамблея мүшесі", "365 членов Ассамблеи"):
        assert _text_box(pdf, fact)[1] >= line[3] + 2, fact  # descenders included


def test_a_name_too_wide_for_a_column_sets_one_language_under_the_other(tmp_path):
    """A double-barrelled surname bound to its initials is wider than a 27 mm column even at
    7 pt (it failed the kk+ru certificate): the languages stand one under the other, Kazakh
    first, at full width and one size, under the signing line."""
    names = (
        "Қор төрағасы Ә. Б. Серікова-Жұмабекова",
        "Председатель фонда А. Б. Серикова-Жумабекова",
    )
    article = _with_signatory(tmp_path / "event", *names)
    pdf = build_pdf("certificate", load_event(article, lang="kk,ru"), record=RECORD)
    kk = _block(pdf, ["Ұйымдастыру", "Серікова-Жұмабекова"])
    ru = _block(pdf, ["Организационный", "Серикова-Жумабекова"])
    assert kk[1] >= ru[3] + 1, (kk, ru)  # Kazakh above
    assert kk[0] < ru[2] and ru[0] < kk[2]  # in one column, not side by side
    sizes = set().union(*(_sizes(pdf, w) for w in ("Серікова-Жұмабекова", "Серикова-Жумабекова")))
    assert len(sizes) == 1 and min(sizes) >= 7, sizes
    line = _signing_line(pdf, "Ұйымдастыру")
    assert line[1] > kk[3] and line[0] <= min(kk[0], ru[0]) + 0.5


def test_a_signatory_too_long_for_any_layout_names_the_field_and_file(tmp_path):
    names = (
        NINETY[0] + ", педагогика ғылымдарының кандидаты, профессор",
        NINETY[1] + ", кандидат педагогических наук, профессор",
    )
    article = _with_signatory(tmp_path / "event", *names)
    with pytest.raises(InputError) as caught:
        build_pdf("certificate", load_event(article, lang="kk,ru"), record=RECORD)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "event" / "facts.toml"))
    assert "event.signatory" in message and "7 pt" in message


# A festival's place, about fifty letters a language, and a date range in each language.
PLACE = (
    "Орталық саябақ, Бұқар жырау даңғылы, Қарағанды",
    "Центральный парк, проспект Бухар жырау, Караганда",
)


def _with_place(folder: Path, kk: str, ru: str) -> Path:
    shutil.copytree(ROOT.parent / "content" / "unity-day", folder)
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    placed = f'[event]\nplace = {{ kk = "{kk}", ru = "{ru}" }}\ndate = 2026-05-01\nend_date = 2026-05-03\n'
    (folder / "facts.toml").write_text(facts.replace("[event]\n", placed, 1), encoding="utf-8")
    return folder / "article.kk.txt"


def test_a_long_place_in_two_languages_fits_the_footer(tmp_path):
    """It failed every record («event.place is too long for box 'footer'… 8 pt»): the footer
    grows upward (its max_h), clear of the fact line, and shrinks to its bilingual minimum."""
    article = _with_place(tmp_path / "event", *PLACE)
    pdf = build_pdf("certificate", load_event(article, lang="kk,ru"), record=RECORD)
    kk, ru = _text_box(pdf, "Бұқар жырау"), _text_box(pdf, "Бухар жырау")
    assert kk[1] > ru[3]  # Kazakh above Russian
    fact = _text_box(pdf, "365 Ассамблея мүшесі")
    date = _text_box(pdf, "2026 жылғы 1–3 мамыр")
    assert fact[1] >= date[3] + 0.5, (fact, date)  # clear of the fact line
    assert min(_sizes(pdf, "Бұқар жырау") | _sizes(pdf, "Бухар жырау")) >= 7


def test_a_place_too_long_for_the_footer_fails_once_before_the_batch(tmp_path):
    """It does not depend on the record: one error naming the box and the event's field, before
    any record is made, not one a row."""
    from generator.batch.run import run_batch

    article = _with_place(tmp_path / "event", *(", ".join([p] * 4) for p in PLACE))
    data = tmp_path / "people.csv"
    data.write_text("name\nАйгүл Серікқызы\nЕрлан Ахметов\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        run_batch(
            "certificate",
            data,
            out=tmp_path / "out",
            article=article,
            facts=article.parent / "facts.toml",
            lang="kk,ru",
        )
    assert "event.place is too long for box 'footer' of template 'certificate'" in str(e.value)
    assert e.value.where and e.value.where.endswith("facts.toml")
    assert not (tmp_path / "out").exists()
