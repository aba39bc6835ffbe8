"""Passages: sentence splitting, what is cut from the text, spans back into the source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbot.ingest.passages import (
    Block,
    SourceText,
    add_paragraph,
    build_passages,
    clean_line_ranges,
    is_boilerplate_line,
    repeated_lines,
)
from briefbot.models import Role
from briefbot.sentences import split_sentences, trimmed_span
from briefbot.text import TRANSCRIPT_MARKS


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_respect_abbreviations_initials_and_decimals() -> None:
    text = (
        "Dr. Mariya Y. Omelicheva spoke at 2 p.m. on Tuesday. The U.S. share fell 3.5 percent. "
        "Gen. Solberg agreed. It grew in the U.S. The next point was about Europe!"
    )
    assert sentences(text) == [
        "Dr. Mariya Y. Omelicheva spoke at 2 p.m. on Tuesday.",
        "The U.S. share fell 3.5 percent.",
        "Gen. Solberg agreed.",
        "It grew in the U.S.",
        "The next point was about Europe!",
    ]


def test_sentences_end_inside_closing_quotes() -> None:
    text = "He said “no limits.” Then he left. Was it “final?” Nobody knew."
    assert sentences(text) == [
        "He said “no limits.”",
        "Then he left.",
        "Was it “final?”",
        "Nobody knew.",
    ]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Thanks, Bennett. (Laughter.) Worried, yes.", "Thanks, Bennett. Worried, yes."),
        ("waiting for a [inaudible] subpoena.", "waiting for a subpoena."),
        ("[00:14:32] So the answer is no.", "So the answer is no."),
        ("00:14:32 So the answer is no.", "So the answer is no."),
        ("[Transcript begins at 2:02 p.m.]", ""),
        ("[END OF TRANSCRIPT]", ""),
        ("(Applause.)", ""),
        ("[crosstalk]", ""),
        (
            "The [sic] word and the (important) aside stay.",
            "The [sic] word and the (important) aside stay.",
        ),
    ],
)
def test_stage_directions_and_timestamps_are_cut(line: str, kept: str) -> None:
    assert " ".join(line[s:e] for s, e in clean_line_ranges(line)) == kept


@pytest.mark.parametrize(
    "line",
    [
        "Page 3 of 9",
        "Harbor Council on Strategy — Cut Lines — 19 February 2025        Page 1 of 6",
        "Transcript prepared by Clearwater Verbatim Reporting, Inc.",
        "Clearwater Verbatim Reporting, Inc. | (202) 555-0147 | Uncorrected transcript",
        "© 2025 - American Foreign Policy Council",
        "Copyright 2024 Harbor Council. All rights reserved.",
        "*  *  *",
        "- 4 -",
    ],
)
def test_page_furniture_and_vendor_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Copyright law protects the cable designs.", "The page of history turned.", "Thank you."],
)
def test_ordinary_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_running_headers_are_found_by_repetition() -> None:
    lines = [f"Northwind — Grid Talk — 4 March 2025   p{n}" for n in range(1, 5)]
    lines += ["Thank you."] * 5 + ["A line that appears once."]
    found = repeated_lines(lines)
    assert len(found) == 1


def test_passages_never_cross_blocks_and_spans_point_at_the_source() -> None:
    text = "First turn sentence one. Sentence two.\n\nSecond speaker starts here. And goes on.\n"
    source = SourceText(text)
    one = Block(role=Role.PANELIST, speaker_id="a")
    add_paragraph(one, text, [(0, 38)])
    two = Block(role=Role.MODERATOR, speaker_id="b")
    add_paragraph(two, text, [(40, len(text) - 1)])
    passages = build_passages([one, two], source, "brief")
    assert [(p.speaker_id, p.text) for p in passages] == [
        ("a", "First turn sentence one. Sentence two."),
        ("b", "Second speaker starts here. And goes on."),
    ]
    for p in passages:
        assert text[p.span.char_start : p.span.char_end] == p.text
    assert (passages[1].span.line_start, passages[1].span.line_end) == (3, 3)
    assert [p.id for p in passages] == ["brief#0", "brief#1"]


def test_long_remarks_become_several_passages_of_a_few_sentences() -> None:
    sentence = "This sentence has exactly nine words in it here. "
    text = sentence * 23
    block = Block(role=Role.PANELIST, speaker_id="a")
    add_paragraph(block, text, [(0, len(text))])
    passages = build_passages([block], SourceText(text), "b")
    assert len(passages) >= 5
    for p in passages:
        assert p.text.endswith(".")
        assert 1 <= p.text.count(".") <= 6
        assert len(p.text) <= 700


def test_a_paragraph_broken_by_a_page_break_is_rejoined() -> None:
    text = "one cable, one landing station, no repair ship\n\nnearby. Redundancy is a luxury.\n"
    block = Block(role=Role.PANELIST, speaker_id="t")
    add_paragraph(block, text, [(0, 46)])
    add_paragraph(block, text, [(48, len(text) - 1)])
    (passage,) = build_passages([block], SourceText(text), "c")
    assert (
        passage.text
        == "one cable, one landing station, no repair ship nearby. Redundancy is a luxury."
    )
    assert (passage.span.line_start, passage.span.line_end) == (1, 3)


_WORDS = st.sampled_from(
    ["Dr.", "Mariya", "Y.", "U.S.", "p.m.", "Inc.", "The", "the", "said", "it", "grew.",
     "Then", "no.", "3.5", "2023.", "“final?”", "Europe!", "(Laughter.)", "e.g.", "x" * 900,
     "—", "and", "Gen.", "approximately.", "Mr.", "Smith", "[inaudible]", "Jan.", "5"]
)
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", " \u00a0"])
_LINE = st.lists(st.tuples(_WORDS, _SPACES), min_size=1, max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs).strip()
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LINE.filter(bool), min_size=1, max_size=3), min_size=1, max_size=4))
def test_the_sentences_ingestion_hands_on_are_those_the_splitter_finds(paragraphs) -> None:
    # Ingestion tells the splitter each passage's sentences as it cuts them (the index
    # build then need not split them again): they must be what splitting the passage
    # text itself gives, whatever its paragraphs, line breaks and lengths.
    text = "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n"
    block = Block(role=Role.PANELIST, speaker_id="a")
    pos = 0
    for lines in paragraphs:
        ranges = []
        for line in lines:
            ranges.append((pos, pos + len(line)))
            pos += len(line) + 1
        add_paragraph(block, text, ranges)
        pos += 1
    for passage in build_passages([block], SourceText(text), "h"):
        fresh = split_sentences(passage.text, 0, len(passage.text))
        assert split_sentences(passage.text) == fresh


def _cut_by_the_pattern(line: str) -> list[tuple[int, int]]:
    kept, pos = [], 0
    for m in TRANSCRIPT_MARKS.finditer(line):
        kept.append((pos, m.start()))
        pos = m.end()
    kept.append((pos, len(line)))
    trimmed = (trimmed_span(line, s, e) for s, e in kept if e > s)
    return [r for r in trimmed if r is not None]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["(Laughter.)", "[inaudible]", "[00:14:32]", "00:14:32 ", "12:30:01", " 3", "(", ")", "[",
     "]", "So", " the answer", "\t", "\u00a0", "(applause)", "[crosstalk]", "(2:15 p.m.)",
     "(important)", "no.", "\u0661\u0662:30:00 "]), max_size=8).map("".join))
def test_a_line_with_no_bracket_or_leading_time_keeps_what_the_pattern_keeps(line) -> None:
    assert clean_line_ranges(line) == _cut_by_the_pattern(line)
