"""Where a briefing came from: "source/link/recording for <event>".

The answer is the source address the briefing itself gives (a web page, a
recording's page) and, for a reader at the console or in JSON, the file in
the knowledge folder and its pages when it is a paged document. A briefing
without a source address says so and still names its file, so nobody is
sent to a made-up link.
"""

from __future__ import annotations

import re

from ...models import Answer
from ..corpus import SearchCorpus
from ..query import Query
from ..results import event_line
from ..scope import Scope
from .facts import no_event, pick_event

__all__ = ["read_source_ask", "answer_source"]

_NOUN = r"(?:source|sources|link|links|url|address|recording|recordings|video|audio|transcript|page|web\s*page|original)"
_FORMS = (
    re.compile(
        rf"^(?:what\s+is\s+|what's\s+|whats\s+|give\s+me\s+|show\s+me\s+|send\s+me\s+|is\s+there\s+|"
        rf"do\s+you\s+have\s+|where\s+is\s+)?(?:the\s+|a\s+)?{_NOUN}\s+(?:for|of|to|from|on)\s+"
        r"(?:the\s+)?(?P<event>.+?)\W*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^where\s+(?:can|do|could)\s+i\s+(?:find|get|see|watch|read|listen\s+to)\s+(?:the\s+)?"
        rf"(?:{_NOUN}\s+(?:for|of|to|from)\s+)?(?:the\s+)?(?P<event>.+?)\W*$",
        re.IGNORECASE,
    ),
)


def read_source_ask(question: str) -> str | None:
    """The words naming the event a source question asks about, or None."""
    for form in _FORMS:
        match = form.match(question.strip())
        if match and match.group("event").strip():
            return match.group("event").strip()
    return None


def answer_source(corpus: SearchCorpus, words: str, scope: Scope, question: str) -> Answer:
    """The source address, file and pages of the event ``words`` name."""
    chosen, problem = pick_event(corpus, words, scope)
    if not chosen:
        return no_event(corpus, Query(raw=question), problem or f"No event matches “{words}”.", scope)
    lines: list[str] = []
    details: list[str] = []
    for b in chosen:
        briefing = corpus.briefings[b]
        if briefing.source:
            lines.append(f"Source of “{briefing.title}”: {briefing.source}")
        else:
            lines.append(f"“{briefing.title}” gives no source address; it is the file {briefing.path}.")
        details.append(f"{event_line(briefing)} · file {briefing.path}{_pages(corpus, b)}")
    notes = (problem,) if problem else ()
    return Answer(
        question=question, intent="metadata", answer="\n".join(lines), details=tuple(details),
        notes=notes,
    )


def _pages(corpus: SearchCorpus, briefing_index: int) -> str:
    """', pp. 3–17' for a paged document (the printed pages its passages cite), else ''."""
    pages = [
        p for i in corpus.briefing_passages[briefing_index]
        for p in (getattr(corpus.passages[int(i)], "pages", None) or ())
        if p is not None
    ]
    if not pages:
        return ""
    first, last = min(pages), max(pages)
    return f", p. {first}" if first == last else f", pp. {first}–{last}"
