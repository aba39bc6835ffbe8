"""Stage 2: passages -> a BM25 index (build, search, save, load)."""
