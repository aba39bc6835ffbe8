"""Every button, present and future, checks access again at click time (issue 14).

A button value carries a question (and for Open source a briefing id) from
an answer its asker was allowed to see. Whoever clicks it later — another
user, in a channel outside the allowlist — must get only what *they* may
see. The test walks every ``ACTION_*`` the renderer defines, so a button
added later is covered without touching this file.
"""

from __future__ import annotations

import json

import pytest
from slack_bolt import App
from slack_standin import SlackStandIn, block_action

from briefbot.render import slack as render_slack
from briefbot.render.slack import encode_state
from conftest import MEMBER_USER, MEMBERS_CHANNEL, dispatch, finish

FORM = "application/x-www-form-urlencoded"
ACTIONS = sorted(
    value for name, value in vars(render_slack).items()
    if name.startswith("ACTION_") and isinstance(value, str)
)
RESTRICTED_WORDS = ("Jane Doe", "quietly", "Off the record", "Members-only", "Hidden Institute")


@pytest.mark.parametrize("action_id", ACTIONS)
def test_a_click_from_outside_the_allowlist_never_shows_restricted_text(
    app: App, standin: SlackStandIn, action_id: str
) -> None:
    value = encode_state(
        "China rationing supplies", 0, 3, request_id="rtest", briefing_id="offrecord"
    )
    dispatch(
        app,
        block_action(
            action_id, value, response_url=standin.response_url(f"click-{action_id}"),
            user="UOUTSIDER1", channel="CPUBLIC001", ephemeral=False,
        ),
        content_type=FORM,
    )
    finish(app)
    standin.settle(quiet=0.3)
    said = json.dumps([c.body for c in standin.calls], ensure_ascii=False)
    for word in RESTRICTED_WORDS:
        assert word not in said, (action_id, word)


def test_the_same_click_inside_the_allowlist_does_show_it(app: App, standin: SlackStandIn) -> None:
    value = encode_state("China rationing supplies", 0, 3)
    dispatch(
        app,
        block_action(render_slack.ACTION_MORE, value, response_url=standin.response_url("member"),
                     user=MEMBER_USER, channel=MEMBERS_CHANNEL),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "member")
    assert "Jane Doe" in json.dumps(reply.body, ensure_ascii=False)
