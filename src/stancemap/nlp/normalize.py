"""Same-length text normalisation for news quirks, applied before tokenisation.

Every function here returns a string of exactly the input's length with each character in place, so character
offsets into the normalised text are offsets into the original text too.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# Curly, low-9, prime and angle quotation marks become the straight ones the treebanks mostly use, so the model sees
# one spelling. Apostrophes inside words ("don’t") become "'" as well, which the tokenizer's exceptions expect.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "＂": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "‹": "'",
        "›": "'",
        "′": "'",
        "＇": "'",
    }
)

_LOWER_WORD = re.compile(r"(?<![\w@#/.-])[a-z]{3,}(?![\w@/-])")


def normalise_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def restore_names(text: str, names: Collection[str]) -> str:
    """Re-capitalise lower-cased proper names ('paris' -> 'Paris') that machine translation or careless copying
    produced. ``names`` holds capitalised single words that never occur in lower case in the training text, so
    ordinary words ('turkey', 'bill') are not touched. Words inside URLs, handles and hyphenated compounds stay."""
    if not names:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        candidate = word[0].upper() + word[1:]
        return candidate if candidate in names else word

    return _LOWER_WORD.sub(fix, text)


def normalise(text: str, names: Collection[str] = ()) -> str:
    """All news normalisation in one pass; the result has the input's length."""
    return restore_names(normalise_quotes(text), names)
