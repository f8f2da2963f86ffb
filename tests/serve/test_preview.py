"""The preview's state without a server: what a save rebuilds, and how arguments resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.resources import default_event_dir, templates_dir
from generator.serve.preview import Preview
from generator.serve.run import resolve


def test_arguments_resolve_like_the_user_means_them(event_dir):
    article, folders = resolve(Path("poster"), [])  # `serve poster`: the default event
    assert article == default_event_dir() / "article.kk.txt"
    assert folders == [templates_dir() / "poster"]
    article, folders = resolve(event_dir, ["trifold", "poster"])
    assert article == event_dir / "article.kk.txt"
    assert [f.name for f in folders] == ["trifold", "poster"]
    assert [f.name for f in resolve(None, [])[1]] == ["poster", "trifold", "booklet"]
    with pytest.raises(InputError, match="no such event folder"):
        resolve(event_dir / "missing", [])


def test_a_template_edit_rebuilds_only_its_product(event_dir, template_copy):
    poster, trifold = template_copy("poster"), template_copy("trifold")
    preview = Preview(event_dir / "article.kk.txt", [poster, trifold])
    assert preview.rebuild() == ["poster", "trifold"]
    assert preview.rebuild([poster / "text.j2"]) == ["poster"]
    assert preview.rebuild([event_dir / "facts.toml"]) == ["poster", "trifold"]
    state = preview.state()
    assert [len(p["pages"]) for p in state["products"]] == [1, 2]
    assert state["sizes"] == ["A2", "A3", "A4"]


def test_a_size_the_template_lacks_is_noted_and_the_base_size_used(event_dir, template_copy):
    preview = Preview(event_dir / "article.kk.txt", [template_copy("trifold")], size="A3")
    preview.rebuild()
    product = preview.state()["products"][0]
    assert product["size"] == "A4" and "A3 is not one of its sizes" in product["note"]
    with pytest.raises(ValueError):
        preview.set_options(color="pantone")


def test_files_are_served_only_from_inside_the_watched_folders(event_dir, tmp_path):
    preview = Preview(event_dir / "article.kk.txt", [templates_dir() / "poster"])
    assert preview.file("facts.toml") == (event_dir / "facts.toml").resolve()
    assert preview.file("template.toml") == (templates_dir() / "poster" / "template.toml")
    for bad in ("../../etc/passwd", "/etc/passwd", "..", "a\x00b", "../event/../../x"):
        assert preview.file(bad) is None, bad
