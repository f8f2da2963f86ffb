"""The poster's headline: figures that never crowd each other, and a title that never ends on a
line of one short word. Read back from the PDF (pdfium's character boxes and origins) for every
event, in Kazakh, Kazakh–Russian and Latin Kazakh, at every size."""

from __future__ import annotations

import ctypes
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from generator.compose.render import tie_last
from generator.compose.template import load_template

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = {
    "default": None,
    **{p.parent.name: p for p in sorted((ROOT / "fixtures" / "events").glob("*/article.*.txt"))},
    "ru-event": ROOT / "data" / "ru-event" / "article.ru.txt",
}
VARIANTS = {"": {}, "kk-ru": {"lang": "kk,ru"}, "latn": {"script": "latn"}}
CASES = [
    (name, variant)
    for name in ARTICLES
    for variant in VARIANTS
    if variant == "" or (variant == "kk-ru" and name == "default")
    or (variant == "latn" and name in ("default", "dombyra-long", "book-fair-full"))
]  # fmt: skip


# library-bare has no headline figures (its poster leaves the band out).
FIGURE_CASES = [c for c in CASES if c[0] != "library-bare"]


@cache
def _event(name: str, variant: str):
    return load_event(ARTICLES[name], **VARIANTS[variant])


@cache
def _poster(name: str, variant: str, size: str) -> bytes:
    return build_pdf("poster", _event(name, variant), size=size)


def _lines(pdf: bytes) -> dict[tuple[float, float], list[tuple[tuple[float, ...], str]]]:
    """The page's characters by (font size, baseline), each with its loose box (the advance,
    not the ink: what a reader sees as the space a figure takes)."""
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: dict[tuple[float, float], list[tuple[tuple[float, ...], str]]] = {}
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        rows.setdefault((round(size, 1), round(y.value, 1)), []).append(
            (text.get_charbox(i, loose=True), ch)
        )
    for chars in rows.values():
        chars.sort(key=lambda c: c[0][0])
    return rows


def _figure_gaps(pdf: bytes, prints: list[str]) -> list[float]:
    """The space between each headline number and the next on its row, in ems of its size."""
    squeeze = [p.replace(" ", "").replace("\u00a0", "") for p in prints]
    gaps = []
    for (size, _), chars in _lines(pdf).items():
        text = "".join(ch for _, ch in chars if ch.strip())
        boxes = [box for box, ch in chars if ch.strip()]
        start = text.find("".join(squeeze))
        if start < 0:
            continue
        end = start
        for number in squeeze[:-1]:
            end += len(number)
            gaps.append((boxes[end][0] - boxes[end - 1][2]) / size)
    return gaps


@pytest.mark.parametrize("size", ["A3", "A4"])
@pytest.mark.parametrize(("name", "variant"), FIGURE_CASES)
def test_headline_figures_stand_half_an_em_apart(name, variant, size):
    event = _event(name, variant)
    prints = [f.print for f in event.facts.roles.headline[:4]]
    assert len(prints) >= 2
    gaps = _figure_gaps(_poster(name, variant, size), prints)
    assert len(gaps) == len(prints) - 1, "the figures are not on one row"
    assert min(gaps) >= 0.5, list(zip(prints, prints[1:], gaps, strict=True))


def test_wide_figures_that_fill_their_columns_keep_apart(tmp_path):
    """Four numbers each as wide as its column at the largest size: the gap the template gives
    (9 mm) is less than half an em there, and the numbers are set a little smaller for it."""
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "article.kk.txt").write_text(
        "Қала күні – үлкен мереке\n"
        "Мерекеге 2000 адам келді, 4800 бала сурет салды, 7500 шар ұшырылды, "
        "ал 9600 гүл отырғызылды.\n",
        encoding="utf-8",
    )
    facts = "".join(
        f'[[facts]]\nid = "n{v}"\nvalue = {v}\nprint = "{v}+"\ncaption = "{c}"\n'
        f'source = "{v} {c}"\n'
        for v, c in ((2000, "адам"), (4800, "бала"), (7500, "шар"), (9600, "гүл"))
    )
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    event = load_event(folder / "article.kk.txt")
    pdf = build_pdf("poster", event)
    gaps = _figure_gaps(pdf, ["2000+", "4800+", "7500+", "9600+"])
    assert len(gaps) == 3 and min(gaps) >= 0.5, gaps


