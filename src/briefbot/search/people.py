"""People in the corpus, and how a question names them.

A *person* is one canonical name (folded: "Ostergaard" = "Østergaard")
across every briefing where it appears; an *appearance* is that person at
one event, with the honorific, affiliation and role stated there. Tessa
Marchetti who spoke at two events with two affiliations is one person with
two appearances.

``People.mentions(question)`` finds names in a plain question: a full name,
first and last name, a surname (also a multi-word one such as "Ibanez de la
Torre" or a family name written first such as "Gao"), optionally after an
honorific that disambiguates a shared surname ("Dr. Kang" vs "Mr. Kang").
A lone name word counts only when written with a capital (or when the whole
question is in lower case), so the word "grace" in a sentence is not
Dr. Grace Lindqvist. Everything is built once per corpus; the visibility
mask of the asker is applied per call, so a restricted briefing's people are
never resolved for someone who may not see it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from ..models import Briefing, Speaker
from ..names import TITLE_WORDS, honorific_ending, same_title
from ..names import honorific_key as title_key
from ..text import fold

__all__ = ["Appearance", "Person", "Mention", "People", "name_words", "honorific_key"]

# Lower-case particles of family names in the Romance, Germanic, Dutch and Arabic naming
# conventions ("de la Cruz", "van der Berg", "bin Salman"), as name authority files list them.
_PARTICLES = frozenset(
    "de la del della der den di da do dos das du le van von ter ten bin ibn al el y st".split()
)
# Words that are never read as a name on their own, however capitalised: English question
# words, auxiliaries, articles, conjunctions and prepositions, the verbs of saying, this
# product's own nouns for events and their roles, and the courtesy titles.
_NOT_NAMES = frozenset(
    """what who whom when where which why how did does do is was were are the a an and or
    said say says about on at in of to for with from by according speaker speakers panel
    panelist panelists moderator event events briefing briefings dr mr ms mrs amb""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def name_words(text: str) -> list[str]:
    """Folded words of a name or question: 'Lucía Ibáñez-Torre's' -> ['lucia', 'ibanez-torre']."""
    out = []
    for word in _WORD.findall(fold(text)):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.strip("'"))
    return [w for w in out if w]


def honorific_key(honorific: str | None) -> str | None:
    """'Amb.' / 'Ambassador' -> 'amb' (the one title table, ``briefbot.names``); None for none."""
    return title_key(honorific) or None


class Appearance(NamedTuple):
    """One person at one briefing."""

    briefing_index: int
    speaker: Speaker


# Appearances made from (briefing index, speaker) pairs in C, without a Python call
# each: a large archive has ~87,000 of them per million passages, all made at start-up.
_appearances = partial(tuple.__new__, Appearance)


@dataclass(frozen=True)
class Person:
    """One canonical name across the corpus."""

    key: str
    name: str
    appearances: tuple[Appearance, ...]

    def visible(self, mask: np.ndarray) -> tuple[Appearance, ...]:
        """The appearances at briefings this asker may see."""
        return tuple(a for a in self.appearances if mask[a.briefing_index])


@dataclass(frozen=True)
class Mention:
    """A name found in a question: where, who it may be, and what honorific was used."""

    start: int  # character range in the question, honorific included
    end: int
    text: str
    persons: tuple[Person, ...]
    honorific: str | None = None
    honorific_used: bool = False  # the honorific narrowed the candidates


