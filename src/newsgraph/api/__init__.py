"""HTTP API and web UI: a FastAPI app over one `newsgraph.query.Corpus` per worker thread.

    >>> app = create_app("newsgraph.db")        # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1")      # doctest: +SKIP

Every query is a GET under /api returning JSON; lists are paginated with
limit/offset and carry their total. Bad input gets a 400 naming the parameter, an
unknown actor, document or copy pair a 404. The store is opened read-only unless
`read_only=False`; then, and only then, POST /api/overrides records a user's actor
decision. The OpenAPI schema is at /openapi.json and a local reader at /docs (no
CDN: everything the pages load ships in `newsgraph.web`).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Literal

from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsgraph import errors
from newsgraph.errors import NotFoundError, QueryError
from newsgraph.query import Corpus
from newsgraph.query.params import GraphParams, PageParams, SearchParams, TimelineParams, Window

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Pages load only what this server ships; inline scripts never run, even if some
# article text were to slip into the markup unescaped.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Limit = Query(50, ge=1, le=1000, description="Items per page (1-1000).")
Offset = Query(0, ge=0, description="Items to skip.")
Since = Query(None, description="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.")
Until = Query(None, description="Up to this date, inclusive at its precision.")
Negated = Query(False, description="Also count negated events ('refused to').")
Hypothetical = Query(False, description="Also count hypothetical events ('could').")


class CorpusPool:
    """One read connection per worker thread: sqlite3 connections are not shared."""

    def __init__(self, db: Path, writable: bool) -> None:
        self.db = db
        self.writable = writable
        self.local = threading.local()
        Corpus(db, writable=writable).close()  # fail at start-up, not on the first request

    def get(self) -> Corpus:
        corpus = getattr(self.local, "corpus", None)
        if corpus is None:
            corpus = Corpus(self.db, writable=self.writable)
            self.local.corpus = corpus
        return corpus


def _window(since: str | None, until: str | None, negated: bool, hypothetical: bool) -> Window:
    return Window(
        since=since, until=until, include_negated=negated, include_hypothetical=hypothetical
    )


def create_app(
    db_path: str | Path, read_only: bool = True, allowed_hosts: list[str] | None = None
) -> FastAPI:
    """The FastAPI app serving the API and the web UI for the store at `db_path`.

    `allowed_hosts` limits the Host header (defence against DNS rebinding); the CLI
    passes the loopback names when it binds 127.0.0.1."""
    from newsgraph import __version__
    from newsgraph.web import mount_pages

    pool = CorpusPool(Path(db_path), writable=not read_only)
    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description="Actors, PLOVER events, quotes and copies from a news corpus, "
        "each tied to the sentence that says so.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.pool = pool
    app.state.read_only = read_only
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if read_only and request.method not in SAFE_METHODS:
            return JSONResponse(
                {"error": "NG403", "message": errors.READ_ONLY, "param": None}, status_code=403
            )
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.code, "message": str(exc), "param": exc.source}, status_code=404
        )

    @app.exception_handler(QueryError)
    async def bad_query(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.code, "message": str(exc), "param": exc.source}, status_code=400
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
            problems.append({"param": ".".join(where), "message": err.get("msg", "invalid")})
        text = "; ".join(f"{p['param']}: {p['message']}" for p in problems)
        return JSONResponse(
            {
                "error": "NG400",
                "message": f"[NG400] invalid input: {text}",
                "param": problems[0]["param"] if problems else None,
                "problems": problems,
            },
            status_code=400,
        )

    corpus = pool.get

    @app.get("/api/overview", tags=["corpus"])
    def overview() -> dict:
        """Counts, busiest actors, events by type and by year, latest documents."""
        return corpus().overview()

    @app.get("/api/documents", tags=["documents"])
    def documents(limit: int = Limit, offset: int = Offset) -> dict:
        """Documents in insertion order."""
        return corpus().documents_page(PageParams(limit, offset))

    @app.get("/api/documents/{doc}", tags=["documents"])
    def article(doc: str) -> dict:
        """One document: clean body, removed furniture, mentions, events, quotes, copies."""
        return corpus().article(doc)

    @app.get("/api/actors", tags=["actors"])
    def actors(
        q: str = Query("", max_length=200, description="Part of a name or alias."),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Actors whose name or alias contains q, busiest first."""
        return corpus().actors(q, PageParams(limit, offset))

    @app.get("/api/actors/{actor}", tags=["actors"])
    def dossier(
        actor: str,
        since: str | None = Since,
        until: str | None = Until,
        include_negated: bool = Negated,
        include_hypothetical: bool = Hypothetical,
    ) -> dict:
        """The dossier of one actor (id, name or alias)."""
        return corpus().dossier(actor, _window(since, until, include_negated, include_hypothetical))

    @app.get("/api/graph", tags=["graph"])
    def graph(
        since: str | None = Since,
        until: str | None = Until,
        include_negated: bool = Negated,
        include_hypothetical: bool = Hypothetical,
        min_count: int = Query(1, ge=1, description="Drop edges with fewer story-events."),
        max_nodes: int = Query(150, ge=0, le=5000, description="Keep the busiest actors (0: all)."),
        max_edges: int = Query(
            1000, ge=0, le=100000, description="Keep the heaviest edges among them (0: all)."
        ),
        actor: str | None = Query(None, description="Only this actor and its neighbours."),
    ) -> dict:
        """The actor graph for a window: nodes, and edges split by quad class with a score."""
        params = GraphParams(
            window=_window(since, until, include_negated, include_hypothetical),
            min_count=min_count,
            max_nodes=max_nodes,
            max_edges=max_edges,
            actor=actor or None,
        )
        return corpus().graph_json(params)

    @app.get("/api/graph/export", tags=["graph"])
    def graph_export(
        format: Literal["graphml", "gexf"] = "graphml",  # noqa: A002
        since: str | None = Since,
        until: str | None = Until,
        include_negated: bool = Negated,
        include_hypothetical: bool = Hypothetical,
    ) -> Response:
        """The actor graph as a GraphML or GEXF file (opens in Gephi)."""
        from newsgraph.export import write_graph

        params = GraphParams(window=_window(since, until, include_negated, include_hypothetical))
        buffer = io.BytesIO()
        write_graph(corpus().graph(params), buffer, format)
        return Response(
            buffer.getvalue(),
            media_type="application/xml",
            headers={"Content-Disposition": f'attachment; filename="newsgraph.{format}"'},
        )

    @app.get("/api/timeline", tags=["events"])
    def timeline(
        actor: str | None = Query(None, description="Events with this actor."),
        other: str | None = Query(None, description="With actor: events between the pair."),
        type: str | None = Query(None, description="A PLOVER type, e.g. ASSAULT."),  # noqa: A002
        doc: str | None = Query(None, description="Events of one document."),
        since: str | None = Since,
        until: str | None = Until,
        include_negated: bool = Negated,
        include_hypothetical: bool = Hypothetical,
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Events in the order they happened, each with its sentence and citation."""
        return corpus().timeline(
            TimelineParams(
                window=_window(since, until, include_negated, include_hypothetical),
                actor=actor or None,
                other=other or None,
                type=type or None,
                doc=doc or None,
                limit=limit,
                offset=offset,
            )
        )

    @app.get("/api/search", tags=["documents"])
    def search(
        q: str = Query(..., max_length=500, description='Words or "a phrase".'),
        actor: str | None = Query(None),
        type: str | None = Query(None),  # noqa: A002
        since: str | None = Since,
        until: str | None = Until,
        limit: int = Query(20, ge=1, le=1000),
        offset: int = Offset,
    ) -> dict:
        """Full-text search with actor, type and year facets."""
        return corpus().search(
            SearchParams(
                query=q,
                actor=actor or None,
                type=type or None,
                since=since,
                until=until,
                limit=limit,
                offset=offset,
            )
        )

    @app.get("/api/stories", tags=["copies"])
    def stories(limit: int = Limit, offset: int = Offset) -> dict:
        """Stories with two or more copies, biggest first."""
        return corpus().stories(PageParams(limit, offset))

    @app.get("/api/relations", tags=["copies"])
    def relations(
        kind: Literal["exact", "near", "contains", "rewrite", "translation"] | None = None,
        doc: str | None = Query(None, description="Relations touching this document."),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Copy relations between documents, strongest first."""
        return corpus().relations(PageParams(limit, offset), kind=kind, doc=doc or None)

    @app.get("/api/relations/{a}/{b}", tags=["copies"])
    def relation(a: str, b: str) -> dict:
        """Two copies side by side: aligned passages and what only one side has."""
        return corpus().relation(a, b)

    @app.get("/api/types", tags=["corpus"])
    def types() -> dict:
        """The PLOVER event types and quad classes, with labels and colours."""
        from newsgraph.query.common import quad_table

        return {"quads": quad_table()}

    @app.post("/api/overrides", tags=["actors"], status_code=201)
    def add_override(
        action: Literal["merge", "split"] = Body(...),
        actor_id: str = Body(...),
        other: str = Body(...),
    ) -> dict:
        """Record a user's actor decision (merge `other` into `actor_id`, or split the
        alias `other` off it); only with --allow-writes. The next build applies it."""
        from newsgraph.store.db import now, transaction

        conn = corpus().conn
        with transaction(conn):
            cur = conn.execute(
                "insert into actor_overrides(action, actor_id, other, at) values (?,?,?,?)",
                (action, actor_id, other, now()),
            )
        return {"id": cur.lastrowid, "action": action, "actor_id": actor_id, "other": other}

    mount_pages(app)
    threading.Thread(target=_warm_up, args=(Path(db_path),), daemon=True).start()
    return app


def _warm_up(db: Path) -> None:
    """Count the graph and role indexes in the background so first pages are quick."""
    try:
        with Corpus(db) as warm:
            warm.warm()
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first request time
        return
