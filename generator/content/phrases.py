"""What a number in running text is, and the short phrase that says what it counts.

Used by ``facts suggest``: a key figure is a count or an amount («1 200 оқушы», «2 500
гостей»), not an identifier (№ 12, house 15, 5-сынып, 1-го тура), a time (10:00), a range's
end (12–14, с 12 по 14, 10-нан 18-ге дейін) or a year used as a date (2025 жылы, в 2016 году).
Its caption is the noun phrase the article writes after it (Kazakh and Russian put the counted
noun there), else the one before it («площадь выставки – 600 м²»); where neither is found the
caption is left for the user to write. The rules read word shapes (endings, small word lists),
not a dictionary: they aim to leave out what is doubtful rather than propose a wrong phrase.
"""

from __future__ import annotations

import re

from .normalise import ADDRESS, UPPER, phone_number

SPACE = " \u00a0\u202f\u2009"
_DASHES = "\u2013\u2014-"

# Before a number: it names something (№ 12, дом 5, Абай көшесі, 15), not a count.
_MARKS = ("№", "#", "n", "no", "nr")
_ADDRESS = {
    "көшесі", "көш", "даңғылы", "даңғ", "үй", "пәтер", "кабинет", "ул", "улица", "улице",
    "пр", "проспект", "пр-т", "д", "дом", "корпус", "корп", "кв", "квартира", "каб", "ауд",
    "аудитория", "офис", "мкр", "микрорайон", "тел", "телефон", "телефону", "телефоны",
}  # fmt: skip
# Words before an hour («в 10 часов», «сағат 10-да»): then it is a time of day.
_AT = {"в", "к", "с", "до", "со", "после"}
_HOURS = ("час", "сағат")
# A year's words: «2025 жылы», «жылғы», «в 2016 году», «2026 г.».
_YEAR_STEMS = ("жыл", "год")
# Counted in the print, not in the caption: «600 м²», «60%», «10 лет», «2 000 ₸».
_UNITS = {
    "%", "м²", "м2", "м³", "км", "км²", "м", "см", "га", "кг", "т", "л", "₸", "тг", "тенге",
    "теңге", "руб", "рублей", "рубля", "₽", "$", "€", "пайыз", "пайызы", "пайызға", "процент",
    "процента", "процентов", "лет", "года", "год", "жыл", "жылдан", "жылдық", "жас", "жасқа",
    "жастағы", "минут", "минуттан", "сағат", "часа", "часов", "мың", "млн", "млрд", "миллион",
    "миллиона", "миллионов", "миллиард", "миллиарда", "миллиардов", "тыс", "тыс.", "тысяч",
    "тысячи", "°c", "°", "мм", "мл", "мг", "м/с", "м/с²", "км/сағ", "км/ч", "квт",
}  # fmt: skip
# Percent in words prints as the sign: «60 пайызы» → 60%.
_PERCENT = ("пайыз", "процент")

