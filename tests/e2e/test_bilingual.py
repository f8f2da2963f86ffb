"""Bilingual products (--lang kk,ru): Kazakh first (above or left), both languages at one size
read back from the PDF, each caption and source in its own language."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from tests.conftest import pdf_text, run_cli, squash

RECORD = {"name": "Айгүл Серікқызы", "role": "ерікті", "organisation": "№ 82 мектеп"}


@pytest.fixture(scope="module")
def bilingual():
    return load_event(lang="kk,ru")


def placed(pdf: bytes, phrase: str, page: int = 0) -> tuple[set[float], float, float]:
    """Where a phrase is drawn: its font sizes (points), its top and its left (points)."""
    doc = pdfium.PdfDocument(pdf)
    tp = doc[page].get_textpage()
    kept: list[tuple[str, int]] = []  # the page's text, spaces squashed, with char indices
    for i in range(tp.count_chars()):
        c = tp.get_text_range(i, 1)
        c = " " if c.isspace() else c
        if c == " " and (not kept or kept[-1][0] == " "):
            continue
        kept.append((c, i))
    start = "".join(c for c, _ in kept).find(phrase)
    assert start >= 0, f"{phrase!r} not on page {page}"
    ids = [i for c, i in kept[start : start + len(phrase)] if c != " "]
    sizes = {round(pdfium_c.FPDFText_GetFontSize(tp.raw, i), 2) for i in ids}
    boxes = [tp.get_charbox(i) for i in ids]
    return sizes, max(b[3] for b in boxes), min(b[0] for b in boxes)


def test_each_language_has_its_facts_and_sources_verified(bilingual):
    assert bilingual.languages == ("kk", "ru")
    ru = bilingual.translations[0]
    assert ru.facts["members"].caption == "членов Ассамблеи"
    for content in bilingual.in_each_language():
        for fact in content.facts.values():
            assert fact.source in content.article.text


def test_bilingual_poster_kazakh_above_russian_at_one_size(bilingual):
    pdf = build_pdf("poster", bilingual)
    kk_size, kk_top, _ = placed(pdf, "Қазақстан халықтарының")
    ru_size, ru_top, _ = placed(pdf, "День единства народа")
    assert kk_size == ru_size and len(kk_size) == 1, (kk_size, ru_size)
    assert kk_top > ru_top  # PDF y grows upwards: Kazakh is higher on the page
    # each figure's caption in its language, Kazakh first, both at one size
    cap_kk, top_kk, _ = placed(pdf, "Ассамблея мүшесі")
    cap_ru, top_ru, _ = placed(pdf, "членов Ассамблеи")
    assert cap_kk == cap_ru and top_kk > top_ru
    text = pdf_text(pdf)
    assert "Из Послания Елбасы народу Казахстана".upper() in text


def test_bilingual_certificate_kazakh_above_russian_at_one_size(bilingual):
    pdf = build_pdf("certificate", bilingual, record=RECORD)
    kk, kk_top, _ = placed(pdf, "АЛҒЫС ХАТ")
    ru, ru_top, _ = placed(pdf, "БЛАГОДАРСТВЕННОЕ ПИСЬМО")
    assert kk == ru and len(kk) == 1
    assert kk_top > ru_top
    assert RECORD["name"] in pdf_text(pdf)


def test_columns_put_kazakh_on_the_left_at_one_size(bilingual, template_copy):
    folder = template_copy("poster")
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace(
        'name = "quote"\ntype = "text"', 'name = "quote"\ntype = "text"\nbilingual = "columns"'
    )
    toml.write_text(text, encoding="utf-8")
    pdf = build_pdf(str(folder), bilingual)
    kk, _, kk_left = placed(pdf, "Қоғамдық келісімді")
    ru, _, ru_left = placed(pdf, "Повышение роли")
    assert kk == ru and kk_left < ru_left


def test_shrinking_one_language_shrinks_both(bilingual, event):
    single = build_pdf("poster", event)
    both = build_pdf("poster", bilingual)
    (alone,), _, _ = placed(single, "Қазақстан халықтарының")
    (shared,), _, _ = placed(both, "Қазақстан халықтарының")
    (ru,), _, _ = placed(both, "День единства народа")
    assert shared < alone and shared == ru


def test_build_lang_kk_ru_makes_every_bilingual_product(tmp_path):
    code, out, err = run_cli("build", "--lang", "kk,ru", "--out", str(tmp_path))
    assert code == 0, err
    for name in ("poster-A3", "trifold-A4", "booklet-A5"):
        text = pdf_text(tmp_path / f"{name}-kk-ru.pdf")
        assert "бірлігі" in text and "единства" in text, name
    # the booklet's running text: all of the Kazakh article, then the Russian one
    booklet = pdf_text(tmp_path / "booklet-A5-kk-ru.pdf")
    assert booklet.index("Ассамблеясы құрылды") < booklet.index("была создана Ассамблея")


def test_a_missing_character_in_the_russian_article_names_its_line(tmp_path, event_dir):
    article = event_dir / "article.ru.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] += " 漢"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(
        "build", "poster", "--article", str(article), "--lang", "kk,ru", "--out", str(tmp_path)
    )
    assert code == 1
    assert "'漢' is in none of the fonts tried" in err and "article.ru.txt line 1" in err


def test_the_manifest_records_the_languages(tmp_path):
    import json

    code, _, err = run_cli("build", "poster", "--lang", "kk,ru", "--out", str(tmp_path))
    assert code == 0, err
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"]["poster-A3-kk-ru.pdf"]
    assert entry["languages"] == ["kk", "ru"] and entry["script"] == "cyrl"


def test_templates_reach_each_language_by_name(bilingual, template_copy):
    folder = template_copy("poster")
    text = folder / "text.j2"
    body = text.read_text(encoding="utf-8")
    start = body.index("{% block kicker %}")
    end = body.index("{% endblock %}", start)
    kicker = "{% block kicker %}{{ texts.ru.article.title }} · {{ texts.kk.facts.members.caption }}"
    text.write_text(body[:start] + kicker + body[end:], encoding="utf-8")
    out = pdf_text(build_pdf(str(folder), bilingual))
    # Both languages composed the same words: they are printed once.
    assert out.count("1 МАЯ — ДЕНЬ ЕДИНСТВА НАРОДА КАЗАХСТАНА · АССАМБЛЕЯ МҮШЕСІ") == 1


LONG_TITLES = Path(__file__).resolve().parents[1] / "data" / "bilingual-long-titles"


@pytest.mark.parametrize("product", ["poster", "trifold", "booklet"])
def test_titles_of_seventy_characters_each_set_at_one_size(product):
    """Two news-length titles (66 and 74 characters) fit every brochure's title boxes: the
    tri-fold's cover and the booklet's opening heading failed at their one-language minimum
    («does not fit its box (76 × 74 mm) even at the smallest size 20 pt»)."""
    event = load_event(LONG_TITLES / "article.kk.txt", lang="kk,ru")
    pdf = build_pdf(product, event)
    page = 0 if product != "booklet" else 1  # the booklet's opening page
    kk_size, kk_top, _ = placed(pdf, "Ақмола", page)
    ru_size, ru_top, _ = placed(pdf, "Акмолинской", page)
    assert kk_size == ru_size and len(kk_size) == 1, (kk_size, ru_size)
    assert kk_top > ru_top


def test_a_running_head_too_long_for_both_titles_prints_the_kazakh_one():
    event = load_event(LONG_TITLES / "article.kk.txt", lang="kk,ru")
    pdf = build_pdf("booklet", event)
    doc = pdfium.PdfDocument(pdf)
    # the running head of the article's second page (the Russian article's page), at its top
    tp = doc[2].get_textpage()
    height = doc[2].get_size()[1]
    head = tp.get_text_bounded(top=height, bottom=height - 20 * 72 / 25.4)
    assert squash(head) == squash(
        "АҚМОЛА ОБЛЫСЫНДА «ДАЛА ДАУЫСЫ» ХАЛЫҚАРАЛЫҚ ДОМБЫРА ФЕСТИВАЛІ ӨТЕДІ"
    )


def test_a_figure_given_once_prints_once_in_latin_letters_beside_russian(tmp_path):
    """A fact's print given once («2 500 м²») is one figure in both languages; in a Kazakh-Latin
    and Russian build it was the Kazakh copy in Latin letters beside the Russian one,
    «2 500 m² / 2 500 м²», too wide for the poster's column (the build failed)."""
    (tmp_path / "article.kk.txt").write_text(
        "Кітап фестивалі\nФестиваль алаңының ауданы – 2 500 шаршы метр. Онда 45 баспа бар.\n",
        encoding="utf-8",
    )
    (tmp_path / "article.ru.txt").write_text(
        "Книжный фестиваль\nПлощадь фестиваля – 2 500 квадратных метров. Там 45 издательств.\n",
        encoding="utf-8",
    )
    (tmp_path / "facts.toml").write_text(
        '[[facts]]\nid = "area"\nvalue = 2500\nprint = "2 500 м²"\n'
        'caption = { kk = "фестиваль алаңы", ru = "площадь фестиваля" }\n'
        'source = { kk = "2 500 шаршы метр", ru = "2 500 квадратных метров" }\n\n'
        '[[facts]]\nid = "houses"\nvalue = 45\nprint = { kk = "45 баспа", ru = "45 изд." }\n'
        'caption = { kk = "баспа", ru = "издательств" }\n'
        'source = { kk = "45 баспа", ru = "45 издательств" }\n',
        encoding="utf-8",
    )
    from generator.compose.bilingual import layout_facts

    for script, area in (("cyrl", "2 500 м²"), ("latn", "2 500 m²")):
        event = load_event(tmp_path / "article.kk.txt", lang="kk,ru", script=script)
        facts = layout_facts(event)
        assert facts["area"].print.replace("\u00a0", " ") == area
        assert facts["houses"].print.count(" / ") == 1  # prints that differ still show both
        text = squash(pdf_text(build_pdf("poster", event)))
        assert area in text and " / 2 500" not in text
