"""The designer's and organiser's verbs: ``new``, ``facts suggest`` and ``serve``.

Thin like the rest of the CLI: each parses its arguments and calls the API, the scaffold, the
content stage or the preview server. The server's libraries are imported only by ``serve``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0


def cmd_new_event(args: argparse.Namespace) -> int:
    from .scaffold import new_event

    for path in new_event(args.folder, lang=args.lang):
        print(f"wrote {path}")
    article = args.folder / f"article.{args.lang}.txt"
    print(f"next: generator serve {args.folder}   (or: generator build --article {article})")
    return EXIT_OK


def cmd_new_template(args: argparse.Namespace) -> int:
    from .scaffold import new_template

    folder = new_template(args.name, getattr(args, "from"), args.into)
    print(f"wrote {folder}")
    print(f"next: generator serve EVENT {folder}   (keys: docs/templates.md)")
    return EXIT_OK


def cmd_facts_suggest(args: argparse.Namespace) -> int:
    from .content.article import read_article
    from .content.suggest import suggest_facts, suggestions_toml

    article = read_article(args.article)
    text = suggestions_toml(article, suggest_facts(article))
    if args.output:
        from .publish.write import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.run import serve

    return serve(
        args.event,
        args.templates,
        host=args.host,
        port=args.port,
        size=args.size,
        color=args.color,
        facts=args.facts,
        lang=args.lang,
        script=args.script,
        open_browser=args.open,
    )


def _port(text: str) -> int:
    """A TCP port; out of range, a wrong option (bind() raised OverflowError, an internal
    error)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a port is a whole number from 0 to 65535 (0: a free one)"
        )
    return int(text)


def add_commands(sub: argparse._SubParsersAction) -> None:
    from .cli import path_arg

    p = sub.add_parser(
        "new",
        help="start a new event folder or a new template from a built-in one",
        description="Start a new event folder, or copy a built-in template to edit.",
    )
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    e = what.add_parser(
        "event",
        help="write an event folder (article, facts, event details) that builds as it is",
        description=(
            "Write FOLDER/article.LANG.txt (its first lines explain the format) and "
            "FOLDER/facts.toml (a commented example of every key, the event details)."
        ),
    )
    e.add_argument("folder", type=path_arg, metavar="FOLDER")
    e.add_argument("--lang", choices=("kk", "ru"), default="kk", help="article language")
    e.set_defaults(func=cmd_new_event)
    t = what.add_parser(
        "template",
        help="copy a built-in template to edit",
        description="Copy a built-in template's folder (template.toml, text.j2) as NAME.",
    )
    t.add_argument("name", metavar="NAME")
    t.add_argument("--from", default="poster", metavar="TEMPLATE", help="default: poster")
    t.add_argument(
        "--into", type=path_arg, default=Path("."), metavar="DIR", help="parent folder (default: .)"
    )
    t.set_defaults(func=cmd_new_template)

    p = sub.add_parser(
        "facts",
        help="work with an event's facts",
        description="Work with an event's facts.",
    )
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    s = what.add_parser(
        "suggest",
        help="propose verified facts (counts, amounts, dates, quotations) from an article",
        description=(
            "Read an article and print facts in TOML to choose from: counts and amounts with "
            "their units, dates and « » quotations, each with the article's words as its source "
            "and already verified against the article. Numbers that name or order things (№ 12, "
            "5-сынып), times, range ends and years used as dates are left out; a caption the "
            "article gives no short phrase for is left empty, marked TODO, for you to write."
        ),
    )
    s.add_argument("article", type=path_arg, metavar="ARTICLE")
    s.add_argument("-o", "--output", type=path_arg, help="write to a file instead of the screen")
    s.set_defaults(func=cmd_facts_suggest)
    for nested in (e, t, s):  # `generator new event X --debug` works as the other verbs do
        nested.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback"
        )

    p = sub.add_parser(
        "serve",
        help="live preview in the browser: rebuilds on every save",
        description=(
            "Serve a local page showing every page of the chosen products, rebuilt within a "
            "second of a save to the article, facts, template.toml, text.j2 or a picture. "
            "EVENT is an event folder or its article (default: the 1 May event); TEMPLATE "
            "names or folders (default: poster, trifold, booklet)."
        ),
    )
    p.add_argument("event", nargs="?", type=path_arg, metavar="EVENT")
    p.add_argument("templates", nargs="*", metavar="TEMPLATE")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    p.add_argument("--port", type=_port, default=0, help="port (default: a free one)")
    p.add_argument("--size", help="paper size to start with (A2, A3, A4…)")
    p.add_argument("--color", choices=("rgb", "cmyk"), default="rgb", help="colour mode")
    p.add_argument(
        "--facts", type=path_arg, help="the facts file (default: facts.toml beside the article)"
    )
    p.add_argument("--lang", metavar="LANGS", help="kk, ru, or kk,ru for bilingual products")
    p.add_argument("--script", choices=("cyrl", "latn"), default="cyrl", help="Kazakh script")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.set_defaults(func=cmd_serve)
