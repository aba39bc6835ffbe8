"""Stage 1: briefing files on disk -> ``Briefing`` and ``Passage`` records.

``read_text`` turns bytes into clean text, ``detect_format`` tells the four
formats apart, and the format parsers turn text into records.
"""

from .detect import detect_format
from .reader import DecodedText, read_text

__all__ = ["DecodedText", "detect_format", "read_text"]
