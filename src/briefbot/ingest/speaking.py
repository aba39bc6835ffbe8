"""Turn labels matched against a participant list, shared by the parsers that have one.

Transcripts, Markdown and HTML pages that list their participants label each
turn with a name from the list, a generic role (``Q``, ``AUDIENCE MEMBER``,
``MODERATOR``) or a name the list does not hold. This module reads those
labels (``turn_label``, ``classify_generic``), opens the turn's block with the
right attribution (``start_turn``), reads the name an audience member gives
(``questioner_from_text``) and the moderator an introduction names
(``mark_moderator``). Documents without a list are read by ``turns`` instead.
The parsers import these helpers from here, never from one another.
"""

from __future__ import annotations

import re

from ..models import Role
from ..names import Ambiguous, looks_like_person, parse_person
from .draft import Draft
from .intro import NAME_PATTERN
from .passages import Block
from .roster import unknown_label_reason

__all__ = [
    "LIST_HEADING",
    "ROLE_WORDS",
    "TURN_PATTERN",
    "ambiguous_reason",
    "classify_generic",
    "mark_moderator",
    "questioner_from_text",
    "start_turn",
    "turn_label",
]

LIST_HEADING = re.compile(
    r"^\s*(?P<kind>participants|speakers|panelists|panellists|panel|moderators?|moderated\s+by|"
    r"keynote(?:\s+speakers?)?|featuring|presenters?|guests?|discussants?|hosts?|"
    r"featured\s+speakers?|in\s+attendance)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)

TURN_PATTERN = re.compile(
    r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s+)?"
    r"(?:(?P<label>[^\W\d_](?:[^:\n(]|\([^)\n]{0,100}\)){0,70}?)\s*:"
    # "Q. Thank you ..." / "Q.: ..." : the audience label of Q-and-A transcripts.
    r"|(?P<label_q>Q)\.:?(?=\s))(?:\s+(?P<rest>\S.*)|\s*$)"
)

_AUDIENCE = re.compile(
    r"^(?:q|question|questioner|audience|audience\s+member|audience\s+question|"
    r"participant|attendee|floor|comment|male\s+audience\s+member|female\s+audience\s+member)"
    r"\s*\d*\s*(?:\((?P<who>[^)]*)\))?$",
    re.IGNORECASE,
)

_UNIDENTIFIED = re.compile(
    r"^(?:(?:unidentified|unknown|unnamed)\b.*|voices?|off[- ]?mic|multiple\s+speakers|"
    r"crosstalk|several\s+speakers|interpreter|translator|operator|announcer)$",
    re.IGNORECASE,
)

_GENERIC_MODERATOR = re.compile(r"^(?:the\s+)?moderator$", re.IGNORECASE)

_GREETING = re.compile(
    r"^(?:(?:thank\s+you(?:\s+(?:very\s+much|so\s+much))?|thanks|hi|hello|hey|yes|yeah|sure|"
    r"okay|ok|good\s+(?:morning|afternoon|evening)(?:\s+everyone)?)[^.,!?]{0,20}[.,!]\s*)+",
    re.IGNORECASE,
)

_QUESTIONER = re.compile(
    r"^(?:(?i:my\s+name\s+is|i['’]m|i\s+am|this\s+is)\s+)?(?P<name>" + NAME_PATTERN + r")"
    r"(?:\s*,\s*(?P<rest>[^.?!]{1,100}?))?\s*[.,?!](?:\s|$)"
)
ROLE_WORDS = re.compile(
    r"\b(?:fellow|director|professor|president|chair|chairman|chairwoman|head|analyst|economist|"
    r"scholar|researcher|adviser|advisor|partner|partners|manager|officer|editor|founder|"
    r"secretary|counsel|minister|lecturer|dean|chief|executive|associate|assistant|senior|"
    r"principal|institute|council|university|college|school|program|programme|center|centre|"
    r"foundation|group|forum|trust|company|corporation|inc|llc|ltd|office|department|ministry|"
    r"agency|bank|association|society|committee|analytics|networks?|observatory|monitor|"
    r"initiative|project|fund|studies|research|review|journal|times|post|news|service|command|"
    r"army|navy|force|corps|embassy|government|house|senate|congress|parliament|commission|"
    r"board|authority|laboratory|lab|consulting|advisory|capital|holdings|media|press|"
    r"coordinator|specialist|consultant|correspondent|reporter|member|deputy|vice|emeritus)\b",
    re.IGNORECASE,
)


