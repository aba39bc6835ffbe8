"""Answers -> Slack Block Kit messages (pure functions, no network).

Blocks are built with ``slack_sdk.models.blocks`` so Slack's own limits
(section text <= 3000 characters, context <= 10 elements, button value <= 2000,
action_id <= 255) are checked by ``to_dict()`` before anything is sent; the
message-level limit of 50 blocks is enforced here.

Every piece of corpus text and user input goes through ``escape`` before it
reaches mrkdwn. Slack only turns ``<...>`` sequences into mentions and links,
so escaping ``&``, ``<`` and ``>`` makes ``<!channel>``, ``<@U123>`` and
``<https://x|y>`` print as the literal characters. Plain ``@here`` /
``@channel`` typed as words do not notify when a bot posts them (Slack only
parses them with ``link_names`` or ``parse=full``, which we never send), but a
word joiner is slipped after the ``@`` anyway so the text stays inert even if
someone later turns those options on. The only link in our output is the
briefing's source URL, which we build ourselves after checking it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from ..errors import QueryError
from ..models import Answer, Hit, Role

__all__ = [
    "SlackMessage",
    "PageState",
    "ACTION_MORE",
    "ACTION_SHARE",
    "MAX_BLOCKS",
    "MAX_SECTION_CHARS",
    "MAX_BUTTON_VALUE",
    "escape",
    "format_date",
    "attribution",
    "quote_excerpt",
    "encode_state",
    "decode_state",
    "render_answer",
    "render_help",
    "render_error",
    "render_notice",
    "render_shared",
]

ACTION_MORE = "briefbot_more_results"
ACTION_SHARE = "briefbot_share_in_channel"
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_CHARS = 3000
QUESTION_ECHO_CHARS = 300

_WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"'`]+$", re.IGNORECASE)
# Control characters other than tab/newline never belong in a message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class SlackMessage:
    """One message ready to post: Block Kit blocks plus the plain ``text`` fallback."""

    text: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def payload(self) -> dict[str, Any]:
        """``{"text", "blocks"}`` as the Web API wants it; validates every block."""
        if len(self.blocks) > MAX_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks; Slack accepts at most {MAX_BLOCKS}")
        return {"text": self.text, "blocks": [block.to_dict() for block in self.blocks]}


@dataclass(frozen=True)
class PageState:
    """What a button needs to re-run a query: no session is kept on the server."""

    question: str
    offset: int
    k: int


def escape(text: str) -> str:
    """Make text inert in mrkdwn: no mention, no link, no broadcast can come out of it."""
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + _WORD_JOINER, text)


def format_date(value: Any) -> str | None:
    """'June 8, 2023' for a date, None when there is none."""
    if value is None:
        return None
    return f"{value:%B} {value.day}, {value.year}"


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _source_link(url: str | None) -> str | None:
    if not url or not _SAFE_URL.match(url.strip()):
        return None
    return f"<{url.strip().replace('&', '&amp;')}|source>"


def _speaker_label(hit: Hit) -> tuple[str, str | None]:
    """(name, affiliation) as the context line shows them, before escaping."""
    passage = hit.passage
    if hit.speaker is not None:
        name = hit.speaker.name
        if hit.speaker.role is Role.MODERATOR:
            name += " (moderator)"
        return name, hit.speaker.affiliation
    if passage.role is Role.ORGANIZATION:
        owner = hit.briefing.organization or "The organizers"
        return f"{owner} (event text)", None
    if passage.speaker_label:
        return f"{passage.speaker_label} (audience)", None
    return "Audience member", None


def attribution(hit: Hit, *, link: bool = True) -> str:
    """'*Craig Singleton*, Senior Fellow, FDD · event · organization · June 8, 2023'."""
    name, affiliation = _speaker_label(hit)
    who = f"*{escape(name)}*"
    if affiliation:
        who += f", {escape(affiliation)}"
    parts = [who, escape(hit.briefing.title)]
    if hit.briefing.organization:
        parts.append(escape(hit.briefing.organization))
    date = format_date(hit.briefing.date)
    parts.append(date if date else "date unknown")
    if link:
        source = _source_link(hit.briefing.source)
        if source:
            parts.append(source)
    return " · ".join(parts)


def _plain_attribution(hit: Hit) -> str:
    name, affiliation = _speaker_label(hit)
    who = f"{name} ({affiliation})" if affiliation else name
    parts = [who, hit.briefing.title]
    if hit.briefing.organization:
        parts.append(hit.briefing.organization)
    parts.append(format_date(hit.briefing.date) or "date unknown")
    return ", ".join(parts)


def _bold_segment(text: str) -> str:
    # mrkdwn bold needs non-space characters next to the asterisks.
    core = text.strip().replace("*", "")
    if not core:
        return escape(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{escape(lead)}*{escape(core)}*{escape(trail)}"


def quote_excerpt(hit: Hit) -> str:
    """The excerpt as a mrkdwn quote with the matched words in bold."""
    excerpt = hit.excerpt
    pieces: list[str] = []
    cursor = 0
    for mark in sorted(hit.highlights, key=lambda h: (h.start, h.end)):
        start = max(mark.start, cursor)
        end = min(mark.end, len(excerpt))
        if end <= start:
            continue
        pieces.append(escape(excerpt[cursor:start]))
        pieces.append(_bold_segment(excerpt[start:end]))
        cursor = end
    pieces.append(escape(excerpt[cursor:]))
    body = "".join(pieces)
    lines = [line.strip() for line in body.splitlines() if line.strip()] or ["…"]
    return _truncate("\n".join("> " + line for line in lines), MAX_SECTION_CHARS)


def encode_state(question: str, offset: int, k: int) -> str | None:
    """Compact JSON for a button value, or None when it would not fit Slack's limit."""
    value = json.dumps(
        {"q": question, "o": offset, "k": k}, ensure_ascii=False, separators=(",", ":")
    )
    return value if len(value) <= MAX_BUTTON_VALUE else None


