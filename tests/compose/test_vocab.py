"""Template words come from per-language vocabularies, overridable by the event."""

from __future__ import annotations

import re

import pytest

from generator.api import build_pdf, find_template, load_event
from generator.compose.render import compose
from generator.compose.template import load_template
from generator.compose.vocab import vocabulary
from generator.errors import TemplateError
from generator.resources import templates_dir
from tests.conftest import pdf_text


def edited_event(event_dir, lang: str = "kk", extra: str = "", **changes: str):
    """The default event (a scratch copy) with its facts file edited: ``[event]`` keys
    changed, tables added; read in one language."""
    facts = event_dir / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key} = .*$", "", text, flags=re.M)
        text = text.replace("[event]\n", f'[event]\n{key} = "{value}"\n', 1)
    facts.write_text(text + "\n" + extra, encoding="utf-8")
    return load_event(event_dir / f"article.{lang}.txt")


def test_kazakh_and_russian_words_differ_and_nest():
    kk = vocabulary(templates_dir() / "booklet", "kk")
    ru = vocabulary(templates_dir() / "booklet", "ru")
    assert kk["notes"] != ru["notes"]
    assert ru.award.honour.title == "Грамота"
    assert set(kk) == set(ru), "every word exists in both languages"


def test_a_missing_word_names_the_key_the_language_and_the_files():
    words = vocabulary(templates_dir() / "poster", "ru")
    with pytest.raises(TemplateError, match=r"no word 'award.medal' for language 'ru' .*ru.toml"):
        _ = words.award.medal


def test_a_language_without_vocabulary_is_refused():
    with pytest.raises(TemplateError, match=r"no vocabulary for language 'de' \(languages: kk, ru"):
        vocabulary(templates_dir() / "poster", "de")


def test_the_event_overrides_a_word(event_dir):
    content = edited_event(event_dir, extra='[vocab.kk]\nnotes = "Ойлар"')
    blocks = compose(find_template("booklet"), content.article, content.facts).blocks
    assert blocks["notes_label"] == "Ойлар"


@pytest.mark.parametrize(
    ("language", "award", "title"),
    [
        ("kk", "honour", "Құрмет грамотасы"),
        ("ru", "honour", "Грамота"),
        ("ru", "certificate", "Сертификат"),
    ],
)
def test_the_certificates_kind_is_the_events_choice(event_dir, language, award, title):
    content = edited_event(event_dir, language, award=award)
    record = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": ""}
    text = pdf_text(build_pdf("certificate", content, record=record))
    assert title.upper() in text
    other = vocabulary(templates_dir() / "certificate", language).award.thanks.title
    assert other.upper() not in text


def test_a_template_that_requires_a_role_fails_before_drawing(event_dir, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "safe_zone = 4", 'safe_zone = 4\nrequires = ["chart"]', 1
        ),
        encoding="utf-8",
    )
    facts = event_dir / "facts.toml"
    raw = facts.read_text(encoding="utf-8")
    facts.write_text(re.sub(r"^(chart|unit) = .*\n", "", raw, flags=re.M), encoding="utf-8")
    content = load_event(event_dir / "article.kk.txt")
    with pytest.raises(
        TemplateError, match=r"facts.toml: template 'poster' needs the fact role 'chart'"
    ):
        compose(load_template(folder), content.article, content.facts)


def test_the_russian_invitation_invites_to_the_event_itself(event_dir):
    """It read «…на торжественное собрание, посвящённое мероприятию «…»»: an assembly in honour
    of an event."""
    event = load_event(event_dir / "article.ru.txt")
    record = {"name": "Айгерим Канатовна", "role": "", "organisation": ""}
    text = pdf_text(build_pdf("invitation", event, record=record))
    assert "посвящённое мероприятию" not in text
    assert "принять участие в мероприятии" in text


RECORD = {"name": "Айгүл Серікқызы", "role": "Спикер", "organisation": "Ұйым"}


