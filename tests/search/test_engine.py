"""The engine on a corpus built in code: people, who said, metadata, no-match."""

from __future__ import annotations

import pytest

from briefbot.errors import QueryError


def _speakers(answer):
    return [h.speaker.name if h.speaker else None for h in answer.hits]


def test_who_said_names_speaker_affiliation_event_and_date(engine):
    answer = engine.ask("who said chip smuggling through third countries continues")
    assert answer.intent == "who_said" and not answer.no_match
    assert "Tessa Marchetti" in answer.answer
    assert "Senior Fellow, Atlas Forum" in answer.answer
    assert "Cold Passage" in answer.answer and "April 23, 2023" in answer.answer
    hit = answer.hits[0]
    marked = [hit.excerpt[h.start : h.end] for h in hit.highlights]
    assert marked == ["Chip smuggling through third countries continues"]


def test_bare_remembered_line_is_attributed(engine):
    answer = engine.ask("older tankers carry insurance from providers outside the established mutual clubs")
    assert answer.intent == "who_said"
    assert _speakers(answer)[0] == "Erik Lindqvist"


def test_organization_text_is_called_so(engine):
    answer = engine.ask("who said the Harbor Council on Strategy hosted a discussion on deterrence")
    assert "organization's own text" in answer.answer
    assert answer.hits[0].speaker is None


def test_surname_restricts_to_that_person_with_diacritics_folded(engine):
    answer = engine.ask("What did Ostergaard say about scrambling traffic end to end?")
    assert _speakers(answer) == ["Mikkel Østergaard"]
    assert "Mikkel Østergaard" in answer.searched


def test_honorific_disambiguates_a_shared_surname(engine):
    mr = engine.ask("What did Mr. Kang argue about the chip moat?")
    assert _speakers(mr)[0] == "Warren Kang"
    dr = engine.ask("What did Dr. Kang argue about the chip moat?")
    assert dr.no_match  # Joanna Kang never spoke about it: no one else's words instead
    assert all(h.speaker.name == "Joanna Kang" for h in dr.hits)


def test_shared_surname_without_honorific_is_labelled_not_merged(engine):
    answer = engine.ask("What did Kang say about submarines?")
    assert _speakers(answer)[0] == "Joanna Kang"
    assert any("fits 2 people" in n and "Warren Kang" in n and "Joanna Kang" in n for n in answer.notes)


def test_topic_nobody_discussed_is_rejected_with_suggestions(engine):
    answer = engine.ask("What was said about the Andean lithium royalties?")
    assert answer.no_match and not answer.hits
    assert answer.suggestions


def test_topical_search_highlights_matched_words(engine):
    answer = engine.ask("Who talked about heavy icebreaker hulls?")
    hit = answer.hits[0]
    assert hit.speaker.name == "Grace Lindqvist"
    # One highlight per matched phrase, not one per word.
    assert {hit.excerpt[h.start : h.end].lower() for h in hit.highlights} >= {"heavy icebreaker hulls"}


def test_metadata_answers_from_structured_data(engine):
    assert "Bennett Hollis" in engine.ask("Who moderated the Taiwan deterrence event?").answer
    when = engine.ask("When was the Arctic shipping briefing?").answer
    assert "April 23, 2023" in when and "2023-04-23" not in when  # one date format
    spoke = engine.ask("Who spoke at the arctic event?").answer
    assert "Grace Lindqvist" in spoke and "Erik Lindqvist" in spoke
    affiliation = engine.ask("Where does Erik Lindqvist work?").answer
    assert "Director of Maritime Risk, Boreal Maritime Analytics" in affiliation
    assert "Meridian Policy Institute" in engine.ask("Which events did Dana Whitfield moderate?").answer


def test_speaker_profile_and_events(engine):
    profile = engine.ask("speaker lindqvist")
    assert profile.intent == "speaker"
    assert "Grace Lindqvist" in profile.answer and "Erik Lindqvist" in profile.answer
    events = engine.ask("events after:2024")
    assert events.intent == "events"
    assert len(events.details) == 1 and "Holding the Line" in events.details[0]


def test_filters_restrict_and_describe_themselves(engine):
    answer = engine.ask("sanctions speaker:erik before:2024")
    assert set(_speakers(answer)) == {"Erik Lindqvist"}
    assert answer.searched == "speaker Erik Lindqvist · before 2024"
    excluded = engine.ask("sanctions -insurance")
    assert "Erik Lindqvist" not in _speakers(excluded)


def test_unknown_speaker_filter_suggests_visible_names(engine):
    answer = engine.ask("ships speaker:lindkvist")
    assert answer.no_match
    assert any("Lindqvist" in n for n in answer.notes)


def test_bad_filter_raises_query_error(engine):
    with pytest.raises(QueryError):
        engine.ask("x after:soon")


def test_pages_do_not_repeat(engine):
    first = engine.ask("sanctions", k=1)
    assert first.has_more
    second = engine.ask("sanctions", k=1, offset=1)
    assert first.hits[0].passage.id != second.hits[0].passage.id


def test_profile_of_one_person_has_no_redundant_heading_but_two_people_are_labelled(engine):
    single = engine.ask("speaker Østergaard")
    assert single.intent == "speaker"
    assert single.answer.startswith("Mikkel Østergaard: 1 event")
    assert "Mikkel Østergaard" not in [line.strip() for line in single.details]
    both = engine.ask("speaker Kang")
    assert {"Joanna Kang", "Warren Kang"} <= {line.strip() for line in both.details}


def test_close_line_names_the_most_likely_speaker(engine):
    # Not the words of the passage ("Chip smuggling through third countries continues").
    answer = engine.ask("who said smuggling of chips via other countries keeps going")
    assert answer.intent == "who_said" and not answer.no_match
    # Fewer than half of the remembered words (by weight) are in it: a possibility.
    assert answer.answer.startswith("Possibly Dr. Tessa Marchetti (Senior Fellow, Atlas Forum): "
                                    "the closest passage holds fewer than half of these words")
    assert "No one said" not in answer.answer
    assert answer.hits[0].speaker.name == "Tessa Marchetti"
    # Most of the line, in other words: the likely speaker.
    closer = engine.ask("who said chip smuggling through third countries keeps going")
    assert closer.answer.startswith("Most likely Dr. Tessa Marchetti (Senior Fellow, Atlas Forum), "
                                    "who said something close to it"), closer.answer
