"""Compose: Jinja2 fills a template's text blocks with the article, the facts and a record.

Each ``{% block NAME %}`` of text.j2 is the text of the box NAME. Output is ReportLab paragraph
markup, autoescaped, so a ``<`` or ``&`` in a fact prints as itself; undefined names are errors.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cache as disk_cache
from ..content.article import Article
from ..content.facts import Facts
from ..content.normalise import APOSTROPHE, UPPER, normalise_plain, typographic_apostrophe
from ..errors import TemplateError
from .names import RECORD_MARKS, address, patronymic_gender
from .template import Template
from .vocab import fill, vocabulary

if TYPE_CHECKING:
    from .problems import Problems

NBSP = "\u00a0"
# The context names compose() gives every block that are the same for every record of a job
# (see compose.depends); ``record`` and any ``extra`` change with the record.
EVENT_CONTEXT = frozenset(
    {"article", "facts", "roles", "words", "lang", "when", "when_time", "event", "texts"}
)


def _split_dash(text: str) -> tuple[str, str]:
    """A title as its head and the heading after the dash («1 мамыр – Бірлік күні»); no head
    when what follows the dash cannot stand as a heading: fewer than two words of letters
    («Олимпиада – 2026», «… – 2026 жыл»), or much shorter than the head. A dash inside
    « » is the quoted name's own («Жасыл металлургия – 2026» конференциясы): no split there."""
    for sep in (f"{NBSP}\u2013 ", " \u2013 ", f"{NBSP}\u2014 ", " \u2014 "):
        at = text.find(sep)
        while at >= 0 and text.count("\u00ab", 0, at) > text.count("\u00bb", 0, at):
            at = text.find(sep, at + 1)
        if at >= 0:
            head, tail = text[:at], text[at + len(sep) :]
            worded = [w for w in tail.split() if any(c.isalpha() for c in w)]
            if len(worded) < 2 or len(head.split()) > 2 * len(tail.split()) + 1:
                return "", text
            return head, tail
    return "", text


