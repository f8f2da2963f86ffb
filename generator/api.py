"""The Python API: build products from an event's article and facts. The CLI calls only this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compose.template import Template, load_cached
from .content.article import read_article
from .content.facts import Content
from .content.language import from_file_name
from .errors import FontCoverageError, GeneratorError, InputError, TemplateError, UsageError
from .resources import default_event_dir, templates_dir

if TYPE_CHECKING:
    from .press.held import Held
    from .press.preflight import PreflightReport
    from .press.render import PressOptions
    from .typeset.guides import PageGuides
    from .typeset.images import PictureOptions
    from .typeset.layout import LaidDocument

# What `generator build` makes with no template named: the products of an event (batch
# templates need a data file, so they are built by `generator batch`).
DEFAULT_PRODUCTS = ("poster", "trifold", "booklet")


@dataclass
class BuildResult:
    """What a build wrote and what failed (each failure a one-line message)."""

    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_event(
    article: Path | None = None,
    facts: Path | None = None,
    *,
    lang: str | Sequence[str] | None = None,
    script: str = "cyrl",
) -> Content:
    """Read and verify an event's article(s) and facts (default: the 1 May event shipped with
    the tool). ``lang`` chooses the language(s): ``"ru"``, or ``"kk,ru"`` for a bilingual
    event whose folder holds article.kk.txt and article.ru.txt. ``script="latn"`` sets Kazakh
    in the Latin alphabet, after the facts are verified against the Cyrillic article.

    An event read before from the same files' bytes comes from the user's disk cache
    (``generator.cache``): normalising and verifying it again would give the same."""
    from . import cache as disk_cache

    entry = _event_entry(article, facts, lang, script)
    got = disk_cache.load_current("event", entry, Content)
    if got is not None:
        return got
    event = _read_event(article, facts, lang=lang, script=script)
    if entry is not None:
        disk_cache.store_current("event", entry, event)
        # The stored form, as a warm run loads it (entries named by the event's pickle, as
        # compose.memo's, then match between cold and warm runs; see load_cached).
        import pickle

        event = pickle.loads(pickle.dumps(event, protocol=pickle.HIGHEST_PROTOCOL))
    return event


def _facts_file(article: Path | None, facts: Path | None) -> Path:
    """The facts file of an event: as given, else facts.toml beside the article."""
    folder = Path(article).parent if article else default_event_dir()
    return Path(facts) if facts is not None else folder / "facts.toml"


def _article_files(
    article: Path | None, lang: str | Sequence[str] | None
) -> list[tuple[Path, str | None]]:
    """Each article file of an event with its language (None: the one its name or the facts
    file declares)."""
    from .content.language import parse_languages

    folder = Path(article).parent if article else default_event_dir()
    if lang is None:
        return [(Path(article) if article else folder / "article.kk.txt", None)]
    codes = parse_languages(lang if isinstance(lang, str) else ",".join(lang))
    articles: list[tuple[Path, str | None]] = []
    named = from_file_name(article) if article else None
    for code in codes:
        path = folder / f"article.{code}.txt"
        if article and (named == code or (len(codes) == 1 and not named)):
            path = Path(article)
        elif article and len(codes) == 1 and not path.is_file():
            # «--article article.kk.txt --lang ru»: the Russian article beside it, as
            # --lang kk,ru finds it; none there is said, with what to pass.
            raise InputError(
                f"the file name says the article is in '{named}', and there is no "
                f"{path.name} beside it for --lang {code}: write that article there, or leave "
                "out --lang",
                where=str(article),
            )
        articles.append((path, code))
    return articles


def _event_entry(
    article: Path | None, facts: Path | None, lang: str | Sequence[str] | None, script: str
) -> tuple[str, str] | None:
    """The cache entry of an event: named by the paths of the files it is read from, the
    options and the code that reads it; its digest the files' bytes. None when a file cannot
    be read (reading the event then says why)."""
    from . import cache as disk_cache

    if disk_cache.cache_dir() is None:
        return None
    try:
        files = [_facts_file(article, facts), *(p for p, _ in _article_files(article, lang))]
        data = [path.read_bytes() for path in files]
    except (GeneratorError, OSError):
        return None
    here = Path(__file__).parent
    name = disk_cache.key(
        "event",
        disk_cache.folder_stamp(str(here / "content")),
        disk_cache.source_stamp(__file__),
        disk_cache.source_stamp(str(here / "errors.py")),
        repr(lang),
        script,
        *map(str, files),
    )
    return name, disk_cache.key(*data)


def _read_event(
    article: Path | None,
    facts: Path | None,
    *,
    lang: str | Sequence[str] | None,
    script: str,
) -> Content:
    from .content.facts import declared_language, parse_facts_in, read_facts_text
    from .content.language import SCRIPTS

    if script not in SCRIPTS:
        raise InputError(f"script must be one of {', '.join(SCRIPTS)}, got {script!r}")
    if article and not Path(article).is_file():  # said first: the facts file is found beside it
        raise InputError(
            "article not found" if not Path(article).exists() else "not a file", where=str(article)
        )
    facts_path = _facts_file(article, facts)
    raw = read_facts_text(facts_path)
    declared = declared_language(raw, str(facts_path))
    articles = [
        read_article(path, code or (None if from_file_name(path) else declared))
        for path, code in _article_files(article, lang)
    ]
    per_lang = parse_facts_in(raw, articles, str(facts_path))
    contents = [Content(a, f, script=script) for a, f in zip(articles, per_lang, strict=True)]
    event = Content(
        contents[0].article, contents[0].facts, translations=tuple(contents[1:]), script=script
    )
    if script == "latn":
        if all(c.article.lang != "kk" for c in contents):
            # Russian has no Latin alphabet here: the files came out «-ru-latn» in Cyrillic.
            raise UsageError(
                "--script latn writes Kazakh in the 2021 Latin alphabet; this event has no "
                f"Kazakh text (its article is {contents[0].article.lang}): leave out --script",
                where=str(contents[0].article.source),
            )
        from .content.latin import to_latin

        event = to_latin(event)
    return event


def find_template(name: str | Path) -> Template:
    """A built-in template by name, or a template folder given as a path."""
    path = Path(name)
    if not (path.is_dir() and (path / "template.toml").exists()):
        path = templates_dir() / str(name)
        if not (path / "template.toml").exists():
            known = ", ".join(t.name for t in list_templates())
            raise InputError(f"no template '{name}' (templates: {known})")
    return load_cached(path.resolve())


def list_templates() -> list[Template]:
    """Every built-in template, by name."""
    root = templates_dir()
    return [
        load_cached(p.resolve()) for p in sorted(root.iterdir()) if (p / "template.toml").exists()
    ]


def check_press_options(
    *, bleed_mm: float = 3.0, color: str = "rgb", pdfx: bool | str = False, icc: Path | None = None
) -> None:
    """Refuse press options that cannot make a file, before any document is made."""
    from .press.pdfx import check_profile, pdfx_level

    if not 0 <= bleed_mm <= 20:  # also refuses NaN
        raise UsageError(f"bleed must be between 0 and 20 mm, got {bleed_mm:g}")
    if color not in ("rgb", "cmyk"):
        raise UsageError(f"colour mode must be rgb or cmyk, got {color!r}")
    level = pdfx_level(pdfx)
    if level is not None and color != "cmyk":
        raise UsageError(f"{level.conformance or level.version} needs CMYK: add --color cmyk")
    if level is not None:
        from .press.preflight import MIN_BLEED_MM

        if bleed_mm < MIN_BLEED_MM:  # the pdfx profile would fail every page of every file
            raise UsageError(
                f"{level.conformance or level.version} files are checked for a bleed of at "
                f"least {MIN_BLEED_MM:g} mm: give --bleed {MIN_BLEED_MM:g} or more "
                f"(got {bleed_mm:g})"
            )
    if level is not None and level.transparency and icc is None:
        raise UsageError(
            "PDF/X-4 needs an output profile to embed: give --icc FILE "
            "(the press's CMYK profile, e.g. ISO Coated v2 for FOGRA39)"
        )
    if icc is not None:
        if level is None:
            raise UsageError("--icc embeds the output profile of a PDF/X file: add --pdfx")
        check_profile(Path(icc), level)


def input_date(template: Template, event: Content, *more: Path | str | None) -> float | None:
    """The date of a document made from these inputs (see press.render.source_date)."""
    from .press.render import source_date

    sources = (event.article.source, event.facts.source, template.data_file, template.text_file)
    ev = event.facts.event
    pictures = (ev.logo, ev.photo, ev.signature, *ev.partners)
    return source_date([*sources, *(p for p in pictures if p), *more])


def build_pdf(
    template: Template | str,
    event: Content,
    *,
    size: str | None = None,
    bleed_mm: float = 3.0,
    marks: bool = False,
    color: str = "rgb",
    pdfx: bool | str = False,
    icc: Path | None = None,
    file_name: str = "",
    record: dict[str, str] | None = None,
    date: float | None = None,
    on_layout: Callable[[LaidDocument], None] | None = None,
    latin_records: bool = False,
    context: dict[str, object] | None = None,
    images: str | Path | None = None,
    notes: list[str] | None = None,
    held: Held | None = None,
) -> bytes:
    """Compose, typeset and press one document in memory; returns the PDF bytes.

    A bilingual ``event`` (``load_event(lang="kk,ru")``) makes a bilingual document; with
    ``script="latn"`` a record's fields stay as written unless ``latin_records``.

    ``pdfx`` is False, True or "x1a" (PDF/X-1a:2003) or "x4" (PDF/X-4); ``icc`` an output
    profile to embed. ``date`` (epoch seconds) defaults to the newest input's (``input_date``).
    ``on_layout`` is handed the laid-out document before it is pressed (the preview's guides).
    ``context`` adds names for the template's text (a batch record's ``serial``, ``variant``).

    ``images`` is the folder a record's picture paths are relative to (and may not leave);
    warnings (a picture under 250 dpi) are appended to ``notes`` when it is given.
    ``held`` keeps what the build's own check reads (``press.held``).
    """
    from .compose.bilingual import compose_event
    from .press.render import render_pdf
    from .typeset import products

    tpl = template if isinstance(template, Template) else find_template(template)
    check_press_options(bleed_mm=bleed_mm, color=color, pdfx=pdfx, icc=icc)
    size = None if size is None else tpl.offered(size)
    if record is not None and tpl.variants:
        from .compose.variants import apply, choose

        tpl = apply(tpl, choose(tpl, record))
    if record is None and context is None:  # a product of the event: maybe made before
        from .compose.memo import composed as remembered

        composed = remembered(tpl, event, latin_records=latin_records)
    else:
        composed = compose_event(tpl, event, record, extra=context, latin_records=latin_records)
    pictures = picture_options(color, pdfx, icc, images, bleed_mm)
    try:
        laid = products.lay_out(
            tpl, composed, event, size=size, color_mode=color, pictures=pictures
        )
    except FontCoverageError as e:
        raise with_origin(e, event, record) from None
    if on_layout is not None:
        on_layout(laid)
    if notes is not None:
        notes.extend(laid.notes)
    check_pictures(laid.pictures, press_profile(pdfx, bleed_mm), tpl, notes)
    options = press_options(
        tpl,
        event,
        bleed_mm=bleed_mm,
        marks=marks,
        color=color,
        pdfx=pdfx,
        icc=icc,
        file_name=file_name,
        date=date,
    )
    return render_pdf(laid, options, held)


def press_options(
    tpl: Template,
    event: Content,
    *,
    bleed_mm: float = 3.0,
    marks: bool = False,
    color: str = "rgb",
    pdfx: bool | str = False,
    icc: Path | None = None,
    file_name: str = "",
    date: float | None = None,
) -> PressOptions:
    """How a document of the template for the event goes to press (its metadata included)."""
    from .press.render import PressOptions

    ev = event.facts.event
    return PressOptions(
        bleed_mm=bleed_mm,
        marks=marks,
        color=color,
        pdfx=pdfx,
        icc=Path(icc) if icc else None,
        file_name=file_name,
        author=ev.organiser or "",
        subject=tpl.description,
        keywords=tuple(
            k
            for k in (ev.name, event.facts.get("date") and event.facts["date"].print, tpl.name)
            if k
        ),
        date=date if date is not None else input_date(tpl, event),
    )


def build_preview(
    template: Template,
    event: Content,
    *,
    size: str | None = None,
    color: str = "rgb",
    record: dict[str, str] | None = None,
) -> tuple[bytes, list[PageGuides]]:
    """A document for the live preview: its PDF (3 mm bleed, no marks, no preflight) and the
    guides of each page (boxes, safe zone, folds) as the layout placed them."""
    from .typeset.guides import page_guides

    laid: list[LaidDocument] = []
    pdf = build_pdf(template, event, size=size, color=color, record=record, on_layout=laid.append)
    return pdf, page_guides(laid[0])


def reload_templates() -> None:
    """Forget what the compose stage memoised about template files (template data, Jinja
    texts and their analysis, vocabularies), so that a long-running preview sees edits."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith(f"{__package__}.compose"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def picture_options(
    color: str,
    pdfx: bool | str,
    icc: str | Path | None,
    images: str | Path | None,
    bleed_mm: float,
) -> PictureOptions:
    """How a document's pictures are made from its press options."""
    from .press.pdfx import pdfx_level
    from .typeset.images import PictureOptions

    level = pdfx_level(pdfx)
    return PictureOptions(
        color=color,
        flatten=level is not None and not level.transparency,  # X-1a: no soft masks
        icc=str(icc) if icc else None,  # pictures converted with the output profile
        images=str(images) if images else None,
        bleed_mm=bleed_mm,
    )


