"""Follow-up questions: what the last answer was about, and what a short reply means.

After an answer, ``context_after`` keeps its speaker, event(s) and topic in a
``Context`` (a small JSON-able record the console holds and Slack keeps in
the state store per user and thread). ``follow_up`` turns a reply that only
makes sense after that answer into a whole question:

- "what else did she say" -> everything the last speaker said (at the last
  event when there was one);
- "what did he say about China" -> the last speaker, the new topic;
- "and Berman?", "what about Berman?" -> that person on the last topic (a
  surname is read as the participant of the last event who has it, so "and
  Brennan?" after a sanctions panel is that panel's Brennan);
- "and what about Taiwan?" (no person of that name) -> the last speaker on
  the new topic;
- "more on that", "tell me more" -> the last question again, next page;
- "at the other event" -> the last speaker and topic at the speaker's other
  event.

A question that stands on its own is never rewritten. People and events are
looked up through a ``Lookup`` the interface builds from the engine for the
asker, so only briefings the asker may see are ever used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from ..models import Answer

__all__ = ["Context", "FollowUp", "Lookup", "follow_up", "context_after", "CONTEXT_TTL_SECONDS"]

CONTEXT_TTL_SECONDS = 30 * 60
"""How long a conversation's context is kept: a reply after half an hour starts afresh."""


@dataclass(frozen=True)
class Context:
    """What the last answer was about."""

    question: str
    speaker: str | None = None  # canonical name
    events: tuple[str, ...] = ()  # briefing ids of the answer, the first the main one
    participants: tuple[str, ...] = ()  # names of everyone at the main event
    topic: str | None = None
    offset: int = 0
    shown: int = 0  # results shown, for "more"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the state store."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Context | None:
        """Back from the state store; None for anything that is not a context."""
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            return None
        try:
            return cls(
                question=data["question"],
                speaker=data.get("speaker") or None,
                events=tuple(str(e) for e in data.get("events") or ()),
                participants=tuple(str(p) for p in data.get("participants") or ()),
                topic=data.get("topic") or None,
                offset=int(data.get("offset") or 0),
                shown=int(data.get("shown") or 0),
            )
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class FollowUp:
    """The whole question a follow-up stands for, and whether it asks for the next page."""

    question: str
    next_page: bool = False
    notes: tuple[str, ...] = field(default=())


class Lookup(Protocol):
    """What ``follow_up`` needs to know about people and events, for one asker."""

    def person(self, words: str) -> str | None:
        """The one visible person these words name (canonical name), or None."""

    def events_of(self, name: str) -> Sequence[str]:
        """Briefing ids of the visible events the person took part in, newest first."""

    def title(self, briefing_id: str) -> str | None:
        """A visible briefing's title."""

    def people_in(self, text: str) -> Sequence[str]:
        """Canonical names of visible people a question names."""

    def participants(self, briefing_id: str) -> Sequence[str]:
        """Names of everyone at a visible briefing."""


_PRONOUN = r"(?:he|she|they|him|her|them)"
_ELSE = re.compile(
    rf"^\s*(?:and\s+)?what\s+else\s+did\s+{_PRONOUN}\s+(?:say|said|mention|argue|talk\s+about)"
    rf"(?:\s+(?:about|on)\s+(?P<topic>.+?))?\W*$",
    re.IGNORECASE,
)
_PRONOUN_TOPIC = re.compile(
    rf"^\s*(?:and\s+)?(?:what|how)\s+did\s+{_PRONOUN}\s+(?:say|said|talk|think|argue|mention)\s+"
    r"(?:about|on|regarding)\s+(?P<topic>.+?)\W*$",
    re.IGNORECASE,
)
_WHAT_ABOUT = re.compile(
    r"^\s*(?:and|so|but)?\s*(?:what\s+about|how\s+about|and)\s+(?P<who>.+?)\s*\??\s*$", re.IGNORECASE
)
_MORE = re.compile(
    r"^\s*(?:(?:tell\s+me\s+|give\s+me\s+|show\s+me\s+|any(?:thing)?\s+)?more(?:\s+(?:on|about|of)\s+"
    r"(?:that|this|it))?|go\s+on|keep\s+going|continue)\W*$",
    re.IGNORECASE,
)
_OTHER_EVENT = re.compile(
    r"^\s*(?:and\s+|what\s+about\s+|how\s+about\s+)?(?:at|in)\s+the\s+other\s+"
    r"(?:event|briefing|panel|session|hearing|one)\W*$",
    re.IGNORECASE,
)
_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning)\s+(?P<topic>[^?]+?)\s*(?:\?|$)", re.IGNORECASE)
_AT_EVENT = re.compile(r"\s+(?:at|in|during)\s+the\s+.+$", re.IGNORECASE)


