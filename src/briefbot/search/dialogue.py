"""One turn of a conversation, the same in the console, ``briefbot eval`` and Slack.

``converse(engine, question, viewer, context)`` reads a follow-up against
the last answer's context (``search.conversation``), asks the engine, and
returns the answer with the context for the next turn. The people and
events a follow-up may name are looked up for this asker only
(``EngineLookup``), so a context never brings a restricted briefing into
someone else's answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..models import Answer, Viewer
from .conversation import Context, context_after, follow_up

__all__ = ["EngineLookup", "converse"]


class EngineLookup:
    """People and events as one asker sees them (``search.conversation.Lookup``)."""

    def __init__(self, engine, viewer: Viewer | None):
        self._engine = engine
        self._mask = engine.scope(viewer).briefings

    def person(self, words: str) -> str | None:
        """The one visible person ``words`` name, or None (none, or several)."""
        persons = self._engine.people.resolve(words, self._mask)
        return persons[0].name if len(persons) == 1 else None

    def events_of(self, name: str) -> Sequence[str]:
        """Visible events the person took part in, newest first."""
        briefings = self._engine.corpus.briefings
        persons = self._engine.people.resolve(name, self._mask)
        apps = [a for p in persons for a in p.visible(self._mask)]
        apps.sort(key=lambda a: briefings[a.briefing_index].date or dt.date.min, reverse=True)
        return [briefings[a.briefing_index].id for a in apps]

    def title(self, briefing_id: str) -> str | None:
        """A visible briefing's title."""
        for index, briefing in enumerate(self._engine.corpus.briefings):
            if briefing.id == briefing_id and self._mask[index]:
                return briefing.title
        return None

    def participants(self, briefing_id: str) -> Sequence[str]:
        """Names of everyone at a visible briefing."""
        for index, briefing in enumerate(self._engine.corpus.briefings):
            if briefing.id == briefing_id and self._mask[index]:
                return [sp.name for sp in briefing.speakers]
        return []

    def people_in(self, text: str) -> Sequence[str]:
        """Visible people named in ``text``, each once (a shared surname names none)."""
        names: list[str] = []
        for mention in self._engine.people.mentions(text, self._mask):
            if len(mention.persons) == 1 and mention.persons[0].name not in names:
                names.append(mention.persons[0].name)
        return names


def converse(
    engine, question: str, viewer: Viewer | None, context: Context | None, *, k: int | None = None
) -> tuple[Answer, Context]:
    """Answer one turn; a follow-up is read against ``context``. Raises what ``Engine.ask`` raises.

    An engine that knows no people (a stand-in with only ``ask``) answers
    every turn as it stands.
    """
    if not hasattr(engine, "people"):
        answer = engine.ask(question, viewer, k=k)
        return answer, Context(question=question, shown=len(answer.hits))
    lookup = EngineLookup(engine, viewer)
    follow = follow_up(question, context, lookup)
    asked, offset = question, 0
    if follow is not None:
        asked = follow.question
        if follow.next_page and context is not None:
            offset = context.offset + max(context.shown, 1)
    answer = engine.ask(asked, viewer, k=k, offset=offset)
    if follow is not None and follow.next_page and not answer.hits and context and context.speaker:
        # Nothing further on the question itself: more from the same speaker there.
        at = f" event:{context.events[0]}" if context.events else ""
        asked, offset = f"what did {context.speaker} say{at}", 0
        answer = engine.ask(asked, viewer, k=k)
    if follow is not None and asked != question:
        answer = answer.model_copy(
            update={"question": question, "notes": (f"Read as: {asked}", *answer.notes)}
        )
    return answer, context_after(asked, answer, context, lookup, offset=offset)
