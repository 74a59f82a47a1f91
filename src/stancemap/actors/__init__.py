"""Canonical actors: mentions of people, organisations, countries, groups and places -> one `Actor` each.

`resolve_mentions(mentions, article_date)` is the entry point (pure); `mentions_from_doc(doc)` builds the mentions
of a parsed spaCy Doc. The knowledge behind it (`stancemap/models/actors.json.gz`) is loaded once per process.
See docs/actors.md.
"""

from __future__ import annotations

from stancemap.actors.doc import mentions_from_doc
from stancemap.actors.knowledge import Knowledge, fold, load_knowledge, slug
from stancemap.actors.resolve import Mention, ResolvedMention, resolve_mentions

__all__ = [
    "Knowledge",
    "Mention",
    "ResolvedMention",
    "fold",
    "load_knowledge",
    "mentions_from_doc",
    "resolve_mentions",
    "slug",
]
