"""Feedback on answers, the same from Slack's 👍/👎 and the console's ``:good``/``:bad``.

``record`` stores one vote with what the answer showed (passage id, file,
lines, speaker, citation of each result) and the asker's context;
While the state store is unreachable a vote is held in the process
(``HELD``, at most ``MAX_HELD``) and stored by ``HELD.flush`` once the
store answers again (the Slack app's catch-up thread calls it); the voter
is told. ``eval_cases`` turns the 👎 votes into questions in the ``../shared/eval``
JSONL format (``briefbot feedback export``), for a person to review: the
``expect`` of each case is left for the reviewer to fill in (the passages
that should have answered, or ``{"none": true}``), and ``review`` keeps what
was shown and when.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import StateError
from ..index.store import cache_root
from ..models import Answer
from ..render.citation import citation
from ..state import FeedbackRecord, StateStore, default_state_path

__all__ = [
    "open_store", "new_request_id", "shown_passages", "record", "eval_cases", "EVAL_TYPES",
    "HeldVotes", "HELD", "MAX_HELD",
]

log = logging.getLogger(__name__)

# Votes one process keeps while the store is down: a bound on memory, far above
# what people click in an outage of minutes.
MAX_HELD = 1000

# The eval question type a reviewer most likely wants for an answer of this intent.
EVAL_TYPES = {
    "who_said": "who_said_exact",
    "metadata": "metadata",
    "speaker": "metadata",
    "events": "metadata",
    "search": "topical",
}


def open_store(knowledge: Path, settings: Settings, *, check: bool = True) -> StateStore:
    """The state store: ``[state] url`` when set, else an SQLite file beside the index cache.

    ``check=False`` (servers) starts even when the database is unreachable.
    """
    if settings.state.url:
        return StateStore(settings.state.url, check=check)
    return StateStore(path=default_state_path(cache_root(Path(knowledge), settings)), check=check)


def new_request_id() -> str:
    """A short id for one answer (the console's; Slack's comes from the request)."""
    return uuid.uuid4().hex[:12]


def shown_passages(answer: Answer) -> list[dict[str, Any]]:
    """What an answer showed, enough to find each passage again and to review it."""
    return [
        {
            "passage_id": hit.passage.id,
            "file": hit.briefing.path,
            "lines": [hit.passage.span.line_start, hit.passage.span.line_end],
            "speaker": hit.speaker.name if hit.speaker else hit.passage.speaker_label,
            "excerpt": hit.excerpt,
            "citation": citation(hit),
        }
        for hit in answer.hits
    ]


def record(
    store: StateStore,
    answer: Answer,
    *,
    request_id: str,
    vote: str,
    voter: str,
    user_id: str | None = None,
    channel_id: str | None = None,
    interface: str,
) -> bool:
    """Store ``voter``'s vote on ``answer``; True if new, False if it replaced their earlier one.

    Raises StateError when the store is unreachable (``HELD.record`` holds it instead).
    """
    return store.record_feedback(**_vote_fields(
        answer, request_id=request_id, vote=vote, voter=voter, user_id=user_id,
        channel_id=channel_id, interface=interface,
    ))


def _vote_fields(answer: Answer, **fields: Any) -> dict[str, Any]:
    return {
        **fields,
        "question": answer.question,
        "intent": answer.intent,
        "passages": shown_passages(answer) + (
            [{"answer": answer.answer}] if answer.answer and not answer.hits else []
        ),
    }


class HeldVotes:
    """Votes that waited for an unreachable state store, stored when it is back."""

    def __init__(self, limit: int = MAX_HELD) -> None:
        self._votes: list[dict[str, Any]] = []
        self._lock = threading.Lock()  # this process's own list, not shared state
        self.limit = limit

    def __len__(self) -> int:
        with self._lock:
            return len(self._votes)

    def record(self, store: StateStore, answer: Answer, **fields: Any) -> bool | None:
        """Like ``record``; None when the store is unreachable and the vote was held."""
        vote = _vote_fields(answer, **fields)
        try:
            return store.record_feedback(**vote)
        except StateError as exc:
            with self._lock:
                if len(self._votes) >= self.limit:
                    log.error("feedback lost: %d votes already wait for the store", self.limit)
                    raise
                self._votes.append({**vote, "now": dt.datetime.now(dt.UTC)})
                waiting = len(self._votes)
            log.warning("feedback held: state store unreachable (%s); %d vote(s) wait",
                        exc, waiting)
            return None

    def flush(self, store: StateStore) -> int:
        """Store the held votes, oldest first, until the store fails again; how many went in."""
        stored = 0
        while True:
            with self._lock:
                if not self._votes:
                    break
                vote = self._votes[0]
            try:
                store.record_feedback(**vote)
            except StateError:
                break
            with self._lock:
                if self._votes and self._votes[0] is vote:
                    self._votes.pop(0)
            stored += 1
        if stored:
            log.warning("feedback: state store reachable again; %d held vote(s) stored", stored)
        return stored


HELD = HeldVotes()


def eval_cases(records: Iterable[FeedbackRecord]) -> Iterable[dict[str, Any]]:
    """One eval question per 👎 answer (the latest vote per question and voter counts)."""
    for number, item in enumerate(records, start=1):
        if item.vote != "bad":
            continue
        shown = [
            {"speaker": p.get("speaker"), "file": p.get("file"), "contains": p.get("excerpt")}
            for p in item.passages
            if "passage_id" in p
        ]
        yield {
            "id": f"feedback-{item.request_id}-{number}",
            "type": EVAL_TYPES.get(item.intent or "", "topical"),
            "question": item.question,
            "expect": {"any": []},
            "review": {
                "vote": item.vote,
                "shown": shown,
                "answer": next((p["answer"] for p in item.passages if "answer" in p), None),
                "request_id": item.request_id,
                "interface": item.interface,
                "voted_at": item.updated_at.isoformat(timespec="seconds"),
                "todo": "replace expect with the passages that should answer, or "
                '{"none": true} if nothing should',
            },
        }
