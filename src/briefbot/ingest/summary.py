"""Event summaries (plain text): the form think tanks publish after a panel.

Layout (see FORMATS.md §1)::

    <Organization> <Series> - <Title>: <Subtitle>     headline
    <date>
    Related Categories: A; B;                         may wrap, even past a blank line
    C; D
    Related Expert: <name>                            ignored
    <intro paragraph(s)>                              the organization's own words
    <Section heading>
    <Speaker name line>                               "Dr. Jane Roe", "Keynote: Jane Roe",
    <paragraphs>                                      "Remarks by Gen. (Ret.) John Doe"
    ...
    Participant Bios:
    <Mr./Dr. Full Name>
    <role line(s)>                                    joined with ", "
    © <year> - <Organization>

The organization is found generally: the © footer, an "Org Name (ACR)" in the
intro, or the longest headline prefix the text spells out elsewhere; the rest
of the headline's left part is the series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FormatError
from ..models import Role
from ..names import (
    Ambiguous,
    looks_like_person,
    parse_person,
    split_name_and_role,
    split_name_list,
)
from ..text import fold
from .budget import check_budget
from .dates import find_date
from .draft import Draft
from .intro import (
    NAME_PATTERN,
    acronym_of,
    copyright_holder,
    find_acronyms,
    find_featured,
    find_moderator,
)
from .passages import (
    Block,
    SourceText,
    add_paragraph,
    is_boilerplate_line,
    is_repeated,
    repeated_lines,
)
from .roster import Entry
from .speaking import ROLE_WORDS, mark_moderator

__all__ = ["parse_summary", "split_headline", "mark_moderator", "ROLE_WORDS"]

_BIOS = re.compile(
    r"^\s*(?:(?:participant|speaker|panelist|panel|expert)s?['’]?\s+(?:bio(?:graphie)?s?|biographies|"
    r"biographical notes)|about\s+the\s+(?:speakers|participants|panelists|panel)|biographies|"
    r"bios)\s*:?\s*$",
    re.IGNORECASE,
)
_CATEGORIES = re.compile(
    r"^\s*(?:related\s+)?(?:categories|topics|tags|subjects|issues|themes)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_RELATED = re.compile(r"^\s*related\s+[\w ]{1,30}:", re.IGNORECASE)
_LOCATION = re.compile(r"^\s*(?:location|venue|place|where)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^\s*(?:date|when)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_MODERATOR_LABEL = re.compile(
    r"^\s*(?:moderator|moderated\s+by)\s*:\s*(?P<rest>.+)$", re.IGNORECASE
)
_SPEAKERS_LABEL = re.compile(
    r"^\s*(?:speakers?|panelists?|participants?|featuring)\s*:\s*(?P<rest>.+)$", re.IGNORECASE
)
_HEADLINE_SEP = re.compile(r"\s+[-–—|]\s+")
_SPEAKER_PREFIX = re.compile(
    r"^\s*(?P<prefix>(?:opening\s+|closing\s+|welcome\s+|introductory\s+)?remarks|"
    r"keynote(?:\s+(?:address|remarks|speech|conversation))?|presentation|presented|"
    r"moderator|moderated|panelist)\s*(?:by|from|of)?\s*[:\-–—]?\s+",
    re.IGNORECASE,
)


@dataclass
class _Para:
    """A run of non-blank lines: [(line number, start, end)]."""

    lines: list[tuple[int, int, int]]

    def text(self, source: str) -> str:
        return " ".join(source[s:e].strip() for _, s, e in self.lines)

    @property
    def line(self) -> int:
        return self.lines[0][0]


def split_headline(headline: str) -> tuple[str | None, str]:
    """'AFPC Capitol Hill Briefing - Title: Sub' -> ('AFPC Capitol Hill Briefing', 'Title: Sub')."""
    m = _HEADLINE_SEP.search(headline)
    if not m:
        return None, headline.strip()
    left, right = headline[: m.start()].strip(), headline[m.end() :].strip()
    if not left or not right:
        return None, headline.strip()
    return left, right


def _resolve_org(
    left: str, known: list[tuple[str, str]], corpus_text: str
) -> tuple[str, str | None]:
    """Split the headline's left part into (organization, series)."""
    left_words = left.split()
    folded_left = fold(left)
    for org, acr in known:
        if not org:
            continue
        if folded_left.startswith(fold(org)) and (
            len(folded_left) == len(fold(org)) or folded_left[len(fold(org))] == " "
        ):
            series = left[len(org) :].strip(" :-–—|,")
            return org, series or None
        if acr and left_words and left_words[0].strip(":,") == acr:
            series = " ".join(left_words[1:]).strip(" :-–—|,")
            return org, series or None
    # The longest prefix of two or more words that the text spells out elsewhere.
    body = fold(corpus_text)
    for n in range(len(left_words) - 1, 1, -1):
        prefix = " ".join(left_words[:n])
        if body.count(fold(prefix)) >= 2:
            return prefix, " ".join(left_words[n:]) or None
    return left, None


