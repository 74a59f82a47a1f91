"""A new question defined on the page and judged over the stored statements in the background, with progress.

The form is checked by the rules of question files (`stance.questions`); the judging runs on a thread of its own
with its own store connection, so the page stays responsive, and writes through `store.judging` in the store's
usual transactions. The page polls `/judging/{id}/status` (done/total) and goes on to the question's map.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from stancemap.errors import InputError
from stancemap.mapping.shifts import reported_shift, sentence_around
from stancemap.records import Question
from stancemap.stance.items import item_from_json
from stancemap.stance.judge import Judge
from stancemap.stance.questions import question_from_toml
from stancemap.store import SqliteStore, open_store
from stancemap.store.judging import Judged, QuestionTaken, StoredStatement, add_question_stances, distinct_statements
from stancemap.store.judging import has_question as stored_question

FORM = "the new question form"
# Form limits: an id is a short name, a question one sentence or a few; longer input is a mistake or an attack.
MAX_ID = 100
MAX_TEXT = 2000
MAX_KEYWORDS = 50
STATES = ("reading", "judging", "storing", "done", "failed")


def question_from_form(question_id: str, text: str, keywords: str) -> Question:
    """The Question a form defines (keywords: separated by commas or lines); InputError names the first problem."""
    if len(question_id) > MAX_ID:
        raise InputError(f"field 'id' is longer than {MAX_ID} characters", FORM)
    if len(text) > MAX_TEXT:
        raise InputError(f"field 'text' is longer than {MAX_TEXT} characters", FORM)
    words = [w.strip() for w in re.split(r"[,\n]", keywords) if w.strip()]
    if len(words) > MAX_KEYWORDS:
        raise InputError(f"more than {MAX_KEYWORDS} keywords", FORM)
    return question_from_toml({"id": question_id.strip(), "text": text, "keywords": words}, FORM)


def judge_stored(
    store: SqliteStore, question: Question, statements: Sequence[StoredStatement], progress: Callable[[int], None]
) -> Iterator[Judged]:
    """Judge each stored statement on `question`, an article at a time (the judge weighs a speaker's other
    statements in the same article); `progress` gets the running count after each article."""
    judge = Judge(question)
    done = 0
    for key, group in groupby(statements, key=lambda s: s.stanced.statement.article):
        found = list(group)
        stored = store.get_article(key)
        text = None if stored is None else stored.article.raw if stored.article.raw is not None else stored.article.text
        items = [item_from_json(s.stanced.statement.to_json(), text) for s in found]
        for statement, judgement in zip(found, judge.judge_all(items), strict=True):
            stance = judgement.stance()
            content = statement.stanced.statement.content
            sentence = content.text if text is None else sentence_around(text, content.start, content.end)
            yield Judged(statement, stance, reported_shift(sentence, stance.label))
        done += len(found)
        progress(done)


@dataclass(slots=True)
class Job:
    """One question being judged; the worker thread updates it, status requests read it."""

    question: Question
    state: str = "reading"
    done: int = 0
    total: int = 0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "message": self.message(),
            "map": f"/questions/{quote(self.question.id, safe='')}",
        }

    def message(self) -> str:
        if self.state == "reading":
            return "Reading the stored statements…"
        if self.state == "judging":
            return f"Judged {self.done} of {self.total} statements."
        if self.state == "storing":
            return f"Storing {self.total} stances and the map…"
        if self.state == "done":
            return f"Judged all {self.total} statements."
        return f"Judging failed: {self.error}"


class Jobs:
    """The questions this server judges or has judged since it started, by id."""

    def __init__(self, db: str, question_texts: dict[str, str]) -> None:
        self.db = db
        self.question_texts = question_texts
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, question: str) -> Job | None:
        with self._lock:
            return self._jobs.get(question)

    def start(self, question: Question) -> Job:
        """Register the question and start judging it; QuestionTaken when the id is in use, InputError when the
        store holds no statement to judge."""
        with self._lock:
            if question.id in self._jobs:
                raise QuestionTaken(f"question {question.id!r} is already being judged or was judged here")
            with open_store(self.db) as store:
                if stored_question(store, question.id):
                    raise QuestionTaken(f"question {question.id!r} is already judged in this store")
                if store._conn.execute("SELECT 1 FROM statements LIMIT 1").fetchone() is None:
                    raise InputError("the store holds no statements to judge: extract or load some first", FORM)
            job = Job(question)
            self._jobs[question.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"judge {question.id}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        try:
            with open_store(self.db) as store:
                statements = distinct_statements(store)
                job.total = len(statements)
                job.state = "judging"
                judged = list(judge_stored(store, job.question, statements, lambda n: setattr(job, "done", n)))
                job.state = "storing"
                add_question_stances(store, job.question.id, judged)
            self.question_texts.setdefault(job.question.id, job.question.text)
            job.state = "done"
        except Exception as e:
            # Any failure is shown on the page, which would otherwise poll forever.
            job.error = str(e).splitlines()[0] if str(e) else type(e).__name__
            job.state = "failed"


def add_routes(
    app: FastAPI,
    jobs: Jobs,
    page: Callable[..., HTMLResponse],
    check_csrf: Callable[[Request, str], None],
) -> None:
    """The new-question form, its submission, the progress page and the status the page polls."""

    def form(request: Request, status: int = 200, error: str | None = None, **values: str) -> HTMLResponse:
        return page(request, "new_question.html", status, error=error, values=values)

    @app.get("/judging", response_class=HTMLResponse)
    def new_question_form(request: Request) -> HTMLResponse:
        return form(request)

    @app.post("/judging")
    def submit_question(
        request: Request,
        question_id: Annotated[str, Form(alias="id")] = "",
        text: Annotated[str, Form()] = "",
        keywords: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        check_csrf(request, csrf)
        values = {"id": question_id, "text": text, "keywords": keywords}
        try:
            question = question_from_form(question_id, text, keywords)
            jobs.start(question)
        except InputError as e:
            return form(request, 422, e.reason, **values)
        except QuestionTaken as e:
            return form(request, 409, f"{e}: choose another id", **values)
        return RedirectResponse(f"/judging/{quote(question.id, safe='')}", status_code=303)

    @app.get("/judging/{question}", response_class=HTMLResponse)
    def judging_page(request: Request, question: str) -> Response:
        job = jobs.get(question)
        if job is None:
            with open_store(jobs.db) as store:
                judged = stored_question(store, question)
            if judged:
                return RedirectResponse(f"/questions/{quote(question, safe='')}", status_code=303)
            return page(request, "error.html", 404, title="404", message=f"No question {question!r} is judged here.")
        return page(request, "judging.html", job=job, progress=job.to_json())

    @app.get("/judging/{question}/status")
    def judging_status(question: str) -> JSONResponse:
        job = jobs.get(question)
        if job is None:
            return JSONResponse({"error": f"no question {question!r} is being judged here"}, status_code=404)
        return JSONResponse(job.to_json(), headers={"cache-control": "no-store"})
