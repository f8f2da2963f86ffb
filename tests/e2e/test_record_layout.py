"""Badges and invitations as a print shop checks them: the photo clear of the ornament band,
no gap where a record leaves its role empty, no blank quarter on an invitation (measured from
the PDFs)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from generator.api import build_pdf, load_event
from tests.conftest import run_cli
from tests.e2e.test_any_event import EVENTS, FIXTURES, pdf, uninked_band
from tests.e2e.test_hierarchy import text_lines
from tests.pictures import named, placements, quadrant_photo

RECORD = {"name": "Маржан Ким", "role": "мұғалім", "organisation": "Школа №7"}  # no variant


def top_of(data: bytes, text: str) -> float:
    return next(y for t, _, y in text_lines(data) if t == text)


@pytest.mark.parametrize("template", ["badge", "badge-photo"])
def test_an_empty_role_leaves_no_gap(template):
    event = load_event()
    full = build_pdf(template, event, record={**RECORD, "photo": ""}, bleed_mm=0)
    bare = build_pdf(template, event, record={**RECORD, "role": "", "photo": ""}, bleed_mm=0)
    role = top_of(full, "Мұғалім")  # a role typed in small letters: its first a capital
    # The organisation takes the role's line: where the role stood, not 5 mm under it («№7»
    # prints «№ 7», the normaliser's no-break space).
    assert abs(top_of(bare, "Школа № 7") - role) < 1.0
    assert top_of(full, "Школа № 7") - role > 4.0


def test_the_photo_stands_clear_of_the_ornament_band(tmp_path):
    photo = quadrant_photo(tmp_path / "p.jpg", (600, 800))
    record = {**RECORD, "photo": photo.name}
    data = build_pdf("badge-photo", load_event(), record=record, images=tmp_path, bleed_mm=0)
    placed = placements(data)
    [(_, _, (_, y, _, h))] = [p for p in placed if p[1] == "Image"]
    band = min(top for _, _, (_, top, _, _) in named(placed, "Motif"))  # the ornament's motifs
    assert band - (y + h) >= 1.5, f"the photo ends {band - (y + h):.2f} mm above the ornament"


@pytest.mark.parametrize("name", EVENTS)
def test_the_invitation_has_no_blank_band_over_15_percent(name):
    """An event without a date, place or figures (library-bare) left the invitation's lower
    quarter blank (24 % of its height): its details band collapses and the address and the
    invitation's words share the height."""
    band = uninked_band(pdf(name, "invitation"))
    assert band <= 0.15, f"{name}: an empty band {band:.0%} of the invitation's height"


def test_a_batch_places_the_invitation_as_a_single_build_does(tmp_path):
    """Sections placed in a batch as in one build: the constant part (the invitation's words)
    and each record's part (the name) move alike, per file and in a single file."""
    article = next((FIXTURES / "library-bare").glob("article.*.txt"))
    event = load_event(article)
    data = tmp_path / "people.csv"
    data.write_text("name,organisation\nМаржан Ким,Школа №7\n", encoding="utf-8")
    alone = build_pdf(
        "invitation", event, record={"name": "Маржан Ким", "organisation": "Школа №7"}
    )
    for extra in ((), ("--single-file",)):
        out = tmp_path / f"out{len(extra)}"
        code, _, err = run_cli(
            "batch",
            "invitation",
            "--data",
            str(data),
            "--article",
            str(article),
            "--out",
            str(out),
            *extra,
        )
        assert code == 0, err
        [made] = [p for p in out.glob("*.pdf")]
        assert render_rows(made.read_bytes()) == render_rows(alone)


def render_rows(data: bytes) -> list[int]:
    """Which pixel rows of the page have ink other than the paper's (the layout's outline)."""
    image = pdfium.PdfDocument(data)[0].render(scale=40 / 72).to_pil().convert("L")
    width, height = image.size
    pixels = image.load()
    return [y for y in range(height) if any(pixels[x, y] < 200 for x in range(0, width, 2))]


def test_a_one_line_role_leaves_no_hole_above_the_citation():
    """A role of one line (or none) instead of two left the citation a whole line further
    under it (32.6 mm top to top, not 27.1): the name and the role are one unit, centred in
    the height designed for two role lines, so the height freed is shared above the name and
    under the role."""
    event = load_event()
    two = {**RECORD, "role": "мұғалім", "organisation": "№ 5 мектеп"}
    pdfs = {
        "two": build_pdf("certificate", event, record=two, bleed_mm=0),
        "one": build_pdf("certificate", event, record={**two, "organisation": ""}, bleed_mm=0),
        "none": build_pdf("certificate", event, record={"name": "Маржан Ким"}, bleed_mm=0),
    }
    first = "Қазақстан халықтарының бірлігі мен ынтымағын нығайтуға"  # the citation's
    citation = top_of(pdfs["two"], first)
    name = {k: top_of(made, "Маржан Ким") for k, made in pdfs.items()}
    last = {"two": top_of(pdfs["two"], "№ 5 мектеп"), "one": top_of(pdfs["one"], "Мұғалім")}
    line = last["two"] - top_of(pdfs["two"], "Мұғалім")  # the role's line height
    for k, made in pdfs.items():  # the citation is the event's: it stays where it is
        assert abs(top_of(made, first) - citation) < 0.1, k
    # Half the line freed goes above the name, half stays under the role.
    assert abs((name["one"] - name["two"]) - line / 2) < 0.5, (name, line)
    assert abs((citation - last["one"]) - (citation - last["two"] + line / 2)) < 0.5
    # No role at all: the name comes down by half the two lines, not leaving 16 mm under it.
    assert abs((name["none"] - name["two"]) - line) < 1.0, (name, line)


