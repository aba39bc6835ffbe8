"""Query expansion: other names of the same actor, and the derivational fold.

People ask in their own words. A speaker says "Ottawa" where the asker
remembers "Canada", "Canberra" where the asker writes "the Australians". BM25
alone never connects them. This module holds one general table of such
equivalences and the derivational fold the Snowball stemmer does not do
("west" / "western").

Two kinds of link:

``ACTORS`` (credit ``ACTOR_CREDIT``, below 1, so a passage using the asker's
own word always outranks one that only uses an equivalent)
    A state's capital (its seat of government), its short and formal names,
    its adjective / demonym and its ISO 3166-1 alpha-2 code or usual
    abbreviation name the same actor in policy talk (metonymy). Source: the
    standard country tables (ISO 3166-1 names and codes; the capital and
    adjective as the CIA World Factbook gives them). Which states: every
    member of the G20, and every other state known to hold nuclear weapons
    (Pakistan, North Korea, Israel) — a selection made from those external
    lists, not from any question or briefing. The EU and NATO are listed with
    their formal names and seats for the same reason (the G20 includes the EU).
``fold`` (full credit, applied to the index vocabulary)
    Derivational suffixes removed from a stem ("western" -> "west",
    "economic" -> "econom"), so adjective and noun forms meet. The suffixes
    are English derivational endings of adjectives and nouns (any grammar of
    English word formation lists them), not words of any question.

There is no table of near-synonyms: a hand-written one ends up linking the
words of the questions its author was looking at to the words of their
answers. Other wording is met by the derivational fold, stem variants
(``terms.variants``), acronyms the corpus defines, and — when installed —
the optional semantic reranker (``semantic.py``). Expansion from the corpus
itself (RM3) was measured and not kept (bench/RESULTS.md, issue 13).

Entries are written as plain words and run through the index tokenizer once
at import, so their stems are exactly the terms the index holds. An entry of
several words ("United States") is a *phrase*: it matches only where its
terms occur one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..index.tokenize import tokenize

__all__ = [
    "ACTORS",
    "ACTOR_CREDIT",
    "Expansion",
    "Lexicon",
    "LEXICON",
    "fold",
    "fold_groups",
    "phrase_key",
]

ACTOR_CREDIT = 0.9
"""Credit of a passage term that names the same actor as the asker's word."""

ACTORS: tuple[tuple[str, ...], ...] = (
    # The G20 members.
    ("Buenos Aires", "Argentina", "Argentine", "Argentinian"),
    ("Canberra", "Australia", "Australian", "Australians"),
    ("Brasilia", "Brazil", "Brazilian", "Brazilians"),
    ("Ottawa", "Canada", "Canadian", "Canadians"),
    ("Beijing", "China", "Chinese", "PRC", "People's Republic of China"),
    ("Paris", "France", "French"),
    ("Berlin", "Germany", "German", "Germans"),
    ("New Delhi", "India", "Indian", "Indians"),
    ("Jakarta", "Indonesia", "Indonesian", "Indonesians"),
    ("Rome", "Italy", "Italian", "Italians"),
    ("Tokyo", "Japan", "Japanese"),
    ("Mexico City", "Mexico", "Mexican", "Mexicans"),
    ("Moscow", "Kremlin", "Russia", "Russian", "Russians", "Russian Federation"),
    ("Riyadh", "Saudi Arabia", "Saudi", "Saudis"),
    ("Pretoria", "South Africa", "South African", "South Africans"),
    ("Seoul", "South Korea", "South Korean", "Republic of Korea", "ROK"),
    ("Ankara", "Turkey", "Turkish", "Türkiye"),
    ("London", "Britain", "British", "United Kingdom", "UK"),
    ("Washington", "United States", "US", "USA", "America", "American", "Americans"),
    ("Brussels", "EU", "European Union"),
    ("Addis Ababa", "African Union", "AU"),
    # The other states known to hold nuclear weapons.
    ("Islamabad", "Pakistan", "Pakistani", "Pakistanis"),
    ("Pyongyang", "North Korea", "North Korean", "DPRK"),
    ("Jerusalem", "Israel", "Israeli", "Israelis"),
    # The alliance most of these states' policy talk names, with its formal name.
    ("NATO", "North Atlantic Treaty Organization"),
)

