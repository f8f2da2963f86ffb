"""Template words come from per-language vocabularies, overridable by the event."""

from __future__ import annotations

import re

import pytest

from generator.api import build_pdf, find_template
from generator.compose.render import compose
from generator.compose.vocab import vocabulary
from generator.content.facts import Content, parse_facts
from generator.errors import TemplateError
from generator.resources import templates_dir
from tests.conftest import pdf_text

FACTS = templates_dir().parent / "content" / "unity-day" / "facts.toml"


def with_facts(event, extra: str = "", **changes: str) -> Content:
    """The default event with its facts file edited: ``[event]`` keys changed, tables added."""
    text = FACTS.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key} = .*$", "", text, flags=re.M)
        text = text.replace("[event]\n", f'[event]\n{key} = "{value}"\n', 1)
    return Content(event.article, parse_facts(text + "\n" + extra, event.article, str(FACTS)))


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


def test_the_event_overrides_a_word(event):
    content = with_facts(event, '[vocab.kk]\nnotes = "Ойлар"')
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
def test_the_certificates_kind_is_the_events_choice(event, language, award, title):
    content = with_facts(event, language=language, award=award)
    record = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": ""}
    text = pdf_text(build_pdf("certificate", content, record=record))
    assert title.upper() in text
    other = vocabulary(templates_dir() / "certificate", language).award.thanks.title
    assert other.upper() not in text


def test_a_template_that_requires_a_role_fails_before_drawing(event, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "safe_zone = 4", 'safe_zone = 4\nrequires = ["chart"]', 1
        ),
        encoding="utf-8",
    )
    raw = FACTS.read_text(encoding="utf-8")
    raw = re.sub(r"chart = \[.*\n", "", raw).replace('unit = "адам"\n', "")
    facts = parse_facts(raw, event.article, "their/facts.toml")
    from generator.compose.template import load_template

    with pytest.raises(
        TemplateError, match=r"their/facts.toml: template 'poster' needs the fact role 'chart'"
    ):
        compose(load_template(folder), event.article, facts)
