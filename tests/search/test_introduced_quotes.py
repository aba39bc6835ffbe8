"""'Who said ...' over a filing that quotes testimony: its own account names who is quoted."""

from __future__ import annotations

import pytest

from briefbot.config import Settings
from briefbot.index.store import build_index
from briefbot.ingest.parse import parse_text
from briefbot.models import Corpus
from briefbot.search.engine import Engine

# An invented indictment count, set as filings are: numbered paragraphs at the
# margin, the quoted exchange as an indented block after a sentence naming the witness.
FILING = """COUNT TWO

    4.    On March 3, 2019, the defendant, OSRIC TARN, appearing as a
witness before the Harbor Oversight Committee, made the following
statements, knowing the underscored statement to be false:

    [MS. VARGA]: Do any of you know who hired the dredging
    firm? Its name has come up twice.

    [MR. TARN]: That was the firm the port chose in
    January, and I can say the bureau signed nothing.

    [MR. OKAFOR]: We are still trying to find that out.

    [MS. VARGA]: I want to be clear whether anyone at the
    bureau paid the dredging firm for the north quay.

    [MR. TARN]: I cannot say that for certain. Not from
    any record I have read.

    5.    The above underscored statement was false because the
defendant had paid the dredging firm twice.
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    parsed = parse_text(FILING, "transcript", path="tarn-count-two.txt", briefing_id="tarn")
    settings = Settings()
    corpus = Corpus(briefings=(parsed.briefing,), passages=parsed.passages)
    return Engine(build_index(corpus, settings), settings)


def test_a_paraphrase_of_the_filings_account_finds_the_witness_it_names(engine):
    answer = engine.ask("who said, as a witness before the Harbor Oversight Committee, that "
                        "he could not say it for certain")
    assert answer.intent == "who_said" and not answer.no_match
    first = answer.hits[0]
    assert first.speaker is not None and first.speaker.name.endswith("Tarn")
    # The witness's reply to that question, not his other turn; the account comes after it.
    assert "I cannot say that for certain" in first.passage.text
    assert any(h.speaker is None and "made the following" in h.passage.text
               for h in answer.hits[1:])
    assert any("own account" in note for note in answer.notes)


def test_the_filings_own_text_that_introduces_no_one_stays_the_filings(engine):
    answer = engine.ask("who said the statement was false because the defendant paid twice")
    assert answer.hits and answer.hits[0].speaker is None


def test_of_the_witness_turns_the_reply_to_the_question_described_is_chosen(engine):
    from briefbot.search.intents.whosaid import introduced_turn
    from briefbot.search.terms import weights

    core = engine.core
    account = next(i for i, p in enumerate(core.passages) if "made the following" in p.text)
    asked = weights(core, "could not say whether the bureau paid the dredging firm")
    chosen = core.passages[introduced_turn(core, account, asked)]
    assert chosen.text.startswith("I cannot say that for certain")
