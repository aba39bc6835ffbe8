"""A question's terms: weights, variants, aliases and the names it mentions.

Every function takes the ``SearchCorpus`` and reads the vocabulary of the
current question's scope through it, so a word only restricted briefings
use is unknown to an asker who cannot see them.

The asker's words are widened by ``lexicon.py`` (names of the same actor,
near-synonyms, the derivational fold: "western" for "west") and by acronyms
learned from the corpus ("FATF" -> "Financial Action Task Force", ``acronyms.py``).
An expansion counts at its credit (below 1), so a passage in the asker's
own words still wins. Expansions never reach an unknown subject: they link
known words to known words.

A capitalised name in the question that the corpus never uses in any form
("Lesotho", "Bhutan") means the briefings do not discuss it. "In any form"
is what keeps answerable questions: a word is used when the index holds it,
a longer word starting with it, a variant, a lexicon equivalent or, for an
acronym, the phrase it abbreviates; a compound ("Chile-Peru") is judged by
its parts, not by the joined form nobody writes.
"""

from __future__ import annotations

import bisect
import os
import re

from ..index.tokenize import term_spans, tokenize
from ..names import TITLE_KEYS
from .corpus import SearchCorpus
from .inflections import irregular_forms
from .lens import TermLens
from .lexicon import ACTOR_CREDIT, LEXICON, find_phrases
from .lexicon import fold as derivational_fold
from .people import honorific_key
from .scoring import Alias

__all__ = [
    "FILLER",
    "SMALL_NUMBER",
    "NAME_LIKE",
    "TITLES",
    "weights",
    "question_terms",
    "known_term",
    "term_in_use",
    "variants",
    "aliases",
    "lens",
    "unknown_names",
    "question_names",
]

# Words that say how a question is asked, not what it is about: verbs and
# nouns of speaking and asking, and the nouns and verbs the query grammar
# (``query.py``, ``asks.py``) uses for events, people and requests. Their
# source is the grammar of questions about briefings, not any question.
_FILLER_WORDS = """say said says saying talk talked talking discuss discussed discusses
discussing discussion discussions mention mentioned mentions speak spoke spoken speaking
speaker speakers panel panels panelist panelists anyone anybody everyone someone somebody
think thought view views comment comments commented remark remarks argue argued tell told
event events briefing briefings question questions explain explained describe described
happen happened happening address addressed bring brought raise raised opinion opinions
please show find give know anything something there any was were""".split()
FILLER: frozenset[str] = frozenset(t for w in _FILLER_WORDS for t in tokenize(w))
_FILLER_FORMS = frozenset(_FILLER_WORDS)
SMALL_NUMBER = re.compile(r"\d{1,2}")  # "2%", "the 3 ..." name nothing in particular

TITLES = TITLE_KEYS
NAME_LIKE = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_JOINED = re.compile("[-\u2010\u2011\u2013]")
_ALIAS_CACHE = 2048
_LENS_CACHE = 256


def weights(corpus: SearchCorpus, text: str, *, drop_filler: bool = True) -> dict[str, float]:
    """Content terms of a question, each weighted by its idf."""
    if not drop_filler:
        terms = question_terms(corpus, text)
    else:
        terms = [
            t for word, named in _words(text)
            for t in question_terms(corpus, word)
            if named or t not in FILLER
        ]
    return {t: corpus.idf(t) for t in dict.fromkeys(terms)}


_SENTENCE_END = re.compile(r"[.?!:;]['\"’”)]*$")
_PLURAL_GERUND = re.compile(r"[^\W\d_]{3,}ings$")


def _words(text: str) -> list[tuple[str, bool]]:
    """The question's words, each with whether it is a noun its stem's filler verb is not.

    A word capitalised inside a sentence names something ("the December 1985
    Finding", "what Smith Said" aside), and a plural in "-ings" is a noun
    (English verbs take no plural after "-ing": "the findings", "the hearings"):
    neither is dropped as a word of asking although its stem ("find") is one.
    """
    out: list[tuple[str, bool]] = []
    starts = True
    for word in text.split():
        bare = word.strip(".,;:!?\"'“”‘’()[]")
        named = (not starts and bare[:1].isupper()) or bool(_PLURAL_GERUND.match(bare.lower()))
        out.append((word, named and bare.lower() not in _FILLER_FORMS))
        starts = bool(_SENTENCE_END.search(word))
    return out


