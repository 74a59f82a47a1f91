"""HTML page -> article body and metadata, with trafilatura.

The settings were chosen by measurement (bench/html_bench.py, bench/README.md): on the 161 English pages of
html-articles, `favor_precision` with tables kept gives the best mean body token-F1 of the combinations of
favor_precision / favor_recall / include_comments / include_tables / fast that were tried. trafilatura's text then
loses a repeated headline, a wire dateline and closing wire credits, as scraped text does in `plaintext`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import use_config

from stancemap.ingest.plaintext_patterns import DATELINE

# trafilatura and htmldate log through `logging`; with no handler Python would print their warnings on stderr,
# where our one-line messages go. A NullHandler keeps them quiet unless an application configures logging.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# Our own caps (max_document_bytes) decide what is too large; trafilatura's 20 MB default would refuse silently.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MAX_FILE_SIZE", str(2**62))
# Extraction options, measured: see the module docstring.
EXTRACTION_OPTIONS: dict[str, bool] = {
    "favor_precision": True,
    "favor_recall": False,
    "include_comments": False,
    "include_tables": True,
    "fast": False,
}

# The closing credit line of wire copy: "(Reporting by Lena Hork; Editing by Piet Moran)".
WIRE_CREDIT = re.compile(r"^\((?:reporting|additional reporting|writing|editing|compiled|research)\b[^()]*\)$", re.I)
_DASH_END = re.compile(r"(?:—|–|-)\s*$")
# Fewer words than this is a page without an article (the shortest news briefs run to a few sentences).
MIN_ARTICLE_WORDS = 10


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a page says about itself: the article body and the metadata trafilatura found."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


def extract_html(html: str, url: str | None = None, *, options: Mapping[str, bool] | None = None) -> HtmlPage | None:
    """The article in `html`, or None when the page has no article text (an index page, an empty shell).

    `options` replaces EXTRACTION_OPTIONS (the benchmark compares settings through it).
    """
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            config=_CONFIG,
            **(EXTRACTION_OPTIONS if options is None else options),  # type: ignore[arg-type]
        )
    except (ValueError, TypeError, AttributeError, IndexError):
        # lxml and trafilatura raise these on malformed markup they cannot parse; that page simply has no text.
        return None
    if doc is None or isinstance(doc, dict):
        return None
    text = (doc.text or "").strip()
    # trafilatura's fallbacks return whatever text a page has; a few words ("Home News") are menus, not an article.
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return None
    title = _clean(doc.title)
    return HtmlPage(
        text=_body(text, title),
        title=title,
        date=_clean(doc.date),
        author=_clean(doc.author),
        site=_clean(doc.sitename),
        url=_clean(doc.url) or url,
    )


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _body(text: str, title: str | None) -> str:
    """trafilatura's text without what `clean_plain_text` also keeps out of a body: a first line repeating the
    headline (trafilatura keeps an <h1> inside <article>), a wire dateline ("SALDON, Feb 12 (NPA) — ") and wire
    credit lines at the end ("(Reporting by ...; Editing by ...)"), so a story reads the same from HTML or text."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        text = rest.lstrip("\n")
    dateline = DATELINE.match(text)
    # Only a dateline proper: an agency or a dash after the place ("DEAR ABBY: " is no dateline).
    if dateline and (dateline.group("agency") or _DASH_END.search(dateline.group(0))) and dateline.end() < len(text):
        text = text[dateline.end() :]
    lines = text.split("\n")
    while len(lines) > 1 and WIRE_CREDIT.match(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).rstrip()
