"""No confident wrong speaker on real documents.

Written apart from the parser's rules: for every passage credited to a named
person, that person's surname must stand in the source document as a turn
label (at the start of a line, before a colon or period, in any case, maybe
bracketed or bold) or in an introduction of the person (the surname right
after a title or given name). A passage credited to someone the document never
labels or introduces is a guessed speaker — the worst bug this product can have.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.ingest.loader import load_corpus

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
# Every real document parsed: seconds, so the full suite's part (-m "not slow" leaves it out).
pytestmark = pytest.mark.slow
_TAGS = re.compile(r"<[^>]+>")


def _document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        from briefbot.ingest.pdf import pdf_text

        return pdf_text(path.read_bytes(), name=path.name, seconds=60).text
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in {".htm", ".html"}:
        text = html.unescape(_TAGS.sub("", text))
    return text


def _labelled(surname: str, text: str) -> bool:
    """The surname opens a line as a label: 'MR. KIRBY:', 'Chairman INOUYE.', '[MR. GEORGE]:'."""
    pattern = (
        r"(?im)^[ \t\u00a0*_\[(]*(?:[A-Za-z.]+[ \t]+){0,3}" + re.escape(surname) + r"[\])*_]*[ \t]*[:.]"
    )
    return re.search(pattern, text) is not None


def _introduced(surname: str, text: str) -> bool:
    """The surname follows a capitalized word (a given name or a title) somewhere in the text."""
    return re.search(r"(?i)\b[A-Z][\w.'’-]*\s+" + re.escape(surname) + r"\b", text) is not None


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([REAL], Settings())


def test_every_named_speaker_is_labelled_or_introduced_in_their_document(corpus) -> None:
    by_id = {b.id: b for b in corpus.briefings}
    texts: dict[str, str] = {}
    wrong = []
    for passage in corpus.passages:
        if passage.speaker_id is None:
            continue
        briefing = by_id[passage.briefing_id]
        speaker = briefing.speaker(passage.speaker_id)
        assert speaker is not None
        if speaker.name in {"Moderator"} or speaker.name.lower().endswith(
            ("official", "official one", "official two")
        ):
            # Anonymous roles: their label must stand in the document as written.
            text = texts.setdefault(briefing.path, _document_text(REAL / briefing.path))
            if not re.search(re.escape(speaker.name.split()[0]), text, re.IGNORECASE):
                wrong.append((briefing.path, speaker.name))
            continue
        surname = speaker.name.replace(",", " ").split()
        surname = [w for w in surname if w.lower().rstrip(".") not in {"jr", "sr", "ii", "iii"}]
        last = surname[-1]
        text = texts.setdefault(briefing.path, _document_text(REAL / briefing.path))
        if not (_labelled(last, text) and _introduced(last, text)):
            wrong.append((briefing.path, speaker.name))
    assert sorted(set(wrong)) == []


def test_unnamed_reporters_are_never_the_briefer(corpus) -> None:
    # A 'Q' turn is a questioner with no name, in every real document that has them.
    by_id = {b.id: b for b in corpus.briefings}
    q_like = [p for p in corpus.passages if p.role.value == "questioner" and p.speaker_id is None]
    assert q_like, "the White House transcripts have reporters' questions"
    for passage in q_like:
        assert by_id[passage.briefing_id].speaker(passage.speaker_id) is None