def _split_categories(text: str) -> list[str]:
    sep = ";" if ";" in text else ","
    return [c.strip(" .;,") for c in text.split(sep) if c.strip(" .;,")]


def parse_summary(text: str, path: str) -> Draft:
    """Read an event summary into a ``Draft`` (see the module docstring for the layout)."""
    source = SourceText(text)
    all_lines = source.lines()
    draft = Draft(path=path, fmt="summary")
    nonblank = [(no, s, line) for no, s, line in all_lines if line.strip()]
    if not nonblank:
        raise FormatError("empty file: no text to parse", file=path, line=1)
    repeated = repeated_lines(line for _, _, line in nonblank)

    # Footer and bios bound the body.
    end_index = len(all_lines)
    footer_org = None
    for idx in range(len(all_lines) - 1, max(-1, len(all_lines) - 40), -1):
        holder = copyright_holder(all_lines[idx][2]) if all_lines[idx][2].strip() else None
        if holder:
            footer_org = holder
            end_index = idx
            break
    bios_index = next(
        (i for i, (_, _, line) in enumerate(all_lines[:end_index]) if _BIOS.match(line)), None
    )
    body_end = bios_index if bios_index is not None else end_index

    headline_no, headline_start, headline = nonblank[0]
    i = headline_no  # index into all_lines of the line after the headline
    intro_index: int | None = None
    cat_values: list[str] = []
    cat_open = False
    cat_last_no = 0
    header_names: list[tuple[str, Role, int]] = []
    while i < body_end:
        no, start, line = all_lines[i]
        stripped = line.strip()
        i += 1
        if not stripped or is_boilerplate_line(stripped):
            continue
        if cat_open:
            joined = "; ".join(cat_values)
            adjacent = no == cat_last_no + 1
            if (
                (
                    not cat_values
                    or joined.rstrip().endswith((";", ","))
                    or (
                        adjacent
                        and ";" in stripped
                        and not stripped.endswith(".")
                        and len(stripped) < 200
                    )
                )
                and not _RELATED.match(stripped)
                and len(stripped) < 300
            ):
                cat_values.append(stripped)
                cat_last_no = no
                continue
            cat_open = False
        m = _CATEGORIES.match(stripped)
        if m:
            cat_open = True
            cat_last_no = no
            if m.group("rest").strip():
                cat_values.append(m.group("rest").strip())
            continue
        if _RELATED.match(stripped):
            continue
        m = _LOCATION.match(stripped)
        if m:
            draft.location = m.group("rest").strip()
            continue
        m = _DATE_LABEL.match(stripped)
        if m and draft.date is None:
            found = find_date(m.group("rest"))
            if found:
                draft.date, draft.date_line = found[0], no
                continue
        m = _MODERATOR_LABEL.match(stripped)
        if m:
            header_names.append((m.group("rest"), Role.MODERATOR, no))
            continue
        m = _SPEAKERS_LABEL.match(stripped)
        if m:
            for name in split_name_list(m.group("rest")):
                header_names.append((name, Role.PANELIST, no))
            continue
        if draft.date is None and len(stripped) < 100:
            found = find_date(stripped)
            if found:
                draft.date, draft.date_line = found[0], no
                leftover = (stripped[: found[1]] + " " + stripped[found[2] :]).strip(" |,·—–-")
                leftover = re.sub(
                    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*", "", leftover, flags=re.I
                )
                leftover = re.sub(
                    r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?.*$", "", leftover, flags=re.I
                )
                if leftover.strip(" |,·—–-") and re.search(r"[A-Za-z]{3}", leftover):
                    draft.location = draft.location or leftover.strip(" |,·—–-")
                continue
            if not stripped.endswith("."):
                continue  # a sub-headline such as "Event Summary"
        intro_index = i - 1
        break
    draft.categories = _split_categories(" ".join(cat_values)) if cat_values else []

    # Paragraphs of the body.
    paras: list[_Para] = []
    current: list[tuple[int, int, int]] = []
    for idx in range(intro_index if intro_index is not None else body_end, body_end):
        check_budget()
        no, start, line = all_lines[idx]
        stripped = line.strip()
        if not stripped:
            if current:
                paras.append(_Para(current))
                current = []
            continue
        if is_boilerplate_line(stripped) or is_repeated(stripped, repeated):
            continue
        current.append((no, start, start + len(line)))
    if current:
        paras.append(_Para(current))
    paras = _split_stacked_headings(paras, text)

    # Bios first: they give canonical names, honorifics and affiliations.
    roster = draft.roster
    if bios_index is not None:
        _parse_bios(all_lines[bios_index + 1 : end_index], roster)
    for name, role, no in header_names:
        roster.add(name, role=role, line=no)

    # The intro: paragraphs before the first short heading-like line.
    first_short = next(
        (k for k, p in enumerate(paras) if len(p.lines) == 1 and _is_short_line(p.text(text))),
        len(paras),
    )
    intro_text = " ".join(p.text(text) for p in paras[:first_short])
    moderator = find_moderator(intro_text)
    if moderator:
        mark_moderator(moderator, roster, draft)
    for name in find_featured(intro_text):
        if not isinstance(roster.find(name), Ambiguous):
            roster.add(name)

    # Organization, series and title from the headline.
    left, title = split_headline(headline)
    draft.title = title
    if left:
        known: list[tuple[str, str]] = []
        acronyms = find_acronyms(intro_text)
        if footer_org:
            known.append((footer_org, acronym_of(footer_org)))
            known.extend(
                (name, acr) for acr, name in acronyms.items() if fold(name) == fold(footer_org)
            )
        known.extend((name, acr) for acr, name in acronyms.items())
        draft.organization, draft.series = _resolve_org(left, known, text)
    else:
        draft.organization = footer_org
    if (
        footer_org
        and draft.organization
        and draft.organization != footer_org
        and acronym_of(footer_org) == draft.organization.split()[0]
    ):
        # An acronym-only headline prefix that matched nothing keeps the footer's full name.
        draft.organization = footer_org

    # Body: headings, speaker lines and remarks.
    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    section: str | None = None
    previous_kind = "intro"
    for k, para in enumerate(paras):
        check_budget()
        ptext = para.text(text)
        is_single = len(para.lines) == 1 and k >= first_short
        kind = "body"
        entry = None
        speaker_role: Role | None = None
        if is_single and _is_short_line(ptext):
            next_is_body = k + 1 < len(paras) and not _is_short_line(paras[k + 1].text(text))
            entry, speaker_role, ambiguous = _speaker_line(
                ptext, roster, after_heading=previous_kind == "heading", next_is_body=next_is_body
            )
            if ambiguous is not None:
                draft.warn(
                    f"ambiguous speaker {ptext.strip()!r} at line {para.line}: could be "
                    f"{ambiguous.names()}; remarks left unattributed",
                    para.line,
                )
                kind = "speaker"
            elif entry is not None:
                kind = "speaker"
            else:
                kind = "heading"
        if kind == "heading":
            section = ptext.strip()
            block = Block(role=Role.ORGANIZATION, section=section)
            draft.blocks.append(block)
        elif kind == "speaker":
            if entry is None:
                block = Block(role=Role.AUDIENCE, speaker_label=ptext.strip(), section=section)
            else:
                if speaker_role is not None and entry.role == Role.PANELIST:
                    entry.role = speaker_role
                block = Block(role=entry.role, section=section)
                draft.attributions.append((block, entry))
            draft.blocks.append(block)
        else:
            add_paragraph(block, text, [(s, e) for _, s, e in para.lines])
        previous_kind = kind
    return draft


