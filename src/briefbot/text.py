"""Text normalisation shared by every stage (a leaf module like ``models``).

Display text keeps curly quotes and dashes; matching uses ``fold``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

__all__ = ["fold", "fold_quotes", "strip_diacritics", "squash_space", "slug", "date_words"]

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
_SPACE = re.compile(r"\s+")
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
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """The matching form: NFKC, straight quotes, no diacritics, lower case, single spaces."""
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
