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

Layout, attribution first and phone-sized: results are grouped by event,
the event line (title, organization, date, source) shown once per event;
each result is one section holding the quote — or, for an event summary,
the paraphrase marked as such and never in quotation marks — and, in
readable text under it, who said it. Notes are short context lines after
the answer line. The buttons under an answer are **Copy citation** (the
citation lines of ``render.citation`` in a code block, ready to paste),
**Open source**, **More results**, **Share in channel** and 👍 / 👎; each
carries the question (and the answer's request id) so the click can be
re-run with the clicker's or the channel's visibility.
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
    MarkdownTextObject,
    SectionBlock,
)

from ..errors import QueryError
from ..models import Answer, Briefing, Hit
from .inert import inert_text, inert_url
from .citation import (
    citation,
    page_line,
    pages_words,
    passage_kind,
    passage_pages,
    quote_marks,
    source_url,
    speaker_words,
)

__all__ = [
    "SlackMessage",
    "PageState",
    "ACTION_MORE",
    "ACTION_SHARE",
    "ACTION_CITE",
    "ACTION_SOURCE",
    "ACTION_GOOD",
    "ACTION_BAD",
    "FEEDBACK_ACTIONS",
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
    "render_citations",
    "event_line",
    "result_text",
]

ACTION_MORE = "briefbot_more_results"
ACTION_SHARE = "briefbot_share_in_channel"
ACTION_CITE = "briefbot_copy_citation"
ACTION_SOURCE = "briefbot_open_source"
ACTION_GOOD = "briefbot_feedback_good"
ACTION_BAD = "briefbot_feedback_bad"
FEEDBACK_ACTIONS = {ACTION_GOOD: "good", ACTION_BAD: "bad"}
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_CHARS = 3000
QUESTION_ECHO_CHARS = 120
EVENT_TITLE_CHARS = 80  # the event line's title; the citation keeps it whole

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
    request_id: str | None = None  # the answer the button belongs to (feedback)
    briefing_id: str | None = None  # Open source: whose source


