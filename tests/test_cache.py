"""The start-up cache: what is built never depends on it (cold, warm, damaged or off), and a
warm run loads only what the verb needs."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator import cache
from generator.errors import InputError
from generator.typeset.embed import cache_dir as fonts_cache_dir


def _cache_env(folder: Path | str) -> dict[str, str]:
    return {**os.environ, "GENERATOR_CACHE_DIR": str(folder), "SOURCE_DATE_EPOCH": "1700000000"}


def _build(
    out: Path,
    env: dict[str, str],
    template: str | Path = "poster",
    *more: str | Path,
    file: str = "poster-A3.pdf",
) -> bytes:
    """`generator build poster` in a fresh process (no in-process memo shared with the test)."""
    code = "import sys; from generator.cli import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", code, "build", str(template), "--out", str(out), *map(str, more)],
        check=True,
        capture_output=True,
        env=env,
    )
    return (out / file).read_bytes()


@pytest.fixture
def cold_cache(tmp_path: Path) -> Path:
    """An empty cache folder, but for the hint-free font copies (slow to make, and not what
    these tests are about)."""
    folder = tmp_path / "cache"
    made = fonts_cache_dir()
    if made.is_dir():
        shutil.copytree(made, folder / "fonts")
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.parent.name != "fonts")


def test_cold_warm_and_off_build_the_same_bytes(tmp_path, cold_cache):
    cold = _build(tmp_path / "cold", _cache_env(cold_cache))
    kinds = {p.parent.name for p in _entries(cold_cache)}
    assert {"fonts-parsed", "svg", "jinja", "babel"} <= kinds
    warm = _build(tmp_path / "warm", _cache_env(cold_cache))
    off = _build(tmp_path / "off", {**_cache_env("off"), "XDG_CACHE_HOME": str(cold_cache.parent)})
    assert cold == warm == off


@pytest.mark.parametrize(
    ("template", "options", "file"),
    [
        ("trifold", ("--lang", "kk,ru"), "trifold-A4-kk-ru.pdf"),
        ("poster", ("--script", "latn", "--color", "cmyk"), "poster-A3-kk-latn.pdf"),
    ],
)
def test_a_bilingual_or_latin_product_is_the_same_cold_and_warm(
    tmp_path, cold_cache, template, options, file
):
    env = _cache_env(cold_cache)
    cold = _build(tmp_path / "cold", env, template, *options, file=file)
    assert {"event", "composed", "template"} <= {p.parent.name for p in _entries(cold_cache)}
    assert _build(tmp_path / "warm", env, template, *options, file=file) == cold


DAMAGE = ("truncate", "flip", "garbage", "not-a-pickle", "empty")


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "not-a-pickle":  # a well-formed entry whose payload is nonsense
        payload = b"\x80\x05not a pickle at all"
        path.write_bytes(cache._MAGIC + hashlib.sha256(payload).digest() + payload)
    else:
        path.write_bytes(b"")


def test_damaged_entries_are_ignored_and_made_again(tmp_path, cold_cache, monkeypatch):
    first = _build(tmp_path / "first", _cache_env(cold_cache))
    entries = _entries(cold_cache)
    assert len(entries) >= len(DAMAGE)
    for i, path in enumerate(entries):  # every kind of damage, spread over every kind of entry
        _damage(path, DAMAGE[i % len(DAMAGE)])
    again = _build(tmp_path / "again", _cache_env(cold_cache))
    assert again == first
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(cold_cache))
    for path in entries:  # each made again and stored whole
        assert cache.read(path.parent.name, path.name) is not None, path
        if path.parent.name not in ("jinja", "code"):  # (bytecode, in Jinja's or marshal's format)
            assert cache.load(path.parent.name, path.name) is not None, path


def test_an_edited_text_j2_is_compiled_again(tmp_path, cold_cache, template_copy):
    from tests.conftest import pdf_text

    folder = template_copy("poster")
    before = _build(tmp_path / "before", _cache_env(cold_cache), folder)
    text = folder / "text.j2"
    source = text.read_text(encoding="utf-8")
    # A word of the template's own and a top-level definition (the outline changes too).
    edited = source.replace(
        "{% block kicker %}", "{% set mark = 'ӘЛЕМ' %}{% block kicker %}{{ mark }} "
    )
    assert edited != source
    text.write_text(edited, encoding="utf-8")
    after = _build(tmp_path / "after", _cache_env(cold_cache), folder)
    assert "ӘЛЕМ" in pdf_text(after) and "ӘЛЕМ" not in pdf_text(before)
    text.write_text(source, encoding="utf-8")  # and back: the first bytes again
    assert _build(tmp_path / "again", _cache_env(cold_cache), folder) == before


def test_a_warm_build_reads_an_edited_article_vocabulary_or_fact_again(
    tmp_path, cold_cache, template_copy, event_dir
):
    from tests.conftest import pdf_text

    folder = template_copy("poster")
    text = folder / "text.j2"
    kicker = "{% block kicker %}"
    text.write_text(
        text.read_text(encoding="utf-8").replace(kicker, kicker + "{{ words.notes }} "),
        encoding="utf-8",
    )
    article = event_dir / "article.kk.txt"
    env = _cache_env(cold_cache)

    def build(name: str) -> str:
        return pdf_text(_build(tmp_path / name, env, folder, "--article", article))

    assert "ЖАЗБАЛАР" in build("first")  # (the kicker is set in capitals)
    assert build("warm") == build("first")
    (folder / "vocab").mkdir()
    (folder / "vocab" / "kk.toml").write_text('notes = "ЕСКЕРТПЕЛЕР"\n', encoding="utf-8")
    assert "ЕСКЕРТПЕЛЕР" in build("vocabulary")
    source = article.read_text(encoding="utf-8")
    title = source.splitlines()[0]
    article.write_text(source.replace(title, "ӘЛЕМ " + title, 1), encoding="utf-8")
    edited = build("article")
    assert "ӘЛЕМ" in edited and "Ассамблея мүшесі" in edited
    facts = event_dir / "facts.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            'kk = "Ассамблея мүшесі"', 'kk = "Ассамблея мүшелері"'
        ),
        encoding="utf-8",
    )
    assert "Ассамблея мүшелері" in build("fact")
    # One composed text and one list of unused blocks for the folder: replaced at each edit.
    assert len(list((cold_cache / "composed").iterdir())) == 2


def test_a_build_in_the_same_process_composes_an_edited_template_again(
    tmp_path, template_copy, monkeypatch
):
    """compose.memo remembers files' digests by their size and times, and what it composed
    by its entry: an edit between two builds of one process (a preview, which forgets the
    compiled templates at each edit) is still composed."""
    from generator.api import build_pdf, load_event, reload_templates
    from tests.conftest import pdf_text

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_SETTLED", 0)  # digests remembered at once, not after 2 s
    monkeypatch.setattr(cache, "_digests_changed", True)  # (no writing at exit)
    folder = template_copy("poster")
    event = load_event()

    def build() -> bytes:
        reload_templates()
        return build_pdf(folder, event, date=1_700_000_000.0)

    first = build()
    assert build() == first
    text = folder / "text.j2"
    source = text.read_text(encoding="utf-8")
    kicker = "{% block kicker %}"
    text.write_text(source.replace(kicker, kicker + "ӘЛЕМ "), encoding="utf-8")
    assert "ӘЛЕМ" in pdf_text(build()) and "ӘЛЕМ" not in pdf_text(first)
    text.write_text(source.replace(kicker, kicker + "{{ words.notes }} "), encoding="utf-8")
    (folder / "vocab").mkdir()
    (folder / "vocab" / "kk.toml").write_text('notes = "ЕСКЕРТПЕЛЕР"\n', encoding="utf-8")
    assert "ЕСКЕРТПЕЛЕР" in pdf_text(build())
    (folder / "vocab" / "kk.toml").write_text('notes = "ЖАЗБАЛАР"\n', encoding="utf-8")
    assert "ЖАЗБАЛАР" in pdf_text(build())
    shutil.rmtree(folder / "vocab")
    text.write_text(source, encoding="utf-8")  # and back: the first bytes again
    assert build() == first


def _poster_then(code: str, out: Path, env: dict[str, str]) -> str:
    """The last line ``code`` prints, run as ``python -c code build poster --out out`` (the
    code calls the CLI's main)."""
    got = subprocess.run(
        [sys.executable, "-c", code, "build", "poster", "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return got.stdout.strip().splitlines()[-1]


def test_a_warm_poster_loads_neither_svglib_nor_babel_nor_numpy(tmp_path, cold_cache):
    _build(tmp_path / "first", _cache_env(cold_cache))
    code = (
        "import sys; from generator.cli import main; main(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'svglib', 'lxml', 'babel', 'numpy', 'fontTools', 'jinja2', 'pikepdf'}))"
    )
    got = _poster_then(code, tmp_path / "o", _cache_env(cold_cache))
    assert got == "[]"


# Whether a module was loaded: a LazyLoader module, or one standing in until first used (a
# module-level __getattr__: inspect, reportlab.platypus before its __init__), was not.
_LOADED = (
    "import sys\n"
    "def loaded(name):\n"
    "    m = sys.modules.get(name)\n"
    "    return m is not None and type(m).__name__ != '_LazyModule' and '__getattr__' not in vars(m)\n"
)


def test_a_warm_poster_loads_only_what_it_draws_and_compiles_nothing_again(tmp_path, cold_cache):
    """A poster without a photo loads no Pillow, no inspect, no TOML parser, none of
    ReportLab's tables or document templates (nor logging), no hyphenation dictionaries; a
    warm run finds every pattern and every dataclass method in the cache."""
    _build(tmp_path / "first", _cache_env(cold_cache))
    names = (
        "PIL.Image",
        "PIL._imaging",
        "inspect",
        "dis",
        "tomllib",
        "decimal",
        "logging",
        "pyphen",
        "zipfile",
        "reportlab.platypus",
        "reportlab.platypus.tables",
        "reportlab.platypus.doctemplate",
    )
    code = _LOADED + (
        "from generator.cli import main\n"
        "main()\n"
        "from generator import _methods, _regex\n"
        f"print([n for n in {names!r} if loaded(n)], _regex._added, len(_methods._added))\n"
    )
    got = _poster_then(code, tmp_path / "o", _cache_env(cold_cache))
    assert got == "[] False 0"


def test_a_photo_poster_from_a_fresh_process_places_its_photo(tmp_path, cold_cache):
    """Pillow, not loaded at start-up, is loaded when a photo is placed."""
    from tests.pictures import (
        QUADRANTS,
        event_with,
        named,
        near,
        pixel,
        placements,
        quadrant_photo,
        render,
    )

    quadrant_photo(tmp_path / "photo.jpg", (3000, 2000))
    event_with(tmp_path, photo="photo.jpg")
    env = _cache_env(cold_cache)
    pdf = _build(tmp_path / "o", env, "poster", "--article", tmp_path / "article.kk.txt")
    [(_, kind, box)] = named(placements(pdf), r"Pic\.photo\.photo\.")
    assert kind == "Image" and box == pytest.approx((187, 326, 113, 97), abs=0.05)
    view = render(pdf)
    cx, cy = 187 + 113 / 2, 326 + 97 / 2
    assert near(pixel(view, cx - 20, cy - 20), QUADRANTS[0])  # red, top-left
    assert near(pixel(view, cx + 20, cy + 20), QUADRANTS[3])  # yellow, bottom-right


def test_patterns_from_the_cache_are_those_re_compiles(tmp_path, cold_cache):
    """Every pattern a poster compiles, made from the cache's code, equals the pattern re
    compiles (same text, flags and compiled code: what Pattern equality compares) and has the
    same groups."""
    _build(tmp_path / "first", _cache_env(cold_cache))
    code = (
        "from generator.cli import main\n"
        "main()\n"
        "from generator import _regex\n"
        "for p, flags in _regex._used:\n"
        "    cached, fresh = _regex._compile(p, flags), _regex._original(p, flags)\n"
        "    assert cached == fresh and cached is not fresh, p\n"
        "    assert (cached.groups, cached.groupindex) == (fresh.groups, fresh.groupindex), p\n"
        "    assert cached.flags == fresh.flags, p\n"
        "print(len(_regex._used), _regex._added)\n"
    )
    got = _poster_then(code, tmp_path / "o", _cache_env(cold_cache))
    used, added = got.split()
    assert int(used) >= 50 and added == "False"


def test_a_file_digest_is_remembered_until_the_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_digests", None)
    monkeypatch.setattr(cache, "_digests_used", {})
    monkeypatch.setattr(cache, "_digests_changed", True)  # (no writing at exit)
    file = tmp_path / "f.bin"
    file.write_bytes(b"a" * 100)
    assert cache.file_digest(file, b"salt") == hashlib.sha256(b"salt" + b"a" * 100).hexdigest()
    assert (str(file), b"salt") not in cache._digests  # changed just now: not remembered
    monkeypatch.setattr(cache, "_SETTLED", 0)
    assert cache.file_digest(file) == hashlib.sha256(b"a" * 100).hexdigest()
    assert (str(file), b"") in cache._digests
    # The same size and modification time, other bytes: the change time tells.
    st = file.stat()
    file.write_bytes(b"b" * 100)
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.file_digest(file) == hashlib.sha256(b"b" * 100).hexdigest()
    cache._write_digests()  # stored, and read back by the next process
    monkeypatch.setattr(cache, "_digests", None)
    assert cache.file_digest(file) == hashlib.sha256(b"b" * 100).hexdigest()
    assert cache._digests[(str(file), b"")][1] == hashlib.sha256(b"b" * 100).hexdigest()


def test_font_families_from_the_cache_are_those_fonts_toml_lists(tmp_path, monkeypatch):
    from generator import resources

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path))
    text = (resources.fonts_dir() / "fonts.toml").read_text(encoding="utf-8")
    resources.families.cache_clear()
    try:
        first = resources.families()  # read, and stored
        resources.families.cache_clear()
        assert resources.families() == first == resources._families(text)
        assert len(list((tmp_path / "fonts-toml").iterdir())) == 1
    finally:
        resources.families.cache_clear()


def test_entries_round_trip_and_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "c"))
    name = cache.key("test", b"input", 1)
    assert cache.load("things", name) is None
    assert cache.cached("things", name, lambda: {"a": (1, 2.5)}) == {"a": (1, 2.5)}
    assert cache.load("things", name) == {"a": (1, 2.5)}
    assert cache.key("test", b"input", 1) != cache.key("test", b"input", 2)
    # An entry of another shape (written by an older recipe) is made again.
    assert cache.cached("things", name, lambda: [1, 2], list) == [1, 2]
    assert cache.load("things", name) == [1, 2]
    monkeypatch.setenv("GENERATOR_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.load("things", name) is None
    cache.store("other", name, 1)
    assert not (tmp_path / "c" / "other").exists()


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(blocker))
    assert cache.cached("things", cache.key("x"), lambda: 42) == 42


