"""Streaming readers: files, folders and stdin -> RawDocument, or a Problem for what cannot be read.

One reader per format. Nothing here holds a whole archive in memory: single-document files are read up to
`max_document_bytes`, JSONL line by line, WARC record by record (FastWARC), and every gzip stream is decompressed
in chunks and stopped at `max_decompressed_bytes` (gzip bombs).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from stancemap.config import Settings
from stancemap.records import Problem

CHUNK = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
WARC_SUFFIXES = (".warc",)
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
SUPPORTED = "a .txt, .html, .htm, .jsonl or .warc file (optionally .gz)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
INVALID_UTF8 = "invalid UTF-8; decoded with replacement characters"
# Control characters that never occur in text; a few of them in the first bytes mean a binary file.
_CONTROL = bytes(c for c in range(32) if chr(c) not in "\t\n\r\f\v\b\x1b")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read, before extraction and cleaning.

    `locator` says where in a many-document file it sits ("line 12", "record <id>"), for messages.
    `keeps_offsets` is True for plain-text files and stdin: statements then point into `content` itself.
    """

    id: str
    source: str
    kind: Literal["text", "html"]
    content: str
    url: str | None = None
    date: str | None = None
    title: str | None = None
    locator: str | None = None
    keeps_offsets: bool = False


class Unreadable(Exception):
    """Why one file (or the rest of it) cannot be read; becomes a fatal Problem."""


def read_inputs(
    paths: Iterable[str | Path], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | Problem]:
    """Every document under `paths` in order; "-" reads `stdin`. Problems come in place of what cannot be read."""
    for path in paths:
        if str(path) == "-":
            yield from _guarded("-", partial(_read_stdin, stdin, settings))
            continue
        p = Path(path)
        if p.is_dir():
            yield from _read_folder(p, settings)
        elif not p.exists():
            yield Problem(str(p), "no such file or directory")
        else:
            yield from _guarded(str(p), partial(_read_file, p, settings))


def _guarded(label: str, read: Callable[[], Iterator[RawDocument | Problem]]) -> Iterator[RawDocument | Problem]:
    """Run one reader; an Unreadable or OS error ends that input with one fatal Problem, never a traceback."""
    try:
        yield from read()
    except Unreadable as e:
        yield Problem(label, str(e))
    except PermissionError:
        yield Problem(label, "cannot read: permission denied")
    except OSError as e:
        yield Problem(label, f"cannot read: {e.strerror or e}")


def _read_folder(root: Path, settings: Settings) -> Iterator[RawDocument | Problem]:
    files: list[Path] = []
    for folder, dirs, names in os.walk(root):
        # Hidden files and folders (.git, .DS_Store) are not news.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(folder, n) for n in names if not n.startswith("."))
    readable = 0
    for path in sorted(files, key=lambda f: f.relative_to(root).parts):
        if _format_of(path) is None:
            yield Problem(str(path), f"skipped: not {SUPPORTED}", fatal=False)
            continue
        readable += 1
        yield from _guarded(str(path), partial(_read_file, path, settings))
    if readable == 0:
        yield Problem(str(root), f"folder holds no readable input (looked for {SUPPORTED})")


def _format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for fmt, suffixes in (("txt", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES)):
        if name.endswith(suffixes):
            return fmt
    return "warc" if name.endswith(WARC_SUFFIXES) else None


