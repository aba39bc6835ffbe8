"""The one path every Slack listener takes: question -> engine -> Block Kit.

Listeners stay thin: they find the question, the viewer and where to reply,
then call ``Answering.reply_for``, which never raises. A ``QueryError`` comes
back as the reason plus the help text, any other failure as a short apology
with the request id (the details go to the log, never to Slack). A single
word that is not a command is searched like any topic ("/brief Iran").

The help shows example questions built from the briefings the asker can see
(``search.examples``). Every answer carries its request id in its buttons,
so 👍/👎 are stored against it in the state store (``store``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.webhook import WebhookClient

from ...config import Settings
from ...errors import BriefbotError, QueryError
from ...models import Answer, Viewer
from ...render.slack import (
    SlackMessage,
    render_answer,
    render_error,
    render_help,
    render_notice,
    render_shared,
)
from ...render.text import help_text
from ...search.conversation import CONTEXT_TTL_SECONDS, Context
from ...search.dialogue import converse
from .delivery import apology
from .inbound import MAX_QUESTION_CHARS
from .logs import request_id_var
from .state import SlackState

if TYPE_CHECKING:
    from ...state import StateStore

__all__ = ["EngineLike", "Answering", "Outcome", "retry_handlers", "post_to_response_url"]

log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """The part of ``briefbot.search.engine.Engine`` the Slack app uses."""

    def ask(
        self, question: str, viewer: Viewer | None = None, *, k: int | None = None, offset: int = 0
    ) -> Answer:
        """Answer ``question`` as ``viewer`` may see it; QueryError for bad filters."""
        ...


def retry_handlers() -> list[RetryHandler]:
    """Retry Slack calls on connection errors and on 429 (honouring Retry-After)."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=2),
    ]


@dataclass(frozen=True)
class Outcome:
    """A reply to post, and the answer it came from (None for help and errors)."""

    message: SlackMessage
    answer: Answer | None = None
    failed: bool = False


def post_to_response_url(url: str, message: SlackMessage, **fields: Any) -> bool:
    """POST a message to an interaction's response_url, with retries; True on HTTP 200."""
    client = WebhookClient(url=url, timeout=10, retry_handlers=retry_handlers())
    body = message.payload()
    body.update(fields)
    try:
        response = client.send_dict(body)
    except Exception:  # a dead response_url must not take the listener down
        log.exception("response_url post failed")
        return False
    if response.status_code != 200:
        log.warning("response_url answered %s: %.200s", response.status_code, response.body)
        return False
    return True


