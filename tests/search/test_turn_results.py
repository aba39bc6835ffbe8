"""Results a reader must not lose: a turn's passages listed side by side, and nouns that
look like words of asking.

Invented wording throughout (no development question or its passage).
"""

from __future__ import annotations

import datetime as dt

import pytest
from search_corpus import engine_of

from briefbot.models import Briefing, Role, Speaker
from briefbot.search.engine import Engine
from briefbot.search.terms import question_names, weights


@pytest.fixture(scope="module")
def engine() -> Engine:
    briefing = Briefing(
        id="harbour",
        title="Harbour Dues and Their Critics",
        organization="Test Institute",
        date=dt.date(2024, 5, 2),
        speakers=(
            Speaker(id="ines-moro", name="Ines Moro", honorific="Dr.", affiliation="Test Institute"),
            Speaker(id="pal-ek", name="Pal Ek", honorific="Mr.", affiliation="Quay Council"),
        ),
        path="harbour.txt",
        format="transcript",
    )
    texts = [
        ("ines-moro", "Let me start with the ports. Our second priority is the work on harbour tariffs."),
        ("ines-moro", "We pressed for reform of harbour tariffs a year ago, and reform of harbour tariffs is now "
                      "under way in four ports. Nothing else moved as fast."),
        ("pal-ek", "The quay council kept its own counsel on fishing quotas this season."),
        ("pal-ek", "The committee's findings on the dredging contract were published in March."),
        ("ines-moro", "Cold storage capacity doubled along the northern coast."),
    ]
    return engine_of(briefing, [(sid, Role.PANELIST, text) for sid, text in texts])


def test_a_passage_whose_answer_runs_into_a_shown_neighbour_is_still_listed(engine: Engine):
    # The first passage's best sentences run into the second, which is shown first;
    # it used to be joined to its neighbour again, found a duplicate and dropped.
    answer = engine.ask("What was said about reforming harbour tariffs?", k=5)
    shown = [hit.passage.id for hit in answer.hits]
    assert shown[:2] == ["harbour#1", "harbour#0"], shown
    # Each is shown as itself: the second result does not repeat the first's words.
    assert "reform of harbour tariffs a year ago" not in answer.hits[1].passage.text


def test_nouns_in_ings_and_capitalised_terms_are_not_words_of_asking(engine: Engine):
    corpus = engine.core
    assert "find" in weights(corpus, "What were the findings on the dredging contract?")
    assert "find" in weights(corpus, "What happened to the Finding the council signed?")
    # The verb of a request still says nothing about the subject.
    assert "find" not in weights(corpus, "Find what was said about the dredging contract")
    assert "find" not in weights(corpus, "Can you find anything on the dredging contract?")
    # The names a question mentions follow the same rule.
    assert question_names("What happened to the Finding the council signed?") == [("find",)]
    assert question_names("Did anyone Discuss the Quay Council?") == [("quay",), ("council",)]
    # A listed form stays a word of asking even where a noun could stand.
    assert "brief" not in weights(corpus, "Which briefings covered dredging?")


@pytest.fixture(scope="module")
def hearing() -> Engine:
    briefing = Briefing(
        id="inquiry",
        title="Inquiry into the Harbour Ledger",
        organization="Test Committee",
        date=dt.date(1990, 6, 1),
        speakers=(
            Speaker(id="dane", name="Dane", honorific="Mr.", role=Role.QUESTIONER),
            Speaker(id="okafor", name="Okafor", honorific="Mr."),
        ),
        path="inquiry.txt",
        format="transcript",
    )
    turns = [
        ("dane", Role.QUESTIONER, "You told us you burned the harbour ledger in order to spare the "
                                  "mayor an embarrassment. Is that right?"),
        ("okafor", Role.PANELIST, "I burned it on the ninth, because I thought the harbour ledger "
                                  "would be an embarrassment for the mayor, and I wanted to protect him."),
        ("dane", Role.QUESTIONER, "Who else knew of the vault?"),
        ("okafor", Role.PANELIST, "Only the clerk knew of the vault."),
    ]
    return engine_of(briefing, turns)


