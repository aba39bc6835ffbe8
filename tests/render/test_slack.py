"""Slack rendering: what a person sees in the channel, and what can never appear."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from briefbot.errors import QueryError
from briefbot.models import Answer, Briefing, Highlight, Hit, Passage, Role, Span, Speaker
from briefbot.render.slack import (
    ACTION_BAD,
    ACTION_CITE,
    ACTION_GOOD,
    ACTION_MORE,
    ACTION_SHARE,
    ACTION_SOURCE,
    MAX_BLOCKS,
    decode_state,
    encode_state,
    escape,
    render_answer,
    render_error,
    render_help,
    render_notice,
    render_citations,
    render_shared,
)

SINGLETON = Speaker(
    id="craig-singleton",
    name="Craig Singleton",
    honorific="Mr.",
    affiliation="Senior Fellow, Foundation for Defense of Democracies",
)
BRIEFING = Briefing(
    id="afpc-2023",
    title="AFPC Capitol Hill Briefing - The Beijing-Moscow Nexus",
    organization="American Foreign Policy Council",
    date=dt.date(2023, 6, 8),
    speakers=(SINGLETON,),
    path="000.txt",
    format="transcript",
    source="https://example.org/events/nexus?a=1&b=2",
)
EXCERPT = "China is ensuring Russia has what it needs to sustain the war, but not actually win it."


def _hit(
    excerpt: str = EXCERPT,
    *,
    briefing: Briefing = BRIEFING,
    speaker: Speaker | None = SINGLETON,
    role: Role = Role.PANELIST,
    highlights: tuple[Highlight, ...] = (Highlight(start=0, end=5), Highlight(start=18, end=24)),
    order: int = 1,
) -> Hit:
    passage = Passage(
        id=f"{briefing.id}#{order}",
        briefing_id=briefing.id,
        speaker_id=speaker.id if speaker else None,
        role=role,
        text=excerpt,
        order=order,
        span=Span(line_start=1, line_end=1, char_start=0, char_end=len(excerpt)),
    )
    return Hit(
        passage=passage,
        briefing=briefing,
        speaker=speaker,
        score=3.2,
        excerpt=excerpt,
        highlights=highlights,
    )


def _answer(**kw) -> Answer:
    base = dict(question="who said China is ensuring Russia has what it needs", intent="who_said")
    base.update(kw)
    return Answer(**base)


def _all_text(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _mrkdwn_texts(payload: dict) -> list[str]:
    out: list[str] = [payload["text"]]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload["blocks"])
    return out


def _buttons(payload: dict) -> dict[str, dict]:
    return {
        e["action_id"]: e
        for b in payload["blocks"] if b["type"] == "actions"
        for e in b["elements"]
    }


def test_quote_then_attribution_in_readable_text_and_the_event_once() -> None:
    payload = render_answer(_answer(hits=(_hit(),)), k=3).payload()
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert sections == [
        "“*China* is ensuring *Russia* has what it needs to sustain the war, but not actually "
        "win it.”\n— *Mr. Craig Singleton*, Senior Fellow, Foundation for Defense of Democracies"
    ]
    texts = _mrkdwn_texts(payload)
    assert (
        "*“AFPC Capitol Hill Briefing - The Beijing-Moscow Nexus”* · American Foreign Policy "
        "Council · June 8, 2023 · <https://example.org/events/nexus?a=1&amp;b=2|source>"
    ) in texts
    # The fallback text is the citation line itself.
    assert payload["text"].startswith("“China is ensuring Russia")
    assert "— Mr. Craig Singleton, Senior Fellow, Foundation for Defense of Democracies, at “AFPC" in payload["text"]
    assert "June 8, 2023, https://example.org/events/nexus?a=1&amp;b=2" in payload["text"]


def test_summary_passage_is_marked_and_never_in_quotation_marks() -> None:
    summary = BRIEFING.model_copy(update={"format": "summary"})
    payload = render_answer(_answer(hits=(_hit(briefing=summary),)), k=3).payload()
    (section,) = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert section.startswith("_Summary, not verbatim:_ *China* is ensuring")
    assert "“" not in section.split("\n")[0]
    assert payload["text"].startswith("Summary of remarks by Mr. Craig Singleton, ")
    assert "(event summary, not verbatim): China is ensuring" in payload["text"]


def test_results_of_one_event_share_one_event_line() -> None:
    other = BRIEFING.model_copy(update={"id": "other", "title": "Another Event", "source": None})
    hits = (_hit(order=1), _hit(briefing=other, order=2), _hit(order=3))
    payload = render_answer(_answer(hits=hits), k=3).payload()
    texts = _mrkdwn_texts(payload)
    assert sum("Beijing-Moscow Nexus”*" in t for t in texts) == 1
    assert sum("Another Event”*" in t for t in texts) == 1
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert [t.split(" ", 1)[0] for t in sections] == ["*1.*", "*3.*", "*2.*"]


def test_copy_citation_lists_citations_in_a_code_block() -> None:
    payload = render_citations(_answer(hits=(_hit(), _hit(order=2)))).payload()
    code = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert len(code) == 1 and code[0].startswith("```“China is ensuring") and code[0].endswith("```")
    assert code[0].count("— Mr. Craig Singleton") == 2
    assert "&amp;b=2" in code[0]  # escaped for mrkdwn, shown as '&'


def test_every_answer_button_is_there_when_it_applies() -> None:
    answer = _answer(hits=(_hit(),), has_more=True)
    buttons = _buttons(render_answer(answer, k=3, share_button=True, request_id="req1").payload())
    assert list(buttons) == [ACTION_CITE, ACTION_SOURCE, ACTION_MORE, ACTION_SHARE, ACTION_GOOD, ACTION_BAD]
    assert buttons[ACTION_SOURCE]["url"] == "https://example.org/events/nexus?a=1&b=2"
    assert decode_state(buttons[ACTION_SOURCE]["value"]).briefing_id == "afpc-2023"
    assert decode_state(buttons[ACTION_GOOD]["value"]).request_id == "req1"
    assert [buttons[a]["text"]["text"] for a in (ACTION_GOOD, ACTION_BAD)] == ["👍", "👎"]
    unsafe = BRIEFING.model_copy(update={"source": "javascript:alert(1)"})
    assert ACTION_SOURCE not in _buttons(render_answer(_answer(hits=(_hit(briefing=unsafe),)), k=3).payload())
    assert ACTION_GOOD not in _buttons(render_answer(answer, k=3).payload())  # no request id


def test_hostile_corpus_text_and_question_produce_no_mention_or_link() -> None:
    evil = "Ping <!channel> and <@U999> then <https://evil.example|click> & @here now."
    briefing = BRIEFING.model_copy(
        update={"title": "<!here> Evil <#C1|x>", "source": "javascript:alert(1)"}
    )
    answer = _answer(
        question="<!everyone> <@U1> what?",
        hits=(_hit(evil, briefing=briefing, highlights=(Highlight(start=5, end=15),)),),
        notes=("<!subteam^S1> note",),
        details=("<mailto:a@b.c|mail>",),
        answer="<!channel>",
        searched="<@U2>",
    )
    payload = render_answer(answer, k=3, share_button=True).payload()
    for text in _mrkdwn_texts(payload):
        assert "<!" not in text and "<@" not in text and "<#" not in text
        assert "<http" not in text and "<mailto" not in text and "javascript" not in text
        assert not re.search(r"(?<![\w\u2060])@here\b", text)
    joined = _all_text(payload)
    assert "&lt;!channel&gt;" in joined and "&lt;@U999&gt;" in joined
    assert "&lt;https://evil.example|click&gt;" in joined
    assert "&amp;" in joined


def test_escape_neutralises_markup_and_broadcast_words() -> None:
    assert escape("<!channel> a&b <@U1>") == "&lt;!channel&gt; a&amp;b &lt;@U1&gt;"
    assert "@here" not in escape("hey @here and @Channel")
    assert escape("mail me at x@here.org?") != ""  # still readable text
    assert escape("ctrl\x00\x07chars") == "ctrlchars"


def test_share_and_more_buttons_carry_compact_state() -> None:
    answer = _answer(hits=(_hit(),), has_more=True)
    payload = render_answer(answer, k=3, share_button=True).payload()
    actions = next(b for b in payload["blocks"] if b["type"] == "actions")
    by_id = {e["action_id"]: e for e in actions["elements"]}
    assert by_id[ACTION_SHARE]["text"]["text"] == "Share in channel"
    assert decode_state(by_id[ACTION_SHARE]["value"]).offset == 0
    more = decode_state(by_id[ACTION_MORE]["value"])
    assert (more.question, more.offset, more.k) == (answer.question, 3, 3)


def test_no_more_button_on_last_page_and_no_share_when_not_asked() -> None:
    payload = render_answer(_answer(hits=(_hit(),)), k=3).payload()
    assert ACTION_MORE not in _buttons(payload) and ACTION_SHARE not in _buttons(payload)


def test_overlong_question_drops_the_buttons_instead_of_breaking_the_message() -> None:
    answer = _answer(question="x" * 2500, hits=(_hit(),), has_more=True)
    payload = render_answer(answer, k=3, share_button=True).payload()
    assert not [b for b in payload["blocks"] if b["type"] == "actions"]
    assert encode_state("x" * 2500, 0, 3) is None


@pytest.mark.parametrize(
    "value", ["", "{", "[]", '{"q": 1, "o": 0, "k": 3}', '{"q": "a", "o": -1, "k": 3}']
)
def test_tampered_button_value_is_a_query_error(value: str) -> None:
    with pytest.raises(QueryError):
        decode_state(value)


def test_no_match_says_so_and_suggests_what_is_covered() -> None:
    answer = _answer(
        question="what about Mars",
        intent="search",
        no_match=True,
        suggestions=("China-Russia relations", "Craig Singleton"),
    )
    payload = render_answer(answer, k=3).payload()
    joined = _all_text(payload)
    assert "nothing in the briefings" in joined.lower()
    assert "China-Russia relations" in joined
    assert "Nothing in the briefings answers" in payload["text"]


def test_metadata_answer_notes_details_and_searched_are_shown() -> None:
    answer = _answer(
        question="who moderated the nexus briefing",
        intent="metadata",
        answer="Michael Sobolik moderated it.",
        notes=("Two people named Berman spoke; showing both.",),
        details=("Speakers: Ilan Berman, Craig Singleton",),
        searched="events in 2023",
    )
    payload = render_answer(answer, k=3).payload()
    texts = _mrkdwn_texts(payload)
    assert payload["text"] == "Michael Sobolik moderated it."
    assert any("Michael Sobolik moderated it." in t for t in texts)
    assert any("Two people named Berman" in t for t in texts)
    assert any("Speakers: Ilan Berman" in t for t in texts)
    assert any(t == "Searched: events in 2023" for t in texts)


def test_organisation_text_is_attributed_to_the_organisation_not_a_person() -> None:
    hit = _hit(
        "On June 8th, the AFPC hosted a discussion.",
        speaker=None,
        role=Role.ORGANIZATION,
        highlights=(),
    )
    texts = _mrkdwn_texts(render_answer(_answer(hits=(hit,)), k=3).payload())
    assert any("\n— *American Foreign Policy Council (event text)*" in t for t in texts)


def test_limits_hold_for_huge_answers() -> None:
    hits = tuple(_hit(EXCERPT * 40, order=i) for i in range(20))
    answer = _answer(hits=hits, details=tuple("line " * 200 for _ in range(80)), has_more=True)
    message = render_answer(answer, k=20, share_button=True)
    payload = message.payload()  # to_dict() validates each block against Slack's limits
    assert len(payload["blocks"]) <= MAX_BLOCKS
    assert payload["blocks"][-1]["type"] == "actions"
    assert len(payload["text"]) <= 3000
    for block in payload["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_shared_message_names_the_sharer_and_has_no_buttons() -> None:
    payload = render_shared(
        _answer(hits=(_hit(),), has_more=True), k=3, shared_by="U123ABC"
    ).payload()
    assert "Shared by <@U123ABC>" in _all_text(payload)
    assert ACTION_MORE not in _buttons(payload) and ACTION_SHARE not in _buttons(payload)
    assert ACTION_CITE in _buttons(payload)
    bogus = render_shared(_answer(hits=(_hit(),)), k=3, shared_by="<!channel>").payload()
    assert "Shared by" not in _all_text(bogus)


def test_help_error_and_notice_are_escaped_text() -> None:
    help_payload = render_help("Usage: /brief <question>\n\nwho said <quote>").payload()
    assert "/brief &lt;question&gt;" in _all_text(help_payload)
    error = render_error("Unknown filter 'foo:'", "help here").payload()
    assert error["text"] == "Unknown filter 'foo:'"
    assert "help here" in _all_text(error)
    assert render_notice("<!here> slow down").payload()["text"].startswith("&lt;!here&gt;")