def question_terms(corpus: SearchCorpus, text: str) -> list[str]:
    """A question's terms, a compound counted once.

    A compound the corpus (or the lexicon) knows as one word ("Sino-Soviet",
    "cost-cutting") keeps its joined term; otherwise ("Chile-Peru") its parts,
    which are what the passages hold.
    """
    out: list[str] = []
    for word in text.split():
        terms = tokenize(word)
        if len(terms) < 2 or not _JOINED.search(word):
            out.extend(terms)
            continue
        parts = [t for t, _s, _e in term_spans(word) if t is not None]
        joined = [t for t in terms if t not in parts]
        if joined and all(corpus.in_vocabulary(t) or LEXICON.expand(t) for t in joined):
            out.extend(joined)
        else:
            out.extend(parts)
    return out


def known_term(corpus: SearchCorpus, term: str) -> bool:
    """Whether a visible passage holds a term, or a longer word starting with it.

    ('west' is known when a visible passage says 'western'.)
    """
    if corpus.in_vocabulary(term):
        return True
    if corpus.stats() is None and corpus.idf(term) < corpus.max_idf - 1e-9:
        return True  # the reference engine's table
    vocabulary = corpus.sorted_vocabulary
    if len(term) < 4 or not vocabulary:
        return False
    at = bisect.bisect_left(vocabulary, term)
    while at < len(vocabulary) and vocabulary[at].startswith(term):
        if corpus.in_vocabulary(vocabulary[at]):
            return True
        at += 1
    return False


def term_in_use(corpus: SearchCorpus, term: str) -> bool:
    """Whether the visible briefings use a term in any form (see the module docstring)."""
    if known_term(corpus, term):
        return True
    if any(
        all(known_term(corpus, t) for t in e.terms) for e in LEXICON.expand(term)
    ):
        return True
    return bool(corpus.acronym(term))


def variants(corpus: SearchCorpus, term: str) -> list[str]:
    """Indexed words that are forms of the same word the stemmer left apart.

    'militarily' / 'military' and 'defend' / 'defense' stem differently;
    two terms count as one word when they share a stem of five letters
    or more that leaves at most one letter of the shorter and three of
    the longer ('control' and 'contract' stay apart). Terms with the same
    derivational fold ('west' / 'western', see ``lexicon.fold``) too.
    """
    cache_key = (corpus.scope_key(), term)
    found = corpus.variants.get(cache_key)
    if found is not None:
        return found
    out: list[str] = []
    vocabulary = corpus.sorted_vocabulary
    if len(term) >= 5 and vocabulary:
        prefix = term[: max(5, len(term) - 2)]
        at = bisect.bisect_left(vocabulary, prefix)
        while at < len(vocabulary) and vocabulary[at].startswith(prefix) and len(out) < 8:
            other = vocabulary[at]
            if other != term and _same_word(term, other) and corpus.in_vocabulary(other):
                out.append(other)
            at += 1
    for other in corpus.folded.get(derivational_fold(term), ()):
        if other != term and other not in out and corpus.in_vocabulary(other):
            out.append(other)
    if len(corpus.variants) > 50_000:
        corpus.variants.clear()
    corpus.variants[cache_key] = out
    return out


