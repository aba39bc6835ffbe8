"""``/brief follow``, ``/brief following``, ``/brief unfollow <n>``: a channel's follows.

``follow <question or filters>`` checks the question the way an answer
would (a bad filter is refused with the help) and stores it for the
channel, or, in a DM, as a personal follow seen with the owner's own
access; digests of matching new briefings are posted there as they arrive
(``interfaces/follows.py``). ``following`` lists the channel's follows by
number; ``unfollow <n>`` stops one. Replies are private to the person who
typed the command. When the state store is unreachable the reply says so.
"""

from __future__ import annotations

import logging

from ...errors import BriefbotError, QueryError, StateError
from ...models import Viewer
from ...render.slack import SlackMessage, render_error, render_notice
from ...state import MAX_FOLLOW_CHARS
from .answering import Answering

__all__ = ["follow_reply", "FOLLOW_WORDS"]

log = logging.getLogger(__name__)

FOLLOW_WORDS = ("follow", "following", "unfollow")
_OUTAGE = (
    "I can't reach my state store right now, so I can't {what}. Answers still work; "
    "please try again in a few minutes."
)
_USAGE = (
    "Follow a topic in this channel: `/brief follow <question or filters>`, for example "
    "`/brief follow sanctions speaker:berman` or `/brief follow org:\"Atlas Forum\"`. "
    "`/brief following` lists this channel's follows; `/brief unfollow <number>` stops one."
)


def _is_direct(channel: str | None, channel_name: str | None) -> bool:
    # Slack names a DM's channel "directmessage" in a slash command; DM ids start with D.
    return channel_name == "directmessage" or bool(channel and channel.startswith("D"))


def follow_reply(
    answering: Answering,
    words: str,
    *,
    user: str | None,
    channel: str | None,
    channel_name: str | None = None,
) -> SlackMessage | None:
    """The reply to a follow command, or None when ``words`` is not one."""
    verb, _, rest = words.strip().partition(" ")
    verb = verb.lower()
    rest = rest.strip()
    if verb not in FOLLOW_WORDS or (verb == "following" and rest):
        return None  # "following up on the sanctions point ..." is a question
    if verb == "follow" and rest.lower() in ("", "help"):
        return render_notice(_USAGE)
    if answering.store is None or not channel or not user:
        return render_notice("Follows are not available here.")
    try:
        if verb == "follow":
            return _follow(answering, rest, user=user, channel=channel,
                           personal=_is_direct(channel, channel_name))
        if verb == "following":
            return _following(answering, channel)
        return _unfollow(answering, rest, channel)
    except StateError as exc:
        log.warning("follow command while the state store is unreachable: %s", exc)
        what = {"follow": "save a follow", "following": "list follows",
                "unfollow": "stop a follow"}[verb]
        return render_notice(_OUTAGE.format(what=what))


def _follow(
    answering: Answering, question: str, *, user: str, channel: str, personal: bool
) -> SlackMessage:
    if len(question) > MAX_FOLLOW_CHARS:
        return render_notice(f"A follow is at most {MAX_FOLLOW_CHARS:,} characters.")
    viewer = Viewer(channel=channel, user=user if personal else None)
    try:
        answering.ask(question, viewer, k=1)  # a bad filter is refused now, not at each briefing
    except QueryError as exc:
        return render_error(str(exc), answering.help_text(viewer))
    except BriefbotError as exc:
        return render_error(f"I could not follow that: {exc}")
    assert answering.store is not None
    follow = answering.store.add_follow(
        channel=channel, owner=user, query=question, personal=personal
    )
    log.info("follow added", extra={"follow": follow.id, "channel": channel, "user": user})
    where = "this conversation, with what you may see" if personal else "this channel"
    return render_notice(
        f"Following #{follow.id} “{follow.query}” in {where}: when a new or changed briefing "
        "matches, I'll post its new excerpts here. `/brief unfollow "
        f"{follow.id}` stops it."
    )


def _following(answering: Answering, channel: str) -> SlackMessage:
    assert answering.store is not None
    follows = answering.store.follows(channel)
    if not follows:
        return render_notice("Nothing is followed here. " + _USAGE)
    lines = ["Followed here:"]
    for follow in follows:
        lines.append(f"#{follow.id} “{follow.query}”")
    lines.append("`/brief unfollow <number>` stops one.")
    return render_notice("\n".join(lines))


def _unfollow(answering: Answering, rest: str, channel: str) -> SlackMessage:
    number = rest.lstrip("#").strip()
    if not number.isdigit():
        return render_notice(
            "Say which follow to stop by its number, e.g. `/brief unfollow 3`; "
            "`/brief following` lists them."
        )
    assert answering.store is not None
    removed = answering.store.remove_follow(channel, int(number))
    if removed is None:
        return render_notice(
            f"There is no follow #{int(number)} here; `/brief following` lists this "
            "channel's follows."
        )
    log.info("follow removed", extra={"follow": removed.id, "channel": channel})
    return render_notice(f"Stopped following #{removed.id} “{removed.query}”.")
