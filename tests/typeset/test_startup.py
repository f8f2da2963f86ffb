"""What start-up takes from ReportLab's internals stays true to ReportLab: a font rebuilt from
the cache is the font TTFont makes, and the deferred URL pattern is the pattern."""

from __future__ import annotations

import subprocess
import sys

from generator.resources import families
from generator.typeset.embed import embedding_copy
from generator.typeset.fonts import load_font


def _plain(obj: object, *leave: str) -> dict:
    """An object's attributes, objects without equality as their type and attributes."""
    out = {}
    for k, v in vars(obj).items():
        if k not in leave:
            same = type(v).__eq__ is not object.__eq__ or not hasattr(v, "__dict__")
            out[k] = v if same else (type(v), _plain(v))
    return out


def test_a_font_from_the_cache_is_the_font_ttfont_makes(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path))
    # One face with 1000 units per em, one with 2048 (the scaling differs).
    for family, style in (("PTSans", "regular"), ("NotoSansDisplayBlack", "regular")):
        path = embedding_copy(families()[family].faces[style])
        fresh = TTFont(family, str(path), asciiReadable=False)
        load_font(family, path)  # parsed, and stored
        cached = load_font(family, path)  # from the cache
        assert cached.face is not fresh.face
        assert _plain(cached, "face", "state") == _plain(fresh, "face", "state")
        assert type(cached.state) is type(fresh.state) and not cached.state
        assert _plain(cached.face, "_pdfScale") == _plain(fresh.face, "_pdfScale")
        for v in (0, 1, 517, 2048, -133.5):
            assert cached.face._pdfScale(v) == fresh.face._pdfScale(v)
        text = "Қазақстан халқы 2026 ₸"
        assert cached.stringWidth(text, 11) == fresh.stringWidth(text, 11)
        assert type(cached.face.name) is type(fresh.face.name)
        assert cached.face.name.ustr == fresh.face.name.ustr


def test_three_slow_patterns_compile_on_first_use_and_match_as_compiled():
    code = (
        "import re, generator.typeset\n"
        "import reportlab.platypus.paragraph as p, reportlab.lib.textsplit as t\n"
        "import pikepdf.models.metadata._constants as c\n"
        "from generator.typeset._deferred import LazyPattern\n"
        "for lazy in (p.uri_pat, t.rx, c.re_xml_illegal_chars):\n"
        "    assert isinstance(lazy, LazyPattern), type(lazy)\n"
        "assert isinstance(p._hy_letters_pat, re.Pattern)  # the others as usual\n"
        "real = re.compile(p.uri_pat.pattern_text, re.I)\n"
        "for uri in ('https://example.kz/a/b', 'www.gov.kz', 'not a uri', 'ftp://1.2.3.4/x'):\n"
        "    assert bool(p.uri_pat.match(uri)) == bool(real.match(uri))\n"
        "assert p._uri_split_pairs('https://example.kz/a/b')[0] == ('https://example.kz/a/', 'b')\n"
        "assert t.rx.sub(r'\\1 ', 'ab漢字') == 'ab漢 字 '\n"
        "assert c.clean('a\\x00b\\ufffe') == 'ab'\n"
        "for m in (p, t, c):\n"
        "    assert type(m.__spec__.loader).__name__ == 'SourceFileLoader'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr
