"""The tokenizer: what a person typing a query can expect to find."""

from __future__ import annotations

import importlib

from hypothesis import given
from hypothesis import strategies as st

from briefbot.index.tokenize import STOPWORDS, term_spans, tokenize

# The module itself (the package re-exports a function of the same name).
_tokenize = importlib.import_module("briefbot.index.tokenize")


def finds(document: str, query: str) -> bool:
    """True if every query term occurs among the document's terms."""
    terms = set(tokenize(document))
    return all(t in terms for t in tokenize(query))


def test_diacritics_and_case_are_folded():
    assert tokenize("Núñez") == tokenize("nunez") == tokenize("NUNEZ")
    assert finds("Ambassador Østergaard spoke", "ostergaard")


def test_english_stemming_joins_word_forms():
    assert tokenize("sanctions") == tokenize("sanctioned") == tokenize("sanctioning")
    assert finds("Beijing's growing influence", "Beijing")
    assert finds("Beijing\u2019s influence", "beijing")


def test_stopwords_are_dropped_but_content_words_kept():
    assert tokenize("what is the state of the alliance") == tokenize("state alliance")
    assert "the" in STOPWORDS and "said" not in STOPWORDS
    assert tokenize("the of and") == []


def test_acronyms_are_findable_in_any_case():
    doc = "The CCP and the PRC responded to U.S. pressure, said the U.K. envoy."
    for query in ("CCP", "ccp", "PRC", "prc", "U.S.", "US", "U.K.", "UK"):
        assert finds(doc, query), query


def test_us_pronoun_is_a_stopword_but_the_country_is_not():
    assert tokenize("tell us") == tokenize("tell")
    assert tokenize("US policy") == tokenize("U.S. policy")
    assert tokenize("US policy") != tokenize("policy")


def test_hyphenated_compounds_match_hyphenated_spaced_and_joined_queries():
    doc = "the Sino-Soviet split of 1960"
    for query in ("Sino-Soviet", "sino soviet", "sinosoviet", "Soviet", "Sino\u2013Soviet"):
        assert finds(doc, query), query
    assert finds("peace-keeping forces", "peacekeeping")
    assert finds("U.S.-China relations", "US China")


def test_numbers_are_kept():
    terms = tokenize("In 2023, 1,000 troops and 3.5% growth; COVID-19.")
    assert {"2023", "1000", "3.5", "19"} <= set(terms)
    assert finds("COVID-19 response", "covid19")


def test_compatibility_characters_are_normalised():
    assert tokenize("\ufb01nance") == tokenize("finance")  # the "fi" ligature
    assert tokenize("\uff23\uff23\uff30") == tokenize("CCP")  # full-width letters


def test_term_spans_point_at_the_original_words():
    text = "Dr. Núñez\u2019s view: the U.S.-China rivalry."
    spans = term_spans(text)
    words = [(term, text[start:end]) for term, start, end in spans]
    assert ("nunez", "Núñez\u2019s") in words
    assert (None, "the") in words
    assert [w for _, w in words if w in ("U.S.", "China")] == ["U.S.", "China"]
    # Every term of tokenize() except compound joins has a span.
    spanned = [t for t, _, _ in spans if t is not None]
    assert spanned == [t for t in tokenize(text) if t != "uschina"]


def test_term_spans_offsets_survive_text_that_normalisation_would_shorten():
    text = "\ufb01nance ministers and \ufb01nance"
    spans = [(term, start, end) for term, start, end in term_spans(text) if term]
    assert [text[s:e] for _, s, e in spans] == ["\ufb01nance", "ministers", "\ufb01nance"]


@given(st.text(max_size=200))
def test_any_text_tokenizes_consistently(text):
    terms = tokenize(text)
    assert all(t and t == t.strip() for t in terms)
    assert tokenize(text) == terms
    for term, start, end in term_spans(text):
        assert 0 <= start < end <= len(text)
        assert term is None or term in terms


# Words, the characters that join or end them, and white space of every kind
# (str.isspace: tab, no-break space, line and paragraph separators, ...).
_PIECES = st.sampled_from(
    ["U.S.", "u.s", "Sino", "Soviet", "COVID", "19", "1,000", "3.5", "China's", "O\u2019Neil",
     "the", "US", "Núñez", "ﬁnance", "a", "-", "\u2010", "\u2013", "\u2014", ".", ",", "'",
     "\u2019", "(", ")", "\"", " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\u3000", "\x1c"]
)


@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_terms_are_those_of_each_chunk_and_of_any_slice(text, a, b):
    # tokenize looks its terms up by white-space-separated word; they must be
    # exactly the terms of the chunks the tokenizer's grammar cuts the text into.
    reference = [term for chunk in _tokenize._CHUNK.findall(text)
                 for term in _tokenize._analyse(chunk)[0]]
    assert tokenize(text) == reference
    start, end = min(a, b), max(a, b)
    assert tokenize(text, start, end) == tokenize(text[start:end])
