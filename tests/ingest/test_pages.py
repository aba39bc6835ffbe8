"""[[Page N]] markers in text and HTML transcripts: page anchors, never words."""

from __future__ import annotations

from pathlib import Path

from briefbot.config import Settings
from briefbot.ingest.loader import load_corpus
from briefbot.ingest.pages import PageMap, take_page_markers

TRANSCRIPT = """\
Harbor Policy Forum
Maritime Security in the Pacific
March 4, 2025
PARTICIPANTS:
Dana Whitfield, Senior Fellow, Harbor Policy Forum
Ravi Menon, Director, Pacific Institute

[[Page 19]]

WHITFIELD: Welcome. Our subject today is the security of sea lanes in the
Pacific, and the navies that patrol them.

MENON: Thank you. The first point is that shipping insurance has tripled.
[[Page 20]]
That is what drives the politics of the region now.

WHITFIELD: And the second point?
"""


def test_markers_are_blanked_in_place_and_mapped():
    text, pages = take_page_markers(TRANSCRIPT)
    assert "[[Page" not in text and len(text) == len(TRANSCRIPT)
    assert text.count("\n") == TRANSCRIPT.count("\n")
    assert pages is not None and pages.labels == ("19", "20")
    assert pages.label_at(0) is None
    assert pages.span(text.index("Welcome"), text.index("patrol")) == ("19", "19")


def test_a_text_without_markers_has_no_page_map():
    assert take_page_markers("Plain words.\n") == ("Plain words.\n", None)


def test_span_before_the_first_page_is_unknown():
    pages = PageMap.from_pages([(10, "3")])
    assert pages.span(0, 5) is None and pages.span(0, 20) == ("3", "3")


def test_passages_of_a_marked_transcript_carry_their_pages(tmp_path: Path):
    (tmp_path / "forum.txt").write_text(TRANSCRIPT, encoding="utf-8")
    corpus = load_corpus([tmp_path], Settings())
    assert all("[[Page" not in p.text for p in corpus.passages)
    by_words = {p.text.split()[0]: p for p in corpus.passages}
    assert by_words["Welcome."].pages == ("19", "19")
    assert by_words["Thank"].pages == ("19", "20")
    assert by_words["And"].pages == ("20", "20")
    assert all(p.kind == "verbatim" for p in corpus.passages)


def test_passages_of_an_event_summary_are_summaries(tmp_path: Path):
    (tmp_path / "summary.txt").write_text(
        "Arctic Futures\nMarch 4, 2025\nRelated Categories: Arctic\n\n"
        "Dana Whitfield, Senior Fellow, Harbor Policy Forum\n"
        "Whitfield said the sea lanes would open within a decade.\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path], Settings())
    assert corpus.passages and all(p.kind == "summary" for p in corpus.passages)
    assert all(p.pages is None for p in corpus.passages)


def test_page_markers_in_an_html_hearing_give_pages_and_no_words(tmp_path: Path):
    real = Path(__file__).resolve().parent.parent / "data" / "real"
    source = (real / "chrg-1997-01-21-gulf-war-syndrome-hearing.htm").read_text(
        encoding="utf-8", errors="replace"
    )
    opening = source.index("    Mr. Shays. I would like to call")
    towns = source.index("    Mr. Towns.")
    marked = (
        source[:opening] + "\n[[Page 1]]\n\n" + source[opening:towns]
        + "\n[[Page 2]]\n\n" + source[towns:]
    )
    (tmp_path / "hearing.htm").write_text(marked, encoding="utf-8")
    corpus = load_corpus([tmp_path], Settings())
    assert not any("[[Page" in p.text for p in corpus.passages)
    pages = {p.text.split(".")[0]: p.pages for p in corpus.passages}
    assert pages["I would like to call this hearing to order and to welcome our witnesses"
                 " and our guests"] == ("1", "1")
    smoke = next(p for p in corpus.passages if "where there is smoke" in p.text)
    assert smoke.pages == ("2", "2")