def _markup_escaper() -> Any:
    """Jinja's finalize: each value printed as ReportLab markup (imported with Jinja)."""
    from markupsafe import Markup, escape

    def escape_markup(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        # & < > become &amp; &lt; &gt;, quotes the numeric &#34; and &#39;: ReportLab's parser
        # reads them all, and a value stays whole inside a tag's attribute. (A replace that was
        # to put plain quotes back did nothing: Markup.replace escapes what it puts in.)
        return escape(str(value))

    return escape_markup


def _when(facts: Facts, lang: str, style: str) -> str:
    """The event's date as a kicker prints it: by Babel in the template's date style when day,
    month and year are known (content/dates.py); else the date role's printed form (or
    [event] date), then the year when it is given and the date does not already say it."""
    from ..content.dates import event_dates, format_dates

    days = event_dates(facts.event, facts.roles.date, lang)
    if days is not None:
        return _unbroken(format_dates(*days, lang, style))
    date = facts.roles.date.print if facts.roles.date else str(facts.event.date or "")
    year = facts.event.year
    if year and str(year) not in date:
        return _unbroken(f"{date} {year}".strip())
    return _unbroken(date)


def _with_time(when: str, time: str | None, lang: str) -> str:
    """The date and the time as one, joined as the language joins them (Babel's pattern:
    «2026 жылғы 12 мамыр, 18:30», «12 мая 2026 г., 18:30»); either alone when the other is
    not given. A time printed alone under an address read as part of it («…, 115, 18:30»)."""
    if not time or not when:
        return when or time or ""
    from babel.dates import get_datetime_format

    pattern = str(get_datetime_format("medium", locale=lang))
    return pattern.replace("{1}", "\x00").replace("{0}", time).replace("\x00", when)


def _unbroken(date: str) -> str:
    """A date is read as one: never broken across lines («25–31 марта / 2026»); a range of
    two dates may break after its spaced dash («30 желтоқсан – / 2026 жылғы 2 қаңтар»)."""
    for dash in ("\u2013 ", "\u2014 "):
        head, found, tail = date.partition(dash)
        if found and head.endswith((" ", NBSP)):
            return head.replace(" ", NBSP) + found + tail.replace(" ", NBSP)
    return date.replace(" ", NBSP)


# A record's gender, for words that agree with it (Russian «Уважаемый» / «Уважаемая»): the
# column's name and the values people write in it, in English, Russian and Kazakh.
GENDER_FIELDS = ("gender", "sex", "пол", "жынысы", "жыныс")
_GENDERS = {
    "m": ("m", "male", "man", "м", "муж", "мужской", "мужчина", "ер", "еркек", "ер адам"),
    "f": ("f", "female", "woman", "ж", "жен", "женский", "женщина", "әйел"),
}
_GENDER_OF = {word: g for g, words in _GENDERS.items() for word in words}


# A record's initials stay with each other and with the name after them (an invitation broke
# «…библиотека имени С. / Торайгырова»), № with its number and им. with its name, as the
# normaliser binds them in the article (content.rules_kk, rules_ru), and an apostrophe is
# typographic (Д’Артаньян), as the normaliser makes it.
_INITIAL = re.compile(f"(?<![\\w.])([{UPPER}])\\.[ ]+(?=[{UPPER}])")
_NUMERO = re.compile("№[ ]+(?=\\d)")
_NAMED = re.compile("(?<![\\w.\\-])им\\.[ ]+(?=[А-ЯЁ])")  # «школа им. Абая»


def _tidy(text: str) -> str:
    # Each pattern only where its mark is (most names have none of them).
    if "'" in text:
        text = APOSTROPHE.sub(typographic_apostrophe, text)
    if "." in text:
        text = _INITIAL.sub("\\1.\u00a0", text)
    if "№" in text:
        text = _NUMERO.sub("№\u00a0", text)
    return _NAMED.sub("им.\u00a0", text) if "." in text else text


def tidy_record(
    record: Mapping[str, Any], lang: str | None = None, fields: Collection[str] = ()
) -> dict[str, Any]:
    """The record's text fields with no-break spaces after initials, им. and №, and
    typographic apostrophes; the template's ``fields`` also through the article's normaliser
    in ``lang`` («Ә.Х.Марғұлан» spaced as the article spaces it), the other columns (a photo's
    path, a gender) as they are."""
    return {
        k: _tidy(_normalised(v, lang) if lang and k in fields else v) if isinstance(v, str) else v
        for k, v in record.items()
    }


@lru_cache(maxsize=4096)
def _normalised(text: str, lang: str) -> str:
    """A record's field as the normaliser sets the article (a batch repeats its organisations)."""
    return normalise_plain(text, lang) if lang in ("kk", "ru") else text


def gender(record: Any) -> str:
    """``m`` or ``f`` from the record's gender column (gender, пол, жынысы…: м/ж, m/f, муж/жен,
    ер/әйел), else from the patronymic in its name (-овна, -қызы; -ович, -ұлы) or the
    surname of a name of two words (Тимофеева Анна), else ``""``:
    no column, an empty cell or a value not understood and no patronymic, and the template
    then uses its neutral words (a wrong «Уважаемый» is worse than none)."""
    if not isinstance(record, Mapping):
        return ""
    for key, value in record.items():
        if str(key).strip().lower() in GENDER_FIELDS:
            # Letters only: «Муж.», « ж », and the marks a Latin build puts round record values.
            kept = "".join(ch if ch.isalnum() else " " for ch in str(value or "").lower())
            word = " ".join(kept.split())
            if word in _GENDER_OF:
                return _GENDER_OF[word]
            break
    return patronymic_gender(record.get("name") or "")


# What comes before a text's first letter: quotes and other marks; in markup also its tags
# and entities.
_BEFORE_LETTER = re.compile(r"\W*")
_BEFORE_LETTER_MARKUP = re.compile(r"(?:<[^>]*>|&#?\w+;|[^\w<&])*")


def capfirst(text: Any) -> Any:
    """The text with its first letter a capital and the rest as written: a role typed
    «спортшы» prints «Спортшы», as a variant's label («Ерікті») does; «3-курс», «iPhone»
    stay (a digit first; a capital inside the word says it is written so)."""
    value = str(text)
    markup = type(text) is not str and isinstance(text, str)  # (Markup: its tags are no text)
    before = _BEFORE_LETTER_MARKUP if markup else _BEFORE_LETTER
    at = before.match(value).end()  # type: ignore[union-attr]
    word = re.match(r"\w+", value[at:])
    if not word or not word.group().islower():
        return text
    out = value[:at] + value[at].upper() + value[at + 1 :]
    return type(text)(out) if markup else out


def role_word(role: Any, words: Any) -> Any:
    """The vocabulary's word for a role written as its key, in the document's language
    (``guest`` → «Гость», «Қонақ»: a data file's roles are often the badge's English keys,
    which a Russian certificate printed as «Guest»); any other role as written."""
    text = str(role)
    key = text.strip("".join(RECORD_MARKS) + " ").lower()
    try:
        table = words["role"]
    except (KeyError, TemplateError):
        return role
    return table[key] if key and key in list(table) else role


def initials(text: str, letters: int = 2) -> str:
    """The first letter of each of the first ``letters`` words of a name, capitals: «Әлия
    Иманқызы» → «ӘИ» (a photo's placeholder; words without a letter are skipped)."""
    firsts = [next((c for c in word if c.isalpha()), "") for word in str(text).split()]
    return "".join(c for c in firsts if c)[:letters].upper()


def tie_last(text: str, letters: int = 4) -> str:
    """The text with its last word bound to the one before by a no-break space when it is
    short (``letters`` or fewer): a headline never ends on a line of one short word
    («… жеткен / үн»); the line before gives up a word instead."""
    text = str(text)
    head, space, last = text.rstrip().rpartition(" ")
    word = last.strip(".,;:!?»\"')–—")
    if not space or not head.strip() or len(word) > letters or "<" in last:
        return text
    return f"{head}{NBSP}{last}"


def sentences(text: str, limit: int = 240) -> str:
    """The opening sentences of a text, as many as fit in ``limit`` characters (at least one;
    a first sentence longer than that is cut at a word and ends with an ellipsis)."""
    import re

    text = str(text)
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s|$)", text)]
    fits = [e for e in ends if e <= limit]
    if fits:
        return text[: fits[-1]]
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–— ")
    return cut + "…"