_CONNECTOR_END = re.compile(r"(?i)\b(?:the|of|and|on|a|an|to|in|for|at|by|with|from|or|as)$")


def _heading_like(line: str) -> bool:
    """A line that can stand alone above remarks: a short title-case heading or a name line."""
    stripped = line.strip()
    words = stripped.split()
    if not _is_short_line(stripped) or not words or len(words) > 10:
        return False
    if _CONNECTOR_END.search(stripped) or stripped.endswith(("-", "–", "—")):
        return False  # a wrapped prose line stops mid-phrase
    name = _SPEAKER_PREFIX.sub("", stripped)
    if looks_like_person(split_name_and_role(name)[0]):
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitalised / len(words) >= 0.6


def _split_stacked_headings(paras: list[_Para], source: str) -> list[_Para]:
    """Heading and speaker lines written directly above the remarks, without blank lines
    between them, become paragraphs of their own (as if the blank lines were there)."""
    out: list[_Para] = []
    for para in paras:
        lines = list(para.lines)
        while len(lines) > 1 and _heading_like(source[lines[0][1] : lines[0][2]]):
            out.append(_Para([lines.pop(0)]))
        out.append(_Para(lines))
    return out


def _is_short_line(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= 150
        and len(stripped.split()) <= 20
        and not stripped.endswith((".", ",", ";", ":"))
        or bool(re.search(r"\b(?:Jr|Sr|Ret|Ph\.D|M\.D)\.\)?$", stripped))
        and len(stripped) <= 80
    )


