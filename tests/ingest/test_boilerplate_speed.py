"""The boilerplate test's quick refusal of ordinary lines never changes its answer:
it agrees with the full pattern on every line it is given."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from briefbot.ingest.passages import _BOILERPLATE, is_boilerplate_line

DATA = Path(__file__).resolve().parents[1] / "data"

_PIECES = st.sampled_from([
    " ", "  ", "\t", "\x1c", "Page", "page", "PAGE", " 3", "12", "of", " of ", "-", "—", "*",
    "=", "·", ".", "©", "(c)", "(C) 2024", "Copyright", "all rights reserved",
    "All Rights Reserved", "transcript", "Transcription services", "transcribed by",
    "Verbatim", "court", " reporting", "Uncorrected", "Rush", "This is an", "official",
    "edited", "Thank you", "Mr. Smith", "said", "the", "x", "\u00e9", "\u017f", "\u212a",
    "Thus", "Transcripts", " transcript", "Unedited", "Uncorrected transcript", "Off", "this",
    "Edited transcript", "RUSH TRANSCRIPT", "Verbatim transcript", "Official transcript.",
])


def _full(line: str) -> bool:
    return bool(_BOILERPLATE.match(line)) if line.strip() else False


@hypothesis_settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_it_agrees_with_the_full_pattern_on_made_up_lines(line: str) -> None:
    assert is_boilerplate_line(line) == _full(line)


def test_it_agrees_with_the_full_pattern_on_every_line_of_the_test_documents() -> None:
    lines = 0
    for path in DATA.rglob("*"):
        if path.suffix.lower() in {".md", ".txt", ".html", ".htm"} and path.is_file():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                assert is_boilerplate_line(line) == _full(line), (path, line)
                lines += 1
    assert lines > 10_000