# Words that end a noun phrase: conjunctions, prepositions and postpositions, particles,
# pronouns, and the little verbs (бар, жоқ, будет, был).
_STOP = {
    "kk": {
        "және", "мен", "бен", "пен", "да", "де", "та", "те", "ал", "бірақ", "немесе", "не",
        "яғни", "өз", "өзі", "өзінің", "оның", "олардың", "бұл", "осы", "сол", "ол", "олар",
        "біз", "сіз", "астам", "артық", "аса", "жуық", "шамамен", "дейін", "бері", "кейін",
        "соң", "үшін", "арқылы", "туралы", "бойынша", "сияқты", "ғана", "тек", "әр", "барлық",
        "бар", "жоқ", "еді", "екен", "болды", "болады", "болып", "болса", "деп", "деді",
        "ең", "әрі", "тағы", "қазір", "биыл", "былай", "сонымен", "қатар", "кезде", "жылы",
        "аралығында", "аралығы", "кезінде", "барысында", "ішінде", "кеше", "бүгін", "ертең",
        "таңертең", "кешке",
    },
    "ru": {
        "и", "а", "но", "или", "либо", "что", "чтобы", "как", "также", "тоже", "в", "во",
        "на", "с", "со", "к", "ко", "по", "из", "изо", "от", "до", "для", "за", "под", "над",
        "о", "об", "обо", "при", "через", "у", "без", "про", "между", "среди", "не", "ни",
        "же", "ли", "бы", "уже", "ещё", "еще", "только", "более", "менее", "около", "это",
        "этот", "эта", "эти", "его", "её", "ее", "их", "они", "он", "она", "мы", "вы", "все",
        "всех", "который", "которая", "которые", "которых", "где", "когда", "будет", "будут",
        "был", "была", "были", "было", "есть", "так", "свыше", "почти", "примерно", "порядка",
        "года", "году", "г.",
    },
}  # fmt: skip
_VERB_ENDINGS = {
    # Kazakh: past (келді, қатысты), present (ашылады), converb (тігіліп), conditional
    # (келсе), progressive (өтуде), 1st person plural (шақырамыз).
    "kk": (
        "ды", "ді", "ты", "ті", "ады", "еді", "йды", "йді", "ып", "іп", "са", "се", "уда",
        "уде", "мыз", "міз", "мақ", "мек", "атын", "етін", "йтын", "йтін", "ған", "ген",
        "қан", "кен",
    ),
    # Russian: infinitive, present and future, past with -ся, short participles. Endings
    # nouns share after 2–4 (недели, детали, страны, минут, визит) are left out.
    "ru": (
        "ать", "ять", "еть", "ить", "уть", "ыть", "оть", "ться", "тся", "ает", "яет", "ует",
        "еет", "ают", "яют", "уют", "ят", "ится", "ется", "ются", "ятся", "атся", "ил", "лся", "лась",
        "лось", "лись", "ено", "ано",
    ),
}  # fmt: skip
# Russian past tense: the infinitive's stem, ending in a vowel, and -л, -ла, -ло, -ли
# (разместили, провели, собрали, составило, сказал); irregular -шёл, -шла, -шло, -шли
# (прошла, пришли). Any Russian grammar gives the rule, e.g. T. Wade, «A Comprehensive
# Russian Grammar», on the past tense; Wikipedia «Russian grammar». A word counts only when
# at least four letters stand before that vowel (недели, модели, детали, зала are nouns), and
# not -ол- (футбола, школа, стола) nor a bare -ел (ремёсел, отдел; the verbs смотрел, видел
# are missed); nouns left that end alike are in _RU_L_NOUNS.
_RU_PAST = re.compile(r"(?:^.{4,}(?:[аяиыу]л|ел(?=.))[аои]?|^.{2,}(?:шёл|шла|шло|шли))$")
_RU_L_NOUNS = (
    "автомобил", "арсенал", "генерал", "журнал", "зеркал", "идеал", "интервал", "капитал",
    "материал", "мемориал", "минерал", "могил", "персонал", "потенциал", "правил", "профил",
    "раздел", "ритуал", "сериал", "сигнал", "терминал", "фестивал", "финал", "универсал",
)  # fmt: skip
# Verbs that say what the noun before a number measures («Бюджет составил 2,5 млн»,
# «Число участников превысило 500»): that noun is the caption. Before any other verb the
# noun is who acted («Организаторы собрали 250 000 тенге»), not what was counted.
_RU_LINKING = ("состав", "достиг", "превы", "насчитыва", "равнял", "равня", "равно")
# Kazakh case endings that end a counted noun's phrase (елден, шараларға, қаласында,
# қатысуымен). The genitive (халықтарының) does not: it qualifies the noun after it.
_KK_CASE = (
    "дан", "ден", "тан", "тен", "нан", "нен", "ға", "ге", "қа", "ке", "ына", "іне", "сына",
    "сіне", "да", "де", "та", "те", "нда", "нде", "мен", "бен", "пен",
)  # fmt: skip
_KK_GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")
# Russian adjective endings: an adjective alone («471 республиканского,») is not a caption.
# (Not -ий, -ой: nouns share them, лекций, герой.)
_RU_ADJECTIVE = ("ого", "его", "ых", "их", "ый", "ая", "яя", "ое", "ую", "ым")
# With the feminine oblique endings only adjectives have (-ской, -цкой; not -ой: стеной).
_RU_ADJECTIVE_OBLIQUE = (*_RU_ADJECTIVE, "ской", "цкой")
# Kazakh adjective endings: a word with one, last in the phrase, qualifies what follows.
# (Not -ғы/-гі: апталығы, бірлігі are nouns with a possessive ending.)
_KK_ADJECTIVE = (
    "лық", "лік", "дық", "дік", "тық", "тік", "лы", "лі", "сыз", "сіз", "дағы", "дегі",
    "тағы", "тегі", "шыл", "шіл",
)  # fmt: skip
# Words a quotation's speaker says it with, and the ones that make « » a title, not speech.
_SAID = {
    "деді", "деп", "айтты", "айтқан", "атап", "өтті", "мәлімдеді", "былай", "сөзінде",
    "білдірді", "жазды", "жазған", "сказал", "сказала", "сказали", "отметил", "отметила",
    "подчеркнул", "подчеркнула", "заявил", "заявила", "говорит", "говорил", "говорила",
    "пишет", "писал", "писала", "считает", "добавил", "добавила", "рассказал", "рассказала",
    "напомнил", "напомнила", "поделился", "поделилась", "так", "словами", "уверен",
    "уверена", "убеждён", "убеждена",
    # The present tense, as a feature writes it («Дирижер былай дейді: …», «отмечает»).
    "дейді", "айтады", "жазады", "мәлімдейді", "білдіреді", "отмечает", "подчёркивает",
    "подчеркивает", "заявляет", "рассказывает", "добавляет", "напоминает",
}  # fmt: skip
_TITLE_BEFORE = re.compile(
    r"(?:на\s+тему|под\s+названием|под\s+девизом|названием|девизом|атты|деген|"
    r"тақырыбында|тақырыбымен|ұранымен)\s*$",
    re.IGNORECASE,
)
_TITLE_AFTER = re.compile(
    r"^\s*(?:атты|деген|тақырыбында|тақырыбымен|ұранымен|байқау|фестивал|конкурс|"
    r"кітаб|книг|фильм|проект|жоба)",
    re.IGNORECASE,
)
_PREPOSITIONS = {
    "в", "во", "на", "с", "со", "к", "ко", "по", "из", "от", "до", "для", "за", "под", "над",
    "о", "об", "при", "через", "у", "без", "про", "между", "среди",
}  # fmt: skip
_WORD = re.compile(rf"[^{SPACE}]+")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
# A clause ends at sentence punctuation, a comma, a colon or a spaced dash; not at an
# initial's stop (С. Торайғыров), which the name goes on after. (A lower-case one-letter
# abbreviation, «2026 г.», «ХІХ ғ.», may end a sentence: its stop still ends the clause.)
CLAUSE_END = re.compile(
    rf"(?:[!?;:,]|(?<!\b[{UPPER}])\.)(?=[{SPACE}]|$)|[{SPACE}][\u2013\u2014][{SPACE}]"
)
# «С. Торайғыров атындағы университет», «университет имени Абая»: a name that names something
# else, not what a figure counts or what happens on a day.
_NAMED_AFTER = {"атындағы", "атында", "имени"}
# A web or e-mail address (the normaliser's) and a telephone number as the normaliser sets
# one (international, +7 7182 00 00 00, or with its trunk code, 8 (7212) 41-15-20; its
# spaces no-break): no figure or date of an article lies inside one.
_PHONE = phone_number(SPACE)


