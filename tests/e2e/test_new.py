"""`generator new event` writes an event that builds as it is; `new template` copies one to edit."""

from __future__ import annotations

import re
import tomllib

import pytest

from generator.api import build_pdf, load_event
from generator.compose.template import load_template
from generator.content import facts as facts_module
from generator.content.roles import ROLES
from tests.conftest import pdf_text, run_cli, squash


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_new_event_builds_as_it_is(tmp_path, lang):
    folder = tmp_path / "my-event"
    code, out, err = run_cli("new", "event", str(folder), "--lang", lang)
    assert code == 0, err
    article = folder / f"article.{lang}.txt"
    assert article.is_file() and (folder / "facts.toml").is_file()
    code, out, err = run_cli("build", "--article", str(article), "--out", str(tmp_path / "out"))
    assert code == 0, err
    tail = "" if lang == "kk" else f"-{lang}"  # Kazakh is the default language
    written = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert written == [f"{n}{tail}.pdf" for n in ("booklet-A5", "poster-A3", "trifold-A4")]
    event = load_event(article)
    poster = (tmp_path / "out" / f"poster-A3{tail}.pdf").read_bytes()
    text = pdf_text(poster)
    words = [w for w in squash(event.article.title).split() if w.isalpha()]
    assert words and all(w in text for w in words)  # the skeleton's title is on the poster


def test_the_skeleton_explains_the_format_and_shows_every_key(tmp_path):
    folder = tmp_path / "e"
    run_cli("new", "event", str(folder))
    first_lines = (folder / "article.kk.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert "бірінші жол – тақырып" in first_lines[1]
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    # Every key the facts loader accepts has an example or a comment in the skeleton; a key
    # added to content/facts.py must be shown here too.
    keys = facts_module._FACT_KEYS | facts_module._EVENT_KEYS | set(ROLES) | {"lang", "vocab"}
    for key in sorted(keys):
        shown = re.search(rf"^[#\s]*\[?{key}[\s=.\]]", facts, re.M)
        assert shown, f"the skeleton facts.toml (generator/scaffold.py) lacks '{key}'"
    assert tomllib.loads(facts)["event"]["year"] == 2026


def test_a_new_event_never_overwrites(tmp_path):
    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "article.kk.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli("new", "event", str(folder))
    assert code == 1 and str(folder) in err and "not empty" in err
    assert (folder / "article.kk.txt").read_text(encoding="utf-8") == "mine"


def test_new_template_from_poster_is_renamed_and_builds(tmp_path, event):
    code, out, err = run_cli(
        "new", "template", "my-poster", "--from", "poster", "--into", str(tmp_path)
    )
    assert code == 0, err
    folder = tmp_path / "my-poster"
    tpl = load_template(folder)
    assert tpl.name == "my-poster" and (folder / "text.j2").is_file()
    assert squash(event.article.title) in pdf_text(build_pdf(tpl, event))
    code, _, err = run_cli("new", "template", "x", "--from", "nosuch", "--into", str(tmp_path))
    assert code == 1 and "no built-in template 'nosuch'" in err


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_example_key_of_a_new_facts_file_is_there_once(tmp_path, lang):
    """`date_style` was offered twice under [event]: uncommenting both is a TOML error."""
    assert run_cli("new", "event", str(tmp_path / "e"), "--lang", lang)[0] == 0
    text = (tmp_path / "e" / "facts.toml").read_text(encoding="utf-8")
    event = text.split("[event]", 1)[1].split("\n[", 1)[0]
    keys = re.findall(r"^#? ?(\w+) = ", event, flags=re.MULTILINE)
    assert "date_style" in keys and len(keys) == len(set(keys)), keys
    # Every example uncommented but the pictures (files the user adds): it still loads.
    pictures = ("logo", "photo", "photo_focus", "partners", "signature")
    opened = re.sub(
        r"^# (\w+ = )", lambda m: m.group(0) if m.group(1)[:-3] in pictures else m.group(1),
        event, flags=re.MULTILINE,
    )  # fmt: skip
    tomllib.loads("[event]" + opened)


def test_a_new_kazakh_event_captions_its_figures_grammatically(tmp_path):
    """«40% қонақтың жастар» (of the guest – young people) read as no Kazakh sentence."""
    folder = tmp_path / "e"
    assert run_cli("new", "event", str(folder), "--lang", "kk")[0] == 0
    facts = load_event(folder / "article.kk.txt").facts
    captions = [f"{f.print} {f.caption}" for f in facts.values() if f.print.endswith("%")]
    assert [c.replace("\xa0", " ") for c in captions] == ["40% қонақ – жастар"]
