"""The rule that decides which blocks change with the record is proven from the Jinja tree:
every way a block can reach the record makes it per-record; only what provably cannot is
constant."""

from __future__ import annotations

import pytest

from generator.compose.depends import per_record_blocks, per_record_boxes
from generator.compose.render import compose
from generator.compose.template import load_template

# Blocks the certificate's boxes read; the tests below rewrite text.j2 around them.
_REST = {
    "kicker": "{{ article.title }}",
    "heading": "Алғыс хат",
    "lead": "марапатталады",
    "name": "{{ record.name }}",
    "role": "{{ record.role }}",
    "body": "Рахмет.",
    "fact": "{{ facts.founded.print }}",
    "footer": "{{ facts.date.print }}",
    "signature": "Төраға",
    "serial": "",
    "qr": "",
}


def _template(template_copy, top: str = "", **blocks: str):
    folder = template_copy("certificate")
    body = {**_REST, **blocks}
    text = top + "\n".join(f"{{% block {k} %}}{v}{{% endblock %}}" for k, v in body.items())
    (folder / "text.j2").write_text(text, encoding="utf-8")
    return load_template(folder)


@pytest.mark.parametrize(
    "block",
    [
        '{% if record.role == "спикер" %}СПИКЕР{% else %}қонақ{% endif %}',  # the reported one
        "{{ 'ұзын' if record.name|length > 20 else 'қысқа' }}",
        "{% for w in record.name.split() %}{{ w[0] }}{% endfor %}",
        "{% set n = record.name %}{{ n|upper }}",
        "{% set ns = namespace(x=0) %}{% set ns.x = record.role|length %}{{ ns.x }}",
        "{{ self.name() }}",  # another block that reads the record
        '{{ self["role"]() }}',
        "{% with r = record %}{{ r.role }}{% endwith %}",
        "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(record.role) }}",
        "{% macro box() %}[{{ caller() }}]{% endmacro %}"
        "{% call box() %}{{ record.role }}{% endcall %}",
        "{{ facts.date.print if record else '' }}",
        "{{ lipsum(1) }}",  # random: not provably the same twice
        "{{ ['a', 'b'] | random }}",
        "{% include 'other.j2' %}",
        "{{ serial }}",  # a name the rule does not know
        "{% set facts = record %}{{ facts.role }}",  # a constant's name, rebound
    ],
)
def test_a_block_that_can_reach_the_record_is_per_record(template_copy, block):
    tpl = _template(template_copy, heading=block)
    assert "heading" in per_record_blocks(tpl)
    assert "heading" in per_record_boxes(tpl)


@pytest.mark.parametrize(
    "top",
    [
        '{% macro word() %}{% if record.role == "спикер" %}СПИКЕР{% endif %}{% endmacro %}',
        "{% macro word() %}{{ inner() }}{% endmacro %}{% macro inner() %}{{ record }}{% endmacro %}",
        "{% set word = record.role %}",
        "{% set word %}{{ record.role }}{% endset %}",
        "{% set facts = record %}{% set word = facts %}",
    ],
)
def test_top_level_definitions_are_followed(template_copy, top):
    tpl = _template(template_copy, top=top, heading="{{ word() if word is callable else word }}")
    assert "heading" in per_record_blocks(tpl)


def test_chains_through_blocks_are_followed(template_copy):
    tpl = _template(
        template_copy,
        heading="{{ self.lead() }}",
        lead="{{ self.body() }}",
        body="{% if record.organisation %}бар{% endif %}",
    )
    assert {"heading", "lead", "body"} <= per_record_blocks(tpl)


def test_constant_blocks_are_proven_constant(template_copy):
    tpl = _template(
        template_copy,
        top="{% macro caps(s) %}{{ s|upper }}{% endmacro %}{% set year = event.year %}",
        heading="{% for p in article.paragraphs[:1] %}{{ loop.index }}{% endfor %}",
        lead="{{ caps(facts.date.caption) }} {{ year }}",
        body="{{ self.kicker() }} {% set t = article.title %}{{ t|before_dash }}",
    )
    assert per_record_blocks(tpl) == {"name", "role"}
    assert per_record_boxes(tpl) == {"name", "role"}


def test_top_level_macros_and_sets_work_in_every_block(template_copy, event):
    tpl = _template(
        template_copy,
        top='{% macro word(r) %}{% if r.role == "спикер" %}СПИКЕР{% else %}қонақ{% endif %}'
        "{% endmacro %}{% set who = record.name %}",
        heading="{{ word(record) }}",
        lead="{{ who }}",
    )
    record = {"name": "Әлия", "role": "спикер", "organisation": ""}
    blocks = compose(tpl, event.article, event.facts, record).blocks
    assert blocks["heading"] == "СПИКЕР" and blocks["lead"] == "Әлия"


def test_every_context_name_but_the_record_is_known_to_the_rule(monkeypatch, event):
    """A name compose() adds must be classified: the rule trusts EVENT_CONTEXT as constant."""
    import jinja2

    from generator.api import find_template
    from generator.compose.depends import RECORD_NAMES
    from generator.compose.render import EVENT_CONTEXT

    seen: list[set[str]] = []
    real = jinja2.Template.new_context

    def spy(self, vars=None, *args, **kwargs):
        seen.append(set(vars or {}))
        return real(self, vars, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "new_context", spy)
    for name in ("certificate", "badge", "invitation", "poster"):
        tpl = find_template(name)
        compose(tpl, event.article, event.facts, dict.fromkeys(tpl.fields, "x"))
    assert seen and all(names - RECORD_NAMES <= EVENT_CONTEXT for names in seen), seen
    assert {"serial", "variant"} <= RECORD_NAMES  # what a batch gives each record


def test_a_per_record_extra_bound_on_one_branch_only_is_per_record(template_copy):
    """Jinja reads a name set on one branch from the context on the other: a batch's serial."""
    from generator.api import reload_templates

    tpl = _template(
        template_copy, heading="{% if facts %}{% set serial = 'x' %}{% endif %}{{ serial }}"
    )
    assert "heading" in per_record_blocks(tpl)
    text = (tpl.folder / "text.j2").read_text(encoding="utf-8").replace("serial", "number")
    (tpl.folder / "text.j2").write_text(text, encoding="utf-8")
    reload_templates()
    assert "heading" in per_record_blocks(tpl, {"record", "number"})


def test_the_proof_is_kept_across_runs_and_made_again_for_an_edited_text(
    template_copy, monkeypatch
):
    """A batch's parent proves the text once, then reads the proof from the disk cache; a
    text.j2 edited since (a constant heading made to read the record) is proven anew, never
    answered from the old proof."""
    from generator.compose import depends

    tpl = _template(template_copy, heading="Алғыс хат")
    assert per_record_blocks(tpl) == {"name", "role"}
    depends._analyse.cache_clear()  # a new process: only the disk cache remembers
    with monkeypatch.context() as m:
        m.setattr(depends, "_prove", lambda *a: pytest.fail("proven again, not read"))
        assert per_record_blocks(tpl) == {"name", "role"}
    text = tpl.folder / "text.j2"
    edited = text.read_text(encoding="utf-8").replace("Алғыс хат", "{{ record.name }}")
    text.write_text(edited, encoding="utf-8")
    depends._analyse.cache_clear()
    assert per_record_blocks(tpl) == {"heading", "name", "role"}
