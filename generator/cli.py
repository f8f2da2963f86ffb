"""The command line: parses arguments and calls the Python API; holds no layout logic.

Exit codes: 0 done, 1 the input or the build failed, 2 wrong usage.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # as a shell reports a process ended by SIGPIPE
EXIT_TERM = 143  # ... and by SIGTERM


def path_arg(text: str) -> Path:
    """A path argument; an empty one (an unset variable: --out "$DIR") is wrong usage, not the
    current folder (build, preview and batch wrote their files there)."""
    return Path(place_arg(text))


def place_arg(text: str) -> str:
    """A path or an fsspec URL, not empty (see ``path_arg``)."""
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("empty: give a path (an unset variable?)")
    return text


def _mm(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of millimetres: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a number of millimetres: {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError("must be ≥ 0")
    return value


def _event_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--article", type=path_arg, help="the article (UTF-8; line 1 the title)")
    p.add_argument(
        "--facts",
        type=path_arg,
        help="the facts file (TOML); default: facts.toml beside the article",
    )
    p.add_argument(
        "--lang",
        metavar="LANGS",
        help=(
            "the language(s): kk, ru, or kk,ru for bilingual products from article.kk.txt and "
            "article.ru.txt (default: the article's own, from its name or facts.toml's lang)"
        ),
    )
    p.add_argument(
        "--script",
        choices=("cyrl", "latn"),
        default="cyrl",
        help="latn: Kazakh in the 2021 Latin alphabet (default cyrl)",
    )


def _press_args(p: argparse.ArgumentParser, *, check: bool = True) -> None:
    g = p.add_argument_group("print production")
    g.add_argument(
        "--bleed",
        type=_mm,
        default=3.0,
        metavar="MM",
        help="bleed on each side (default 3 mm; 0 allowed, 2 at least with --pdfx)",
    )
    g.add_argument(
        "--marks", action="store_true", help="crop marks and a slug line outside the bleed"
    )
    g.add_argument(
        "--color", choices=("rgb", "cmyk"), default="rgb", help="colour mode (default rgb)"
    )
    g.add_argument(
        "--pdfx",
        nargs="?",
        const="x1a",
        default=False,
        metavar="x1a|x4",
        help="PDF/X: x1a (PDF/X-1a:2003, the default) or x4 (PDF/X-4); needs --color cmyk",
    )
    g.add_argument(
        "--icc",
        type=path_arg,
        metavar="FILE",
        help="embed this CMYK output profile in the PDF/X output intent (default: FOGRA39 by name)",
    )
    if check:
        g.add_argument(
            "--no-check",
            dest="check",
            action="store_false",
            help="skip the preflight of the written PDFs",
        )


def _pdfx_level(args: argparse.Namespace) -> None:
    """``--pdfx`` takes an optional level, so ``--pdfx poster`` took a template for a level:
    give it back to the templates."""
    if args.pdfx and str(args.pdfx).lower() not in ("x1a", "x4"):
        if hasattr(args, "templates"):
            args.templates = [args.pdfx, *(args.templates or [])]
            args.pdfx = "x1a"
        else:
            from .errors import UsageError

            raise UsageError(f"--pdfx takes x1a or x4, not {args.pdfx!r}")


def cmd_build(args: argparse.Namespace) -> int:
    import gc

    # A build is one short process. Python's cycle collector, run again and again over the
    # hundreds of thousands of objects that importing ReportLab, pikepdf and Jinja creates,
    # took about a tenth of it and freed nothing that mattered (the same peak memory).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(args)
    finally:
        if collecting:  # (main() called in a longer process: as it was)
            _collect_again()


def _collect_again() -> None:
    """Turn the cycle collector back on, with what was made while it was off in its oldest
    generation: the next young collection would otherwise walk all of it (a poster's whole
    heap, ~5-10 ms, in a process that ends right after). Cycles among those objects are
    freed at the next full collection."""
    import gc

    if not gc.get_freeze_count():  # (someone else's frozen objects: leave them frozen)
        gc.freeze()
        gc.unfreeze()
    gc.enable()


def _build(args: argparse.Namespace) -> int:
    from .api import build

    _pdfx_level(args)
    result = build(
        args.templates or None,
        size=args.size,
        article=args.article,
        facts=args.facts,
        lang=args.lang,
        script=args.script,
        out=args.out,
        bleed_mm=args.bleed,
        marks=args.marks,
        color=args.color,
        pdfx=args.pdfx,
        icc=args.icc,
        impose=args.impose,
        check=args.check,
    )
    for path in result.written:
        print(f"wrote {path}")
    for note in result.notes:
        print(f"note: {note}")
    for failure in result.failures:
        print(f"error: {failure}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_list(args: argparse.Namespace) -> int:
    from .api import list_templates

    for t in list_templates():
        w, h = t.size_mm()
        fields = f"  fields: {', '.join(t.fields)}" if t.fields else ""
        print(
            f"{t.name:<12} {t.kind:<8} sizes: {', '.join(t.sizes):<12} ({w:g} × {h:g} mm)  {t.description}{fields}"
        )
    return EXIT_OK


def cmd_normalise(args: argparse.Namespace) -> int:
    from .api import load_event

    alone = (  # an article with no facts.toml yet: normalising reads only the article
        args.article is not None
        and args.facts is None
        and "," not in (args.lang or "")
        and not (args.article.parent / "facts.toml").exists()
    )
    if alone:
        from .content.article import read_article

        articles = [read_article(args.article, args.lang)]
    else:
        event = load_event(args.article, args.facts, lang=args.lang)
        articles = [content.article for content in event.in_each_language()]
    total = notes = 0
    for article in articles:
        for change in article.changes:
            print(f"{article.source}: {change}")
        notes += sum(change.note for change in article.changes)
        total += sum(not change.note for change in article.changes)
    print(f"{total} change(s), {notes} note(s) left to the author; no letter or digit was changed.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .press.preflight import check_pdf

    failed = False
    for path in args.files:  # a file that cannot be checked is reported; the rest still are
        try:
            if path.is_dir():
                raise InputError("is a folder; give PDF files (e.g. folder/*.pdf)", where=str(path))
            if not path.is_file():
                raise InputError("file not found", where=str(path))
            report = check_pdf(path, profile=args.profile, color_mode=args.color, name=str(path))
        except InputError as e:
            print(f"error: {e}", file=sys.stderr)
            failed = True
            continue
        print(report.format())
        failed |= not report.ok
    return EXIT_FAILED if failed else EXIT_OK


def _out_file(given: Path | None, source: Path, suffix: str) -> Path:
    """The output file: as given, inside it when it is a folder, else beside the source."""
    out = given or source.with_name(source.stem + suffix)
    return out / (source.stem + suffix) if out.is_dir() else out


def cmd_impose(args: argparse.Namespace) -> int:
    from .errors import InputError, UsageError
    from .publish.write import write_atomic

    if args.file.is_dir():
        raise InputError("is a folder; give the PDF file to impose", where=str(args.file))
    if not args.file.is_file():
        raise InputError("file not found", where=str(args.file))
    if args.nup:
        from .press.nup import impose_nup

        if args.creep:
            raise UsageError("--creep is for booklets; step-and-repeat pieces are not folded")
        marks = True if args.marks is None else args.marks
        out = _out_file(args.output, args.file, "-nup.pdf")
        sheets = impose_nup(
            args.file, sheet=args.sheet or "SRA3", gutter_mm=args.gutter, marks=marks
        )
    else:
        from .press.impose import impose_booklet
        from .press.nup import sheet_size

        if args.gutter is not None:
            raise UsageError("--gutter is for step-and-repeat: add --nup")
        out = _out_file(args.output, args.file, "-imposed.pdf")
        sheets = impose_booklet(
            args.file,
            creep_mm=args.creep,
            sheet=sheet_size(args.sheet) if args.sheet else None,
            marks=bool(args.marks),
        )
    write_atomic(out, sheets)
    print(f"wrote {out}")
    return EXIT_OK


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only="build"``: the main parser with just that command
    (``generator build …`` does not pay for the other commands' parsers)."""
    import argparse

    from . import __version__

    parser = argparse.ArgumentParser(
        prog="generator",
        description="Print-ready event materials in Kazakh: posters, brochures, personalised documents.",
    )
    parser.add_argument("--version", action="version", version=f"generator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "build",
        help="build products of an event into a folder",
        description=(
            "Build products (default: every product of the default event) into --out. "
            "Each PDF is written atomically and passes the preflight check."
        ),
    )
    p.add_argument(
        "templates",
        nargs="*",
        metavar="TEMPLATE",
        help="template names or folders (default: poster, trifold, booklet)",
    )
    p.add_argument("--size", help="paper size, e.g. A2, A3, A4 (default: the template's own)")
    _event_args(p)
    p.add_argument(
        "--out", type=path_arg, default=Path("output"), help="output folder (default: output)"
    )
    _press_args(p)
    p.add_argument(
        "--impose",
        action="store_true",
        help="also impose booklets into printer's spreads (with --marks: marks and slug)",
    )
    p.set_defaults(func=cmd_build)
    if only == "build":
        return _debug_everywhere(parser, sub)

    p = sub.add_parser(
        "list",
        help="show the templates and their sizes",
        description="Show the templates and their sizes.",
    )
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "normalise",
        help="show every change the normaliser makes to the article",
        description="Show every change the print normaliser makes to the article.",
    )
    _event_args(p)
    p.set_defaults(func=cmd_normalise)

    p = sub.add_parser(
        "check",
        help="preflight PDFs for print",
        description=(
            "Report page sizes, boxes and bleed, fonts, colour spaces, smallest text, thinnest line, "
            "images and their resolution, PDF/X keys; exit 1 when the profile's requirements fail."
        ),
    )
    p.add_argument("files", nargs="+", type=path_arg, metavar="FILE.pdf")
    p.add_argument("--profile", choices=("print", "pdfx", "screen"), default="print")
    p.add_argument(
        "--color", choices=("rgb", "cmyk"), default=None, help="the colour mode the file must be in"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "impose",
        help="impose onto press sheets: booklet spreads, or step-and-repeat (--nup)",
        description=(
            "Impose any PDF whose pages share one size: into saddle-stitched sheets (front and "
            "back), or with --nup step-and-repeat on a press sheet (a one-page file fills the "
            "sheet; longer files go on page by page). PDF/X files stay PDF/X."
        ),
    )
    p.add_argument("file", type=path_arg, metavar="FILE.pdf")
    p.add_argument(
        "--nup",
        action="store_true",
        help="step-and-repeat flat pieces (invitations, cards, badges) on a press sheet",
    )
    p.add_argument(
        "--sheet",
        metavar="SIZE",
        help="press sheet: SRA3 (--nup default), SRA2, A3, A4, B3, B2 or WxH in mm; "
        "booklets default to the spread with its bleed",
    )
    p.add_argument(
        "--gutter",
        type=_mm,
        metavar="MM",
        help="--nup: space between pieces (default twice their bleed; 0 butts them)",
    )
    p.add_argument(
        "--marks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="crop, fold and registration marks and a slug line (default: on for --nup)",
    )
    p.add_argument(
        "--creep",
        type=_mm,
        default=0.0,
        metavar="MM",
        help="paper thickness for creep compensation",
    )
    p.add_argument("-o", "--output", type=path_arg, help="output file (default: NAME-imposed.pdf)")
    p.set_defaults(func=cmd_impose)

    _add_batch_commands(sub)
    from .designer import add_commands

    add_commands(sub)
    return _debug_everywhere(parser, sub)