def press_profile(pdfx: bool | str, bleed_mm: float) -> str:
    """The preflight profile a build is checked against."""
    return "pdfx" if pdfx else ("print" if bleed_mm >= 2 else "screen")


def check_pictures(placed: list, profile: str, tpl: Template, notes: list[str] | None) -> None:
    """A picture too coarse for print fails the document before it is drawn."""
    from .errors import PreflightError
    from .press.resolution import MIN_DPI, picture_resolution

    failures, warnings = picture_resolution(placed, profile)
    if failures:
        # A record's picture is named by its column (the batch adds the data file and row).
        first = next(p for p in placed if p.dpi < MIN_DPI)
        where = None if first.column else f"template '{tpl.name}'"
        raise PreflightError(failures[0], where=where)
    if notes is not None and warnings:
        for p in placed:  # a record's picture is named by its column, others by the template
            for w in picture_resolution([p], profile)[1]:
                notes.append(w if p.column else f"{tpl.name}: {w}")


def with_origin(
    error: FontCoverageError, event: Content, record: dict[str, str] | None
) -> FontCoverageError:
    """The error again, saying where the missing character came from: the article's line, a
    fact, a record field, or the template's own text."""
    ch = error.char
    origin = "the template's own text"
    found = False
    for content in event.in_each_language():  # each language's article and facts
        lines = content.article.text.splitlines()
        if line := next((n for n, text in enumerate(lines, 1) if ch in text), None):
            origin, found = f"{content.article.source} line {line}", True
        elif fact := next((f for f in content.facts.values() if ch in f.print + f.caption), None):
            origin, found = f"{content.facts.source} fact '{fact.id}'", True
        if found:
            break
    if not found and (key := next((k for k, v in (record or {}).items() if ch in str(v)), None)):
        origin = f"the record's field '{key}'"
    return FontCoverageError(f"{error.message}; it comes from {origin}", where=error.where, char=ch)


