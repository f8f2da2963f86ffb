"""Words kerned by shaping.shape_word are what ReportLab's shapeFragWord makes, value for value."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from reportlab.lib.abag import ABag
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr, shapeFragWord

from generator.api import load_event
from generator.resources import fonts_dir
from generator.typeset.fonts import ensure_family, face_name
from generator.typeset.shaping import shape_word

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"


def _words() -> list[str]:
    events = [load_event(), load_event(lang="ru"), load_event(script="latn")]
    events += [load_event(next(d.glob("article.*.txt"))) for d in sorted(FIXTURES.iterdir())]
    text = " ".join(e.article.text for e in events)
    extra = "AV Ta «Yo» fi ffl Т.б. 1 234 567 ₸ – — … ¼ Ŋŋ 2026-жылғы"
    return sorted(set(re.findall(r"\S+", f"{text} {extra}")))


def _faces() -> list[str]:
    families = tomllib.loads((fonts_dir() / "fonts.toml").read_text(encoding="utf-8"))["families"]
    out = []
    for family in ("PTSerif", "PTSans", "NotoSansDisplayBlack", "NotoSerif"):
        ensure_family(family)
        for face in ("regular", "bold", "italic", "bold_italic"):
            if face in families[family]:
                out.append(face_name(family, face))
    return out


def _same(ours: list, theirs: list) -> None:
    assert type(ours) is type(theirs)
    assert ours[0] == theirs[0] and type(ours[0]) is type(theirs[0])
    assert len(ours) == len(theirs) == 2
    (f1, s1), (f2, s2) = ours[1], theirs[1]
    assert f1 is f2 and s1 == s2 and type(s1) is type(s2)
    if isinstance(s2, ShapedStr):
        assert s1.__shapeData__ == s2.__shapeData__


@pytest.mark.parametrize("face", _faces())
def test_every_word_kerned_as_reportlab_does(face: str) -> None:
    if not getFont(face).shapable:
        pytest.skip("uharfbuzz is not installed")
    kerned = 0
    for size in (9.5, 11, 34.25):
        frag = ABag(fontName=face, fontSize=size)
        for text in _words():
            word = [stringWidth(text, face, size), (frag, text)]
            theirs = shapeFragWord(word)
            mine = [word[0], word[1]]
            ours = shape_word(mine)
            if theirs is word:
                assert ours is mine  # kerning changes nothing: the word itself back
                continue
            assert isinstance(ours, ShapedFragWord)
            kerned += 1
            _same(ours, theirs)
            _same(shape_word([word[0], word[1]]), theirs)  # from the glyphs kept: the same
    assert kerned > 100
