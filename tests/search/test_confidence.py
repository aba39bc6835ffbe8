"""When nothing answers: the confidence rule, small talk, unknown events, and what is suggested."""

from __future__ import annotations

from search_corpus import MEMBERS_CHANNEL, engine_of

from briefbot.models import Viewer

RESTRICTED = ("Off the Record", "Krill Fishing", "Hiddenfeld", "Penguin", "Vaultman", "Nobody Knows")


def _shown(answer) -> str:
    parts = [answer.answer or "", *answer.notes, *answer.suggestions, *answer.details]
    parts += [h.excerpt for h in answer.hits]
    return " ".join(parts)


def test_words_found_in_two_unrelated_passages_are_not_an_answer(engine):
    # "submarine" is in Dr. Kang's remarks, "insurance" in Mr. Lindqvist's:
    # neither passage answers a question about submarine insurance.
    answer = engine.ask("What was said about submarine insurance?")
    assert answer.no_match and not answer.hits
    assert "briefings" in (answer.answer or "Nothing in the briefings answers that.")


def test_both_words_in_one_passage_answer(engine):
    answer = engine.ask("Did anyone discuss heavy icebreaker hulls?")
    assert not answer.no_match
    assert answer.hits[0].speaker.name == "Grace Lindqvist"


def test_question_framing_words_do_not_make_an_answer(engine):
    # Only "role" and "play" (framing) plus one subject word match anywhere.
    answer = engine.ask("What role does housing play in shipowners' decisions?")
    assert answer.no_match


def test_names_in_the_question_must_meet_in_one_passage(engine):
    answer = engine.ask("What was said about Taiwan insurance for Arctic tankers?")
    assert answer.no_match or all(
        "Taiwan" in h.passage.text or "Arctic" in h.passage.text for h in answer.hits
    )


def test_small_talk_is_not_answered_from_the_briefings(engine):
    for text in ("thanks, that's all for now", "Hi there!", "good morning"):
        answer = engine.ask(text)
        assert answer.intent == "help" and answer.no_match and not answer.hits, text
        assert "not a question about the briefings" in " ".join(answer.notes)


def test_an_event_that_does_not_exist_is_not_matched_to_a_real_one(engine):
    answer = engine.ask("Who moderated the panel on Venezuelan elections?")
    assert answer.no_match
    assert "Venezuelan" in answer.answer
    assert "Hollis" not in answer.answer and "Whitfield" not in answer.answer


def test_where_and_host_questions_are_answered_from_the_briefing_data(engine):
    host = engine.ask("Which organization hosted the Arctic shipping roundtable?")
    assert host.intent == "metadata" and not host.no_match
    assert host.answer.startswith("Meridian Policy Institute hosted “Cold Passage")
    where = engine.ask("Where was the Taiwan Strait deterrence event held?")
    assert where.intent == "metadata"
    assert "does not say where" in where.answer and "Harbor Council on Strategy" in where.answer
    panel = engine.ask("Who was on the panel about Arctic shipping?")
    assert "Grace Lindqvist" in panel.answer and "Erik Lindqvist" in panel.answer


def test_org_filter_means_the_hosting_organization(engine):
    # Dr. Marchetti of the Atlas Forum spoke at a Meridian event: org:atlas
    # must not list it.
    answer = engine.ask("events org:atlas")
    assert answer.no_match
    hosted = engine.ask("events org:meridian")
    assert not hosted.no_match and any("Cold Passage" in d for d in hosted.details)
    assert not any("Holding the Line" in d for d in hosted.details)
    search = engine.ask("export controls org:atlas")
    assert search.no_match


def test_suggestions_for_a_negative_never_show_restricted_briefings(engine):
    for text in (
        "What was said about krill quotas in Antarctic waters?",
        "What is the capital of France?",
        "Who moderated the panel on Venezuelan elections?",
        "What did Zora Hiddenfeld say about envoys?",
        "thanks!",
    ):
        answer = engine.ask(text)
        assert answer.no_match, text
        shown = _shown(answer)
        # The asker's own words may be quoted back ("never mention “Hiddenfeld”"),
        # exactly as if the restricted briefing did not exist.
        assert not any(word in shown for word in RESTRICTED if word not in text), (text, shown)
        assert answer.suggestions, text


def test_members_still_see_their_briefing_after_a_negative(engine):
    member = Viewer(channel=MEMBERS_CHANNEL)
    answer = engine.ask("What was said about krill fishing quotas?", member)
    assert not answer.no_match
    assert answer.hits[0].briefing.title.startswith("Off the Record")


