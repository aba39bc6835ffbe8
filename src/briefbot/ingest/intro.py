"""What an event's own prose says about it: moderator, featured speakers, acronyms.

Summaries and web pages name the moderator and panelists in running text
("The session was moderated by Michael Sobolik. The event featured ... Mr.
Ilan Berman, Dr. Mariya Y. Omelicheva, and Mr. Craig Singleton.") and spell
out the organization once with its acronym ("the American Foreign Policy
Council (AFPC)"). These helpers read such sentences; the parsers decide how
much to trust them.
"""

from __future__ import annotations

import re

from ..names import HONORIFIC_PATTERN, looks_like_person, split_name_list
from ..sentences import split_sentences

__all__ = [
    "NAME_PATTERN",
    "find_moderator",
    "find_featured",
    "find_acronyms",
    "acronym_of",
    "copyright_holder",
]

_UP = r"[^\W\d_a-z]"
_WORD = _UP + r"[\w'’\-]*"
_PARTICLE = r"(?:de|del|della|der|den|di|da|du|dos|la|le|van|von|bin|ibn|al)"
NAME_PATTERN = (
    r"(?:"
    + HONORIFIC_PATTERN
    + r"\s+)?(?:\(Ret\.\)\s+)?"
    + _WORD
    + r"(?:\s+(?:"
    + _UP
    + r"\.|"
    + _WORD
    + r"|"
    + _PARTICLE
    + r"(?=\s+"
    + _UP
    + r")))"
    r"{0,5}"
)
_MODERATOR_PATTERNS = [
    re.compile(r"\bmoderated\s+by\s+(?P<name>" + NAME_PATTERN + r")(?P<rest>,[^.;]{0,160})?"),
    re.compile(r"\bmoderator,?\s+(?P<name>" + NAME_PATTERN + r")(?P<rest>,[^.;]{0,160})?"),
    re.compile(r"\bwith\s+(?P<name>" + NAME_PATTERN + r")\s+(?:moderating|as\s+moderator)"),
    re.compile(r"(?P<name>" + NAME_PATTERN + r")\s+moderated\s+the\b"),
]
_FEATURE_CUE = re.compile(
    r"\b(?:featured|featuring|with\s+remarks\s+(?:from|by)|panel\s+discussion\s+by|"
    r"discussion\s+by|remarks\s+by|panelists\s+(?:were|included)|speakers\s+(?:were|included)|"
    r"joined\s+by|brought\s+together)\s+",
    re.IGNORECASE,
)
_ACRONYM = re.compile(
    r"(?:[Tt]he\s+)?(?P<name>" + _WORD + r"(?:\s+(?:" + _WORD + r"|of|for|on|and|the|in|&))*?)"
    r"\s+\((?P<acr>[A-Z][A-Za-z&]{1,11})\)"
)
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[-–—,:]?\s*"
    r"(?P<org>[^.|]+?)\s*(?:\.|\||$)",
    re.IGNORECASE,
)


def find_moderator(text: str) -> tuple[str, str | None] | None:
    """('Ms. Clara Ostrowski', appositive or None) from "moderated by ..." prose."""
    for pattern in _MODERATOR_PATTERNS:
        m = pattern.search(text)
        if m and looks_like_person(m.group("name")):
            rest = (m.groupdict().get("rest") or "").strip(" ,")
            # Only a role-like appositive ("senior vice president of the X") counts.
            appositive = (
                rest
                if re.search(r"\b(?:of|at)\b", rest)
                and not re.search(HONORIFIC_PATTERN + r"\s", rest)
                else None
            )
            return m.group("name"), appositive
    return None


def find_featured(text: str) -> list[str]:
    """Names listed after "featured", "with remarks from", "joined by" ... in ``text``."""
    names: list[str] = []
    for s, e in split_sentences(text):
        sentence = text[s:e]
        cues = list(_FEATURE_CUE.finditer(sentence))
        if not cues:
            continue
        m = cues[-1]  # "featured panel discussion by X": the list follows the last cue
        tail = sentence[m.end() :].rstrip(" .")
        for part in split_name_list(tail):
            part = re.sub(r"^(?:and|as well as)\s+", "", part.strip())
            if looks_like_person(part) and part not in names:
                names.append(part)
    return names


def find_acronyms(text: str) -> dict[str, str]:
    """{'AFPC': 'American Foreign Policy Council'} from "the ... Council (AFPC)"."""
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        acr, name = m.group("acr"), m.group("name")
        words = name.split()
        # Keep the shortest tail of the phrase whose initials spell the acronym.
        for i in range(len(words)):
            candidate = " ".join(words[i:])
            if acronym_of(candidate) == acr.upper():
                found.setdefault(acr, candidate)
                break
    return found


def acronym_of(name: str) -> str:
    """Initials of the significant words: 'American Foreign Policy Council' -> 'AFPC'."""
    return "".join(w[0].upper() for w in re.split(r"[\s\-]+", name) if w and w[0].isupper())


def copyright_holder(line: str) -> str | None:
    """'© 2025 - American Foreign Policy Council' -> 'American Foreign Policy Council'."""
    m = _COPYRIGHT.match(line)
    if not m:
        return None
    org = m.group("org").strip(" -–—,")
    org = re.sub(r"\s*all rights reserved.*$", "", org, flags=re.IGNORECASE).strip()
    return org or None
