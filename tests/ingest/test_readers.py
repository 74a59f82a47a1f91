"""Readers: every format, folders and stdin -> RawDocument (or Problem), ids, metadata and decoding."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from stancemap.config import Settings
from stancemap.ingest import clean_documents
from stancemap.ingest.readers import RawDocument, _lines, decode, iso_date, read_inputs, stem_of, warc_id
from stancemap.records import Article, Problem

SETTINGS = Settings()


def _read(*paths: str | Path, settings: Settings = SETTINGS, stdin: bytes | None = None) -> list[RawDocument | Problem]:
    return list(read_inputs(paths, settings, io.BytesIO(stdin) if stdin is not None else None))


def _docs(items: list[RawDocument | Problem]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def test_readers_txt_is_one_text_document_named_by_stem(fixtures: Path) -> None:
    path = fixtures / "inputs" / "council-vote.txt"
    [doc] = _read(path)
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.kind, doc.source) == ("council-vote", "text", str(path))
    assert doc.content == path.read_text(encoding="utf-8")
    assert doc.keeps_offsets


@pytest.mark.parametrize("name", ["story.html", "story.htm", "story.html.gz", "story.HTM.gz"])
def test_readers_html_and_gzip_variants(fixtures: Path, tmp_path: Path, name: str) -> None:
    html = (fixtures / "inputs" / "harbour-report.html").read_bytes()
    path = tmp_path / name
    path.write_bytes(gzip.compress(html) if name.endswith(".gz") else html)
    [doc] = _read(path)
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.kind) == ("story", "html")
    assert doc.content == html.decode("utf-8")
    assert not doc.keeps_offsets


def test_readers_jsonl_ids_fields_and_kinds(fixtures: Path) -> None:
    docs = _docs(_read(fixtures / "inputs" / "articles.jsonl"))
    assert [d.id for d in docs] == ["courier-2025-03-10-toll-cap", "articles-2", "anzeiger-2025-03-14"]
    assert [d.kind for d in docs] == ["text", "html", "text"]
    assert docs[0].url == "https://courier.example/news/2025/03/10/toll-cap"
    assert docs[0].title == "Council weighs lower toll for local firms"
    # A date-time is reduced to its ISO date.
    assert docs[1].date == "2025-03-12"
    assert [d.locator for d in docs] == ["line 1", "line 2", "line 3"]


def test_readers_jsonl_gz_reads_the_same_records(fixtures: Path, tmp_path: Path) -> None:
    plain = fixtures / "inputs" / "articles.jsonl"
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert [d.content for d in _docs(_read(packed))] == [d.content for d in _docs(_read(plain))]


def test_readers_jsonl_bad_lines_are_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": 7, "text": "First story about the harbour toll and the council vote."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-body", "title": "Only a title"}),
        "",
        json.dumps({"text": "Last story.", "date": "last Tuesday"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["7", "mixed-6"]
    problems = [str(p) for p in items if isinstance(p, Problem)]
    assert problems == [
        f"{path}: line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{path}: line 3: not a JSON object",
        f"{path}: line 4: no 'text' or 'html' field with content",
        f"{path}: line 6: date 'last Tuesday' is not an ISO date; ignored",
    ]
    assert [p.fatal for p in items if isinstance(p, Problem)] == [True, True, True, False]


def test_readers_jsonl_last_line_without_newline_is_read(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}', encoding="utf-8")
    assert [d.content for d in _docs(_read(path))] == ["one", "two"]


def test_readers_warc_yields_html_responses_and_text_resources(fixtures: Path) -> None:
    docs = _docs(_read(fixtures / "inputs" / "crawl.warc"))
    # The request, the image, the 404 and the warcinfo record are not documents.
    assert [d.id for d in docs] == [
        "6f1e2a40-0000-4000-8000-000000000003",
        "6f1e2a40-0000-4000-8000-000000000005",
        "6f1e2a40-0000-4000-8000-000000000007",
    ]
    assert [d.kind for d in docs] == ["html", "html", "text"]
    assert docs[0].url == "https://courier.example/news/2025/03/06/hauliers-fight-toll"
    assert docs[0].content == (fixtures / "inputs" / "harbour-report.html").read_text(encoding="utf-8")
    assert docs[2].content == (fixtures / "inputs" / "council-vote.txt").read_text(encoding="utf-8")


def test_readers_warc_gz_per_record_members(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress((fixtures / "inputs" / "crawl.warc").read_bytes()))
    assert len(_docs(_read(path))) == 3


def test_readers_warc_without_records_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n", encoding="utf-8")
    [problem] = _read(path)
    assert isinstance(problem, Problem) and problem.fatal
    assert problem.reason.startswith("not a WARC file")


def test_readers_folder_is_recursive_sorted_and_skips_unknown_files(fixtures: Path, tmp_path: Path) -> None:
    inputs = fixtures / "inputs"
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    shutil.copy(inputs / "council-vote.txt", tmp_path / "b" / "deeper" / "z.txt")
    shutil.copy(inputs / "council-vote.txt", tmp_path / "b" / "a.txt")
    shutil.copy(inputs / "harbour-report.html", tmp_path / "a.html")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    items = _read(tmp_path)
    assert [d.source for d in _docs(items)] == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b" / "a.txt"),
        str(tmp_path / "b" / "deeper" / "z.txt"),
    ]
    [skipped] = [p for p in items if isinstance(p, Problem)]
    assert not skipped.fatal and skipped.path == str(tmp_path / "notes.pdf")


def test_readers_stdin_sniffs_html_and_text(fixtures: Path) -> None:
    html = (fixtures / "inputs" / "harbour-report.html").read_bytes()
    [doc] = _read("-", stdin=html)
    assert isinstance(doc, RawDocument) and (doc.id, doc.kind, doc.source) == ("stdin", "html", "-")
    [doc] = _read("-", stdin=b"Plain words, no markup at all.\n")
    assert isinstance(doc, RawDocument) and doc.kind == "text"


def test_readers_unknown_suffix_named_explicitly_is_sniffed(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    shutil.copy(fixtures / "inputs" / "harbour-report.html", path)
    [doc] = _read(path)
    assert isinstance(doc, RawDocument) and (doc.id, doc.kind) == ("saved-page", "html")


def test_readers_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “quoted”</p></body></html>'
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("cp1252"))
    items = _read(path)
    assert [i.content for i in _docs(items)] == [page]
    assert not [i for i in items if isinstance(i, Problem)]


def test_readers_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Harbour toll approved.".encode("utf-16"))
    [doc] = _read(path)
    assert isinstance(doc, RawDocument) and doc.content == "Harbour toll approved."


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        (b"plain", None, ("plain", False)),
        (b"\xef\xbb\xbfbom", None, ("bom", False)),
        (b"bad \xff byte", None, ("bad \ufffd byte", True)),
        ("naïve".encode("latin-1"), "iso-8859-1", ("naïve", False)),
        # A wrong declaration does not lose the text: UTF-8 is tried next.
        ("naïve".encode(), "no-such-charset", ("naïve", False)),
    ],
)
def test_readers_decode(data: bytes, declared: str | None, expected: tuple[str, bool]) -> None:
    assert decode(data, declared) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-03-04", "2025-03-04"), ("2025-03-04T10:00:00Z", "2025-03-04"), ("March 4", None), (20250304, None)],
)
def test_readers_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_readers_ids() -> None:
    assert stem_of(Path("x/a.b.html.gz")) == "a.b"
    assert stem_of(Path("notes")) == "notes"
    assert warc_id("<urn:uuid:6f1e2a40-0000-4000-8000-000000000003>") == "6f1e2a40-0000-4000-8000-000000000003"


def test_readers_clean_documents_fills_missing_dates_and_keeps_raw_for_txt(fixtures: Path, tmp_path: Path) -> None:
    txt = tmp_path / "undated.txt"
    raw = "The harbour master said on Friday that the east quay would close for repairs next month.\n"
    txt.write_text(raw, encoding="utf-8")
    items = list(clean_documents([txt, fixtures / "inputs" / "articles.jsonl"], SETTINGS, default_date="2025-01-01"))
    articles = [a for a in items if isinstance(a, Article)]
    assert [a.date for a in articles] == ["2025-01-01", "2025-03-10", "2025-03-12", "2025-03-14"]
    assert articles[0].raw == raw and articles[0].pieces
    # Offsets of non-.txt inputs index the clean text: no raw text kept.
    assert all(a.raw is None and not a.pieces for a in articles[1:])
    assert [a.language for a in articles] == ["en", "en", "en", "de"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1000])
def test_readers_lines_split_across_chunks_and_skip_long_ones(chunk: int) -> None:
    data = b"ab\ncdefgh\n\nxyz\nmuch-too-long-line\nend"
    chunks = iter([data[i : i + chunk] for i in range(0, len(data), chunk)])
    assert list(_lines(chunks, 6)) == [(1, b"ab"), (2, b"cdefgh"), (3, b""), (4, b"xyz"), (5, None), (6, b"end")]


def test_readers_gzip_with_several_members_and_padding(tmp_path: Path) -> None:
    first, second = b'{"id": "a", "text": "First."}\n', b'{"id": "b", "text": "Second."}\n'
    path = tmp_path / "joined.jsonl.gz"
    # `cat a.gz b.gz` makes one valid gzip file; some tools pad the end with NUL bytes.
    path.write_bytes(gzip.compress(first) + gzip.compress(second) + b"\x00" * 16)
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["a", "b"]
    assert not [p for p in items if isinstance(p, Problem)]


def test_readers_txt_offsets_index_the_text_as_python_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfHOME | NEWS\r\n\r\nThe council approved the harbour toll on Monday night.\r\n")
    [article] = [a for a in clean_documents([path], SETTINGS) if isinstance(a, Article)]
    as_read = path.open(encoding="utf-8-sig").read()
    assert article.raw == as_read
    for piece in article.pieces:
        chunk = article.text[piece.clean_start : piece.clean_start + piece.length]
        assert as_read[piece.raw_start : piece.raw_start + piece.length] == chunk
