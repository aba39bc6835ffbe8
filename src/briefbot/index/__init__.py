"""Stage 2: passages -> a BM25 index (build, search, save, load).

``tokenize`` turns text into terms (documents and queries alike),
``bm25`` holds the scoring and the postings index, ``store`` ties a corpus
to its persisted index (``open_index`` is the entry point).
"""

from .bm25 import BM25Index, ReferenceBM25
from .store import IndexedCorpus, build_index, document_terms, open_index
from .tokenize import STOPWORDS, term_spans, tokenize

__all__ = [
    "BM25Index",
    "IndexedCorpus",
    "ReferenceBM25",
    "STOPWORDS",
    "build_index",
    "document_terms",
    "open_index",
    "term_spans",
    "tokenize",
]
