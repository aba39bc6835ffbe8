"""Court filings: the caption's title, the signer's office and the date signed (invented text)."""

from __future__ import annotations

import datetime as dt

from briefbot.ingest.filing import filing_facts, title_case
from briefbot.ingest.parse import parse_text
from briefbot.ingest.passages import SourceText

FILING = """\
    UNITED STATES DISTRICT COURT
    FOR THE DISTRICT OF NORTHWOOD

UNITED STATES OF AMERICA
    Criminal No. 12-345
    v.
ROSA M. ENDICOTT,    18 U.S.C. § 1001

    Defendant.

    GOVERNMENT'S MEMORANDUM IN
    SUPPORT OF THE PLEA

    COUNT ONE
    From March 2, 1990 through June 1, 1992, ROSA M. ENDICOTT, was the
Director of the Bureau of Harbor Works.
    On May 4, 1991, she testified as follows:

    [MR. TARN]: Did you know?

    [MS. ENDICOTT]: I did not.

    [MR. TARN]: Nothing at all?

    Respectfully submitted,

    JONAS P. WREN
    Special counsel

August 14, 1993
"""


def test_caption_title_signer_office_and_date_signed() -> None:
    facts = filing_facts(SourceText(FILING).lines())
    assert facts is not None
    assert facts.title == "Government's Memorandum in Support of the Plea"
    assert facts.organization == "Special Counsel (Jonas P. Wren)"
    assert facts.date == dt.date(1993, 8, 14)


def test_a_filing_is_dated_when_signed_never_by_its_narrative() -> None:
    result = parse_text(FILING, "transcript", path="plea-memo.txt", briefing_id="f")
    briefing = result.briefing
    assert briefing.title == "Government's Memorandum in Support of the Plea"
    assert briefing.date == dt.date(1993, 8, 14)
    assert briefing.organization == "Special Counsel (Jonas P. Wren)"


def test_a_fragment_without_caption_gets_no_invented_date_or_title() -> None:
    fragment = FILING[FILING.index("    COUNT ONE"):FILING.index("    Respectfully")]
    assert filing_facts(SourceText(fragment).lines()) is None
    briefing = parse_text(fragment, "transcript", path="count-one.txt", briefing_id="c").briefing
    assert briefing.date is None  # 'On May 4, 1991, she testified' is narrative
    assert briefing.location is None


def test_title_case_keeps_small_words_and_initials() -> None:
    assert title_case("STATEMENT OF THE FACTS FOR A PLEA") == "Statement of the Facts for a Plea"
    assert title_case("JONAS P. WREN") == "Jonas P. Wren"
