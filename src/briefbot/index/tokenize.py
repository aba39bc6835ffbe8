"""Text -> search terms, the same way for documents and queries.

A *token* is a run of the original text that reads as one word: letters and
digits with inner apostrophes ("China's"), dotted acronyms ("U.S.", "U.K."),
numbers with separators ("1,000", "3.5"), and hyphenated compounds built
from those ("Sino-Soviet", "U.S.-China", "COVID-19").

Each token becomes zero or more *terms*:

* the token is normalised with :func:`briefbot.text.fold` — NFKC, straight
  quotes, diacritics removed (``Núñez`` == ``Nunez``), case folded;
* English stopwords (:data:`STOPWORDS`) and one-letter words are dropped,
  except the country acronym: ``US`` in capitals and the dotted ``U.S.``
  become the term ``us`` while the pronoun "us" is a stopword;
* dotted acronyms lose their dots (``U.S.`` -> ``us``, ``U.K.`` -> ``uk``);
  numbers lose thousands commas (``1,000`` -> ``1000``) and keep decimals;
* every word is stemmed with the Snowball English stemmer (PyStemmer), so
  "sanctions", "sanctioned" and "sanctioning" meet; stemming is applied the
  same way whatever the case, so a query typed in lower case finds an
  acronym written in capitals;
* a hyphenated compound gives its parts (each treated as above) *and* one
  joined term, the stem of the parts written together: "Sino-Soviet" ->
  ``sino``, ``soviet``, ``sinosoviet``. So the queries "Sino-Soviet",
  "sino soviet" and "sinosoviet" all find it, and "peace-keeping" meets
  "peacekeeping".

:func:`term_spans` exposes where each word sits in the original text, so an
excerpt can highlight exactly the words a query matched.
"""

from __future__ import annotations

import re
import threading
from itertools import chain

import Stemmer

from ..text import fold

__all__ = ["tokenize", "term_spans", "STOPWORDS", "stem"]

# A common English function-word list (articles, pronouns, auxiliaries,
# prepositions, conjunctions and their contractions). Content words that
# matter in briefings ("said", "state", "power") are deliberately absent.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be
    because been before being below between both but by can can't cannot
    could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd
    i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours
    ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those
    through to too under until up very was wasn't we we'd we'll we're we've
    were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't you you'd you'll you're
    you've your yours yourself yourselves also just may might must shall
    upon yet us
    """.split()
)

_ACRONYM_DOTTED = r"(?:[^\W\d_]\.)+[^\W\d_]\.?"
_NUMBER = r"\d+(?:[.,]\d+)+"
_WORD = r"\w+(?:['\u2019]\w+)*"
_PART = rf"(?:{_ACRONYM_DOTTED}|{_NUMBER}|{_WORD})"
# Hyphen, non-breaking hyphen, Unicode hyphen and en dash join compounds;
# an em dash is punctuation between words, not a joiner.
_JOINER = "-\u2010\u2011\u2013"
# Two passes: a cheap pattern cuts the text into candidate chunks (it runs
# over every character of the corpus), the exact grammar above then splits
# each distinct chunk once, and the result is cached.
_CHUNK = re.compile(rf"\w+(?:(?:\.?[{_JOINER}]|[.,'\u2019])\w+)*")
_TOKEN = re.compile(rf"{_PART}(?:[{_JOINER}]{_PART})*")
_PART_RE = re.compile(_PART)
_ACRONYM_RE = re.compile(rf"{_ACRONYM_DOTTED}\Z")
_NUMBER_RE = re.compile(rf"{_NUMBER}\Z")
_KEEP_CAPITALISED = frozenset({"us"})  # "US" the country, not the pronoun

_stemmer_local = threading.local()
# chunk -> (its terms, its word spans). Briefing vocabulary follows Zipf's
# law, so a small cache answers almost every lookup; it is cleared when it
# grows large. ``_terms`` does the same for :func:`tokenize`'s hot path, which
# every word of the corpus goes through, keyed by the runs of text between white
# space: a chunk holds no white space (see _CHUNK), so a text's chunks are its
# white-space-separated words' chunks in turn, and ``str.split`` finds those words
# several times faster than the chunk pattern scans the text.
_Spans = tuple[tuple[str | None, int, int], ...]
_cache: dict[str, tuple[tuple[str, ...], _Spans]] = {}
_terms: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 400_000


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe; one per thread.
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _stemmer_local.stemmer = stemmer
    return stemmer


def stem(word: str) -> str:
    """The Snowball English stem of an already folded word."""
    return _stemmer().stemWord(word)


def _fold(raw: str) -> str:
    # Plain ASCII needs no Unicode normalisation: lower-casing is the whole fold.
    return raw.lower() if raw.isascii() else fold(raw)


def _part_term(raw: str) -> str | None:
    """The term of one compound part, or None for a stopword or a lone letter."""
    folded = _fold(raw)
    if not folded:
        return None
    if _ACRONYM_RE.match(folded):
        return folded.replace(".", "")
    if _NUMBER_RE.match(folded):
        return folded.replace(",", "")
    bare = folded[:-2] if folded.endswith("'s") else folded
    if bare in STOPWORDS or folded in STOPWORDS:
        if not (raw.isupper() and bare in _KEEP_CAPITALISED):
            return None
    if len(bare) == 1 and not bare.isdigit():
        return None
    return stem(folded)


def _analyse(chunk: str) -> tuple[tuple[str, ...], _Spans]:
    """(terms, word spans relative to the chunk) of one chunk of text."""
    found = _cache.get(chunk)
    if found is not None:
        return found
    terms: list[str] = []
    spans: list[tuple[str | None, int, int]] = []
    for token in _TOKEN.finditer(chunk):
        parts = list(_PART_RE.finditer(token.group()))
        base = token.start()
        for part in parts:
            term = _part_term(part.group())
            spans.append((term, base + part.start(), base + part.end()))
            if term is not None:
                terms.append(term)
        if len(parts) > 1:
            letters = "".join(
                _fold(p.group()).replace(".", "").replace(",", "") for p in parts
            )
            if letters:
                terms.append(stem(letters))
    result = (tuple(terms), tuple(spans))
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[chunk] = result
    return result


def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one run of text without white space, cached."""
    found: tuple[str, ...] = ()
    for chunk in _CHUNK.findall(word):
        known = _cache.get(chunk)
        found += known[0] if known is not None else _analyse(chunk)[0]
    if len(_terms) >= _CACHE_LIMIT:
        _terms.clear()
    _terms[word] = found
    return found


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The search terms of ``text[start:end]``, in order (see the module docstring)."""
    words = (text if start == 0 and end is None else text[start:end]).split()
    terms = _terms
    try:
        # Every word already seen (most texts once the cache is warm): one pass in C.
        return list(chain.from_iterable(map(terms.__getitem__, words)))
    except KeyError:
        pass
    out: list[str] = []
    for word in words:
        found = terms.get(word)
        out.extend(found if found is not None else _word_terms(word))
    return out


def term_spans(text: str) -> list[tuple[str | None, int, int]]:
    """Every word of ``text`` as (term or None for a stopword, start, end).

    Offsets index the original ``text``. A compound gives one entry per part
    (its joined term has no span of its own: its parts cover the same
    characters), so highlighting the parts a query matched is enough.
    """
    out: list[tuple[str | None, int, int]] = []
    for match in _CHUNK.finditer(text):
        base = match.start()
        for term, start, end in _analyse(match.group())[1]:
            out.append((term, base + start, base + end))
    return out
