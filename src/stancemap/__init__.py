"""stancemap: turn raw news into a map of who stands where on contested questions."""

import logging

from stancemap.records import Article, Caption, Span

__version__ = "0.1.0.dev0"
__all__ = ["Article", "Caption", "Span", "__version__"]

# The library never prints: callers decide where its log records go.
logging.getLogger(__name__).addHandler(logging.NullHandler())
