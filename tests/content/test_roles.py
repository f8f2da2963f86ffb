"""Fact roles: the event says which facts fill which place; undeclared roles follow the kinds."""

from __future__ import annotations

import pytest

from generator.content.article import parse_article
from generator.content.facts import parse_facts
from generator.errors import InputError

ARTICLE = parse_article(
    "Тақырып\nКеште 120 еріктi, 3000 қатысушы және 40 ұлт өкілі болды. «Бірге боламыз» деді ол.",
    "a.kk.txt",
)
FACTS = """
[[facts]]
id = "volunteers"
value = 120
print = "120"
caption = "ерікті"
source = "120 еріктi"
{v_unit}

[[facts]]
id = "guests"
value = 3000
print = "3000"
caption = "қатысушы"
source = "3000 қатысушы"
{g_unit}

[[facts]]
id = "peoples"
value = 40
print = "40"
caption = "ұлт"
source = "40 ұлт"

[[facts]]
id = "motto"
kind = "quote"
value = "Бірге боламыз"
print = "Бірге боламыз"
caption = "Ұран"
source = "Бірге боламыз"
"""


def load(roles: str = "", v_unit: str = "", g_unit: str = ""):
    text = FACTS.format(v_unit=v_unit, g_unit=g_unit)
    return parse_facts(f"{roles}\n{text}", ARTICLE, "f.toml")


def test_declared_roles_pick_facts_in_the_events_order():
    facts = load('[roles]\nheadline = ["peoples", "guests"]\nquote = "motto"')
    assert [f.id for f in facts.roles.headline] == ["peoples", "guests"]
    assert facts.roles.quote.id == "motto"
    assert facts.roles.quote.caption == "Ұран"  # the attribution


def test_undeclared_roles_follow_the_kinds():
    facts = load()
    assert [f.id for f in facts.roles.headline] == ["volunteers", "guests", "peoples"]
    assert facts.roles.quote.id == "motto"
    assert facts.roles.date is None and facts.roles.highlight is None
    assert "date" not in facts.roles.filled() and "headline" in facts.roles.filled()


def test_no_chart_without_a_declared_unit():
    assert load().roles.chart == ()


def test_a_chart_takes_facts_of_one_unit_only():
    facts = load(v_unit='unit = "адам"', g_unit='unit = "адам"')
    assert {f.id for f in facts.roles.chart} == {"volunteers", "guests"}
    one = load(v_unit='unit = "адам"', g_unit='unit = "бет"')
    assert one.roles.chart == ()


def test_a_declared_chart_of_mixed_units_names_the_file_and_the_units():
    with pytest.raises(InputError, match=r"f.toml: roles: chart: .*different units \(адам, бет\)"):
        load(
            '[roles]\nchart = ["volunteers", "guests"]',
            v_unit='unit = "адам"',
            g_unit='unit = "бет"',
        )
    with pytest.raises(InputError, match=r"fact 'peoples' declares no unit"):
        load('[roles]\nchart = ["volunteers", "peoples"]', v_unit='unit = "адам"')


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ('[roles]\nheadline = ["nope"]', r"headline names fact 'nope', which is not in the file"),
        ('[roles]\nquote = ["motto"]', r"quote must be one fact id"),
        ('[roles]\npullquote = "motto"', r"unknown role 'pullquote'"),
    ],
)
def test_bad_roles_name_the_file_and_the_role(roles, message):
    with pytest.raises(InputError, match=rf"f.toml: roles: {message}"):
        load(roles)


def test_the_default_event_declares_its_roles(event):
    roles = event.facts.roles
    assert len(roles.headline) == 4 and roles.quote and len(roles.quotes) == 2
    assert roles.date and roles.highlight
    assert len({f.unit for f in roles.chart}) == 1
