"""PDF briefings: clean text in reading order, printed page numbers, honest failures."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import reportlab
from built_documents import (
    HEARING,
    REAL,
    PdfLayout,
    draw_pages,
    gpo_paragraphs,
    lines_at,
    write_pdf,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefbot.config import Settings
from briefbot.errors import FormatError
from briefbot.ingest.loader import load_corpus
from briefbot.ingest.pdf import pdf_text
from briefbot.interfaces.commands.check import report_to_text
from briefbot.models import Corpus

GOLD = {entry["file"]: entry for entry in json.loads((REAL / "GOLD.json").read_text())}


def text_of(data: bytes) -> str:
    return pdf_text(data, name="t.pdf", seconds=30).text


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def attributed(corpus: Corpus, words: str) -> tuple[str | None, str, tuple[str, str] | None]:
    """(speaker name, role, pages) of the passage holding ``words``."""
    want = _norm(words)
    for passage in corpus.passages:
        if want in _norm(passage.text):
            briefing = next(b for b in corpus.briefings if b.id == passage.briefing_id)
            speaker = briefing.speaker(passage.speaker_id)
            name = speaker.name if speaker else passage.speaker_label
            return name, passage.role.value, passage.pages
    raise AssertionError(f"no passage holds {words!r}")


# --- a born-digital hearing, laid out as GPO prints it --------------------------------


@pytest.fixture(scope="module")
def hearing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Corpus]:
    """The GPO hearing as saved (<pre> HTML) and as a printed PDF, each loaded alone."""
    root = tmp_path_factory.mktemp("hearing")
    (root / "html").mkdir()
    (root / "pdf").mkdir()
    shutil.copy(HEARING, root / "html" / HEARING.name)
    (root / "pdf" / "hearing.pdf").write_bytes(write_pdf(gpo_paragraphs()))
    return (
        load_corpus([root / "html"], Settings()),
        load_corpus([root / "pdf"], Settings()),
    )


@pytest.mark.slow  # the 300 KB hearing read as HTML and as a PDF: seconds
def test_hearing_pdf_attributes_every_gold_turn_as_the_text_version_does(hearing):
    html_corpus, pdf_corpus = hearing
    for turn in GOLD[HEARING.name]["turns"]:
        html_name, html_role, _ = attributed(html_corpus, turn["contains"])
        pdf_name, pdf_role, pages = attributed(pdf_corpus, turn["contains"])
        # The same person, named at least as fully as the text version names them, and the
        # same role.
        assert set(html_name.split()) <= set(pdf_name.split())
        assert pdf_name.split()[-1] == turn["speaker"].split()[-1]
        assert pdf_role == html_role
        assert pages is not None and pages[0].isdigit()


@pytest.mark.slow  # the 300 KB hearing read as HTML and as a PDF: seconds
def test_hearing_pdf_metadata_matches_the_text_version(hearing):
    html_corpus, pdf_corpus = hearing
    (html_briefing,), (pdf_briefing,) = html_corpus.briefings, pdf_corpus.briefings
    assert pdf_briefing.date == html_briefing.date
    assert pdf_briefing.organization == html_briefing.organization
    assert pdf_briefing.location == html_briefing.location
    kizer = [s for s in pdf_briefing.speakers if s.name.endswith("Kizer")]
    assert [s.affiliation for s in kizer] == [
        s.affiliation for s in html_briefing.speakers if s.name.endswith("Kizer")
    ]
    assert "Under Secretary" in (kizer[0].affiliation or "")
    # Every speaker of the text version is a speaker of the printed one ("Ms. Ros-Lehtinen."
    # opens a one-line paragraph after another one-line paragraph; "Mr. Gilman." follows a
    # line that ended its paragraph short of the full width).
    pdf_people = {s.name.split()[-1]: s for s in pdf_briefing.speakers}
    for person in html_briefing.speakers:
        twin = pdf_people.get(person.name.split()[-1])
        assert twin is not None, person.name
        assert set(person.name.split()) <= set(twin.name.split())
        assert twin.affiliation == person.affiliation


@pytest.mark.slow  # the 300 KB hearing read as HTML and as a PDF: seconds
def test_a_passage_is_cited_by_the_page_printed_on_it(hearing):
    _, pdf_corpus = hearing
    # The opening statement is on the third printed page (numbered from the cover).
    _, _, pages = attributed(pdf_corpus, "I would like to call this hearing to order")
    assert pages == ("3", "3")
    assert all(p.kind == "verbatim" for p in pdf_corpus.passages)
    # Every passage starts on a line of its first page: the page table says where each
    # printed page begins in the text read from the file.
    (briefing,) = pdf_corpus.briefings
    starts = dict(briefing.page_lines)
    bounds = [line for _, line in briefing.page_lines] + [10**9]
    assert len(starts) == len(briefing.page_lines) > 3
    for passage in pdf_corpus.passages:
        if passage.pages:
            first = starts[passage.pages[0]]
            following = min(b for b in bounds if b > first)
            assert first <= passage.span.line_start < following


def test_running_heads_verdate_lines_and_page_numbers_never_reach_the_text():
    text = text_of(write_pdf(gpo_paragraphs()[:400], PdfLayout(first_page=7)))
    assert "VerDate" not in text and "Jkt 038711" not in text
    assert "NEW STUDIES OF GULF WAR ILLNESSES" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


def test_pages_are_labelled_with_their_printed_numbers():
    document = pdf_text(
        write_pdf(gpo_paragraphs()[:200], PdfLayout(first_page=41)), name="t.pdf", seconds=30
    )
    assert document.pages is not None
    assert document.pages.labels[:3] == ("41", "42", "43")


def test_without_printed_numbers_pages_are_counted_from_one():
    words = ["Opening remarks.", "Questions from members.", "Closing statement."]
    pages = [lambda pdf, w=w: lines_at(pdf, [w]) for w in words]
    document = pdf_text(draw_pages(pages), name="t.pdf", seconds=30)
    assert document.pages.labels == ("1", "2", "3")
    assert document.text.split() == " ".join(words).split()


# --- words and reading order ----------------------------------------------------------


def test_words_hyphenated_across_lines_are_joined_but_real_hyphens_kept():
    def page(pdf):
        lines_at(pdf, [
            "The committee will recon-",
            "vene after the shoot-",
            "down was explained; the shoot-down of the plane",
        ])

    def compounds(pdf):
        lines_at(pdf, ["Assistant Secretary for Inter-", "American Affairs on the right of self-",
                       "defense."])

    text = text_of(draw_pages([page]))
    assert "will reconvene" in text
    assert "the shoot-down was explained" in text.replace("\n", " ")
    text = " ".join(text_of(draw_pages([compounds])).split())
    assert "Inter- American" in text and "right of self-defense." in text


def test_ligatures_and_spaced_ligature_breaks_are_repaired():
    vera = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
    pdfmetrics.registerFont(TTFont("Vera", vera))

    def page(pdf):
        lines_at(pdf, ["The \ufb01nancial of\ufb01ce held the \ufb02oor."], font="Vera")
        lines_at(pdf, ["A f loor vote in the of fice; the office staff agreed."], top=600)

    text = text_of(draw_pages([page]))
    assert "The financial office held the floor." in text
    assert "A floor vote in the office; the office staff agreed." in text


def test_two_column_pages_are_read_column_by_column():
    left = [f"Left column sentence {i} continues the argument here." for i in range(20)]
    right = [f"Right column sentence {i} answers the argument there." for i in range(20)]

    def page(pdf):
        lines_at(pdf, ["A TITLE ACROSS BOTH COLUMNS OF THE PAGE"], x=160, top=740)
        lines_at(pdf, left, x=54, size=9, leading=11)
        lines_at(pdf, right, x=316, size=9, leading=11)

    lines = [line.strip() for line in text_of(draw_pages([page])).splitlines() if line.strip()]
    assert lines[0] == "A TITLE ACROSS BOTH COLUMNS OF THE PAGE"
    assert lines[1:21] == left and lines[21:41] == right


def test_a_table_is_not_taken_for_two_columns():
    rows = [(f"Name Number{i}", f"Role {i}") for i in range(12)]

    def page(pdf):
        for i, (name, role) in enumerate(rows):
            lines_at(pdf, [name], x=72, top=700 - 14 * i)
            lines_at(pdf, [role], x=330, top=700 - 14 * i)

    lines = [line.strip() for line in text_of(draw_pages([page])).splitlines() if line.strip()]
    assert lines[0].split() == ["Name", "Number0", "Role", "0"]


def test_a_page_set_entirely_as_a_block_quotation_reads_as_indented():
    # A filing: double-spaced narrative at the margin, testimony quoted as an
    # indented single-spaced block that fills the whole middle page.
    narrative = [f"The narrative of the filing goes on here in line {i} of it." for i in range(8)]
    closing = [f"The narrative of the filing closes there in line {i} of it." for i in range(8)]
    quoted = [f"and the witness went on answering in line {i} of it" for i in range(30)]

    def head(pdf, number):
        lines_at(pdf, [f"Filings and Pleas    {number}"], x=72, top=750)

    def first(pdf):
        head(pdf, 11)
        lines_at(pdf, narrative, x=72, top=700, leading=24)
        lines_at(pdf, ["[MR. TARN]: Did anyone know about the contracts"], x=144, top=490)
        lines_at(pdf, quoted[:10], x=144, top=478, leading=12)

    def middle(pdf):
        head(pdf, 12)
        lines_at(pdf, quoted, x=144, top=700, leading=12)

    def last(pdf):
        head(pdf, 13)
        lines_at(pdf, closing, x=72, top=700, leading=24)

    lines = text_of(draw_pages([first, middle, last])).splitlines()
    witness = [line for line in lines if "witness went on" in line]
    filing = [line for line in lines if "narrative of the filing" in line]
    assert len(witness) == 40 and all(line.startswith("    ") for line in witness)
    assert len(filing) == 16 and not any(line.startswith(" ") for line in filing)


# --- the real scanned filings (OCR text layer) -------------------------------------------


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("walsh-1991-george-indictment-count4.pdf", ("384", "385")),
        ("walsh-1991-fiers-guilty-plea-statement.pdf", tuple(str(n) for n in range(307, 318))),
    ],
)
def test_scanned_filings_read_clean_with_their_compilation_pages(name, labels):
    document = pdf_text((REAL / name).read_bytes(), name=name, seconds=30)
    assert document.pages.labels == labels
    text = document.text
    assert "Indictments and Pleas" not in text
    for turn in GOLD[name]["turns"]:
        assert _norm(turn["contains"]) in _norm(text), turn["contains"]
    if name.startswith("walsh-1991-george"):
        # OCR specks in the left margin ("fo:", "th<") are not text.
        debris = {"fo", "fo:", "th<", "De:", "tni", "a*", "be"}
        assert not any(line.split(" ")[0] in debris for line in text.splitlines())
        assert "the defendant, CIAIR E. GEORGE, unlawfully," in text


def test_a_quote_spanning_a_page_break_keeps_its_page_range(tmp_path: Path):
    name = "walsh-1991-george-indictment-count4.pdf"
    shutil.copy(REAL / name, tmp_path / name)
    corpus = load_corpus([tmp_path], Settings())
    assert attributed(corpus, "I do not know that per se.")[2] == ("385", "385")
    pages = {p.pages for p in corpus.passages}
    assert ("384", "385") in pages or {("384", "384"), ("385", "385")} <= pages


def test_the_filings_own_narrative_after_quoted_testimony_is_never_the_witness(tmp_path: Path):
    for name in ("walsh-1991-george-indictment-count4.pdf",
                 "walsh-1991-fiers-guilty-plea-statement.pdf"):
        shutil.copy(REAL / name, tmp_path / name)
    corpus = load_corpus([tmp_path], Settings())
    # The last words quoted keep their speaker ...
    assert attributed(corpus, "I do not know that per se.")[:2] == ("Clair E. George", "panelist")
    assert attributed(corpus, "I certainly know that people below me")[0] == "Alan D. Fiers, Jr."
    assert attributed(corpus, "two C-123s and two C-7 cargoes")[0] == "Alan D. Fiers, Jr."
    # ... and what the filing says next is the filing's: its numbered paragraph,
    # the next count (across a page break) and the signature block.
    for words in ("The above underscored material statement made",
                  "COUNT TWO",
                  "MR. FIERS learned of the crash on October 6, 1986.",
                  "Respectfully submitted,"):
        assert attributed(corpus, words)[:2] == (None, "organization"), words


# --- honest failures ------------------------------------------------------------------------


def test_a_scan_without_text_layer_says_ocr_is_needed():
    def page(pdf):
        pdf.rect(72, 72, 400, 600, fill=1)

    with pytest.raises(FormatError, match="no text layer, OCR needed"):
        text_of(draw_pages([page, page]))


def test_an_encrypted_pdf_is_reported_as_such():
    data = draw_pages([lambda pdf: lines_at(pdf, ["Secret words."])], encrypt="s3cret")
    with pytest.raises(FormatError, match="encrypted"):
        text_of(data)


def test_a_truncated_pdf_is_reported_as_corrupt():
    data = write_pdf(gpo_paragraphs()[:50])
    with pytest.raises(FormatError, match="corrupt or truncated"):
        text_of(data[: len(data) // 2])


def test_the_per_file_time_budget_applies():
    data = write_pdf(gpo_paragraphs()[:300])
    with pytest.raises(FormatError, match="max_parse_seconds"):
        pdf_text(data, name="slow.pdf", seconds=0.0)


def test_bad_pdfs_are_reported_with_file_and_reason_and_the_rest_is_served(tmp_path: Path):
    shutil.copy(REAL / "walsh-1991-george-indictment-count4.pdf", tmp_path / "good.pdf")
    (tmp_path / "scan.pdf").write_bytes(draw_pages([lambda pdf: pdf.rect(72, 72, 9, 9)]))
    (tmp_path / "locked.pdf").write_bytes(
        draw_pages([lambda pdf: lines_at(pdf, ["x"])], encrypt="pw")
    )
    (tmp_path / "cut.pdf").write_bytes((tmp_path / "good.pdf").read_bytes()[:5000])
    corpus = load_corpus([tmp_path], Settings())
    reports = {report.file: report for report in corpus.reports}
    assert reports["good.pdf"].status != "error" and corpus.passages
    assert reports["good.pdf"].pages == ("384", "385")
    assert "pages:        pp. 384–385" in report_to_text(reports["good.pdf"])
    for name, reason in [
        ("scan.pdf", "no text layer, OCR needed"),
        ("locked.pdf", "encrypted"),
        ("cut.pdf", "corrupt or truncated"),
    ]:
        assert reports[name].status == "error"
        assert reason in reports[name].problems[0].reason
        assert reports[name].problems[0].file == name