def _debug_everywhere(
    parser: argparse.ArgumentParser, sub: argparse._SubParsersAction
) -> argparse.ArgumentParser:
    import argparse

    for command in sub.choices.values():
        # `generator build --debug` works as well as `generator --debug build`.
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback"
        )
    return parser


def _command(args: Sequence[str]) -> str | None:
    """The command word of a command line, when nothing but --debug comes before it."""
    return next((a for a in args if a != "--debug"), None)


def _add_batch_commands(sub: argparse._SubParsersAction) -> None:
    try:
        from .batch.cli import add_commands
    except ImportError:
        return
    add_commands(sub)


class _Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (pools shut down, no partial file), then say so."""


def _on_sigterm() -> object:
    """Turn SIGTERM into _Terminated in this process; returns the handler it replaces."""
    import os
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    main_pid = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a forked worker: end as SIGTERM ends a process
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise _Terminated

    return signal.signal(signal.SIGTERM, handler)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's flush at exit does not fail on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _freeze_at_exit() -> None:
    """At the process's exit, move every object to the collector's permanent generation:
    the interpreter's teardown then frees what it frees without walking the whole heap for
    cycles again and again, about a seventh of a poster's process (the files are closed and
    written by then; a long-running caller pays this once, when it ends)."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however often main() runs in one process
    atexit.register(gc.freeze)