def decode_state(value: str) -> PageState:
    """Read a button value back; QueryError if it was not written by ``encode_state``."""
    try:
        data = json.loads(value)
        question, offset, k = data["q"], data["o"], data["k"]
    except (ValueError, TypeError, KeyError):
        raise QueryError("this button is from an older or unknown message; ask again") from None
    if not (
        isinstance(question, str)
        and isinstance(offset, int)
        and isinstance(k, int)
        and 0 <= offset <= 10_000
        and 1 <= k <= 50
    ):
        raise QueryError("this button is from an older or unknown message; ask again")
    return PageState(question=question, offset=offset, k=k)


def _sections(lines: Iterable[str], *, limit: int = MAX_SECTION_CHARS) -> list[SectionBlock]:
    """Pack already-escaped lines into as few sections as fit Slack's text limit."""
    blocks: list[SectionBlock] = []
    current = ""
    for line in lines:
        line = _truncate(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=current)))
            candidate = line
        current = candidate
    if current:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=current)))
    return blocks


def _context(texts: Sequence[str]) -> ContextBlock:
    return ContextBlock(
        elements=[
            MarkdownTextObject(text=_truncate(t, MAX_SECTION_CHARS))
            for t in texts[:MAX_CONTEXT_ELEMENTS]
        ]
    )


def _question_echo(question: str) -> str:
    return "“" + escape(_truncate(" ".join(question.split()), QUESTION_ECHO_CHARS)) + "”"


def _buttons(answer: Answer, k: int, *, more: bool, share: bool) -> ActionsBlock | None:
    elements: list[ButtonElement] = []
    if share and not answer.no_match and (answer.hits or answer.answer or answer.details):
        value = encode_state(answer.question, answer.offset, k)
        if value is not None:
            elements.append(
                ButtonElement(
                    text="Share in channel",
                    action_id=ACTION_SHARE,
                    value=value,
                    style="primary",
                )
            )
    if more and answer.has_more:
        value = encode_state(answer.question, answer.offset + k, k)
        if value is not None:
            elements.append(ButtonElement(text="More results", action_id=ACTION_MORE, value=value))
    return ActionsBlock(elements=elements) if elements else None


def _fallback(answer: Answer) -> str:
    if answer.answer:
        text = answer.answer
    elif answer.no_match or not answer.hits:
        text = f"Nothing in the briefings answers “{_truncate(answer.question, 200)}”."
    else:
        first = answer.hits[0]
        text = f"{_plain_attribution(first)}: “{first.excerpt}”"
        if len(answer.hits) > 1:
            text += f" (+{len(answer.hits) - 1} more)"
    return escape(_truncate(" ".join(text.split()), MAX_FALLBACK_CHARS))


def _cap(blocks: list[Block], tail: Sequence[Block]) -> tuple[Block, ...]:
    """Keep the tail (buttons, footer) and drop body blocks past Slack's 50-block limit."""
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = blocks[: room - 1] + [
            _context([f"…{len(blocks) - room + 1} more blocks left out to fit Slack's limit."])
        ]
    return tuple(blocks) + tuple(tail)


