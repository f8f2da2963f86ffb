"""Facts are verified against the article: every source quoted, every number in its source."""

from __future__ import annotations

import pytest

from generator.content.article import parse_article
from generator.content.facts import parse_facts
from generator.errors import InputError

ARTICLE = parse_article("Тақырып\nАссамблея 365 мүшесі бар.Ол 1995 жылы құрылды", "a.txt")


def facts(body: str, event: str = "") -> str:
    return f"{event}\n[[facts]]\n{body}"


def test_the_default_facts_are_backed(event):
    ids = set(event.facts)
    assert {"founded", "members", "associations", "small_assembly", "top50", "date"} <= ids
    assert len(event.facts.of_kind("quote")) == 2
    for fact in event.facts.values():
        assert fact.source in event.article.text


def test_a_source_not_in_the_article_names_the_fact():
    raw = facts(
        'id = "members"\nvalue = 365\nprint = "365"\ncaption = "мүше"\nsource = "Ассамблея 366 мүшесі"'
    )
    with pytest.raises(InputError, match=r"f.toml: fact 'members': source is not in the article"):
        parse_facts(raw, ARTICLE, "f.toml")


def test_a_number_missing_from_its_source_names_the_fact():
    raw = facts(
        'id = "members"\nvalue = 36\nprint = "36"\ncaption = "мүше"\nsource = "Ассамблея 365 мүшесі"'
    )
    with pytest.raises(InputError, match=r"fact 'members': value 36 does not appear"):
        parse_facts(raw, ARTICLE, "f.toml")


def test_sources_are_compared_after_normalisation():
    # The article had "бар.Ол"; a source written with the space still matches.
    raw = facts(
        'id = "x"\nkind = "text"\nvalue = "Ол"\nprint = "Ол"\ncaption = "c"\nsource = "бар. Ол 1995 жылы"'
    )
    assert parse_facts(raw, ARTICLE, "f.toml")["x"].source == "бар. Ол 1995\u00a0жылы"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'id = "x"\nvalue = 1\nprint = "1"\ncaption = "c"\nsource = "365"\ncolour = 1',
            "unknown key 'colour'",
        ),
        ('id = "x"\nvalue = 365\nprint = "1"\nsource = "365"', "missing key 'caption'"),
        ('id = "X-1"\nvalue = 1', "lowercase identifier"),
        (
            'id = "x"\nkind = "poem"\nvalue = 365\nprint = "1"\ncaption = "c"\nsource = "365"',
            "kind must be one of",
        ),
    ],
)
def test_malformed_facts_are_named(body, message):
    with pytest.raises(InputError, match=message):
        parse_facts(facts(body), ARTICLE, "f.toml")


def test_event_details_are_optional_and_checked():
    body = 'id = "x"\nvalue = 365\nprint = "365"\ncaption = "c"\nsource = "365"'
    ok = parse_facts(facts(body, '[event]\nurl = "https://example.kz/a"\nyear = 2026'), ARTICLE)
    assert ok.event.url == "https://example.kz/a" and ok.event.place is None
    with pytest.raises(InputError, match="url must start with http"):
        parse_facts(facts(body, '[event]\nurl = "javascript:x"'), ARTICLE, "f.toml")


def test_article_errors_name_the_file():
    with pytest.raises(InputError, match="a.txt: the article has a title but no paragraphs"):
        parse_article("Тек тақырып\n", "a.txt")
    with pytest.raises(InputError, match="a.txt: the article is empty"):
        parse_article("  \n", "a.txt")


def test_the_facts_file_given_as_the_article_is_refused(tmp_path):
    """«build --article facts.toml» built a poster of the TOML's own lines (its sources are
    in it, so every fact «verified»); «facts suggest facts.toml» proposed 33 facts from it."""
    from generator.resources import default_event_dir
    from tests.conftest import run_cli

    facts = default_event_dir() / "facts.toml"
    for args in (
        ["build", "poster", "--article", str(facts), "--out", str(tmp_path / "o")],
        ["facts", "suggest", str(facts)],
    ):
        code, out, err = run_cli(*args)
        assert code == 1 and not out, (args, out)
        assert err.strip() == (
            f"error: {facts}: a facts file (TOML), not an article: give the article, a text "
            "file (.txt, UTF-8) with the title on line 1 and a paragraph a line"
        ), err
    assert not (tmp_path / "o").exists()