class People:
    """Every person in a corpus, with lookups by name built once."""

    def __init__(self, briefings: Sequence[Briefing]):
        self._briefings = briefings
        grouped: dict[str, list[tuple[int, Speaker]]] = {}
        names: dict[str, str] = {}
        # The same people speak at many events: fold each name once.
        self._key_of: dict[str, str] = {}
        keys = self._key_of
        for index, briefing in enumerate(briefings):
            for speaker in briefing.speakers:
                key = keys.get(speaker.name)
                if key is None:
                    key = keys[speaker.name] = " ".join(name_words(speaker.name))
                if not key:
                    continue
                found = grouped.get(key)
                if found is None:
                    found = grouped[key] = []
                    names[key] = speaker.name
                found.append((index, speaker))
        self.persons: dict[str, Person] = {
            key: Person(key, names[key], tuple(map(_appearances, pairs)))
            for key, pairs in grouped.items()
        }
        self._rank = {key: rank for rank, key in enumerate(self.persons)}
        # name n-gram -> person keys; 'single' marks one-word keys, which need a capital.
        self._keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for key in self.persons:
            for gram in _name_grams(_without_titles(key.split())):
                self._keys[gram].add(key)
        self._longest = max((len(g) for g in self._keys), default=1)
        # Name word -> the people whose name holds it (hyphenated parts too), in
        # person order; grouped by first letter for ``respell``. A question then
        # reads the words it needs instead of looping over every person.
        self._by_part: dict[str, list[Person]] = defaultdict(list)
        self._parts_by_initial: dict[str, list[str]] = defaultdict(list)
        for person in self.persons.values():
            for part in dict.fromkeys(_expand(person.key.split())):
                if not self._by_part[part]:
                    self._parts_by_initial[part[:1]].append(part)
                self._by_part[part].append(person)

    def person_of(self, briefing_index: int, speaker_id: str | None) -> Person | None:
        """The person behind a passage's speaker id.

        Read from the briefing's own speakers (a handful), not from a table of
        every appearance in the corpus. Should two people of one briefing share
        an id, the one listed last among the persons answers.
        """
        if speaker_id is None or not 0 <= briefing_index < len(self._briefings):
            return None
        found: Person | None = None
        for speaker in self._briefings[briefing_index].speakers:
            if speaker.id != speaker_id:
                continue
            person = self.persons.get(self._key_of.get(speaker.name, ""))
            if person is not None and (found is None
                                       or self._rank[person.key] > self._rank[found.key]):
                found = person
        return found

    def mentions(self, question: str, mask: np.ndarray) -> list[Mention]:
        """Names of visible people in a plain question, longest match first, left to right."""
        tokens = list(_tokens_with_case(question))
        all_lower = not any(ch.isupper() for ch in question)
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            match = None
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                gram = tuple(t[0] for t in tokens[i : i + n])
                keys = self._keys.get(gram)
                if not keys:
                    continue
                if n == 1 and not _can_be_name(tokens[i], all_lower):
                    continue
                persons = tuple(
                    self.persons[k] for k in sorted(keys) if self.persons[k].visible(mask)
                )
                if persons:
                    match = (n, persons)
                    break
            if match is None:
                i += 1
                continue
            n, persons = match
            title = honorific_ending([t[0] for t in tokens], i)
            honorific = title[0] if title else None
            narrowed, used = _narrow_by_honorific(persons, honorific, mask)
            text = " ".join(t[1] for t in tokens[i : i + n])
            first = i - title[1] if title else i
            found.append(
                Mention(tokens[first][2], tokens[i + n - 1][3], text, narrowed, honorific, used)
            )
            i += n
        return found

    def resolve(self, name: str, mask: np.ndarray) -> tuple[Person, ...]:
        """Visible people a name or surname given on its own refers to ('berman', 'Dr. Kang')."""
        words = name_words(name.replace(".", " "))
        honorific = None
        for n in range(len(words) - 1, 0, -1):
            title = honorific_ending(words, n)
            if title is not None and title[1] == n:
                honorific, words = title[0], words[n:]
                break
        words = [w for w in words if w not in ("ret",)]
        if not words:
            return ()
        persons: tuple[Person, ...] = ()
        keys = self._keys.get(tuple(words))
        if keys:
            persons = tuple(self.persons[k] for k in sorted(keys) if self.persons[k].visible(mask))
        if not persons:
            # Every word of the name must occur in the person's name (any order).
            wanted = set(words)
            persons = tuple(
                p for p in self.persons.values()
                if wanted <= set(_expand(p.key.split())) and p.visible(mask)
            )
        narrowed, _ = _narrow_by_honorific(persons, honorific, mask)
        return narrowed

    def suggest(self, name: str, mask: np.ndarray, limit: int = 3) -> list[str]:
        """Visible people whose name is close to a misspelt one ("did you mean")."""
        choices = {p.key: p.name for p in self.persons.values() if p.visible(mask)}
        if not choices:
            return []
        query = " ".join(name_words(name))
        scored = process.extract(
            query, choices, scorer=_name_similarity, limit=limit, score_cutoff=70
        )
        return [choices[key] for _, _, key in scored]


    def respell(self, word: str, mask: np.ndarray) -> tuple[list[str], bool]:
        """Visible name words a misspelt one may be, and whether it is surely a slip.

        'Marchettti' -> (['marchetti'], True). Candidates share the first
        letter and are one edit away (a swap counts as one), two for a word
        of seven letters or more. Sure means one candidate, reached by a
        typing slip (two letters swapped, a letter doubled or undoubled) or,
        for a long word, by any single edit; 'Bergman' is one letter from
        'Berman' but may be another person, so it is only suggested.
        """
        folded = " ".join(name_words(word))
        if len(folded) < 4 or " " in folded:
            return [], False
        budget = 1 if len(folded) < 7 else 2
        best: dict[str, int] = {}
        for part in self._parts_by_initial.get(folded[0], ()):
            # An edit distance is at least the difference in length: skip those at once.
            if (len(part) < 4 or part in _PARTICLES or part == folded
                    or abs(len(part) - len(folded)) > budget):
                continue
            distance = DamerauLevenshtein.distance(folded, part, score_cutoff=budget)
            if distance <= budget and any(p.visible(mask) for p in self._by_part[part]):
                best[part] = distance
        if not best:
            return [], False
        closest = min(best.values())
        options = sorted(w for w, d in best.items() if d == closest)
        sure = len(options) == 1 and closest == 1 and (
            len(folded) >= 8 or _typing_slip(folded, options[0])
        )
        return options, sure

    def persons_named(self, word: str, mask: np.ndarray) -> tuple[Person, ...]:
        """Visible people with this (folded) word in their name."""
        return tuple(p for p in self._by_part.get(word, ()) if p.visible(mask))


