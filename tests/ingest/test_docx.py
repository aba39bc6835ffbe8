"""Word briefings: body paragraphs in order, bold labels as turns, participant tables."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from built_documents import PRESS_BRIEFING, REAL, press_briefing_turns, write_docx

from briefbot.config import Settings
from briefbot.errors import FormatError
from briefbot.ingest.docx import docx_text
from briefbot.ingest.loader import load_corpus
from briefbot.models import Corpus

GOLD = {entry["file"]: entry for entry in json.loads((REAL / "GOLD.json").read_text())}


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def attributed(corpus: Corpus, words: str) -> tuple[str | None, str]:
    want = _norm(words)
    for passage in corpus.passages:
        if want in _norm(passage.text):
            briefing = next(b for b in corpus.briefings if b.id == passage.briefing_id)
            speaker = briefing.speaker(passage.speaker_id)
            return (speaker.name if speaker else None), passage.role.value
    raise AssertionError(f"no passage holds {words!r}")


@pytest.fixture(scope="module")
def readout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Corpus, str]:
    """The press briefing as published (Markdown) and as a Word read-out."""
    root = tmp_path_factory.mktemp("readout")
    (root / "md").mkdir()
    (root / "docx").mkdir()
    shutil.copy(PRESS_BRIEFING, root / "md" / PRESS_BRIEFING.name)
    title, turns = press_briefing_turns()
    data = write_docx(
        title, turns, header="EMBARGOED UNTIL RELEASE", footer="Internal read-out, page 1",
        comment="Check this quote against the video",
    )
    (root / "docx" / "readout.docx").write_bytes(data)
    text = docx_text(data, name="readout.docx", seconds=30).text
    return load_corpus([root / "md"], Settings()), load_corpus([root / "docx"], Settings()), text


@pytest.mark.slow  # the 72 KB briefing read as Markdown and as Word: seconds
def test_word_readout_attributes_every_gold_turn_as_the_text_version_does(readout):
    md_corpus, docx_corpus, _ = readout
    for turn in GOLD[PRESS_BRIEFING.name]["turns"]:
        assert attributed(docx_corpus, turn["contains"]) == attributed(md_corpus, turn["contains"])
        name, _ = attributed(docx_corpus, turn["contains"])
        assert name == turn["speaker"]


@pytest.mark.slow  # the 72 KB briefing read as Markdown and as Word: seconds
def test_bold_lead_ins_become_turn_labels_and_paragraphs_keep_their_order(readout):
    _, _, text = readout
    lines = [line for line in text.splitlines() if line]
    assert "MS. JEAN-PIERRE: Hi. Good afternoon, everyone." in lines
    assert lines.index("MS. JEAN-PIERRE: Hi. Good afternoon, everyone.") < lines.index(
        "Q: Good afternoon."
    )


@pytest.mark.slow  # the 72 KB briefing read as Markdown and as Word: seconds
def test_headers_footers_and_comments_are_not_read(readout):
    _, docx_corpus, text = readout
    for words in ("EMBARGOED", "Internal read-out", "Check this quote"):
        assert words not in text
        assert not any(words in p.text for p in docx_corpus.passages)


def test_a_participant_table_is_read_as_the_participant_list(tmp_path: Path):
    data = write_docx(
        "Arctic Security Roundtable",
        [
            (None, "March 3, 2025"),
            ("DR. HALE", "Thank you all for coming to talk about the Arctic."),
            ("MS. ORTIZ", "Shipping lanes are opening faster than expected."),
        ],
        participants=[
            ("Dr. Mara Hale", "Senior Fellow", "Polar Institute"),
            ("Ms. Lena Ortiz", "Director", "Nordic Shipping Council"),
        ],
    )
    text = docx_text(data, name="t.docx", seconds=30).text
    assert "PARTICIPANTS:\nDr. Mara Hale, Senior Fellow, Polar Institute\n" in text
    (tmp_path / "roundtable.docx").write_bytes(data)
    corpus = load_corpus([tmp_path], Settings())
    (briefing,) = corpus.briefings
    ortiz = next(s for s in briefing.speakers if s.name == "Lena Ortiz")
    assert "Nordic Shipping Council" in (ortiz.affiliation or "")
    assert attributed(corpus, "Shipping lanes are opening")[0] == "Lena Ortiz"


def test_a_truncated_word_file_is_reported_as_corrupt():
    data = write_docx("Title", [("MR. A", "Words.")])
    with pytest.raises(FormatError, match="corrupt or truncated"):
        docx_text(data[: len(data) // 2], name="t.docx", seconds=30)


def test_a_zip_that_is_not_a_word_document_is_reported():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("hello.txt", "not a document")
    with pytest.raises(FormatError, match="corrupt Word file"):
        docx_text(out.getvalue(), name="t.docx", seconds=30)


def test_a_password_protected_word_file_is_reported():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(FormatError, match="password-protected"):
        docx_text(data, name="t.docx", seconds=30)
