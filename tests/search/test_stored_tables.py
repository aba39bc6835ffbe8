"""The briefing tables an index is saved with are what the engine would make from the records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefbot.config import Settings
from briefbot.index.store import build_index, open_index
from briefbot.search.engine import Engine
from briefbot.search.tables import tables

DATA = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    settings = Settings()
    saved = open_index(DATA, settings, cache_dir=tmp_path_factory.mktemp("cache"))
    assert saved.briefing_tables is not None
    made = build_index(saved.corpus, settings)
    assert made.briefing_tables is None  # in memory: the engine makes its own
    return Engine(saved, settings).warm(), Engine(made, settings).warm()


def test_every_briefing_table_is_the_one_made_from_the_records(engines) -> None:
    stored, made = (tables(e.core) for e in engines)
    names, codes = stored._organizations
    assert (names, codes.tolist()) == (made._organizations[0], made._organizations[1].tolist())
    assert stored._dates.tolist() == made._dates.tolist()
    assert stored._folded_ids.tolist() == made._folded_ids.tolist()
    assert stored._folded_titles.tolist() == made._folded_titles.tolist()
    for mine, theirs in ((stored._meta_postings, made._meta_postings),
                         (stored._categories, made._categories)):
        assert sorted(mine) == sorted(theirs)
        for key, holders in theirs.items():
            assert mine[key].dtype == holders.dtype and np.array_equal(mine[key], holders), key


def test_the_hosts_acronyms_are_the_ones_learnt_from_the_opening_passages(engines) -> None:
    saved, made = engines
    scope = saved.scope(None)
    hosts = tables(saved.core).host_acronyms(scope)
    assert hosts == tables(made.core).host_acronyms(made.scope(None))
    assert hosts.get("afpc") == "American Foreign Policy Council"  # defined in an opening


def test_the_same_answers_from_either(engines) -> None:
    saved, made = engines
    for question in ("events org:AFPC", "events after:2023", "When was the Arctic briefing?",
                     "What did Berman say about Iran?"):
        a, b = saved.ask(question), made.ask(question)
        assert a.model_dump() == b.model_dump(), question


def test_each_briefings_meta_terms_read_from_the_tables_are_its_own(engines) -> None:
    from briefbot.index.briefing_tables import briefing_terms

    saved, made = engines
    briefings = saved.core.briefings
    assert len(saved.meta_terms) == len(briefings) > 1
    for b, briefing in enumerate(briefings):
        assert saved.meta_terms[b] == briefing_terms(briefing) == made.meta_terms[b], b
    assert saved.meta_terms[-1] == briefing_terms(briefings[-1])
    with pytest.raises(IndexError):
        saved.meta_terms[len(briefings)]