def stem_of(path: Path) -> str:
    """The file name without its format suffixes: `a.html.gz` -> `a`."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem if Path(name).suffix.lower() in KNOWN_SUFFIXES else name


def _read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Problem]:
    if not path.is_file():
        raise Unreadable("not a regular file")
    if path.stat().st_size == 0:
        raise Unreadable("empty file")
    fmt = _format_of(path)
    if fmt == "jsonl":
        yield from _read_jsonl(path, settings)
    elif fmt == "warc":
        yield from _read_warc(path, settings)
    else:
        data = _read_document_bytes(path, settings)
        # A file named on the command line with an unknown suffix is sniffed like stdin (folders skip those).
        kind: Literal["text", "html"] = "html" if fmt == "html" or (fmt is None and _looks_like_html(data)) else "text"
        yield from _document(str(path), stem_of(path), kind, data)


def _document(source: str, doc_id: str, kind: Literal["text", "html"], data: bytes) -> Iterator[RawDocument | Problem]:
    if _is_binary(data):
        raise Unreadable("binary file, not text")
    declared = _declared_charset(data) if kind == "html" else None
    text, replaced = decode(data, declared)
    if not text.strip():
        raise Unreadable("empty file (only white space)")
    if replaced:
        yield Problem(source, INVALID_UTF8, fatal=False)
    if kind == "text":
        # Offsets into a plain-text file index its text as Python reads it in text mode (newlines translated),
        # the way `open(path, encoding="utf-8-sig").read()` gives it to whoever checks them.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    yield RawDocument(id=doc_id, source=source, kind=kind, content=text, keeps_offsets=kind == "text")


def _read_stdin(stdin: BinaryIO | None, settings: Settings) -> Iterator[RawDocument | Problem]:
    if stdin is None:
        stdin = sys.stdin.buffer
    data = stdin.read(settings.max_document_bytes + 1)
    if len(data) > settings.max_document_bytes:
        raise Unreadable(_too_large(settings.max_document_bytes))
    if data.startswith(GZIP_MAGIC):
        data = _gunzip_all(_gunzip(io.BytesIO(data), settings), settings)
    if not data:
        raise Unreadable("empty input")
    yield from _document("-", "stdin", "html" if _looks_like_html(data) else "text", data)


# ---------------------------------------------------------------- bytes, gzip and decoding


def _too_large(cap: int) -> str:
    return f"document is larger than {cap} bytes (max_document_bytes); refused"


def _bomb(cap: int) -> str:
    return f"decompresses to more than {cap} bytes (max_decompressed_bytes); refused as a possible gzip bomb"


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == GZIP_MAGIC


def _chunks(path: Path, settings: Settings) -> Iterator[bytes]:
    """The file's bytes in chunks, decompressed when it is gzip (by its magic bytes, whatever its name)."""
    with path.open("rb") as f:
        if _is_gzip(path):
            yield from _gunzip(f, settings)
        else:
            while chunk := f.read(CHUNK):
                yield chunk


def _gunzip(f: BinaryIO, settings: Settings) -> Iterator[bytes]:
    """Decompressed chunks of a gzip stream (several members allowed), at most CHUNK bytes each.

    zlib directly rather than GzipFile: everything before a cut comes out (GzipFile drops its last read), and
    bounded output per call keeps a bomb from expanding in one step.
    """
    total = 0
    inflater = zlib.decompressobj(wbits=31)
    fed = False  # whether the current member has had any input
    while data := f.read(CHUNK):
        while True:
            fed = fed or bool(data)
            try:
                out = inflater.decompress(data, CHUNK)
            except zlib.error as e:
                raise Unreadable(f"corrupt gzip data ({e})") from e
            total += len(out)
            if total > settings.max_decompressed_bytes:
                raise Unreadable(_bomb(settings.max_decompressed_bytes))
            if out:
                yield out
            data = inflater.unconsumed_tail
            if inflater.eof:
                # The next member, if any (NUL padding after the last one is not a member).
                data = inflater.unused_data if inflater.unused_data.strip(b"\x00") else b""
                inflater, fed = zlib.decompressobj(wbits=31), False
            # A full output chunk may leave more output inside zlib: ask again even with no input left.
            if not data and len(out) < CHUNK:
                break
    if fed and not inflater.eof:
        raise Unreadable("truncated gzip: the compressed data ends early")


def _gunzip_all(chunks: Iterator[bytes], settings: Settings) -> bytes:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > settings.max_document_bytes:
            raise Unreadable(_too_large(settings.max_document_bytes))
        parts.append(chunk)
    return b"".join(parts)