def render_answer(
    answer: Answer,
    *,
    k: int,
    more_button: bool = True,
    share_button: bool = False,
    show_question: bool = True,
    preface: Sequence[str] = (),
) -> SlackMessage:
    """The whole reply for one answer: direct answer, notes, details, excerpts, buttons.

    ``preface`` lines are already-escaped mrkdwn (e.g. "Shared by <@U…>") shown first.
    """
    body: list[Block] = []
    top = list(preface)
    if show_question:
        label = "More results for" if answer.offset else "You asked"
        top.append(f"{label} {_question_echo(answer.question)}")
    if top:
        body.append(_context(top))
    if answer.answer:
        body.extend(_sections([escape(answer.answer)]))
    if answer.notes:
        body.extend(_sections(["_Note:_ " + escape(note) for note in answer.notes]))
    if answer.no_match or (not answer.hits and not answer.answer and not answer.details):
        if answer.offset:
            body.extend(_sections(["No further results."]))
        else:
            body.extend(_sections(["I found nothing in the briefings that answers that."]))
        if answer.suggestions:
            body.extend(
                _sections(
                    ["*The briefings do cover:*"] + ["• " + escape(s) for s in answer.suggestions]
                )
            )
        body.append(_context(["Type `/brief help` to see what I can answer."]))
    if answer.details:
        body.extend(_sections([escape(line) for line in answer.details]))
    for number, hit in enumerate(answer.hits, start=answer.offset + 1):
        text = quote_excerpt(hit)
        if len(answer.hits) > 1 or answer.offset:
            text = _truncate(f"*{number}.*\n{text}", MAX_SECTION_CHARS)
        body.append(SectionBlock(text=MarkdownTextObject(text=text)))
        body.append(_context([attribution(hit)]))
    tail: list[Block] = []
    if answer.searched:
        tail.append(_context(["Searched: " + escape(answer.searched)]))
    actions = _buttons(answer, k, more=more_button, share=share_button)
    if actions is not None:
        tail.append(DividerBlock())
        tail.append(actions)
    return SlackMessage(text=_fallback(answer), blocks=_cap(body, tail))


def render_shared(answer: Answer, *, k: int, shared_by: str | None) -> SlackMessage:
    """An answer posted publicly from a Share button, saying who shared it.

    ``shared_by`` must be a Slack user id (checked here); it is the only
    mention the bot ever writes, and it names the person who clicked.
    """
    preface: list[str] = []
    if shared_by and re.fullmatch(r"[UW][A-Z0-9]{2,30}", shared_by):
        preface.append(f"Shared by <@{shared_by}>")
    return render_answer(answer, k=k, more_button=False, share_button=False, preface=preface)


def render_help(help_text: str, *, intro: str | None = None) -> SlackMessage:
    """The help text (shared with the console), preformatted so its columns line up."""
    body: list[Block] = []
    if intro:
        body.extend(_sections([escape(intro)]))
    body.extend(_preformatted(help_text))
    fallback = escape(
        _truncate(" ".join(((intro or "") + " " + help_text).split()), MAX_FALLBACK_CHARS)
    )
    return SlackMessage(text=fallback, blocks=_cap(body, ()))


def _preformatted(text: str) -> list[SectionBlock]:
    """Escaped text in ``` blocks, split at line ends to respect the section limit."""
    chunks: list[str] = []
    current = ""
    for line in escape(text).splitlines():
        line = _truncate(line, MAX_SECTION_CHARS - 8)
        if current and len(current) + len(line) + 1 > MAX_SECTION_CHARS - 8:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return [SectionBlock(text=MarkdownTextObject(text=f"```{chunk}```")) for chunk in chunks]


def render_error(reason: str, help_text: str | None = None) -> SlackMessage:
    """A short, polite failure reply; optionally followed by the help text."""
    body: list[Block] = list(_sections([":warning: " + escape(reason)]))
    if help_text:
        body.extend(_preformatted(help_text))
    return SlackMessage(text=escape(_truncate(reason, MAX_FALLBACK_CHARS)), blocks=_cap(body, ()))


def render_notice(text: str) -> SlackMessage:
    """A one-line message (rate limit, refusal to share ...), escaped."""
    safe = escape(_truncate(text, MAX_SECTION_CHARS))
    return SlackMessage(text=safe, blocks=(SectionBlock(text=MarkdownTextObject(text=safe)),))
