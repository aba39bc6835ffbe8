"""Answers as plain text, for the console and ``briefbot ask``.

Each result is its citation line (``render.citation``): the excerpt, then
speaker (honorific, name), affiliation at that event, event title,
organization, date, page and source — so it can be pasted into a memo as it
stands. A summary passage is said to be one and is never put in quotation
marks. Matched words are marked ``*like this*`` (or in bold on a terminal,
with ``emphasis="ansi"``). ``help_text()`` is the one help every interface
shows, with example questions built from the briefings being served.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Answer, Highlight, Hit
from .citation import citation

__all__ = ["render_answer", "help_text", "result_lines", "mark", "plural"]

_MARKS = {"plain": ("*", "*"), "ansi": ("\x1b[1m", "\x1b[0m"), "none": ("", "")}


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 briefing', '2 briefings'."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


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


def result_lines(hit: Hit, number: int, emphasis: str = "plain") -> list[str]:
    """'1. <citation>' and, when the passage has one, its section heading."""
    line = citation(hit, mark=lambda quote: mark(quote, hit.highlights, emphasis))
    lines = [f"{number}. {line}"]
    if hit.passage.section:
        lines.append(f"   section “{hit.passage.section}”")
    return lines


def render_answer(answer: Answer, *, emphasis: str = "plain", help: str | None = None) -> str:
    """The whole answer as readable plain text (``help``: the help to show for 'help')."""
    if answer.intent == "help":
        lines = [help or help_text()]
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
        lines += result_lines(hit, number, emphasis)
    if answer.has_more:
        lines.append("")
        lines.append("More results: ask again with a higher -k (console: type 'more').")
    if not lines:
        lines.append("Nothing to show.")
    return "\n".join(lines).strip()


_GENERIC_EXAMPLES = (
    "What did <surname> say about <topic>?",
    "What was said about <topic>?",
    "who said <a line you remember>",
    "Who moderated the <words of a title> event?",
)
_FILTERS = (
    ("speaker", "only this person (name or surname)"),
    ("org", "organization that hosted the event (not speakers' affiliations)"),
    ("event", "words of the event title or series"),
    ("category", "a category of the event"),
    ("after", "on or after (2023, 2023-06 or 2023-06-08)"),
    ("before", "before"),
)
_DEFAULT_FILTERS = {
    "speaker": "<surname>", "org": "<word>", "event": "<word>", "category": "<word>",
    "after": "2023-01", "before": "2024",
}


def help_text(
    examples: Sequence[str] = (),
    filters: dict[str, str] | None = None,
    *,
    briefings: int | None = None,
) -> str:
    """What briefbot understands — the same text in the console, the CLI and Slack.

    ``examples`` are questions known to answer over the briefings being
    served, and ``filters`` a value per filter key taken from them
    (``search.examples`` builds both); without them the help shows placeholders.
    """
    intro = "briefbot answers questions about the briefings, with attributed excerpts."
    if briefings is not None:
        intro = (
            f"briefbot answers questions about {plural(briefings, 'briefing')}, "
            "with attributed excerpts."
        )
    values = dict(_DEFAULT_FILTERS)
    values.update(filters or {})
    lines = [intro, "", "Ask in plain words, for example:"]
    lines += [f"  {q}" for q in (examples or _GENERIC_EXAMPLES)]
    lines += [
        "",
        "Commands:",
        "  who said <line>       who said a remembered line (exact or approximate);",
        '                        also "who argued/warned/claimed that ..." or just "<line in quotes>"',
        "  speaker <name>        a person's affiliations by event, events and topics",
        "  events [filters]      events with organization, date, speakers and moderator",
        "  follow <question>     post what new briefings say about it here, as they arrive;",
        "                        following lists this channel's follows, unfollow <n> stops one",
        "  help                  this text",
        "",
        "Filters (combine freely with any question):",
    ]
    for key, what in _FILTERS:
        lines.append(f"  {(key + ':' + values[key]):<21} {what}")
    lines += [
        f"  {chr(34) + 'exact phrase' + chr(34):<21} passages containing these exact words",
        f"  {'-word':<21} leave out passages with this word",
        "",
        "In Slack every command also works after /brief (e.g. /brief who said ...).",
    ]
    return "\n".join(lines)
