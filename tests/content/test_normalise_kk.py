"""The Kazakh normaliser rules of issue 13: each rule with its cases, and what it leaves alone."""

from __future__ import annotations

import pytest

from generator.content.article import parse_article
from generator.content.normalise import NBSP, normalise, normalise_plain

N = NBSP

CASES = {
    "initials take a no-break space": [
        ("Н.Ә.Назарбаев айтты", f"Н.{N}Ә.{N}Назарбаев айтты"),  # glued: bound, not spaced
        ("Н. Ә. Назарбаев", f"Н.{N}Ә.{N}Назарбаев"),
        ("ақын А. Құнанбаев", f"ақын А.{N}Құнанбаев"),
        ("Ш.Ш. Уәлиханов", f"Ш.{N}Ш.{N}Уәлиханов"),
    ],
    "a surname keeps its initials": [
        ("Назарбаев Н.Ә. айтты", f"Назарбаев{N}Н.{N}Ә. айтты"),
        ("туралы Уәлиханов Ш. Ш. жазды", f"туралы Уәлиханов{N}Ш.{N}Ш. жазды"),
    ],
    "a Roman numeral keeps its word (ХХ ғасыр, ХІХ ғ.)": [
        ("ХХ ғасыр", f"ХХ{N}ғасыр"),  # Cyrillic Х
        ("XXI ғасырда", f"XXI{N}ғасырда"),  # Latin X, I
        ("ХІХ ғ. аяғында", f"ХІХ{N}ғ. аяғында"),
        ("V ғ. басы", f"V{N}ғ. басы"),
    ],
    "т.б. and т.с.с. stay with the word before": [
        ("қаламдар т.б. бар", f"қаламдар{N}т.б. бар"),
        ("әндер, билер т.с.с. болды", f"әндер, билер{N}т.с.с. болды"),
    ],
    "т. б. and т. с. с. are not split inside": [
        ("қаламдар т. б. бар", f"қаламдар{N}т.{N}б. бар"),
        ("ән т. с. с. болды", f"ән{N}т.{N}с.{N}с. болды"),
    ],
    "an address abbreviation stays with the name before it (Қарағанды қ., Абай к.)": [
        ("Қарағанды қ., Бұқар жырау даңғылы", f"Қарағанды{N}қ., Бұқар жырау даңғылы"),
        ("Алматы обл., Қарасай ауд., Абай к.", f"Алматы{N}обл., Қарасай{N}ауд., Абай{N}к."),
    ],
    "no-break space inside a grouped number": [
        ("1 234 567 адам", f"1{N}234{N}567{N}адам"),
        ("бюджеті 25 000 000 теңге", f"бюджеті 25{N}000{N}000{N}теңге"),
    ],
    "a telephone number is not split": [
        ("тел.: +7 7182 00 00 00.", f"тел.: +7{N}7182{N}00{N}00{N}00."),
        ("немесе +7 (7222) 52-34-56 арқылы", f"немесе +7{N}(7222){N}52-34-56{N}арқылы"),
        ("тел. 8 (7212) 41-15-20.", f"тел. 8{N}(7212){N}41-15-20."),
    ],
    "no-break space before a currency, per cent or degree sign": [
        ("бағасы 100 ₸", f"бағасы 100{N}₸"),
        ("ауа 25 °C болды", f"ауа 25{N}°C болды"),
    ],
    "no-break space before a currency sign after млн, млрд, мың, тыс.": [
        ("құны 2,4 млрд ₸ құрайды", f"құны 2,4{N}млрд{N}₸ құрайды"),
        ("оның 850 млн ₸-сі", f"оның 850{N}млн{N}₸-сі"),
        ("бағасы 10 мың ₸", f"бағасы 10{N}мың{N}₸"),
    ],
    "a range of numbers or times takes an unspaced en dash": [
        ("1995 – 2026 жылдар", f"1995–2026{N}жылдар"),
        ("10:00 – 12:00 аралығында", f"10:00–12:00{N}аралығында"),
        ("1995-2026 жж.", f"1995–2026{N}жж."),
        ("1995 — 2026", "1995–2026"),
    ],
    "space after a sentence's full stop": [
        ("құрылым.Ассамблея", "құрылым. Ассамблея"),
        ("Сайт: www.Akorda.kz ашық", "Сайт: www.Akorda.kz ашық"),  # an address is not split
        ("https://Akorda.kz/Kk/Events", "https://Akorda.kz/Kk/Events"),
        ("хат info@Unity.kz арқылы", "хат info@Unity.kz арқылы"),
    ],
    "an ellipsis is one character": [
        ("Сонымен... бітті", "Сонымен… бітті"),
        ("Ол . . . кетті", "Ол… кетті"),
    ],
    "no space before a comma, stop, colon or semicolon": [
        ("Ассамблея , ұлттар", "Ассамблея, ұлттар"),
        ("бітті .", "бітті."),
        ("мыналар : бірлік", "мыналар: бірлік"),
    ],
    "no space inside parentheses": [
        ("Ассамблея ( ҚХА ) құрылды", "Ассамблея (ҚХА) құрылды"),
        ("[ 1 ]", "[1]"),
    ],
}