def _writer(args: tuple[str, str, int]) -> bool:
    folder, name, n = args
    os.environ["GENERATOR_CACHE_DIR"] = folder
    for i in range(40):
        cache.write("race", name, bytes([n]) * (200_000 + i))
        got = cache.read("race", name)
        if got is not None and len(set(got)) != 1:  # a mix of two writers: torn
            return False
    return True


def test_processes_writing_one_entry_at_once_never_leave_it_torn(tmp_path):
    name = cache.key("race")
    with ProcessPoolExecutor(4) as pool:
        assert all(pool.map(_writer, [(str(tmp_path), name, n) for n in range(4)]))
    got = (tmp_path / "race" / name).read_bytes()
    assert got.startswith(cache._MAGIC)
    assert not list((tmp_path / "race").glob("*.tmp"))


def test_a_build_called_in_process_leaves_the_cycle_collector_on(tmp_path):
    import gc

    from generator.cli import main

    assert gc.isenabled()
    assert main(["build", "poster", "--out", str(tmp_path)]) == 0
    assert gc.isenabled()


def test_an_event_from_the_cache_is_the_event_read_and_an_edit_is_read_again(
    tmp_path, event_dir, monkeypatch
):
    import pickle

    from generator.api import load_event

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "c"))
    article = event_dir / "article.kk.txt"
    first = load_event(article, lang="kk,ru")
    assert len(list((tmp_path / "c" / "event").iterdir())) == 1
    again = load_event(article, lang="kk,ru")  # from the cache
    assert again is not first
    assert pickle.dumps(again) == pickle.dumps(first)
    assert again.article.changes and again.article.changes == first.article.changes
    assert again.facts.roles.quote is again.facts[again.facts.roles.quote.id]  # one object
    text = article.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    article.write_text(text.replace(title, title + " ӘЛЕМ", 1), encoding="utf-8")
    assert load_event(article, lang="kk,ru").article.title.endswith("ӘЛЕМ")
    assert len(list((tmp_path / "c" / "event").iterdir())) == 1  # replaced, not piled up
    (event_dir / "facts.toml").write_text("facts = 1\n", encoding="utf-8")  # still an error
    with pytest.raises(InputError, match="facts must be"):
        load_event(article, lang="kk,ru")