# Events whose widest figure fills its column beside short ones (a QA poster: «18 000+» ran
# to its column's edge, 12.4 mm from «45» while the row's other figures stood 50 mm apart).
WIDE = {
    "ru-wide": (
        "ru",
        "Фестиваль ремёсел в Караганде\n"
        "Мастера разместили 45 шатров. Фестиваль посетили более 18 000 человек, для детей "
        "провели 30 мастер-классов, приехали мастера из 12 городов.\n",
        [("18000", "18 000+", "человек"), ("45", "45", "шатров"), ("30", "30", "мастер-классов"),
         ("12", "12", "городов")],
    ),
    "ru-area": (
        "ru",
        "Новая библиотека открылась в Темиртау\n"
        "Библиотека площадью 1 200 м² открылась в субботу. В ней 3 читальных зала, в первый "
        "день пришли 640 читателей.\n",
        [("1200", "1 200 м²", "площадь"), ("3", "3", "читальных зала"),
         ("640", "640", "читателей")],
    ),
}  # fmt: skip
MM = 72 / 25.4


def _wide_event(folder: Path, name: str):
    lang, article, figures = WIDE[name]
    (folder / f"article.{lang}.txt").write_text(article, encoding="utf-8")
    facts = "".join(
        f'[[facts]]\nid = "n{v}"\nvalue = {v}\nprint = "{p}"\ncaption = "{c}"\n'
        f'source = "{p.rstrip("+")}"\n'
        for v, p, c in figures
    )
    (folder / "facts.toml").write_text(f"[event]\nyear = 2026\n{facts}", encoding="utf-8")
    return load_event(folder / f"article.{lang}.txt")


def _ink_gaps(pdf: bytes, prints: list[str], page: int = 0) -> list[float]:
    """The space between the ink of each figure and the next on its row, in mm: the last
    glyph's box to the first glyph's box (pdfium's tight character boxes)."""
    squeeze = [p.replace(" ", "").replace("\u00a0", "") for p in prints]
    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: dict[tuple[float, float], list[tuple[tuple[float, ...], str]]] = {}
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if ch.strip():
            size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
            key = (round(size, 1), round(y.value, 1))
            rows.setdefault(key, []).append((text.get_charbox(i), ch))
    for chars in rows.values():
        chars.sort(key=lambda c: c[0][0])
        start = "".join(ch for _, ch in chars).find("".join(squeeze))
        if start >= 0:
            ends = [start + sum(map(len, squeeze[: k + 1])) for k in range(len(squeeze) - 1)]
            return [(chars[e][0][0] - chars[e - 1][0][2]) / MM for e in ends]
    return []


def _gutter(template: str, size_scale: float = 1.0) -> float:
    """The least gap the template's figures boxes give between numbers, in mm on the page."""
    t = load_template(ROOT.parent / "templates" / template)
    gutters = {b.opt("gutter") for p in t.pages for b in p.boxes if b.type == "figures"}
    gutters.discard(None)
    assert len(gutters) == 1, gutters
    return gutters.pop() * size_scale


@pytest.mark.parametrize("size", ["A3", "A4"])
@pytest.mark.parametrize("name", [*(c[0] for c in FIGURE_CASES if c[1] == ""), *WIDE])
def test_headline_figures_keep_the_templates_gutter(tmp_path, name, size):
    """Between the ink of neighbouring figures at least the template's gutter (scaled with the
    page), and every figure of the row at one size, for any figures."""
    event = _wide_event(tmp_path, name) if name in WIDE else _event(name, "")
    prints = [f.print for f in event.facts.roles.headline[:4]]
    pdf = build_pdf("poster", event, size=size) if name in WIDE else _poster(name, "", size)
    gaps = _ink_gaps(pdf, prints)
    assert len(gaps) == len(prints) - 1, "the figures are not on one row, at one size"
    gutter = _gutter("poster", {"A3": 1.0, "A4": 297 / 420}[size])
    assert min(gaps) >= gutter, [f"{g:.1f} mm" for g in gaps]


