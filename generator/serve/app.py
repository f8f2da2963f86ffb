"""The preview's web app (Starlette): the page, its state as JSON, page images, server-sent events.

Routes read only memory (images, PDFs, state) except ``/files/``, which serves a file only
from inside the watched event and template folders. On a loopback address, requests naming any
other host are refused (a page elsewhere cannot reach the preview through DNS rebinding).
"""

from __future__ import annotations

import asyncio
import mimetypes
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .preview import Preview

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_TEXT = {".txt", ".toml", ".j2", ".md", ".csv", ".json", ".svg"}


@cache
def _page_template() -> Any:
    import jinja2

    folder = Path(__file__).resolve().parent
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, auto_reload=False
    )
    return env.get_template("page.html")


def create_app(
    preview: Preview, request_rebuild: Callable[[], None], *, host: str = "127.0.0.1"
) -> Starlette:
    """The app serving ``preview``; ``request_rebuild`` asks the builder for a full rebuild."""
    queues: set[asyncio.Queue[int]] = set()
    loop: list[asyncio.AbstractEventLoop] = []

    def notify(version: int) -> None:  # called from the builder thread
        if loop:
            for q in list(queues):
                loop[0].call_soon_threadsafe(q.put_nowait, version)

    preview.listeners.append(notify)

    async def index(request: Request) -> Response:
        state = preview.state()
        html = _page_template().render(state=state)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> Response:
        return JSONResponse(preview.state(), headers={"Cache-Control": "no-store"})

    async def options(request: Request) -> Response:
        # JSON only: a page on another site cannot send that without a CORS preflight, which
        # this app never grants, so only the preview's own page changes its options.
        if not request.headers.get("content-type", "").startswith("application/json"):
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = await request.json()
            if not isinstance(body, dict):  # said «'list' object has no attribute 'get'»
                raise ValueError('send an object: {"size": "A2", "color": "cmyk"}')
            preview.set_options(body.get("size"), body.get("color"))
        except (ValueError, AttributeError) as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        request_rebuild()
        return JSONResponse({"ok": True}, status_code=202)

    async def image(request: Request) -> Response:
        p = request.path_params
        jpeg = preview.image(p["product"], p["number"], p["key"])
        if jpeg is None:
            return Response("no such page image", status_code=404, media_type="text/plain")
        return Response(
            jpeg, media_type="image/jpeg", headers={"Cache-Control": "max-age=31536000, immutable"}
        )

    async def pdf(request: Request) -> Response:
        product = preview.products.get(request.path_params["product"])
        if product is None or not product.pdf:
            return Response("no such product", status_code=404, media_type="text/plain")
        return Response(product.pdf, media_type="application/pdf")

    async def files(request: Request) -> Response:
        path = preview.file(request.path_params["path"])
        if path is None:
            return Response("not found", status_code=404, media_type="text/plain")
        kind = "text/plain; charset=utf-8" if path.suffix in _TEXT else None
        kind = kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(path.read_bytes(), media_type=kind, headers={"Cache-Control": "no-store"})

    async def events(request: Request) -> Response:
        if not loop:
            loop.append(asyncio.get_running_loop())
        q: asyncio.Queue[int] = asyncio.Queue()
        queues.add(q)

        async def stream():  # type: ignore[no-untyped-def]
            try:
                yield f"retry: 500\nevent: version\ndata: {preview.version}\n\n"
                while True:
                    try:
                        version = await asyncio.wait_for(q.get(), timeout=15)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    while not q.empty():  # a burst of versions: send the newest
                        version = q.get_nowait()
                    yield f"event: version\ndata: {version}\n\n"
            finally:
                queues.discard(q)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    routes = [
        Route("/", index),
        Route("/api/state", state),
        Route("/api/options", options, methods=["POST"]),
        Route("/events", events),
        Route("/img/{product}/{number:int}/{key}.jpg", image),
        Route("/pdf/{product}.pdf", pdf),
        Route("/files/{path:path}", files),
    ]
    middleware = []
    if host in LOOPBACK:
        allowed = ["127.0.0.1", "localhost", "[::1]", "::1"]
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed))
    return Starlette(routes=routes, middleware=middleware)
