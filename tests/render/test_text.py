"""What a person sees in the console and from `briefbot ask`."""

from __future__ import annotations


from briefbot.render.text import help_text, mark, render_answer
from briefbot.models import Highlight


def test_each_result_is_one_citation_line(engine):
    text = render_answer(engine.ask("What did Joanna Kang say about submarines?"))
    line = next(l for l in text.splitlines() if l.startswith("1. "))
    assert line.startswith("1. “")
    assert "” — Dr. Joanna Kang, Senior Fellow, Harbor Council on Strategy, at “Holding the Line: " in line
    assert line.endswith("”, Harbor Council on Strategy, June 12, 2024, https://example.org/taiwan")


def test_summary_passages_are_never_quoted(engine):
    text = render_answer(engine.ask("Who talked about heavy icebreaker hulls?"))
    line = next(l for l in text.splitlines() if l.startswith("1. "))
    assert line.startswith(
        "1. Summary of remarks by Dr. Grace Lindqvist, Senior Fellow, Meridian Policy Institute, "
        "at “Cold Passage: Arctic Shipping and Sanctions”, Meridian Policy Institute, April 23, 2023 "
        "(event summary, not verbatim): *Heavy icebreaker hulls* are the true measure of polar reach."
    )
    assert "“*Heavy" not in text
    assert "   section “Icebreakers”" in text


def test_who_said_reads_as_a_direct_answer(engine):
    text = render_answer(engine.ask("who said older tankers carry insurance from providers outside the mutual clubs"))
    assert text.startswith("Said by Mr. Erik Lindqvist (Director of Maritime Risk, Boreal Maritime Analytics)")


def test_no_match_says_so_and_suggests(engine):
    text = render_answer(engine.ask("What was said about the Andean lithium royalties?"))
    assert "Nothing in the briefings answers that." in text
    assert "The briefings never mention “Andean”." in text
    assert "The briefings do cover:" in text and "Arctic" in text
    assert "— " not in text  # no attributed excerpt shown as if it answered


def test_notes_and_searched_come_first(engine):
    text = render_answer(engine.ask("What did Kang say about submarines?"))
    lines = text.splitlines()
    assert lines[0] == "Searched: speaker Joanna Kang or Warren Kang"
    assert lines[1].startswith("Note: “Kang” fits 2 people")


def test_organization_text_is_attributed_to_the_event(engine):
    text = render_answer(engine.ask("who said the Harbor Council on Strategy hosted a discussion on deterrence"))
    assert "” — Harbor Council on Strategy (event text), at “Holding the Line" in text


def test_marks_and_ansi():
    assert mark("abc def", [Highlight(start=4, end=7)]) == "abc *def*"
    assert mark("abc def", [Highlight(start=0, end=3)], "ansi") == "\x1b[1mabc\x1b[0m def"


def test_help_lists_commands_and_filters():
    text = help_text()
    for word in ("who said", "speaker <name>", "events", "speaker:<surname>", "after:2023-01", "-word", "/brief"):
        assert word in text
    assert render_answer(engine_free_help()).startswith(text[:40])


def test_help_shows_the_examples_and_filters_it_is_given():
    text = help_text(
        ["What did Berman say about China?"], {"speaker": "berman", "org": "foreign"}, briefings=1
    )
    assert text.startswith("briefbot answers questions about 1 briefing,")
    assert "  What did Berman say about China?" in text
    assert "  speaker:berman " in text and "  org:foreign " in text
    assert "<surname>" not in text
    assert "2 briefings," in help_text(briefings=2)


def engine_free_help():
    from briefbot.models import Answer

    return Answer(question="help", intent="help")