def aliases(corpus: SearchCorpus, weights: dict[str, float]) -> Alias:
    """Other forms of a question's terms, each with the question term it stands for.

    Variants the stemmer left apart count fully; lexicon equivalents and
    near-synonyms, and the phrase an unknown acronym abbreviates, at
    their (lower) credit. Built once per distinct question.
    """
    key = (corpus.scope_key(), *weights)
    found = corpus.alias_cache.get(key)
    if found is not None:
        return found
    links: dict[str, dict[str, float]] = {}
    phrases: dict[tuple[str, ...], dict[str, float]] = {}

    def link(form: tuple[str, ...], wanted: str, credit: float) -> None:
        if len(form) == 1 and form[0] in weights:
            return
        target = links.setdefault(form[0], {}) if len(form) == 1 else phrases.setdefault(form, {})
        if target.get(wanted, 0.0) < credit:
            target[wanted] = credit

    terms = list(weights)
    for term in terms:
        for other in variants(corpus, term):
            link((other,), term, 1.0)
        for other in irregular_forms(term):
            if corpus.in_vocabulary(other):
                link((other,), term, 1.0)
        for expansion in LEXICON.expand(term):
            for form in _known_forms(corpus, expansion.terms):
                link(form, term, expansion.credit)
        if not corpus.in_vocabulary(term):
            for phrase in corpus.acronym(term):
                link(phrase, term, ACTOR_CREDIT)
    # A lexicon phrase in the question ("United States", "New Delhi").
    for phrase in find_phrases(terms, LEXICON.phrases):
        for expansion in LEXICON.expand(" ".join(phrase)):
            for form in _known_forms(corpus, expansion.terms):
                for part in phrase:
                    link(form, part, expansion.credit)
    relevant = set(weights) | set(links)
    for form in phrases:
        relevant.update(form)
    alias = Alias(
        terms={t: tuple(w.items()) for t, w in links.items()},
        phrases=tuple((frozenset(f), tuple(w.items())) for f, w in phrases.items()),
        relevant=frozenset(relevant),
    )
    if len(corpus.alias_cache) > _ALIAS_CACHE:
        corpus.alias_cache.clear()
    corpus.alias_cache[key] = alias
    return alias


def _known_forms(corpus: SearchCorpus, terms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """An expansion as the index holds it: itself and, for one word, its variants."""
    if len(terms) > 1:
        return [terms] if all(corpus.in_vocabulary(t) for t in terms) else []
    forms = [terms] if corpus.in_vocabulary(terms[0]) else []
    forms += [(v,) for v in variants(corpus, terms[0])]
    return forms


def lens(corpus: SearchCorpus, weights: dict[str, float], alias: Alias | None = None) -> TermLens:
    """The question's relevant terms per candidate passage and sentence (``lens.py``), kept per question."""
    key = (corpus.scope_key(), *weights)
    found = corpus.lenses.get(key)
    if found is None:
        alias = alias if alias is not None else aliases(corpus, weights)
        relevant = alias.relevant or frozenset(weights)
        # Nothing kept here may hold the corpus (it keeps the lens): see SentenceSpans.
        postings = corpus.bm25.postings_of if hasattr(corpus.bm25, "indptr") else None
        stored = corpus.stored_sentences
        found = TermLens(relevant, postings=postings, text_of=corpus.text_of,
                         spans_of=corpus.sentence_spans, stored=stored,
                         term_ids=corpus.bm25.term_ids if stored is not None else None)
        if len(corpus.lenses) > _LENS_CACHE:
            corpus.lenses.clear()
        corpus.lenses[key] = found
    return found


def unknown_names(corpus: SearchCorpus, question: str, *, first: bool = False) -> list[str]:
    """Capitalised words of a question (not its first, unless ``first``) that no briefing uses in any form.

    A word counts as used when the index knows it, a longer word starting
    with it, a variant, a lexicon equivalent or (for an acronym) the
    phrase it abbreviates. A compound ("Chile-Peru") is unknown only if
    one of its parts is.
    """
    words = NAME_LIKE.findall(question)
    out = []
    for position, word in enumerate(words):
        if (position == 0 and not first) or not word[:1].isupper() or honorific_key(word) in TITLES:
            continue
        parts = [t for t, _s, _e in term_spans(word) if t is not None]
        if any(not term_in_use(corpus, term) for term in parts):
            out.append(word)
    return out


def question_names(question: str) -> list[tuple[str, ...]]:
    """The terms of each capitalised name in a question (not its first word, not a title).

    "Did anyone discuss Canada and NATO spending?" -> [("canada",), ("nato",)].
    People the question names are taken out by the caller beforehand.
    """
    out: list[tuple[str, ...]] = []
    for position, word in enumerate(NAME_LIKE.findall(question)):
        if position == 0 or not word[:1].isupper() or honorific_key(word) in TITLES:
            continue
        if word.lower() in _FILLER_FORMS:
            continue  # "Discuss" typed in capitals is still a word of asking (see ``_words``)
        terms = tuple(t for t, _s, _e in term_spans(word) if t is not None)
        if terms and terms not in out:
            out.append(terms)
    return out


def _same_word(a: str, b: str) -> bool:
    """Whether two stems are forms of one word (see ``variants``)."""
    shared = len(os.path.commonprefix([a, b]))
    short, long = sorted((len(a), len(b)))
    return shared >= max(5, short - 1, long - 3)