def test_a_template_from_the_cache_is_the_template_validated_and_an_edit_is_read_again(
    tmp_path, template_copy, monkeypatch
):
    from generator.compose.template import Template, load_cached, load_template
    from generator.errors import TemplateError
    from generator.resources import templates_dir

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "c"))
    for folder in sorted(p for p in templates_dir().iterdir() if (p / "template.toml").exists()):
        load_cached.cache_clear()
        load_cached(folder)  # validated, and stored
        load_cached.cache_clear()
        cached = load_cached(folder)  # from the cache
        assert isinstance(cached, Template) and cached == load_template(folder), folder.name
    assert len(list((tmp_path / "c" / "template").iterdir())) >= 5
    folder = template_copy("poster")
    data = folder / "template.toml"
    load_cached(folder)
    data.write_text(data.read_text(encoding="utf-8") + "\n[nonsense]\n", encoding="utf-8")
    load_cached.cache_clear()
    with pytest.raises(TemplateError, match="nonsense"):
        load_cached(folder)


def _a_dataclass() -> type:
    """A dataclass with what its generated methods deal with: defaults, a factory, a field
    out of __init__, a frozen class's hash and setattr, keyword-only fields."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True, order=True)
    class Box:
        name: str
        width: float = 10.0
        tags: tuple[str, ...] = field(default_factory=tuple)
        area: float = field(init=False, default=0.0, compare=False)
        style: str | None = field(default=None, kw_only=True)

    return Box


def test_dataclass_methods_from_the_cache_are_those_dataclasses_compiles(tmp_path, monkeypatch):
    """A class whose methods run from generator._methods' cache behaves as one whose methods
    dataclasses compiled itself; a second process compiles none of the methods again."""
    import builtins
    import dataclasses
    import inspect

    from generator import _methods

    made = {}
    for how, run in (("exec", builtins.exec), ("compiled", _methods._exec), ("cached", None)):
        monkeypatch.setattr(dataclasses, "exec", run or _methods._exec, raising=False)
        if how == "compiled":
            monkeypatch.setattr(_methods, "_stored", {})
            monkeypatch.setattr(_methods, "_added", {})
        made[how] = _a_dataclass()
    assert len(_methods._added) >= 5  # __init__, __repr__, __eq__, order, frozen's and hash
    monkeypatch.delattr(dataclasses, "exec", raising=False)
    boxes = {how: (cls("a", 2.0, ("x",), style="s"), cls("a")) for how, cls in made.items()}
    for how, cls in made.items():
        one, two = boxes[how]
        assert str(inspect.signature(cls)) == str(inspect.signature(made["exec"]))
        assert cls.__init__.__annotations__.keys() == made["exec"].__init__.__annotations__.keys()
        assert repr(one) == repr(boxes["exec"][0]).replace(
            made["exec"].__qualname__, cls.__qualname__
        )
        assert one == cls("a", 2.0, ("x",), style="s") and one != two and one < two
        assert hash(one) == hash(cls("a", 2.0, ("x",), style="s"))
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.name = "b"  # type: ignore[misc]
    # Across processes: the first CLI run stores the methods, the next compiles none.
    env = _cache_env(tmp_path / "cache")
    _build(tmp_path / "first", env)
    assert (tmp_path / "cache" / "code").is_dir()
    code = (
        "from generator import _methods; _methods.install(); import generator.api, "
        "generator.press.render; print(len(_methods._added), len(_methods._stored))"
    )
    got = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    added, count = got.stdout.split()
    assert int(added) == 0 and int(count) >= 100