def shorten(text: str, limit: int = 76) -> str:
    """The text whole when it has ``limit`` characters or fewer; else cut at its last space
    within them (a no-break space binds its words: never there), without a dash, comma or
    colon left at the end nor a quotation opened and not closed, and ended with an ellipsis:
    a running head that one line holds."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    trail = " \u00a0\u2013\u2014-,;:"
    cut = cut.rstrip(trail)
    while cut.count("\u00ab") > cut.count("\u00bb"):
        cut = cut[: cut.rindex("\u00ab")].rstrip(trail)
    return (cut or text[: limit - 1]) + "\u2026"


@dataclass(frozen=True)
class Composed:
    """The markup of every box's block, by block name.

    A bilingual product's ``blocks`` hold each block's languages one after the other (the
    state language first); ``parts`` keeps them apart, block → ((language, markup), ...), for
    boxes that set them side by side and for hyphenating each by its own rules. ``script`` is
    the alphabet of the Kazakh text (``latn``: upper case is Kazakh, i → İ).
    """

    template: str
    blocks: dict[str, str]
    parts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    script: str = "cyrl"
    lang: str = "kk"
    record: dict[str, str] = field(default_factory=dict)  # the raw fields (image boxes read paths)


@cache
def _environment(folder: Path) -> Any:
    import jinja2

    from .problems import Missing

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=Missing,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.finalize = _markup_escaper()
    env.filters["before_dash"] = lambda s: _split_dash(str(s))[0]
    env.filters["after_dash"] = lambda s: _split_dash(str(s))[1]
    # The dash the text itself uses there (– in Kazakh, — in Russian), to print with the head.
    env.filters["dash"] = lambda s: "\u2014" if f"{NBSP}\u2014 " in str(s) else "\u2013"
    env.filters["fill"] = fill
    env.filters["sentences"] = sentences
    env.filters["gender"] = gender
    env.filters["address_name"] = address
    env.filters["tie_last"] = tie_last
    env.filters["shorten"] = shorten
    env.filters["initials"] = initials
    env.filters["capfirst"] = capfirst
    env.filters["role_word"] = role_word
    if disk_cache.cache_dir() is not None:
        from .jinja_cache import DiskBytecodeCache, settings_of

        env.bytecode_cache = DiskBytecodeCache(settings_of(env))
    return env


@cache
def _load(folder: Path) -> Any:
    import jinja2

    env = _environment(folder)
    try:
        return env.get_template("text.j2")
    except jinja2.TemplateNotFound:
        raise TemplateError(
            "no text.j2 beside template.toml", where=str(folder), every_record=True
        ) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(
            f"line {e.lineno}: {e.message}", where=str(folder / "text.j2"), every_record=True
        ) from None


def block_names(template: Template) -> set[str]:
    """The block names that text.j2 defines."""
    return set(_load(template.folder).blocks)


def unused_blocks(template: Template) -> list[str]:
    """Blocks of text.j2 that no box reads and no other block calls (``self.NAME()``): most
    often text for a box that is missing from template.toml or is spelt otherwise there."""
    import re

    source = template.text_file.read_text(encoding="utf-8")
    called = {a or b for a, b in re.findall(r"self\.(\w+)|self\[[\"'](\w+)", source)}
    return sorted(block_names(template) - needed_blocks(template) - called)


def needed_blocks(template: Template) -> set[str]:
    """The blocks the template's boxes read (a box's block defaults to its name)."""
    needed = set()
    for page in template.pages:
        for box in page.boxes:
            if box.type in ("text", "qr", "flow"):  # folio and chart read no block
                needed.add(box.opt("block", box.name))
    return needed


# needed_blocks of the templates composed last, by identity (a batch composes one template
# record after record; a frozen Template's hash would walk all its boxes).
_NEEDED: dict[int, tuple[Template, frozenset[str]]] = {}


def _needed(template: Template) -> frozenset[str]:
    got = _NEEDED.get(id(template))
    if got is None or got[0] is not template:
        if len(_NEEDED) >= 16:
            _NEEDED.clear()
        got = _NEEDED[id(template)] = (template, frozenset(needed_blocks(template)))
    return got[1]


def _has_definitions(folder: Path) -> bool:
    """Whether text.j2 defines macros or variables outside its blocks."""
    return _outline(folder)[0]


def _block_lines(folder: Path) -> dict[str, int]:
    """The line of text.j2 where each block starts."""
    return _outline(folder)[1]


@cache
def _outline(folder: Path) -> tuple[bool, dict[str, int]]:
    """(whether text.j2 defines anything outside its blocks, the line of each block), from
    one parse, kept in the disk cache beside the compiled template."""
    env = _environment(folder)
    source = (folder / "text.j2").read_text(encoding="utf-8")

    def make() -> tuple[bool, dict[str, int]]:
        from jinja2 import nodes

        tree = env.parse(source)
        defines = any(not isinstance(n, nodes.Block | nodes.Output) for n in tree.body)
        return defines, {b.name: b.lineno for b in tree.find_all(nodes.Block)}

    if env.bytecode_cache is None:
        return make()
    import hashlib

    from .jinja_cache import outline_entry

    entry = outline_entry(env, str(folder / "text.j2"), disk_cache.source_stamp(__file__))
    digest = hashlib.sha256(source.encode()).hexdigest()
    got = disk_cache.load("jinja", entry)
    if isinstance(got, tuple) and len(got) == 2 and got[0] == digest:
        return got[1]
    value = make()
    disk_cache.store("jinja", entry, (digest, value))  # (the file changed: replaced)
    return value


def _with_definitions(
    jt: Any, folder: Path, context: dict[str, Any], problems: Problems
) -> dict[str, Any]:
    """The context plus text.j2's top-level macros and ``set`` variables, so every block can
    use them (Jinja defines them only when the whole template renders, not one block)."""
    from .problems import RENDER_ERRORS

    if not _has_definitions(folder):
        return context
    defs = jt.new_context(context)
    defs.blocks = {name: [lambda _ctx: iter(())] for name in defs.blocks}  # blocks: not here
    try:
        for _ in jt.root_render_func(defs):
            pass
    except RENDER_ERRORS as e:
        problems.add_error(e)
    return {**context, **defs.get_exported()}


def language_texts(template: Template, article: Article, facts: Facts, lang: str) -> dict[str, Any]:
    """What a template reaches of one language by name (``texts.<lang>``)."""
    return {
        "article": article,
        "facts": facts,
        "roles": facts.roles,
        "event": facts.event,
        "words": vocabulary(template.folder, lang, facts.vocab, facts.source),
    }


def event_context(
    template: Template,
    article: Article,
    facts: Facts,
    lang: str,
    texts: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The names of EVENT_CONTEXT as compose() gives them to every block: the same for every
    record, so a batch makes them once a job (``constant``) rather than once a record."""
    style = getattr(facts.event, "date_style", None) or template.date_style
    return {
        "article": article,
        "facts": facts,
        "roles": facts.roles,
        "words": vocabulary(template.folder, lang, facts.vocab, facts.source),
        "lang": lang,
        # The event's date as print sets it: «2026 жылғы 1 мамыр» unless the style says press.
        "when": (when := _when(facts, lang, style)),
        "when_time": _with_time(when, facts.event.time, lang),
        "event": facts.event,
        "texts": texts
        if texts is not None
        else {lang: language_texts(template, article, facts, lang)},
    }