def _read_document_bytes(path: Path, settings: Settings) -> bytes:
    """A single-document file, refused before loading when it is larger than max_document_bytes."""
    if not _is_gzip(path):
        if path.stat().st_size > settings.max_document_bytes:
            raise Unreadable(_too_large(settings.max_document_bytes))
        return path.read_bytes()
    data = _gunzip_all(_chunks(path, settings), settings)
    if not data:
        raise Unreadable("empty file (decompresses to nothing)")
    return data


def _is_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:8192]
    return b"\x00" in head or sum(head.count(c) for c in _CONTROL) > len(head) // 20


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head)) or b"<body" in head.lower()


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, bool]:
    """Bytes -> text, and whether invalid bytes were replaced.

    UTF-8 unless a byte-order mark or a declared charset (HTML meta, HTTP header) says otherwise; bytes that do not
    decode become U+FFFD, so one bad byte never loses a document (the caller warns).
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_with(data[len(bom) :] if codec == "utf-8" else data, codec)
    if declared and _codec(declared) not in (None, "utf-8"):
        try:
            return data.decode(declared), False
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_with(data, "utf-8")


def _decode_with(data: bytes, codec: str) -> tuple[str, bool]:
    try:
        return data.decode(codec), False
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), True


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def iso_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date or date-time string, or None when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- JSONL


def _lines(chunks: Iterator[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; None for a line longer than `cap`, which is skipped, not loaded."""
    parts: list[bytes] = []  # the pieces of the current line seen so far (a line may span many chunks)
    size = 0
    number = 1
    too_long = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            if too_long or size + end - start > cap:
                yield number, None
            else:
                parts.append(chunk[start:end])
                yield number, b"".join(parts)
            parts, size, too_long, number, start = [], 0, False, number + 1, end + 1
        if not too_long:
            parts.append(chunk[start:])
            size += len(chunk) - start
            if size > cap:
                parts, size, too_long = [], 0, True
    if too_long:
        yield number, None
    elif any(part.strip() for part in parts):
        yield number, b"".join(parts)


def _read_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | Problem]:
    source, stem = str(path), stem_of(path)
    first = True
    records = 0
    for number, line in _lines(_chunks(path, settings), settings.max_document_bytes):
        where = f"line {number}"
        if first and line is not None and _is_binary(line):
            raise Unreadable("binary file, not JSON lines")
        first = False
        if line is None:
            yield Problem(source, f"{where}: {_too_large(settings.max_document_bytes)}")
            continue
        if not line.strip():
            continue
        records += 1
        text, replaced = decode(line)
        if replaced:
            yield Problem(source, f"{where}: {INVALID_UTF8}", fatal=False)
        try:
            record = json.loads(text)
        except json.JSONDecodeError as e:
            yield Problem(source, f"{where}: not valid JSON ({e.msg})")
            continue
        item = _jsonl_document(record, source, stem, number)
        if isinstance(item, str):
            yield Problem(source, f"{where}: {item}")
            continue
        if record.get("date") is not None and item.date is None:
            yield Problem(source, f"{where}: date {record['date']!r} is not an ISO date; ignored", fatal=False)
        yield item
    if records == 0:
        raise Unreadable("no JSON records (empty file)")


def _jsonl_document(record: object, source: str, stem: str, number: int) -> RawDocument | str:
    """One JSONL record as a document, or the reason it is not one."""
    if not isinstance(record, dict):
        return "not a JSON object"
    kind: Literal["text", "html"]
    if isinstance(record.get("html"), str) and record["html"].strip():
        kind, content = "html", record["html"]
    elif isinstance(record.get("text"), str) and record["text"].strip():
        kind, content = "text", record["text"]
    else:
        return "no 'text' or 'html' field with content"
    raw_id = record.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else f"{stem}-{number}"
    return RawDocument(
        id=doc_id,
        source=source,
        kind=kind,
        content=content,
        url=_text_field(record, "url"),
        date=iso_date(record.get("date")),
        title=_text_field(record, "title"),
        locator=f"line {number}",
    )