def _speaker_line(
    line: str, roster, *, after_heading: bool, next_is_body: bool
) -> tuple[Entry | None, Role | None, Ambiguous | None]:
    """Whether a short line names the speaker of the paragraphs below it."""
    text = line.strip()
    role: Role | None = None
    prefixed = False
    m = _SPEAKER_PREFIX.match(text)
    if m:
        prefix = m.group("prefix").lower()
        role = (
            Role.KEYNOTE
            if "keynote" in prefix
            else Role.MODERATOR
            if prefix.startswith("moderat")
            else None
        )
        text = text[m.end() :]
        prefixed = True
    name, affiliation = split_name_and_role(text)
    if not looks_like_person(name):
        return None, None, None
    found = roster.find(name)
    if isinstance(found, Ambiguous):
        return None, None, found
    if found is not None:
        parsed = parse_person(name)
        # A bare surname line is a heading unless it carries a title ("Dr. Gao").
        if parsed.given or parsed.honorific or prefixed:
            if affiliation:
                roster.add(name, affiliation=affiliation)
            return found, role, None
        return None, None, None
    parsed = parse_person(name)
    if parsed.given and (parsed.honorific or prefixed or (after_heading and next_is_body)):
        entry = roster.add(name, affiliation=affiliation, role=role)
        return entry, role, None
    return None, None, None


_PROSE_BIO = re.compile(
    r"^(?P<name>" + NAME_PATTERN + r")\s+(?:is|was|serves\s+as)\s+(?:an?\s+|the\s+)?"
    r"(?P<role>[^.;]{3,200}?)(?:,\s*(?:where|who|and|which)\b|[.;]|$)"
)
_ROLE_AT = re.compile(r"^(?P<role>.+?)\s+(?:at|with)\s+(?:the\s+)?(?P<org>[A-Z].+)$")


def _prose_bio(line: str) -> tuple[str, str | None] | None:
    """('Camille Ortega', 'Senior fellow, Northbridge Center') from a prose bio sentence."""
    m = _PROSE_BIO.match(line)
    if not m or not looks_like_person(m.group("name")):
        return None
    role = m.group("role").strip()
    at = _ROLE_AT.match(role)
    if at:
        role = f"{at.group('role').strip()}, {at.group('org').strip()}"
    elif not ROLE_WORDS.search(role):
        return m.group("name"), None
    return m.group("name"), role[:1].upper() + role[1:]


def _parse_bios(lines: list[tuple[int, int, str]], roster) -> None:
    """'Mr. Ilan Berman' + role lines until the next name line -> listed participants."""
    rows = [(no, line.strip()) for no, _, line in lines if line.strip()]
    rows = [(no, line) for no, line in rows if not is_boilerplate_line(line)]
    with_honorific = any(
        parse_person(split_name_and_role(line)[0]).honorific
        and looks_like_person(split_name_and_role(line)[0])
        for _, line in rows
    )

    def is_name(line: str) -> bool:
        name = split_name_and_role(line)[0]
        if not looks_like_person(name):
            return False
        if parse_person(name).honorific:
            return True
        if with_honorific:
            found = roster.find_exact(name)
            return found is not None
        return not ROLE_WORDS.search(name)

    entries: list[tuple[int, str, list[str]]] = []
    for no, line in rows:
        prose = _prose_bio(line)
        if prose is not None:
            # "Camille Ortega is a senior fellow at X, where ...": one bio per sentence.
            entries.append((no, prose[0], [prose[1]] if prose[1] else []))
            continue
        if len(line) > 300:
            continue  # other long prose is not parsed for roles
        if is_name(line):
            name, rest = split_name_and_role(line)
            entries.append((no, name, [rest] if rest else []))
        elif entries:
            entries[-1][2].append(line.strip(" ,;"))
    for no, name, roles in entries:
        roster.add(name, affiliation=", ".join(r for r in roles if r) or None, line=no, listed=True)
