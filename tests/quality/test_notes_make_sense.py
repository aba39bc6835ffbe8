"""Notes only when they help: every question of the shared question files, asked of its
own briefings and of the shipped knowledge folder, gets no "did you mean" note that a
person would find nonsense (issue 15).

A note naming a person ("Did you mean Ilan Berman for “Iran”?", "Read “Singelton” as
Craig Singleton.") must name a visible participant whose name is close to a word the
asker capitalised (or typed, in an all-lower-case question), and the word it is about
must not be a common word: not a country (ISO 3166, pycountry) and not a word the
briefings themselves use in lower case. The judge is written apart from the engine's
rule: it reads only the question, the answer's lines and the briefings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
from rapidfuzz.distance import Levenshtein

from briefbot.config import Settings
from briefbot.index.store import open_index
from briefbot.search.engine import Engine
from briefbot.search.evaluation import load_questions
from briefbot.text import fold

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
KNOWLEDGE = TESTS.parent / "knowledge"
# The question files of ../shared/eval, as copied into tests/data/eval, the held-out
# questions over the same briefings (dev2), and the briefings each is about.
FILES = {
    "dev.jsonl": DATA / "corpus", "seed.jsonl": DATA / "corpus", "real.jsonl": DATA / "real",
    "dev2.jsonl": DATA / "corpus",
}
_NOTE = re.compile(r"Did you mean (?P<who>.+?) for “(?P<word>[^”]+)”\?|Read “(?P<word2>[^”]+)” as (?P<who2>.+?)\.$")
_COUNTRIES = {
    fold(v.split(",")[0]) for c in pycountry.countries
    for v in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)) if v
}


def _engine(folder: Path, tmp: Path) -> Engine:
    settings = Settings()
    return Engine(open_index(folder, settings, rebuild=True, cache_dir=tmp), settings)


def _lower_words(engine: Engine) -> set[str]:
    return {w for p in engine.passages for w in re.findall(r"\b[a-z][a-z'’-]+\b", p.text)}


def _problems(question: str, line: str, engine: Engine, lower_words: set[str]) -> list[str]:
    match = _NOTE.search(line)
    if not match:
        return []
    word = match.group("word") or match.group("word2")
    who = match.group("who") or match.group("who2")
    bare = re.sub(r"['’]s?$", "", word)
    out = []
    if fold(bare) in _COUNTRIES or bare.lower() in lower_words:
        out.append(f"subject “{word}” is a common word")
    typed = [w for w in re.findall(r"[^\W\d_][\w'’-]*", question)
             if w[:1].isupper() or not any(ch.isupper() for ch in question)]
    people = [n.strip() for n in re.split(r" or ", who)]
    participants = {sp.name for b in engine.briefings for sp in b.speakers}
    for person in people:
        close = any(
            Levenshtein.distance(fold(part), fold(re.sub(r"['’]s?$", "", w))) <= 2
            for part in person.split() for w in typed
        )
        if person not in participants or not close:
            out.append(f"{person} is not a participant matching a capitalised word")
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_nonsense_notes(name: str, tmp_path: Path) -> None:
    questions = load_questions([DATA / "eval" / name])
    bad: list[str] = []
    for folder in (FILES[name], KNOWLEDGE):
        engine = _engine(folder, tmp_path / folder.name)
        lower_words = _lower_words(engine)
        for q in questions:
            answer = engine.ask(q.question)
            for line in (*answer.notes, *answer.suggestions, answer.answer or ""):
                bad += [f"{folder.name}: {q.question!r}: {line!r}: {p}"
                        for p in _problems(q.question, line, engine, lower_words)]
    assert not bad, "\n".join(bad)


def test_the_judge_catches_the_notes_of_the_issue(tmp_path: Path) -> None:
    engine = _engine(KNOWLEDGE, tmp_path)
    lower = _lower_words(engine)
    assert _problems("What did Berman say about Iran?", "Did you mean Ilan Berman for “Iran”?",
                     engine, lower)
    assert _problems("what is gao mingyus affiliation", "Did you mean Craig Singleton for “affiliation”?",
                     engine, lower)
    assert not _problems("What did Singelton say?", "Read “Singelton” as Craig Singleton.", engine, lower)