def _text_field(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


# ---------------------------------------------------------------- WARC


def warc_id(record_id: str) -> str:
    """A stable, file-name-safe form of a WARC-Record-ID: `<urn:uuid:X>` -> `X`."""
    rid = record_id.strip().strip("<>")
    return rid.removeprefix("urn:uuid:")


def _read_warc(path: Path, settings: Settings) -> Iterator[RawDocument | Problem]:
    """HTML responses and text/HTML resource or conversion records, one at a time.

    FastWARC stops quietly at a cut; a record whose body is shorter than its declared length shows it, so the
    records before the cut come out and the cut is reported. Declared lengths are summed against
    max_decompressed_bytes before a record is read.
    """
    source = str(path)
    seen = usable = 0
    expanded = 0
    with path.open("rb") as f:
        for record in _warc_records(f):
            seen += 1
            expanded += int(record.headers.get("Content-Length") or 0)
            if expanded > settings.max_decompressed_bytes:
                raise Unreadable(_bomb(settings.max_decompressed_bytes))
            kind = _warc_kind(record)
            doc_id = warc_id(str(record.record_id))
            where = f"record {doc_id}"
            too_large = kind is not None and record.content_length > settings.max_document_bytes
            # Every body is read (skipped ones in chunks, never kept): a body shorter than its declared length is
            # the only sign FastWARC gives of a cut, wherever in the file it falls.
            body = _read_body(record, keep=kind is not None and not too_large)
            if body is None:
                raise Unreadable(f"truncated WARC: {where} is cut off; the records before it were read")
            if kind is None:
                continue
            usable += 1
            if too_large:
                yield Problem(source, f"{where}: {_too_large(settings.max_document_bytes)}")
                continue
            charset = record.http_charset if record.record_type == WarcRecordType.response else None
            text, replaced = decode(body, charset or (_declared_charset(body) if kind == "html" else None))
            if not text.strip():
                yield Problem(source, f"{where}: empty record")
                continue
            if replaced:
                yield Problem(source, f"{where}: {INVALID_UTF8}", fatal=False)
            yield RawDocument(
                id=doc_id,
                source=source,
                kind=kind,
                content=text,
                url=record.headers.get("WARC-Target-URI") or None,
                locator=where,
            )
    if seen == 0:
        raise Unreadable("not a WARC file (no WARC records found)")
    if usable == 0:
        yield Problem(source, "no HTML or text records in this WARC file", fatal=False)


def _read_body(record: WarcRecord, keep: bool) -> bytes | None:
    """The record's body (b"" when not kept), or None when it ends before its declared length."""
    parts, size = [], 0
    while chunk := record.reader.read(CHUNK):
        size += len(chunk)
        if keep:
            parts.append(chunk)
    return b"".join(parts) if size >= record.content_length else None


def _warc_records(f: BinaryIO) -> Iterator[WarcRecord]:
    """FastWARC's records, with its OSError on a malformed header turned into a one-line reason."""
    records = iter(ArchiveIterator(f, parse_http=True))
    seen = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except OSError as e:
            reason = "not a WARC file" if seen == 0 else f"damaged WARC after {seen} records"
            raise Unreadable(f"{reason} ({e})") from e
        if record.record_id is None or record.headers.get("Content-Length") is None:
            # FastWARC hands over a header block cut short as a record without these mandatory fields.
            raise Unreadable(f"truncated WARC: a record header is cut off after {seen} records")
        seen += 1
        yield record


def _warc_kind(record: WarcRecord) -> Literal["text", "html"] | None:
    rtype = record.record_type
    if rtype == WarcRecordType.response:
        status = record.http_headers.status_code if record.http_headers else None
        ctype = (record.http_content_type or "").lower()
        return "html" if status is not None and 200 <= status < 300 and ctype in HTML_TYPES else None
    if rtype in (WarcRecordType.resource, WarcRecordType.conversion):
        ctype = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype in HTML_TYPES:
            return "html"
        return "text" if ctype == "text/plain" else None
    return None
