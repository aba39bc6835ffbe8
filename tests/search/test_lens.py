"""The term lens: per-sentence question terms of a passage, without tokenizing every word."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbot.index.tokenize import tokenize
from briefbot.search.excerpts import sentence_spans
from briefbot.search.lens import TermLens, could_hold

_WORDS = st.sampled_from(
    "China China's U.S. U.S.-China Sino-Soviet 1,000 2023 sanctions Sanctioned x-ray "
    "policy. policy, (policy) “quoted” Núñez école a''b rock'n'roll _under dying skies "
    "US us NATO the of Ukraine's e.g. Dr. Kang U.S.Army".split()
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=8)), min_size=1, max_size=40).map(" ".join)


def _lens(texts: list[str], relevant: set[str], *, postings: bool) -> TermLens:
    docs = [set(tokenize(t)) for t in texts]

    def posting(term: str) -> np.ndarray:
        return np.asarray([i for i, d in enumerate(docs) if term in d], dtype=np.int64)

    return TermLens(relevant, postings=posting if postings else None, text_of=texts.__getitem__,
                    spans_of=lambda i: sentence_spans(texts[i]))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, picks=st.lists(st.integers(0, 1000), min_size=1, max_size=6))
def test_sentence_terms_equal_tokenizing_each_sentence(text, picks):
    truth = [set(tokenize(text[s:e])) for s, e in sentence_spans(text)]
    terms = sorted(set().union(*truth)) or ["nothing"]
    relevant = {terms[p % len(terms)] for p in picks} | {"absent"}
    for postings in (True, False):
        got = _lens([text], relevant, postings=postings).sentences(0)
        wanted = [s & relevant for s in truth]
        if any(wanted):
            assert got == wanted
        else:  # holding none of the terms reads as one empty sentence
            assert not any(got)


def test_a_passage_without_the_question_terms_is_not_read():
    texts = ["Licensing rules slow exporters.", "Nothing relevant here. At all."]
    read: list[int] = []
    lens = _lens(texts, {"export"}, postings=True)
    lens._text_of = lambda i: read.append(i) or texts[i]
    assert lens.sentences(1) == [set()]
    assert lens.sentences(0) == [{"export"}]
    assert read == [0]


def test_plain_words_are_skipped_by_their_first_letter():
    assert not could_hold("policy,", {"s"})
    assert could_hold("Sanctions.", {"s"})
    assert could_hold("x-ray", {"r"})  # a compound part may start with the letter
    assert could_hold("école", {"e"})  # folding may change the first letter
    assert not could_hold("China's", {"s"})
