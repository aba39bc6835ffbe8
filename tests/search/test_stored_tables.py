"""The briefing tables an index is saved with are what the engine would make from the records."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.index.briefing_tables import CAPITALISED_RUN, briefing_terms
from briefbot.index.store import build_index, open_index
from briefbot.search.engine import Engine
from briefbot.search.tables import tables
from briefbot.text import fold

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
    # Saved and loaded, or made from an index built in memory: the values the briefing
    # records give, computed here the plain way.
    briefings = engines[0].core.briefings
    for engine in engines:
        stored = tables(engine.core)._stored
        codes: dict[str, int] = {}
        per_briefing = [codes.setdefault(fold(b.organization or ""), len(codes))
                        for b in briefings]
        assert (stored.organizations, stored.org_codes.tolist()) == (list(codes), per_briefing)
        assert stored.dates.tolist() == [-1 if b.date is None else b.date.toordinal()
                                         for b in briefings]
        assert stored.folded_ids.tolist() == [fold(b.id) for b in briefings]
        assert stored.folded_titles.tolist() == [fold(b.title) for b in briefings]
        categories: dict[str, list[int]] = {}
        meta: dict[str, list[int]] = {}
        for i, briefing in enumerate(briefings):
            for category in dict.fromkeys(fold(c) for c in briefing.categories):
                categories.setdefault(category, []).append(i)
            for term in briefing_terms(briefing):
                meta.setdefault(term, []).append(i)
        for mine, theirs in ((stored.category_postings(), categories),
                             (stored.meta_postings(), meta)):
            assert sorted(mine) == sorted(theirs)
            for key, holders in theirs.items():
                assert mine[key].tolist() == holders, key


def test_the_hosts_acronyms_are_the_ones_learnt_from_the_opening_passages(engines) -> None:
    saved, made = engines
    scope = saved.scope(None)
    hosts = tables(saved.core).host_acronyms(scope)
    assert hosts == tables(made.core).host_acronyms(made.scope(None))
    # The runs kept with the tables are those of each briefing's opening passage.
    core = saved.core
    runs = tables(core)._stored.opening_runs
    for b in range(len(core.briefings)):
        own = core.briefing_passages[b]
        opening = core.text_of(int(own[0])) if len(own) else ""
        assert runs[b] == CAPITALISED_RUN.findall(opening), b
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
