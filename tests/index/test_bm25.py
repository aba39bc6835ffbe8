"""BM25Index: exact against rank-bm25 and an independent Lucene reference."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from briefbot.errors import IndexError_
from briefbot.index import bm25 as bm25_module
from briefbot.index import maxscore
from briefbot.index.bm25 import FORMAT_VERSION, BM25Index, ReferenceBM25

VOCAB = [f"w{i}" for i in range(40)]


def random_corpus(seed: int, n_docs: int = 200) -> list[list[str]]:
    """Documents over a skewed vocabulary, including empty and repetitive ones."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        width = rng.randint(2, len(VOCAB))
        docs.append([rng.choice(VOCAB[:width]) for _ in range(rng.randint(0, 25))])
    return docs


def random_queries(seed: int, n: int = 60) -> list[list[str]]:
    rng = random.Random(seed + 1000)
    return [
        [rng.choice(VOCAB + ["unknown"]) for _ in range(rng.randint(1, 5))] for _ in range(n)
    ]


def expected_ranking(scores: np.ndarray, docs, query, k, allowed=None) -> list[int]:
    """Docs sharing a query term, by score descending then index."""
    terms = set(query)
    ids = [
        i
        for i, d in enumerate(docs)
        if terms & set(d) and (allowed is None or i in allowed)
    ]
    return sorted(ids, key=lambda i: (-scores[i], i))[:k]


