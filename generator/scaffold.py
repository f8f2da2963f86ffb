"""Start from something that builds: a new event folder, or a copy of a built-in template.

``new_event`` writes an article whose first lines explain the format, a facts file with a
commented example of every key, and the event details; the products build from it as written.
``new_template`` copies a built-in template's folder under a new name to edit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .errors import InputError
from .resources import templates_dir

# The skeleton article by language. Its first lines say how the file works; the later ones
# hold the figures, date and quotations that the skeleton facts quote (so they verify).
ARTICLES: dict[str, str] = {
    "kk": """\
Іс-шараның атауы – бірінші жолда
Бұл – мақаланың үлгісі, оны өз мәтініңізбен алмастырыңыз. Пішімі: бірінші жол – тақырып, одан кейінгі әр жол – бір абзац; бос жолдар ескерілмейді. Файлды UTF-8 кодтауында сақтаңыз.
Деректер facts.toml файлында: әр дерек осы мәтіннен алынған үзіндіге (source) сүйенеді, сондықтан мәтінді өзгерткенде деректерді де жаңартыңыз. Жаңа деректерді «generator facts suggest» пәрмені ұсынады.
Іс-шара 1 мамыр күні өтеді. Біздің ұйым 2010 жылы құрылды. Бүгінде оның 120 мүшесі бар, 35 серіктес ұйыммен бірге жұмыс істейді.
Мерекелік кешке 800-ге жуық қонақ келеді, олардың 40 пайызы – жастар.
Ұйым төрағасы былай деді: «Әр адамның үні естілетін ортақ үйді бірге құрамыз». Біздің мақсатымыз – «достық пен келісімді әр отбасына жеткізу».
""",
    "ru": """\
Название события – в первой строке
Это образец статьи: замените его своим текстом. Формат: первая строка – заголовок, каждая следующая строка – абзац; пустые строки не учитываются. Сохраните файл в кодировке UTF-8.
Факты лежат в файле facts.toml: каждый опирается на цитату из этого текста (source), поэтому, меняя текст, обновляйте и факты. Новые факты предложит команда «generator facts suggest».
Событие пройдёт 1 мая. Наша организация создана в 2010 году. Сегодня в ней 120 членов, она работает вместе с 35 партнёрскими организациями.
На праздничный вечер придут около 800 гостей, 40 процентов из них – молодёжь.
Председатель организации сказал: «Вместе мы построим общий дом, где слышен голос каждого». Наша цель – «донести дружбу и согласие до каждой семьи».
""",
}

# The facts by language: (id, kind, value, print, caption, source, unit). Templates reach them
# through the roles in [roles] below, never by these ids, so any ids will do.
_FACTS: dict[str, list[tuple[str, str, object, str, str, str, str]]] = {
    "kk": [
        ("date", "date", "1 мамыр", "1 мамыр", "Іс-шара күні", "Іс-шара 1 мамыр күні өтеді", ""),
        ("founded", "figure", 2010, "2010", "жылы ұйым құрылды", "2010 жылы құрылды", ""),
        ("members", "figure", 120, "120", "ұйым мүшесі", "оның 120 мүшесі бар", "адам"),
        ("partners", "figure", 35, "35", "серіктес ұйым", "35 серіктес ұйыммен", ""),
        ("guests", "figure", 800, "800", "қонаққа жуық", "800-ге жуық қонақ келеді", "адам"),
        ("youth", "figure", 40, "40%", "қонақ – жастар", "олардың 40 пайызы – жастар", ""),
        (
            "chair_quote",
            "quote",
            "Әр адамның үні естілетін ортақ үйді бірге құрамыз",
            "Әр адамның үні естілетін ортақ үйді бірге құрамыз",
            "Ұйым төрағасы",
            "«Әр адамның үні естілетін ортақ үйді бірге құрамыз»",
            "",
        ),
        (
            "goal",
            "quote",
            "достық пен келісімді әр отбасына жеткізу",
            "Достық пен келісімді әр отбасына жеткізу",
            "Біздің мақсатымыз",
            "«достық пен келісімді әр отбасына жеткізу»",
            "",
        ),
    ],
    "ru": [
        ("date", "date", "1 мая", "1 мая", "День события", "Событие пройдёт 1 мая", ""),
        ("founded", "figure", 2010, "2010", "год основания", "создана в 2010 году", ""),
        ("members", "figure", 120, "120", "членов организации", "в ней 120 членов", "человек"),
        ("partners", "figure", 35, "35", "организаций-партнёров", "с 35 партнёрскими", ""),
        ("guests", "figure", 800, "800", "гостей", "около 800 гостей", "человек"),
        ("youth", "figure", 40, "40%", "гостей – молодёжь", "40 процентов из них – молодёжь", ""),
        (
            "chair_quote",
            "quote",
            "Вместе мы построим общий дом, где слышен голос каждого",
            "Вместе мы построим общий дом, где слышен голос каждого",
            "Председатель организации",
            "«Вместе мы построим общий дом, где слышен голос каждого»",
            "",
        ),
        (
            "goal",
            "quote",
            "донести дружбу и согласие до каждой семьи",
            "Донести дружбу и согласие до каждой семьи",
            "Наша цель",
            "«донести дружбу и согласие до каждой семьи»",
            "",
        ),
    ],
}

_FACTS_HEAD = """\
# The event's facts. Each [[facts]] entry is checked against the article when it is loaded:
# `source` must be a quotation of the article (exactly, after print normalisation), and a
# number in `value` must appear in `source`. `generator facts suggest ARTICLE` proposes
# verified facts to copy from.
#
# Keys of a fact:
#   id       a lowercase name (letters, digits, _) that [roles] below refers to
#   kind     figure (a key number, the default), date, quote (a quotation) or text
#   value    the number or words as the article has them (a number must appear in source)
#   print    the form to print: "471+", "25%", "1 мамыр"
#   caption  a short line under the figure, or who said a quotation
#   source   the article's words that back the fact
#   unit     what a figure counts ("адам"); figures of one unit may share a chart
# Any text may be given per language for a bilingual event: caption = {{ kk = "…", ru = "…" }}.