def _bare(word: str) -> str:
    return word.strip(",;:«»\"'()[]").lower()


def _unit_word(word: str) -> str:
    """A word as a unit reads: a Kazakh case ending after a hyphen dropped («°C-тан»)."""
    return _bare(word).split("-")[0]


def _words_before(text: str, start: int, count: int) -> list[str]:
    return [_bare(w) for w in text[:start].split()[-count:]]


def skip_reason(text: str, start: int, end: int, token: str, lang: str) -> str | None:
    """Why the number text[start:end] (``token``) is not a key figure, or None for a count."""
    before = text[:start]
    after = text[end:]
    tail = before.rstrip(SPACE)
    last = _words_before(text, start, 3)
    suffix = token.partition("-")[2] if "-" in token else ""
    digits = token.partition("-")[0]
    # № 12, #5, No. 3.
    if re.search(r"(?:№|#|\bN[o°]?\.?|\bNr\.?)$", tail, re.IGNORECASE):
        return "identifier"
    # An address or a phone: «Абай көшесі, 15», «ул. Ленина, 15», «дом 5», «тел. 41-15-20».
    near = [w.rstrip(".") for w in last[-2:]]
    if any(w in _ADDRESS for w in near):
        return "identifier"
    if re.match(rf"[{SPACE}]*\(\d", after) or (tail.endswith("(") and after.startswith(")")):
        return "identifier"
    if tail.endswith("+"):
        return "identifier"
    # A time of day: 10:00, 9.00 after в / сағат, «в 10 часов», «сағат 10-да».
    if re.match(r"[:.]\d\d(?!\d)", after) or re.search(r"\d:$", before):
        return "time"
    if re.fullmatch(r"\d{1,2}[.,]\d\d", digits) and last and last[-1] in _AT | {"сағат"}:
        return "time"
    next_word = _bare(after.split()[0]) if after.split() else ""
    if last and last[-1] == "сағат":
        return "time"
    if last and last[-1] in _AT and next_word.startswith(_HOURS):
        return "time"
    # A range: 12–14, 41-15-20, «с 12 по 14», «от 5 до 10», «10-нан 18-ге дейін».
    if re.match(rf"[{SPACE}]?[{_DASHES}][{SPACE}]?\d", after) or re.search(
        rf"\d(?:-[^\W\d_]+)?[{SPACE}]?[{_DASHES}][{SPACE}]?$", before
    ):
        return "range"
    if (
        re.match(rf"[{SPACE}]+(?:по|до)[{SPACE}]+\d", after)
        and last
        and last[-1] in {"с", "со", "от"}
    ):
        return "range"
    if re.search(rf"\d[^\d]{{0,12}}[{SPACE}](?:по|до)[{SPACE}]*$", before) and re.search(
        rf"(?:^|[{SPACE}])(?:с|со|от)[{SPACE}]+\d[^\d]{{0,12}}$", before, re.IGNORECASE
    ):
        return "range"
    if re.match(r"(?:дан|ден|тан|тен|нан|нен)$", suffix) and re.match(
        rf"[{SPACE}]+\d[\d{SPACE}]*(?:-[^\W\d_]+)?[{SPACE}]+дейін", after
    ):
        return "range"
    if re.search(rf"\d-(?:дан|ден|тан|тен|нан|нен)[{SPACE}]+$", before) and re.match(
        rf"[{SPACE}]+дейін", after
    ):
        return "range"  # «11-ден 16-ға дейін(гі)»: the token holds its own ending
    # An ordinal or a numbered thing: 3-ші, 5-сынып, 12-мектеп, 1-го, 5-х, 1990-х.
    if suffix and not is_case_suffix(suffix, lang):
        return "ordinal"
    # A year used as a date: «2025 жылы», «в 2016 году», «2026 г.»; a four-digit year
    # alone at the end of a clause (a title's «– 2026»). «2 000 жыл» (grouped) is a count.
    if re.fullmatch(r"1\d{3}|20\d{2}|2100", digits):
        if next_word.startswith(_YEAR_STEMS) or next_word in {"г", "г."}:
            return "year"
        if not next_word or re.match(rf"[{SPACE}]*(?:[.,;:!?)]|$)", after):
            return "year"
    return None


