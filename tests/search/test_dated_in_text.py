"""'When did X happen?' over a document with no date of its own: the date its text gives, as such."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot.config import Settings
from briefbot.index.store import build_index
from briefbot.models import Briefing, Corpus, Passage, Role, Span
from briefbot.search.engine import Engine

_COUNT = [
    "The grand jury charges that on or about March 3, 2019, in Brenmoor, the defendant, OSRIC "
    "TARN, made a false statement to the Harbor Oversight Committee, in its inquiry into the "
    "sinking of a dredger on February 11, 2019, near the north quay of the port.",
    "On March 3, 2019, the defendant, appearing as a witness before the Harbor Oversight "
    "Committee, made the following statements, knowing them to be false:",
    "The above statement was false because the defendant had paid the dredging contractor twice.",
]


def _passage(briefing: str, i: int, text: str, pages: tuple[str, str] | None) -> Passage:
    return Passage(id=f"{briefing}#{i}", briefing_id=briefing, role=Role.ORGANIZATION, text=text,
                   order=i, pages=pages,
                   span=Span(line_start=i + 1, line_end=i + 1, char_start=0, char_end=len(text)))


@pytest.fixture(scope="module")
def engine() -> Engine:
    undated = Briefing(id="tarn-count-two", title="tarn count two", path="tarn-count-two.pdf",
                       format="transcript")
    dated = Briefing(id="budget", title="Harbor Budget Briefing", date=dt.date(2020, 5, 1),
                     path="budget.txt", format="transcript")
    passages = [_passage("tarn-count-two", i, text, ("212", "212")) for i, text in enumerate(_COUNT)]
    passages.append(_passage("budget", 0, "The dredging budget rose by a third on April 2, 2020.",
                             None))
    settings = Settings()
    corpus = Corpus(briefings=(undated, dated), passages=tuple(passages))
    return Engine(build_index(corpus, settings), settings)


def test_an_undated_document_answers_with_the_date_it_gives_for_what_was_asked(engine):
    answer = engine.ask("When did Tarn make the statements to the Harbor Oversight Committee "
                        "cited in count two?")
    assert answer.intent == "metadata" and not answer.no_match
    # Never presented as the document's date; the document's words and page are shown.
    assert "does not give its date" in answer.answer
    assert "the document itself gives March 3, 2019" in answer.answer
    assert "appearing as a witness before the Harbor Oversight Committee" in answer.answer
    assert "(p. 212)" in answer.answer


def test_of_two_dates_in_one_sentence_the_one_beside_the_words_asked_about_is_given(engine):
    answer = engine.ask("When did the dredger sink near the north quay in the Tarn count two?")
    assert "the document itself gives February 11, 2019" in answer.answer
    assert "March 3, 2019" not in answer.answer.split("gives", 1)[1].split(":", 1)[0]


def test_a_question_naming_only_the_document_gets_no_date_from_its_text(engine):
    answer = engine.ask("When was the Tarn count two held?")
    assert "does not give its date" in answer.answer
    assert "document itself gives" not in answer.answer


def test_a_dated_event_keeps_its_own_date(engine):
    answer = engine.ask("When was the Harbor Budget Briefing held?")
    assert "May 1, 2020" in answer.answer and "April 2, 2020" not in answer.answer
