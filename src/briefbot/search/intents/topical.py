"""Topical search: what was said about a subject, optionally by a person or within filters.

The question's content words (a person it names taken out and made a
filter, with the title the briefings give that person) are ranked in context
(``ranking.py``); the confidence rule (``confidence.py``) decides whether
anything answers. A statement that is found nearly verbatim is answered as
who said it, and so is a short line that names a person and asks nothing
else ("Holt is Holt") when someone said it word for word; a question naming a
subject no visible briefing mentions says so, and an unanswered question
gets suggestions of what the corpus does cover.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from ...index.tokenize import tokenize
from ...models import Answer
from ...text import fold
from ..confidence import answered_question
from ..confidence import answering as answering_of
from ..corpus import Scope, SearchCorpus
from ..filters import candidates, shared_name_note, without_spans
from ..filters import searched as searched_words
from ..people import Mention
from ..query import Query
from ..ranking import POOL, Ranked, answers_first, rank, turns_first
from ..results import hits as hits_of
from ..results import suggestions as suggestions_of
from ..scoring import EXACT, credits, normalized_line
from ..semantic import reorder
from ..terms import aliases, lens, question_names, unknown_names
from ..terms import weights as weights_of
from .whosaid import ASKING, is_statement, said_by

__all__ = ["search"]



# "What did Abrams tell Senator Eagleton about ...": the person told is not the speaker.
# Verbs that take the person addressed as their object (English verbs of telling and asking),
# and those that take it after "to".
_TELLING = "tell told ask asked answer answered warn warned assure assured inform informed"
_TELLING_TO = "reply replied respond responded say said speak spoke talk talked"
_TOLD = re.compile(
    rf"\b(?:{'|'.join(_TELLING.split())}|(?:{'|'.join(_TELLING_TO.split())})\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_TELLING_TERMS = frozenset(tokenize(f"{_TELLING} {_TELLING_TO}"))


def _speaking(text: str, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(the people a question names as speaking, those it names as told), unless it names
    no one but the told: then they are the speakers."""
    told = [m for m in mentions if _TOLD.search(text[: m.start])]
    if not told or len(told) == len(mentions):
        return mentions, []
    return [m for m in mentions if m not in told], told


_WORD = re.compile(r"[^\W_]+")
# A line of three words or more can be a sentence (subject, verb, complement); a name with
# one word beside it ("Holt remarks") is a request.
_NAMING_LINE_WORDS = 3


def _title_start(text: str, mention: Mention, scope: Scope) -> int:
    """Where the named person's title starts: the words just before the name that the
    briefings give as that person's own honorific, office or label ("Director Young" when a
    call labels her 'DIRECTOR YOUNG' and calls her 'OMB Director'). They say who is asked
    about, not what about, so they are no topic words."""
    own: set[str] = set()
    for person in mention.persons:
        for seen in person.visible(scope.briefings):
            speaker = seen.speaker
            for said in (speaker.honorific, speaker.affiliation, *speaker.aliases):
                own.update(fold(w) for w in _WORD.findall(said or ""))
    start = mention.start
    for word in reversed(list(_WORD.finditer(text[: mention.start]))):
        if text[word.end():start].strip(" ,.") or fold(word.group()) not in own:
            break
        start = word.start()
    return start


_REPLY_PASSAGES = 8  # passages of a reply looked at for its answer (a long reply runs on)


def with_replies(corpus: SearchCorpus, ranked: list[Ranked], allowed: np.ndarray,
                 weights: dict[str, float]) -> list[Ranked]:
    """The same results with the reply to each question among them, just before it.

    A reporter's question can hold every word of a subject while the answer,
    in the next turn, leaves it unsaid ("How many have applied for the
    visas?" — "Let me give you more detail. ... About 20,000 have applied"):
    what the question matched is its reply — the reply's passage that holds
    most of the subject, its first when none does.
    """
    listed = {r.index for r in ranked}
    out: list[Ranked] = []
    for item in ranked:
        first = item.index + 1
        if first < len(allowed) and answered_question(corpus, first) == item.index:
            reply = _reply_to(corpus, item, weights)
            if reply.index not in listed and allowed[reply.index]:
                out.append(reply)
                listed.add(reply.index)
        out.append(item)
    return out


