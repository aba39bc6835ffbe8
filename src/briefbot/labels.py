"""Access labels that combine: the strictest wins.

A briefing reached under several labels (a path rule and front matter, a
link from one folder to another, a copy of a restricted file) carries all of
them, joined with ``+`` in sorted order (``board+members``), and is visible
only where *every* one of them is. ``public`` adds nothing to a combination:
it is the absence of a restriction.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["PUBLIC", "combine_labels", "label_parts", "SEPARATOR"]

PUBLIC = "public"
SEPARATOR = "+"


def label_parts(label: str) -> tuple[str, ...]:
    """The single labels a (possibly combined) label is made of; () for public."""
    parts = tuple(sorted({p.strip() for p in label.split(SEPARATOR) if p.strip()} - {PUBLIC}))
    return parts


def combine_labels(labels: Iterable[str]) -> str:
    """The label that is visible only where every given label is."""
    parts: set[str] = set()
    for label in labels:
        parts.update(label_parts(label))
    return SEPARATOR.join(sorted(parts)) if parts else PUBLIC