def turn_label(line: str, roster=None) -> str | None:
    """The label of a turn line ('MR. HOLLIS', 'Q', 'DR. LIN'), or None.

    ALL-CAPS labels and generic ones (Q, QUESTION, MODERATOR) always count; a
    mixed-case label ("Bennett Hollis:", "Dr. Kang:") only when it carries an
    honorific or names someone on the roster, so "Key Takeaways: ..." stays text.
    """
    m = TURN_PATTERN.match(line)
    if not m:
        return None
    label = (m.group("label") or m.group("label_q")).strip()
    # "Felix Brandt (Baltic Institute):" - the aside is judged apart from the name.
    core = _strip_aside(label)
    if not label or len(core.split()) > 7:
        return None
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return None
    if _AUDIENCE.match(label) or _UNIDENTIFIED.match(label) or _GENERIC_MODERATOR.match(label):
        return label
    if all(c.isupper() for c in letters):
        if LIST_HEADING.match(core + ":"):
            return None
        return label
    if len(core.split()) > 5 or not core[0].isupper():
        return None
    # A surname alone ("Hollis:") counts when it names someone on the roster.
    if roster is not None and roster.find(core) is not None:
        return label
    if looks_like_person(core) and parse_person(core).honorific:
        return label
    return None


def _strip_aside(label: str) -> str:
    """'DR. KANG (via video)' -> 'DR. KANG'."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", label).strip() or label


def classify_generic(label: str) -> str | None:
    """'audience', 'unidentified' or 'moderator' for a label that names no one; else None."""
    if _AUDIENCE.match(label):
        return "audience"
    if _UNIDENTIFIED.match(label):
        return "unidentified"
    if _GENERIC_MODERATOR.match(label):
        return "moderator"
    return None


def ambiguous_reason(label: str, no: int, found: Ambiguous) -> str:
    return (
        f"ambiguous speaker label {label!r} at line {no}: could be {found.names()}; "
        "turn left unattributed"
    )


def start_turn(label: str, line: str, no: int, draft: Draft, section: str | None) -> Block:
    """A new block for a turn, attributed to a participant only when the label is certain."""
    kind = classify_generic(label)
    roster = draft.roster
    if kind == "audience":
        who = _AUDIENCE.match(label).group("who")  # type: ignore[union-attr]
        return Block(
            role=Role.AUDIENCE, speaker_label=who.strip() if who else None, section=section
        )
    if kind == "unidentified":
        return Block(role=Role.AUDIENCE, speaker_label=None, section=section)
    if kind == "moderator":
        entry = roster.moderator()
        if entry is None:
            draft.warn(f"turn labelled {label!r} at line {no} but no moderator is listed", no)
            return Block(role=Role.AUDIENCE, speaker_label=label, section=section)
        block = Block(role=Role.MODERATOR, section=section)
        draft.attributions.append((block, entry))
        return block
    found = roster.find(_strip_aside(label))
    if isinstance(found, Ambiguous):
        draft.warn(ambiguous_reason(label, no, found), no)
        return Block(role=Role.AUDIENCE, speaker_label=label, section=section)
    if found is None:
        draft.warn(unknown_label_reason(label, no, roster, "not in the participant list"), no)
        return Block(role=Role.AUDIENCE, speaker_label=label, section=section)
    block = Block(role=found.role, section=section)
    if label not in found.aliases:
        found.aliases.append(label)
    draft.attributions.append((block, found))
    return block


def questioner_from_text(text: str) -> str | None:
    """The name an audience member gives: 'Thanks. Rafael Oduya, Beacon Street Journal.' ->
    'Rafael Oduya, Beacon Street Journal'; 'Hi, Ana Ruiz, I'm a student ...' -> 'Ana Ruiz'."""
    rest = _GREETING.sub("", text.strip(), count=1)
    m = _QUESTIONER.match(rest)
    if not m:
        return None
    name = m.group("name").strip()
    parsed = parse_person(name)
    if len(parsed.full.split()) < 2 or not looks_like_person(name):
        return None
    extra = (m.group("rest") or "").strip()
    if extra and not re.match(r"(?i)(?:i\b|i['’]|and\b|but\b|so\b|my\b|we\b|you\b)", extra):
        return f"{name}, {extra}"
    return name


def mark_moderator(found: tuple[str, str | None], roster, draft: Draft) -> None:
    """Give the moderator role to the person "moderated by ..." names (shared with HTML).

    A moderator nobody else lists is added, with the intro's appositive
    ("senior vice president of X") as the affiliation the event states.
    """
    name, appositive = found
    entry = roster.find(name)
    if isinstance(entry, Ambiguous):
        draft.warn(f"moderator {name!r} could be {entry.names()}; no moderator set")
        return
    if entry is None:
        if not parse_person(name).given:
            return  # a bare surname nobody else mentions is not enough to add a person
        entry = roster.add(name, affiliation=appositive)
        if entry is None:
            return
    entry.role = Role.MODERATOR
    if not entry.affiliation and appositive:
        entry.affiliation = appositive