def replies_asked_about(corpus: SearchCorpus, weights: dict[str, float], speaking: np.ndarray,
                        visible: np.ndarray, *, pool: int,
                        entities: list[tuple[str, ...]]) -> list[Ranked]:
    """The replies of the people in ``speaking`` to questions that asked about the subject.

    "What did the Administrator say about climate change?" when a reporter
    asked "Given climate change, will the storms get worse?" and she
    answered without the words: each question among ``visible`` that
    answers the subject by the confidence rule, and is replied to by one of
    ``speaking``, gives the reply's passage holding most of the subject.
    Only the first passages of replies are looked at (a loop over the
    speakers' turns, not the corpus).
    """
    firsts = np.flatnonzero(speaking[1:] & (corpus.prev_in_turn[1:] < 0)) + 1
    asked = np.zeros(len(speaking), dtype=bool)
    for first in firsts.tolist():
        if visible[first - 1] and answered_question(corpus, first) == first - 1:
            asked[first - 1] = True
    if not asked.any():
        return []
    questions = answering_of(corpus, rank(corpus, weights, asked, pool=pool), weights,
                             entities=entities)
    replies: list[Ranked] = []
    seen: set[int] = set()
    for question in questions:
        reply = _reply_to(corpus, question, weights)
        if reply.index not in seen and speaking[reply.index]:
            seen.add(reply.index)
            replies.append(reply)
    return replies


def _reply_to(corpus: SearchCorpus, question: Ranked, weights: dict[str, float]) -> Ranked:
    """The reply to ``question`` (the next turn), ranked where the question was: of the
    reply's first passages, the one whose sentences hold most of the subject's weight."""
    alias = aliases(corpus, weights)
    view = lens(corpus, weights, alias)
    first = question.index + 1
    best, best_weight, index = first, 0.0, first
    for _ in range(_REPLY_PASSAGES):
        got = credits(weights, set().union(*view.sentences(index)), alias)
        held = sum(weights.get(term, 0.0) * credit for term, credit in got.items())
        if held > best_weight:
            best, best_weight = index, held
        index = int(corpus.next_in_turn[index])
        if index < 0:
            break
    return dataclasses.replace(question, index=best, line=0.0, line_span=None, reach=0)