def escape(text: str) -> str:
    """Make text inert in mrkdwn: no mention, no link, no broadcast, no strike, nothing hidden."""
    text = inert_text(_CONTROL.sub("", text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + _WORD_JOINER, text)


def format_date(value: Any) -> str | None:
    """'June 8, 2023' for a date, None when there is none (the format of every answer)."""
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
    address = inert_url(url)
    if address is None:
        return None
    return f"<{address.replace('&', '&amp;')}|source>"


def event_line(briefing: Briefing) -> str:
    """'*“Title”* · Organization · June 8, 2023 · <url|source>': an event's line, escaped."""
    parts = [f"*“{escape(_truncate(briefing.title, EVENT_TITLE_CHARS))}”*"]
    if briefing.organization:
        parts.append(escape(briefing.organization))
    parts.append(format_date(briefing.date) or "date unknown")
    source = _source_link(briefing.source)
    if source:
        parts.append(source)
    return " · ".join(parts)


def attribution(hit: Hit, *, link: bool = True) -> str:
    """Who said it, then the event: '*Mr. Craig Singleton*, Senior Fellow, … · “Title” · …'."""
    parts = [_who(hit), f"“{escape(hit.briefing.title)}”"]
    if hit.briefing.organization:
        parts.append(escape(hit.briefing.organization))
    parts.append(format_date(hit.briefing.date) or "date unknown")
    if link:
        source = _source_link(hit.briefing.source)
        if source:
            parts.append(source)
    return " · ".join(parts)


def _who(hit: Hit) -> str:
    """'*Mr. Craig Singleton*, Senior Fellow, FDD' (the name in bold), escaped."""
    words = speaker_words(hit)
    name, comma, rest = words.partition(", ") if hit.speaker is not None else (words, "", "")
    return f"*{escape(name)}*{comma}{escape(rest)}"


def _bold_segment(text: str) -> str:
    # mrkdwn bold needs non-space characters next to the asterisks.
    core = text.strip().replace("*", "")
    if not core:
        return escape(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{escape(lead)}*{escape(core)}*{escape(trail)}"


def _marked(text: str, hit: Hit) -> str:
    """The excerpt escaped, each matched phrase in bold, on one line."""
    pieces: list[str] = []
    cursor = 0
    for mark in sorted(hit.highlights, key=lambda h: (h.start, h.end)):
        start = max(mark.start, cursor)
        end = min(mark.end, len(text))
        if end <= start:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(_bold_segment(text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return " ".join("".join(pieces).split())


def quote_excerpt(hit: Hit) -> str:
    """The excerpt as shown: “quoted” if verbatim, marked as a paraphrase if a summary."""
    if passage_kind(hit) == "summary":
        return f"_Summary, not verbatim:_ {_marked(hit.excerpt, hit)}"
    return f"“{_marked(quote_marks(hit.excerpt), hit)}”"


def result_text(hit: Hit, number: int | None = None, *, event: bool = False) -> str:
    """One result's section: the quote, then who said it (and the event if not grouped)."""
    lead = f"*{number}.* " if number is not None else ""
    who = attribution(hit) if event else _who(hit)
    # The section heading stays in the console and JSON: on a phone every line counts.
    pages = pages_words(passage_pages(hit), page_line(hit))
    tail = f" · {pages}" if pages else ""
    return _truncate(f"{lead}{quote_excerpt(hit)}\n— {who}{tail}", MAX_SECTION_CHARS)


def encode_state(
    question: str,
    offset: int,
    k: int,
    *,
    request_id: str | None = None,
    briefing_id: str | None = None,
) -> str | None:
    """Compact JSON for a button value, or None when it would not fit Slack's limit."""
    data: dict[str, Any] = {"q": question, "o": offset, "k": k}
    if request_id:
        data["r"] = request_id
    if briefing_id:
        data["b"] = briefing_id
    value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return value if len(value) <= MAX_BUTTON_VALUE else None


def decode_state(value: str) -> PageState:
    """Read a button value back; QueryError if it was not written by ``encode_state``."""
    stale = "this button is from an older or unknown message; ask again"
    try:
        data = json.loads(value)
        question, offset, k = data["q"], data["o"], data["k"]
        request_id, briefing_id = data.get("r"), data.get("b")
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise QueryError(stale) from None
    # ``type(...) is int``: JSON true/false are Python bools, which isinstance counts as ints.
    if not (
        isinstance(question, str)
        and type(offset) is int
        and type(k) is int
        and 0 <= offset <= 10_000
        and 1 <= k <= 50
        and (request_id is None or (isinstance(request_id, str) and len(request_id) <= 64))
        and (briefing_id is None or isinstance(briefing_id, str))
    ):
        raise QueryError(stale)
    return PageState(
        question=question, offset=offset, k=k, request_id=request_id, briefing_id=briefing_id
    )


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


def _buttons(
    answer: Answer,
    k: int,
    *,
    more: bool,
    share: bool,
    request_id: str | None,
    feedback: bool,
) -> ActionsBlock | None:
    """Copy citation, Open source, More results, Share in channel, 👍, 👎: those that apply."""
    elements: list[ButtonElement] = []
    answered = not answer.no_match and bool(answer.hits or answer.answer or answer.details)
    here = encode_state(answer.question, answer.offset, k, request_id=request_id)
    if here is None:  # a question too long to carry: no button can re-run it
        return None
    if answer.hits and not answer.no_match:
        elements.append(ButtonElement(text="Copy citation", action_id=ACTION_CITE, value=here))
        hit = next((h for h in answer.hits if source_url(h.briefing)), None)
        if hit is not None:
            value = encode_state(
                answer.question, answer.offset, k, request_id=request_id,
                briefing_id=hit.briefing.id,
            )
            if value is not None:
                elements.append(
                    ButtonElement(
                        text="Open source",
                        action_id=ACTION_SOURCE,
                        url=inert_url(source_url(hit.briefing) or ""),
                        value=value,
                    )
                )
    if more and answer.has_more:
        value = encode_state(answer.question, answer.offset + k, k)
        if value is not None:
            elements.append(ButtonElement(text="More results", action_id=ACTION_MORE, value=value))
    if share and answered:
        elements.append(
            ButtonElement(
                text="Share in channel", action_id=ACTION_SHARE, value=here, style="primary"
            )
        )
    if feedback and answered and request_id:
        elements.append(ButtonElement(text="👍", action_id=ACTION_GOOD, value=here))
        elements.append(ButtonElement(text="👎", action_id=ACTION_BAD, value=here))
    return ActionsBlock(elements=elements) if elements else None


def _fallback(answer: Answer) -> str:
    if answer.answer:
        text = answer.answer
    elif answer.no_match or not answer.hits:
        text = f"Nothing in the briefings answers “{_truncate(answer.question, 200)}”."
    else:
        text = citation(answer.hits[0])
        if len(answer.hits) > 1:
            text += f" (+{len(answer.hits) - 1} more)"
    return escape(_truncate(" ".join(text.split()), MAX_FALLBACK_CHARS))


def _results(answer: Answer) -> list[Block]:
    """The results grouped by event, each event's line once, in order of first appearance."""
    groups: dict[str, list[tuple[int, Hit]]] = {}
    for number, hit in enumerate(answer.hits, start=answer.offset + 1):
        groups.setdefault(hit.briefing.id, []).append((number, hit))
    numbered = len(answer.hits) > 1 or answer.offset > 0
    blocks: list[Block] = []
    for members in groups.values():
        blocks.append(_context([event_line(members[0][1].briefing)]))
        for number, hit in members:
            text = result_text(hit, number if numbered else None)
            blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    return blocks


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
    request_id: str | None = None,
    feedback: bool = True,
) -> SlackMessage:
    """The whole reply for one answer: direct answer, notes, details, results, buttons.

    ``preface`` lines are already-escaped mrkdwn (e.g. "Shared by <@U…>") shown first.
    ``request_id`` names the answer for 👍/👎 (no feedback buttons without it).
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
        body.append(_context(["_Note:_ " + escape(note) for note in answer.notes]))
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
    body.extend(_results(answer))
    tail: list[Block] = []
    if answer.searched:
        tail.append(_context(["Searched: " + escape(answer.searched)]))
    actions = _buttons(
        answer, k, more=more_button, share=share_button, request_id=request_id, feedback=feedback
    )
    if actions is not None:
        tail.append(actions)
    return SlackMessage(text=_fallback(answer), blocks=_cap(body, tail))


def render_shared(
    answer: Answer, *, k: int, shared_by: str | None, request_id: str | None = None
) -> SlackMessage:
    """An answer posted publicly from a Share button, saying who shared it.

    ``shared_by`` must be a Slack user id (checked here); it is the only
    mention the bot ever writes, and it names the person who clicked. The
    channel's copy keeps Copy citation, Open source and 👍/👎 (each re-checked
    for whoever clicks), but not More or Share.
    """
    preface: list[str] = []
    if shared_by and re.fullmatch(r"[UW][A-Z0-9]{2,30}", shared_by):
        preface.append(f"Shared by <@{shared_by}>")
    return render_answer(
        answer, k=k, more_button=False, share_button=False, preface=preface,
        request_id=request_id,
    )


def render_citations(answer: Answer) -> SlackMessage:
    """The citation lines of an answer's results in a code block, ready to paste."""
    lines = [citation(hit) for hit in answer.hits]
    if not lines:
        return render_notice("There is nothing to cite in this answer any more.")
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = escape(_truncate(line, MAX_SECTION_CHARS - 8))
        if current and len(current) + len(line) + 2 > MAX_SECTION_CHARS - 8:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n\n{line}" if current else line
    if current:
        chunks.append(current)
    blocks: list[Block] = [_context([f"{len(lines)} citation{'s' if len(lines) != 1 else ''}, "
                                     "ready to paste:"])]
    blocks += [SectionBlock(text=MarkdownTextObject(text=f"```{chunk}```")) for chunk in chunks]
    text = escape(_truncate(" ".join(lines[0].split()), MAX_FALLBACK_CHARS))
    return SlackMessage(text=text, blocks=_cap(blocks, ()))


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
