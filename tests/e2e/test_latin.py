"""--script latn: Kazakh in the 2021 Latin alphabet, Kazakh upper case (İ), verification before
transliteration, and Latin words hyphenated by the Kazakh syllable rules."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from generator.content.latin import ALPHABET, kazakh_lower, kazakh_upper, transliterate
from generator.errors import UsageError
from generator.typeset.hyphenation import latin_break_points
from tests.conftest import pdf_text, run_cli, squash
from tests.e2e.test_brochures import dehyphenate, lines_of, words


@pytest.fixture(scope="module")
def latin():
    return load_event(script="latn")


def test_the_2021_alphabet_and_kazakh_case():
    assert len(ALPHABET) == 31
    assert transliterate("Қазақстан халықтарының бірлігі күні") == (
        "Qazaqstan halyqtarynyñ bırlıgı künı"
    )
    assert transliterate("Ұлттық-мәдени, шығыс, Шоқан, ұйым") == "Ūlttyq-mädeni, şyğys, Şoqan, ūiym"
    assert transliterate("ЮНЕСКО, Ясауи") == "İUNESKO, İasaui"  # ю → iu, ı → I but i → İ
    assert kazakh_upper("bırlıgı meiramy") == "BIRLIGI MEİRAMY"  # str.upper gives MEIRAMY
    assert kazakh_lower("İLE IRGAQ") == "ile ırgaq"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ХХ ғасырдың басы", "XX ğasyrdyñ basy"),  # Roman numerals typed in Cyrillic Х and І
        ("ХІХ\u00a0ғ. соңы", "XIX\u00a0ğ. soñy"),
        ("ХХІ ғасыр, Х ғасыр", "XXI ğasyr, X ğasyr"),
        ("XIX ғасыр", "XIX ğasyr"),  # typed in Latin: as it was
        ("Ә.\u00a0Х.\u00a0Марғұлан", "Ä.\u00a0H.\u00a0Marğūlan"),  # an initial is a letter
        ("ХАЛЫҚ, Хан, ХХХХ", "HALYQ, Han, HHHH"),  # words, and no numeral
    ],
)
def test_roman_numerals_in_cyrillic_letters_become_latin_numerals(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_title_and_facts_come_out_in_latin_letters(latin):
    cyrillic = load_event()
    pdf = build_pdf("poster", latin)
    text = pdf_text(pdf)
    assert squash(transliterate(cyrillic.article.title)) in text
    for fact in cyrillic.facts.roles.headline:
        assert squash(transliterate(fact.caption)) in text
    assert not any("\u0400" <= ch <= "\u04ff" for ch in text), "a Cyrillic letter is left"


def test_upper_case_titles_use_dotted_capital_i_and_records_stay_as_written(tmp_path):
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "article.kk.txt").write_text(
        "Наурыз мейрамы – көктемнің алғашқы күні\n"
        "Биыл 21 наурызда қаламызда Наурыз мейрамы тойланады\n",
        encoding="utf-8",
    )
    (folder / "facts.toml").write_text(
        '[[facts]]\nid = "date"\nkind = "date"\nvalue = "21 наурыз"\nprint = "21 наурыз"\n'
        'caption = "Наурыз мейрамы"\nsource = "21 наурызда"\n'
        '[[facts]]\nid = "n"\nvalue = 21\nprint = "21"\ncaption = "наурыз"\nsource = "21 наурызда"\n',
        encoding="utf-8",
    )
    event = load_event(folder / "article.kk.txt", script="latn")
    record = {"name": "Әлия Иманқызы", "role": "ерікті", "organisation": ""}
    text = pdf_text(build_pdf("certificate", event, record=record))
    assert "NAURYZ MEİRAMY" in text  # the kicker is set in capitals: i → İ, never I
    assert "Әлия Иманқызы" in text  # a person's name is kept unless asked
    named = pdf_text(build_pdf("certificate", event, record=record, latin_records=True))
    assert "Äliia İmanqyzy" in named  # и → i, я → ia


def test_facts_are_verified_before_transliteration(event_dir):
    # The source quotes the Cyrillic article; it still verifies when the output is Latin.
    event = load_event(event_dir / "article.kk.txt", script="latn")
    assert event.facts["members"].source == transliterate(load_event().facts["members"].source)


def test_hyphenated_latin_words_are_legal(latin):
    known = set(words(" ".join(latin.article.paragraphs)))
    cuts = []
    for name in ("booklet", "trifold"):
        pdf = build_pdf(name, latin)
        n = len(PdfReader(io.BytesIO(pdf)).pages)
        cuts += dehyphenate(lines_of(pdf, range(n)), known)[1]
    assert cuts, "no Latin word was hyphenated"
    for word, at in cuts:
        start = word.rfind("-", 0, at) + 1
        part = word[start:].split("-")[0]
        assert at - start in latin_break_points(part), (word, at)


def test_cli_script_latn(tmp_path):
    code, _, err = run_cli("build", "poster", "--script", "latn", "--out", str(tmp_path))
    assert code == 0, err
    assert "Qazaqstan" in pdf_text(tmp_path / "poster-A3-kk-latn.pdf")


def test_script_latn_for_an_event_without_kazakh_is_refused(tmp_path):
    """A Russian article built with --script latn came out as «poster-A3-ru-latn.pdf» in
    Cyrillic; the Kazakh of a bilingual event is still set in Latin letters."""
    from pathlib import Path

    article = Path(__file__).parent.parent / "data" / "ru-event" / "article.ru.txt"
    out = tmp_path / "o"
    args = ["build", "poster", "--article", str(article), "--script", "latn", "--out", str(out)]
    code, _, err = run_cli(*args)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert f"{article}: --script latn" in err and "no Kazakh text (its article is ru)" in err
    assert "Traceback" not in err
    assert not out.exists()
    with pytest.raises(UsageError):
        load_event(article, script="latn")


def test_web_addresses_are_not_transliterated(tmp_path):
    """A Kazakh IDN address (.қаз) is an address, not Kazakh text: the QR code of a
    certificate's verify_url must still lead there in a --script latn build."""
    from tests.pictures import event_with

    url, verify = "https://кітап.қаз/фестиваль", "https://тексеру.қаз/куәлік"
    event_with(tmp_path, url=url, verify_url=verify)
    latin = load_event(tmp_path / "article.kk.txt", tmp_path / "facts.toml", script="latn")
    assert (latin.facts.event.url, latin.facts.event.verify_url) == (url, verify)
