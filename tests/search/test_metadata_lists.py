"""Metadata questions over the whole corpus: people by role, co-panelists,
organizations and counts, the latest and earliest event, and what one person
said at one event. Answers come from the structured data, only from what the
asker may see, and say so when a name or event cannot be resolved."""

from __future__ import annotations

import pytest

from briefbot.models import Viewer
from briefbot.search.query import parse

from search_corpus import MEMBERS_CHANNEL

PUBLIC = [None, Viewer(channel="CPUBLIC")]
MEMBER = Viewer(channel=MEMBERS_CHANNEL)
SECRET = ("Hiddenfeld", "Off the Record", "Krill", "Director, Harbor", "Vaultman", "Penguin", "Nobody Knows")


def _text(answer) -> str:
    parts = [answer.answer or "", *answer.details, *answer.notes, *answer.suggestions]
    for hit in answer.hits:
        parts += [hit.excerpt, hit.briefing.title, hit.passage.text, hit.speaker.name if hit.speaker else ""]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("list the moderators", "people"),
        ("Who are the speakers?", "people"),
        ("who moderates the most events?", "people"),
        ("which speakers were from Harbor Council on Strategy?", "people"),
        ("who else spoke at the event where Berman spoke?", "with"),
        ("who was on the panel with Tessa Marchetti?", "with"),
        ("who did Kang speak with?", "with"),
        ("which organizations hosted briefings?", "orgs"),
        ("how many events did Harbor Council on Strategy host?", "org_events"),
        ("what was the most recent briefing?", "order"),
        ("what was the earliest event?", "order"),
        ("What did Hollis ask at the Taiwan event?", "said_at"),
    ],
)
def test_the_new_forms_are_read_as_metadata(question, kind):
    query = parse(question)
    assert query.intent == "metadata" and query.metadata.kind == kind


@pytest.mark.parametrize(
    "question",
    ["Who were the panelists at the Taiwan event?", "What did Singleton say about Taiwan?", "who moderated the Arctic event?"],
)
def test_existing_forms_keep_their_meaning(question):
    kind = parse(question).metadata.kind if parse(question).metadata else None
    assert kind not in {"people", "with", "orgs", "org_events", "order", "said_at"}


def test_moderators_are_listed_with_their_events(engine):
    answer = engine.ask("list the moderators")
    assert not answer.no_match
    assert "Bennett Hollis" in answer.answer and "Dana Whitfield" in answer.answer
    assert "Joanna Kang" not in answer.answer  # a panelist, not a moderator
    assert "Holding the Line" in answer.answer


def test_speakers_of_an_organization_are_matched_by_affiliation_at_the_event(engine):
    answer = engine.ask("which speakers were from Meridian Policy Institute?")
    assert "Grace Lindqvist" in answer.answer
    assert "Erik Lindqvist" not in answer.answer  # Boreal Maritime Analytics


def test_co_panelists_are_labelled_by_event(engine):
    answer = engine.ask("who was on the panel with Tessa Marchetti?", Viewer(channel=MEMBERS_CHANNEL))
    assert "Cold Passage" in answer.answer and "Off the Record" in answer.answer
    arctic, krill = (line for line in answer.answer.splitlines())
    assert "Grace Lindqvist" in arctic and "Hiddenfeld" not in arctic
    assert "Hiddenfeld" in krill and "Grace Lindqvist" not in krill


def test_co_panelists_of_an_unknown_person_are_not_guessed(engine):
    answer = engine.ask("who was on the panel with Zebulon Quartermain?")
    assert answer.no_match and "No speaker named" in answer.answer


def test_organizations_are_counted(engine):
    answer = engine.ask("which organizations hosted briefings?")
    assert "Harbor Council on Strategy — 1 event" in answer.answer
    assert "Meridian Policy Institute — 1 event" in answer.answer


def test_events_of_an_organization_are_counted_for_what_the_asker_sees(engine):
    public = engine.ask("how many events did Harbor Council on Strategy host?")
    member = engine.ask("how many events did Harbor Council on Strategy host?", MEMBER)
    assert "hosted 1 event" in public.answer
    assert "hosted 2 events" in member.answer and "Off the Record" in member.answer


def test_an_unknown_organization_is_said_so(engine):
    answer = engine.ask("how many events did the Quasar Foundation host?")
    assert answer.no_match and "Quasar Foundation" in answer.answer


def test_most_recent_and_earliest_event(engine):
    assert "Holding the Line" in engine.ask("what was the most recent briefing?").answer
    assert "Off the Record" in engine.ask("what was the most recent briefing?", MEMBER).answer
    assert "Cold Passage" in engine.ask("what was the earliest event?").answer


def test_what_a_moderator_asked_at_an_event(engine):
    answer = engine.ask("What did Hollis ask at the Taiwan event?")
    assert not answer.no_match and answer.hits
    assert {h.speaker.name for h in answer.hits} == {"Bennett Hollis"}
    assert {h.briefing.id for h in answer.hits} == {"taiwan"}


def test_a_person_not_at_that_event_is_said_so(engine):
    answer = engine.ask("What did Hollis say at the Arctic event?")
    assert answer.no_match and "did not take part" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "list the moderators",
        "who are the speakers?",
        "who spoke the most?",
        "which speakers were from Harbor Council on Strategy?",
        "who was on the panel with Tessa Marchetti?",
        "who else spoke at the event where Marchetti spoke?",
        "which organizations hosted briefings?",
        "how many events did Harbor Council on Strategy host?",
        "what was the most recent briefing?",
        "What did Marchetti say at the Antarctic krill event?",
    ],
)
@pytest.mark.parametrize("viewer", PUBLIC)
def test_restricted_briefings_never_show_in_listings(engine, question, viewer):
    text = _text(engine.ask(question, viewer))
    for word in (w for w in SECRET if w.lower() not in question.lower()):
        assert word not in text, f"{word!r} leaked"


def test_a_place_ending_in_a_full_stop_gets_no_second_one():
    from briefbot.search.intents.facts import sentence

    assert sentence("took place in Washington, D.C.") == "took place in Washington, D.C."
    assert sentence("took place in Brussels") == "took place in Brussels."
