"""Context, expansions and acronyms: what an asker notices when they ask in their own words."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from briefbot.config import Settings
from briefbot.index.store import build_index
from briefbot.index.tokenize import tokenize
from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker, Viewer
from briefbot.search.acronyms import learn
from briefbot.search.engine import Engine
from briefbot.search.lexicon import LEXICON, fold
from briefbot.search.scoring import best_window


def _passage(briefing_id, order, speaker_id, text, section=None, role=Role.PANELIST):
    return Passage(
        id=f"{briefing_id}#{order}",
        briefing_id=briefing_id,
        speaker_id=speaker_id,
        role=role,
        section=section,
        text=text,
        order=order,
        span=Span(line_start=order + 1, line_end=order + 1, char_start=order * 1000, char_end=order * 1000 + len(text)),
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    briefing = Briefing(
        id="ports",
        title="Ports, Cables and Pressure",
        organization="Test Institute",
        date=dt.date(2024, 3, 5),
        speakers=(
            Speaker(id="ana-reyes", name="Ana Reyes", honorific="Dr.", affiliation="Test Institute"),
            Speaker(id="bo-lund", name="Bo Lund", honorific="Mr.", affiliation="Harbour Analytics"),
        ),
        path="ports.txt",
        format="transcript",
    )
    # Invented wording: none of it comes from a development question or its passage.
    texts = [
        ("ana-reyes", "Growers along the delta planted early this spring. The late rains never reached the fields."),
        ("ana-reyes", "So the cooperative sold its seed reserve at a loss. Prices then did the rest of the work."),
        ("bo-lund", "Canberra cannot credibly call itself a shipbuilding power with so few dry docks."),
        ("bo-lund", "The United Arab Emirates has become a hub for re-exported machine tools."),
        ("bo-lund", "Grain exports through the port fell sharply after the storm season began."),
        ("ana-reyes", "Western leverage over the port operators is larger than people assume."),
    ]
    passages = tuple(_passage("ports", i, sid, text) for i, (sid, text) in enumerate(texts))
    settings = Settings()
    return Engine(build_index(Corpus(briefings=(briefing,), passages=passages), settings), settings)


def test_lexicon_links_names_of_the_same_actor_through_the_tokenizer():
    washington = {e.key for e in LEXICON.expand(tokenize("Washington")[0])}
    assert tokenize("US")[0] in washington
    assert " ".join(tokenize("United States")) in washington
    assert tokenize("Russia")[0] in {e.key for e in LEXICON.expand(tokenize("Kremlin")[0])}
    # Expansions count less than the asker's own word.
    kremlin = LEXICON.expand(tokenize("Kremlin")[0])
    assert kremlin and all(e.credit < 1 for e in kremlin)


def test_derivational_fold_joins_adjective_and_noun():
    assert fold(tokenize("western")[0]) == fold(tokenize("West")[0])
    assert fold(tokenize("eastern")[0]) == fold(tokenize("east")[0])
    assert fold(tokenize("plan")[0]) == tokenize("plan")[0]  # short words stay apart


def test_acronyms_are_learned_from_capitalised_phrases():
    table = learn(["Goods move through the United Arab Emirates and the Financial Action Task Force watches."])
    assert tokenize("United Arab Emirates") == list(table.expand("uae")[0])
    assert table.expand("fatf")
    assert not table.expand("xyz")


def test_window_may_reach_into_the_next_passage_of_the_turn():
    terms = {"a": 1.0, "b": 1.0}
    value, side = best_window(terms, [{"x"}, {"a"}], after=[{"b"}])
    assert value == pytest.approx(1.0) and side == 1
    value, side = best_window(terms, [{"a", "b"}], after=[{"b"}])
    assert side == 0  # the passage answers alone


def test_remembered_line_split_across_passages_is_shown_whole(engine):
    answer = engine.ask("the late rains never reached the fields so the cooperative sold its seed reserve")
    assert not answer.no_match
    top = answer.hits[0]
    assert top.speaker.name == "Ana Reyes"
    assert "never reached the fields" in top.passage.text and "sold its seed reserve" in top.passage.text


def test_metonym_paraphrase_finds_the_speaker(engine):
    answer = engine.ask("the Australians can't claim to be a shipbuilding power")
    assert not answer.no_match
    assert answer.hits[0].speaker.name == "Bo Lund"
    assert "Canberra" in answer.hits[0].excerpt
    # The country is never named: only its capital links the question to the passage.
    asked = engine.ask("What was said about Australia and dry docks?")
    assert not asked.no_match, asked.notes
    assert "Canberra" in asked.hits[0].excerpt


def test_acronym_question_is_answered_not_rejected(engine):
    answer = engine.ask("What was said about the UAE and machine tools?")
    assert not answer.no_match, answer.notes
    assert "United Arab Emirates" in answer.hits[0].excerpt


def test_unknown_subject_is_still_rejected(engine):
    answer = engine.ask("What was said about Haiti and machine tools?")
    assert answer.no_match


def test_scope_cache_is_safe_across_threads(engine):
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(300):
                scope = engine.scope(Viewer(channel=f"C{(n * 300 + i) % 400}", user=f"U{i % 7}"))
                assert scope.passages.shape == (len(engine.passages),)
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors


def test_acronyms_looked_up_lazily_equal_the_whole_corpus_table():
    texts = [
        "The United Arab Emirates and the Financial Action Task Force met.",
        "Then the United\u00a0Arab Emirates spoke; the Union of Arab Engineers did too.",
        "Ülker Aydın of the Union and Arab Emirates Group",
        "no capitals here at all",
        "Upper Atlantic",  # passages are stored back to back: this runs into the next one
        "Estuary Board heard the Upper Atlantic Estuary case.",
    ]
    from briefbot.search.acronyms import LazyAcronyms
    import numpy as np

    meta = ["Urban Arab Exchange"]
    table = learn([*meta, *texts])
    blob = b"".join(t.encode("utf-8") for t in texts)
    offsets = np.cumsum([0, *(len(t.encode("utf-8")) for t in texts)])
    owned = [(0, text) for text in meta]
    stored = LazyAcronyms(lambda: owned, blob=blob, offsets=offsets, text_of=texts.__getitem__)
    listed = LazyAcronyms(lambda: owned, texts=lambda: texts)
    for term in ("uae", "fatf", "ua", "ae", "uoae", "ua", "uabe", "xyz", "u", "abcdefg"):
        assert stored.expand(term) == table.expand(term) == listed.expand(term), term
    assert stored.expand("uae")
    # Within a scope: the table of the visible texts alone.
    shown = np.array([False, True, True, True, True, True])
    scoped = learn([*meta, *texts[1:]])
    for lookup in (stored, listed):
        for term in ("uae", "fatf", "uoae"):
            got = lookup.expand(term, key=b"s", briefings=np.array([True]), passages=shown)
            assert got == scoped.expand(term), term


def test_fold_groups_list_every_term_that_folds_to_a_shared_or_indexed_key():
    from briefbot.search.lexicon import fold_groups

    terms = sorted(["west", "western", "westerly", "nation", "nationals", "econom", "economic",
                    "economical", "asian", "china", "chinese", "ic", "al"])
    groups = fold_groups(terms, frozenset(terms))
    assert groups["west"] == ["western"]
    assert groups["econom"] == ["economic", "economical"] or groups["econom"] == ["economic"]
    for key, members in groups.items():
        assert all(fold(m) == key != m for m in members)
        assert len(members) > 1 or key in terms
