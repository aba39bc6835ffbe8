"""Court filings: the document's title from its caption, its author and date from the signature.

A US court filing is made the same way wherever it comes from (Federal Rules
of Civil and Criminal Procedure, local rules of each district court): a
*caption* at the top — the court ("UNITED STATES DISTRICT COURT"), the parties
set against each other by a line reading "v." and closed by each party's role
("Defendant.") — then the pleading's title in capitals ("GOVERNMENT'S
STATEMENT OF THE FACTUAL BASIS FOR THE GUILTY PLEA"); and a *signature block*
at the end: "Respectfully submitted," the signer's name and office, and the
date the paper was signed. Filings quote testimony (``[MR. X]:``), so the
dates in their narrative are what happened, not when the filing was made.

``filing_facts`` reads those parts from the document's lines; ``None`` when
the document has no caption (a fragment such as one count of an indictment
keeps no title or date of its own, and none is made up for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_date

__all__ = ["FilingFacts", "filing_facts", "has_caption", "opens_signature"]

_CAPTION_LINES = 80  # a caption stands at the top of the first page

_VERSUS = re.compile(r"^\s*(?:v|vs)\.?\s*$", re.IGNORECASE)
_COURT = re.compile(r"\bCOURT\b")
# The role that closes each party's name in a caption.
_PARTY_ROLE = re.compile(
    r"^\s*(?:Defendants?|Plaintiffs?|Respondents?|Petitioners?|Appellants?|Appellees?|"
    r"Movants?|Claimants?)\s*[.,]?\s*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^\s*Respectfully\s+submitted\b", re.IGNORECASE)
# Caption blocks that are not the title: counts, docket numbers, statutes cited.
_NOT_TITLE = re.compile(r"^(?:COUNT\b|CRIMINAL\b|CIVIL\b|CASE\b|NO\.|VIOLATIONS?\b)|§|U\.S\.C\.")
# Words a title keeps in lower case unless they open it (the common headline-style rule:
# articles, coordinating conjunctions and short prepositions).
_SMALL_WORDS = {"a", "an", "the", "and", "but", "or", "nor", "for", "of", "on", "in", "to", "by",
                "at", "as", "v.", "vs."}


@dataclass(frozen=True)
class FilingFacts:
    """What a filing's caption and signature block say about it."""

    title: str | None
    organization: str | None
    date: object | None  # datetime.date
    date_line: int | None


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def title_case(text: str) -> str:
    """'STATEMENT OF THE FACTUAL BASIS' -> 'Statement of the Factual Basis' (headline style)."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in _SMALL_WORDS:
            out.append(low)
        elif re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            out.append(word.upper())  # initials: "E."
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in low.split("-")))
    return " ".join(out)


def _caption(lines) -> int | None:
    """Index of the caption's "v." line when the opening lines name a court above it."""
    head = [line.strip() for _no, _s, line in lines[:_CAPTION_LINES]]
    versus = next((i for i, line in enumerate(head) if _VERSUS.match(line)), None)
    if versus is None or not any(_COURT.search(line) for line in head[:versus]):
        return None
    return versus


def opens_signature(line: str) -> bool:
    """Whether ``line`` opens a filing's signature block ("Respectfully submitted,")."""
    return bool(_SIGNATURE.match(line))


def has_caption(lines) -> bool:
    """Whether the document opens with a court filing's caption (cheap: its first lines only)."""
    return _caption(lines) is not None


def filing_facts(lines) -> FilingFacts | None:
    """Title, signer's office and date of a court filing; None without a caption.

    ``lines`` are ``(line number, offset, text)`` rows as ``SourceText.lines()`` gives them.
    """
    versus = _caption(lines)
    if versus is None:
        return None
    rows = [(no, line.strip()) for no, _s, line in lines]
    title = _title_after_caption(rows, versus)
    organization, date, date_line = _signature(rows)
    return FilingFacts(title=title, organization=organization, date=date, date_line=date_line)


def _title_after_caption(rows: list[tuple[int, str]], versus: int) -> str | None:
    end = versus
    for i in range(versus, min(len(rows), versus + 30)):
        if _PARTY_ROLE.match(rows[i][1]):
            end = i
            break
    block: list[str] = []
    for _no, line in rows[end + 1 : end + 40]:
        if not line:
            if block:
                break
            continue
        if not _caps(line) or _NOT_TITLE.search(line):
            if block:
                break
            if not _caps(line):
                return None  # the body began: this caption has no title
            continue
        block.append(line)
    if not block:
        return None
    return title_case(" ".join(block)) or None


def _signature(rows: list[tuple[int, str]]) -> tuple[str | None, object | None, int | None]:
    """(signer's office and name, date signed, its line) from the closing lines."""
    start = next((i for i in range(len(rows) - 1, -1, -1) if _SIGNATURE.match(rows[i][1])), None)
    organization = None
    if start is not None:
        names = [line for _no, line in rows[start + 1 : start + 8] if line and not find_date(line)]
        if len(names) >= 2 and re.search(r"[A-Za-z]", names[1]):
            signer = title_case(re.sub(r"^/s/\s*", "", names[0]))
            organization = f"{title_case(names[1])} ({signer})"
    begin = start if start is not None else max(0, len(rows) - 12)
    for no, line in rows[begin:]:
        found = find_date(line) if line and len(line) <= 40 else None
        # The whole line is the date ("July 9, 1991", "Dated: July 9, 1991").
        if found and len(re.sub(r"(?i)^dated:?\s*", "", line)) - (found[2] - found[1]) <= 2:
            return organization, found[0], no
    return organization, None, None
