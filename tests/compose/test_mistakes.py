"""A designer's mistakes, each said in one line naming the file and the key, line or box."""

from __future__ import annotations

import pytest

from generator.api import build_pdf
from generator.compose.template import load_template
from generator.errors import TemplateError
from tests.compose.test_template import edit
from tests.conftest import run_cli


def _set_block(folder, name: str, body: str) -> int:
    """Replace block ``name`` of text.j2 with ``body``; returns its line."""
    import re

    path = folder / "text.j2"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"{%-? block " + name + r" -?%}.*?{%-? endblock -?%}", re.S)
    m = pattern.search(text)
    assert m, name
    path.write_text(
        text[: m.start()] + f"{{% block {name} %}}{body}{{% endblock %}}" + text[m.end() :],
        encoding="utf-8",
    )
    return text[: m.start()].count("\n") + 1


def _error(folder, event) -> str:
    with pytest.raises(TemplateError) as e:
        build_pdf(load_template(folder), event)
    return str(e.value)


def test_every_missing_fact_at_once_with_its_line_and_no_python_names(template_copy, event):
    folder = template_copy("poster")
    line = _set_block(folder, "kicker", "{{ facts.datee.print }} {{ facts.nosuch.print }}")
    message = _error(folder, event)
    assert message.startswith(f"{folder / 'text.j2'}: line {line}: block 'kicker': ")
    assert f"no fact 'datee' in {event.facts.source} (did you mean 'date'?" in message
    assert "no fact 'nosuch'" in message
    assert "object" not in message and "generator." not in message


def test_a_missing_event_key_and_fact_attribute_name_what_there_is(template_copy, event):
    folder = template_copy("poster")
    line = _set_block(folder, "kicker", "{{ event.venue }} {{ facts.date.captoin }}")
    message = _error(folder, event)
    assert f"line {line}: block 'kicker': [event] has no 'venue' (keys: name, organiser" in message
    assert "fact 'date' has no 'captoin' (did you mean 'caption'?" in message


def test_an_error_deep_in_the_file_names_its_own_line(template_copy, event):
    folder = template_copy("poster")
    text = (folder / "text.j2").read_text(encoding="utf-8")
    lines = text.count("\n")
    (folder / "text.j2").write_text(
        text + "\n" * 5 + "{% block unused_here %}{{ 1 / 0 }}{% endblock %}\n", encoding="utf-8"
    )
    message = _error(folder, event)
    assert f"line {lines + 6}: block 'unused_here': division by zero" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<b>Бірлік күні", "<b> is never closed in «<b>Бірлік күні»"),
        ("<i>Бірлік</b> күні", "<i> is closed by </b> in «<i>Бірлік</b> күні»"),
        ("Бірлік</b>", "</b> closes nothing in «Бірлік</b>»"),
        ("<blink>Бірлік</blink>", "unknown tag <blink>"),
    ],
)
def test_bad_markup_names_file_line_block_and_shows_the_words(template_copy, event, body, expected):
    folder = template_copy("poster")
    line = _set_block(folder, "kicker", body)
    message = _error(folder, event)
    assert f"{folder / 'text.j2'}: line {line}: block 'kicker': {expected}" in message
    assert "\\u" not in message


def test_unknown_colour_in_markup_names_file_and_block(template_copy, event):
    folder = template_copy("poster")
    line = _set_block(folder, "kicker", '<font color="golden">Бірлік</font>')
    message = _error(folder, event)
    assert f"line {line}: block 'kicker': markup names colour 'golden', not in [colours]" in message
    assert str(folder / "template.toml") in message and "gold" in message