def is_case_suffix(suffix: str, lang: str) -> bool:
    """Whether a hyphenated ending after a number is a case ending of the number itself
    (471-ден, 500-ге, 60-ы), not an ordinal (3-ші, 5-й) or a noun (12-мектеп)."""
    if lang == "ru":
        return suffix in {"ти", "ми", "и"}  # «5-ти», colloquial counts
    if re.fullmatch(r"(?:[іы]?н)?(?:ші|шы)", suffix):
        return False
    return bool(
        re.fullmatch(
            r"(?:[сн]?[ыі])?(?:ден|дан|тен|тан|нен|нан|ге|ға|ке|қа|е|а|не|на|де|да|те|та|нде|нда|"
            r"ні|ны|ді|ды|ті|ты|нің|ның|дің|дың|тің|тың|мен|бен|пен|дей|дай|тей|тай)?|[ыі]|сы|сі",
            suffix,
        )
    )


def _is_verb(word: str, lang: str) -> bool:
    return len(word) > 3 and word.endswith(_VERB_ENDINGS.get(lang, ()))


def is_verb(raw: str, lang: str) -> bool:
    """Whether a word as the text writes it has the shape of a verb of the language (the
    endings above); a capitalised word is a name there (Сейткали), not a past tense."""
    word = _bare(raw)
    if _is_verb(word, lang):
        return True
    return (
        lang == "ru"
        and not raw.strip("«\"'(").istitle()
        and bool(_RU_PAST.match(word))
        and not word.startswith(_RU_L_NOUNS)
    )


