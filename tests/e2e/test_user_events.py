"""What a new user's own events showed (a school olympiad in Kazakh, a short Kazakh–Russian
week at a library): each defect found by looking at the pages, with the test that sees it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.api import build_pdf, load_event
from generator.compose.render import _split_dash, shorten
from tests.conftest import run_cli
from tests.pictures import event_with, logo_png, quadrant_photo, render

MM = 72 / 25.4
ROOT = Path(__file__).resolve().parents[1]
BLEED = 3.0  # mm each side of the built pages
RECORD = {"name": "Айгүл Серікқызы", "role": "қатысушы", "organisation": "№ 82 мектеп"}


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("1 мамыр\u00a0– Қазақстан халықтарының бірлігі күні", "1 мамыр"),
        ("Наурыз\u00a0– жыл басы", "Наурыз"),
        (
            "Фестиваль «Дружба народов»\u00a0– 12 июня 2026 г. в Караганде",
            "Фестиваль «Дружба народов»",
        ),
        # What follows the dash is no heading of its own: the title stays whole.
        ("Жас зерттеушілердің облыстық ғылыми олимпиадасы\u00a0– 2026", ""),
        ("Форум\u00a0– 2026 жыл", ""),
        # A dash inside « » belongs to the quoted name; the one after it may still split.
        ("Қарағандыда «Жасыл металлургия\u00a0– 2026» халықаралық конференциясы өтті", ""),
        (
            "«Бірлік\u00a0– 2026» фестивалі\u00a0– достық пен татулық мерекесі",
            "«Бірлік\u00a0– 2026» фестивалі",
        ),
    ],
)
def test_a_title_splits_at_its_dash_only_into_a_head_and_a_heading(title, head):
    """«Олимпиада – 2026» printed «2026» as the booklet's and the tri-fold's heading."""
    got_head, heading = _split_dash(title)
    assert got_head == head
    assert heading == (title if not head else title[len(head) + 3 :])


def test_a_dash_inside_a_quoted_name_keeps_the_running_head_whole(tmp_path):
    """«Қарағандыда «Жасыл металлургия – 2026» … өтті»: the booklet's running head read
    «2026» ХАЛЫҚАРАЛЫҚ … ӨТТІ», the title cut inside its quotation marks (a held-out event)."""
    title = "Қарағандыда «Жасыл металлургия – 2026» халықаралық конференциясы өтті"
    base = (ROOT.parent / "content" / "unity-day" / "article.kk.txt").read_text(encoding="utf-8")
    (tmp_path / "article.kk.txt").write_text(
        title + "\n" + base.split("\n", 1)[1], encoding="utf-8"
    )
    (tmp_path / "facts.toml").write_text("[event]\nyear = 2026\n", encoding="utf-8")
    pdf = build_pdf("booklet", load_event(tmp_path / "article.kk.txt"))
    doc = pdfium.PdfDocument(pdf)
    head = doc[2].get_textpage().get_text_range().split("\r\n")[0]
    assert head.replace("\u00a0", " ") == title.upper(), head


LONG = "Қарағандыда «Жасыл металлургия – 2026» халықаралық ғылыми-практикалық конференциясы өтті"


WORDS = "Бірінші сөз – екінші сөз, үшінші сөз «төртінші бесінші алтыншы»"


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        (LONG[:70], 76, LONG[:70]),  # 76 characters or fewer: whole
        (LONG, 76, "Қарағандыда «Жасыл металлургия – 2026» халықаралық ғылыми-практикалық…"),
        # never a dash, a comma or an open quotation before the ellipsis
        (WORDS, 16, "Бірінші сөз…"),
        (WORDS, 30, "Бірінші сөз – екінші сөз…"),
        (WORDS, 55, "Бірінші сөз – екінші сөз, үшінші сөз…"),
    ],
)
def test_shorten_cuts_at_a_word_and_leaves_nothing_open(text, limit, short):
    assert shorten(text, limit) == short
    assert len(short) <= limit


@pytest.mark.parametrize("name", ["", "«Жасыл металлургия – 2026» конференциясы"])
def test_a_title_too_long_for_the_running_head_builds_the_booklet(tmp_path, name):
    """The 87-character title of a held-out conference failed the booklet («box
    'running_head': the text does not fit its box (114 × 5 mm) even at the smallest size
    6.5 pt») once its dash inside « » no longer split it: the event's name stands in, else
    the title cut at a word with an ellipsis."""
    base = (ROOT.parent / "content" / "unity-day" / "article.kk.txt").read_text(encoding="utf-8")
    (tmp_path / "article.kk.txt").write_text(LONG + "\n" + base.split("\n", 1)[1], "utf-8")
    event = f'[event]\nyear = 2026\nname = "{name}"\n' if name else "[event]\nyear = 2026\n"
    (tmp_path / "facts.toml").write_text(event, encoding="utf-8")
    pdf = build_pdf("booklet", load_event(tmp_path / "article.kk.txt"))
    head = pdfium.PdfDocument(pdf)[2].get_textpage().get_text_range().split("\r\n")[0]
    want = name or "Қарағандыда «Жасыл металлургия – 2026» халықаралық ғылыми-практикалық…"
    assert head.replace("\u00a0", " ") == want.upper(), head


def _chars(pdf: bytes, size: float) -> list[tuple[float, float, float, float]]:
    """Boxes (mm from the trim's top-left: left, top, right, bottom) of the characters set at
    ``size`` points on the first page."""
    page = pdfium.PdfDocument(pdf)[0]
    text, height = page.get_textpage(), page.get_height()
    out = []
    for i in range(text.count_chars()):
        if abs(pdfium_c.FPDFText_GetFontSize(text.raw, i) - size) < 0.05:
            left, bottom, right, top = text.get_charbox(i)
            out.append(
                (left / MM - BLEED, (height - top) / MM - BLEED, right / MM - BLEED,
                 (height - bottom) / MM - BLEED)
            )  # fmt: skip
    return out


@pytest.mark.parametrize(
    "event",
    [
        (ROOT / "fixtures" / "events" / "dombyra-long" / "article.kk.txt", None),
        (None, "kk,ru"),
    ],
)
def test_a_long_title_stays_clear_of_the_poster_rosette(event):
    """A title of many lines grew up under the rosette (the logo's place, 219–275 × 20–76 mm)."""
    article, lang = event
    fitted: dict[str, float] = {}
    pdf = build_pdf(
        "poster",
        load_event(article, lang=lang) if lang else load_event(article),
        on_layout=lambda laid: fitted.update(laid.fitted),
    )
    title = _chars(pdf, fitted["title"])
    assert title
    inside = [c for c in title if c[2] > 219 and c[1] < 76]
    assert not inside, inside[:3]


def test_the_poster_prints_its_qr_code_beside_a_photo(tmp_path):
    """With a photo and a URL, the code was drawn under the photo and lost."""
    quadrant_photo(tmp_path / "hall.jpg", (1800, 1500))
    event = event_with(tmp_path, photo="hall.jpg", url="https://example.kz/olympiad")
    pdf = build_pdf("poster", event)
    import zxingcpp

    image, _, _ = render(pdf, scale=3)
    found = [b.text for b in zxingcpp.read_barcodes(image)]
    assert found == ["https://example.kz/olympiad"]


def test_a_wide_number_sets_the_poster_figures_two_by_two(tmp_path):
    """«500 000 ₸» among four figures did not fit a quarter of the row even at 36 pt: the
    figures take two rows of two, numbers still at the style's min_size or more."""
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "fixtures" / "events" / "book-fair-full", folder)
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    facts = facts.replace('print = "40 000+"', 'print = "40 000 000 ₸"', 1)
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    fitted: dict[str, float] = {}
    pdf = build_pdf(
        "poster",
        load_event(folder / "article.kk.txt"),
        on_layout=lambda laid: fitted.update(laid.fitted),
    )
    size = next(v for k, v in fitted.items() if k.startswith("figures"))
    assert size >= 36
    numbers = _chars(pdf, size)
    feet = sorted(c[3] for c in numbers)
    rows = [[feet[0]]]
    for foot in feet[1:]:  # a row's characters end within a few mm of one another
        if foot - rows[-1][-1] < 4:
            rows[-1].append(foot)
        else:
            rows.append([foot])
    assert len(rows) == 2 and rows[1][0] - rows[0][-1] > 10, rows  # two rows, apart
    assert max(c[2] for c in numbers) <= 297 - 15  # within the page's margin


@pytest.mark.parametrize("template", ["certificate", "badge"])
def test_a_certificate_needs_no_organisation_nor_role(tmp_path, template):
    """An individual (no organisation) or a plain participant (no role) is a certificate too;
    the batch failed them with «field 'organisation' is empty». A guest's badge has no role
    either (the badge failed with «field 'role' is empty»)."""
    data = tmp_path / "people.csv"
    data.write_text(
        "name,role,organisation\nЕржан Төлеуов,қатысушы,\nАнна Петрова,,№ 5 мектеп\nТимур,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = run_cli("batch", template, "--data", str(data), "--out", str(out))
    assert code == 0, err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 3
    text = pdfium.PdfDocument(pdfs[1].read_bytes())[0].get_textpage().get_text_range()
    assert "№ 5 мектеп" in text


@pytest.mark.parametrize("template", ["certificate", "badge", "invitation"])
def test_every_record_template_prints_the_event_logo(tmp_path, template):
    """The badge and the invitation drew their rosette whatever logo the event gave."""
    logo_png(tmp_path / "logo.png", (600, 600), (20, 60, 140))
    event = event_with(tmp_path, logo="logo.png")
    pdf = build_pdf(template, event, record=RECORD)
    page = pdfium.PdfDocument(pdf)[0]
    images = [o for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1


def _line_of(pdf: bytes, word: str) -> float:
    """The foot (points from the page's bottom) of a word's first character."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    plain = "".join(text.get_text_range(i, 1) for i in range(text.count_chars()))
    at = plain.find(word)
    assert at >= 0, (word, plain)
    return text.get_charbox(at)[1]


@pytest.mark.parametrize("template", ["certificate", "invitation"])
def test_a_house_number_stays_with_its_street(tmp_path, template):
    """«…Бұқар жырау даңғылы, / 47»: the place's short last word no longer stands alone."""
    place = "№ 1 Назарбаев Зияткерлік мектебі, Қарағанды қ., Бұқар жырау даңғылы, 47"
    event = event_with(tmp_path, place=place)
    pdf = build_pdf(template, event, record=RECORD)
    assert abs(_line_of(pdf, "47") - _line_of(pdf, "даңғылы")) < 3  # lines are 10 pt apart or more


def _bilingual_event(folder: Path):
    """The default event in both languages, with a name, an organiser and a place of its own."""
    shutil.copytree(ROOT.parent / "content" / "unity-day", folder)
    facts = (folder / "facts.toml").read_text(encoding="utf-8")
    details = (
        '[event]\nname = { kk = "Балалар кітабы апталығы", ru = "Неделя детской книги" }\n'
        'organiser = { kk = "Орталық қалалық кітапхана", ru = "Центральная городская библиотека" }\n'
        'place = { kk = "Абай көшесі, 12, Павлодар", ru = "ул. Абая, 12, Павлодар" }\n'
    )
    (folder / "facts.toml").write_text(facts.replace("[event]\n", details, 1), encoding="utf-8")
    return load_event(folder / "article.kk.txt", lang="kk,ru")


@pytest.mark.parametrize("template", ["poster", "certificate", "invitation", "badge"])
def test_no_line_starts_with_a_separator_nor_splits_a_date(tmp_path, template):
    """Kazakh–Russian: the poster's kicker broke «… / 25–31 марта / 2026 · Неделя…» and its
    details began a line with «/ Центральная…»: a separator stays with the word before it, a
    date is one unit, and the poster's details stand in a column per language."""
    pdf = build_pdf(template, _bilingual_event(tmp_path / "e"), record=RECORD)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    lines = [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]
    assert not [line for line in lines if line[0] in "/·"], lines
    # Every date (the kicker's, the footer's) has its year on its line; the title's head
    # («1 мамыр –») is no date of the event's.
    # («Уважаемая» is no month.)
    dates = [line for line in lines if re.search(r"\b(мамыр|мая)\b(?! [–—])", line.lower())]
    assert dates and all("2026" in line for line in dates), dates


def test_a_photo_badge_takes_a_school_full_name(tmp_path):
    """«… ауданының Ботақара кентіндегі № 3 жалпы білім беретін орта мектебі» did not fit the
    photo badge's organisation (49 × 7 mm) even at 6 pt: it grows down to the ornament."""
    quadrant_photo(tmp_path / "a.jpg", (600, 800))
    organisation = (
        "Қарағанды облысы Бұқар жырау ауданының Ботақара кентіндегі № 3 жалпы білім беретін "
        "орта мектебі"
    )
    record = {**RECORD, "organisation": organisation, "photo": "a.jpg"}
    pdf = build_pdf("badge-photo", load_event(), record=record, images=tmp_path)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "мектебі" in text and "Ботақара" in text


def test_a_bilingual_date_and_place_keep_their_languages_apart(tmp_path):
    """The invitation's date and place, too tall stacked, were set inline: «Абай көшесі, 12,
    Павлодар / 1 мая 2026 г.» mixed the two on one line. Now each line under the other, else
    the languages side by side."""
    pdf = build_pdf("invitation", _bilingual_event(tmp_path / "e"), record=RECORD)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    lines = [line for line in text.replace("\r", "").split("\n") if "Павлодар" in line]
    assert lines and not [line for line in lines if "/" in line], lines


def test_an_a6_invitation_takes_a_long_place(tmp_path):
    """A school's full address failed the A6 invitation's date-and-place box («does not fit
    even at 10 pt»): the box grows down and the fact line moves down with it, clear of it."""
    place = "№ 1 Назарбаев Зияткерлік мектебі, Қарағанды қ., Бұқар жырау даңғылы, 47"
    event = event_with(tmp_path, place=place, time="09:00–15:00")
    pdf = build_pdf("invitation", event, record=RECORD, size="A6")
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    plain = "".join(text.get_text_range(i, 1) for i in range(text.count_chars()))
    place_foot = text.get_charbox(plain.index("47"))[1]
    fact_head = text.get_charbox(plain.index("1995"))[3]
    assert fact_head < place_foot - 1  # the fact line stands below the place, apart


def test_every_failed_row_names_the_data_file(tmp_path):
    """«error: row 8: field 'name' is empty» named no file; a bad row's line now does."""
    data = tmp_path / "people.csv"
    data.write_text("name,role,organisation\n,қатысушы,№ 5 мектеп\n", encoding="utf-8")
    code, _, err = run_cli("batch", "badge", "--data", str(data), "--out", str(tmp_path / "o"))
    assert code == 1
    assert f"error: {data}: row 2: field 'name' is empty" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("template", "size", "organisation"),
    [
        (
            "invitation",
            "A6",
            "Павлодарская областная универсальная научная библиотека имени С. Торайгырова",
        ),
        (
            "invitation",
            "A5",
            "Павлодарская областная универсальная научная библиотека имени С. Торайгырова",
        ),
        (
            "certificate",
            None,
            "Павлодар облыстық әмбебап ғылыми кітапханасы, С. Торайғыров атындағы",
        ),
        ("badge", None, "Павлодар облыстық әмбебап ғылыми кітапханасы, С. Торайғыров атындағы"),
    ],
    ids=["invitation-A6", "invitation-A5", "certificate", "badge"],
)
def test_an_initial_in_a_record_stays_with_the_name_after_it(event, template, size, organisation):
    """A data file's organisation broke «…имени С. / Торайгырова» at a line end: record fields
    are not the article, which the normaliser ties; the initial now keeps its name."""
    record = dict(RECORD, organisation=organisation)
    pdf = build_pdf(template, event, size=size, record=record)
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    plain = "".join(text.get_text_range(i, 1) for i in range(text.count_chars()))
    name = plain.find("Торай")
    initial = plain.rfind("С.", 0, name)
    assert 0 <= name - initial <= 4, plain
    assert abs(text.get_charbox(initial)[1] - text.get_charbox(name)[1]) < 3, plain
