"""The bundled example corpus: one fictional debate (Estvany's ban on deep-sea mining) as news really arrives.

`corpus/` is what `stancemap demo` reads: plain text (clean, syndicated, scraped, machine-translated, one German
piece), an HTML page, a JSONL export and a WARC archive. `sources/` holds what the JSONL and WARC files are built
from (`python -m stancemap.examples.build`). `EXPECTED.json` is the gold: per article, the statements a perfect
system finds, and per actor the position it should end with. See docs/example-corpus.md.
"""

from __future__ import annotations

from pathlib import Path

# The package folder itself: installed wheels unpack it as plain files, so these are real paths.
EXAMPLES = Path(__file__).resolve().parent
CORPUS = EXAMPLES / "corpus"
SOURCES = EXAMPLES / "sources"
QUESTION = EXAMPLES / "estvany-seabed-mining.toml"
EXPECTED = EXAMPLES / "EXPECTED.json"

__all__ = ["CORPUS", "EXAMPLES", "EXPECTED", "QUESTION", "SOURCES"]