def test_a_claim_put_in_a_question_is_not_the_askers_statement(hearing: Engine):
    answer = hearing.ask("who said he burned the harbour ledger to spare the mayor embarrassment")
    assert answer.answer.startswith("Most likely Mr. Okafor"), answer.answer
    # Asked about the asking, the one who asked is what is wanted.
    asked = hearing.ask("who asked about burning the harbour ledger to spare the mayor")
    assert asked.hits and asked.hits[0].passage.speaker_id == "dane"


@pytest.fixture(scope="module")
def long_turn() -> Engine:
    briefing = Briefing(
        id="dredge",
        title="The Dredging Contract",
        organization="Test Institute",
        date=dt.date(2024, 6, 3),
        speakers=(
            Speaker(id="ines-moro", name="Ines Moro", affiliation="Test Institute"),
            Speaker(id="pal-ek", name="Pal Ek", affiliation="Quay Council"),
        ),
        path="dredge.txt",
        format="transcript",
    )
    texts = [
        ("ines-moro", "The dredging contract was signed in March. The dredging contract runs five years."),
        ("ines-moro", "The dredging contract covers both channels. Its price rose with the fuel index."),
        ("ines-moro", "The dredging contract names no penalty for delays. That worries the council."),
        ("pal-ek", "On the dredging contract, the council will ask for a penalty clause."),
    ]
    return engine_of(briefing, [(sid, Role.PANELIST, text) for sid, text in texts])


def test_one_long_answer_does_not_fill_the_page_alone(long_turn: Engine):
    answer = long_turn.ask("What was said about the dredging contract?", k=3)
    speakers = [hit.passage.speaker_id for hit in answer.hits]
    # Moro's one turn, cut into three passages, ranks above Ek's remark: her best passage
    # comes first, then Ek's turn, then the rest of hers.
    assert speakers[:2] == ["ines-moro", "pal-ek"], speakers
    more = long_turn.ask("What was said about the dredging contract?", k=6)
    assert len(more.hits) == 4  # nothing is dropped, only placed after


@pytest.fixture(scope="module")
def press() -> Engine:
    briefing = Briefing(
        id="press",
        title="Press Briefing on the Harbour",
        organization="Port Authority",
        date=dt.date(2024, 6, 3),
        speakers=(Speaker(id="ada-voss", name="Ada Voss", honorific="Ms.",
                          affiliation="Press Secretary"),),
        path="press.txt",
        format="transcript",
    )
    turns = [
        ("ada-voss", Role.PANELIST, "Good afternoon. Two announcements on the ferry timetable."),
        (None, Role.QUESTIONER, "How many harbour pilot licences have been issued since the "
                                "new rules came in?"),
        ("ada-voss", Role.PANELIST, "Let me give you some background first, because the process "
                                    "changed in the spring."),
        ("ada-voss", Role.PANELIST, "So far about three hundred licences have gone out, and more "
                                    "are in the queue."),
        (None, Role.QUESTIONER, "And on the ferry timetable, when does it start?"),
        ("ada-voss", Role.PANELIST, "The summer timetable starts on the first of July."),
        (None, Role.QUESTIONER, "Will the storms delay the dredging of the northern channel?"),
        ("ada-voss", Role.PANELIST, "We expect the work to resume next week, on schedule."),
    ]
    return engine_of(briefing, turns)


def test_a_question_that_matches_brings_its_reply_before_it(press: Engine):
    # The reporter's question holds the subject; the reply leaves it unsaid. The reply's
    # passage that holds most of the subject is listed just before the question.
    answer = press.ask("How many harbour pilot licences were issued under the new rules?", k=5)
    shown = [hit.passage.id for hit in answer.hits]
    assert shown.index("press#3") == shown.index("press#1") - 1, shown
    assert "press#2" not in shown


def test_what_someone_said_about_a_subject_they_were_asked_about(press: Engine):
    # Her reply never names the dredging: the question put to her does.
    answer = press.ask("What did Ada Voss say about dredging the northern channel?")
    assert not answer.no_match
    assert [hit.passage.id for hit in answer.hits] == ["press#7"]
    assert any("replies to questions about it" in note for note in answer.notes)
    # Nobody asked her about fishing quotas: still no answer.
    assert press.ask("What did Ada Voss say about fishing quotas?").no_match
