"""A follow's digest: what a new or changed briefing says about a followed question.

One digest per briefing: a heading that names the follow, the event line,
the best matching new excerpts with their citations, and a More results
button that re-runs the follow's question within that briefing (for
whoever clicks, with their own visibility, like every other button).
``digest_slack`` gives Block Kit; ``digest_text`` the console's lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, MarkdownTextObject, SectionBlock

from ..models import Briefing, Hit
from .slack import (
    ACTION_MORE,
    MAX_SECTION_CHARS,
    SlackMessage,
    encode_state,
    escape,
    event_line,
    result_text,
)
from .text import plural, result_lines

__all__ = ["digest_slack", "digest_text", "within_briefing"]

_QUERY_CHARS = 120


def within_briefing(question: str, briefing: Briefing) -> str:
    """The follow's question narrowed to one briefing (``event:`` matches a briefing's id)."""
    return f'{question} event:"{briefing.id.replace(chr(34), "")}"'


def _heading(question: str, count: int, follow_id: int) -> str:
    shown = " ".join(question.split())
    if len(shown) > _QUERY_CHARS:
        shown = shown[: _QUERY_CHARS - 1].rstrip() + "…"
    return (
        f"New in the briefings for follow #{follow_id} “{shown}”: "
        f"{plural(count, 'new passage')}"
    )


def digest_slack(
    briefing: Briefing,
    hits: Sequence[Hit],
    *,
    question: str,
    follow_id: int,
    matched: int,
) -> SlackMessage:
    """The digest message: heading, event line, excerpts, and More results.

    ``matched`` counts every new passage that matched; ``hits`` are the ones shown.
    """
    blocks: list = [
        SectionBlock(text=MarkdownTextObject(text=escape(_heading(question, matched, follow_id)))),
        SectionBlock(text=MarkdownTextObject(text=event_line(briefing))),
    ]
    numbered = len(hits) > 1
    for number, hit in enumerate(hits, start=1):
        text = result_text(hit, number if numbered else None)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text[:MAX_SECTION_CHARS])))
    # More results: the question within this briefing, old passages too, for whoever clicks.
    more = encode_state(within_briefing(question, briefing), 0, min(max(matched, 3) * 2, 20))
    if more is not None:
        blocks.append(
            ActionsBlock(elements=[
                ButtonElement(text="More results", action_id=ACTION_MORE, value=more)
            ])
        )
    fallback = escape(
        f"{_heading(question, matched, follow_id)} — “{briefing.title}”"[:MAX_SECTION_CHARS]
    )
    return SlackMessage(text=fallback, blocks=tuple(blocks))


def digest_text(
    briefing: Briefing,
    hits: Sequence[Hit],
    *,
    question: str,
    follow_id: int,
    matched: int,
) -> str:
    """The digest as plain lines for the console."""
    lines = [_heading(question, matched, follow_id), f"  in “{briefing.title}”"]
    for number, hit in enumerate(hits, start=1):
        lines += ["  " + line for line in result_lines(hit, number)]
    if matched > len(hits):
        lines.append(f"  (ask “{within_briefing(question, briefing)}” for all of them)")
    return "\n".join(lines)
