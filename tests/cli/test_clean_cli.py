"""`stancemap clean`: the CONTRACT's JSON lines on stdout, one-line messages on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.records import Article

# The CONTRACT's field order; tests/test_records.py pins `to_json` itself.
CONTRACT_FIELDS = list(Article(id="", text="").to_json())


def _run(*args: str, stdin: str | bytes | None = None) -> tuple[int, list[dict[str, object]], list[str]]:
    result = CliRunner().invoke(app, ["clean", *args], input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, records, result.stderr.splitlines()


def test_clean_cli_prints_contract_records_for_every_format(fixtures: Path) -> None:
    inputs = fixtures / "inputs"
    code, records, errors = _run(
        str(inputs / "council-vote.txt"), str(inputs / "harbour-report.html"), str(inputs / "articles.jsonl")
    )
    assert code == 0, errors
    assert errors == []
    assert [r["article"] for r in records] == [
        "council-vote",
        "harbour-report",
        "courier-2025-03-10-toll-cap",
        "articles-2",
        "anzeiger-2025-03-14",
    ]
    assert all(list(r) == CONTRACT_FIELDS for r in records)
    scraped = records[0]
    assert scraped["author"] == "Imogen Tarrant" and scraped["date"] == "2025-03-04"
    caption = {"text": "Lorries queue at the harbour gate on Monday.", "credit": "Tomas Reyes/Courier"}
    assert scraped["captions"] == [caption]
    assert "Share on Facebook" in scraped["removed"] and "Share on Facebook" not in str(scraped["text"])
    assert records[1]["site"] == "The Northfield Courier"
    # Non-English documents come out too, with their language.
    assert [r["language"] for r in records] == ["en", "en", "en", "en", "de"]


def test_clean_cli_date_fills_only_missing_dates(fixtures: Path, tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("The harbour master said the east quay would close for repairs next month.\n", "utf-8")
    code, records, _ = _run(str(undated), str(fixtures / "inputs" / "council-vote.txt"), "--date", "2025-02-01")
    assert code == 0
    assert [r["date"] for r in records] == ["2025-02-01", "2025-03-04"]


def test_clean_cli_bad_date_is_a_usage_error_through_the_entry_point(fixtures: Path) -> None:
    # Long enough that a console-width wrap would break the message.
    bad = "the fourth of March in the year two thousand and twenty-five, or thereabouts"
    done = subprocess.run(
        [sys.executable, "-m", "stancemap", "clean", str(fixtures / "inputs"), "--date", bad],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"error: --date {bad!r} is not a date in the form YYYY-MM-DD"]


def test_clean_cli_reads_stdin(fixtures: Path) -> None:
    html = (fixtures / "inputs" / "harbour-report.html").read_text(encoding="utf-8")
    code, records, _ = _run("-", stdin=html)
    assert code == 0
    assert [(r["article"], r["title"]) for r in records] == [("stdin", "Hauliers vow to fight Port Alder toll")]


def test_clean_cli_warc_records_are_named_by_record_id(fixtures: Path) -> None:
    code, records, errors = _run(str(fixtures / "inputs" / "crawl.warc"))
    assert [r["article"] for r in records] == [
        "6f1e2a40-0000-4000-8000-000000000003",
        "6f1e2a40-0000-4000-8000-000000000007",
    ]
    # The section index page in the crawl has no article: reported, and the exit code says an input failed.
    assert errors == [
        f"error: {fixtures / 'inputs' / 'crawl.warc'}: record 6f1e2a40-0000-4000-8000-000000000005: "
        "no article text found"
    ]
    assert code == 2


def test_clean_cli_long_messages_stay_on_one_line(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 6) / "missing.txt"
    code, _, errors = _run(str(deep))
    assert code == 2
    assert errors == [f"error: {deep}: no such file or directory"]