@pytest.mark.parametrize(
    ("rule", "before", "after"),
    [(rule, before, after) for rule, cases in CASES.items() for before, after in cases],
)
def test_rule(rule: str, before: str, after: str) -> None:
    text, changes = normalise(before)
    assert text == after
    if before != after:
        assert rule in {c.rule for c in changes}, [c.rule for c in changes]


@pytest.mark.parametrize(
    "text",
    [
        "471-ден астам",  # a number with its case suffix keeps its hyphen
        "8-701-123-45-67",  # a telephone number is not a range
        "салт-дәстүр",
        "3.5 мм",
        "v1.2.3 нұсқасы",
    ],
)
def test_left_alone(text: str) -> None:
    assert normalise_plain(text).replace(NBSP, " ") == text


@pytest.mark.parametrize("text", ["бөлім 8 (кешкі)", "2018 (2019)", "ұпайы +5", "v1.2.3 (2026)"])
def test_not_a_telephone_number(text: str) -> None:
    assert normalise_plain(text) == text


def test_paragraph_without_a_full_stop_is_reported_not_changed() -> None:
    article = parse_article("Тақырып\nБірінші абзац\nЕкінші абзац.\nҮшінші «дәйексөз».\n")
    notes = [c for c in article.changes if c.note]
    assert [c.line for c in notes] == [2]  # the title (line 1) needs none
    assert article.paragraphs[0] == "Бірінші абзац"
    assert "note: paragraph ends without a full stop" in str(notes[0])


def _page_lines(text: str, widths: range) -> list[tuple[int, list[str]]]:
    """(width in mm, the lines) of the normalised text set at each width as a Kazakh body
    paragraph (PT Serif 10 on 12 pt), as the page breaks it."""
    from reportlab.lib.units import mm

    from generator.typeset.fonts import ensure_family
    from generator.typeset.paragraphs import body_paragraph, kazakh_style, line_report

    ensure_family("PTSerif")
    para = normalise_plain(text)
    style = kazakh_style("t", "PTSerif", 10, 12)
    return [
        (width, [line.text for line in line_report(body_paragraph(para, style), width * mm)])
        for width in widths
    ]


def test_glued_initials_never_break_on_the_page() -> None:
    text = (
        "Елбасы Н.Ә.Назарбаев ХХ ғасырдың соңында 1 234 567 адамға қаламдар т.б. сыйлады, "
        "іс-шара 10:00 – 12:00 аралығында www.Akorda.kz сайтында көрсетілді"
    )
    for _, lines in _page_lines(text, range(30, 80, 3)):
        for line, nxt in zip(lines, lines[1:], strict=False):
            assert not line.endswith(("Н.", "Ә.", "ХХ", "1", "234", "қаламдар")), line
            assert not nxt.startswith(("т.б.", "Назарбаев", "ғасыр", "234", "567")), nxt
        assert "www.Akorda.kz" in " ".join(lines)


def test_telephone_numbers_never_break_on_the_page() -> None:
    phones = ("+7 7182 00 00 00", "+7 (7222) 52-34-56", "8 (7212) 41-15-20", "+7 701 123 45 67")
    text = (
        f"Қосымша ақпаратты {phones[0]} телефоны, {phones[1]} немесе {phones[2]} нөмірлері "
        f"арқылы алуға болады, ал ұялы байланыс нөмірі {phones[3]} күн сайын жұмыс істейді"
    )
    # a telephone number is 30 mm wide at 10 pt
    for width, lines in _page_lines(text, range(40, 80, 2)):
        joined = "\n".join(lines).replace(NBSP, " ")
        for phone in phones:
            assert phone in joined, (width, phone, lines)


def test_an_amount_in_millions_never_breaks_before_its_currency_on_the_page() -> None:
    """«2,4 млрд / ₸» and «850 млн / ₸» were possible line ends (a held-out conference
    article): the number kept its scale word, the scale word not its sign."""
    text = (
        "Жобаның жалпы құны 2,4 млрд ₸ құрайды, оның 850 млн ₸ мемлекеттік грант есебінен "
        "қаржыландырылады, ал әр жеңімпаз 10 мың ₸ көлемінде сыйақы алды"
    )
    for width, lines in _page_lines(text, range(30, 80, 2)):
        for line, nxt in zip(lines, lines[1:], strict=False):
            assert not (line.endswith(("млрд", "млн", "мың")) and nxt.startswith("₸")), lines
        joined = "\n".join(lines).replace(NBSP, " ")
        for amount in ("2,4 млрд ₸", "850 млн ₸", "10 мың ₸"):
            assert amount in joined, (width, amount, lines)
