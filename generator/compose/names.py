"""A person's name as a batch record writes it, read for the words that address the person.

Russian etiquette addresses by given name and patronymic («Уважаемая Айгуль Серикбаевна!»),
never by the surname as well; so does a formal Kazakh letter («Құрметті Нұрлан Серікұлы!»).
Lists in Kazakhstan write names surname first («Жумабаева Айгуль Серикбаевна», the official
order) or given name first («Айгуль Серикбаевна Жумабаева»); a patronymic's ending says which,
and says the person's gender as well (-овна, -евна, -ична, -қызы: a woman; -ович, -евич,
-ұлы: a man). A name without a patronymic is read as written, except that a surname standing
first («Тимофеева Анна», «Нұрғалиев Ерболат») goes after the given name when nothing else
in the name looks like a surname, and its ending says the gender (Russian surnames agree
with their bearer); a name that reads both ways stays as written.
"""

from __future__ import annotations

import re
from typing import Any

# Patronymics by their endings (Russian forms, in Cyrillic and transliterated; Kazakh ones in
# Cyrillic and the 2021 Latin alphabet), and the particles that make one of two words
# («Гейдар оглы», «Серік ұлы», Uzbek «Шавкат ўғли», «Rustam qizi»; «o'g'li» read as «ogli»).
_PATRONYMIC = {
    "m": ("ович", "евич", "ёвич", "ьич", "ұлы", "улы", "uly", "ulı", "ovich", "evich"),
    "f": ("овна", "евна", "ёвна", "ична", "қызы", "кызы", "qyzy", "qızı", "kyzy", "ovna", "evna"),
}
_PARTICLE = {
    "оглы": "m", "ұлы": "m", "улы": "m", "uly": "m", "ўғли": "m", "угли": "m", "ogli": "m",
    "ugli": "m", "oglu": "m", "кызы": "f", "қызы": "f", "гызы": "f", "қизи": "f", "кизи": "f",
    "qizi": "f", "kizi": "f", "gizi": "f",
}  # fmt: skip
# Patronymics ending in -ич without -ов/-ев (Ильич, Кузьмич): the ending alone would take
# surnames such as Бабич for one.
_ICH = ("ильич", "кузьмич", "лукич", "фомич", "никитич", "саввич", "фокич", "ильинична")
# Endings of surnames (Russian and Kazakh, and Kazakh surnames made of a patronymic).
_SURNAME = (
    "ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ёва", "ина", "ына",
    "ский", "ская", "цкий", "цкая", "енко", "ұлы", "улы", "қызы", "кызы",
)  # fmt: skip
_WORD = re.compile(r"\S+")
# Private-use marks a Latin build puts round a record's values (compose.bilingual), so that
# transliteration steps over them.
RECORD_MARKS = ("\ue000", "\ue001")


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha() or ch == "-").lower().strip("-")


def _patronymic_gender(word: str) -> str:
    """``m`` or ``f`` when the word is a patronymic, else ``""``."""
    low = _letters(word)
    if len(low) < 5:  # «Ұлы», a particle alone, is no patronymic
        return ""
    if low in _ICH:
        return "f" if low.endswith("а") else "m"
    return next((g for g, ends in _PATRONYMIC.items() if low.endswith(ends)), "")


# Given names that end as surnames do (Иванова Екатерина read both ways, and stayed as written;
# «Константин Ким», before a surname of no Russian ending, was put last).
_GIVEN = frozenset(
    "ирина марина галина алина карина полина мадина амина зарина регина кристина валентина "
    "екатерина ангелина арина дарина сабина камила альбина диана лина янина медина элина "
    "эвелина каролина руфина фаина жасмина ясмина розалина константин валентин вениамин "
    "мартин мартын августин".split()
)


