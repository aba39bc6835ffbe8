"""Small per-corpus tables that filters, event lookups and profiles read instead of looping.

A question must not cost time in proportion to the corpus: no Python loop
over every briefing or every passage on its path. What those loops computed
is computed once per corpus, on first use, and kept here:

* **organizations** — the distinct folded organizations and a code per
  briefing, so ``org:harbor`` tests each *distinct* host once and maps the
  answer to briefings with one array lookup;
* **categories** — per distinct folded category, the briefings holding it;
* **dates** — per briefing its ordinal day (-1 when undated), compared as an
  array;
* **folded ids and titles** — one NumPy string array each, searched for a
  substring in C (``np.char.find``);
* **meta postings** — per term of a briefing's title, series, host, place,
  categories and year (``corpus.meta_terms``), the briefings holding it: an
  event is resolved by reading the postings of the question's words;
* **roles and sections of passages** — read from the index's passage
  columns (codes), never by building passage records;
* **per-scope values** — what depends only on the briefings an asker may
  see and needs a pass over all of them (the hosts' acronyms, learnt from
  each briefing's opening passage), made once per visibility scope.

The per-briefing ones (and each briefing's opening runs, for the hosts'
acronyms) are the index's ``BriefingTables`` (``index.briefing_tables``):
made when it was saved and memory-mapped, or made once from an index built
in memory (``IndexedCorpus.tables``) — one way to make them, read alike.

The tables are tied to one :class:`~.corpus.SearchCorpus` (a weak mapping:
they go with it) and hold only immutable arrays, so threads share them.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from itertools import chain
from typing import TypeVar

import numpy as np

from ..index.briefing_tables import CAPITALISED_RUN, BriefingTables
from ..index.tokenize import tokenize
from ..models import Role
from ..text import fold
from .acronyms import learn_runs
from .corpus import SearchCorpus
from .scope import Scope

__all__ = ["CorpusTables", "tables"]

_ROLES = tuple(Role)  # the order of the index's role codes (``index.columns``)
_EMPTY = np.zeros(0, dtype=np.int64)
_KEPT = 512  # per-scope values kept (see ``CorpusTables.kept``)
_MISSING = object()
T = TypeVar("T")


class CorpusTables:
    """Columns and postings over one corpus's briefings and passages (see module docs)."""

    def __init__(self, corpus: SearchCorpus):
        self._corpus = weakref.proxy(corpus)
        self.n_briefings = len(corpus.briefings)
        self.n_passages = len(corpus.passages)
        self._kept: dict[tuple[str, bytes], object] = {}

    def kept(self, name: str, scope_key: bytes, make: Callable[[], T]) -> T:
        """``make()`` once per visibility scope (by its key), kept for the next questions.

        For what depends only on the briefings an asker may see and costs a
        pass over all of them. A few hundred scopes are kept; then all are
        dropped and made again when asked (a value made twice on a race is
        the same value).
        """
        key = (name, scope_key)
        found = self._kept.get(key, _MISSING)
        if found is _MISSING:
            if len(self._kept) >= _KEPT:
                self._kept = {}
            found = self._kept[key] = make()
        return found  # type: ignore[return-value]

    @cached_property
    def _stored(self) -> BriefingTables:
        """The index's per-briefing tables: saved with it, or made once from it in memory."""
        return self._corpus.indexed.tables()

    def warm(self) -> None:
        """Make every table now, so no question pays for the first use of one."""
        for name in ("_stored", "_categories", "_meta_postings", "_role_codes"):
            getattr(self, name)

    def host_acronyms(self, scope: Scope) -> dict[str, str]:
        """Initials (lower case) -> a visible host organization's name ("afpc" -> "American
        Foreign Policy Council"), learnt once per visibility scope: it reads the opening
        passage of every visible briefing, where a definition such as "the American Foreign
        Policy Council (AFPC)" stands, and the host names themselves."""
        return self.kept("hosts", scope.key, lambda: _host_acronyms(self._corpus, scope))

    # -- briefings ------------------------------------------------------------

    @property
    def _organizations(self) -> tuple[list[str], np.ndarray]:
        return self._stored.organizations, self._stored.org_codes

    def organization_mask(self, value: str) -> np.ndarray:
        """Briefings whose host's folded name contains the folded ``value``."""
        wanted = fold(value)
        names, codes = self._organizations
        hits = np.fromiter((wanted in name for name in names), dtype=bool, count=len(names))
        return hits[codes] if codes.size else np.zeros(0, dtype=bool)

    @cached_property
    def _categories(self) -> dict[str, np.ndarray]:
        return self._stored.category_postings()

    def category_mask(self, value: str) -> np.ndarray:
        """Briefings with a category whose folded name contains the folded ``value``."""
        wanted = fold(value)
        mask = np.zeros(self.n_briefings, dtype=bool)
        for category, holders in self._categories.items():
            if wanted in category:
                mask[holders] = True
        return mask

    def date_mask(self, low, high) -> np.ndarray:
        """Dated briefings on or after ``low`` and before ``high`` (dates; None: open)."""
        days = self._stored.dates
        mask = days >= 0
        if low is not None:
            mask &= days >= low.toordinal()
        if high is not None:
            mask &= days < high.toordinal()
        return mask

    def id_or_title_mask(self, value: str) -> np.ndarray:
        """Briefings whose folded id or title contains the folded ``value``."""
        if not self.n_briefings:
            return np.zeros(0, dtype=bool)
        folded = fold(value)
        return ((np.char.find(self._stored.folded_ids, folded) >= 0)
                | (np.char.find(self._stored.folded_titles, folded) >= 0))

    @cached_property
    def _meta_postings(self) -> dict[str, np.ndarray]:
        return self._stored.meta_postings()

    def with_meta_term(self, term: str) -> np.ndarray:
        """The briefings (ascending) whose meta terms hold ``term``."""
        return self._meta_postings.get(term, _EMPTY)

    def with_all_meta_terms(self, terms: Iterable[str]) -> np.ndarray:
        """Mask of the briefings whose meta terms hold every one of ``terms`` (none: all False)."""
        mask = np.zeros(self.n_briefings, dtype=bool)
        wanted = list(dict.fromkeys(terms))
        if not wanted:
            return mask
        counts = np.zeros(self.n_briefings, dtype=np.int64)
        for term in wanted:
            counts[self.with_meta_term(term)] += 1
        mask[counts == len(wanted)] = True
        return mask

    def meta_cover(self, weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(briefings, summed weight) of every briefing holding any weighted meta term.

        Each briefing's weights are added in the mapping's order, from 0.0, so
        the sums are the floats a loop over the mapping would give.
        """
        touched = [self.with_meta_term(t) for t in weights]
        if not any(a.size for a in touched):
            return _EMPTY, np.zeros(0, dtype=np.float64)
        sums = np.zeros(self.n_briefings, dtype=np.float64)
        for holders, weight in zip(touched, weights.values(), strict=True):
            sums[holders] += weight  # one term: each briefing at most once
        briefings = np.unique(np.concatenate(touched))
        return briefings, sums[briefings]

    # -- passages ---------------------------------------------------------------

    @cached_property
    def _role_codes(self) -> np.ndarray:
        columns = self._corpus.columns
        if columns is not None:
            return np.asarray(columns.role, dtype=np.int64)
        code = {role: i for i, role in enumerate(_ROLES)}
        return np.fromiter((code[Role(p.role)] for p in self._corpus.passages),
                           dtype=np.int64, count=self.n_passages)

    def role_mask(self, roles: Iterable[str]) -> np.ndarray:
        """Passages spoken in one of ``roles`` (role values, e.g. 'moderator')."""
        wanted = set(roles)
        hits = np.array([role.value in wanted for role in _ROLES], dtype=bool)
        return hits[self._role_codes]

    def sections(self, passage_ids: np.ndarray | Iterable[int]) -> list[str | None]:
        """The section heading of each passage (None where it has none), from the columns."""
        ids = np.asarray(list(passage_ids) if not isinstance(passage_ids, np.ndarray)
                         else passage_ids, dtype=np.int64)
        columns = self._corpus.columns
        if columns is None:
            return [self._corpus.passages[int(i)].section for i in ids.tolist()]
        table = columns.sections
        return [None if c < 0 else table[c] for c in np.asarray(columns.section)[ids].tolist()]


_TABLES: weakref.WeakKeyDictionary[SearchCorpus, CorpusTables] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def tables(corpus: SearchCorpus) -> CorpusTables:
    """The tables of ``corpus`` (made on first use, kept as long as the corpus lives)."""
    found = _TABLES.get(corpus)
    if found is None:
        with _LOCK:
            found = _TABLES.get(corpus)
            if found is None:
                found = _TABLES[corpus] = CorpusTables(corpus)
    return found


def _host_acronyms(corpus: SearchCorpus, scope: Scope) -> dict[str, str]:
    visible = np.flatnonzero(scope.briefings)
    stored = corpus.indexed.tables()
    # The hosts in the order first met (a set that iterates alike at every start).
    orgs = set(stored.hosts_of(visible)) - {None, ""}
    if not orgs:
        return {}
    # The opening passages' capitalised runs were found when the tables were made.
    runs = stored.opening_runs
    table = learn_runs(chain(chain.from_iterable(map(CAPITALISED_RUN.findall, orgs)),
                             chain.from_iterable(runs[i] for i in visible.tolist())))
    by_terms = {tuple(tokenize(o)): o for o in orgs}
    out: dict[str, str] = {}
    for org in orgs:
        initials = "".join(w[0] for w in org.split() if w[:1].isupper()).lower()
        if 2 <= len(initials) <= 6:
            for phrase in table.expand(initials):
                if tuple(phrase) in by_terms:
                    out.setdefault(initials, by_terms[tuple(phrase)])
    return out