@pytest.mark.parametrize(
    ("lang", "name", "shown"),
    [
        # Wholly in quotes: the word's « » are not added.
        ("ru", "«Шаг навстречу»", "«Шаг навстречу»"),
        # Quotes of its own inside: they become the language's inner pair within the word's
        # « » (Kazakh “ ”, Russian „ “; CLDR).
        ("kk", "“Жасыл металлургия – 2026” конференциясы", "«“Жасыл металлургия – 2026” к"),
        ("kk", "«Жасыл металлургия – 2026» конференциясы", "«“Жасыл металлургия – 2026” к"),
        ("ru", "Забег «Шаг навстречу»", "«Забег „Шаг навстречу“»"),
        ("ru", "Забег “Шаг навстречу”", "«Забег „Шаг навстречу“»"),
        ("kk", 'Жасыл металлургия \\"2026\\"', "«Жасыл металлургия “2026”»"),
    ],
)
def test_a_quoted_event_name_is_not_quoted_again(event_dir, lang, name, shown):
    content = edited_event(event_dir, lang, name=name)
    text = " ".join(pdf_text(build_pdf("invitation", content, record=RECORD)).split())
    assert shown in text
    for doubled in ("««", "»»", '«"', '"»'):
        assert doubled not in text


def test_an_unquoted_event_name_is_quoted(event_dir):
    content = edited_event(event_dir, "ru", name="Забег памяти")
    assert "«Забег памяти»" in pdf_text(build_pdf("invitation", content, record=RECORD))


def test_an_award_of_no_words_names_the_facts_field_once_before_a_batch(event_dir, tmp_path):
    """[event] award = "medal": every certificate failed, «people.csv: rows 2–3 (2 records):
    …/templates/vocab/kk.toml: no word 'award.medal'…», naming the data and the shared
    vocabulary, not the facts file where the word was chosen, after the output folder was
    made. It is said once, naming the facts file, the field and the awards there are."""
    from tests.conftest import run_cli

    edited_event(event_dir, award="medal")
    data = tmp_path / "people.csv"
    data.write_text("name,role,organisation\nӘлия Серікқызы,спикер,ҚазҰУ\nАсқар,,\n", "utf-8")
    out = tmp_path / "out"
    article = event_dir / "article.kk.txt"
    command = ["batch", "certificate", "--data", str(data), "--article", str(article)]
    code, _, err = run_cli(*command, "--out", str(out))
    assert code == 1
    assert err.strip() == (
        f"error: {event_dir / 'facts.toml'}: event.award: no award 'medal' (awards: thanks, "
        "honour, certificate, diploma; or give its title, lead and citation in [vocab.kk] "
        "award.medal)"
    ), err
    assert not out.exists()


def test_an_award_the_event_gives_words_for_is_made(event_dir, tmp_path):
    from tests.conftest import run_cli

    edited_event(
        event_dir,
        award="medal",
        extra='[vocab.kk.award.medal]\ntitle = "Медаль"\nlead = "беріледі"\ncitation = "Үшін."\n',
    )
    data = tmp_path / "people.csv"
    data.write_text("name,role,organisation\nӘлия Серікқызы,спикер,ҚазҰУ\n", "utf-8")
    article = event_dir / "article.kk.txt"
    code, _, err = run_cli(
        "batch",
        "certificate",
        "--data",
        str(data),
        "--article",
        str(article),
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 0, err
    assert "МЕДАЛЬ" in pdf_text(next((tmp_path / "out").glob("0*.pdf")).read_bytes()).upper()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            '[vocab.kk]\nnotse = "Ойлар"',
            "vocab.kk.notse: no template word of that name (did you mean 'notes'?)",
        ),
        (
            '[vocab.kk.award.thanks]\ntitel = "Рақмет"',
            "vocab.kk.award.thanks.titel: no "
            "template word of that name (did you mean 'award.thanks.title'?)",
        ),
    ],
)
def test_an_event_word_no_template_has_is_an_error_naming_the_file_and_key(
    event_dir, tmp_path, extra, said
):
    """[vocab.kk] notse (a misspelt notes) changed nothing and said nothing: the booklet kept
    «Жазбалар». It fails, naming the facts file, the key and the word it is near."""
    from tests.conftest import run_cli

    edited_event(event_dir, extra=extra)
    out = tmp_path / "out"
    article = event_dir / "article.kk.txt"
    code, _, err = run_cli("build", "booklet", "--article", str(article), "--out", str(out))
    assert code != 0
    assert err.strip() == f"error: {event_dir / 'facts.toml'}: {said}"
    assert not out.exists() or not any(out.iterdir())
