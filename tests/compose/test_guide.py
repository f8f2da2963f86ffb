"""docs/templates.md is generated from the schema the loader validates against, and is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import build_pdf
from generator.compose.guide import COMMAND, example_template, render_guide
from generator.compose.schema import BOX_TYPES, STYLE, TEMPLATE
from generator.compose.template import _Table, load_template
from generator.errors import TemplateError
from tests.conftest import pdf_text

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def test_the_guide_is_up_to_date():
    current = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else ""
    assert current == render_guide(), (
        f"docs/templates.md is out of date with generator/compose/schema.py: run `{COMMAND}` "
        "(or `.venv/bin/python scripts/template_guide.py`) and commit docs/templates.md"
    )


def test_the_guide_lists_every_key_and_box_type():
    guide = render_guide()
    for key in (*TEMPLATE, *STYLE):
        assert f"| `{key}` |" in guide
    for kind, box_type in BOX_TYPES.items():
        assert f"### `{kind}`" in guide and f'type = "{kind}"' in guide
        for option in box_type.options:
            assert f"| `{option}` |" in guide


@pytest.mark.parametrize("kind", list(BOX_TYPES))
def test_every_box_example_in_the_guide_loads(tmp_path, kind):
    (tmp_path / "template.toml").write_text(example_template((kind,)), encoding="utf-8")
    tpl = load_template(tmp_path)
    box = tpl.pages[0].boxes[0]
    assert box.type == kind and box.name == f"{kind}_box"


def test_the_complete_example_builds(tmp_path, event):
    (tmp_path / "template.toml").write_text(example_template(), encoding="utf-8")
    (tmp_path / "text.j2").write_text(
        "{% block text_box %}{{ article.title }}{% endblock %}", encoding="utf-8"
    )
    pdf = build_pdf(tmp_path, event, size="A6")
    assert event.article.title.split()[0] in pdf_text(pdf)


def test_a_declared_key_the_loader_ignores_is_refused(tmp_path):
    # The guide documents what the loader reads: a key in the file it does not read is an error.
    text = example_template().replace('valign = "bottom"', 'valign = "bottom"\nradius = 2')
    (tmp_path / "template.toml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"\[text_box\]\.radius: unknown key"):
        load_template(tmp_path)


def test_reading_an_undeclared_key_is_a_programming_error():
    table = _Table({"novel": 1}, "template", Path("t.toml"), TEMPLATE)
    with pytest.raises(LookupError, match="schema.py.*make docs"):
        table.get("novel", "int")
