"""The local web app: Starlette routes over `Catalog`, pages rendered with the report's templates.

    /                    stories, newest first; ?q= searches words and entities   (twin: /stories.json)
    /story/{id}          the story page, the same page as `analyze --format html` (twin: /story/{id}.json)
    /article/{id}        one version with its sourcing profile                    (twin: /article/{id}.json)
    /add                 paste or upload articles; POST ingests them              (twin: /add.json)
    POST /group          analyse articles stored by `newstrace ingest` but in no story yet

Every twin is the very dict the HTML page was rendered from (for a story: the report view, valid
against report.schema.json). Article strings are escaped by the templates' autoescape, and a strict
Content-Security-Policy keeps any script but /static/report.js from running.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import NewstraceError, NotFound
from ..render import html
from ..settings import DEFAULT, Settings
from . import intake, pages
from .catalog import Catalog

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
ASSETS = {"report.css": "text/css; charset=utf-8", "report.js": "text/javascript; charset=utf-8"}
MAX_FILES = 50


def create(db: str | None = None, settings: Settings = DEFAULT, hosts: tuple[str, ...] = ()) -> Starlette:
    """The app over the database at `db`; `hosts` are extra Host names it answers to besides loopback."""
    catalog = Catalog(db, settings)
    routes = [
        Route("/", partial(_stories, catalog=catalog, twin=False)),
        Route("/stories.json", partial(_stories, catalog=catalog, twin=True)),
        Route("/story/{sid}.json", partial(_story, catalog=catalog, twin=True)),
        Route("/story/{sid}", partial(_story, catalog=catalog, twin=False)),
        Route("/article/{aid}.json", partial(_article, catalog=catalog, twin=True)),
        Route("/article/{aid}", partial(_article, catalog=catalog, twin=False)),
        Route("/add.json", partial(_add, catalog=catalog, twin=True), methods=["GET", "POST"]),
        Route("/add", partial(_add, catalog=catalog, twin=False), methods=["GET", "POST"]),
        Route("/group", partial(_group, catalog=catalog, twin=False), methods=["POST"]),
        Route("/group.json", partial(_group, catalog=catalog, twin=True), methods=["POST"]),
        Route("/static/{name}", _asset),
    ]
    allowed = ["127.0.0.1", "localhost", "::1", *hosts]
    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=allowed)]
    handlers = {NotFound: _not_found, NewstraceError: _failed, HTTPException: _http_error}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)


class SecurityHeaders:
    """Pure ASGI middleware: every response carries HEADERS (unless it set its own)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items() if k.lower().encode() not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def page(name: str, status: int = 200, **context) -> HTMLResponse:
    body = html.environment().get_template(name).render(web=True, **context)
    return HTMLResponse(body, status_code=status)


async def _stories(request: Request, catalog: Catalog, twin: bool) -> Response:
    query = request.query_params.get("q", "").strip()[:200]
    number = request.query_params.get("page", "1")
    found = await _run(catalog.rows, query, int(number) if number.isdigit() else 1)
    if twin:
        return JSONResponse(pages.stories_twin(found, query))
    return page("stories.html", **found, q=query, page_name="stories", twin=_link("/stories.json", query, found["page"]),
                prev=_link("/", query, found["page"] - 1) if found["page"] > 1 else None,
                next=_link("/", query, found["page"] + 1) if found["page"] < found["pages"] else None)


def _link(path: str, query: str, number: int) -> str:
    params = urlencode([(k, v) for k, v in (("q", query), ("page", number)) if v and v != 1])
    return f"{path}?{params}" if params else path


async def _story(request: Request, catalog: Catalog, twin: bool) -> Response:
    view = await _run(catalog.story, request.path_params["sid"])
    if twin:
        return JSONResponse(view)
    sid = view["stories"][0]["id"]
    return page("report.html", **html.page_data(view), twin=f"/story/{sid}.json", page_name="story")


async def _article(request: Request, catalog: Catalog, twin: bool) -> Response:
    aid = request.path_params["aid"]
    view = await _run(catalog.article, aid)
    if twin:
        return JSONResponse(pages.article_view(view, aid))
    return page("article.html", **pages.article_page(view, aid), twin=f"/article/{aid}.json", page_name="article")


async def _add(request: Request, catalog: Catalog, twin: bool) -> Response:
    if request.method == "GET":
        if twin:
            return JSONResponse(_add_form())
        return page("add.html", page_name="add", twin="/add.json", form=_add_form(), result=None)
    _same_origin(request)
    files, pasted = await _read_form(request)
    result = await _run(catalog.add, files, pasted)
    if twin:
        return JSONResponse(result, status_code=200 if result["added"] else 422)
    return page("add.html", status=200 if result["added"] else 422, page_name="add", twin="/add.json",
                form=_add_form(), result=result)


async def _group(request: Request, catalog: Catalog, twin: bool) -> Response:
    _same_origin(request)
    result = await _run(catalog.group)
    if twin:
        return JSONResponse(result)
    return page("add.html", page_name="add", twin="/add.json", form=_add_form(), result=result, done="Analysed")


def _add_form() -> dict:
    return {"method": "POST", "enctype": "multipart/form-data", "files": "files",
            "accepts": sorted(intake.SUFFIXES), "paste": ["text", *intake.PASTE_FIELDS],
            "max_bytes_per_file": intake.MAX_BYTES}


async def _read_form(request: Request) -> tuple[list[tuple[str, bytes]], dict]:
    async with request.form(max_files=MAX_FILES, max_fields=20, max_part_size=intake.MAX_BYTES) as form:
        files = []
        for upload in form.getlist("files"):
            if hasattr(upload, "read") and upload.filename:
                data = await upload.read(intake.MAX_BYTES + 1)
                if len(data) > intake.MAX_BYTES:
                    raise HTTPException(413, f"{upload.filename}: larger than {intake.MAX_BYTES} bytes")
                files.append((upload.filename, data))
        pasted = {k: str(form.get(k) or "") for k in ("text", *intake.PASTE_FIELDS)}
    return files, pasted


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site to this local server."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "articles can only be added from this app's own pages")


async def _run(func, *args):
    return await run_in_threadpool(func, *args)


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        raise HTTPException(404, "no such file")
    return Response(html.asset(name), media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, str(exc))


async def _failed(request: Request, exc: Exception) -> Response:
    return _error(request, 400, str(exc))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, exc.detail)


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return page("error.html", status=status, message=message, code=status)
