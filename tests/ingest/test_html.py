"""Saved event pages: JSON-LD first, the visible page otherwise, page furniture ignored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefbot.config import IngestSettings
from briefbot.errors import FormatError
from briefbot.ingest.parse import ParseResult, parse_text
from briefbot.models import Role

DATA = Path(__file__).resolve().parents[1] / "data" / "parsers"


def parse(text: str, settings: IngestSettings | None = None) -> ParseResult:
    return parse_text(text, "html", path="p.html", briefing_id="p", settings=settings)


@pytest.fixture(scope="module")
def page() -> ParseResult:
    return parse((DATA / "page-no-jsonld.html").read_text(encoding="utf-8"))


def test_visible_page_metadata(page: ParseResult) -> None:
    b = page.briefing
    assert b.title == "Grid Talk: Power Lines Under the Sea"
    assert b.organization == "Northwind Institute for Security Studies"
    assert b.series == "Energy Seminars"
    assert b.date == dt.date(2024, 5, 2)
    assert b.location == "Northwind Institute, Oslo"  # "& Online" dropped
    assert b.moderator == "Ruth Adeyemi"  # named only in the intro, affiliation from the card
    assert [(s.name, s.honorific, s.affiliation, s.role) for s in b.speakers] == [
        ("Hedda Lindqvist", "Dr.", "Director, Arctic Grid Program", Role.PANELIST),
        (
            "Ruth Adeyemi",
            None,
            "Program Officer, Northwind Institute for Security Studies",
            Role.MODERATOR,
        ),
    ]


def test_only_event_text_becomes_passages(page: ParseResult) -> None:
    got = [(p.role, p.speaker_id, p.section, p.text) for p in page.passages]
    assert got == [
        (
            Role.ORGANIZATION,
            None,
            None,
            "The seminar, moderated by Ruth Adeyemi, program officer at the institute, looked at "
            "subsea power links and the risks they face.",
        ),
        (
            Role.PANELIST,
            "hedda-lindqvist",
            "Why Grids Matter",
            "Subsea power links carry more than electricity. They carry trust between neighbours.",
        ),
    ]
    assert (page.passages[1].span.line_start, page.passages[1].span.line_end) == (22, 23)
    assert page.problems == ()


JSONLD = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {
 "@type": "EducationEvent", "name": "Ports and Power", "startDate": "2024-02-01T09:00",
 "organizer": {"@type": "Organization", "name": "Harbor Council"},
 "superEvent": {"@type": "EventSeries", "name": "Maritime Mornings"},
 "keywords": "Ports, Shipping",
 "location": {"@type": "Place", "name": "Harbor Council, Room 4",
              "address": {"addressLocality": "Boston", "addressRegion": "MA"}},
 "performer": [{"@type": "Person", "name": "Jane Roe", "honorificPrefix": "Dr.",
                "jobTitle": "Senior Fellow", "affiliation": {"name": "Harbor Council"}},
               {"@type": "Person", "name": "John Doe", "jobTitle": "Analyst"}]}]}
</script></head><body><h1>Ports and Power (visible title)</h1>
<p class="speaker">Jane Roe</p><p>Ports are power. Power is ports.</p>
<p class="speaker">Speaker: Doe</p><p>I agree with that.</p></body></html>"""


def test_jsonld_event_is_read_first() -> None:
    result = parse(JSONLD)
    b = result.briefing
    assert (b.title, b.organization, b.series, b.date, b.location, b.categories) == (
        "Ports and Power",
        "Harbor Council",
        "Maritime Mornings",
        dt.date(2024, 2, 1),
        "Room 4, Boston, MA",
        ("Ports", "Shipping"),
    )
    assert [(s.name, s.honorific, s.affiliation) for s in b.speakers] == [
        ("Jane Roe", "Dr.", "Senior Fellow, Harbor Council"),
        ("John Doe", None, "Analyst"),
    ]
    assert [(p.speaker_id, p.text) for p in result.passages] == [
        ("jane-roe", "Ports are power. Power is ports."),
        ("john-doe", "I agree with that."),
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a></nav><footer>© 2024 X</footer></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><h1>A title</h1><nav><p>Menu text, long enough.</p></nav></body></html>",
        "<p>",
    ],
)
def test_page_without_event_content_is_a_format_error(html: str) -> None:
    with pytest.raises(FormatError) as err:
        parse(html)
    assert "no event content" in err.value.reason


