"""Build the example corpus's derived files (the JSONL export and the WARC archive) from `sources/`.

    python -m stancemap.examples.build          # rewrite corpus/newsdesk-export.jsonl and corpus/crawl-2026-03.warc.gz
    python -m stancemap.examples.build --check  # exit 1 if the committed files differ from a fresh build

Everything that ends up in the output (dates, record ids, HTTP headers) comes from `sources/manifest.toml` or from
the source files, and gzip members carry no timestamp, so a rebuild is byte-for-byte identical.
"""

from __future__ import annotations

import gzip
import json
import sys
import tomllib
import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from fastwarc.warc import WarcRecord, WarcRecordType

from stancemap.examples import EXAMPLES, SOURCES

# Record ids are UUIDs derived from what the record holds, so they are stable across rebuilds.
_ID_NAMESPACE = uuid.UUID("6f1d5a0e-3c1b-4b7e-9a53-2f4f5a8c1e01")


@dataclass(frozen=True, slots=True)
class Built:
    """One derived file: where it goes (relative to the examples folder) and its bytes."""

    path: str
    data: bytes


def load_manifest(sources: Path = SOURCES) -> dict[str, Any]:
    with (sources / "manifest.toml").open("rb") as f:
        return tomllib.load(f)


def build_jsonl(manifest: dict[str, Any], sources: Path = SOURCES) -> Built:
    """One JSON object per record: `id`, `url`, `date`, `title`, `outlet`, `author` and the body as `text` or `html`."""
    lines = []
    for record in manifest["jsonl"]["records"]:
        body = (sources / record["file"]).read_text(encoding="utf-8")
        row = {key: record[key] for key in ("id", "url", "date", "title", "outlet", "author")}
        row[record["field"]] = body
        lines.append(json.dumps(row, ensure_ascii=False))
    return Built(manifest["jsonl"]["output"], ("\n".join(lines) + "\n").encode("utf-8"))


def _record_id(*parts: str) -> bytes:
    return f"uuid:{uuid.uuid5(_ID_NAMESPACE, '|'.join(parts))}".encode()


def _warc_record(kind: WarcRecordType, record_id: bytes, date: str, headers: dict[str, str], block: bytes) -> bytes:
    """One WARC record (FastWARC writes it, with its block digest) compressed as its own gzip member."""
    record = WarcRecord()
    record.init_headers(kind, record_id)
    # init_headers stamps the current time; the archive must not depend on when it was built.
    record.headers["WARC-Date"] = date
    for name, value in headers.items():
        record.headers[name] = value
    record.set_bytes_content(block)
    buffer = BytesIO()
    record.write(buffer, checksum_data=True)
    return gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0)


def build_warc(manifest: dict[str, Any], sources: Path = SOURCES) -> Built:
    """A warcinfo record, then a request and a response record for every page, as a real crawl writes them."""
    warc = manifest["warc"]
    info_id = _record_id("warcinfo", warc["output"])
    info = (
        f"software: {warc['software']}\r\noperator: {warc['operator']}\r\n"
        "format: WARC File Format 1.1\r\ndescription: Example pages about Estvany's deep-sea mining debate\r\n"
    ).encode()
    members = [
        _warc_record(
            WarcRecordType.warcinfo,
            info_id,
            warc["created"],
            {"WARC-Filename": Path(warc["output"]).name, "Content-Type": "application/warc-fields"},
            info,
        )
    ]
    for page in warc["records"]:
        html = (sources / page["file"]).read_bytes()
        url = page["url"]
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3]
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: stancemap-example-crawler/1.0\r\n"
            "Accept: text/html,application/xhtml+xml\r\nAccept-Encoding: identity\r\n\r\n"
        ).encode()
        response = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(html)}\r\nLast-Modified: {page['last_modified']}\r\n"
            "Cache-Control: max-age=300\r\nConnection: close\r\n\r\n"
        ).encode() + html
        request_id = _record_id("request", url, page["fetched"])
        response_id = _record_id("response", url, page["fetched"])
        members.append(
            _warc_record(
                WarcRecordType.request,
                request_id,
                page["fetched"],
                {
                    "WARC-Target-URI": url,
                    "WARC-Warcinfo-ID": f"<urn:{info_id.decode()}>",
                    "WARC-Concurrent-To": f"<urn:{response_id.decode()}>",
                    "Content-Type": "application/http; msgtype=request",
                },
                request,
            )
        )
        members.append(
            _warc_record(
                WarcRecordType.response,
                response_id,
                page["fetched"],
                {
                    "WARC-Target-URI": url,
                    "WARC-Warcinfo-ID": f"<urn:{info_id.decode()}>",
                    "Content-Type": "application/http; msgtype=response",
                },
                response,
            )
        )
    return Built(warc["output"], b"".join(members))


def build_all(sources: Path = SOURCES) -> list[Built]:
    manifest = load_manifest(sources)
    return [build_jsonl(manifest, sources), build_warc(manifest, sources)]


def stale(examples: Path = EXAMPLES) -> list[str]:
    """The derived files under `examples` that differ from a fresh build (missing counts as different)."""
    out = []
    for built in build_all(examples / "sources"):
        target = examples / built.path
        if not target.is_file() or target.read_bytes() != built.data:
            out.append(built.path)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        differ = stale()
        for path in differ:
            print(f"{path}: differs from a fresh build; run python -m stancemap.examples.build", file=sys.stderr)
        return 1 if differ else 0
    if args:
        print("usage: python -m stancemap.examples.build [--check]", file=sys.stderr)
        return 2
    for built in build_all():
        (EXAMPLES / built.path).write_bytes(built.data)
        print(f"wrote {built.path} ({len(built.data)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
