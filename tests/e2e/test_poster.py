"""The 1 May poster end to end: text, fonts, sizes, determinism, and each failure's own error."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from generator.api import build_pdf, load_event
from tests.conftest import box_mm, pdf_text, run_cli, squash

STANDARD_14 = re.compile(rb"/(Helvetica|Times-Roman|Times-Bold|Courier|Symbol|ZapfDingbats)\b")


@pytest.fixture(scope="module")
def poster(event) -> bytes:
    return build_pdf("poster", event)


def test_text_has_the_title_and_every_caption(poster, event):
    text = pdf_text(poster)
    assert squash(event.article.title) in text
    assert len(event.facts.roles.headline) == 4
    for fact in event.facts.roles.headline:
        assert squash(fact.caption) in text, fact.caption
        assert fact.print in text
    assert squash(event.facts.roles.quote.print) in text
    assert "қ" in text and "ұ" in text and "і" in text


def test_every_font_is_embedded_and_subset(poster):
    reader = PdfReader(io.BytesIO(poster))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert len(fonts) >= 3
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, name
    assert not STANDARD_14.search(poster)


@pytest.mark.parametrize(
    ("size", "mm"), [("A2", (420, 594)), ("A3", (297, 420)), ("A4", (210, 297))]
)
def test_page_measures_the_chosen_size(event, size, mm):
    pdf = build_pdf("poster", event, size=size)
    w, h = box_mm(pdf, "TrimBox")
    assert abs(w - mm[0]) < 0.1 and abs(h - mm[1]) < 0.1
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_same_inputs_build_the_same_bytes(event, poster):
    assert build_pdf("poster", event) == poster
    again = load_event()
    assert build_pdf("poster", again) == poster


def test_qr_code_only_when_the_event_has_a_url(event_dir, poster):
    facts = event_dir / "facts.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            '# url = "https://..."', 'url = "https://example.kz/1-mamyr"'
        ),
        encoding="utf-8",
    )
    with_url = build_pdf("poster", load_event(event_dir / "article.kk.txt"))
    assert "https://example.kz/1-mamyr" in pdf_text(with_url)
    assert "example.kz" not in pdf_text(poster)
    assert len(with_url) > len(poster)


def test_cli_builds_every_default_product(tmp_path):
    code, out, err = run_cli("build", "poster", "--out", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "poster-A3.pdf").exists()
    assert (tmp_path / "manifest.json").exists()


def _assert_fails_cleanly(tmp_path, args, pattern):
    out = tmp_path / "out"
    code, _, err = run_cli("build", *args, "--out", str(out))
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in err
    assert not list(out.glob("*.pdf")) if out.exists() else True


def test_unbacked_fact_fails(tmp_path, event_dir):
    facts = event_dir / "facts.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("Ассамблея 365 мүшесі", "Ассамблея 366 мүшесі"),
        encoding="utf-8",
    )
    _assert_fails_cleanly(
        tmp_path,
        ["poster", "--article", str(event_dir / "article.kk.txt")],
        r"facts.toml: fact 'members': source is not in the article",
    )


def test_misspelled_template_key_fails(tmp_path, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('valign = "bottom"', 'valing = "bottom"', 1),
        encoding="utf-8",
    )
    _assert_fails_cleanly(
        tmp_path, [str(folder)], r"template.toml: .*valing: unknown key \(did you mean 'valign'\?\)"
    )


def test_undefined_jinja_variable_fails(tmp_path, template_copy):
    folder = template_copy("poster")
    j2 = folder / "text.j2"
    j2.write_text(
        j2.read_text(encoding="utf-8").replace("{{ when }}", "{{ event.yaer }}"),
        encoding="utf-8",
    )
    _assert_fails_cleanly(tmp_path, [str(folder)], r"text.j2: line \d+: block 'kicker': .*yaer")


def test_character_no_font_in_the_chain_has_fails(tmp_path, event_dir):
    # ☃ would come from the symbol fallback; a Han character is in none of our faces.
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0] + " 漢"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _assert_fails_cleanly(
        tmp_path,
        ["poster", "--article", str(article)],
        r"box 'title': character U\+6F22 '漢' is in none of the fonts tried \(NotoSansDisplayBlack, "
        r"NotoSansSymbols-Bold, NotoSansSymbols2\); it comes from .*article.kk.txt line 1",
    )


def test_text_too_long_even_at_the_smallest_size_fails(tmp_path, event_dir):
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0] + " " + " ".join(["ынтымақтастық"] * 40)
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _assert_fails_cleanly(
        tmp_path,
        ["poster", "--article", str(article)],
        r"template.toml: box 'title': the text does not fit its box .* even at the smallest size 40 pt",
    )


def test_real_process_exit_codes(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "generator", "build", "poster", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--bleed", "x"], capture_output=True, text=True
    )
    assert usage.returncode == 2
    missing = subprocess.run(
        [sys.executable, "-m", "generator", "build", "nosuch", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "no template 'nosuch'" in missing.stderr


@pytest.mark.parametrize("verb", ["build", "list", "normalise", "check", "impose"])
def test_every_verb_has_help(verb):
    code, out, _ = run_cli(verb, "--help")
    assert code == 0 and "usage:" in out


def test_a_missing_article_is_named_not_the_facts_beside_it(tmp_path):
    code, out, err = run_cli("build", "--article", str(tmp_path / "nowhere.kk.txt"))
    assert code == 1
    assert f"{tmp_path / 'nowhere.kk.txt'}: article not found" in err
    assert "facts.toml" not in err and "Traceback" not in err


def _with_event(folder, lines: str):
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    (folder / "facts.toml").write_text(facts.replace("[event]\n", lines, 1), encoding="utf-8")
    return folder / "article.kk.txt"


def test_a_kicker_of_a_date_range_across_years_and_a_name_fits(event_dir):
    """It failed («event.name is too long for box 'kicker'… 14 pt») in Kazakh–Russian: the
    kicker takes a third line (max_h), and the gold rule under it moves down with it."""
    article = _with_event(
        event_dir,
        "[event]\ndate = 2025-12-30\nend_date = 2026-01-02\n"
        'name = { kk = "Қарағанды кітап фестивалі", ru = "Карагандинский книжный фестиваль" }\n',
    )
    pdf = build_pdf("poster", load_event(article, lang="kk,ru"))
    text = pdf_text(pdf)
    for words in ("2025 ЖЫЛҒЫ 30 ЖЕЛТОҚСАН", "2 ЯНВАРЯ 2026", "КНИЖНЫЙ ФЕСТИВАЛЬ"):
        assert words in text, words


def _kicker_rules(pdf: bytes) -> list[tuple[float, ...]]:
    """Thin paths (mm, from the trim's top-left) where the gold rule stands under the kicker."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    mm, bleed = 72 / 25.4, 3
    page = pdfium.PdfDocument(pdf)[0]
    height = page.get_height() / mm
    found = []
    for o in page.get_objects():
        if o.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = (v / mm for v in o.get_bounds())
        left, top, bottom = left - bleed, height - top - bleed, height - bottom - bleed
        if 18 <= left and right - bleed <= 55 and 30 <= top and bottom <= 60 and bottom - top < 4:
            found.append((left, top, right - bleed, bottom))
    return found


def test_no_kicker_rule_stands_alone_when_the_kicker_is_empty(poster):
    """An event with no date, year or name printed the gold rule under an empty kicker
    (needs = ["date|year|name"]: any one of them)."""
    from pathlib import Path

    bare = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "library-bare"
    empty = build_pdf("poster", load_event(next(bare.glob("article.*.txt"))))
    assert len(_kicker_rules(poster)) == 1
    assert _kicker_rules(empty) == []
