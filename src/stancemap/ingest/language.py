"""Language of a text, with py3langid (ISO 639-1 codes)."""

from __future__ import annotations

import py3langid

# Fewer letters than this give a guess no better than chance, so no answer.
MIN_LETTERS = 20
# The opening of a long text is enough to tell its language and keeps detection fast on huge documents.
SAMPLE_CHARS = 10_000


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language ("en", "de"), or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