@pytest.mark.parametrize("name", [*WIDE, "book-fair-full", "museum-names"])
def test_booklet_figures_keep_the_templates_gutter(tmp_path, name):
    """The booklet's figures page (two columns): each row's numbers stand at least the
    template's gutter apart."""
    event = _wide_event(tmp_path, name) if name in WIDE else _event(name, "")
    prints = [f.print for f in event.facts.roles.headline[:4]]
    pdf = build_pdf("booklet", event)
    for row in (prints[:2], prints[2:4]):
        if len(row) < 2:
            continue
        found = [g for n in range(len(pdfium.PdfDocument(pdf))) for g in _ink_gaps(pdf, row, n)]
        assert len(found) == 1, f"{row} are not on one row"
        assert found[0] >= _gutter("booklet"), f"{row}: {found[0]:.1f} mm"


def test_the_last_figure_of_a_row_keeps_no_gutter_to_its_right(template_copy):
    """The gutter is space between neighbours: the last number of a row has none on its
    right. A row whose widest number stands last («2,5 км», ru-event) was set smaller (46.7
    instead of 51.3 pt at A3) as if it had to keep the gutter to the page's margin; now it is
    set as it would be with no gutter at all, the row at one size."""
    from tests.e2e.test_hierarchy import text_lines

    folder = ROOT / "data" / "ru-event"
    event = load_event(folder / "article.ru.txt", folder / "facts.toml")
    assert [f.print for f in event.facts.roles.headline[:4]][-1] == "2,5\u00a0км"
    loose = template_copy("poster")
    toml = loose / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("gutter = 14 ", "gutter = 9 "), encoding="utf-8"
    )

    def size(template) -> float:
        pdf = build_pdf(template, event)
        return next(s for t, s, _ in text_lines(pdf) if t.startswith("2,5"))

    assert abs(size("poster") - size(load_template(loose))) < 0.01


def _title_lines(pdf: bytes, title_words: set[str]) -> list[str]:
    """The title's lines, top to bottom: the rows of the largest size that hold its words."""
    rows = _lines(pdf)
    found = []
    for (size, y), chars in rows.items():
        line = "".join(ch for _, ch in chars).replace("\u00a0", " ").strip()
        if line and set(line.split()) <= title_words:
            found.append((size, -y, line))
    top = max(s for s, _, _ in found)
    return [line for s, _, line in sorted(found) if s == top]


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_the_title_never_ends_on_one_short_word(name, variant):
    event = _event(name, variant)
    words = {
        w for c in event.in_each_language() for w in c.article.title.replace("\u00a0", " ").split()
    }
    lines = _title_lines(_poster(name, variant, "A3"), words)
    assert lines, "no title found"
    last = lines[-1].split()
    assert len(last) > 1 or len(last[0].strip(".,;:!?»–—")) > 4, lines


# Titles of 2-12 words written for this test, Kazakh and Russian, with and without a head
# before a dash. Greedy filling set «Наурыз / мейрамы / құтты болсын», «День / благодарности»,
# «Ел бірлігі – / мәңгілік / мұрат»: a short word alone on a line (typeset/balance.py).
BALANCE_TITLES = [
    ("kk", "Көктем келді"),
    ("kk", "Наурыз мейрамы құтты болсын"),
    ("kk", "Ел бірлігі – мәңгілік мұрат"),
    ("kk", "Алғыс айту күні – Қазақстан халқының ортақ мерекесі"),
    ("kk", "Ауыл кітапханасы жаңа үйге көшті"),
    ("kk", "Жастар форумы – болашаққа бағытталған жаңа бастамалар мен идеялар алаңы"),
    ("kk", "Облыс мектептері арасындағы дәстүрлі көктемгі спорт ойындары биыл салтанатпен ашылады"),
    ("ru", "День благодарности"),
    ("ru", "Вместе мы сильнее"),
    ("ru", "Наурыз — праздник весны и обновления"),
    ("ru", "Весенний фестиваль уличной еды"),
    ("ru", "Городской праздник книги и чтения для всей семьи"),
]
LONE = 0.7  # a line of one word is at least this share of the title's longest line ...
# ... or a little short of it, by at most this share, where that sets the title larger by
# more than the line falls short (typeset/balance.py: «Городской» at 0.66 over four lines,
# not three lines 27 % smaller)
SLIGHT = 0.15
FIRST = 0.6  # the first line is at least this share of the second
EVEN = 0.5  # every line is at least this share of the longest