def lucene_reference(docs, query, k1=1.2, b=0.75) -> list[float]:
    """Textbook BM25 with Lucene's idf, written independently of the index."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    df = Counter(t for d in docs for t in set(d))
    scores = []
    for d in docs:
        counts = Counter(d)
        total = 0.0
        for t in query:
            if t not in df:
                continue
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            tf = counts[t]
            total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avgdl))
        scores.append(total)
    return scores


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("k1", "b"), [(1.5, 0.75), (1.2, 0.3), (0.9, 1.0)])
def test_okapi_equals_rank_bm25(seed, k1, b):
    docs = random_corpus(seed)
    index = BM25Index.build(docs, variant="okapi", k1=k1, b=b, epsilon=0.25)
    reference = BM25Okapi(docs, k1=k1, b=b, epsilon=0.25)
    everyone = np.arange(len(docs))
    for query in random_queries(seed):
        with np.errstate(invalid="ignore"):  # rank-bm25 gives 0/0 for empty docs when b=1
            expected = np.nan_to_num(reference.get_scores(query))
        np.testing.assert_allclose(index.score(query, everyone), expected, rtol=0, atol=1e-9)
        got = index.search(query, 10)
        assert [doc for doc, _ in got] == expected_ranking(expected, docs, query, 10)
        for doc, score in got:
            assert score == pytest.approx(expected[doc], abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_lucene_equals_independent_reference(seed):
    docs = random_corpus(seed)
    index = BM25Index.build(docs)  # lucene is the default
    everyone = np.arange(len(docs))
    for query in random_queries(seed):
        expected = np.array(lucene_reference(docs, query))
        np.testing.assert_allclose(index.score(query, everyone), expected, rtol=0, atol=1e-9)
        got = [doc for doc, _ in index.search(query, 8)]
        assert got == expected_ranking(expected, docs, query, 8)


def test_lucene_idf_is_positive_even_for_a_word_in_every_document():
    docs = [["china", "trade"], ["china"], ["china", "taiwan"]]
    index = BM25Index.build(docs)
    assert [doc for doc, _ in index.search(["china"], 5)] == [1, 0, 2]
    assert all(score > 0 for _, score in index.search(["china"], 5))


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=12), min_size=1, max_size=40),
    query=st.lists(st.sampled_from("abcdefghz"), min_size=1, max_size=4),
    k=st.integers(1, 12),
    variant=st.sampled_from(["okapi", "lucene"]),
)
def test_search_agrees_with_the_rank_bm25_reference_engine(docs, query, k, variant):
    ours = BM25Index.build(docs, variant=variant)
    reference = ReferenceBM25(docs, variant=variant)
    assert ours.search(query, k) == reference.search(query, k)
    allowed = np.arange(0, len(docs), 2)
    assert ours.search(query, k, allowed) == reference.search(query, k, allowed)


@pytest.mark.parametrize("seed", range(3))
def test_candidates_restrict_results_without_changing_scores(seed):
    docs = random_corpus(seed, n_docs=400)
    index = BM25Index.build(docs)
    rng = random.Random(seed)
    everyone = np.arange(len(docs))
    for query in random_queries(seed, n=30):
        full = index.score(query, everyone)
        for size in (1, 5, 50, 300):  # exercises both the lookup and the mask paths
            allowed = set(rng.sample(range(len(docs)), size))
            got = index.search(query, 6, np.array(sorted(allowed)))
            assert [d for d, _ in got] == expected_ranking(full, docs, query, 6, allowed)
            mask = np.zeros(len(docs), dtype=bool)
            mask[list(allowed)] = True
            assert index.search(query, 6, mask) == got


@pytest.mark.parametrize("seed", range(3))
def test_multi_word_queries_rank_every_document_they_touch(seed):
    """The top k found from a floor (common words) is the top k of a full ranking."""
    docs = random_corpus(seed, n_docs=400)
    index = BM25Index.build(docs)
    everyone = np.arange(len(docs))
    for query in random_queries(seed, n=40):
        full = index.score(query, everyone)
        for k in (1, 6, 25):
            got = index.search(query, k)
            assert [d for d, _ in got] == expected_ranking(full, docs, query, k, set(everyone))
    tied = BM25Index.build([["x", "y"]] * 30 + [["x"]] * 5)
    assert [d for d, _ in tied.search(["x", "y"], 12)] == list(range(12))


def test_only_documents_sharing_a_term_are_returned():
    index = BM25Index.build([["a"], ["b"], ["a", "b"], []])
    assert [d for d, _ in index.search(["a"], 10)] == [0, 2]
    assert index.search(["nothing"], 10) == []
    assert index.search([], 10) == []
    assert index.search(["a"], 0) == []
    assert index.search(["a"], 10, np.array([], dtype=int)) == []


def test_ties_are_broken_by_document_order():
    docs = [["x", "y"]] * 30
    index = BM25Index.build(docs)
    assert [d for d, _ in index.search(["x"], 5)] == [0, 1, 2, 3, 4]
    assert [d for d, _ in index.search(["x", "y"], 3, np.array([20, 7, 9]))] == [7, 9, 20]


def test_repeated_query_terms_count_each_time_like_rank_bm25():
    docs = random_corpus(1)
    index = BM25Index.build(docs, variant="okapi", k1=1.5)
    reference = BM25Okapi(docs, k1=1.5)
    query = ["w1", "w2", "w1"]
    np.testing.assert_allclose(
        index.score(query, np.arange(len(docs))), reference.get_scores(query), atol=1e-9
    )


def test_empty_corpus_is_searchable():
    index = BM25Index.build([])
    assert index.n_docs == 0
    assert index.search(["a"], 3) == []


@pytest.mark.parametrize("mmap", [True, False])
def test_save_and_load_round_trip(tmp_path, mmap):
    docs = random_corpus(7)
    index = BM25Index.build(docs, variant="okapi", k1=1.1, b=0.6)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25", mmap=mmap)
    assert (loaded.variant, loaded.k1, loaded.b, loaded.n_docs) == ("okapi", 1.1, 0.6, len(docs))
    for query in random_queries(7, n=20):
        assert loaded.search(query, 10) == index.search(query, 10)
    if mmap:  # the postings stay in the file's pages (shared by every worker), not copied
        assert loaded.mapped
    else:
        assert not loaded.mapped


def test_saved_arrays_need_no_pickle(tmp_path):
    BM25Index.build(random_corpus(3)).save(tmp_path)
    for path in tmp_path.glob("*.npy"):
        array = np.load(path, allow_pickle=False)
        assert array.dtype != object


def test_a_truncated_array_is_reported_not_crashed_on(tmp_path):
    BM25Index.build(random_corpus(3)).save(tmp_path)
    path = tmp_path / "weights.npy"
    path.write_bytes(path.read_bytes()[:-16])
    with pytest.raises(IndexError_):
        BM25Index.load(tmp_path)


def test_a_missing_or_foreign_index_is_reported(tmp_path):
    with pytest.raises(IndexError_):
        BM25Index.load(tmp_path)
    BM25Index.build(random_corpus(3)).save(tmp_path)
    meta = tmp_path / "bm25.json"
    meta.write_text(meta.read_text().replace(f'"format": {FORMAT_VERSION}', '"format": 999'))
    with pytest.raises(IndexError_, match="format"):
        BM25Index.load(tmp_path)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("skip_from", [0, maxscore.MIN_SKIPPED])
def test_a_scope_scores_bit_for_bit_like_an_index_of_its_documents_alone(
    seed, skip_from, monkeypatch
):
    monkeypatch.setattr(maxscore, "MIN_SKIPPED", skip_from)  # 0: long lists skipped at any size
    docs = random_corpus(seed)
    rng = random.Random(seed + 7)
    visible = np.array([rng.random() < 0.6 for _ in docs])
    whole = BM25Index.build(docs)
    alone = BM25Index.build([d for d, v in zip(docs, visible, strict=True) if v])
    stats = whole.scope_stats(visible)
    position = np.cumsum(visible) - 1  # a visible document's index in ``alone``
    assert stats.n_docs == alone.n_docs and stats.avgdl == alone.avgdl
    for term, tid in alone.term_ids.items():
        assert stats.idf[whole.term_ids[term]] == alone.idf[tid]
    for query in random_queries(seed):
        got = whole.search(query, 10, visible, stats)
        expected = alone.search(query, 10)
        shown = [(int(np.flatnonzero(visible)[i]), s) for i, s in expected]
        assert got == shown, query
        ids = np.flatnonzero(visible)
        assert whole.score(query, ids, stats).tolist() == alone.score(query, position[ids]).tolist()


@pytest.mark.parametrize("variant", ["lucene", "okapi"])
@pytest.mark.parametrize("skip_from", [0, maxscore.MIN_SKIPPED])
def test_queries_return_the_exhaustive_top_k_on_random_corpora(variant, skip_from, monkeypatch):
    """Every way to the top k gives the documents, scores and tie order of scoring them all.

    Common words (long lists: a floor over dense totals), rare words (few
    postings: sums in a reused buffer, which must come back clean for the
    next query) and both mixed (long lists skipped when they cannot place,
    made to happen at this size by ``skip_from``); few distinct document
    lengths make many exact ties, repeated query words count twice, and
    filters keep a random half or a random twentieth of the documents.
    """
    monkeypatch.setattr(maxscore, "MIN_SKIPPED", skip_from)
    rng = random.Random(11)
    common = [f"c{i}" for i in range(6)]
    rare = [f"r{i}" for i in range(400)]

    def word() -> str:
        draw = rng.random()
        return rng.choice(common if draw < 0.5 else VOCAB if draw < 0.8 else rare)

    docs = [[word() for _ in range(rng.choice((3, 5, 8)))] for _ in range(3000)]
    ours = BM25Index.build(docs, variant=variant)
    reference = ReferenceBM25(docs, variant=variant)
    half = np.array([rng.random() < 0.5 for _ in docs])
    few = np.flatnonzero([rng.random() < 0.05 for _ in docs])
    everyone = np.ones(len(docs), dtype=bool)  # a scope that sees every document
    for _ in range(10):
        for pool in (common, rare, common + rare):
            query = [rng.choice(pool) for _ in range(rng.randint(1, 6))]
            for k in (1, 10, 60):
                expected = reference.search(query, k)
                assert ours.search(query, k) == expected, (query, k)
                assert ours.search(query, k, everyone) == expected
                assert ours.search(query, k, half) == reference.search(query, k, half)
                assert ours.search(query, k, few) == reference.search(query, k, few)


def test_a_long_list_is_skipped_only_when_its_words_cannot_place(monkeypatch):
    """A common word packed into short documents can outscore a rarer word in long ones.

    The rare word's list is read first and the common word's list (five
    times longer) only searched when the rare word's documents are sure to
    beat it; here they are not, and the short documents must still win.
    """
    monkeypatch.setattr(maxscore, "MIN_SKIPPED", 0)  # skip lists of any length
    filler = [f"f{i}" for i in range(12)]
    docs = [["common"] * 6 for _ in range(200)]
    docs += [["rare"] + filler for _ in range(40)]
    docs += [["other"] for _ in range(360)]
    ours, reference = BM25Index.build(docs), ReferenceBM25(docs)
    for k in (1, 10, 40):
        found = ours.search(["rare", "common"], k)
        assert found == reference.search(["rare", "common"], k)
        assert all(docs[d][0] == "common" for d, _ in found)
    # And where the rare word's documents do beat every common one, the same answer.
    assert ours.search(["rare", "other"], 10) == reference.search(["rare", "other"], 10)


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_an_index_built_a_few_entries_at_a_time_scores_like_the_reference(block, monkeypatch):
    # A term repeated in a document whose run of keys crosses a block's end must
    # still count once per occurrence, and a document's postings stay in order.
    docs = random_corpus(11, n_docs=60) + [["w0"] * 9, [], ["w1", "w0", "w1"] * 3]
    whole = BM25Index.build(docs)
    monkeypatch.setattr(bm25_module, "_BLOCK", block)
    blocks = BM25Index.build(docs)
    for name in ("indptr", "doc_ids", "weights", "tf", "idf", "doc_len"):
        assert np.array_equal(getattr(blocks, name), getattr(whole, name)), name
    for query in random_queries(11, n=20):
        expected = lucene_reference(docs, query)
        assert blocks.score(query, range(len(docs))).tolist() == pytest.approx(expected, rel=1e-12)