def follow_up(question: str, context: Context | None, lookup: Lookup) -> FollowUp | None:
    """The whole question a follow-up reply stands for, or None when it stands alone."""
    if context is None:
        return None
    if _MORE.match(question):
        return FollowUp(context.question, next_page=True)
    speaker = context.speaker
    if _OTHER_EVENT.match(question) and speaker:
        others = [e for e in lookup.events_of(speaker) if e not in context.events[:1]]
        if others:
            topic = f" about {context.topic}" if context.topic else ""
            return FollowUp(f"what did {speaker} say{topic} event:{others[0]}")
        return None
    match = _ELSE.match(question)
    if match and speaker:
        topic = match.group("topic")
        about = f" about {topic}" if topic else ""
        at = f" event:{context.events[0]}" if context.events and not topic else ""
        return FollowUp(f"what did {speaker} say{about}{at}")
    match = _PRONOUN_TOPIC.match(question)
    if match and speaker:
        return FollowUp(f"what did {speaker} say about {match.group('topic')}")
    match = _WHAT_ABOUT.match(question)
    if match and len(match.group("who").split()) <= 4:
        who = match.group("who").strip(" ?.!")
        person = _participant(who, context) or lookup.person(who)
        if person:
            topic = f" about {context.topic}" if context.topic else ""
            at = ""
            if context.events and person in context.participants:
                at = f" event:{context.events[0]}"
            return FollowUp(f"what did {person} say{topic}{at}")
        if speaker:
            return FollowUp(f"what did {speaker} say about {who}")
    return None


def _participant(words: str, context: Context) -> str | None:
    """The one participant of the last event these words name ('Brennan', 'Liam Brennan')."""
    wanted = [w.lower() for w in re.findall(r"[^\W\d_][\w'’-]*", words)]
    if not wanted:
        return None
    found = [
        name for name in context.participants
        if all(w in [p.lower() for p in name.replace(",", " ").split()] for w in wanted)
    ]
    return found[0] if len(found) == 1 else None


def context_after(
    asked: str, answer: Answer, previous: Context | None, lookup: Lookup, *, offset: int = 0
) -> Context:
    """What the answer to ``asked`` was about, for the next reply."""
    hits = answer.hits
    speakers = [h.speaker.name for h in hits if h.speaker is not None]
    named = list(lookup.people_in(asked))
    speaker = None
    if len(named) == 1:
        speaker = named[0]
    elif speakers and len(set(speakers[:3])) == 1:
        speaker = speakers[0]
    elif previous is not None and not named:
        speaker = previous.speaker
    events = tuple(dict.fromkeys(h.briefing.id for h in hits))
    participants: tuple[str, ...] = ()
    if hits:
        participants = tuple(sp.name for sp in hits[0].briefing.speakers)
    topic = _topic_of(asked)
    if topic is None and previous is not None and (not named or speaker == previous.speaker):
        topic = previous.topic
    if not events and previous is not None and speaker == previous.speaker:
        events, participants = previous.events, previous.participants
    elif not events and speaker:
        # Nothing quoted (an affiliation, or nothing on that topic): the
        # person's own latest event is what a reply refers to.
        events = tuple(lookup.events_of(speaker)[:1])
        participants = tuple(lookup.participants(events[0])) if events else ()
    return Context(
        question=asked,
        speaker=speaker,
        events=events,
        participants=participants,
        topic=topic,
        offset=offset,
        shown=len(hits),
    )


def _topic_of(question: str) -> str | None:
    text = re.sub(r"\s+(?:speaker|event|org|after|before|since):\S+", "", question)
    match = _TOPIC.search(text)
    if not match:
        return None
    topic = _AT_EVENT.sub("", match.group("topic")).strip(" ?.!")
    return topic or None
