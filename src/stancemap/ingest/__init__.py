"""Ingestion: read inputs, extract HTML, clean scraped text, detect language -> Article records.

`clean_documents` is the whole path behind `stancemap clean` (and the first step of `ingest`): every document
comes out as an Article (non-English ones included, with their language), and every input that cannot be read as a
Problem naming the file and the reason, so one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from stancemap.config import Settings
from stancemap.ingest.html import extract_html
from stancemap.ingest.language import detect_language
from stancemap.ingest.plaintext import clean_plain_text
from stancemap.ingest.readers import RawDocument, iso_date, read_inputs
from stancemap.records import Article, Problem

NO_ARTICLE = "no article text found"


def clean_documents(
    paths: Iterable[str | Path],
    settings: Settings,
    default_date: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Problem]:
    """Every document under `paths` ("-" is stdin), cleaned, in input order; Problems in place of bad inputs.

    `default_date` (ISO) is the publication date of documents that carry none.
    """
    for item in read_inputs(paths, settings, stdin):
        yield item if isinstance(item, Problem) else clean_document(item, default_date)


def clean_document(doc: RawDocument, default_date: str | None = None) -> Article | Problem:
    """One raw document -> Article: HTML through trafilatura, plain text through the scraped-text cleaner."""
    if doc.kind == "html":
        page = extract_html(doc.content, doc.url)
        if page is None:
            return _no_article(doc)
        return Article(
            id=doc.id,
            text=page.text,
            source=doc.source,
            title=doc.title or page.title,
            date=doc.date or iso_date(page.date) or default_date,
            url=doc.url or page.url,
            site=page.site,
            author=page.author,
            language=detect_language(page.text),
        )
    plain = clean_plain_text(doc.content)
    if not plain.text.strip():
        return _no_article(doc)
    return Article(
        id=doc.id,
        text=plain.text,
        source=doc.source,
        title=doc.title or plain.title,
        date=doc.date or iso_date(plain.date) or default_date,
        url=doc.url,
        site=plain.site,
        author=plain.author,
        original_source=plain.original_source,
        language=detect_language(plain.text),
        captions=plain.captions,
        removed=plain.removed,
        # Plain-text files keep their text as read so statements can point into the file itself (CONTRACT).
        raw=doc.content if doc.keeps_offsets else None,
        pieces=plain.pieces if doc.keeps_offsets else (),
    )


def _no_article(doc: RawDocument) -> Problem:
    return Problem(doc.source, f"{doc.locator}: {NO_ARTICLE}" if doc.locator else NO_ARTICLE)


__all__ = ["RawDocument", "clean_document", "clean_documents", "read_inputs"]
