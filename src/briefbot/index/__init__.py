"""Stage 2: passages -> a BM25 index (build, search, save, load).

``tokenize`` turns text into terms (documents and queries alike),
``bm25`` holds the scoring and the postings index, ``store`` ties a corpus
to its persisted index.
"""

from .bm25 import BM25Index, ReferenceBM25
from .tokenize import STOPWORDS, term_spans, tokenize

__all__ = ["BM25Index", "ReferenceBM25", "STOPWORDS", "term_spans", "tokenize"]
