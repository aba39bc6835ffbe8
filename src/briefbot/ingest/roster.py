"""The participants of one briefing while it is being parsed.

Each format learns about people from several places (a participant list, bios,
the intro, turn labels). The roster merges those mentions into one entry per
person — never two people into one — and hands out stable speaker ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Role, Speaker
from ..names import (
    Ambiguous,
    PersonName,
    honorific_key,
    match_label,
    parse_person,
    same_person,
)
from ..text import slug, squash_space

__all__ = ["Entry", "Roster", "unknown_label_reason"]


@dataclass(eq=False)
class Entry:
    """One participant: the best name, honorific and affiliation seen so far."""

    name: PersonName
    honorific: str | None = None
    affiliation: str | None = None
    role: Role = Role.PANELIST
    line: int | None = None
    aliases: list[str] = field(default_factory=list)
    # Whether the name came from an authoritative list (participants, bios, front matter).
    listed: bool = False
    id: str = ""
    # How the document names someone it knows only by office: "Lieutenant General Sims".
    shown: str | None = None

    @property
    def display(self) -> str:
        """Canonical name without honorific (with the office, for someone known only by it)."""
        return self.shown or self.name.full


class Roster:
    """Participants in order of the authoritative list, then of first mention."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        # find() results by label, valid while the names and honorifics are unchanged.
        self._found: dict[str, int | Ambiguous | None] = {}
        self._found_key: tuple = ()

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def _provisional(self) -> list[Speaker]:
        return [
            Speaker(id=str(i), name=e.display or "?", honorific=e.honorific)
            for i, e in enumerate(self.entries)
        ]

    def find(self, label: str) -> Entry | Ambiguous | None:
        """The entry a written reference means (see ``names.match_label``)."""
        key = tuple((id(e), e.name, e.honorific) for e in self.entries)
        if key != self._found_key:
            self._found, self._found_key = {}, key
        if label not in self._found:
            found = match_label(label, self._provisional())
            if isinstance(found, Speaker):
                self._found[label] = int(found.id)
            else:
                self._found[label] = found
            if len(self._found) > 4096:
                self._found.clear()
                self._found[label] = int(found.id) if isinstance(found, Speaker) else found
        result = self._found[label]
        return self.entries[result] if isinstance(result, int) else result

    def several(self, label: str) -> list[Entry] | None:
        """The distinct participants a joint label names ("Dr. Ito and Ms. Ruiz"), or None.

        Such a label must never be read as one of them: the caller reports it and
        leaves the remarks unattributed.
        """
        parts = [
            p for p in re.split(r"(?i)\s+(?:and|&)\s+|\s*/\s*", label.strip()) if p.strip()
        ]
        if len(parts) < 2:
            return None
        found = [self.find(part.strip(" ,")) for part in parts]
        entries = [f for f in found if isinstance(f, Entry)]
        if len(entries) != len(parts) or len({id(e) for e in entries}) != len(entries):
            return None
        return entries

    def find_exact(self, text: str) -> Entry | None:
        """The entry whose full name (given + surname) matches ``text``, or None."""
        parsed = parse_person(text)
        hits = [e for e in self.entries if same_person(parsed, e.name)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1 and parsed.honorific:
            same = [
                e for e in hits if honorific_key(e.honorific) == honorific_key(parsed.honorific)
            ]
            if len(same) == 1:
                return same[0]
        return None

    def add(
        self,
        text: str,
        *,
        affiliation: str | None = None,
        role: Role | None = None,
        line: int | None = None,
        listed: bool = False,
        honorific: str | None = None,
    ) -> Entry | None:
        """Add or enrich a participant from one mention; returns the entry (None if no name).

        A listed mention (participant list, bios, front matter) sets the canonical
        name; other mentions only fill fields still empty.
        """
        parsed = parse_person(text)
        if not parsed.surname:
            return None
        honorific = honorific or parsed.honorific
        entry = self.find_exact(text)
        if entry is None:
            entry = Entry(name=parsed, line=line, listed=listed)
            self.entries.append(entry)
            entry.honorific = honorific
        else:
            if listed and not entry.listed:
                entry.name = parsed
                entry.listed = True
                if honorific:
                    entry.honorific = honorific
                if line is not None:
                    entry.line = line
            elif not entry.name.middle and parsed.middle and listed:
                entry.name = parsed
            if not entry.honorific and honorific:
                entry.honorific = honorific
        affiliation = clean_affiliation(affiliation)
        if affiliation and (not entry.affiliation or (listed and entry.listed)):
            entry.affiliation = affiliation
        if role is not None and (role != Role.PANELIST or entry.role == Role.PANELIST):
            entry.role = role
        raw = squash_space(text)
        if raw and raw not in entry.aliases:
            entry.aliases.append(raw)
        return entry

    def moderator(self) -> Entry | None:
        """The (first) entry with the moderator role."""
        return next((e for e in self.entries if e.role == Role.MODERATOR), None)

    def finalize(self) -> tuple[Speaker, ...]:
        """Assign stable ids (slug of the name, de-duplicated) and build ``Speaker``s."""
        used: set[str] = set()
        speakers = []
        for entry in self.entries:
            base = slug(entry.display)
            sid, n = base, 2
            while sid in used:
                sid, n = f"{base}-{n}", n + 1
            used.add(sid)
            entry.id = sid
            aliases = tuple(a for a in entry.aliases if a != entry.display)
            speakers.append(
                Speaker(
                    id=sid,
                    name=entry.display,
                    honorific=entry.honorific,
                    affiliation=entry.affiliation,
                    role=entry.role,
                    aliases=aliases,
                )
            )
        return tuple(speakers)


def clean_affiliation(text: str | None) -> str | None:
    """Trim white space and list punctuation; '' -> None."""
    if text is None:
        return None
    text = squash_space(text).strip(" ,;:—–-")
    return text or None


def unknown_label_reason(label: str, no: int, roster: Roster, why: str) -> str:
    """The problem text for a speaker label no single participant owns.

    A joint label ("Dr. Ito and Ms. Ruiz") is said to name several people, so the
    reader knows why the remarks were left to nobody rather than to one of them.
    """
    several = roster.several(label)
    if several:
        names = " and ".join(e.display for e in several)
        return (
            f"speaker label {label!r} at line {no} names several participants ({names}); "
            "remarks left unattributed"
        )
    return f"unknown speaker label {label!r} at line {no}: {why}"