# Kazakh suffixes agree with the sound before them: -қа/-ке, -та/-те, -тан/-тен after a
# voiceless consonant, -ға/-ге, -да/-де, -дан/-ден after a vowel or a voiced one, -нан/-нен
# (not -дан/-ден) after м, н, ң (consonant assimilation of Kazakh suffixes, e.g. K. Krippes,
# «Kazakh (Qazaq-) Grammatical Sketch with Affix List», the case suffixes; Wikipedia «Kazakh
# grammar»). So жәрмеңке is not a dative: after ң
# the dative is -ге (жәрмеңге).
_KK_VOICELESS = set("кқпстфхцчшщ")


def _kk_agrees(stem: str, ending: str) -> bool:
    last = stem[-1:]
    if ending[0] in "қкт":
        return last in _KK_VOICELESS
    if ending[0] in "ғгд":
        return last not in _KK_VOICELESS and not (
            ending[0] == "д" and len(ending) == 3 and last in "мнң"
        )
    return True


# Nouns whose last syllable reads as a case ending after a stem that agrees with it
# (команда is not «коман» + locative -да, жүлде not «жүл» + -де, тақта not «тақ» + -та):
# their nominative kept a counted noun's caption empty («12 команда» had none). Their own
# case forms (командаға, жүлдені) are still case forms. An article's own such nouns are
# found from its text too (``kk_nouns``).
KK_NOUNS = frozenset({
    "команда", "бригада", "олимпиада", "спартакиада", "универсиада", "эстрада", "легенда",
    "веранда", "пропаганда", "декада", "баллада", "жүлде", "кесте", "тақта", "тұлға",
    "сырға", "пошта", "шахта", "вахта", "яхта",
})  # fmt: skip
# What can follow a stem but never a case ending: the plural, the genitive, the accusative,
# the possessive, a case (a second one), the instrumental, -лы/-лі. (Not -ғы/-гі, -дағы:
# қаладағы is a locative and an adjective ending.)
_AFTER_A_STEM = (
    "лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "ны", "ні", "сы", "сі", "ға",
    "ге", "да", "де", "дан", "ден", "нан", "нен", "мен", "лы", "лі",
)  # fmt: skip


def kk_nouns(text: str) -> frozenset[str]:
    """The words of a Kazakh text that look case-marked but that the text also has with an
    ending no case ending takes after it: команда beside командалар or командаға is a noun."""
    vocab = {_bare(w) for w in _WORD.findall(text)}
    heads = {v[:k] for v in vocab for k in range(4, len(v) + 1)}
    return frozenset(
        w for w in vocab if _kk_case(w) and any(w + after in heads for after in _AFTER_A_STEM)
    )


