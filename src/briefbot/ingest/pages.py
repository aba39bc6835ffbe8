"""Printed pages of a briefing: which page label each character of its text is on.

A PDF's text comes with a ``PageMap`` built while the pages are read (the
number printed on each page, else the PDF page index). A text or HTML hearing
transcript marks its pages itself with ``[[Page 19]]`` lines (the GPO style);
``take_page_markers`` turns those lines into the same map and blanks them out,
so that no parser ever reads a marker as words while every line number and
character offset stays where it was.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Problem

__all__ = ["PageMap", "DocumentText", "take_page_markers"]

_MARKER = re.compile(r"^[ \t]*\[\[Page[ \t]+([A-Za-z0-9][A-Za-z0-9.\-]{0,11})\]\][ \t]*$", re.M)


@dataclass(frozen=True)
class PageMap:
    """Page labels by character offset: page ``labels[i]`` starts at ``starts[i]``.

    Text before the first start is on no known page (a title page before the
    first ``[[Page N]]`` marker).
    """

    starts: tuple[int, ...]
    labels: tuple[str, ...]

    @classmethod
    def from_pages(cls, pages: Sequence[tuple[int, str]]) -> PageMap:
        """A map from (start offset, label) pairs in text order."""
        return cls(tuple(start for start, _ in pages), tuple(label for _, label in pages))

    def label_at(self, offset: int) -> str | None:
        """The label of the page holding character ``offset``, or None before the first page."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.labels[i] if i >= 0 else None

    def span(self, start: int, end: int) -> tuple[str, str] | None:
        """First and last page label of characters [start, end), or None if unknown."""
        first = self.label_at(start)
        last = self.label_at(max(start, end - 1))
        if first is None and last is None:
            return None
        return (first or last or "", last or first or "")

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class DocumentText:
    """The text read from a PDF or Word file, its pages (None if unpaged), what went wrong."""

    text: str
    pages: PageMap | None = None
    problems: tuple[Problem, ...] = ()


def take_page_markers(text: str) -> tuple[str, PageMap | None]:
    """``text`` with its ``[[Page N]]`` lines blanked, and the map they give (None if none).

    A marker line is replaced by as many spaces as it had characters, so
    offsets and line numbers of everything else are unchanged; the page starts
    at the line after the marker.
    """
    if "[[Page" not in text:
        return text, None
    pages: list[tuple[int, str]] = []
    parts: list[str] = []
    last = 0
    for match in _MARKER.finditer(text):
        parts.append(text[last : match.start()])
        parts.append(" " * (match.end() - match.start()))
        last = match.end()
        pages.append((match.end(), match.group(1)))
    if not pages:
        return text, None
    parts.append(text[last:])
    return "".join(parts), PageMap.from_pages(pages)