def run() -> None:
    """The ``generator`` command: ``main()``, then the process ends (see ``_end``)."""
    _end(main())


def _end(code: int) -> None:
    """End the process with ``code`` once its work is done: what was registered to run at exit
    runs, the output is flushed, and the interpreter's teardown (freeing every module and
    object one by one: 20-50 ms after a batch of a thousand certificates, with the cores
    otherwise idle) is skipped. A process with another thread or a child process still going
    ends the ordinary way, which waits for them."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1 or _children():
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader gone: nothing more to say
            pass
    os._exit(code)


def _children() -> bool:
    """Whether a child process started through multiprocessing is still alive."""
    mp = sys.modules.get("multiprocessing")
    return bool(mp is not None and mp.active_children())


def _start(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The parsed command line, with start-up's caches and deferred imports in place (None:
    no command given, the help printed)."""
    from . import _regex

    _regex.install()  # before argparse and the verb's modules compile their patterns
    _freeze_at_exit()
    parser = _parser(_command(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return None
    from . import _methods
    from .typeset._deferred import install as defer_imports

    defer_imports()  # before dataclasses imports inspect
    _methods.install()  # before the first dataclass the verb's modules define
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code. Ctrl-C and SIGTERM end it with one line, also
    while it starts (a traceback of the import it stopped, before)."""
    previous = _on_sigterm()
    try:
        return _main(argv)
    except _Terminated:
        print(
            "error: terminated (SIGTERM); finished files are kept: run the same command again "
            "to complete",
            file=sys.stderr,
        )
        return EXIT_TERM
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None) -> int:
    import gc

    collecting = gc.isenabled()
    gc.disable()  # start-up allocates much and frees nothing (as a build: see cmd_build)
    try:
        args = _start(argv)
        if args is None:
            return EXIT_USAGE
        from .errors import GeneratorError, UsageError
    finally:
        if collecting:
            _collect_again()
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except GeneratorError as e:
        if args.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE if isinstance(e, UsageError) else EXIT_FAILED
    except BrokenPipeError:  # the reader went away (`generator check … | head`): fine
        _quiet_stdout()
        return EXIT_PIPE
    except OSError as e:  # the system refused: say where and what to do, in one line
        if args.debug:
            raise
        from .errors import system_fault

        print(f"error: {system_fault(e)}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # noqa: BLE001 - one line unless --debug, as promised to users
        if args.debug:
            raise
        print(
            f"error: internal error: {type(e).__name__}: {e} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