def _kk_case(
    word: str, endings: tuple[str, ...] = _KK_CASE, nouns: frozenset[str] = frozenset()
) -> bool:
    # The stem must be long enough that the ending is one: елден (ел-ден), but апта, ата;
    # Қазақстан, Түркістан end in a name, not a case; команда is a noun (KK_NOUNS).
    if word.endswith("стан") or word in KK_NOUNS or word in nouns:
        return False
    return any(
        word.endswith(e)
        and len(word) - len(e) >= (2 if len(e) > 2 else 3)
        and (e not in _KK_CASE or _kk_agrees(word[: -len(e)], e))
        for e in endings
    )


def _join(words: list[str]) -> str:
    """Words as a caption: quotation marks kept only in pairs («Дружба народов»)."""
    text = " ".join(words)
    if text.count("«") != text.count("»"):
        text = text.replace("«", "").replace("»", "")
    return text


def noun_phrase(
    words: list[str], lang: str, limit: int, nouns: frozenset[str] = frozenset()
) -> list[str]:
    """The leading words that form a noun phrase (by the rules in the module doc); ``nouns``:
    the text's words that look case-marked but are not (``kk_nouns``)."""
    out: list[str] = []
    for raw in words:
        word = _bare(raw)
        if word in _NAMED_AFTER:
            while out and (out[-1][:1].isupper() or _INITIAL.match(out[-1])):
                out.pop()  # the name is part of another thing's name: neither is the phrase
            break
        if not word or any(c.isdigit() for c in word) or word in _STOP.get(lang, set()):
            break
        if word in _SAID or is_verb(raw, lang):
            break
        if lang == "kk" and out and _kk_case(word, nouns=nouns):
            break  # a case-marked word after the counted noun starts another phrase
        if lang == "kk" and len(out) == 2 and _kk_case(_bare(out[0]), nouns=nouns):
            break  # «40 000 атаудан кітап»: the case-marked word qualifies the next one
        out.append(raw.strip(",;:\"'()[]"))
        named = [w for w in out if not _INITIAL.match(w)]  # a name's initials aside
        if raw.rstrip().endswith((",", ";", ":", ")")) or len(named) == limit:
            break
    while out and _INITIAL.match(out[-1]):
        out.pop()  # a phrase ends on a word, never on an initial («… қазанда С.»)
    if lang == "kk":
        # «адам мерекелік (шараларға)», «ассамблея мүшелерінің (…)»: a last adjective or
        # genitive qualifies what follows, outside the phrase.
        while out and _kk_case(_bare(out[-1]), _KK_ADJECTIVE + _KK_GENITIVE, nouns):
            out.pop()
        if len(out) == 1 and _kk_case(_bare(out[0]), nouns=nouns):
            return []  # «15 елден»: not what is counted, only where from
    if lang == "ru" and len(out) == 1 and _bare(out[0]).endswith(_RU_ADJECTIVE):
        return []  # «471 республиканского,»: the noun comes after the list
    while lang == "ru" and len(out) > 1 and _bare(out[-1]).endswith(_RU_ADJECTIVE_OBLIQUE):
        # «86 школ Карагандинской (и Улытауской областей)»: an adjective stands before its
        # noun, so one last is a phrase cut short.
        out.pop()
    return out


