"""Answers as plain text, for the console and ``briefbot ask``.

Each excerpt is followed by its attribution — speaker (honorific, name),
affiliation at that event, role, event title, organization and date — so a
quote can be pasted into a memo as it stands. Matched words are marked
``*like this*`` (or in bold on a terminal, with ``emphasis="ansi"``).
``help_text()`` is the one help every interface shows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from ..models import Answer, Highlight, Hit, Role

__all__ = ["render_answer", "help_text", "attribution", "mark"]

_MARKS = {"plain": ("*", "*"), "ansi": ("\x1b[1m", "\x1b[0m"), "none": ("", "")}


def _date(date: dt.date | None) -> str:
    if date is None:
        return "date unknown"
    return f"{calendar.month_name[date.month]} {date.day}, {date.year}"


def mark(text: str, highlights: Sequence[Highlight], emphasis: str = "plain") -> str:
    """The text with each highlighted range wrapped in emphasis marks."""
    left, right = _MARKS.get(emphasis, _MARKS["plain"])
    if not left:
        return text
    out: list[str] = []
    last = 0
    for h in sorted(highlights, key=lambda h: h.start):
        start, end = max(h.start, last), min(h.end, len(text))
        if end <= start:
            continue
        out += [text[last:start], left, text[start:end], right]
        last = end
    out.append(text[last:])
    return "".join(out)


def attribution(hit: Hit) -> str:
    """'Mr. Craig Singleton, Senior Fellow, Foundation for Defense of Democracies (panelist)'
    on one line, and the event on the next."""
    passage, briefing, speaker = hit.passage, hit.briefing, hit.speaker
    if speaker is not None:
        who = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
        if speaker.affiliation:
            who += f", {speaker.affiliation}"
        role = passage.role if passage.role != Role.PANELIST else speaker.role
        if role == Role.MODERATOR:
            who += " (moderator)"
        elif role == Role.KEYNOTE:
            who += " (keynote)"
    elif passage.role == Role.ORGANIZATION or passage.speaker_label is None:
        who = f"{briefing.organization or 'The organizers'} (the event's own text)"
    else:
        who = f"{passage.speaker_label} (audience)"
    event = [f"“{briefing.title}”"]
    if briefing.organization:
        event.append(briefing.organization)
    event.append(_date(briefing.date))
    line = " · ".join(event)
    if passage.section:
        line += f" · section “{passage.section}”"
    if briefing.source:
        line += f" · {briefing.source}"
    return f"— {who}\n  {line}"


def render_answer(answer: Answer, *, emphasis: str = "plain") -> str:
    """The whole answer as readable plain text."""
    if answer.intent == "help":
        lines = [help_text()]
        lines += [f"Note: {n}" for n in answer.notes]
        return "\n".join(lines)
    lines: list[str] = []
    if answer.searched:
        lines.append(f"Searched: {answer.searched}")
    for note in answer.notes:
        lines.append(f"Note: {note}")
    if answer.no_match:
        lines.append(answer.answer or "Nothing in the briefings answers that.")
        if answer.suggestions:
            lines.append("")
            lines.append("The briefings do cover:")
            lines += [f"  • {s}" for s in answer.suggestions]
        return "\n".join(lines).strip()
    if answer.answer:
        lines.append(answer.answer)
    if answer.details:
        lines += [f"  {d}" if not d.startswith(" ") else d for d in answer.details]
    for number, hit in enumerate(answer.hits, start=answer.offset + 1):
        lines.append("")
        lines.append(f"{number}. “{mark(hit.excerpt, hit.highlights, emphasis)}”")
        lines += ["   " + part for part in attribution(hit).split("\n")]
    if answer.has_more:
        lines.append("")
        lines.append("More results: ask again with a higher -k (console: type 'more').")
    if not lines:
        lines.append("Nothing to show.")
    return "\n".join(lines).strip()


def help_text() -> str:
    """What briefbot understands — the same text in the console, the CLI and Slack."""
    return """briefbot answers questions about the briefings, with attributed excerpts.

Ask in plain words:
  What did Singleton say about Taiwan?
  What was said about icebreaker capacity?
  Who moderated the Taiwan Strait deterrence event?
  When was the briefing on semiconductor export controls?
  What was Tessa Marchetti's affiliation at the undersea cables event?
  Who spoke at the India strategic autonomy event?
  Which events did Bennett Hollis moderate?

Commands:
  who said <line>       who said a remembered line (exact or approximate);
                        also "who argued/warned/claimed that ..." or just "<line in quotes>"
  speaker <name>        a person's affiliations by event, events and topics
  events [filters]      events with organization, date, speakers and moderator
  help                  this text

Filters (combine freely with any question):
  speaker:berman        only this person (name or surname)
  org:harbor            organization that hosted the event (not speakers' affiliations)
  event:arctic          words of the event title or series
  category:china        a category of the event
  after:2023-01         on or after (2023, 2023-06 or 2023-06-08)
  before:2024           before
  "exact phrase"        passages containing these exact words
  -word                 leave out passages with this word

In Slack every command also works after /brief (e.g. /brief who said ...)."""