def test_a_short_citation_leaves_no_hole_under_it(tmp_path):
    """The citation, the band and the fact line are one group, centred in the height between
    the role and the signatures: a one-line citation left 21 mm of white under it, down to
    the band (25 mm over it), the fact line staying where a five-line one would end. Now the
    fact line stands as far under the citation's last line whatever its length, and the
    group's middle stays put."""
    import shutil

    from generator.resources import default_event_dir

    shutil.copytree(default_event_dir(), tmp_path / "event")
    facts = tmp_path / "event" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("citation = ")
    end = text.index("\n", start)
    short = "Белсене қатысқаны үшін."
    facts.write_text(text[:start] + f'citation = "{short}"' + text[end:], encoding="utf-8")
    fact = "Ассамблея құрылды"  # the fact line's words
    made = {
        "long": load_event(),
        "short": load_event(tmp_path / "event" / "article.kk.txt"),
    }
    spans = {}
    for k, event in made.items():
        lines = text_lines(build_pdf("certificate", event, record=RECORD, bleed_mm=0))
        citation = [
            (top, size)
            for t, size, top in lines
            if t in event.facts.event.citation or short in t or t.startswith("Қазақстан халық")
        ]
        [fact_top] = [top for t, _, top in lines if fact in t]
        first, last = citation[0][0], citation[-1][0] + citation[-1][1] * 25.4 / 72
        spans[k] = (first, last, fact_top)
    (long_first, long_last, long_fact), (short_first, short_last, short_fact) = (
        spans["long"],
        spans["short"],
    )
    assert short_last < long_last - 5, spans  # one line against three
    # The fact line follows the citation's foot: as far under it (not 13 mm further).
    assert abs((short_fact - short_last) - (long_fact - long_last)) < 1.0, spans
    # The group (citation to fact line) keeps its middle.
    assert abs((short_first + short_fact) / 2 - (long_first + long_fact) / 2) < 1.0, spans


def test_the_default_citation_names_the_event_not_the_articles_headline():
    """An event that gives its name and no citation: the certificate thanked for «the event»
    named by the article's headline («…в мероприятии «В Семее пройдёт республиканская
    конференция…»», a news sentence); it names the event, as the invitation does."""
    article = next((FIXTURES / "gratitude-ru").glob("article.*.txt"))
    event = load_event(article)
    assert event.facts.event.name and not event.facts.event.citation
    data = build_pdf("certificate", event, record=RECORD, bleed_mm=0)
    text = " ".join(t for t, _, _ in text_lines(data))
    assert "«День благодарности»" in text, text
    assert event.article.title not in text.replace("\u00a0", " ")


@pytest.mark.parametrize("template", ["badge", "badge-photo"])
def test_a_bilingual_badge_takes_an_event_name_of_three_lines(tmp_path, template):
    """A kk/ru conference, «"Цифрлық кітапхана – 2026" конференциясы» and «Конференция
    "Цифровая библиотека – 2026"» with a two-day date, failed every badge: its band's kicker
    (date and name in both languages) needs three lines of 6 pt, and the 7 mm box held two at
    the style's leading 1.2. It closes to min_leading 1.1 as a last resort; a kicker of two
    lines keeps 1.2 (the default event's badges are unchanged)."""
    for lang, title, name in (
        (
            "kk",
            "Семейде кітапханашылар конференциясы өтеді",
            "«Цифрлық кітапхана – 2026» конференциясы",
        ),
        (
            "ru",
            "В Семее пройдёт конференция библиотекарей",
            "Конференция «Цифровая библиотека – 2026»",
        ),
    ):
        (tmp_path / f"article.{lang}.txt").write_text(f"{title}\n{name} пройдёт.\n", "utf-8")
    (tmp_path / "facts.toml").write_text(
        '[event]\nname = { kk = "«Цифрлық кітапхана – 2026» конференциясы", '
        'ru = "Конференция «Цифровая библиотека – 2026»" }\n'
        "date = 2026-10-22\nend_date = 2026-10-23\n",
        "utf-8",
    )
    event = load_event(tmp_path / "article.kk.txt", lang="kk,ru")
    data = build_pdf(template, event, record={**RECORD, "photo": ""}, bleed_mm=0)
    kicker = [(t, y) for t, _, y in text_lines(data) if t.isupper() and "2026" in t]
    assert len(kicker) == 3, kicker
    assert "КОНФЕРЕНЦИЯ" in " ".join(t for t, _ in kicker)
    pitch = kicker[1][1] - kicker[0][1]
    assert 1.09 * 6 * 25.4 / 72 < abs(pitch) < 1.2 * 7 * 25.4 / 72, pitch