def compose(
    template: Template,
    article: Article,
    facts: Facts,
    record: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    only: Collection[str] | None = None,
    language: str | None = None,
    texts: dict[str, dict[str, Any]] | None = None,
    constant: dict[str, Any] | None = None,
) -> Composed:
    """Render every block of the template's text with the content (``only``: just these).

    ``words`` are the template's vocabulary in ``language`` (default: the facts' language);
    ``roles`` the facts the event gives each role (headline figures, pull quote, chart...).
    ``texts`` reaches every language of the event by name: ``texts.ru.article.title``,
    ``texts.kk.words.notes`` (default: this language alone). ``constant``: those names as
    ``event_context`` made them for this language, when the caller keeps them.
    """

    jt = _load(template.folder)
    missing = sorted(_needed(template) - set(jt.blocks))
    if missing:
        raise TemplateError(
            f"no block '{missing[0]}' (a box reads it)",
            where=str(template.text_file),
            every_record=True,
        )
    lacking = [r for r in template.requires if r not in facts.roles.filled()]
    if lacking:
        raise TemplateError(
            f"template '{template.name}' needs the fact role '{lacking[0]}', which the event "
            f"does not fill (name it in [roles], or give a fact of that kind)",
            where=facts.source,
            every_record=True,
        )
    lang = language or facts.lang
    from .variants import choose, in_language

    if constant is None:
        constant = event_context(template, article, facts, lang, texts)
    # Every name here but ``record``, ``serial``, ``variant`` and ``extra`` must be in
    # EVENT_CONTEXT (the same for every record): compose.depends trusts those names as constants.
    context = {
        **constant,
        # A field the data file has no column for (an optional one) prints nothing.
        "record": tidy_record(
            {**dict.fromkeys(template.fields, ""), **record} if record else {},
            lang,
            template.fields,
        ),
        # A batch gives each record its serial; the words of its variant come with the record.
        "serial": "",
        "variant": choose(template, record or {}).words,
        **(extra or {}),
    }
    context["variant"] = in_language(context["variant"], lang)  # a word per language: this one's
    context["texts"] = constant["texts"]
    from .markup import check_markup
    from .problems import RENDER_ERRORS, collecting

    blocks: dict[str, str] = {}
    lines = _block_lines(template.folder)
    # Every missing fact, field or name of every block is noted, then all are reported.
    with collecting(jt) as problems:
        problems.record = context["record"]
        ctx = jt.new_context(_with_definitions(jt, template.folder, context, problems))
        for name, render in jt.blocks.items():
            if only is not None and name not in only:
                continue
            problems.block, problems.block_line = name, lines.get(name)
            try:
                blocks[name] = "".join(render(ctx)).strip()
            except RENDER_ERRORS as e:
                problems.add_error(e)
                continue
            check_markup(blocks[name], template, problems)
    if problems.found:
        raise TemplateError("; ".join(problems.found), where=str(template.text_file))
    return Composed(template.name, blocks, record=dict(record or {}))


def clear_caches() -> None:
    """Forget every text.j2 read so far (a long-running preview sees the designer's edits)."""
    _load.cache_clear()
    _environment.cache_clear()