def output_name(template: Template, size: str | None, languages: str = "") -> str:
    """The file name of a product: ``poster-A3.pdf``, or ``poster-A3-kk-ru.pdf`` with the
    languages of a Russian, bilingual or Latin-script product."""
    tail = f"-{languages}" if languages else ""
    return f"{template.name}-{size or template.size}{tail}.pdf"


def language_label(event: Content) -> str:
    """``""`` for Kazakh in Cyrillic (the default), else ``ru``, ``kk-ru``, ``kk-latn``…"""
    if event.languages == ("kk",) and event.script == "cyrl":
        return ""
    return "-".join(event.languages) + ("-latn" if event.script == "latn" else "")


def build(
    templates: Sequence[str] | None = None,
    *,
    size: str | None = None,
    article: Path | None = None,
    facts: Path | None = None,
    lang: str | Sequence[str] | None = None,
    script: str = "cyrl",
    out: Path = Path("output"),
    bleed_mm: float = 3.0,
    marks: bool = False,
    color: str = "rgb",
    pdfx: bool | str = False,
    icc: Path | None = None,
    impose: bool = False,
    check: bool = True,
) -> BuildResult:
    """Build products into ``out``: each written atomically, checked, and listed in the manifest.

    One product failing does not stop the others; its message is in ``result.failures``.
    """
    from .publish.write import sha256, write_atomic, write_manifest

    check_press_options(bleed_mm=bleed_mm, color=color, pdfx=pdfx, icc=icc)
    event = load_event(article, facts, lang=lang, script=script)
    names = list(templates) if templates else list(DEFAULT_PRODUCTS)
    result = BuildResult()
    manifest: dict[str, dict[str, object]] = {}
    out = Path(out)
    made: set[Path] = set()
    before = _manifest_files(out)  # which template folder made each file already there
    for name in names:
        try:
            tpl = find_template(name)
            if tpl.kind == "record":
                raise InputError(
                    f"template '{tpl.name}' is made per record: use `generator batch {tpl.name} --data FILE`"
                )
            result.notes.extend(_unused_blocks_notes(tpl))
            offered = size is not None and size.casefold() in {s.casefold() for s in tpl.sizes}
            chosen = tpl.offered(size) if size is not None and (templates or offered) else None
            if size is not None and chosen is None:
                result.notes.append(
                    f"{tpl.name}: made at {tpl.size} ({size} is not one of its sizes)"
                )
            target = out / output_name(tpl, chosen, language_label(event))
            if target in made:  # two templates of one name: the second would overwrite
                raise TemplateError(
                    f"another template of this run is also named '{tpl.name}' and writes "
                    f"{target.name}; give each template its own name",
                    where=str(tpl.data_file),
                )
            made.add(target)
            _own_file(target, tpl, before)
            held = _held() if check else None
            pdf = build_pdf(
                tpl,
                event,
                size=chosen,
                bleed_mm=bleed_mm,
                marks=marks,
                color=color,
                pdfx=pdfx,
                icc=icc,
                file_name=target.name,
                notes=result.notes,
                held=held,
            )
            if held is not None:
                _preflight(pdf, target.name, color, pdfx, bleed_mm, held)
            write_atomic(target, pdf)
            result.written.append(target)
            manifest[target.name] = {
                "template": tpl.name,
                "folder": str(tpl.folder),
                "size": chosen or tpl.size,
                "languages": list(event.languages),
                "script": event.script,
                "sha256": sha256(pdf),
                "bytes": len(pdf),
                "options": {
                    "bleed_mm": bleed_mm,
                    "marks": marks,
                    "color": color,
                    "pdfx": pdfx,
                    "icc": str(icc) if icc else None,
                },
            }
            if impose and tpl.kind == "booklet":
                from .press.impose import impose_booklet

                imposed = target.with_name(target.stem + "-imposed.pdf")
                sheets = impose_booklet(pdf, marks=marks, name=target.name)
                write_atomic(imposed, sheets)
                result.written.append(imposed)
                manifest[imposed.name] = {
                    "template": tpl.name,
                    "imposed_from": target.name,
                    "sha256": sha256(sheets),
                }
        except GeneratorError as e:
            result.failures.append(str(e))
    if manifest:
        write_manifest(out, manifest)
    return result


