"""stancemap's own English spaCy pipeline: load it once per process.

The trained pipeline ships in ``stancemap/models/en_stancemap`` (see docs/model.md); nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from stancemap.errors import InputError, ProcessingError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "en_stancemap"
# News articles run to tens of thousands of characters; far beyond that is a concatenation or garbage, and the
# parser's memory grows with the text, so refuse it with a clear error instead.
MAX_CHARS = 300_000

__all__ = ["MAX_CHARS", "MODEL_DIR", "load_nlp", "parse"]


@cache
def load_nlp(path: Path | None = None) -> Language:
    """The pipeline, loaded on first use and shared afterwards (one per distinct ``path``)."""
    import spacy

    import stancemap.nlp.registrations  # noqa: F401  (registers the tokenizer the model's config names)

    model = path or MODEL_DIR
    if not (model / "config.cfg").is_file():
        raise ProcessingError(
            "the language model is missing (reinstall stancemap, or train it: training/README.md)", model
        )
    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as e:
        raise ProcessingError(f"cannot load the language model: {e}", model) from e
    nlp.max_length = MAX_CHARS
    return nlp


def parse(text: str, origin: str | Path | None = None) -> Doc:
    """Run the pipeline over one text; over-long input is refused with a one-line error naming ``origin``."""
    if len(text) > MAX_CHARS:
        raise InputError(
            f"text has {len(text):,} characters, more than the {MAX_CHARS:,} one document may have", origin
        )
    return load_nlp()(text)
