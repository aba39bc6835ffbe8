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

import mmap
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import chain

import numpy as np

from ..index.briefing_tables import CAPITALISED, CAPITALISED_RUN, JOINERS
from ..index.tokenize import tokenize

__all__ = ["Acronyms", "LazyAcronyms", "learn", "learn_runs"]

MAX_WORDS = 6
"""Longest phrase (in capitalised words) whose initials are remembered."""
PER_ACRONYM = 2
"""Phrases kept per acronym: the most frequent."""

# The pattern of a capitalised run and its joining words live with the index, which
# finds each briefing's opening runs when it is saved (``index.briefing_tables``).
_JOINERS = JOINERS
_CAPITALISED = CAPITALISED
_RUN = CAPITALISED_RUN
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
    return learn_runs(chain.from_iterable(map(_RUN.findall, texts)))


def learn_runs(found: Iterable[str]) -> Acronyms:
    """What :func:`learn` makes of texts whose capitalised runs (``_RUN``) are ``found``."""
    runs: Counter[str] = Counter(found)
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


class LazyAcronyms:
    """The table ``learn`` would build over a whole corpus, looked up one acronym at a time.

    Reading every passage of a large archive for capitalised phrases takes
    seconds; a question needs one or two acronyms. For an acronym of n
    letters, a text can only contribute a phrase if it holds n capitalised
    words with those initials one after the other (small joining words
    allowed between them): a single regular-expression scan finds those
    texts — over the index's UTF-8 text blob when there is one, without
    decoding a passage — and ``learn`` reads only them. The texts keep their
    corpus order, so the counts, and the order of phrases seen equally
    often, are those of the whole-corpus table. Results are kept per acronym.
    """

    def __init__(
        self,
        metadata: Callable[[], Iterable[tuple[int, str]]],
        *,
        blob: bytes | mmap.mmap | None = None,
        offsets: np.ndarray | None = None,
        text_of: Callable[[int], str] | None = None,
        texts: Callable[[], Iterable[str]] | None = None,
    ):
        self._metadata = metadata
        self._meta_texts: list[tuple[int, str]] | None = None
        self._blob = blob
        self._offsets = offsets
        self._text_of = text_of
        self._texts = texts
        self._found: dict[tuple[bytes, str], tuple[tuple[str, ...], ...]] = {}

    def expand(
        self,
        term: str,
        *,
        key: bytes = b"",
        briefings: np.ndarray | None = None,
        passages: np.ndarray | None = None,
    ) -> tuple[tuple[str, ...], ...]:
        """Phrases an acronym term stands for, most frequent first (empty if none).

        With ``briefings`` and ``passages`` (visibility masks, kept under
        ``key``) only those briefings' metadata and passages are read: the
        table a corpus of just them would give.
        """
        if not (2 <= len(term) <= MAX_WORDS and term.isascii() and term.isalpha() and term.islower()):
            return ()  # initials are two to MAX_WORDS ASCII capitals
        found = self._found.get((key, term))
        if found is None:
            if self._meta_texts is None:
                self._meta_texts = list(self._metadata())
            wanted = _initials_pattern(term)
            sources = [t for owner, t in self._meta_texts
                       if (briefings is None or briefings[owner]) and wanted.search(t)]
            sources.extend(self._passages_for(term, wanted, passages))
            found = learn(sources).expand(term)
            if len(self._found) > 4096:
                self._found.clear()
            self._found[(key, term)] = found
        return found

    def _passages_for(
        self, term: str, wanted: re.Pattern[str], visible: np.ndarray | None
    ) -> list[str]:
        if self._blob is None or self._offsets is None or self._text_of is None:
            texts = self._texts() if self._texts else ()
            return [t for i, t in enumerate(texts)
                    if (visible is None or visible[i]) and wanted.search(t)]
        ids: set[int] = set()
        bounds = self._offsets
        for match in _initials_bytes(term).finditer(self._blob):
            # Every passage the match touches (passages are stored back to back).
            first = int(np.searchsorted(bounds, match.start(), side="right")) - 1
            last = int(np.searchsorted(bounds, max(match.end() - 1, match.start()), side="right")) - 1
            ids.update(range(max(first, 0), min(last, len(bounds) - 2) + 1))
        return [self._text_of(i) for i in sorted(ids) if visible is None or visible[i]]


def _initials_pattern(term: str) -> re.Pattern[str]:
    """Capitalised words with these initials, one after the other, as ``_RUN`` would join them."""
    gap = rf"[\w'’.-]*\s+(?:{_JOINERS}\s+){{0,2}}"
    return re.compile(gap.join(c.upper() for c in term))


# The same in UTF-8 bytes, loosened so that it matches wherever the text
# pattern does: a word character may be any byte above space, a space any
# ASCII space or any byte of a multi-byte character (Unicode spaces).
_BYTE_SPACE = rb"[\x09-\x0d\x1c-\x20\x80-\xff]+"
_BYTE_GAP = rb"[^\x00-\x20]*" + _BYTE_SPACE + rb"(?:" + _JOINERS.encode() + _BYTE_SPACE + rb"){0,2}"


def _initials_bytes(term: str) -> re.Pattern[bytes]:
    return re.compile(_BYTE_GAP.join(c.upper().encode() for c in term))
