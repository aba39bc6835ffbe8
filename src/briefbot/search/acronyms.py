"""Acronyms learned from the corpus itself: 'UAE' finds 'United Arab Emirates'.

A speaker says "the United Arab Emirates"; the asker types "UAE". No list
of acronyms is kept: the corpus is read once for capitalised phrases
("Financial Action Task Force", "United Arab Emirates", "Larkspur Center for
Eurasian Studies") and the initials of each run of two to six capitalised
words (small joining words such as "of" and "for" allowed between them and
left out of the initials) are remembered with the phrase's terms. An
explicit definition, "Long Name (LN)", is learned the same way, since its
initials agree.

The engine consults this only for a query word the index has never seen,
so a real word that happens to spell someone's initials is left alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..index.tokenize import tokenize

__all__ = ["Acronyms", "learn"]

MAX_WORDS = 6
"""Longest phrase (in capitalised words) whose initials are remembered."""
PER_ACRONYM = 2
"""Phrases kept per acronym: the most frequent."""

_JOINERS = r"(?:of|and|for|the|on|in|de|du|del|der|van|von|al|&)"
_CAPITALISED = r"[A-Z][\w'’.-]*"
_RUN = re.compile(rf"\b{_CAPITALISED}(?:\s+(?:{_JOINERS}\s+){{0,2}}{_CAPITALISED})+")
_JOINER_WORD = re.compile(rf"{_JOINERS}\Z")


class Acronyms:
    """Acronym (as a term, lower case) -> the phrases (as term tuples) it abbreviates."""

    def __init__(self, table: dict[str, tuple[tuple[str, ...], ...]]):
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def expand(self, term: str) -> tuple[tuple[str, ...], ...]:
        """Phrases an acronym term stands for, most frequent first (empty if none)."""
        return self._table.get(term, ())


def learn(texts: Iterable[str]) -> Acronyms:
    """Read capitalised phrases from ``texts`` and index them by their initials."""
    runs: Counter[str] = Counter()
    for text in texts:
        runs.update(_RUN.findall(text))
    # Each distinct run is analysed once, however often the corpus repeats it.
    counts: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for run, seen in runs.items():
        words = run.split()
        content = [i for i, w in enumerate(words) if not _JOINER_WORD.match(w)]
        for a in range(len(content)):
            for b in range(a + 1, min(a + MAX_WORDS, len(content))):
                first, last = content[a], content[b]
                initials = "".join(words[i][0] for i in content[a : b + 1]).lower()
                terms = tuple(tokenize(" ".join(words[first : last + 1])))
                if len(terms) >= 2 and initials.isalpha():
                    counts[initials][terms] += seen
    table = {
        key: tuple(phrase for phrase, _ in found.most_common(PER_ACRONYM))
        for key, found in counts.items()
    }
    return Acronyms(table)