def _manifest_files(out: Path) -> dict[str, Any]:
    import json

    try:
        files = json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return files if isinstance(files, dict) else {}


def _own_file(target: Path, tpl: Template, before: dict[str, Any]) -> None:
    """A template must not overwrite a file another template folder made (a copy of the
    stock poster that keeps name = "poster" would replace the stock poster's PDF)."""
    entry = before.get(target.name)
    folder = entry.get("folder") if isinstance(entry, dict) else None
    if folder and Path(folder) != tpl.folder:
        raise TemplateError(
            f"{target} was made from the template in {folder}, and this template is also "
            f'named "{tpl.name}"; give it its own name in [template] or another --out',
            where=str(tpl.data_file),
        )


def _unused_blocks_notes(tpl: Template) -> list[str]:
    from .compose.memo import unused_blocks

    boxes = sorted({b.name for p in tpl.pages for b in p.boxes})
    notes = []
    for block in unused_blocks(tpl):
        import difflib

        near = difflib.get_close_matches(block, boxes, n=1)
        hint = f" (did you mean box '{near[0]}'?)" if near else ""
        notes.append(
            f"{tpl.text_file}: block '{block}' fills no box: no box of "
            f"{tpl.data_file.name} is called so or reads it{hint}"
        )
    return notes


def _held() -> Held:
    from .press.held import Held

    return Held()


def check_build(
    pdf: bytes, name: str, color: str, pdfx: bool | str, bleed_mm: float, held: Held | None
) -> PreflightReport:
    """The preflight report of a document this build made: read from what the build holds
    (``press.held``) when it can, else from the file; the same findings either way."""
    from .press.held import check_held
    from .press.preflight import check_pdf

    profile = press_profile(pdfx, bleed_mm)
    report = None
    if held is not None:
        report = check_held(held, pdf, profile=profile, color_mode=color, name=name)
    if report is None:
        report = check_pdf(pdf, profile=profile, color_mode=color, name=name)
    return report


def _preflight(
    pdf: bytes, name: str, color: str, pdfx: bool | str, bleed_mm: float, held: Held
) -> None:
    """Run the preflight check on what is about to be written; an error fails the build.
    Characters the build drew without a glyph that the file cannot show (drawn as another
    character, see ``missing_glyphs``) are failures beside the file's own."""
    report = check_build(pdf, name, color, pdfx, bleed_mm, held)
    failures = report.failures + [g.message() for g in held.missing if not g.in_file]
    if failures:
        from .errors import PreflightError

        raise PreflightError("; ".join(failures), where=name)