def test_deep_nesting_is_refused_not_recursed() -> None:
    deep = "<html><body>" + "<div>" * 5000 + "<h1>x</h1><p>deep text.</p>" + "</div>" * 5000
    with pytest.raises(FormatError) as err:
        parse(deep, IngestSettings(max_html_depth=400))
    assert "nested more than 400" in err.value.reason
    assert err.value.line == 1


def test_bad_jsonld_is_a_warning_and_the_page_still_loads() -> None:
    html = (
        '<html><head><script type="application/ld+json">{not json</script></head>'
        "<body><h1>Title</h1><p>On May 3, 2024 we met.</p></body></html>"
    )
    result = parse(html)
    assert result.briefing.title == "Title"
    assert result.briefing.date == dt.date(2024, 5, 3)
    assert [p.reason for p in result.problems] == ["unreadable JSON-LD block ignored"]


def test_unknown_marked_speaker_is_a_problem_and_unattributed() -> None:
    html = (
        "<html><body><h1>T</h1><ul><li><span class='p-name'>Jane Roe</span>"
        "<span class='p-title'>Fellow, X</span></li></ul>"
        "<p class='speaker'>Max Mustermann</p><p>Words of a stranger.</p></body></html>"
    )
    result = parse(html)
    (passage,) = result.passages
    assert (passage.role, passage.speaker_id, passage.speaker_label) == (
        Role.AUDIENCE,
        None,
        "Max Mustermann",
    )
    assert any(
        p.reason.startswith("unknown speaker label 'Max Mustermann'") for p in result.problems
    )


def test_transcript_laid_out_in_html() -> None:
    html = (
        "<html><body><h1>Talk</h1><p>Held on June 3, 2024.</p><ul>"
        "<li><span class='p-name'>Mr. Bennett Hollis</span>"
        "<span class='p-title'>Vice President</span> (Moderator)</li>"
        "<li><span class='p-name'>Dr. Joanna Kang</span><span class='p-title'>Fellow</span></li>"
        "<li><span class='p-name'>Mr. Warren Kang</span><span class='p-title'>Director</span></li>"
        "</ul><p><b>MR. HOLLIS:</b> Welcome.</p><p><b>DR. KANG:</b> Deterrence is a practice.</p>"
        "<p>It is also a budget line.</p><p><b>KANG:</b> Not even distantly.</p>"
        "<p><b>Q:</b> Hi, Ana Ruiz, Ashcombe University. Why?</p>"
        "<p>Note: this page was edited.</p></body></html>"
    )
    result = parse(html)
    got = [(p.role, p.speaker_id, p.speaker_label, p.text) for p in result.passages]
    assert got == [
        (Role.ORGANIZATION, None, None, "Held on June 3, 2024."),
        (Role.MODERATOR, "bennett-hollis", None, "Welcome."),
        (Role.PANELIST, "joanna-kang", None, "Deterrence is a practice. It is also a budget line."),
        (Role.AUDIENCE, None, "KANG", "Not even distantly."),
        (
            Role.AUDIENCE,
            None,
            "Ana Ruiz, Ashcombe University",
            "Hi, Ana Ruiz, Ashcombe University. Why? Note: this page was edited.",
        ),
    ]
    assert result.briefing.moderator == "Bennett Hollis"
    assert any("ambiguous speaker label 'KANG'" in p.reason for p in result.problems)


def test_layout_classes_do_not_remove_the_content() -> None:
    paragraphs = "".join(f"<p>Point number {n} was made clearly.</p>" for n in range(6))
    html = (
        "<html><body><div class='content has-sidebar'><h1>Title</h1></div>"
        f"<div class='layout-with-sidebar'><p class='speaker'>Jane Roe</p>{paragraphs}</div>"
        "<div class='share-tools'><p>Share on every network.</p></div></body></html>"
    )
    result = parse(html)
    text = " ".join(p.text for p in result.passages)
    assert "Point number 5 was made clearly." in text
    assert "Share on" not in text


def test_a_header_inside_the_article_is_content() -> None:
    html = (
        "<html><body><header class='site'><a href='/'>Home</a></header><main><h1>T</h1>"
        "<ul><li><span class='p-name'>Jane Roe</span><span class='p-title'>Fellow</span></li>"
        "<li><span class='p-name'>John Doe</span><span class='p-title'>Analyst</span></li></ul>"
        "<article><header><h3>One</h3><p class='speaker'>Jane Roe</p></header><p>Roe's point.</p>"
        "</article><article><header><h3>Two</h3><p class='speaker'>John Doe</p></header>"
        "<p>Doe's point.</p></article></main></body></html>"
    )
    got = [(p.speaker_id, p.section, p.text) for p in parse(html).passages]
    assert got == [("jane-roe", "One", "Roe's point."), ("john-doe", "Two", "Doe's point.")]


