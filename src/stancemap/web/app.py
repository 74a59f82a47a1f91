"""The web application over the store: browse the map, read the evidence, correct it (relabel a stance, reject
or accept a statement, fix its speaker, merge two actors, mark a shift).

Every page is rendered on the server by Jinja2 with autoescaping on: article text, names and question ids are
untrusted and reach the page only as escaped text. Writes need the session's CSRF token (a cookie the page
repeats in a form field); with a token configured, every request needs it too (for binding beyond 127.0.0.1).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Form, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from stancemap.mapping.networks import DUPLICATES, NORMALIZATIONS, one_mode
from stancemap.mapping.palette import css_variables
from stancemap.records import LABELS, Position
from stancemap.store import SqliteStore, open_store
from stancemap.store.corrections import (
    REJECT_REASONS,
    SPEAKER_KINDS,
    accept,
    actor_of,
    fix_speaker,
    latest_corrections,
    mark_shift,
    marked_shifts,
    merge_actors,
    reject,
    remove_shift,
    shift_place,
    statement_exists,
)
from stancemap.store.stances import map_positions, put_label, questions
from stancemap.store.views import StatementView, article_statements, has_stance, question_counts, statement_views
from stancemap.web.highlight import shown_text
from stancemap.web.judging import Jobs, add_routes
from stancemap.web.views import BadFilter, Filters, filtered_positions, grouped, keep, mark_article, network_json

CSRF_COOKIE = "stancemap_csrf"
TOKEN_COOKIE = "stancemap_token"
# The only files /static serves: a fixed list, so no request path can reach anything else.
STATIC = {
    "style.css": "text/css; charset=utf-8",
    "network.js": "text/javascript; charset=utf-8",
    "judging.js": "text/javascript; charset=utf-8",
}
# Row ids are SQLite integers: anything larger is no row (and would overflow the driver).
MAX_ROW = 2**63 - 1
# Longest actor name a correction takes (a name, not a text).
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Config:
    db: str  # an SQLite file or a postgresql:// URL
    question_texts: dict[str, str]
    token: str | None
    author: str


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("stancemap.web", "templates"), autoescape=True)
    # Path segments and query values: quote everything, '/' included.
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return env


def create_app(
    db: str | FilePath,
    question_texts: dict[str, str] | None = None,
    token: str | None = None,
    author: str = "analyst",
    allowed_hosts: tuple[str, ...] | None = None,
) -> FastAPI:
    """The application over the store at `db` (which must exist). `question_texts`: id -> text, for headings.

    `allowed_hosts`: the Host names requests may carry (others get 400), so that a web page elsewhere cannot reach
    a server on 127.0.0.1 through a DNS name of its own (DNS rebinding); None allows any.
    """
    config = Config(str(db), dict(question_texts or {}), token, author)
    env = _environment()
    app = FastAPI(title="stancemap", docs_url=None, redoc_url=None)

    @contextmanager
    def store() -> Iterator[SqliteStore]:
        # One connection per request: requests run on worker threads and a connection stays on its own.
        with open_store(config.db) as opened:
            yield opened

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            csrf=request.state.csrf, question_texts=config.question_texts, **context
        )
        return HTMLResponse(html, status_code=status)

    def parse_filters(start: str | None, end: str | None, kind: str | None, outlet: str | None) -> Filters:
        try:
            return Filters.parse(start, end, kind, outlet)
        except BadFilter as e:
            raise HTTPException(400, str(e)) from e

    def question_map(question: str, filters: Filters) -> tuple[list[StatementView], list[Position]]:
        """The question's statements and the map the filters leave (404 when nothing is judged on it)."""
        with store() as s:
            views = statement_views(s, question)
            if not views:
                raise HTTPException(404, f"No statements are judged on question {question!r}.")
            # Unfiltered, the page shows the map `stancemap map --db` prints (the kept current map).
            found = filtered_positions(views, question, filters) if filters.active else map_positions(s, question)
        return views, found

    def check_csrf(request: Request, csrf: str) -> None:
        expected = request.cookies.get(CSRF_COOKIE, "")
        given = csrf or request.headers.get("x-csrf-token", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(403, "The form's CSRF token is missing or stale: reload the page and try again.")

    def back_to(question: str | None, row: int | None = None, actor: str | None = None) -> RedirectResponse:
        """Where a correction's form returns: the question's page (at the statement) or the actor's timeline."""
        if not question:
            return RedirectResponse("/", status_code=303)
        target = f"/questions/{quote(question, safe='')}"
        if actor is not None:
            target += f"/actor?name={quote(actor, safe='')}"
        elif row is not None:
            target += f"#statement-{row}"
        return RedirectResponse(target, status_code=303)

    def require_statement(s: SqliteStore, row: int) -> None:
        if not statement_exists(s, row):
            raise HTTPException(404, f"No statement {row} in the store.")

    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        set_token = False
        if config.token is not None:
            bearer = request.headers.get("authorization", "")
            given = [
                request.cookies.get(TOKEN_COOKIE, ""),
                request.query_params.get("token", ""),
                bearer[7:] if bearer.lower().startswith("bearer ") else "",
            ]
            if not any(hmac.compare_digest(g.encode(), config.token.encode()) for g in given):
                return HTMLResponse(
                    "<!doctype html><title>stancemap</title><p>This stancemap needs its access token: open the "
                    "address `stancemap serve` printed.</p>",
                    status_code=401,
                )
            set_token = request.cookies.get(TOKEN_COOKIE) != config.token
        csrf = request.cookies.get(CSRF_COOKIE)
        fresh = not csrf
        request.state.csrf = secrets.token_urlsafe(32) if fresh else csrf
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict")
        if set_token and config.token is not None:
            response.set_cookie(TOKEN_COOKIE, config.token, httponly=True, samesite="strict")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        return page(request, "error.html", error.status_code, title=f"{error.status_code}", message=error.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> HTMLResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()
        )
        return page(request, "error.html", 422, title="422", message=f"Malformed request: {problems}")

    @app.get("/", response_class=HTMLResponse)
    def questions_page(request: Request) -> HTMLResponse:
        with store() as s:
            counts = question_counts(s)
            found = questions(s)
        return page(request, "questions.html", questions=found, counts=counts)

    @app.get("/questions/{question}", response_class=HTMLResponse)
    def question_page(
        request: Request,
        question: str,
        start: Annotated[str | None, Query(alias="from")] = None,
        end: Annotated[str | None, Query(alias="to")] = None,
        kind: str | None = None,
        outlet: str | None = None,
    ) -> HTMLResponse:
        filters = parse_filters(start, end, kind, outlet)
        views, found = question_map(question, filters)
        shown = [v for v in views if keep(v, filters)]
        with store() as s:
            corrections = latest_corrections(s, question)
        return page(
            request,
            "question.html",
            question=question,
            groups=grouped(found),
            filters=filters,
            kinds=sorted({v.item.statement.speaker_kind for v in views}),
            outlets=sorted({v.outlet for v in views if v.outlet}),
            statements=shown,
            total=len(views),
            labels=LABELS,
            corrections=corrections,
            reasons=REJECT_REASONS,
            speaker_kinds=SPEAKER_KINDS,
            actors=sorted({v.item.actor for v in views if v.item.actor}),
        )

    @app.get("/questions/{question}/network.json")
    def network(
        question: str,
        start: Annotated[str | None, Query(alias="from")] = None,
        end: Annotated[str | None, Query(alias="to")] = None,
        kind: str = "congruence",
        normalization: str = "none",
        duplicates: str = "none",
        actor_kind: str | None = None,
        outlet: str | None = None,
    ) -> JSONResponse:
        """The congruence or conflict network of the statements that pass the map's filters (graphology JSON)."""
        if kind not in ("congruence", "conflict"):
            raise HTTPException(400, f"kind must be congruence or conflict, not {kind!r}")
        if normalization not in NORMALIZATIONS:
            raise HTTPException(400, f"normalization must be one of {', '.join(NORMALIZATIONS)}")
        if duplicates not in DUPLICATES:
            raise HTTPException(400, f"duplicates must be one of {', '.join(DUPLICATES)}")
        filters = parse_filters(start, end, actor_kind, outlet)
        views, found = question_map(question, filters)
        coded = [(question, v.item) for v in views if v.counted and keep(v, filters)]
        graph = one_mode(coded, kind, normalization, duplicates)
        return JSONResponse(network_json(graph, found))

    @app.get("/questions/{question}/actor", response_class=HTMLResponse)
    def actor_page(request: Request, question: str, name: Annotated[str, Query(min_length=1)]) -> HTMLResponse:
        with store() as s:
            views = [v for v in statement_views(s, question) if v.item.actor == name]
            position = next((p for p in map_positions(s, question) if p.actor == name), None)
            shifts = marked_shifts(s, question, name)
        if not views:
            raise HTTPException(404, f"{name!r} has no statements on question {question!r}.")
        timeline = sorted(views, key=lambda v: (v.item.statement.date or "9999", v.row))
        return page(
            request,
            "actor.html",
            question=question,
            name=name,
            position=position,
            timeline=timeline,
            shifts=shifts,
            hand={(m.date, m.shift_from, m.shift_to, m.article) for m in shifts},
            labels=LABELS,
        )

    @app.get("/articles/{key}", response_class=HTMLResponse)
    def article_page(
        request: Request, key: str, statement: Annotated[int | None, Query(ge=1, le=MAX_ROW)] = None
    ) -> HTMLResponse:
        with store() as s:
            stored = s.get_article(key)
            if stored is None:
                raise HTTPException(404, f"No article {key!r} in the store.")
            found = article_statements(s, key)
        article = stored.article
        text = shown_text(article.text, article.raw)
        marked, placed = mark_article(text, found, statement)
        return page(
            request,
            "article.html",
            key=key,
            article=article,
            raw=article.raw is not None,
            segments=marked,
            placed=placed,
            focus=statement,
        )

    @app.post("/statements/{row}/label")
    def label_statement(
        request: Request,
        row: Annotated[int, Path(ge=1, le=MAX_ROW)],
        question: Annotated[str, Form(min_length=1)],
        label: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        conditional: Annotated[bool, Form()] = False,
    ) -> RedirectResponse:
        check_csrf(request, csrf)
        if label not in LABELS:
            raise HTTPException(422, f"label must be one of {', '.join(LABELS)}")
        with store() as s:
            if not has_stance(s, row, question):
                raise HTTPException(404, f"Statement {row} is not judged on question {question!r}.")
            put_label(s, row, question, label, author=config.author, conditional=conditional)
        return RedirectResponse(f"/questions/{quote(question, safe='')}#statement-{row}", status_code=303)

    @app.post("/statements/{row}/reject")
    def reject_statement(
        request: Request,
        row: Annotated[int, Path(ge=1, le=MAX_ROW)],
        reason: Annotated[str, Form()],
        question: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        """Take the statement off the map (on every question); the page offers an undo."""
        check_csrf(request, csrf)
        if reason not in REJECT_REASONS:
            raise HTTPException(422, f"reason must be one of: {', '.join(REJECT_REASONS)}")
        with store() as s:
            require_statement(s, row)
            reject(s, row, reason, author=config.author)
        return back_to(question, row)

    @app.post("/statements/{row}/accept")
    def accept_statement(
        request: Request,
        row: Annotated[int, Path(ge=1, le=MAX_ROW)],
        question: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        """Undo a rejection: the statement is back on the map."""
        check_csrf(request, csrf)
        with store() as s:
            require_statement(s, row)
            accept(s, row, author=config.author)
        return back_to(question, row)

    @app.post("/statements/{row}/speaker")
    def fix_statement_speaker(
        request: Request,
        row: Annotated[int, Path(ge=1, le=MAX_ROW)],
        speaker: Annotated[str, Form(min_length=1, max_length=MAX_NAME)],
        speaker_kind: Annotated[str, Form()] = "person",
        question: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        """Set the statement's speaker: its actor on every question."""
        check_csrf(request, csrf)
        if speaker_kind not in SPEAKER_KINDS:
            raise HTTPException(422, f"speaker_kind must be one of {', '.join(SPEAKER_KINDS)}")
        if not speaker.strip():
            raise HTTPException(422, "speaker must not be blank")
        with store() as s:
            require_statement(s, row)
            fix_speaker(s, row, speaker, speaker_kind, author=config.author)
        return back_to(question, row)

    @app.post("/actors/merge")
    def merge(
        request: Request,
        merged: Annotated[str, Form(min_length=1, max_length=MAX_NAME)],
        into: Annotated[str, Form(min_length=1, max_length=MAX_NAME)],
        question: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        """Make every statement of `merged` one of `into`, in the whole store and in statements stored later."""
        check_csrf(request, csrf)
        if not merged.strip() or not into.strip() or merged.strip() == into.strip():
            raise HTTPException(422, "merging needs two different, non-blank names")
        with store() as s:
            merge_actors(s, merged, into, author=config.author)
        return back_to(question)

    @app.post("/questions/{question}/shifts")
    def add_shift(
        request: Request,
        question: str,
        statement: Annotated[int, Form(ge=1, le=MAX_ROW)],
        date: Annotated[str, Form()],
        shift_from: Annotated[str, Form()],
        shift_to: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        """Mark by hand that the evidence statement's speaker changed sides on `date`."""
        check_csrf(request, csrf)
        try:
            day = Filters.parse(date, None, None, None).start
        except BadFilter as e:
            raise HTTPException(422, "date must be a date YYYY-MM-DD") from e
        if day is None:
            raise HTTPException(422, "date must be a date YYYY-MM-DD")
        if shift_from not in LABELS or shift_to not in LABELS or shift_from == shift_to:
            raise HTTPException(422, f"from and to must be two different stances of {', '.join(LABELS)}")
        with store() as s:
            actor = actor_of(s, statement, question)
            if actor is None:
                raise HTTPException(404, f"Statement {statement} has no actor on question {question!r}.")
            mark_shift(s, question, statement, day, shift_from, shift_to, author=config.author)
        return back_to(question, actor=actor)

    @app.post("/shifts/{shift}/remove")
    def take_back_shift(
        request: Request, shift: Annotated[int, Path(ge=1, le=MAX_ROW)], csrf: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        check_csrf(request, csrf)
        with store() as s:
            place = shift_place(s, shift)
            if place is None:
                raise HTTPException(404, f"No marked shift {shift}.")
            remove_shift(s, shift)
        return back_to(place[0], actor=place[1])

    # A new question defined on the page, judged in the background (web/judging.py).
    add_routes(app, Jobs(config.db, config.question_texts), page, check_csrf)

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, "No such file.")
        data = files("stancemap.web").joinpath("static", name).read_bytes()
        if name == "style.css":
            # The stance colours come from the one palette the report draws with too.
            data = css_variables().encode("utf-8") + data
        return Response(data, media_type=STATIC[name])

    return app