def _woman_before_ich(words: list[tuple[int, int, str]]) -> bool:
    """Whether a name of two words reads as a woman's given name and a surname ending as a
    man's patronymic does («Светлана Алексиевич», «Елена Сенкевич»: Belarusian, Serbian and
    Polish surnames are one for both genders); a given name ending in -а or -я is most often
    a woman's (a man's such as «Никита» is left ungreeted, not greeted wrong)."""
    first, second = _letters(words[0][2]), _letters(words[1][2])
    return second.endswith(("ич", "ich")) and first.endswith(("а", "я", "a"))


def _surname_like(word: str) -> bool:
    low = _letters(word)
    return len(low) > 4 and low.endswith(_SURNAME) and low not in _GIVEN


def _words(name: str) -> list[tuple[int, int, str]]:
    """The name's words with their places; a particle joined to the word before it."""
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(name):
        if words and _letters(m.group()) in _PARTICLE:
            start, _, _ = words.pop()
            words.append((start, m.end(), name[start : m.end()]))
        else:
            words.append((m.start(), m.end(), m.group()))
    return words


def _patronymic_at(words: list[tuple[int, int, str]]) -> tuple[int, str]:
    """The index of the patronymic among the words and the gender it says, else (-1, "").
    A given name is never shaped like a patronymic, so a second word that is one is the
    patronymic (given name first: «Роман Аркадьевич Абрамович», whose surname ends as one
    does); otherwise only the last word can be (surname first)."""
    if len(words) < 2:
        return -1, ""
    for at in (1, len(words) - 1):
        text = words[at][2]
        particle = _PARTICLE.get(_letters(text.split()[-1]), "") if " " in text else ""
        g = particle or _patronymic_gender(text)
        if g:
            return at, g
    return -1, ""


def _unwrapped(text: str) -> tuple[str, str, str]:
    if text.startswith(RECORD_MARKS[0]) and text.endswith(RECORD_MARKS[1]):
        return RECORD_MARKS[0], text[1:-1], RECORD_MARKS[1]
    return "", text, ""


def address(name: Any) -> Any:
    """The words that address a person named so: given name and patronymic («Жумабаева Айгуль
    Серикбаевна» → «Айгуль Серикбаевна»), else the name, a leading surname put after the
    given name («Тимофеева Анна» → «Анна Тимофеева»)."""
    text = str(name)
    before, inner, after = _unwrapped(text)
    words = _words(inner)
    at, _ = _patronymic_at(words)
    if at >= 1:
        # Given name first («Айгуль Серикбаевна Жумабаева»): from the first word; surname
        # first: the word before the patronymic is the given name.
        first = 0 if at == 1 else at - 1
        out = inner[words[first][0] : words[at][1]]
    elif len(words) == 2 and _surname_like(words[0][2]) and not _surname_like(words[1][2]):
        out = f"{words[1][2]} {words[0][2]}"
    else:
        return name
    out = before + out + after
    return type(name)(out) if type(name) is not str and isinstance(name, str) else out


# Surname endings of one gender (Russian surnames agree with their bearer: Тимофеева, Васильев).
_SURNAME_GENDER = {
    "f": ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "қызы", "кызы"),
    "m": ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ұлы", "улы"),
}


def patronymic_gender(name: Any) -> str:
    """``m`` or ``f`` as the name's patronymic says; for a name of two words without one, as
    its surname's ending says (Тимофеева Анна, Игорь Васильев) when only one of the two words
    can be a surname; else ``""``."""
    words = _words(_unwrapped(str(name))[1])
    found = _patronymic_at(words)[1]
    if found == "m" and len(words) == 2 and _woman_before_ich(words):
        return ""  # «Светлана Алексиевич»: a surname, not a patronymic, after her name
    if found or len(words) != 2:
        return found
    surnames = [w for _, _, w in words if _surname_like(w)]
    if len(surnames) != 1:
        return ""  # «Шевченко Ирина», «Алина Пушкина»: no word, or both, may be the surname
    low = _letters(surnames[0])
    return next((g for g, ends in _SURNAME_GENDER.items() if low.endswith(ends)), "")
