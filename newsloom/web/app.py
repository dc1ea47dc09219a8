"""``newsloom serve``: the JSON API and the HTML pages, two views over :mod:`newsloom.queries`.

The store is opened read-only per request (WAL lets ``analyze`` keep
writing); the one write is the derived search index, brought up to date at
start and, at most every few seconds, when the articles changed.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, queries
from .highlight import segments

# No script at all, nothing from elsewhere: article text can only ever be text.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
RTL = {"ar", "fa", "ur", "ps", "he", "ug", "ckb", "sd", "yi", "dv"}
RECHECK_SECONDS = 5.0


class Json(JSONResponse):
    """JSON of the query layer's plain dicts as they are: FastAPI's generic encoder walks every value first, which
    costs more than the search behind a large answer (12 ms against 1 ms for json.dumps of a search with facets)."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_plain).encode("utf-8")


def _plain(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


class IndexKeeper:
    """Keeps the search index in step with the store, cheaply and from one thread at a time."""

    def __init__(self, path: str) -> None:
        self.path, self.lock, self.checked, self.mark = path, threading.Lock(), 0.0, None
        self.writable = True

    def _mark(self) -> tuple:
        db = queries.connect_readonly(self.path)
        try:
            return tuple(db.execute("SELECT COUNT(*), MAX(updated_at) FROM articles").fetchone())
        finally:
            db.close()

    def refresh(self, force: bool = False) -> None:
        if not self.writable or (not force and time.monotonic() - self.checked < RECHECK_SECONDS):
            return
        with self.lock:
            if not force and time.monotonic() - self.checked < RECHECK_SECONDS:
                return
            self.checked = time.monotonic()
            mark = self._mark()
            if mark == self.mark and not force:
                return
            try:
                queries.prepare_index(self.path)
                self.mark = mark
            except sqlite3.OperationalError as e:
                # A store on read-only media is still browsable; search uses the index it has.
                # A busy store (a long analyze batch) is simply tried again later.
                self.writable = "locked" in str(e) or "busy" in str(e)
                print(f"newsloom: search index not updated ({e}); searching what is indexed", file=sys.stderr)


def create_app(db_path: str) -> FastAPI:
    path = str(Path(db_path))
    if not Path(path).is_file():
        raise FileNotFoundError(f"no database at {path} (run 'newsloom analyze' first)")
    keeper = IndexKeeper(path)
    keeper.refresh(force=True)
    env = Environment(loader=PackageLoader("newsloom.web", "templates"), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(rtl=RTL, version=__version__, safe_url=safe_url)
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)

    # No /docs: Swagger UI is a CDN script; /openapi.json is the contract.
    app = FastAPI(title="newsloom", version=__version__, description="Read-only API over a newsloom store.", docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    pool = Connections(path)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith(("/api/", "/openapi"))

    def page(name: str, code: int = 200, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=code)

    def error(request: Request, status: int, message: str):
        if wants_html(request):
            return page("error.html", status, status=status, message=message, title=str(status))
        return JSONResponse({"error": message, "status": status}, status_code=status)

    @app.exception_handler(queries.QueryError)
    async def bad_query(request: Request, exc: queries.QueryError):
        return error(request, 400, str(exc))

    @app.exception_handler(queries.NotFound)
    async def not_found(request: Request, exc: queries.NotFound):
        return error(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = [f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}" for e in exc.errors()]
        return error(request, 400, "; ".join(parts) or "bad request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(sqlite3.DatabaseError)
    async def store_error(request: Request, exc: sqlite3.DatabaseError):
        return error(request, 503, f"the store cannot be read just now ({exc}); try again")

    def search_args(q, lang, date_from, date_to, entity, source):
        keeper.refresh()
        return dict(q=q or "", lang=lang or None, date_from=date_from, date_to=date_to, entity=entity or None, source=source or None)

    # -- JSON API ---------------------------------------------------------------------

    @app.get("/api/v1/status")
    def api_status():
        with pool.use() as c:
            return Json(queries.status(c))

    @app.get("/api/v1/search")
    def api_search(q: str = "", lang: str | None = None, date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), entity: str | None = None, source: str | None = None,
                   page: int = Query(1, ge=1, le=10_000), size: int = Query(20, ge=1, le=queries.MAX_SIZE), facets: bool = False):
        args = search_args(q, lang, date_from, date_to, entity, source)
        with pool.use() as c:
            return Json(queries.search(c, page=page, size=size, facets=facets, **args))

    @app.get("/api/v1/export")
    def api_export(q: str = "", lang: str | None = None, date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), entity: str | None = None, source: str | None = None,
                   format: str = Query("jsonl", pattern="^(jsonl|csv)$")):
        args = search_args(q, lang, date_from, date_to, entity, source)
        c = queries.connect_readonly(path)  # its own: the stream outlives the request's thread
        queries.search(c, size=1, **args)  # parameters are checked before the stream starts
        return StreamingResponse(_export(c, format, args), media_type="text/csv; charset=utf-8" if format == "csv" else
                                 "application/x-ndjson; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="newsloom-export.{format}"'})

    @app.get("/api/v1/articles/{aid:path}")
    def api_article(aid: str):
        with pool.use() as c:
            return Json(queries.article_detail(c, aid))

    @app.get("/api/v1/events")
    def api_events(date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
                   lang: str | None = None, entity: str | None = None, sort: str = Query("date", pattern="^(date|size)$"),
                   limit: int = Query(20, ge=1, le=queries.MAX_SIZE), offset: int = Query(0, ge=0)):
        with pool.use() as c:
            return Json(queries.list_events(c, date_from=date_from, date_to=date_to, lang=lang or None, entity=entity or None,
                                            sort=sort, limit=limit, offset=offset))

    @app.get("/api/v1/events/{cid}")
    def api_event(cid: str):
        with pool.use() as c:
            return Json(_cluster(c, cid, "event"))

    @app.get("/api/v1/stories/{cid}")
    def api_story(cid: str):
        with pool.use() as c:
            return Json(_cluster(c, cid, "story"))

    @app.get("/api/v1/entities")
    def api_entities(prefix: str | None = Query(None, max_length=200), type: str | None = Query(None, pattern="^(?i:PER|ORG|LOC|MISC)$"),
                     limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        keeper.refresh()
        with pool.use() as c:
            return Json({"entities": queries.list_entities(c, prefix=prefix, etype=type, limit=limit, offset=offset)})

    @app.get("/api/v1/entities/{eid:path}")
    def api_entity(eid: str):
        with pool.use() as c:
            return Json(queries.entity_detail(c, eid))

    # -- pages ------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        with pool.use() as c:
            return page("home.html", title="newsloom", status=queries.status(c),
                        latest=queries.list_events(c, sort="date", limit=12)["events"],
                        largest=queries.list_events(c, sort="size", limit=12)["events"])

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", lang: str | None = None, date_from: str | None = Query(None, alias="from"),
                    date_to: str | None = Query(None, alias="to"), entity: str | None = None, source: str | None = None,
                    page_no: int = Query(1, alias="page", ge=1, le=10_000)):
        args = search_args(q, lang, date_from or None, date_to or None, entity, source)
        with pool.use() as c:
            res = queries.search(c, page=page_no, size=20, facets=True, **args)
            names = queries.entity_names(c, [args["entity"]]) if args["entity"] else {}
        days = {"days": [{"day": d["day"], "languages": {"all": d["articles"]}} for d in res["facets"]["days"]]}
        return page("search.html", title=f"search: {q}" if q else "search", res=res, args=args, names=names,
                    bars=queries.bar_chart(days), link=_search_link(args))

    @app.get("/events/{cid}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(cid: str):
        with pool.use() as c:
            ev = _cluster(c, cid, "event")
        return page("event.html", title=ev["headline"], ev=ev, bars=queries.bar_chart(ev["per_day"]))

    @app.get("/stories/{cid}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(cid: str):
        with pool.use() as c:
            st = _cluster(c, cid, "story")
        return page("story.html", title=st["headline"], st=st, bars=queries.bar_chart(st["per_day"]))

    @app.get("/entities/{eid:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(eid: str):
        with pool.use() as c:
            ent = queries.entity_detail(c, eid)
        return page("entity.html", title=ent["name"], ent=ent, bars=queries.bar_chart(ent["per_day"]))

    @app.get("/articles/{aid:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(aid: str):
        with pool.use() as c:
            art = queries.article_detail(c, aid)
            names = queries.entity_names(c, {e["id"] for e in art.get("entities", [])})
        return page("article.html", title=art.get("title") or aid, art=art, names=names,
                    title_parts=segments(art.get("title") or "", art, "title"), text_parts=segments(art.get("text") or "", art, "text"))

    return app


class Connections:
    """Read-only connections kept from request to request, each used by one request at a time.

    A kept connection's page cache, memory map and prepared statements are
    what a second request profits from (a new memory-mapped connection pays
    for mapping the pages it touches: the status counts took 23 ms on a new
    one, 11 ms on a kept one, 100k store), so a request takes whichever is
    idle, whatever its worker thread, and gives it back.  Autocommit (see
    ``queries.connect_readonly``) holds no snapshot between statements: a
    kept connection still sees every commit of a concurrent ``analyze``.
    One that failed is closed, not given back.
    """

    def __init__(self, path: str, keep: int = 8) -> None:
        self.path, self.keep, self.idle, self.lock = path, keep, [], threading.Lock()

    @contextmanager
    def use(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            c = self.idle.pop() if self.idle else None
        if c is None:
            c = queries.connect_readonly(self.path)
        broken = False
        try:
            yield c
        except sqlite3.DatabaseError:
            broken = True
            raise
        finally:
            # A bad parameter or an unknown id (raised through here) leaves the connection as good as it was.
            with self.lock:
                kept = not broken and len(self.idle) < self.keep
                if kept:
                    self.idle.append(c)
            if not kept:
                c.close()


def _cluster(c: sqlite3.Connection, cid: str, kind: str) -> dict:
    detail = queries.cluster_detail(c, cid)
    if detail["kind"] != kind:
        raise queries.NotFound(f"{cid!r} is a {detail['kind']}, not a {kind}")
    return detail


def _export(c: sqlite3.Connection, fmt: str, args: dict) -> Iterator[str]:
    fields = ["id", "title", "lang", "published", "source", "event_id", "story_id", "score", "snippet"]
    try:
        if fmt == "csv":
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=fields)
            w.writeheader()
            for row in queries.export(c, **args):
                w.writerow(row)
                if buf.tell() > 1 << 16:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
            yield buf.getvalue()
        else:
            for row in queries.export(c, **args):
                yield json.dumps(row, ensure_ascii=False) + "\n"
    finally:
        c.close()


def _search_link(args: dict):
    """A link builder for facets: the current filters with one changed."""
    from urllib.parse import urlencode

    keys = {"q": "q", "lang": "lang", "date_from": "from", "date_to": "to", "entity": "entity", "source": "source"}

    def link(**change) -> str:
        merged = {keys[k]: v for k, v in args.items() if v}
        for k, v in change.items():
            name = keys.get(k, k)
            if v is None:
                merged.pop(name, None)
            else:
                merged[name] = v
        return "/search?" + urlencode(merged)

    return link


def safe_url(url: str | None) -> str | None:
    """Only http(s) links leave the page: a ``javascript:`` URL stays text."""
    if not url:
        return None
    try:
        return url if urlsplit(url).scheme in ("http", "https") else None
    except ValueError:
        return None


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> int:
    import uvicorn

    try:
        app = create_app(db_path)
    except (FileNotFoundError, sqlite3.DatabaseError) as e:
        print(f"newsloom: {e}", file=sys.stderr)
        return 2
    print(f"newsloom: serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
