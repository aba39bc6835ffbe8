"""``create_app``: the Bolt app with every briefbot listener registered.

The app is built around a zero-argument ``engine_provider`` rather than an
engine, so a live reload can swap the index under a running server and every
request picks up the current one.

Listeners ack first and do the work in Bolt *lazy listeners*. With
``process_before_response=True`` Bolt runs the ack function in the request
thread itself and hands only the lazy work to its thread pool, so an ack
never waits in a queue behind other people's answers (with the default
False, acks and answers share one pool, and under load acks took several
hundred milliseconds). The lazy work runs on the pool while the HTTP 200 goes back
to Slack, which is safe in long-lived gunicorn workers, and works the same
in Socket Mode and on FaaS platforms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient

from ...config import Settings
from .answering import Answering, EngineLike, retry_handlers
from .listeners import register_all
from .logs import new_request_id, request_id_var
from .settings import SlackEnv
from .state import SlackState

if TYPE_CHECKING:
    from ...state import StateStore

__all__ = ["create_app", "SLACK_EVENTS_PATH"]

SLACK_EVENTS_PATH = "/slack/events"

log = logging.getLogger(__name__)


def create_app(
    engine_provider: Callable[[], EngineLike],
    settings: Settings,
    env: SlackEnv,
    *,
    state: SlackState | None = None,
    store: StateStore | None = None,
    token_verification: bool = True,
    workers: int = 8,  # answer threads per process: mostly waiting on Slack's API
) -> App:
    """Build the Bolt app (calls ``auth.test`` once unless ``token_verification`` is False).

    ``state`` holds delivery de-duplication and rate limits; pass one backed
    by a file to share it between worker processes. ``store`` is the state
    store that keeps 👍/👎 feedback; without one the answers have no
    feedback buttons.
    """
    client = WebClient(
        token=env.bot_token,
        base_url=env.api_url,
        timeout=10,
        retry_handlers=retry_handlers(),
    )
    bolt_logger = logging.getLogger("briefbot.slack.bolt")
    # Bolt also reads SLACK_BOT_TOKEN itself and warns that the client's token
    # wins; it is the same token, so the warning would only confuse an admin.
    if _drop_token_skipped_warning not in bolt_logger.filters:
        bolt_logger.addFilter(_drop_token_skipped_warning)
    app = App(
        name="briefbot",
        client=client,
        signing_secret=env.signing_secret,
        token_verification_enabled=token_verification,
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="briefbot-slack"
        ),
        logger=bolt_logger,
    )
    app.middleware(_request_context)
    register_all(app, Answering(engine_provider, settings, state or SlackState(), store))
    return app


def _drop_token_skipped_warning(record: logging.LogRecord) -> bool:
    return "`token` will be unused" not in record.getMessage()


def _request_context(
    request: BoltRequest, context: BoltContext, body: dict[str, Any], next: Callable[[], Any]
) -> Any:
    """Give the request an id (kept from the HTTP layer if it set one) and log its kind."""
    request_id = request_id_var.get()
    if request_id == "-":
        request_id = new_request_id()
        request_id_var.set(request_id)
    context["request_id"] = request_id
    retry = request.headers.get("x-slack-retry-num")
    if retry:
        context["retry_num"] = retry[0]
    log.info(
        "slack request",
        extra={
            "kind": _kind(body),
            "retry_num": context.get("retry_num"),
            "retry_reason": (request.headers.get("x-slack-retry-reason") or [None])[0],
            "team": context.team_id,
        },
    )
    return next()


def _kind(body: dict[str, Any]) -> str:
    if body.get("command"):
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        return f"event {event.get('type')}" + (
            f"/{event['subtype']}" if event.get("subtype") else ""
        )
    if body.get("type") == "block_actions":
        ids = ",".join(a.get("action_id", "?") for a in body.get("actions") or [])
        return f"block_actions {ids}"
    return str(body.get("type") or "unknown")