# lang = "{lang}"   # the article's language, when its file name does not say it

[event]
# Details the article lacks; each is printed only when given (uncomment and edit).
year = {year}
# name = "The event's short name"
# organiser = "The organiser"
# place = "The venue, city"
# date = "1 May"               # or a range, "25–31 наурыз"; or date = 2026-03-25 with
# end_date = 2026-03-31        # an event of several days, printed «2026 жылғы 25–31 наурыз»
# time = "18:00"
# date_style = "official"      # dates as «2026 жылғы 1 мамыр» (official) or «1 мамыр» (press)
# url = "https://example.org"  # also printed as a QR code
# award = "thanks"             # certificates: thanks, honour, certificate or diploma
# citation = "What the certificate thanks for"
# signatory = "Who signs the certificates"
# verify_url = "https://example.kz/verify"   # certificates: a QR code carries each serial here
# Pictures, paths relative to this file: JPEG, PNG, WebP, HEIC; SVG and one-page PDF stay vector.
# logo = "pictures/logo.svg"           # the organiser's logo
# photo = "pictures/hall.jpg"          # a key photograph (posters, covers)
# photo_focus = [0.5, 0.3]             # where the photo may not be cropped away (x, y from top-left)
# partners = ["pictures/a.svg", "pictures/b.png"]   # a strip of partner logos
# signature = "pictures/signature.png" # a scanned signature above the signatory (certificates)

# Which facts fill which place in the templates. A role left out falls back on the facts'
# kinds: date on the first date, headline on every figure, quote on the first quote.
[roles]
date = "date"            # the date the kicker and the cover print
headline = ["founded", "members", "partners", "guests"]   # the key figures, in order
quote = "chair_quote"    # the pull quote; its caption is the attribution
quotes = ["chair_quote", "goal"]   # quotations worth a page of their own
chart = ["members", "guests"]      # figures of one unit that may share a chart
# chart_order = "file"   # bars in this order ("value": largest first; default: by value
#                        # unless every caption names a year or a date)
highlight = "youth"      # one fact set apart

# [vocab.{lang}]   # the templates' own words, replaced for this event
# in_figures = "…"
"""


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def facts_text(lang: str, year: int = 2026) -> str:
    """The skeleton facts.toml for a language."""
    out = [_FACTS_HEAD.format(year=year, lang=lang)]
    for fid, kind, value, printed, caption, source, unit in _FACTS[lang]:
        shown = str(value) if isinstance(value, int) else _toml_string(str(value))
        out.append(
            f"\n[[facts]]\nid = {_toml_string(fid)}\nkind = {_toml_string(kind)}\n"
            f"value = {shown}\nprint = {_toml_string(printed)}\n"
            f"caption = {_toml_string(caption)}\nsource = {_toml_string(source)}\n"
            + (f"unit = {_toml_string(unit)}\n" if unit else "")
        )
    return "".join(out)


def _empty_target(folder: Path, what: str) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{what} exists and is not empty; choose a new folder", where=str(folder))


def new_event(folder: Path, lang: str = "kk") -> list[Path]:
    """Write a new event folder (article, facts and event details) that builds as it is."""
    if lang not in ARTICLES:
        raise InputError(f"language must be one of {', '.join(ARTICLES)}, got {lang!r}")
    folder = Path(folder)
    _empty_target(folder, "the event folder")
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"article.{lang}.txt"
    facts = folder / "facts.toml"
    article.write_text(ARTICLES[lang], encoding="utf-8")
    facts.write_text(facts_text(lang), encoding="utf-8")
    return [article, facts]


def new_template(name: str, source: str = "poster", into: Path | None = None) -> Path:
    """Copy the built-in template ``source`` to ``into/name`` (default: ./name), renamed."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise InputError(f"a template name is letters, digits, - _ and ., got {name!r}")
    origin = templates_dir() / source
    if not (origin / "template.toml").is_file():
        known = sorted(p.name for p in templates_dir().iterdir() if (p / "template.toml").is_file())
        raise InputError(f"no built-in template '{source}' (templates: {', '.join(known)})")
    target = Path(into or ".") / name
    _empty_target(target, "the template folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(origin, target, dirs_exist_ok=True)
    data = target / "template.toml"
    text = data.read_text(encoding="utf-8")
    # The [template] name is the one line that must change: it names the output files.
    renamed, count = re.subn(
        r'(?m)^(name\s*=\s*)"[^"]*"', lambda m: f"{m.group(1)}{_toml_string(name)}", text, count=1
    )
    if count:
        data.write_text(renamed, encoding="utf-8")
    return target