def search(corpus: SearchCorpus, query: Query, scope: Scope, *, k: int, offset: int = 0) -> Answer:
    """What was said about a subject, optionally by a person or within filters."""
    allowed, words, notes = candidates(corpus, query, scope)
    notes = list(query.notes) + notes
    text = query.text
    mentions: list[Mention] = []
    if not query.speakers:
        mentions, told = _speaking(text, corpus.people.mentions(text, scope.briefings))
        subject = without_spans(text, [(m.start, m.end) for m in told + mentions])
        if told and set(weights_of(corpus, subject)) - _TELLING_TERMS:
            # A subject remains: the person told need not be named in the answer.
            text = without_spans(text, [(m.start, m.end) for m in told])
    unfiltered, searched_before = allowed.copy(), searched_words(list(words), query)
    if mentions:
        person_mask = np.zeros(len(corpus.passages), dtype=bool)
        names: list[str] = []
        for mention in mentions:
            for person in mention.persons:
                person_mask |= corpus.person_mask(person, scope)
            names.append(" or ".join(p.name for p in mention.persons))
        allowed &= person_mask
        words.append("speaker " + ", ".join(names))
        text = without_spans(text, [(_title_start(text, m, scope), m.end) for m in mentions])
    weights = weights_of(corpus, text)
    for phrase in query.phrases:
        for term in tokenize(phrase):
            weights.setdefault(term, corpus.idf(term))
    searched = searched_words(words, query)
    # A statement with no question in it may be a remembered line.
    line = normalized_line(query.text) if is_statement(query) else None
    pool = max(POOL, (offset + k) * 8)
    ranked = rank(corpus, weights, allowed, pool=pool, line=line)
    if query.phrases:
        ranked = [
            r for r in ranked
            if all(fold(p) in fold(corpus.passages[r.index].text) for p in query.phrases)
        ]
    if line and ranked:
        best_line = max(ranked, key=lambda r: r.line)
        if best_line.line >= EXACT:
            return said_by(
                corpus, query, ranked, weights, k=k, offset=offset, searched=searched,
                notes=notes,
            )
    statement = is_statement(query)
    unknown = unknown_names(corpus, text)
    answering = [] if unknown else answering_of(
        corpus, ranked, weights, line=statement, named=bool(mentions or query.speakers),
        entities=question_names(text),
    )
    if unknown:
        notes.append(
            "The briefings never mention " + ", ".join(f"“{w}”" for w in unknown[:3]) + "."
        )
    elif (not answering and weights and mentions and not statement
          and not ASKING.search(query.raw)):
        # The person never used the subject's words, but may have been asked about it.
        answering = replies_asked_about(corpus, weights, allowed, unfiltered, pool=pool,
                                        entities=question_names(text))
        if answering:
            notes.append("These are replies to questions about it: the words of the subject "
                         "are in the question asked, not in the reply.")
    # A remembered line nobody said in these words: the closest are shown as
    # ranked (a reporter may be the one who said it, so no answers-first order).
    close_line = bool(statement and answering and not query.phrases and not unknown)
    if close_line:
        notes.append("No passage says this in these words; these are the closest.")
    asking = bool(ASKING.search(query.raw))
    if not asking and not close_line:
        # The optional semantic reranker reorders what answers a subject; a
        # question naming its speaker is ranked among that person's words alone.
        named = bool(mentions or query.speakers)
        weight = 0.0 if named else corpus.settings.answer.semantic_weight
        answering = reorder(corpus, text, answering, weight)
        answering = with_replies(corpus, answers_first(corpus, turns_first(corpus, answering)),
                                 allowed, weights)
    if not weights and mentions and is_statement(query, _NAMING_LINE_WORDS):
        # "Holt is Holt": a line that names a person and asks nothing; said verbatim, it
        # is a remembered line, not a request for everything that person said.
        whole = weights_of(corpus, query.text, drop_filler=False)
        named_line = normalized_line(query.text)
        quoted = rank(corpus, whole, unfiltered, pool=pool, line=named_line)
        if quoted and max(r.line for r in quoted) >= EXACT:
            return said_by(corpus, query, quoted, whole, k=k, offset=offset,
                           searched=searched_before, notes=notes)
    if not weights and allowed.any() and (mentions or query.has_filters):
        # "What did Singleton say?" — everything the person said, in order
        # ("what did X ask": the turns that ask something first).
        order = np.flatnonzero(allowed)[: pool]
        if asking:
            order = sorted(order, key=lambda i: "?" not in corpus.passages[int(i)].text)
        answering = [Ranked(int(i), 0.0, final=0.0) for i in order]
    for mention in mentions:
        if len(mention.persons) > 1:
            notes.append(shared_name_note(mention.text, mention.persons, scope, answering, corpus))
    if not answering:
        suggestions = suggestions_of(corpus, weights, scope, ranked)
        for mention in mentions:
            for person in mention.persons:
                topics = corpus.person_topics(person, scope)
                if topics:
                    suggestions.insert(0, f"{person.name} spoke about: {'; '.join(topics[:6])}")
        return Answer(
            question=query.raw,
            intent="search",
            no_match=True,
            notes=tuple(notes),
            suggestions=tuple(suggestions),
            searched=searched,
            offset=offset,
        )
    hits, more = hits_of(corpus, answering, weights, k=k, offset=offset, questions=asking)
    return Answer(
        question=query.raw,
        intent="search",
        hits=hits,
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=more,
    )
