"""``who said``: find the speaker of a remembered line, exact or approximate.

The line is matched against BM25's candidate passages with rapidfuzz's
partial alignment over case-, punctuation- and accent-folded text, so a
word or two changed or missing still finds it. A match of ``EXACT`` or more
is an attribution: every passage that carries the line is listed, grouped
by who said it (the organization's own text is called that, never given
to a panelist). Below that, the closest passages are shown as such — and
only when they pass the confidence rule.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ...index.tokenize import tokenize
from ...models import Answer, Role
from ...text import date_words, without_transcript_marks
from ..confidence import answering as answering_of
from ..corpus import Scope, SearchCorpus
from ..filters import candidates
from ..filters import searched as searched_words
from ..query import Query
from ..ranking import NEIGHBOUR_CREDIT, Ranked, answers_first, rank, rescored
from ..results import hits as hits_of
from ..results import suggestions as suggestions_of
from ..scoring import EXACT, coverage, credits, merge_credits, normalized_line
from ..semantic import reorder
from ..terms import aliases, unknown_names
from ..terms import weights as weights_of

__all__ = ["ASKING", "EXACT", "who_said", "said_by", "is_statement", "introduced_turn",
           "MIN_STATEMENT_WORDS"]

MIN_STATEMENT_WORDS = 6
"""A bare statement this long, found nearly verbatim, is answered as ``who said``."""
_NEAR = 4.0  # other passages within this of the best also carry the line
# English interrogatives and the auxiliaries and imperatives a question opens
# with (source: English grammar, not any question): a statement never starts so.
_QUESTION_WORDS = frozenset(
    """what who whom whose how why when where which did does do is was are were can could
    should would will has have had tell list show find give any anything""".split()
)


# "Who asked whether ...", "What did the reporter from Reuters ask?": the asking is what
# is wanted, so the questions themselves are shown (topical search and who said alike).
ASKING = re.compile(r"\bask(?:s|ed)?\b|\bquestions?\b", re.IGNORECASE)


def is_statement(query: Query, min_words: int = MIN_STATEMENT_WORDS) -> bool:
    """A bare statement (not a question) of some length may be a remembered line."""
    text = query.text.strip()
    words = text.split()
    if len(words) < min_words or text.endswith("?"):
        return False
    return words[0].lower().strip("\"'") not in _QUESTION_WORDS


def who_said(corpus: SearchCorpus, query: Query, scope: Scope, *, k: int, offset: int) -> Answer:
    """Answer ``who said <line>``."""
    # A line pasted from a transcript may carry its stage directions: '(Inaudible.)'.
    quote = without_transcript_marks(query.quote or query.text) or query.quote or query.text
    allowed, words, notes = candidates(corpus, query, scope)
    notes = list(query.notes) + notes
    searched = searched_words(words, query)
    weights = weights_of(corpus, quote, drop_filler=False)
    line = normalized_line(quote)
    ranked = rank(corpus, weights, allowed, pool=max(100, (offset + k) * 10), line=line)
    if ranked and max(r.line for r in ranked) >= EXACT:
        return said_by(
            corpus, query, ranked, weights, k=k, offset=offset, searched=searched, notes=notes
        )
    # No passage carries the line: show the closest, if they answer at all.
    content = weights_of(corpus, quote)
    unknown = unknown_names(corpus, quote)
    closest = rescored(corpus, ranked, content)
    answering = answering_of(corpus, closest, content, line=True) if content and not unknown else []
    if not answering:
        return Answer(
            question=query.raw,
            intent="who_said",
            no_match=True,
            answer="No one in the briefings you can see said that, or anything close to it.",
            notes=tuple(notes),
            suggestions=tuple(suggestions_of(corpus, content or weights, scope, ranked)),
            searched=searched,
            offset=offset,
        )
    answering = reorder(corpus, quote, answering, corpus.settings.answer.semantic_weight)
    if not ASKING.search(query.raw):
        # Close, not verbatim: a claim put to a witness in a question is not the asker's
        # own statement, so those who answer come first.
        answering = answers_first(corpus, answering)
    quoted = introduced_turn(corpus, answering[0].index, content)
    if quoted is not None:
        # The document's own account of what was said came closest: the words
        # it introduces, from the person it names, answer first, the account next.
        account = answering[0]
        answering = [Ranked(quoted, account.bm25, final=account.final),
                     *[r for r in answering if r.index != quoted]]
        notes.append("Found through the document's own account, which introduces these "
                     "words (next result).")
        if not offset:
            # The quotation and its account are the answer; other close passages
            # follow on the next page (two long excerpts already fill a phone screen).
            k = min(k, 2)
    hits, more = hits_of(corpus, answering, content, k=k, offset=offset)
    best = answering[0]
    others = _other_speakers(corpus, answering, best.index)
    return Answer(
        question=query.raw,
        intent="who_said",
        answer=_most_likely(corpus, best),
        details=(f"Also close: {'; '.join(others)}",) if others else (),
        hits=hits,
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=more,
    )


def introduced_turn(corpus: SearchCorpus, index: int, weights: dict[str, float]) -> int | None:
    """The quoted turn a narrative passage introduces, when its closing sentence names the speaker.

    Court filings, reports and minutes quote testimony after a sentence of
    their own that says who is about to speak and what about: "MR. X
    expressed his lack of knowledge by stating:", "the defendant, JANE ROE,
    appearing as a witness, made the following statements:". A paraphrase
    of the quotation matches that account best; the answer is the person it
    names, in the quoted exchange right after it (the text up to the
    document's next words of its own), at the turn closest to the question
    (each counted with the turn it replies to). None when the
    passage does not end its paragraph with a colon, or names no one who
    speaks in the exchange.
    """
    while int(corpus.next_in_turn[index]) >= 0:
        index = int(corpus.next_in_turn[index])  # the paragraph's last passage
    passage = corpus.passages[index]
    text = corpus.text_of(index).rstrip()
    if passage.role != Role.ORGANIZATION or not text.endswith(":"):
        return None
    briefing = int(corpus.passage_briefing[index])
    spans = corpus.sentence_spans(index)
    closing = text[spans[-1][0]:] if spans else text
    mask = np.zeros(len(corpus.briefings), dtype=bool)
    mask[briefing] = True
    named = [
        a.speaker.id for m in sorted(corpus.people.mentions(closing, mask), key=lambda m: -m.start)
        if len(m.persons) == 1
        for a in m.persons[0].appearances if a.briefing_index == briefing
    ]
    if not named:
        return None
    turns: list[int] = []
    after = index + 1
    while (after < len(corpus.passages) and int(corpus.passage_briefing[after]) == briefing
           and corpus.role_of(after) != Role.ORGANIZATION):
        if corpus.passages[after].speaker_id == named[0]:
            turns.append(after)
        after += 1
    if not turns:
        return None
    alias = aliases(corpus, weights)

    def closeness(turn: int) -> float:
        # In the exchange each turn replies to the one before it (another speaker's).
        own = credits(weights, set(tokenize(corpus.text_of(turn))), alias)
        before = turn - 1
        if before <= index or corpus.passages[before].speaker_id == named[0]:
            return coverage(weights, own)
        context = credits(weights, set(tokenize(corpus.text_of(before))), alias)
        return coverage(weights, merge_credits(own, context, scale=[1.0, NEIGHBOUR_CREDIT]))

    return max(turns, key=lambda turn: (closeness(turn), -turn))


# Below this share of a remembered line's content weight, the closest passage holds fewer
# than half of what the staffer remembers: the speaker is only a possibility.
_MOST_OF_THE_LINE = 0.5


def _most_likely(corpus: SearchCorpus, best: Ranked) -> str:
    """The answer line for a close but not exact match: the most likely speaker, named plainly.

    The passage itself (and its event) is the first result, right below. When
    it holds less than half of the line's words (by weight), the speaker is
    given as a possibility, not as the likely one.
    """
    index = best.index
    who = _speaker_only(_attribution(corpus, index))
    if best.coverage < _MOST_OF_THE_LINE:
        return (f"Possibly {who}: the closest passage holds fewer than half of these words, "
                "and no one said them in these words (first result below)")
    if who == "the organization's own text":
        return "Most likely the organization's own text, which says something close (first result below)"
    if not _verbatim(corpus, index):
        return (f"Most likely {who}, whose remarks the event summary reports in words close to "
                "it (first result below)")
    return f"Most likely {who}, who said something close to it (first result below)"


def _speaker_only(label: str) -> str:
    """An attribution without its event: 'Dr. X (Fellow, Org)'; the organization's text so called."""
    if label.startswith("This line is the organization's own text"):
        return "the organization's own text"
    return label.rsplit(" at “", 1)[0]


def _other_speakers(corpus: SearchCorpus, ranked: list[Ranked], best: int, limit: int = 3) -> list[str]:
    """The other speakers among the close passages, best first, each once, by name only.

    Their affiliations and events are in the results below the answer line.
    """
    first = _speaker_only(_attribution(corpus, best)).split(" (", 1)[0]
    out: list[str] = []
    for item in ranked[1:]:
        label = _speaker_only(_attribution(corpus, item.index)).split(" (", 1)[0]
        if label != first and label not in out:
            out.append(label)
        if len(out) >= limit:
            break
    return out


def said_by(
    corpus: SearchCorpus,
    query: Query,
    ranked: list[Ranked],
    weights: dict[str, float],
    *,
    k: int,
    offset: int,
    searched: str | None,
    notes: list[str],
) -> Answer:
    """The attribution of a line found in one or more passages."""
    best = max(r.line for r in ranked)
    carriers = sorted(
        (r for r in ranked if r.line >= max(EXACT, best - _NEAR)),
        key=lambda r: (-r.line, -r.final, r.index),
    )
    who: list[str] = []
    counts: Counter[str] = Counter()
    for item in carriers:
        label = _attribution(corpus, item.index)
        counts[label] += 1
        if label not in who:
            who.append(label)
    # An event summary paraphrases: its lines are attributed to a speaker, never "said".
    verb = "Said by" if any(_verbatim(corpus, r.index) for r in carriers) else "Attributed to"
    if len(who) == 1:
        text = who[0] if who[0].startswith("This line is") else f"{verb} {who[0]}"
    elif len(who) == 2:
        text = f"{verb} 2 sources: " + "; ".join(who)
    else:  # the table in details names every source, most passages first
        text = f"{verb} {len(who)} sources, listed below by how often"
    details = ()
    if len(who) > 1:
        details = tuple(f"{label} — {n} passage{'s' if n > 1 else ''}" for label, n in counts.most_common())
    hits, more = hits_of(corpus, carriers, weights, k=k, offset=offset, use_line=True)
    quality = "" if best >= 99.5 else " (approximate match)"
    return Answer(
        question=query.raw,
        intent="who_said",
        answer=text + quality,
        details=details,
        hits=hits,
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=more,
    )


def _attribution(corpus: SearchCorpus, index: int) -> str:
    """'Craig Singleton (Senior Fellow, …) at “Title”, Organization, June 8, 2023'."""
    passage = corpus.passages[index]
    briefing = corpus.briefings[int(corpus.passage_briefing[index])]
    where = f"“{briefing.title}”"
    if briefing.organization:
        where += f", {briefing.organization}"
    if briefing.date:
        where += f", {date_words(briefing.date)}"
    speaker = briefing.speaker(passage.speaker_id)
    if speaker is None and passage.role == Role.QUESTIONER:
        label = passage.speaker_label or "An unnamed questioner"
        return f"{label} (asking a question, not named in the transcript) at {where}"
    if passage.role == Role.ORGANIZATION or (speaker is None and passage.speaker_label is None):
        return f"This line is the organization's own text, not a speaker's, in {where}"
    if speaker is None:
        label = passage.speaker_label or "an audience member"
        return f"{label} (audience) at {where}"
    name = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
    affiliation = f" ({speaker.affiliation})" if speaker.affiliation else ""
    if not _verbatim(corpus, index):
        return f"{name}{affiliation} at {where}, as the event summary reports it (not verbatim)"
    return f"{name}{affiliation} at {where}"


def _verbatim(corpus: SearchCorpus, index: int) -> bool:
    """Words as spoken (a transcript), not an event summary's paraphrase of them."""
    return corpus.passages[index].kind != "summary"
