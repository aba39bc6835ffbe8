"""The citation line: what a staffer pastes into a memo, for every kind of speaker."""

from __future__ import annotations

import datetime as dt

from briefbot.models import Briefing, Hit, Passage, Role, Span, Speaker
from briefbot.render.citation import citation, passage_kind, speaker_words

SINGLETON = Speaker(
    id="craig-singleton", name="Craig Singleton", honorific="Mr.",
    affiliation="Senior Fellow, Foundation for Defense of Democracies",
)
NEXUS = Briefing(
    id="nexus", title="The Beijing-Moscow Nexus", organization="American Foreign Policy Council",
    date=dt.date(2023, 6, 8), speakers=(SINGLETON,), path="nexus.txt", format="transcript",
    source="https://example.org/nexus",
)


def _hit(text="China is ensuring Russia has what it needs.", *, briefing=NEXUS, speaker=SINGLETON,
         role=Role.PANELIST, label=None, **passage) -> Hit:
    return Hit(
        passage=Passage(
            id="nexus#1", briefing_id=briefing.id, speaker_id=speaker.id if speaker else None,
            speaker_label=label, role=role, text=text, order=1,
            span=Span(line_start=1, line_end=1, char_start=0, char_end=len(text)), **passage,
        ),
        briefing=briefing, speaker=speaker, score=1.0, excerpt=text,
    )


def test_verbatim_quote_with_everything_a_memo_needs():
    assert citation(_hit()) == (
        "“China is ensuring Russia has what it needs.” — Mr. Craig Singleton, Senior Fellow, "
        "Foundation for Defense of Democracies, at “The Beijing-Moscow Nexus”, American Foreign "
        "Policy Council, June 8, 2023, https://example.org/nexus"
    )


def test_inner_quotes_turn_single_so_the_quote_pairs_up():
    line = citation(_hit('He called it a “no limits” partnership and a "test".'))
    assert line.startswith("“He called it a ‘no limits’ partnership and a 'test'.” — ")


def test_summary_is_never_quoted():
    summary = NEXUS.model_copy(update={"format": "summary"})
    line = citation(_hit("Mr. Singleton argued that China hedges.", briefing=summary))
    assert line == (
        "Summary of remarks by Mr. Craig Singleton, Senior Fellow, Foundation for Defense of "
        "Democracies, at “The Beijing-Moscow Nexus”, American Foreign Policy Council, June 8, 2023, "
        "https://example.org/nexus (event summary, not verbatim): Mr. Singleton argued that China hedges."
    )


def test_passage_kind_set_by_ingestion_wins_over_the_file_format():
    summary = NEXUS.model_copy(update={"format": "summary"})
    assert passage_kind(_hit(briefing=summary)) == "summary"
    if "kind" in Passage.model_fields:
        assert passage_kind(_hit(briefing=summary, kind="verbatim")) == "verbatim"
        assert passage_kind(_hit(kind="summary")) == "summary"


def test_pages_and_no_unsafe_link():
    unsafe = NEXUS.model_copy(update={"source": "javascript:alert(1)", "date": None})
    extra = {"pages": ("14", "15")} if "pages" in Passage.model_fields else {}
    line = citation(_hit(briefing=unsafe, **extra))
    assert "javascript" not in line and line.endswith(
        "American Foreign Policy Council, date unknown" + (", pp. 14–15" if extra else "")
    )


def test_anonymous_briefers_reporters_and_the_event_text():
    official = _hit(speaker=None, label="SENIOR ADMINISTRATION OFFICIAL ONE")
    assert speaker_words(official) == "Senior Administration Official One"
    background = _hit(speaker=None, label="a senior administration official, on background")
    assert speaker_words(background) == "a senior administration official, on background"
    assert speaker_words(_hit(speaker=None, role=Role.AUDIENCE, label="Q")) == (
        "an unnamed questioner (question)"
    )
    assert speaker_words(_hit(speaker=None, role=Role.AUDIENCE, label="Josh Boak, AP")) == (
        "Josh Boak, AP (question)"
    )
    assert speaker_words(_hit(speaker=None, role=Role.ORGANIZATION)) == (
        "American Foreign Policy Council (event text)"
    )
    moderator = Speaker(id="moderator", name="Moderator", role=Role.MODERATOR)
    assert speaker_words(_hit(speaker=moderator, role=Role.MODERATOR)) == "Moderator"


def test_a_paged_source_is_cited_by_page_and_line_on_the_page():
    # Pages "14" and "15" start on lines 40 and 80 of the text read from the file.
    paged = NEXUS.model_copy(update={"page_lines": (("14", 40), ("15", 80))})

    def hit_at(line: int, pages: tuple[str, str]) -> Hit:
        hit = _hit(briefing=paged, pages=pages)
        span = hit.passage.span.model_copy(update={"line_start": line, "line_end": line + 2})
        return hit.model_copy(update={"passage": hit.passage.model_copy(update={"span": span})})

    assert citation(hit_at(51, ("14", "14"))).endswith("June 8, 2023, p. 14, line 12, "
                                                       "https://example.org/nexus")
    assert ", pp. 14–15, from line 39," in citation(hit_at(78, ("14", "15")))
    # Without the page table (an index built before it existed) the page alone is cited.
    assert ", p. 14, https" in citation(_hit(pages=("14", "14")))
