"""The web UI: a few pages served by the API app, drawn in the browser from /api JSON.

Everything a page loads ships in this package (`static/`): our own JS and CSS, no
CDN, no third-party front-end code. The HTML shells hold no data; the scripts put
every piece of article text into the page with `textContent` (never as markup), and
the Content-Security-Policy set by the app forbids inline scripts. Static files are
served from a fixed list read at start-up, so no path can reach outside it.
"""

from __future__ import annotations

import re
from importlib import resources

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse, Response

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
_STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(js|css|svg|png|ico)$")
# Client-side pages: each path serves the same shell, app.js draws the page.
PAGES = {
    "/": "Corpus overview",
    "/network": "Actor network",
    "/timeline": "Timeline",
    "/search": "Search",
    "/copies": "Copies",
    "/article/{doc}": "Article",
    "/actor/{actor}": "Actor dossier",
    "/copies/{a}/{b}": "Copies side by side",
}


def _static_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("newsgraph.web") / "static"
    files: dict[str, tuple[bytes, str]] = {}
    for entry in folder.iterdir():
        name = entry.name
        if _STATIC_NAME.match(name):
            files[name] = (entry.read_bytes(), CONTENT_TYPES["." + name.rsplit(".", 1)[1]])
    return files


def _shell(name: str) -> str:
    return (resources.files("newsgraph.web") / name).read_text(encoding="utf-8")


def mount_pages(app: FastAPI) -> None:
    """Add the page routes, /docs and /static/NAME to `app`."""
    static = _static_files()
    shell = _shell("page.html")
    docs = _shell("docs.html")

    def page() -> HTMLResponse:
        return HTMLResponse(shell, headers={"Cache-Control": "no-cache"})

    for path, title in PAGES.items():
        app.add_api_route(
            path,
            page,
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
            name=f"page {title}",
        )

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs)

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        found = static.get(name)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no static file {name!r}")
        body, content_type = found
        return Response(
            body, media_type=content_type, headers={"Cache-Control": "public, max-age=300"}
        )
