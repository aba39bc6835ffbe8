"""Per-corpus tables: each mask is what a loop over every briefing or passage gives."""

from __future__ import annotations

import datetime as dt

import numpy as np

from briefbot.search.intents.facts import resolve_event
from briefbot.search.tables import tables
from briefbot.search.terms import weights as weights_of
from briefbot.text import fold


def _loop(briefings, test):
    return np.array([test(b) for b in briefings], dtype=bool)


def test_briefing_masks_equal_a_loop_over_every_briefing(engine):
    corpus = engine.core
    briefings = corpus.briefings
    t = tables(corpus)
    assert tables(corpus) is t  # made once per corpus
    orgs = {b.organization for b in briefings if b.organization}
    assert orgs, "the search corpus names hosts"
    for value in [*orgs, *(o.split()[-1].upper() for o in orgs), "nobody hosts this"]:
        want = _loop(briefings, lambda b, v=value: fold(v) in fold(b.organization or ""))
        assert np.array_equal(t.organization_mask(value), want), value
    for value in [c for b in briefings for c in b.categories] + ["ENERGY", "zzz"]:
        want = _loop(briefings, lambda b, v=value: any(fold(v) in fold(c) for c in b.categories))
        assert np.array_equal(t.category_mask(value), want), value
    for low, high in [(dt.date(2023, 1, 1), None), (None, dt.date(2024, 6, 1)),
                      (dt.date(2024, 1, 1), dt.date(2025, 1, 1))]:
        want = _loop(briefings, lambda b, lo=low, hi=high: b.date is not None
                     and (lo is None or b.date >= lo) and (hi is None or b.date < hi))
        assert np.array_equal(t.date_mask(low, high), want)
    for value in [b.title.split()[0] for b in briefings] + [b.id[:6] for b in briefings]:
        want = _loop(briefings, lambda b, v=value: fold(v) in fold(b.id)
                     or fold(v) in fold(b.title))
        assert np.array_equal(t.id_or_title_mask(value), want), value


def test_passage_roles_and_sections_come_from_the_columns(engine):
    corpus = engine.core
    passages = list(corpus.passages)
    t = tables(corpus)
    for roles in (["moderator"], ["panelist", "keynote"], ["audience"]):
        want = np.array([p.role.value in roles for p in passages], dtype=bool)
        assert np.array_equal(t.role_mask(roles), want), roles
    ids = np.arange(len(passages))
    assert t.sections(ids) == [p.section for p in passages]


def test_event_resolution_through_meta_postings_scores_as_the_full_loop(engine):
    corpus = engine.core
    scope = engine.scope(None)
    for briefing in corpus.briefings:
        year = briefing.date.year if briefing.date else ""
        for words in (briefing.title, " ".join(briefing.title.split()[:2]),
                      f"{briefing.organization or ''} {year}"):
            weights = weights_of(corpus, words, drop_filler=False)
            got = resolve_event(corpus, words, scope)
            # The loop this replaced: every visible briefing's meta terms tested.
            if not weights:
                continue
            assert got == _reference(corpus, words, scope), words


def _reference(corpus, words, scope):
    from briefbot.search.intents.facts import GENERIC_EVENT_WORDS

    weights = {t: w for t, w in weights_of(corpus, words, drop_filler=False).items()
               if t not in GENERIC_EVENT_WORDS}
    if not weights or not scope.briefings.any():
        return []
    total = sum(weights.values())
    by_text: dict[int, float] = {}
    found = corpus.indexed.search(list(weights), 200, scope.passages)
    top = max((s for _, s in found), default=0.0) or 1.0
    for index, score in found:
        b = int(corpus.passage_briefing[index])
        by_text[b] = max(by_text.get(b, 0.0), score / top)
    scored = []
    for b in np.flatnonzero(scope.briefings):
        meta = corpus.meta_terms[int(b)]
        cover = sum(w for t, w in weights.items() if t in meta) / total
        score = cover + 0.3 * by_text.get(int(b), 0.0)
        if score > 0:
            scored.append((int(b), score))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored


def test_an_askers_visibility_is_worked_out_once_not_per_question(engine):
    from briefbot.models import Viewer

    corpus = engine.core
    asker = Viewer(channel="C123", user="U456")
    first = corpus.scope(asker)
    assert corpus.scope(Viewer(channel="C123", user="U456")) is first
    assert corpus.scope(Viewer(channel="C999", user="U456")) is not first


def test_host_acronyms_are_learnt_once_per_scope_not_per_question(engine, monkeypatch):
    from briefbot.search import tables as tables_module
    from briefbot.search import wording

    corpus = engine.core
    scope = engine.scope(None)
    calls = []
    real = tables_module._host_acronyms
    monkeypatch.setattr(tables_module, "_host_acronyms",
                        lambda c, s: calls.append(1) or real(c, s))
    first = wording._acronyms_to_names(corpus, "events org:XQZ after:2023", scope)
    again = wording._acronyms_to_names(corpus, "events org:XQZ after:2023", scope)
    assert first == again
    assert len(calls) <= 1  # none when an earlier test (or Engine.warm) already asked


def test_warm_builds_the_tables_and_public_hosts_before_any_question(monkeypatch):
    from search_corpus import build_engine

    from briefbot.search import tables as tables_module

    fresh = build_engine()  # its own corpus: nothing built by other tests
    calls = []
    real = tables_module._host_acronyms
    monkeypatch.setattr(tables_module, "_host_acronyms",
                        lambda c, s: calls.append(1) or real(c, s))
    table = tables_module.tables(fresh.core)
    assert "_stored" not in vars(table)
    assert fresh.warm() is fresh
    assert {"_stored", "_categories", "_meta_postings", "_role_codes"} <= set(vars(table))
    assert calls == [1]
    fresh.ask("events org:XQZ after:2023")  # capitals in the public scope: nothing learnt again
    assert calls == [1]


def test_a_filters_key_is_never_a_name_to_respell(engine, monkeypatch):
    asked = []
    real = engine.people.respell
    monkeypatch.setattr(engine.people, "respell", lambda w, m: asked.append(w) or real(w, m))
    engine.respell_names("events org:meridan after:2023", engine.scope(None))
    assert "org" not in asked and "after" not in asked
