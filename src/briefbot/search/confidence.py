"""The confidence rule: does the best passage answer at all, and which others follow it.

- each distinct content word of the question weighs its idf (a word the
  corpus never uses gets the highest idf, so an unknown subject dominates
  the question); a passage *covers* a word when it holds it, a variant
  (full credit), an expansion (its credit) or, in a turn neighbour, any of
  those at ``NEIGHBOUR_CREDIT``;
- a question ("What was said about X?") is answered when the best passage
  covers at least ``MIN_COVERAGE`` of the weight and two consecutive
  sentences (possibly across the turn's cut) ``MIN_SENTENCE_COVERAGE``;
- and when that one passage, with its turn neighbours, holds most of the
  question's *distinctive* words: all of two, two of three or four, then
  half (``distinctive_needed``). Small numbers are not distinctive. An
  answer's context includes the question it replies to
  (``answered_question``): answers leave their subject unsaid.
  Coverage alone
  lets the rarer of two words carry a question: two words in two unrelated
  passages are not an answer. Likewise at least half the capitalised names
  the question mentions ("Canada", "NATO") must be in that passage's
  context. A question restricted to a person it names needs one name
  fewer, since the person is one of the names it asks about; its subject
  words count in full (the person's own title is no subject word:
  ``intents.topical`` takes it out with the name), so "raising the minimum
  wage" is not answered by that person's "wages are up";
- a remembered line (a statement of six words or more) is matched more
  loosely — people misremember wording — at ``LINE_MIN_COVERAGE`` with at
  least two content words in common.

A question about a subject the corpus never discusses shares only generic
words with it, so its subject word weighs most and is covered nowhere; it
fails the rule. Further results must come close to the best one
(``FOLLOWER_RATIO``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..models import Role
from .corpus import SearchCorpus
from .ranking import NEIGHBOUR_CREDIT, Ranked
from .scoring import credits
from .terms import SMALL_NUMBER, aliases, lens

__all__ = [
    "MIN_COVERAGE",
    "MIN_SENTENCE_COVERAGE",
    "LINE_MIN_COVERAGE",
    "FOLLOWER_RATIO",
    "confident",
    "answering",
    "distinctive_covered",
    "distinctive_needed",
    "answered_question",
]

MIN_COVERAGE = 0.4
"""Share of the question's content weight the best passage must contain."""
MIN_SENTENCE_COVERAGE = 0.3
"""Share of it that must meet within two consecutive sentences."""
LINE_MIN_COVERAGE = 0.2
"""For a remembered line: share of its content weight the best passage must contain."""
FOLLOWER_RATIO = 0.6
"""A further result must reach this share of the best result's coverage."""


def confident(
    corpus: SearchCorpus,
    best: Ranked,
    weights: dict[str, float],
    *,
    line: bool,
    named: bool = False,
    entities: Sequence[tuple[str, ...]] = (),
) -> bool:
    """The confidence rule for the best candidate (see the module docstring).

    ``named``: the question is restricted to a person it names, who is
    one of the names it asks about, so one name fewer is needed (its
    distinctive words are all counted). ``entities``: the terms of each
    name the question mentions (``terms.question_names``).
    """
    if line:
        alias = aliases(corpus, weights)
        view = lens(corpus, weights, alias)
        found = set().union(*view.sentences(best.index), corpus.section_terms(best.index))
        matched = len(credits(weights, found, alias))
        return best.coverage >= LINE_MIN_COVERAGE and matched >= min(2, len(weights))
    if best.coverage < MIN_COVERAGE or best.sentence < MIN_SENTENCE_COVERAGE:
        return False
    distinctive = [t for t in weights if not SMALL_NUMBER.fullmatch(t)]
    wanted = [t for t in distinctive if weights[t] > 0]
    covered = distinctive_covered(corpus, best.index, wanted, weights)
    needed = distinctive_needed(len(wanted))
    if needed > 1 and len(covered) < needed:
        return False
    # The names a question is about (countries, bodies, places): at least
    # half of them must be in this passage's context, not elsewhere.
    names = [e for e in entities if any(t in weights for t in e)]
    needed = math.ceil(len(names) / 2) - (1 if named else 0)
    if needed >= 1:
        found = sum(1 for e in names if any(t in covered for t in e))
        if found < needed:
            return False
    return True


def distinctive_covered(
    corpus: SearchCorpus, index: int, distinctive: Sequence[str], weights: dict[str, float]
) -> set[str]:
    """The distinctive question terms a passage holds in its turn's context.

    A term counts when the passage, its section heading or a same-turn
    neighbour holds it, a variant or an expansion (credit at least
    ``NEIGHBOUR_CREDIT``): words matched in *other* passages never count.
    """
    alias = aliases(corpus, weights)
    view = lens(corpus, weights, alias)
    found = set().union(*view.sentences(index), corpus.section_terms(index))
    others = (int(corpus.prev_in_turn[index]), int(corpus.next_in_turn[index]),
              answered_question(corpus, index))
    for other in others:
        if other >= 0:
            found |= set().union(*view.sentences(other))
    got = credits(weights, found, alias)
    return {t for t in distinctive if got.get(t, 0.0) >= NEIGHBOUR_CREDIT}


def answered_question(corpus: SearchCorpus, index: int) -> int:
    """The question a passage opening an answer replies to, or -1.

    An answer in a hearing or a briefing is elliptical: "We knew them by
    type" answers "Planes take off there to supply the militias. You don't
    know whose they are?", whose words are its subject. The
    question is the passage just before, in the same briefing, when it ends
    another person's turn and asks (a questioner's turn, or a question mark).
    """
    if index <= 0 or corpus.prev_in_turn[index] >= 0:
        return -1
    before = index - 1
    if corpus.passage_briefing[before] != corpus.passage_briefing[index]:
        return -1
    asked, answer = corpus.role_of(before), corpus.role_of(index)
    if answer in (Role.QUESTIONER, Role.ORGANIZATION) or asked == Role.ORGANIZATION:
        return -1
    if asked == Role.QUESTIONER or corpus.text_of(before).rstrip().endswith("?"):
        return before
    return -1


def distinctive_needed(count: int) -> int:
    """How many of a question's ``count`` distinctive terms one passage must hold.

    All of two, two of three or four, then half (rounded up): "the capital
    of France" needs both words in one passage, a long question most of its
    subject.
    """
    if count <= 1:
        return count
    return max(2, math.ceil(count / 2))


def answering(
    corpus: SearchCorpus,
    ranked: list[Ranked],
    weights: dict[str, float] | None = None,
    *,
    line: bool = False,
    named: bool = False,
    entities: Sequence[tuple[str, ...]] = (),
) -> list[Ranked]:
    """The candidates that answer: the best if confident, and those close to it."""
    if not ranked or not confident(
        corpus, ranked[0], weights or {}, line=line, named=named, entities=entities
    ):
        return []
    best = ranked[0]
    if line:
        return [r for r in ranked[:10] if r.coverage >= FOLLOWER_RATIO * best.coverage]
    floor = max(MIN_SENTENCE_COVERAGE, FOLLOWER_RATIO * best.sentence)
    min_score = corpus.settings.answer.min_score
    return [
        r
        for r in ranked
        if r.sentence >= floor
        and r.coverage >= FOLLOWER_RATIO * best.coverage
        and r.bm25 >= min_score
    ]
