"""``generator serve``: resolve the event and templates, then run the builder, the watcher and
the web server until Ctrl+C.

Three parts: a builder thread (the only one that runs the pipeline, one rebuild at a time,
coalescing requests), a watcher thread (watchfiles: the event and template folders), and
uvicorn serving the app on a socket bound here, so that port 0 means "any free port".
"""

from __future__ import annotations

import queue
import signal
import socket
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import api
from ..errors import InputError
from ..resources import default_event_dir
from .preview import Preview

# Editors' swap and backup files, and folders nobody edits by hand: changes there are noise.
_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload", ".pyc")
_IGNORED_PARTS = {".git", "__pycache__", "output", ".venv", "node_modules"}


def find_article(event: Path) -> Path:
    """The article of an event folder (article.kk.txt first, then any article.*.txt)."""
    if event.is_file():
        return event
    if not event.is_dir():
        raise InputError("no such event folder or article", where=str(event))
    for name in ("article.kk.txt", "article.ru.txt"):
        if (event / name).is_file():
            return event / name
    found = sorted(event.glob("article*.txt"))
    if not found:
        raise InputError("no article.kk.txt (or article.LANG.txt) in the folder", where=str(event))
    return found[0]


def resolve(event: Path | None, templates: Sequence[str]) -> tuple[Path, list[Path]]:
    """The article and the template folders the user means (``serve poster`` means the default
    event with the poster)."""
    names = list(templates)
    if event is not None and not event.exists() and len(event.parts) > 1:
        raise InputError("no such event folder or article", where=str(event))
    if event is not None and not event.exists():
        names.insert(0, str(event))  # not a path: a template name
        event = None
    elif event is not None and (event / "template.toml").is_file():
        names.insert(0, str(event))
        event = None
    article = find_article(event or default_event_dir())
    folders = [api.find_template(n).folder for n in (names or api.DEFAULT_PRODUCTS)]
    return article, list(dict.fromkeys(folders))


def _interesting(change: object, path: str) -> bool:
    p = Path(path)
    return not (p.name.endswith(_IGNORED_SUFFIXES) or p.name.startswith((".#", ".~"))) and not (
        _IGNORED_PARTS & set(p.parts)
    )


class Builder(threading.Thread):
    """Runs rebuilds one at a time; requests that arrive meanwhile are merged into the next."""

    def __init__(self, preview: Preview) -> None:
        super().__init__(name="preview-builder", daemon=True)
        self.preview = preview
        self.requests: queue.Queue[set[Path] | None] = queue.Queue()

    def request(self, changed: Iterable[Path] | None = None) -> None:
        self.requests.put(None if changed is None else set(changed))

    def run(self) -> None:
        while True:
            first = self.requests.get()
            batch: set[Path] | None = first
            while not self.requests.empty():  # merge what queued up meanwhile
                more = self.requests.get_nowait()
                batch = None if batch is None or more is None else batch | more
            try:
                self.preview.rebuild(batch)
            except Exception as e:  # noqa: BLE001 - keep serving; the page shows the error
                for product in self.preview.concerned(batch):
                    product.error = f"internal error: {type(e).__name__}: {e}"
                self.preview._bump()


def watch(preview: Preview, builder: Builder, stop: threading.Event) -> threading.Thread:
    """Watch the event and template folders; each batch of saves becomes one rebuild request."""
    import watchfiles

    def loop() -> None:
        for changes in watchfiles.watch(
            *preview.roots,
            watch_filter=_interesting,
            stop_event=stop,
            debounce=400,
            step=20,
            rust_timeout=200,
            yield_on_timeout=False,
            raise_interrupt=False,
        ):
            builder.request(Path(path) for _, path in changes)

    thread = threading.Thread(target=loop, name="preview-watcher", daemon=True)
    thread.start()
    return thread


def serve(
    event: Path | None,
    templates: Sequence[str],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    size: str | None = None,
    color: str = "rgb",
    facts: Path | None = None,
    lang: str | None = None,
    script: str = "cyrl",
    open_browser: bool = False,
) -> int:
    import uvicorn

    from .app import create_app

    article, folders = resolve(event, templates)
    preview = Preview(
        article, folders, facts=facts, size=size, color=color, lang=lang, script=script
    )
    if size is not None:
        try:
            preview.set_options(size=size)
        except ValueError as e:
            raise InputError(str(e)) from None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        raise InputError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    sock.listen(64)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"

    builder = Builder(preview)
    builder.start()
    builder.request(None)  # the first build, while the server already answers
    stop = threading.Event()
    watch(preview, builder, stop)
    app = create_app(preview, lambda: builder.request(None), host=host)
    config = uvicorn.Config(
        app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1, access_log=False
    )
    server = uvicorn.Server(config)
    print(f"serving {url}  (watching {', '.join(str(r) for r in preview.roots)}; Ctrl+C stops)")
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # uvicorn stops gracefully on SIGTERM, then raises it again once done: for a preview that
    # is the normal way to end (a service manager, a test), not a failure worth a message.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        server.run(sockets=[sock])
    finally:
        stop.set()
        signal.signal(signal.SIGTERM, previous)
    print("stopped")
    return 0