def _typing_slip(typed: str, name: str) -> bool:
    """Two adjacent letters swapped, or a letter doubled or undoubled."""
    if len(typed) == len(name):
        diff = [i for i in range(len(name)) if typed[i] != name[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == name[diff[1]]

    def undoubled(text: str) -> str:
        return re.sub(r"(.)\1+", r"\1", text)

    return undoubled(typed) == undoubled(name)


def _name_similarity(query: str, key: str, **_: object) -> float:
    """A misspelt surname or full name against a folded person key."""
    words = key.split()
    best = fuzz.ratio(query, key)
    for word in words:
        best = max(best, fuzz.ratio(query, word))
    return best


def _expand(words: list[str]) -> list[str]:
    """Hyphenated words also count as their parts: 'okonkwo-banks' -> + 'okonkwo', 'banks'."""
    out = list(words)
    for word in words:
        if "-" in word:
            out.extend(p for p in word.split("-") if p)
    return out


# Offices a transcript puts before a surname when it gives no first name ("President Biden",
# "Attorney General Meese"): a question's "the President" must not resolve to a person by them.
_TITLE_WORDS = TITLE_WORDS | frozenset(
    """president prime attorney lieutenant chairman chairwoman chair vice deputy under assistant
    chief judge justice speaker mayor director""".split()
)
# An anonymous briefer is named only by the whole label ("Senior Administration Official One");
# the head nouns are those of the attribution ground rules US government briefings state.
_ANONYMOUS = re.compile(r"\b(?:official|officials|briefer|spokesperson)(?:\s+\w+)?$")


# How briefings number their anonymous officials ("Senior Administration Official Two").
_NUMBER_WORDS = frozenset("one two three four five six".split())


def _without_titles(words: list[str]) -> list[str]:
    if _ANONYMOUS.search(" ".join(words)):
        return words
    out = list(words)
    while len(out) > 1 and out[0] in _TITLE_WORDS:
        out.pop(0)
    return out


def _name_grams(words: list[str]) -> set[tuple[str, ...]]:
    """The ways a question can name this person: full name, first+last, surnames, parts."""
    grams: set[tuple[str, ...]] = set()
    if _ANONYMOUS.search(" ".join(words)):
        return {tuple(words), tuple(w for w in words if w not in _NUMBER_WORDS)}
    clean = [w for w in words if len(w) > 1 or w.isdigit()]  # drop middle initials
    for seq in (words, clean) if clean != words else (words,):
        if not seq:
            continue
        grams.add(tuple(seq))
        if len(seq) > 2:
            grams.add((seq[0], seq[-1]))
        for i in range(len(seq)):
            for j in range(i + 1, len(seq) + 1):
                part = seq[i:j]
                if _PARTICLES.issuperset(part):  # particles only (one C call, not a generator)
                    continue
                if part[0] in _PARTICLES and len(part) == 1:
                    continue
                if len(part) == 1 and (len(part[0]) < 2 or part[0] in _NOT_NAMES):
                    continue
                grams.add(tuple(part))
    # Hyphenated parts ("Okonkwo-Banks" asked as "Okonkwo") name the person too.
    for word in clean:
        if "-" in word:
            for part in word.split("-"):
                if len(part) > 2 and part not in _NOT_NAMES:
                    grams.add((part,))
    return grams


def _tokens_with_case(text: str) -> list[tuple[str, str, int, int]]:
    """(folded word, original word, start, end) of a question, possessives dropped."""
    out = []
    for match in _WORD.finditer(text):
        original = match.group()
        words = name_words(original)
        if words:
            out.append((words[0], original, match.start(), match.end()))
    return out


def _can_be_name(token: tuple[str, str, int, int], all_lower: bool) -> bool:
    folded, original = token[0], token[1]
    if folded in _NOT_NAMES or len(folded) < 2:
        return False
    return all_lower or original[:1].isupper()


def _narrow_by_honorific(
    persons: tuple[Person, ...], honorific: str | None, mask: np.ndarray
) -> tuple[tuple[Person, ...], bool]:
    """Keep the people whose stated honorific matches; all of them if none does."""
    if not honorific or len(persons) < 2:
        return persons, False
    kept = tuple(
        p for p in persons
        if any(same_title(honorific_key(a.speaker.honorific), honorific)
               for a in p.visible(mask))
    )
    if kept and len(kept) < len(persons):
        return kept, True
    return persons, False
