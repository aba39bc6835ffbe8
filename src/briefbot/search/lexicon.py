"""Query expansion: the other words policy talk uses for the same thing.

People ask in their own words. A speaker says "Washington" where the asker
remembers "the US", "the Kremlin" where the asker writes "Moscow", "leverage"
where the asker says "clout". BM25 alone never connects them. This module
holds a small, general lexicon of such equivalences and the derivational
fold the Snowball stemmer does not do ("west" / "western").

Three kinds of link, each with a *credit* below 1, so that a passage using
the asker's own word always outranks one that only uses an equivalent:

``ACTORS`` (credit ``ACTOR_CREDIT``)
    A capital or seat of government, the country, its demonym and its usual
    abbreviations name the same actor in policy talk (metonymy).
``RELATED`` (credit ``RELATED_CREDIT``)
    Near-synonyms common in briefings on security, trade and foreign policy.
    Looser than names, so credited less.
``fold`` (full credit, applied by the engine to the index vocabulary)
    Derivational suffixes removed from a stem ("western" -> "west",
    "economic" -> "econom"), so adjective and noun forms meet.

Entries are written as plain words and run through the index tokenizer once
at import, so their stems are exactly the terms the index holds. An entry of
several words ("United States") is a *phrase*: it matches only where its
terms occur one after the other.

The lists are deliberately general: equivalences a policy reader would make
without thinking, not wording lifted from any particular question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..index.tokenize import tokenize

__all__ = [
    "ACTORS",
    "RELATED",
    "ACTOR_CREDIT",
    "RELATED_CREDIT",
    "Expansion",
    "Lexicon",
    "LEXICON",
    "fold",
    "fold_groups",
    "phrase_key",
]

ACTOR_CREDIT = 0.9
"""Credit of a passage term that names the same actor as the asker's word."""
RELATED_CREDIT = 0.7
"""Credit of a passage term that is a near-synonym of the asker's word."""

ACTORS: tuple[tuple[str, ...], ...] = (
    ("Washington", "United States", "US", "America", "American", "Americans"),
    ("Moscow", "Kremlin", "Russia", "Russian", "Russians"),
    ("Beijing", "China", "Chinese", "PRC"),
    ("Kyiv", "Kiev", "Ukraine", "Ukrainian", "Ukrainians"),
    ("Tehran", "Iran", "Iranian", "Iranians"),
    ("Taipei", "Taiwan", "Taiwanese"),
    ("New Delhi", "India", "Indian", "Indians"),
    ("Tokyo", "Japan", "Japanese"),
    ("Seoul", "South Korea", "South Korean"),
    ("Pyongyang", "North Korea", "North Korean", "DPRK"),
    ("London", "Britain", "British", "United Kingdom", "UK"),
    ("Paris", "France", "French"),
    ("Berlin", "Germany", "German"),
    ("Ankara", "Turkey", "Turkish", "Türkiye"),
    ("Islamabad", "Pakistan", "Pakistani"),
    ("Riyadh", "Saudi Arabia", "Saudi"),
    ("Abu Dhabi", "United Arab Emirates", "UAE", "Emirati"),
    ("Jerusalem", "Israel", "Israeli"),
    ("Brussels", "EU", "European Union"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("West", "Western"),
    ("Europe", "European", "Europeans"),
    ("Arctic", "polar", "High North"),
)

RELATED: tuple[tuple[str, ...], ...] = (
    ("clout", "leverage", "influence", "sway"),
    ("spook", "scare", "frighten", "nervous", "rattle", "unnerve"),
    ("dodgy", "doubtful", "opaque", "murky", "questionable", "shady"),
    ("late", "delay", "backlog", "overdue"),
    ("police", "enforce", "enforcement"),
    ("standoff", "clash", "confrontation", "stalemate", "face-off"),
    ("subsea", "undersea", "submarine", "seabed"),
    ("low-key", "quiet", "quieter", "discreet", "low-profile"),
    ("footprint", "presence", "profile", "visible", "visibility"),
    ("less", "fewer", "smaller", "lower", "reduced"),
    ("weak", "weakness", "vulnerable", "vulnerability", "fail", "failure", "breakdown", "break", "loophole"),
    ("disrupt", "disruption", "outage", "sever", "cut", "lose", "loss"),
    ("rely", "reliance", "depend", "dependence", "dependent"),
    ("enough", "sufficient", "adequate"),
    ("capacity", "capability"),
    ("fix", "repair", "mend"),
    ("ship", "vessel"),
    ("cargo", "freight"),
    ("weapon", "arms", "armament", "munition"),
    ("troops", "soldiers", "forces"),
    ("war", "conflict", "warfare"),
    ("ally", "partner"),
    ("deal", "agreement", "accord"),
    ("talks", "negotiation", "negotiations"),
    ("ban", "prohibit", "prohibition", "embargo"),
    ("curb", "restrict", "restriction", "limit"),
    ("penalty", "sanction", "sanctions"),
    ("money", "funds", "funding", "financing", "cash"),
    ("currency", "money"),
    ("aging", "ageing", "old", "obsolete"),
    ("single", "one", "lone", "sole"),
    ("threat", "danger", "risk"),
    ("attack", "strike", "assault"),
    ("spy", "espionage", "intelligence"),
    ("middleman", "intermediary", "distributor", "reseller", "broker"),
    ("cheap", "discounted", "inexpensive"),
    ("shortage", "scarcity", "shortfall"),
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


LEXICON = Lexicon(
    [(group, ACTOR_CREDIT) for group in ACTORS] + [(group, RELATED_CREDIT) for group in RELATED]
)
"""The lexicon the engine uses."""