# Derivational suffixes, longest first, removed from stems by ``fold``. The
# stem must keep at least ``_MIN_ROOT`` letters so short words stay apart.
_SUFFIXES = ("ations", "ation", "ional", "ical", "ian", "ern", "ese", "ic", "al", "an", "ly")
_MIN_ROOT = 4


def fold(term: str) -> str:
    """A stem with one derivational suffix removed: 'western' -> 'west', 'nation' stays."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= _MIN_ROOT:
            return term[: -len(suffix)]
    return term


def fold_groups(terms: Iterable[str], vocabulary: frozenset[str] | set[str]) -> dict[str, list[str]]:
    """Fold key -> the terms (in the given order) that ``fold`` shortens to it.

    Kept when two or more terms share the key or the key is itself in
    ``vocabulary`` ('west': ['western']). A term ``fold`` leaves alone is
    never listed: its key would be itself.
    """
    groups: dict[str, list[str]] = {}
    for term in terms:
        if term.endswith(_SUFFIXES):  # one C call; most terms have none
            key = fold(term)
            if key != term:
                groups.setdefault(key, []).append(term)
    return {k: v for k, v in groups.items() if len(v) > 1 or k in vocabulary}


def phrase_key(terms: Iterable[str]) -> str:
    """The pseudo-term of a phrase: its terms joined by spaces (no real term has one)."""
    return " ".join(terms)


@dataclass(frozen=True)
class Expansion:
    """Another form of a query term: its terms (several for a phrase) and its credit."""

    terms: tuple[str, ...]
    credit: float

    @property
    def key(self) -> str:
        """The term (or phrase pseudo-term) a passage must hold to match."""
        return phrase_key(self.terms)


class Lexicon:
    """Equivalence groups, tokenized once, looked up by term or phrase."""

    def __init__(self, groups: Iterable[tuple[Iterable[str], float]]):
        self._by_key: dict[str, list[Expansion]] = {}
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for words, credit in groups:
            forms: list[tuple[str, ...]] = []
            for word in words:
                terms = _form_terms(word)
                if terms and terms not in forms:
                    forms.append(terms)
            for form in forms:
                if len(form) > 1:
                    self.phrases.setdefault(form[0], [])
                    if form not in self.phrases[form[0]]:
                        self.phrases[form[0]].append(form)
                mates = self._by_key.setdefault(phrase_key(form), [])
                for other in forms:
                    if other != form and all(m.terms != other for m in mates):
                        mates.append(Expansion(other, credit))

    def expand(self, key: str) -> list[Expansion]:
        """The other forms of a term or phrase pseudo-term (empty if none)."""
        return self._by_key.get(key, [])

    def question_phrases(self, terms: list[str]) -> list[tuple[str, ...]]:
        """Lexicon phrases occurring, term after term, in a question's terms."""
        return find_phrases(terms, self.phrases)


def find_phrases(terms: list[str], index: dict[str, list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Phrases of ``index`` (first term -> phrases) found consecutively in ``terms``."""
    found: list[tuple[str, ...]] = []
    for i, term in enumerate(terms):
        for phrase in index.get(term, ()):
            if tuple(terms[i : i + len(phrase)]) == phrase and phrase not in found:
                found.append(phrase)
    return found


def _form_terms(word: str) -> tuple[str, ...]:
    """Terms of a lexicon entry: a compound keeps only its joined term."""
    terms = tokenize(word)
    if any(j in word for j in "-\u2010\u2011\u2013") and len(terms) > 1:
        return (terms[-1],)
    return tuple(terms)


LEXICON = Lexicon([(group, ACTOR_CREDIT) for group in ACTORS])
"""The lexicon the engine uses."""
