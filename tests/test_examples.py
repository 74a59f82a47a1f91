"""The bundled example corpus: its derived files rebuild exactly, its gold agrees with its texts, its dates cohere."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from datetime import date as Date
from typing import Any

import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType

from stancemap.examples import CORPUS, EXAMPLES, EXPECTED, QUESTION, SOURCES
from stancemap.examples.build import build_all, load_manifest, stale

GOLD: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
ARTICLES: list[dict[str, Any]] = GOLD["articles"]
STATEMENTS = [(a, s) for a in ARTICLES for s in a["statements"]]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _source(article: dict[str, Any]) -> str:
    return (EXAMPLES / article["file"]).read_text(encoding="utf-8")


def _statement_id(item: tuple[dict[str, Any], dict[str, Any]]) -> str:
    article, statement = item
    return f"{article['file'].split('/')[-1]}:{statement['content']['text'][:30]}"


def test_examples_derived_files_are_reproducible() -> None:
    assert stale() == []
    # Two builds in a row give the same bytes: nothing depends on the clock or on dict order.
    assert [b.data for b in build_all()] == [b.data for b in build_all()]


def test_examples_warc_holds_each_page_as_request_and_response() -> None:
    manifest = load_manifest()
    warc = EXAMPLES / manifest["warc"]["output"]
    kinds: Counter[str] = Counter()
    payloads = {}
    with warc.open("rb") as f:
        for record in ArchiveIterator(f, parse_http=False):
            assert record.verify_block_digest(), record.record_id
            kinds[str(record.headers["WARC-Type"])] += 1
    with warc.open("rb") as f:
        for record in ArchiveIterator(f, record_types=WarcRecordType.response):
            assert record.http_headers is not None and record.http_headers.status_code == 200
            payloads[record.headers["WARC-Target-URI"]] = record.reader.read()
    pages = manifest["warc"]["records"]
    assert kinds == {"warcinfo": 1, "request": len(pages), "response": len(pages)}
    assert payloads == {p["url"]: (SOURCES / p["file"]).read_bytes() for p in pages}


def test_examples_jsonl_records_carry_metadata_and_body() -> None:
    manifest = load_manifest()
    lines = (EXAMPLES / manifest["jsonl"]["output"]).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(manifest["jsonl"]["records"])
    for line, record in zip(lines, manifest["jsonl"]["records"], strict=True):
        row = json.loads(line)
        assert {"id", "url", "date", "title"} <= row.keys()
        assert Date.fromisoformat(row["date"])
        assert row[record["field"]] == (SOURCES / record["file"]).read_text(encoding="utf-8")


def test_examples_corpus_covers_the_cases_later_stages_need() -> None:
    english = [a for a in ARTICLES if a["language"] == "en"]
    assert len(ARTICLES) >= 14
    weeks = {Date.fromisoformat(a["date"]).isocalendar()[:2] for a in ARTICLES}
    assert len(weeks) >= 5
    assert {"Nordpress Agency"} < {a["outlet"] for a in ARTICLES} and len({a["outlet"] for a in ARTICLES}) >= 5
    assert {a["format"] for a in ARTICLES} == {"txt", "html", "jsonl", "warc"}
    assert [a["language"] for a in ARTICLES].count("de") == 1
    assert any(a.get("machine_translated") for a in ARTICLES)
    copies = [a for a in ARTICLES if "copy_of" in a]
    assert len(copies) >= 2 and all(a["original_source"] == "Nordpress Agency" for a in copies)
    assert any(a["clean"]["captions"] for a in ARTICLES)
    statements = [s for a in english for s in a["statements"]]
    assert {s["kind"] for s in statements} == {"direct", "indirect", "mixed"}
    assert {s["speaker_kind"] for s in statements} >= {"person", "organization", "country", "group", "anonymous"}
    assert sum(s["anonymous"] for s in statements) >= 5
    assert {s["speaker_mention"]["text"] for s in statements if s["speaker_mention"]} >= {"he", "He", "she", "She"}
    assert any(s["stance"]["conditional"] for s in statements)
    assert any("reported_change" in s for s in statements)
    assert {s["stance"]["label"] for s in statements} == {"support", "oppose", "neutral"}
    # Every file in corpus/ is described by the gold (the JSONL and WARC through their records).
    described = {a["file"] for a in ARTICLES} | {a["container"] for a in ARTICLES if "container" in a}
    assert {f"corpus/{p.name}" for p in CORPUS.iterdir()} <= described


@pytest.mark.parametrize("item", STATEMENTS, ids=_statement_id)
def test_examples_gold_spans_are_in_the_text(item: tuple[dict[str, Any], dict[str, Any]]) -> None:
    article, statement = item
    text = _source(article)
    for key in ("content", "speaker_mention", "cue"):
        span = statement[key]
        if span is None:
            continue
        assert span["text"] in text, key
        if article["format"] == "txt":
            # Plain-text offsets index the file as read (CONTRACT, extract).
            assert text[span["start"] : span["end"]] == span["text"], key
    assert statement["kind"] in ("direct", "indirect", "mixed")
    assert statement["stance"]["label"] in ("support", "oppose", "neutral")
    assert statement["anonymous"] == (statement["speaker_kind"] == "anonymous")
    if statement["anonymous"]:
        assert statement["speaker"].startswith("anonymous: ")


@pytest.mark.parametrize("item", STATEMENTS, ids=_statement_id)
def test_examples_statement_dates_cohere(item: tuple[dict[str, Any], dict[str, Any]]) -> None:
    article, statement = item
    published = Date.fromisoformat(article["date"])
    if statement["date"] is None:
        assert statement["date_basis"] == "unknown"
        return
    said = Date.fromisoformat(statement["date"])
    assert 0 <= (published - said).days <= 7
    if statement["date_basis"] == "explicit":
        # "on Monday" and its kin: the weekday named next to the statement is the weekday of its date.
        text = _source(article)
        start = statement["content"].get("start", text.find(statement["content"]["text"]))
        paragraph = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start)]
        assert WEEKDAYS[said.weekday()] in paragraph


_DATE_LINE = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\w*,? "
    r"(\d{1,2})\.? (\w+) (20\d\d)"
)
_GERMAN_DAYS = {"Mon": "Montag", "Tue": "Dienstag", "Wed": "Mittwoch", "Thu": "Donnerstag", "Fri": "Freitag"}
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "mär": 3, "apr": 4}


def test_examples_written_dates_name_the_right_weekday() -> None:
    files = [*CORPUS.glob("*.txt"), *CORPUS.glob("*.html"), *SOURCES.glob("*/*.*")]
    seen = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        for m in _DATE_LINE.finditer(text):
            day = Date(int(m.group(4)), _MONTHS[m.group(3)[:3].lower()], int(m.group(2)))
            english = WEEKDAYS[day.weekday()]
            assert m.group(1) in (english[:3], _GERMAN_DAYS.get(english[:3])), f"{path.name}: {m.group(0)}"
            seen += 1
    assert seen >= 7


def test_examples_every_article_is_dated_in_its_text() -> None:
    """Plain text and HTML carry their date in the text; JSONL records carry it in their `date` field."""
    records = {r["id"]: r for r in load_manifest()["jsonl"]["records"]}
    for article in ARTICLES:
        day = Date.fromisoformat(article["date"])
        if article["format"] == "jsonl" and records[article["article"]]["field"] == "text":
            assert records[article["article"]]["date"] == article["date"]
            continue
        text = _source(article)
        written = {
            day.isoformat(),
            f"{day.day} {day.strftime('%B')} {day.year}",
            f"{day.strftime('%B')} {day.day}, {day.year}",
            f"{day.day} {day.strftime('%b')} {day.year}",
            f"{day.day}. März {day.year}",
        }
        assert any(w in text for w in written), article["file"]


def test_examples_question_file_names_the_gold_question() -> None:
    question = tomllib.loads(QUESTION.read_text(encoding="utf-8"))
    assert question["id"] == GOLD["question"]
    assert question["text"].endswith(".") and len(question["keywords"]) >= 3


def test_examples_expected_actors_agree_with_their_statements() -> None:
    originals = [a for a in ARTICLES if "copy_of" not in a and a["language"] == "en"]
    named = Counter(s["speaker"] for a in originals for s in a["statements"] if not s["anonymous"])
    actors = {a["actor"]: a for a in GOLD["actors"]}
    assert set(actors) == set(named)
    for name, actor in actors.items():
        assert actor["statements"] == named[name], name
        if actor["changes"]:
            assert actor["changes"][-1]["to"] == actor["stance"], name
    # The two shifts the corpus is built around: one observed and reported, one reported after weeks of silence.
    assert actors["Katrin Vey"]["changes"] == [
        {"from": "oppose", "to": "support", "date": "2026-03-09", "article": "courier-2026-03-10-vey-endorses"}
    ]
    assert actors["Elin Dahr"]["changes"] == [
        {"from": "neutral", "to": "support", "date": "2026-03-12", "article": "npa-2026-03-13-dahr-backs-bill"}
    ]
    assert actors["Petra Holm"]["stance"] == "support" and actors["Petra Holm"]["conditional"]
