"""Stage 3: a question -> a parsed query -> attributed hits and an answer."""
