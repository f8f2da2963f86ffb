"""Font subsets made from a face's tables read once are ReportLab's own subsets, byte for byte."""

import random

import pytest
from reportlab.pdfbase import pdfmetrics

from generator.press.subset import make_subset
from generator.resources import families
from generator.typeset.fonts import ensure_family, face_name

FACES = sorted({(fam, style) for fam, f in families().items() for style in f.faces})


@pytest.mark.parametrize(("family", "style"), FACES)
def test_every_vendored_face_subsets_as_reportlab_does(family, style):
    ensure_family(family)
    face = pdfmetrics.getFont(face_name(family, style)).face
    codes = sorted(face.charToGlyph)
    glyf = face.get_table("glyf")
    composite = [c for c in codes if _is_composite(face, glyf, face.charToGlyph[c])]
    rng = random.Random(f"{family}-{style}")
    subsets = [
        [32],
        codes[:256],
        [32, *map(ord, "Әбілқайыр Нұрсұлтанұлы ҒҮҰҚӨҺІ № 2026-0001 «ӘӨ»")],
        [32, 0x10FFFF, 0xE000],  # code points the face lacks: glyph 0
        *[[32, *rng.sample(codes, min(len(codes), rng.randint(1, 120)))] for _ in range(12)],
        *([[32, *rng.sample(composite, min(len(composite), 40))]] if composite else []),
    ]
    for subset in subsets:
        assert make_subset(face, subset) == _reportlab(face, subset), subset


def _reportlab(face, subset):
    from generator.press import flate_cache

    flate_cache.install()  # ReportLab's own method, as the cache keeps it
    return flate_cache._original_make(face, subset)


def _is_composite(face, glyf, glyph):
    start = face.glyphPos[glyph]
    data = glyf[start : face.glyphPos[glyph + 1]]
    return len(data) > 2 and int.from_bytes(data[:2], "big", signed=True) < 0
