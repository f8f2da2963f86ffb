"""Template data is validated at load; Jinja text is strict and escaped for ReportLab markup."""

from __future__ import annotations

import re

import pytest

from generator.api import build_pdf, list_templates
from generator.compose.render import compose
from generator.compose.template import load_template
from generator.errors import TemplateError
from tests.conftest import pdf_text


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_built_in_templates_load():
    names = {t.name for t in list_templates()}
    assert "poster" in names


def test_misspelled_key_names_the_file_and_key(template_copy):
    folder = template_copy("poster")
    edit(folder / "template.toml", "min_size = 40", "min_sise = 40")
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert str(folder / "template.toml") in str(e.value)
    assert "styles.title.min_sise: unknown key (did you mean 'min_size'?)" in str(e.value)


def test_misspelled_required_key_is_named_not_reported_missing(template_copy):
    folder = template_copy("poster")
    edit(
        folder / "template.toml",
        '[styles.number]\nfont = "display"\nsize = 64',
        '[styles.number]\nfont = "display"\nsise = 64',
    )
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    message = str(e.value)
    assert "styles.number.sise: unknown key (did you mean 'size'?)" in message
    assert "missing" not in message
    # a required key truly left out is still reported missing
    edit(folder / "template.toml", "sise = 64\n", "")
    with pytest.raises(TemplateError, match=r"styles\.number\.size: missing"):
        load_template(folder)


def test_wrong_type_names_the_key(template_copy):
    folder = template_copy("poster")
    edit(folder / "template.toml", "size = 96", 'size = "big"')
    with pytest.raises(TemplateError, match=r"styles.title.size: must be a num"):
        load_template(folder)


def test_hyphen_fill_out_of_range_names_the_key(template_copy):
    folder = template_copy("trifold")
    edit(folder / "template.toml", "hyphen_fill = 0.12", "hyphen_fill = 0.6")
    with pytest.raises(TemplateError, match=r"styles.body.hyphen_fill: must be ≥ 0 and < 0.5"):
        load_template(folder)


def test_box_outside_the_page_names_the_box(template_copy):
    folder = template_copy("poster")
    edit(folder / "template.toml", "x = 253", "x = 290")
    with pytest.raises(
        TemplateError, match=r"boxes\[\d+\]\[qr\]\.x: the box ends outside the page"
    ):
        load_template(folder)


def test_unknown_colour_is_named(template_copy):
    folder = template_copy("poster")
    edit(folder / "template.toml", 'fill = "mist"', 'fill = "misty"')
    with pytest.raises(TemplateError, match="no colour 'misty'"):
        load_template(folder)


def test_undefined_jinja_variable_names_file_line_and_name(template_copy, event):
    folder = template_copy("poster")
    edit(folder / "text.j2", "roles.quote.caption", "roles.quote.captoin")
    tpl = load_template(folder)
    with pytest.raises(TemplateError) as e:
        compose(tpl, event.article, event.facts)
    message = str(e.value)
    assert str(folder / "text.j2") in message and "captoin" in message
    assert re.search(r"line \d+", message)


def test_jinja_syntax_error_names_the_line(template_copy, event):
    folder = template_copy("poster")
    edit(folder / "text.j2", "{% endblock %}", "{% endblok %}")
    with pytest.raises(TemplateError, match=r"text.j2: line \d+"):
        compose(load_template(folder), event.article, event.facts)


def test_markup_characters_in_facts_print_as_themselves(event_dir):
    facts = event_dir / "facts.toml"
    edit(facts, 'kk = "Ассамблея мүшесі"', 'kk = "Ассамблея <b>мүшесі</b> & "')
    from generator.api import load_event

    ev = load_event(event_dir / "article.kk.txt")
    text = pdf_text(build_pdf("poster", ev))
    assert "Ассамблея <b>мүшесі</b> &" in text