def unit_and_caption(
    text: str, start: int, end: int, lang: str, nouns: frozenset[str] = frozenset()
) -> tuple[list[str], str]:
    """The unit words a figure prints with («м²», «лет», «тенге») and its caption: the noun
    phrase after it, else before it; ``""`` when none is found."""
    right = _clause_end(text, end)
    words = text[end:right].split()
    units: list[str] = []
    while words and _unit_word(words[0]) in _UNITS | {"%"} and len(units) < 2:
        unit = words.pop(0).strip(",;:()").split("-")[0]  # «°C-тан»: without its ending
        units.append("%" if unit.lower().startswith(_PERCENT) else unit)
    while words and _bare(words[0]) in {"астам", "артық", "аса", "жуық", "шамамен"}:
        words.pop(0)
    limit = 3
    after = noun_phrase(words, lang, limit, nouns)
    if (
        not after
        and lang == "ru"
        and len(words) == 1
        and _bare(words[0]).endswith(_RU_ADJECTIVE)
        and not _listed(text[right:])
    ):
        # «Жюри из 48 учёных, преподавателей…»: an adjective standing for its noun, where
        # no list of them follows («471 республиканского, регионального… центров»).
        after = [words[0].strip(",;:\"'()[]")]
    if after:
        return units, _join(after)
    return units, phrase_before(text, start, lang, nouns=nouns)


def _listed(rest: str) -> bool:
    """Whether a list goes on after a comma: a number or another adjective next."""
    m = re.match(rf",[{SPACE}]*(\S+)", rest)
    if m is None:
        return False
    word = _bare(m.group(1))
    return not word or word[0].isdigit() or word.endswith(_RU_ADJECTIVE)


def _clause_end(text: str, end: int) -> int:
    m = CLAUSE_END.search(text, end)
    return m.start() if m else len(text)


def not_prose(text: str) -> list[tuple[int, int]]:
    """The spans of text that are addresses (web, e-mail) or telephone numbers: nothing in
    them is a figure, a date or a caption («…/2026/…», «+7 7182 00 00 00»)."""
    return [m.span() for pattern in (ADDRESS, _PHONE) for m in pattern.finditer(text)]


def phrase_before(
    text: str, start: int, lang: str, any_verb: bool = False, nouns: frozenset[str] = frozenset()
) -> str:
    """The noun phrase just before a number («Бюджет проекта составил 2,5 млн», «площадь
    выставки – 600 м²»), up to three words; a dash or a Russian verb that says what the noun
    measures (``any_verb``: any verb, as before a date) right before it is stepped over."""
    words = text[:start].split()
    words = [w for w in words[-6:]]
    if words and words[-1] in ("\u2013", "\u2014", "-", ":"):
        words.pop()
    elif (
        words
        and lang == "ru"
        and (_bare(words[-1]).startswith(_RU_LINKING) or (any_verb and is_verb(words[-1], lang)))
    ):
        words.pop()  # «Бюджет составил 2,5 млн»; a Kazakh verb ends its clause instead
    phrase: list[str] = []
    for raw in reversed(words):
        word = _bare(raw)
        if (
            not word
            or raw.rstrip().endswith((",", ";", ":", ".", "!", "?"))
            or any(c.isdigit() for c in word)
            or word in _STOP.get(lang, set())
            or is_verb(raw, lang)
            or word in _SAID
            or (lang == "kk" and _kk_case(word, _KK_CASE + _KK_ADJECTIVE, nouns))
        ):
            break
        phrase.insert(0, raw.strip("\"'()[]"))
        if len(phrase) == 3:
            break
    else:
        word = ""
    if lang == "ru" and word in _PREPOSITIONS:
        return ""  # «В зале провели 30», «на выставке»: where, not what was counted
    if len(phrase) == 1 and len(_bare(phrase[0])) < 4:
        return ""
    return _join(phrase)


# After a quotation, words that say it was said (дейді, деген, екенін) or that it is a saying.
_SAID_STEMS = ("де", "екен", "сөз", "слов")