def test_valign_typo_gets_did_you_mean(template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    edit(toml, 'valign = "bottom"', 'valign = "botom"')
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert str(toml) in str(e.value)
    assert (
        "valign: must be one of top, middle, bottom, got 'botom' (did you mean 'bottom'?)"
        in str(e.value)
    )


def _move_box(folder, name: str, x: float, y: float, extra: str = "") -> None:
    import re

    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    m = re.search(r'name = "' + name + r'"\n(.*?)(?=\n\[\[|\Z)', text, re.S)
    body = re.sub(r"\nx = [\d.]+", f"\nx = {x}", m.group(1))
    body = re.sub(r"\ny = [\d.]+", f"\ny = {y}", body) + extra
    toml.write_text(text[: m.start(1)] + body + text[m.end(1) :], encoding="utf-8")


def test_overlapping_text_boxes_are_an_error_unless_declared(template_copy, event):
    folder = template_copy("certificate")
    tpl = load_template(folder)
    name = next(b for b in tpl.pages[0].boxes if b.name == "name")
    _move_box(folder, "lead", name.x, name.y)  # the lead now sits on the name
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert str(folder / "template.toml") in str(e.value)
    assert "boxes 'lead' and 'name' overlap" in str(e.value)
    _move_box(folder, "lead", name.x, name.y, '\noverlaps = ["name"]')
    assert load_template(folder)  # the designer says it is the design


def test_a_copy_that_keeps_the_stock_name_does_not_overwrite_the_stock_output(
    template_copy, tmp_path
):
    out = tmp_path / "o"
    code, _, err = run_cli("build", "poster", "--out", str(out))
    assert code == 0, err
    stock = (out / "poster-A3.pdf").read_bytes()
    folder = template_copy("poster")  # a copy that keeps name = "poster", with other words
    _set_block(folder, "kicker", "Менің көшірмем")
    code, _, err = run_cli("build", str(folder), "--out", str(out))
    assert code == 1
    assert (
        f"{folder / 'template.toml'}: {out / 'poster-A3.pdf'} was made from the template in" in err
    )
    assert "give it its own name" in err
    assert (out / "poster-A3.pdf").read_bytes() == stock
    code, _, err = run_cli("build", str(folder), "--out", str(tmp_path / "mine"))
    assert code == 0, err  # into its own folder it builds
    code, _, err = run_cli("build", "poster", "--out", str(tmp_path / "mine"))
    assert code == 1 and "was made from the template in" in err  # and the stock one is kept off


def test_a_block_for_a_box_that_does_not_exist_is_noted(template_copy, tmp_path):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    edit(toml, 'name = "poster"', 'name = "my-poster"')
    with open(folder / "text.j2", "a", encoding="utf-8") as f:
        f.write("{% block titel %}Бірлік{% endblock %}\n")
    code, out, err = run_cli("build", str(folder), "--out", str(tmp_path))
    assert code == 0, err
    assert f"note: {folder / 'text.j2'}: block 'titel' fills no box" in out
    assert "(did you mean box 'title'?)" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("max_h = 20", "max_h = 5", "max_h: must be ≥ h (11.5 mm), got 5"),
        ("max_h = 20", "max_h = 300", "max_h: the box grown to 300 mm ends outside the page"),
        ('follow = "signature"\n', 'follow = "fact"\n', "follow names no text box with max_h"),
    ],
)
def test_a_growing_box_and_its_followers_are_checked_at_load(template_copy, old, new, message):
    folder = template_copy("certificate")
    edit(folder / "template.toml", old, new)
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert str(folder / "template.toml") in str(e.value) and message in str(e.value)


def test_a_box_overlapping_where_another_may_grow_is_an_error(template_copy):
    """The check sees a growing box (max_h) at its full height."""
    folder = template_copy("certificate")
    edit(folder / "template.toml", "max_h = 20", "max_h = 40")  # up into the fact line
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert "boxes 'fact' and 'signature' overlap" in str(e.value)


def test_a_style_under_a_style_that_is_not_there_is_named(template_copy):
    folder = template_copy("poster")
    path = folder / "template.toml"
    edit(path, 'under = "title"', 'under = "titel"')
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    message = str(e.value)
    assert str(path) in message and "under" in message and "no style 'titel'" in message
    assert "did you mean 'title'" in message


def test_a_narrow_font_that_is_no_font_role_names_the_key(template_copy):
    folder = template_copy("trifold")
    edit(folder / "template.toml", 'narrow_font = "display_narrow"', 'narrow_font = "condensed"')
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    message = str(e.value)
    assert str(folder / "template.toml") in message and "narrow_font" in message, message
    assert "no font role 'condensed'" in message and "\n" not in message, message


def test_narrow_below_without_a_narrow_font_names_the_key(template_copy):
    folder = template_copy("trifold")
    edit(folder / "template.toml", 'narrow_font = "display_narrow"\n', "")
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert "narrow_below" in str(e.value) and "needs narrow_font" in str(e.value)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # A box put into a spacer: a spacer is blank room.
        (
            'name = "body"\nsection = "words"',
            'name = "body"\nsection = "between"',
            "pages[0].boxes[9][body].section: section 'between' is a spacer (space = true): it "
            "holds no boxes",
        ),
        (
            'name = "between"\nspace = true\ngrow = 1',
            'name = "between"\nspace = true\ngrow = 0',
            "pages[0].sections[3].grow: a spacer (space = true) needs a grow share > 0",
        ),
        (
            'color = "ink"\nalign = "center"\n\n[styles.when]',
            'color = "ink"\nalign = "justify"\neven = true\n\n[styles.when]',
            "styles.body.even: justified text fills its lines",
        ),
    ],
)
def test_a_spacer_with_a_box_or_no_share_and_even_justified_text_are_named(
    template_copy, old, new, says
):
    folder = template_copy("invitation")
    edit(folder / "template.toml", old, new)
    with pytest.raises(TemplateError) as e:
        load_template(folder)
    assert str(e.value).startswith(f"{folder / 'template.toml'}: "), str(e.value)
    assert says in str(e.value)
