"""Text normalisation shared by every stage (a leaf module like ``models``).

Display text keeps curly quotes and dashes; matching uses ``fold``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

__all__ = [
    "TRANSCRIPT_MARKS",
    "date_words",
    "fold",
    "fold_quotes",
    "slug",
    "squash_space",
    "strip_diacritics",
    "without_transcript_marks",
]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)
# Letters that do not decompose under NFKD but should still match their base letter.
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th"}
)


def fold_quotes(text: str) -> str:
    """Straighten curly quotes, unify dashes and odd spaces."""
    return text.translate(_QUOTES)


def strip_diacritics(text: str) -> str:
    """'Núñez Østergaard' -> 'Nunez Ostergaard'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def squash_space(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    # str.split() cuts at exactly the characters regex \s matches (str.isspace), in C.
    return " ".join(text.split())


def fold(text: str) -> str:
    """The matching form: NFKC, straight quotes, no diacritics, lower case, single spaces."""
    if text.isascii():
        # Normalizing, quote and diacritic folding leave ASCII as it is (every
        # key of their tables is beyond it) and casefold() is lower() there:
        # most names and titles take this path, ~7 -> ~1 us each.
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", text)
    return squash_space(strip_diacritics(fold_quotes(text)).casefold())


def slug(text: str, max_len: int = 60) -> str:
    """'Ilan I. Berman' -> 'ilan-i-berman'."""
    out = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return out[:max_len].rstrip("-") or "x"


def date_words(date: dt.date | None) -> str:
    """'June 8, 2023' — the one date format every answer uses (empty when unknown)."""
    if date is None:
        return ""
    return f"{calendar.month_name[date.month]} {date.day}, {date.year}"


# Stage directions and time stamps a transcriber adds ("(Laughter.)", "[inaudible]",
# "[00:14:32]"): not anyone's words. Ingestion cuts them from passages; a remembered line
# pasted with them ("... one final question. (Inaudible.)") is matched without them too.
_STAGE_WORDS = (
    r"laughter|laughs|laughing|applause|crosstalk|cross-talk|cross talk|inaudible|"
    r"unintelligible|indiscernible|pause|pauses|audio gap|audio|off[- ]mic|off-microphone|"
    r"technical difficulties|break|recess|video(?: plays| presentation| clip)?|music|silence|"
    r"end of transcript|end|transcript\b[^\]\)]*|recording\b[^\]\)]*|begin\b[^\]\)]*|"
    r"beginning of transcript|ph|sp\?|coughs|overlapping|simultaneous interpretation|"
    r"speaks? in [a-z]+|foreign language|no audio|gap in audio|interruption|interrupts|"
    r"bell rings|gavel|chuckles|murmurs"
)
TRANSCRIPT_MARKS = re.compile(
    r"\(\s*(?:" + _STAGE_WORDS + r")(?![a-z])[^()\n]{0,40}\)"
    r"|\[\s*(?:" + _STAGE_WORDS + r")(?![a-z])[^\[\]\n]{0,80}\]"
    r"|[\[(]\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:[ap]\.?m\.?)?\s*[\])]"
    r"|^\s*\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\s+",
    re.IGNORECASE,
)


def without_transcript_marks(text: str) -> str:
    """``text`` without stage directions and time stamps, spaces squashed."""
    return squash_space(TRANSCRIPT_MARKS.sub(" ", text))
