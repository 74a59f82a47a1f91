"""Bad input through the real `stancemap clean`: one line naming the file and the reason, the right exit code, and
the rest of the batch still comes out (issue 2, "Bad input")."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app

GOOD_IDS = ["before", "after"]


def _batch(fixtures: Path, tmp_path: Path, *bad: Path, env: dict[str, str] | None = None) -> tuple[int, list, list]:
    """Run `clean` on a good document, the bad input(s), and another good document; (exit code, ids, stderr lines)."""
    before, after = tmp_path / "good" / "before.txt", tmp_path / "good" / "after.html"
    before.parent.mkdir(exist_ok=True)
    shutil.copy(fixtures / "inputs" / "council-vote.txt", before)
    shutil.copy(fixtures / "inputs" / "harbour-report.html", after)
    result = CliRunner(env=env).invoke(app, ["clean", str(before), *map(str, bad), str(after)])
    ids = [json.loads(line)["article"] for line in result.stdout.splitlines()]
    return result.exit_code, ids, result.stderr.splitlines()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _article_text(fixtures: Path) -> bytes:
    return (fixtures / "inputs" / "harbour-report.html").read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty file (only white space)"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.jsonl", b"\n\n", "no JSON records (empty file)"),
        ("empty.html.gz", gzip.compress(b""), "empty file (decompresses to nothing)"),
    ],
)
def test_bad_input_empty_file(fixtures: Path, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    bad = _write(tmp_path / name, data)
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert (code, ids, errors) == (2, GOOD_IDS, [f"error: {bad}: {reason}"])


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file, not text"),
        ("report.html", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary file, not text"),
        ("dump.jsonl", bytes(range(256)) * 4, "binary file, not JSON lines"),
        ("scan", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01\x02", "binary file, not text"),
    ],
)
def test_bad_input_binary_file(fixtures: Path, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    bad = _write(tmp_path / name, data)
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert (code, ids, errors) == (2, GOOD_IDS, [f"error: {bad}: {reason}"])


def test_bad_input_invalid_utf8_is_decoded_with_a_warning(fixtures: Path, tmp_path: Path) -> None:
    text = "The café owner on the harbour front said the toll would hurt trade, and the council disagreed.\n"
    bad = _write(tmp_path / "latin1.txt", text.encode("latin-1"))
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert code == 0
    assert ids == ["before", "latin1", "after"]
    assert errors == [f"warning: {bad}: invalid UTF-8; decoded with replacement characters"]
    out = CliRunner().invoke(app, ["clean", str(bad)]).stdout
    assert "caf\ufffd owner" in json.loads(out)["text"]


def test_bad_input_invalid_utf8_in_a_jsonl_line(fixtures: Path, tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "The council met on Monday and approved the harbour toll after a debate."})
    bad_line = b'{"id": "latin", "text": "Caf\xe9 owners on the harbour front oppose the toll, they said on Monday."}'
    bad = _write(tmp_path / "mixed.jsonl", good.encode() + b"\n" + bad_line + b"\n")
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert code == 0
    assert ids == ["before", "ok", "latin", "after"]
    assert errors == [f"warning: {bad}: line 2: invalid UTF-8; decoded with replacement characters"]


def test_bad_input_truncated_gzip(fixtures: Path, tmp_path: Path) -> None:
    packed = gzip.compress(_article_text(fixtures))
    bad = _write(tmp_path / "cut.html.gz", packed[: len(packed) // 2])
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert (code, ids, errors) == (2, GOOD_IDS, [f"error: {bad}: truncated gzip: the compressed data ends early"])


def test_bad_input_truncated_gzip_jsonl_keeps_the_records_before_the_cut(fixtures: Path, tmp_path: Path) -> None:
    record = {"text": "Harbour master Lena Brandt said the repairs could not wait another winter. " * 20}
    lines = "".join(json.dumps({**record, "id": f"r{i}"}) + "\n" for i in range(200)).encode()
    packed = gzip.compress(lines)
    bad = _write(tmp_path / "cut.jsonl.gz", packed[: len(packed) - 40])
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert code == 2
    assert ids[0] == "before" and ids[-1] == "after"
    # Nearly every record before the cut is there (the very last ones sit in the lost bytes).
    assert ids[1:-1] == [f"r{i}" for i in range(len(ids) - 2)] and len(ids) - 2 > 150
    assert errors == [f"error: {bad}: truncated gzip: the compressed data ends early"]


@pytest.mark.parametrize("packed", [False, True])
def test_bad_input_truncated_warc_keeps_the_records_before_the_cut(
    fixtures: Path, tmp_path: Path, packed: bool
) -> None:
    whole = (fixtures / "inputs" / "crawl.warc").read_bytes()
    # Cut inside the last record, the text resource: the two HTML responses before it are complete.
    cut = whole[: whole.rindex(b"WARC/1.1") + 900]
    bad = _write(tmp_path / ("cut.warc.gz" if packed else "cut.warc"), gzip.compress(cut) if packed else cut)
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert code == 2
    assert ids == ["before", "6f1e2a40-0000-4000-8000-000000000003", "after"]
    assert errors == [
        f"error: {bad}: record 6f1e2a40-0000-4000-8000-000000000005: no article text found",
        f"error: {bad}: truncated WARC: record 6f1e2a40-0000-4000-8000-000000000007 is cut off; "
        "the records before it were read",
    ]


def test_bad_input_html_page_without_article(fixtures: Path, tmp_path: Path) -> None:
    bad = tmp_path / "section-index.html"
    shutil.copy(fixtures / "inputs" / "section-index.html", bad)
    code, ids, errors = _batch(fixtures, tmp_path, bad)
    assert (code, ids, errors) == (2, GOOD_IDS, [f"error: {bad}: no article text found"])


def test_bad_input_document_over_the_size_cap_is_refused_unread(fixtures: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "huge.txt", b"The council voted again. " * 1000)
    big_line = json.dumps({"id": "big", "text": "word " * 2000})
    jsonl = _write(tmp_path / "lines.jsonl", (big_line + "\n" + json.dumps({"id": "small", "text": "Short."})).encode())
    code, ids, errors = _batch(fixtures, tmp_path, bad, jsonl, env={"STANCEMAP_MAX_DOCUMENT_BYTES": "5000"})
    assert code == 2
    assert ids == ["before", "small", "after"]
    assert errors == [
        f"error: {bad}: document is larger than 5000 bytes (max_document_bytes); refused",
        f"error: {jsonl}: line 1: document is larger than 5000 bytes (max_document_bytes); refused",
    ]


def _warc_record(body: bytes) -> bytes:
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000b0b0>\r\n"
        "WARC-Target-URI: https://bomb.example/\r\nContent-Type: application/http\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("bomb.html.gz", lambda zeros: gzip.compress(b"<html><body><p>" + zeros)),
        ("bomb.jsonl.gz", lambda zeros: gzip.compress(b'{"text": "' + zeros.replace(b"\x00", b" ") + b'"}\n')),
        ("bomb.warc.gz", lambda zeros: gzip.compress(_warc_record(zeros.replace(b"\x00", b" ")))),
    ],
)
def test_bad_input_gzip_bomb_stops_at_the_cap(fixtures: Path, tmp_path: Path, name: str, make) -> None:
    # 20 MB that compress to about 20 KB; the cap is set to 1 MB.
    bad = _write(tmp_path / name, make(bytes(20_000_000)))
    assert bad.stat().st_size < 100_000
    code, ids, errors = _batch(fixtures, tmp_path, bad, env={"STANCEMAP_MAX_DECOMPRESSED_BYTES": "1000000"})
    assert (code, ids) == (2, GOOD_IDS)
    assert errors == [
        f"error: {bad}: decompresses to more than 1000000 bytes (max_decompressed_bytes); "
        "refused as a possible gzip bomb"
    ]


def test_bad_input_missing_path_and_folder_without_input(fixtures: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.txt"
    folder = tmp_path / "attachments"
    folder.mkdir()
    _write(folder / "scan.pdf", b"%PDF-1.7")
    _write(folder / ".DS_Store", b"\x00\x00")
    code, ids, errors = _batch(fixtures, tmp_path, missing, folder)
    assert (code, ids) == (2, GOOD_IDS)
    assert errors == [
        f"error: {missing}: no such file or directory",
        f"warning: {folder / 'scan.pdf'}: skipped: not a .txt, .html, .htm, .jsonl or .warc file (optionally .gz)",
        f"error: {folder}: folder holds no readable input (looked for a .txt, .html, .htm, .jsonl or .warc file "
        "(optionally .gz))",
    ]


def test_bad_input_unreadable_file(fixtures: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "locked.txt", b"The council voted.")
    bad.chmod(0)
    try:
        if os.access(bad, os.R_OK):  # root reads anything: nothing to test
            pytest.skip("file permissions are not enforced for this user")
        code, ids, errors = _batch(fixtures, tmp_path, bad)
    finally:
        bad.chmod(0o644)
    assert (code, ids, errors) == (2, GOOD_IDS, [f"error: {bad}: cannot read: permission denied"])


# Peak memory of `stancemap clean` (or of the readers alone), measured in a child process of a child process so no
# other process of the test run counts.
_PEAK_RSS = textwrap.dedent(
    """
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    sys.stdout.write(f"{done.returncode} {peak}\\n" + done.stdout.decode() + done.stderr.decode())
    """
)
FIVE_HUNDRED_MB = 500 * 1024 * 1024


def _peak(*command: str, env: dict[str, str] | None = None) -> tuple[int, int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *command],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    first, *rest = done.stdout.splitlines()
    code, peak_mb = map(int, first.split())
    return code, peak_mb, rest


@pytest.mark.slow
def test_bad_input_500mb_jsonl_is_streamed_by_the_cli_with_bounded_memory(tmp_path: Path) -> None:
    """500 MB through `stancemap clean`: 100 records of 5 MB (over a 1 MB cap) between two normal ones."""
    path = tmp_path / "big.jsonl"
    huge = (json.dumps({"id": "huge", "text": "toll " * 1_048_576}) + "\n").encode()
    with path.open("wb") as f:
        f.write(json.dumps({"id": "first", "text": "The council approved the harbour toll on Monday night."}).encode())
        f.write(b"\n")
        while f.tell() < FIVE_HUNDRED_MB:
            f.write(huge)
        f.write(json.dumps({"id": "last", "text": "Hauliers said they would fight the toll in court."}).encode())
    assert path.stat().st_size >= FIVE_HUNDRED_MB
    code, peak_mb, lines = _peak(
        sys.executable, "-m", "stancemap", "clean", str(path), env={"STANCEMAP_MAX_DOCUMENT_BYTES": "1048576"}
    )
    path.unlink()  # pytest keeps recent tmp folders; 500 MB need not stay
    records = [json.loads(line) for line in lines if line.startswith("{")]
    errors = [line for line in lines if line.startswith("error:")]
    assert code == 2
    assert [r["article"] for r in records] == ["first", "last"]
    assert len(errors) == 100 and all("max_document_bytes" in e for e in errors)
    # Holding the file would take 500 MB more; the process stays near its footprint on a one-line input.
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "one", "text": "The council approved the harbour toll."}) + "\n", "utf-8")
    _, baseline_mb, _ = _peak(sys.executable, "-m", "stancemap", "clean", str(small))
    assert peak_mb < baseline_mb + 100, f"peak RSS {peak_mb} MB, {baseline_mb} MB on one line"


@pytest.mark.slow
def test_bad_input_500mb_of_small_documents_is_read_with_bounded_memory(tmp_path: Path) -> None:
    """500 MB of ordinary JSONL documents (about 250,000) through the readers, one at a time."""
    path = tmp_path / "many.jsonl"
    block = "".join(
        json.dumps({"id": f"doc-{i}", "text": "The council met again about the harbour toll. " * 40}) + "\n"
        for i in range(1000)
    ).encode()
    with path.open("wb") as f:
        while f.tell() < FIVE_HUNDRED_MB:
            f.write(block)
    count = textwrap.dedent(
        f"""
        from stancemap.config import Settings
        from stancemap.ingest.readers import RawDocument, read_inputs
        print(sum(isinstance(d, RawDocument) for d in read_inputs([{str(path)!r}], Settings())))
        """
    )
    code, peak_mb, lines = _peak(sys.executable, "-c", count)
    size = path.stat().st_size
    path.unlink()  # pytest keeps recent tmp folders; 500 MB need not stay
    assert code == 0
    assert int(lines[0]) == (size // len(block)) * 1000
    assert peak_mb < 150, f"peak RSS {peak_mb} MB"
