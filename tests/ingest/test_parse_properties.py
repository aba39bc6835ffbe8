"""Property tests: any text, of any format, parses or fails with a clear BriefbotError.

The safety net in ``parse_text`` turns an unexpected exception into a
FormatError saying "could not parse as ..."; these tests treat that message as
a failure too, so a parser bug cannot hide behind it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefbot.errors import BriefbotError
from briefbot.ingest.parse import parse_text

FORMATS = ("summary", "transcript", "markdown", "html")
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
SAMPLES = {
    "summary": [ROOT / "data/parsers/summary-traps.txt", CORPUS / "seed/000_3c1aeda5a9c9082e.txt"],
    "transcript": [
        ROOT / "data/parsers/transcript-traps.txt",
        CORPUS / "dev/transcript-cables-2025.txt",
    ],
    "markdown": [ROOT / "data/parsers/markdown-traps.md", CORPUS / "dev/european-energy-2023.md"],
    "html": [
        ROOT / "data/parsers/page-no-jsonld.html",
        CORPUS / "dev/event-sanctions-evasion-2024.html",
    ],
}
# Characters that matter to the parsers, so random text hits their branches.
ALPHABET = st.sampled_from(
    list("abcXYZ .,:;-—–()[]<>/\\\"'“”#*_|©\n\n\t0123456789ØÉ\x00\ufeff")
    + [
        "Dr. ",
        "MR. KANG: ",
        "Q: ",
        "---\n",
        "## ",
        "Speaker: ",
        "<p>",
        "</p>",
        "<div>",
        "<h1>",
        "PARTICIPANTS:\n",
        "June 8, 2023",
        "(Laughter.)",
        "[00:14:32]",
        "Page 2 of 9\n",
        "moderated by Jane Roe",
        "Participant Bios:\n",
        "title: x\n",
        "<script>",
        '{"@type":',
    ]
)
TEXTS = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=300)


def _check(text: str, fmt: str) -> None:
    try:
        result = parse_text(text, fmt, path="f", briefing_id="f")  # type: ignore[arg-type]
    except BriefbotError as exc:
        assert "could not parse as" not in str(exc), f"parser bug hidden as: {exc}"
        return
    for passage in result.passages:
        assert passage.text.strip()
        assert 0 <= passage.span.char_start <= passage.span.char_end <= max(len(text), 1)
        assert 1 <= passage.span.line_start <= passage.span.line_end
    ids = [s.id for s in result.briefing.speakers]
    assert len(ids) == len(set(ids))
    assert {p.speaker_id for p in result.passages} - {None} <= set(ids)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_arbitrary_text_never_crashes(fmt: str, text: str) -> None:
    _check(text, fmt)


def _mutations(fmt: str):
    samples = SAMPLES[fmt]
    assume_text = [p.read_text(encoding="utf-8-sig").replace("\r\n", "\n") for p in samples]
    return st.tuples(
        st.sampled_from(assume_text),
        st.lists(
            st.tuples(
                st.integers(0, 20_000),
                st.integers(0, 400),
                st.sampled_from(["del", "ins", "dup"]),
                TEXTS,
            ),
            min_size=1,
            max_size=4,
        ),
    )


def _mutate(text: str, edits) -> str:
    for pos, length, op, insert in edits:
        pos %= max(len(text), 1)
        if op == "del":
            text = text[:pos] + text[pos + length :]
        elif op == "ins":
            text = text[:pos] + insert + text[pos:]
        else:
            text = text[:pos] + text[pos : pos + length] * 2 + text[pos + length :]
    return text


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_files_never_crash(fmt: str, data: st.DataObject) -> None:
    text, edits = data.draw(_mutations(fmt))
    _check(_mutate(text, edits), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pathological_inputs_finish(fmt: str) -> None:
    for text in (
        "(" * 20_000,
        "[" * 20_000 + "]" * 20_000,
        "A. " * 20_000,
        "MR. X: " * 5_000,
        ("word " * 2_000 + "\n") * 20,
        "<div>" * 3_000,
        "---\n" + "a: [" * 2_000 + "\n---\n",
        "Dr. " * 10_000,
        "\n" * 50_000,
    ):
        _check(text, fmt)