def is_title(text: str, start: int, end: int, lang: str = "kk") -> bool:
    """Whether « » at text[start:end] names something (a theme, a book, a programme) rather
    than quoting what someone said: a word before or after says so, or a noun follows the
    closing mark unpunctuated («Марғұлан оқулары – 2026» жинағы, «Сарыарқа мұрасы» жобасының);
    speech is followed by punctuation, a dash or a verb of saying."""
    if _TITLE_BEFORE.search(text[:start]) or _TITLE_AFTER.match(text[end:]):
        return True
    m = re.match(rf"[{SPACE}]+([^\W\d_]+)(?![\w-])", text[end:])
    if m is None or not m.group(1).islower():
        # Speech is introduced (a colon, or a comma after its verb) or followed by a dash and
        # who said it; « » standing in a sentence as a noun is a name («работает секция
        # «Искусственный интеллект и анализ данных».», a title line's «Шаг в науку – 2026»).
        introduced = text[:start].rstrip(SPACE).endswith((":", ","))
        attributed = re.match(rf"[,.!?]?[{SPACE}]*[\u2013\u2014]", text[end:]) is not None
        return not (introduced or attributed)
    word = m.group(1)
    return not (
        word in _SAID
        or word in _STOP.get(lang, set())
        or word.startswith(_SAID_STEMS)
        or is_verb(word, lang)
    )


def speaker(text: str, start: int, end: int, lang: str) -> str:
    """Who said the quotation text[start:end]: «…», – деді директор Сәуле Ахметова; Ректор
    А. Б. Сейткали отметил: «…». ``""`` when the article does not say."""
    after = text[end:]
    m = re.match(rf"[,.!?]?[{SPACE}]*[\u2013\u2014][{SPACE}]*(.*)", after)
    if m:
        said = m.group(1)
        words = []
        for word in said.split():  # to the clause's end (initials aside)
            words.append(word)
            if word.endswith((".", "!", "?", ";", ",")) and not _INITIAL.match(word):
                break
        while words and _bare(words[0]) in _SAID:
            words.pop(0)
        name = _person(words, lang, from_end=False)
        if name:
            return name
    head = text[:start].rstrip(SPACE + ":\u2013\u2014,")
    every = head.split()
    words, cut = _clause_before(every, len(every))
    while words and _bare(words[-1]) in _SAID:
        words.pop()
    if not words and cut > 0 and every[cut - 1].endswith(","):
        # «Председатель жюри, профессор А. С. Жумабаева, отметила: …»: the name stands
        # between commas before the verb.
        words = _clause_before(every, cut - 1)[0] + [every[cut - 1].rstrip(",")]
    return _person(words, lang, from_end=True)


def _clause_before(words: list[str], end: int) -> tuple[list[str], int]:
    """The words of words[:end] back to their clause's start (initials aside), and where that
    clause starts."""
    for i in range(end - 1, -1, -1):
        if words[i].endswith((".", "!", "?", ";", ",")) and not _INITIAL.match(words[i]):
            return words[i + 1 : end], i + 1
    return words[:end], 0


def _capitalised_end(out: list[str]) -> list[str]:
    """The leading run of capitalised words (initials among them) of ``out``."""
    run = []
    for word in out:
        if not word[:1].isupper():
            break
        run.append(word)
    return run


def _person(words: list[str], lang: str, from_end: bool) -> str:
    """Up to four words (initials aside) naming a person, from the start or the end."""
    seq = list(reversed(words)) if from_end else list(words)
    out: list[str] = []
    count = 0
    for raw in seq:
        word = raw.strip(",;:«»\"'()[]")
        if not _INITIAL.match(word):
            word = word.rstrip(".!?")
        bare = word.lower()
        if from_end and bare in _PREPOSITIONS:
            return ""  # «как подчёркнуто в Послании»: a place, not who said it
        if not word or bare in _STOP.get(lang, set()) or bare in _SAID or _is_verb(bare, lang):
            break
        if any(c.isdigit() for c in word):
            break
        out.append(word)
        if not _INITIAL.match(word):
            count += 1
        if count == 4:
            if from_end and len(out) < len(seq) and not word[:1].isupper():
                # «… с укреплением роли Ассамблеи»: a longer phrase, not a name; but a name
                # of two words or more at its end is who said it («Оркестрдің бас дирижері
                # Ерлан Сейітқалиұлы»).
                name = list(reversed(_capitalised_end(out)))
                return " ".join(name) if len(name) >= 2 else ""
            break
    if from_end:
        out.reverse()
    if not any(w[:1].isupper() for w in out):
        return ""  # no name and no title at a sentence's start: not a speaker
    return " ".join(out)
