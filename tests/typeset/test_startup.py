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


def test_faces_are_parsed_when_first_used_and_keep_their_family_mapping():
    code = (
        "from reportlab.lib.fonts import ps2tt, tt2ps\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from generator.typeset.fonts import ensure_family, load_family\n"
        "faces = ('PTSerif', 'PTSerif-Bold', 'PTSerif-Italic', 'PTSerif-BoldItalic')\n"
        "ensure_family('PTSerif')\n"
        "assert not set(faces) & set(pdfmetrics.getRegisteredFontNames())\n"
        "assert tt2ps('ptserif', 1, 1) == 'PTSerif-BoldItalic'\n"
        "bold = pdfmetrics.getFont('PTSerif-Bold')\n"
        "assert bold.face.name.ustr == 'PTSerif-Bold', bold.face.name\n"
        "assert set(faces) & set(pdfmetrics.getRegisteredFontNames()) == {'PTSerif-Bold'}\n"
        "# registering a face maps its name to itself; <i> inside bold still finds bold italic\n"
        "assert ps2tt('PTSerif-Bold') == ('ptserif', 1, 0)\n"
        "assert tt2ps(*ps2tt('PTSerif-Bold')[:2], 1) == 'PTSerif-BoldItalic'\n"
        "assert pdfmetrics.stringWidth('Қазақстан', 'PTSerif-Italic', 10) > 0\n"
        "try:\n"
        "    pdfmetrics.getFont('NoSuchFace')\n"
        "except KeyError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('an unknown name must still fail')\n"
        "load_family('PTSans')\n"
        "assert {'PTSans', 'PTSans-Bold', 'PTSans-Italic', 'PTSans-BoldItalic'} <= set(\n"
        "    pdfmetrics._fonts)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_the_preflight_readers_import_pikepdf_only_when_they_use_it():
    code = (
        "import sys\n"
        "from generator.press import _pikepdf, _scan, preflight, held\n"
        "assert 'pikepdf' not in sys.modules\n"
        "assert not isinstance('/None', _pikepdf.Name) and not isinstance([], _pikepdf.Array)\n"
        "assert '/None' != _pikepdf.Name.None_ and 'pikepdf' not in sys.modules\n"
        "assert _pikepdf.Pdf.open  # anything but a type test imports it\n"
        "import pikepdf\n"
        "assert _pikepdf.Name is pikepdf.Name and _pikepdf.Name.None_ == pikepdf.Name.None_\n"
        "assert isinstance(pikepdf.Name('/X'), _pikepdf.Name)\n"
        "assert ('/None' != pikepdf.Name.None_) == ('/None' != _pikepdf.Name.None_)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_reportlab_platypus_runs_its_init_when_a_name_it_defines_is_read():
    """Our modules import platypus's paragraph alone; the package's names (tables, document
    templates, frames) are all there when asked for, by name or by ``import *``."""
    start = (
        "import sys, generator.typeset\n"
        "from reportlab.platypus import paragraph\n"
        "import reportlab.platypus as p\n"
        "assert 'reportlab.platypus.tables' not in sys.modules\n"
    )
    by_name = (
        "from reportlab.platypus import SimpleDocTemplate, Table, Frame\n"
        "assert 'reportlab.platypus.tables' in sys.modules\n"
        "assert p.Paragraph is paragraph.Paragraph and p.Table is Table\n"
    )
    by_star = (
        "names = {}\n"
        "exec('from reportlab.platypus import *', names)\n"
        "assert {'Paragraph', 'Table', 'SimpleDocTemplate', 'XPreformatted'} <= set(names)\n"
    )
    for code in (by_name, by_star):
        done = subprocess.run(
            [sys.executable, "-c", start + code + "print('ok')"], capture_output=True, text=True
        )
        assert done.stdout.strip() == "ok", done.stderr