@pytest.mark.parametrize("joiner", ["\n", ""], ids=["a line per paragraph", "run together"])
def test_a_titled_page_with_no_participant_list_is_read_by_its_turn_labels(joiner: str) -> None:
    # A saved press-briefing page: an <h1>, a dateline, paragraphs opening with labels.
    html = joiner.join([
        "<html><body><h1>Press Briefing by Press Secretary Mara Hale</h1>",
        "<p>Harbour Hall, Port Elm</p><p>March 4, 2021</p>",
        "<p>MS. HALE: Good afternoon. The ferry schedule changes on Monday.</p>",
        "<p>Q Will fares rise as well?</p>",
        "<p>MS. HALE: Not this year. The council froze them.</p>",
        "<p>Q And the night crossings?</p>",
        "<p>MS. HALE: Those stay as they are.</p>",
        "</body></html>",
    ])
    result = parse_text(html, "html", path="briefing.html", briefing_id="b")
    hale = next(s for s in result.briefing.speakers if s.name == "Mara Hale")
    by_id = {p.speaker_id for p in result.passages if "council froze" in p.text}
    assert by_id == {hale.id}
    asks = [p for p in result.passages if "fares rise" in p.text]
    assert asks and asks[0].role is Role.QUESTIONER and asks[0].speaker_id is None
    assert result.briefing.title == "Press Briefing by Press Secretary Mara Hale"
    # Read a paragraph per line, its line numbers are no longer the file's: it says so.
    warned = any("run together" in p.reason for p in result.problems)
    assert warned == (joiner == "")


def test_a_break_inside_a_line_of_the_page_is_a_line_break_citing_the_files_line() -> None:
    from briefbot.ingest.plain import render_html_lines

    page = ("<p>Opening line.<br/><br/> Second paragraph.</p>\n"
            "<br/><br/>Third, its breaks at the line's start.<br>\n"
            "Fourth &amp; last</br>line\n")
    rendered = render_html_lines(page)
    assert rendered.text.split("\n") == ["Opening line.", "", " Second paragraph.",
                                         "Third, its breaks at the line's start.",
                                         "Fourth & last", "line", ""]
    assert rendered.line_numbers == (1, 1, 1, 2, 3, 3, 4)


def test_a_label_that_lost_its_title_after_a_break_opens_that_speakers_turn() -> None:
    # A hearing fragment saved as HTML with no <h1>: bold labels after <br/><br/> runs; on
    # one line the scan ran the next label into the answer and dropped its title and bold.
    lines = [
        "<html><body><p>",
        "<br/><br/><strong>Mr. HALVERSEN</strong>. Did the barge leave port on time?",
        "<br/><br/><strong>Mr. ORTOLAN</strong>. It left two days late, in the fog.",
        "<br/><br/><strong>Mr. HALVERSEN</strong>. Who chartered it?",
        "<br/><br/><strong>Mr. ORTOLAN</strong>. A shipping agent in Lisbon, I believe.",
        "<br/><br/><strong>Mr. HALVERSEN</strong>. Was the cargo insured?",
        "<br/><br/><strong>Mr. ORTOLAN</strong>. Yes, it was.<br/><br/> HALVERSEN. By whom"
        " was the insurance premium paid?",
        "<br/><br/><strong>Mr. ORTOLAN</strong>. By the agent, from the charter fee.",
        "<br/><br/>BAKER. A heading that is nobody's label.",
        "</p></body></html>",
    ]
    result = parse_text("\n".join(lines), "html", path="hearing.html", briefing_id="h")
    name_of = {s.id: s.name for s in result.briefing.speakers}
    premium = next(p for p in result.passages if "premium" in p.text)
    assert name_of[premium.speaker_id] == "Halversen"
    assert premium.span.line_start == 7  # the file's line, though the page breaks it in two
    answer = next(p for p in result.passages if "Yes, it was" in p.text)
    assert name_of[answer.speaker_id] == "Ortolan" and "premium" not in answer.text
    assert set(name_of.values()) == {"Halversen", "Ortolan"}
    heading = next(p for p in result.passages if "BAKER" in p.text)
    assert name_of[heading.speaker_id] == "Ortolan"  # no label of the document: not a turn
