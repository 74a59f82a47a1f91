"""`stancemap extract`: CONTRACT statements on stdout, offsets into the input, one-line errors and exit codes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.records import Statement

# The CONTRACT's field order (tests/test_records.py pins `to_json` itself).
FIELDS = [
    "article", "speaker", "speaker_kind", "speaker_mention", "cue", "content", "kind", "role", "anonymous", "date",
]  # fmt: skip


def _run(*args: str, stdin: str | bytes | None = None) -> tuple[int, list[dict[str, object]], list[str]]:
    result = CliRunner().invoke(app, ["extract", *args], input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, records, result.stderr.splitlines()


def test_extract_cli_prints_contract_statements_with_offsets_into_the_file(fixtures: Path) -> None:
    path = fixtures / "attribution" / "nordvik-port.txt"
    code, records, errors = _run(str(path))
    assert code == 0, errors
    assert len(records) >= 8
    text = path.read_text(encoding="utf-8")
    for record in records:
        assert list(record) == FIELDS
        statement = Statement.from_json(record)
        assert statement.article == "nordvik-port"
        for span in (statement.content, statement.cue, statement.speaker_mention):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_extract_cli_html_offsets_index_the_clean_text(fixtures: Path) -> None:
    path = fixtures / "inputs" / "harbour-report.html"
    clean = CliRunner().invoke(app, ["clean", str(path)])
    text = json.loads(clean.stdout)["text"]
    code, records, errors = _run(str(path))
    assert code == 0, errors
    assert records
    for record in records:
        content = record["content"]
        assert isinstance(content, dict)
        assert text[content["start"] : content["end"]] == content["text"]


def test_extract_cli_date_option_dates_relative_expressions(tmp_path: Path) -> None:
    article = tmp_path / "quay.txt"
    article.write_text(
        "The harbour master, Ellen Voss, said on Monday that the east quay would close for repairs in May.\n",
        encoding="utf-8",
    )
    code, records, errors = _run(str(article), "--date", "2024-03-14")
    assert code == 0, errors
    assert [r["date"] for r in records] == ["2024-03-11"]


def test_extract_cli_skips_other_languages_with_a_warning(fixtures: Path) -> None:
    code, records, errors = _run(str(fixtures / "inputs" / "articles.jsonl"))
    assert code == 0
    assert {r["article"] for r in records} <= {"courier-2025-03-10-toll-cap", "articles-2"}
    assert any("anzeiger-2025-03-14" in line and "'de'" in line for line in errors)


def test_extract_cli_bad_inputs_name_the_file_and_go_on(fixtures: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = fixtures / "attribution" / "nordvik-port.txt"
    packed = gzip.compress(good.read_bytes())
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    code, records, errors = _run(str(empty), str(broken), str(tmp_path / "missing.txt"), str(good))
    assert code == 2
    assert records and all(r["article"] == "nordvik-port" for r in records)
    for name in ("empty.txt", "broken.txt.gz", "missing.txt"):
        assert sum(name in line for line in errors) == 1, errors
    assert not any("Traceback" in line for line in errors)


def test_extract_cli_bad_date_is_a_usage_error_through_the_entry_point(fixtures: Path) -> None:
    path = fixtures / "attribution" / "nordvik-port.txt"
    done = subprocess.run(
        [sys.executable, "-m", "stancemap", "extract", str(path), "--date", "last Tuesday"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["error: --date 'last Tuesday' is not a date in the form YYYY-MM-DD"]