def _hearing_engine():
    """A hearing where the witness answers without repeating what he was asked."""
    import datetime as dt

    from briefbot.models import Briefing, Role, Speaker

    people = (Speaker(id="tarn", name="Osric Tarn", role=Role.PANELIST),
              Speaker(id="holm", name="Vera Holm", role=Role.MODERATOR))
    hearing = Briefing(id="h", title="Harbor Oversight Hearing", date=dt.date(2019, 3, 3),
                       speakers=people, path="h.txt", format="transcript")
    turns = [
        ("holm", Role.MODERATOR, "The committee will come to order to hear the bureau's witness."),
        (None, Role.QUESTIONER, "A number of planes take off from Brenmoor for the Vessani "
                                "militias. You cannot say whose they are?"),
        ("tarn", Role.PANELIST, "We knew the cargo aircraft by type: two freighters and a "
                                "tanker. Who flew the supply runs we did not know."),
        ("holm", Role.MODERATOR, "The harbor budget is the next item on the agenda."),
        ("tarn", Role.PANELIST, "The bureau's budget for dredging rose by a third last year."),
    ]
    return engine_of(hearing, turns)


def test_an_answer_that_leaves_its_subject_to_the_question_answers_it():
    engine = _hearing_engine()
    answer = engine.ask("What was known about the cargo aircraft supplying the Vessani militias?")
    assert not answer.no_match
    assert answer.hits[0].speaker.name == "Osric Tarn"
    assert "two freighters and a tanker" in answer.hits[0].passage.text
    # A turn that follows no question borrows no subject.
    assert engine.ask("What was said about the Vessani dredging budget?").no_match


def _port_call_engine():
    """A press call: the harbor commissioner and the port director, one of whom quotes the
    other by name."""
    import datetime as dt

    from briefbot.models import Briefing, Role, Speaker

    people = (Speaker(id="odile-marsh", name="Odile Marsh", honorific="Commissioner",
                      affiliation="Harbor Commissioner", role=Role.PANELIST),
              Speaker(id="kofi-brandt", name="Kofi Brandt", honorific="Mr.",
                      affiliation="Port Director", role=Role.PANELIST))
    call = Briefing(id="port", title="Press Call on the Port Budget", date=dt.date(2022, 5, 4),
                    speakers=people, path="port.md", format="transcript")
    turns = [
        ("odile-marsh", Role.PANELIST, "Dredging of the east channel starts in May and ends "
                                       "before the autumn storms."),
        ("odile-marsh", Role.PANELIST, "Harbor wages are up, and cargo tonnage doubled in two "
                                       "years."),
        ("kofi-brandt", Role.PANELIST, "We are raising the berth fees for cruise ships."),
        ("kofi-brandt", Role.PANELIST, "The minimum depth at the new berth is twelve metres."),
        (None, Role.QUESTIONER, "Will the commissioner keep her job after the audit?"),
        ("kofi-brandt", Role.PANELIST, "Look, Odile Marsh is Odile Marsh. She has fought for "
                                       "these docks for twenty years."),
    ]
    return engine_of(call, turns)


def test_one_shared_word_of_a_named_speakers_topic_is_no_answer():
    # Nothing here is about a minimum wage; "wages are up" shares one word of three.
    answer = _port_call_engine().ask("What did Odile Marsh say about raising the minimum wage?")
    assert answer.no_match and not answer.hits


def test_the_named_speakers_own_title_is_not_a_topic_word():
    # 'Commissioner' is how the call titles her, not what is asked about.
    answer = _port_call_engine().ask("What did Commissioner Marsh say about dredging?")
    assert not answer.no_match
    assert answer.hits[0].speaker.name == "Odile Marsh"
    assert "east channel" in answer.hits[0].passage.text


def test_a_line_naming_a_person_and_said_verbatim_is_answered_as_who_said_it():
    answer = _port_call_engine().ask("Odile Marsh is Odile Marsh")
    assert answer.hits and answer.hits[0].speaker.name == "Kofi Brandt"
    assert "Kofi Brandt" in (answer.answer or "")
    # A request for a person's words is still that: everything she said.
    listed = _port_call_engine().ask("What did Odile Marsh say?")
    assert {h.speaker.name for h in listed.hits} == {"Odile Marsh"}