def _title_rows(pdf: bytes, words: set[str]) -> list[tuple[str, float]]:
    """The title's lines, top to bottom, each with its inked width (first to last glyph)."""
    found = []
    for (size, y), chars in _lines(pdf).items():
        line = "".join(ch for _, ch in chars).replace("\u00a0", " ").strip()
        if line and set(line.split()) <= words:
            inked = [box for box, ch in chars if ch.strip()]
            found.append((size, -y, line, inked[-1][2] - inked[0][0]))
    top = max(f[0] for f in found)
    return [(line, width) for size, _, line, width in sorted(found) if size == top]


@pytest.mark.parametrize(("lang", "title"), BALANCE_TITLES)
def test_title_lines_are_balanced(tmp_path, lang, title):
    event = title_event(tmp_path, lang, title)
    words = event.article.title.replace("\u00a0", " ").split()
    rows = _title_rows(build_pdf("poster", event), set(words))
    assert " ".join(line for line, _ in rows).split() == words, rows
    longest = max(width for _, width in rows)
    shown = [(line, round(width / longest, 2)) for line, width in rows]
    worded = [[w for w in line.split() if any(c.isalnum() for c in w)] for line, _ in rows]
    if len(words) >= 3:
        for n, (_, width) in enumerate(rows):
            assert len(worded[n]) > 1 or width >= LONE * (1 - SLIGHT) * longest, shown
    if len(rows) > 1:
        assert rows[0][1] >= FIRST * rows[1][1], shown
    assert all(width >= EVEN * longest for _, width in rows), shown


def title_event(folder: Path, lang: str, title: str):
    """An event of ``title`` and one sentence, with one fact (the title is what is tested)."""
    word = "адам" if lang == "kk" else "человек"
    (folder / f"article.{lang}.txt").write_text(
        f"{title}\nМерекеге 500 {word} келді.\n", encoding="utf-8"
    )
    (folder / "facts.toml").write_text(
        f'[event]\nyear = 2026\n[[facts]]\nid = "n"\nvalue = 500\nprint = "500"\n'
        f'caption = "{word}"\nsource = "500 {word}"\n',
        encoding="utf-8",
    )
    return load_event(folder / f"article.{lang}.txt")


def test_tie_last():
    nbsp = "\u00a0"
    assert tie_last("ұрпақтан ұрпаққа жеткен үн") == f"ұрпақтан ұрпаққа жеткен{nbsp}үн"
    assert tie_last("День народа мира.") == f"День народа{nbsp}мира."
    assert tie_last("жаңа үйге көшті") == "жаңа үйге көшті"  # five letters: long enough
    assert tie_last("үн") == "үн"


def test_a_little_fault_does_not_cost_the_title_a_third_of_its_size(tmp_path):
    """«Ә.Х.Марғұлан оқулары – Сарыарқа археологиясы» in the Latin script is wider than in
    Cyrillic: at the Cyrillic's size it breaks into four lines, two of them single words a
    little short of 70 % of the longest line (62-63 %). The balancer ranked any fault before
    size and set it 29 % smaller, in two lines; a little fault now costs only the share its
    line falls short by, so the title keeps its size."""
    from tests.e2e.test_any_event import _fitted

    cyrl = title_event(tmp_path, "kk", "Ә.Х.Марғұлан оқулары – Сарыарқа археологиясы")
    latn = load_event(tmp_path / "article.kk.txt", script="latn")
    sizes = {k: _fitted("", "poster", e)["title"] for k, e in (("cyrl", cyrl), ("latn", latn))}
    assert sizes["latn"] >= 0.9 * sizes["cyrl"], sizes
    words = latn.article.title.replace("\u00a0", " ").split()
    rows = _title_rows(build_pdf("poster", latn), set(words))
    assert " ".join(line for line, _ in rows).split() == words, rows
    longest = max(width for _, width in rows)
    assert all(width >= LONE * (1 - SLIGHT) * longest for _, width in rows), rows