class Answering:
    """Turns one question from one viewer into a Slack message, whatever happens."""

    def __init__(
        self,
        engine_provider: Callable[[], EngineLike],
        settings: Settings,
        state: SlackState,
        store: StateStore | None = None,
    ) -> None:
        self.engine_provider = engine_provider
        self.settings = settings
        self.state = state
        self.store = store

    def help_text(self, viewer: Viewer | None) -> str:
        """The help, with example questions that answer for ``viewer`` when the engine can say."""
        from ...search.examples import help_examples

        try:
            examples = help_examples(self.engine_provider(), viewer)  # type: ignore[arg-type]
        except Exception:  # examples are a courtesy; an engine without a corpus gets placeholders
            log.debug("help examples unavailable", exc_info=True)
            return help_text()
        return help_text(examples.questions, examples.filters, briefings=examples.briefings)

    @property
    def top_k(self) -> int:
        """Results per page."""
        return self.settings.answer.top_k

    def rate_limited(self, user: str | None) -> SlackMessage | None:
        """A friendly reply when ``user`` asked too often in the last minute, else None."""
        if not user:
            return None
        limit = self.settings.server.rate_limit_per_minute
        try:
            wait = self.state.allow(user, limit)
        except Exception:  # the limiter is a courtesy; never refuse because it broke
            log.exception("rate limiter unavailable")
            return None
        if wait <= 0:
            return None
        log.info("rate limited", extra={"user": user, "wait_s": round(wait, 1)})
        return render_notice(
            f"You've asked {limit} questions in the last minute, which is my limit per person. "
            f"Please try again in {max(1, round(wait))} seconds."
        )

    def ask(
        self, question: str, viewer: Viewer, *, offset: int = 0, k: int | None = None
    ) -> Answer:
        """Run the engine (raises BriefbotError for bad input)."""
        return self.engine_provider().ask(question, viewer, k=k or self.top_k, offset=offset)

    def in_conversation(self, user: str | None, thread: str | None) -> bool:
        """True when the bot answered ``user`` in ``thread`` recently (its context is kept)."""
        if not user or not thread:
            return False
        try:
            return self.state.store.recall_context(user, thread) is not None
        except Exception:  # an unreachable store: a reply without a mention is left alone
            log.warning("state store unreachable: conversation context not read")
            return False

    def converse(self, question: str, viewer: Viewer, thread: str, *, k: int) -> Answer:
        """Answer a turn of the conversation in ``thread``: a follow-up keeps the last context.

        The context is kept per user and thread in the state store, so any
        worker on any host answers the follow-up; it expires after
        ``CONTEXT_TTL_SECONDS``. An unreachable store only loses the context.
        """
        store, user = self.state.store, viewer.user or ""
        try:
            previous = Context.from_dict(store.recall_context(user, thread))
        except Exception:
            log.warning("state store unreachable: conversation context not read")
            previous = None
        answer, context = converse(self.engine_provider(), question, viewer, previous, k=k)
        try:
            store.remember_context(user, thread, context.to_dict(), CONTEXT_TTL_SECONDS)
        except Exception:
            log.warning("state store unreachable: conversation context not kept")
        return answer

    def reply_for(
        self,
        question: str,
        viewer: Viewer,
        *,
        offset: int = 0,
        k: int | None = None,
        share_button: bool = False,
        more_button: bool = True,
        thread: str | None = None,
    ) -> Outcome:
        """The message answering ``question`` for ``viewer``; never raises.

        ``thread`` names the conversation (channel and thread) for follow-ups.
        """
        k = k or self.top_k
        words = question.strip()
        if words.lower().startswith("/brief"):
            words = words[len("/brief") :].strip()
        if not words or words.lower() in ("help", "?", "-h", "--help"):
            return Outcome(render_help(self.help_text(viewer)))
        if len(words) > MAX_QUESTION_CHARS:
            return Outcome(
                render_notice(
                    f"That question is {len(words):,} characters long; I read at most "
                    f"{MAX_QUESTION_CHARS:,}. Please ask it in fewer words."
                )
            )
        try:
            if thread and viewer.user and not offset:
                answer = self.converse(words, viewer, thread, k=k)
            else:
                answer = self.ask(words, viewer, offset=offset, k=k)
        except QueryError as exc:
            log.info("query refused: %s", exc)
            return Outcome(render_error(str(exc), self.help_text(viewer)))
        except BriefbotError as exc:
            log.warning("engine error: %s", exc)
            return Outcome(render_error(f"I could not answer that: {exc}"), failed=True)
        except Exception:
            log.exception("engine failed")
            return Outcome(self.apology(), failed=True)
        if answer.intent == "help":
            return Outcome(render_help(self.help_text(viewer)), answer)
        try:
            message = render_answer(
                answer,
                k=k,
                share_button=share_button,
                more_button=more_button,
                request_id=self._request_id(),
                feedback=self.store is not None,
            )
            message.payload()  # validate against Slack's limits now, not at send time
        except Exception:
            log.exception("rendering failed")
            return Outcome(self.apology(), failed=True)
        return Outcome(message, answer)

    @staticmethod
    def _request_id() -> str | None:
        request_id = request_id_var.get()
        return None if request_id == "-" else request_id

    def shared(
        self, question: str, channel: str, *, offset: int, k: int, user: str | None
    ) -> Outcome:
        """What a Share click may post in ``channel``: re-run for that channel alone.

        Returns a failed Outcome with an explanation when nothing the sharer
        saw may be shown in that channel.
        """
        words = question.strip()
        try:
            public = self.ask(words, Viewer(channel=channel, user=None), offset=offset, k=k)
        except BriefbotError as exc:
            return Outcome(render_error(f"I could not share that: {exc}"), failed=True)
        except Exception:
            log.exception("engine failed during share")
            return Outcome(self.apology(), failed=True)
        if public.no_match or not (public.hits or public.answer or public.details):
            return Outcome(
                render_notice(
                    "I can't share this answer here: the briefings it comes from are "
                    "restricted and this channel is not on their access list."
                ),
                public,
                failed=True,
            )
        return Outcome(
            render_shared(
                public, k=k, shared_by=user,
                request_id=self._request_id() if self.store is not None else None,
            ),
            public,
        )

    def apology(self) -> SlackMessage:
        """A short failure reply quoting the request id (details are in the log)."""
        return apology()
