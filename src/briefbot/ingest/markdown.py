"""Markdown briefings with YAML front matter — the canonical form (FORMATS.md §3).

    ---
    title: ...            organization, series, date (ISO), location, categories,
    moderator: ...        moderator (one of speakers), speakers [{name, honorific,
    speakers: [...]       affiliation, role}], source, access
    ---
    Intro paragraphs: the organization's own words.
    ## Section heading
    Speaker: <name as in speakers, or a unique surname>
    <remarks>

Front matter is read with a YAML safe loader (libyaml's when available); malformed YAML is a
``FormatError`` naming the line. Fields of the wrong type become Problems.
A ``## heading`` starts a new section without a speaker until a ``Speaker:``
line names one; deeper headings keep the current speaker.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import FormatError
from ..models import Role
from ..names import Ambiguous, looks_like_person, split_name_and_role
from .budget import check_budget
from .dates import parse_date
from .draft import Draft
from .passages import Block, SourceText, add_paragraph, is_boilerplate_line
from .roster import Entry, unknown_label_reason
from .speaking import classify_generic, start_turn
from .turns import read_labelled_body

__all__ = ["parse_markdown", "split_front_matter"]

# The C-accelerated safe loader when libyaml is present: same results, much faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_SPEAKER = re.compile(
    r"^\s*(?:\*\*|__)?(?P<kind>speaker|speakers|moderator|keynote|panelist|remarks\s+by)"
    r"\s*(?::\s*(?:\*\*|__)?|(?:\*\*|__)\s*:)\s*(?P<name>[^*_].*?)\s*(?:\*\*|__)?\s*$",
    re.IGNORECASE,
)
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,500}\)")
_ROLES = {
    "moderator": Role.MODERATOR,
    "keynote": Role.KEYNOTE,
    "panelist": Role.PANELIST,
    "speaker": Role.PANELIST,
}


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], int, int]:
    """(front matter mapping, index of the first body line, first body line number).

    Raises ``FormatError`` with the offending line for malformed YAML, an
    unclosed block, or front matter that is not a mapping.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, 1
    close = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if close is None:
        raise FormatError("malformed front matter: no closing '---' line", file=path, line=1)
    block = "\n".join(lines[1:close])
    try:
        data = yaml.load(block, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct began (an unclosed quote or
        # bracket); the problem mark is where the parser gave up. Report the former.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        context = getattr(exc, "context", None)
        reason = f"{context}, {problem}" if context else problem
        raise FormatError(f"malformed front matter: {reason}", file=path, line=line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise FormatError(f"malformed front matter: {exc}", file=path, line=1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FormatError(
            f"malformed front matter: expected 'key: value' pairs, got {type(data).__name__}",
            file=path,
            line=2,
        )
    return data, close + 1, close + 2


def _key_line(text: str, key: str) -> int | None:
    m = re.search(rf"(?m)^{re.escape(key)}\s*:", text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def parse_markdown(text: str, path: str) -> Draft:
    """Read a Markdown briefing into a ``Draft`` (see the module docstring)."""
    meta, body_index, _ = split_front_matter(text, path)
    draft = Draft(path=path, fmt="markdown")
    source = SourceText(text)
    lines = source.lines()

    def field_problem(key: str, expected: str) -> None:
        draft.warn(
            f"front matter field {key!r} should be {expected}; ignored", _key_line(text, key)
        )

    for key in ("title", "organization", "series", "location", "source"):
        value = meta.get(key)
        if value is not None and _as_text(value) is None:
            field_problem(key, "text")
            continue
        setattr(draft, key, _as_text(value))
    if "access" in meta:
        # A file that tries to restrict itself but says it wrongly must not become public.
        label = meta["access"]
        if not isinstance(label, str) or not label.strip() or "\n" in label:
            raise FormatError(
                "front matter 'access' must be one label such as 'public' or 'members'",
                file=path,
                line=_key_line(text, "access"),
            )
        draft.access = label.strip()
    if "date" in meta:
        draft.date = parse_date(meta["date"])
        draft.date_line = _key_line(text, "date")
        if draft.date is None:
            draft.warn(
                f"front matter date {str(meta['date'])[:40]!r} is not a date", draft.date_line
            )
    # Published transcripts often say 'tags' where briefbot's own form says 'categories'.
    categories = meta.get("categories", meta.get("tags"))
    if isinstance(categories, str):
        sep = ";" if ";" in categories else ","
        draft.categories = [c.strip() for c in categories.split(sep) if c.strip()]
    elif isinstance(categories, list):
        draft.categories = [t for c in categories if (t := _as_text(c))]
    elif categories is not None:
        field_problem("categories", "a list")

    roster = draft.roster
    speakers = meta.get("speakers")
    if isinstance(speakers, list):
        for item in speakers:
            _add_speaker(item, roster, draft, text)
    elif speakers is not None:
        field_problem("speakers", "a list of {name, honorific, affiliation}")
    moderator = _as_text(meta.get("moderator"))
    if moderator:
        found = roster.find(moderator)
        if isinstance(found, Entry):
            found.role = Role.MODERATOR
        elif isinstance(found, Ambiguous):
            draft.warn(
                f"moderator {moderator!r} could be {found.names()}", _key_line(text, "moderator")
            )
        else:
            roster.add(
                moderator, role=Role.MODERATOR, line=_key_line(text, "moderator"), listed=True
            )

    # Title from a '# heading' when the front matter has none.
    if not draft.title:
        for _no, _s, line in lines[body_index:]:
            m = _HEADING.match(line)
            if m and len(m.group("hashes")) == 1:
                draft.title = m.group("text").strip()
                break
    if not draft.title:
        raise FormatError(
            "no title: front matter has no 'title' and there is no '# heading'", file=path, line=1
        )

    if not draft.source:
        draft.source = _as_text(meta.get("source_url")) or _as_text(meta.get("url"))
    body = lines[body_index:]
    no_speaker_lines = not any(_names_speaker(line) for _, _, line in body)
    if len(roster) == 0 and no_speaker_lines and read_labelled_body(draft, text, body):
        return draft

    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    section: str | None = None
    paragraph: list[tuple[int, int]] = []
    in_code = False

    def flush() -> None:
        if paragraph:
            add_paragraph(block, text, list(paragraph))
            paragraph.clear()

    for no, start, line in lines[body_index:]:
        check_budget()
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        if not stripped or is_boilerplate_line(stripped) or re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            level = len(m.group("hashes"))
            heading = _LINK.sub(r"\1", m.group("text")).strip("*_ ")
            if level == 1 and section is None and not any(b.paragraphs for b in draft.blocks):
                continue  # the document title
            section = heading or None
            if level <= 2 or block.role == Role.ORGANIZATION:
                block = Block(role=Role.ORGANIZATION, section=section)
            else:
                keep = next((e for b, e in draft.attributions if b is block), None)
                block = _attributed_block(block, section, keep, draft)
            draft.blocks.append(block)
            continue
        m = _SPEAKER.match(line)
        if m:
            flush()
            block = _speaker_block(m.group("name"), m.group("kind"), no, section, draft)
            draft.blocks.append(block)
            continue
        # Body text: markdown decorations are dropped from the copied ranges.
        content_start = start + (len(line) - len(line.lstrip()))
        prefix = re.match(r"(?:>\s?|[-*+]\s+|\d{1,3}[.)]\s+)+", line.lstrip())
        if prefix:
            content_start += prefix.end()
        paragraph.extend(_inline_ranges(text, content_start, start + len(line)))
    flush()
    return draft


_INLINE_CUT = re.compile(
    r"\]\([^)\n]{0,500}\)"  # the target of a link: [text](url)
    r"|\[(?=[^\]\n]{0,500}\]\()"  # the bracket opening a link
    r"|\*\*|__|`"  # bold markers and code ticks
    r"|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])"  # italic markers
)


def _names_speaker(line: str) -> bool:
    """A 'Speaker: Name' line (not 'MODERATOR: Good afternoon, everyone.')."""
    m = _SPEAKER.match(line)
    return bool(m) and looks_like_person(_LINK.sub(r"\1", m.group("name")).strip("*_ "))


# Every cut above holds one of these characters: a line without them has nothing to cut
# (one quick scan instead of trying each alternative at every character).
_INLINE_MARK = re.compile(r"[\[\]*_`]")


def _inline_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Source ranges of a Markdown line without link targets and emphasis markers."""
    if not _INLINE_MARK.search(text, start, end):
        return [(start, end)] if start < end else []
    ranges: list[tuple[int, int]] = []
    pos = start
    for m in _INLINE_CUT.finditer(text, start, end):
        if m.start() > pos:
            ranges.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        ranges.append((pos, end))
    return ranges


def _attributed_block(previous: Block, section: str | None, entry, draft: Draft) -> Block:
    block = Block(role=previous.role, speaker_label=previous.speaker_label, section=section)
    if entry is not None:
        draft.attributions.append((block, entry))
    return block


def _speaker_block(name: str, kind: str, no: int, section: str | None, draft: Draft) -> Block:
    name = _LINK.sub(r"\1", name).strip("*_ ")
    if classify_generic(name) is not None:
        # "Speaker: Audience member (Jo Lee)", "Speaker: Moderator": as in transcripts.
        return start_turn(name, name + ":", no, draft, section)
    found = draft.roster.find(name)
    if isinstance(found, Ambiguous):
        draft.warn(
            f"ambiguous speaker {name!r} at line {no}: could be {found.names()}; "
            "remarks left unattributed",
            no,
        )
        return Block(role=Role.AUDIENCE, speaker_label=name, section=section)
    if found is None:
        draft.warn(unknown_label_reason(name, no, draft.roster, "not among the speakers"), no)
        return Block(role=Role.AUDIENCE, speaker_label=name, section=section)
    if kind.lower().startswith("keynote") and found.role == Role.PANELIST:
        found.role = Role.KEYNOTE
    block = Block(role=found.role, section=section)
    draft.attributions.append((block, found))
    return block


def _add_speaker(item: Any, roster, draft: Draft, text: str) -> None:
    line = None
    if isinstance(item, str):
        name, affiliation = split_name_and_role(item)
        roster.add(name, affiliation=affiliation, listed=True, line=_find_line(text, name))
        return
    if not isinstance(item, dict):
        draft.warn(
            "front matter speaker entry is neither a name nor a mapping; ignored",
            _key_line(text, "speakers"),
        )
        return
    name = _as_text(item.get("name"))
    if not name:
        draft.warn(
            "front matter speaker entry without a name; ignored", _key_line(text, "speakers")
        )
        return
    line = _find_line(text, name)
    role_text = (_as_text(item.get("role")) or "").lower()
    role = _ROLES.get(role_text)
    entry = roster.add(
        name,
        honorific=_as_text(item.get("honorific")),
        affiliation=_as_text(item.get("affiliation")),
        role=role,
        line=line,
        listed=True,
    )
    if entry is not None and _as_text(item.get("honorific")):
        entry.honorific = _as_text(item.get("honorific"))


def _find_line(text: str, needle: str) -> int | None:
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None
