"""Stage 1: briefing files on disk -> ``Briefing`` and ``Passage`` records.

``load_corpus`` walks a knowledge folder and returns a ``Corpus`` with a
``FileReport`` per file; underneath, ``read_text`` turns bytes into clean
text, ``detect_format`` tells the four formats apart and ``parse_text``
turns text of one format into records.
"""

from .detect import detect_format
from .loader import ParsedFile, load_corpus, parse_file
from .parse import ParseResult, parse_text
from .reader import DecodedText, read_text

__all__ = [
    "DecodedText",
    "ParseResult",
    "ParsedFile",
    "detect_format",
    "load_corpus",
    "parse_file",
    "parse_text",
    "read_text",
]
