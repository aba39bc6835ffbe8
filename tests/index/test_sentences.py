"""Sentences stored at index time: the same ranges and terms as splitting and tokenizing on demand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbot.errors import IndexError_
from briefbot.index import sentences as sentences_module
from briefbot.index.bm25 import _save_array
from briefbot.index.sentences import SentenceIndex, sentence_spans, tokenize_sentences
from briefbot.index.tokenize import tokenize
from briefbot.search.lens import TermLens

_WORDS = st.sampled_from(
    "China China's U.S. U.S.-China Sino-Soviet 1,000 2023 sanctions. Sanctioned x-ray "
    "policy. policy, (policy) “quoted” Núñez école! a''b rock'n'roll _under dying? skies "
    "US us NATO the of Ukraine's e.g. Dr. Kang U.S.Army Mariya Y. Omelicheva 3. It".split()
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=8)), min_size=0, max_size=40).map(" ".join)


def _vocabulary(texts: list[str]) -> dict[str, int]:
    terms = sorted({t for text in texts for t in tokenize(text)})
    return {t: i for i, t in enumerate(terms)}


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4))
def test_stored_sentences_equal_splitting_and_tokenizing(texts):
    vocabulary = _vocabulary(texts)
    names = {i: t for t, i in vocabulary.items()}
    index = SentenceIndex.build(texts, vocabulary)
    assert len(index) == len(texts)
    for i, text in enumerate(texts):
        spans = sentence_spans(text)
        assert index.spans(i) == spans
        truth = [set(tokenize(text[s:e])) for s, e in spans]
        assert index.sentence_terms(i, names) == truth
        # A sentence's terms are the passage's terms, cut where the sentences are.
        assert [t for s, e in spans for t in tokenize(text[s:e])] == tokenize(text)
        # So the build tokenizes a passage once and uses the same terms for BM25.
        split, terms, cuts = tokenize_sentences(text)
        assert split == spans and terms == tokenize(text) and cuts[-1] == len(terms)
        by_sentence = [terms[a:b] for a, b in zip([0, *cuts], cuts)]
        assert by_sentence == [tokenize(text[s:e]) for s, e in spans]


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4), picks=st.lists(st.integers(0, 500), max_size=5))
def test_the_lens_reads_the_same_terms_from_the_index(texts, picks):
    vocabulary = _vocabulary(texts)
    terms = sorted(vocabulary) or ["nothing"]
    relevant = {terms[p % len(terms)] for p in picks} | {"absent"}
    docs = [set(tokenize(t)) for t in texts]

    def posting(term: str) -> np.ndarray:
        return np.asarray([i for i, d in enumerate(docs) if term in d], dtype=np.int64)

    stored = SentenceIndex.build(texts, vocabulary)
    common = {"postings": posting, "text_of": texts.__getitem__,
              "spans_of": lambda i: sentence_spans(texts[i])}
    plain = TermLens(relevant, **common)
    fast = TermLens(relevant, **common, stored=stored, term_ids=vocabulary)
    for i in range(len(texts)):
        assert fast.sentences(i) == plain.sentences(i)


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4), extra=st.lists(_WORDS, max_size=4))
def test_document_terms_past_the_text_join_no_sentence(texts, extra):
    # The index build hands over each passage's document terms: its text's terms
    # followed by the speaker, section and title terms.
    vocabulary = _vocabulary(texts + extra)
    tokenized = [tokenize_sentences(text) for text in texts]
    fields = tokenize(" ".join(extra))
    appended = [(spans, terms + fields, cuts) for spans, terms, cuts in tokenized]
    built = SentenceIndex.build(texts, vocabulary)
    shared = SentenceIndex.from_tokenized(appended, vocabulary)
    for name in ("ptr", "bounds", "term_ptr", "terms"):
        assert np.array_equal(getattr(shared, name), getattr(built, name))
        assert getattr(shared, name).dtype == getattr(built, name).dtype


def test_round_trip_and_a_mismatch_is_refused(tmp_path):
    texts = ["Sanctions bite. Dr. Kang disagreed! The U.S. waited.", "", "One more sentence here"]
    vocabulary = _vocabulary(texts)
    built = SentenceIndex.build(texts, vocabulary)
    built.save(tmp_path, _save_array)
    loaded = SentenceIndex.load(tmp_path, len(texts), len(vocabulary), mmap_arrays=True)
    names = {i: t for t, i in vocabulary.items()}
    for i in range(len(texts)):
        assert loaded.spans(i) == built.spans(i)
        assert loaded.sentence_terms(i, names) == built.sentence_terms(i, names)
    assert [texts[0][s:e] for s, e in loaded.spans(0)] == [
        "Sanctions bite.", "Dr. Kang disagreed!", "The U.S. waited."]
    with pytest.raises(IndexError_):
        SentenceIndex.load(tmp_path, len(texts) + 1, len(vocabulary), mmap_arrays=True)
    with pytest.raises(IndexError_):
        SentenceIndex.load(tmp_path, len(texts), 2, mmap_arrays=True)  # ids beyond the vocabulary


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=6), block=st.integers(1, 9))
def test_sentences_indexed_a_few_terms_at_a_time_hold_the_same_terms(texts, block):
    vocabulary = _vocabulary(texts)
    names = {i: t for t, i in vocabulary.items()}
    whole = SentenceIndex.build(texts, vocabulary)
    kept = sentences_module._BLOCK
    sentences_module._BLOCK = block
    try:
        blocks = SentenceIndex.build(texts, vocabulary)
    finally:
        sentences_module._BLOCK = kept
    assert np.array_equal(blocks.term_ptr, whole.term_ptr)
    assert np.array_equal(blocks.terms, whole.terms)
    for i, text in enumerate(texts):
        truth = [set(tokenize(text[s:e])) for s, e in sentence_spans(text)]
        assert blocks.sentence_terms(i, names) == truth
