"""End to end: the quoting and feedback buttons of a real ``briefbot serve``.

A staffer asks with ``/brief``, then clicks **Copy citation**, **Open
source**, 👍 and 👎 on the answer; the clicks are signed ``block_actions``
requests to the real server (two gunicorn workers), and what they leave
behind is read from the state store file the server keeps beside its index
cache. A member-only briefing checks that every click is answered as the
clicker may see it at click time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_standin import SlackStandIn, block_action, slash_command
from test_slack_http import FORM, Server, _button, _running_server, make_site

from briefbot.config import load_settings
from briefbot.interfaces.feedback import eval_cases, open_store
from briefbot.render.slack import ACTION_BAD, ACTION_CITE, ACTION_GOOD, ACTION_SOURCE

pytestmark = pytest.mark.slow

MEMBERS_CHANNEL = "CMEMBERS01"
SOURCE = "https://example.org/events/ports?x=1&y=2"

PORTS = f"""---
title: "Ports Under Pressure: Shipping Security in the Baltic"
organization: Tallis Maritime Forum
date: 2024-05-14
categories: [Shipping, Baltic]
speakers:
  - name: Ingrid Halvorsen
    honorific: Dr.
    affiliation: Director, Baltic Ports Observatory
source: "{SOURCE}"
---

## Harbours
Speaker: Ingrid Halvorsen

Good morning, everyone. Thank you for having me. Baltic harbour pilots now report GPS jamming on almost every winter crossing. The jamming is cheap to do and expensive to prove.
"""

MEMBERS = """---
title: "Closed Session: Baltic Harbour Pilots"
organization: Tallis Maritime Forum
date: 2024-06-01
speakers:
  - name: Oskar Lind
    honorific: Mr.
    affiliation: Analyst, Harbour Desk
source: "https://example.org/closed"
access: members
---

## Pilots
Speaker: Oskar Lind

Baltic harbour pilots quietly log every jamming incident in a private register.
"""

CONFIG = f"""
[answer]
top_k = 3

[server]
rate_limit_per_minute = 1000

[access.members]
channels = ["{MEMBERS_CHANNEL}"]
"""


@pytest.fixture(scope="module")
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"ports.md": PORTS, "members.md": MEMBERS}
    return make_site(tmp_path_factory.mktemp("quoting"), CONFIG, files)


@pytest.fixture(scope="module")
def server(site: Path, standin: SlackStandIn) -> Iterator[Server]:
    with _running_server(site, standin) as running:
        yield running


def _ask(server: Server, standin: SlackStandIn, question: str, name: str, channel: str):
    server.slack(
        slash_command(question, response_url=standin.response_url(name), channel=channel), FORM
    )
    [reply] = standin.wait_for("response", name)
    return reply


def _click(server: Server, standin: SlackStandIn, action_id: str, value: str, name: str,
           *, channel: str = "CPUBLIC001", user: str = "UASKER0001") -> None:
    body = block_action(
        action_id, value, response_url=standin.response_url(name), channel=channel, user=user
    )
    status, _, _ = server.slack(body, FORM)
    assert status == 200


def _store(site: Path):
    settings = load_settings(site / "briefbot.toml")
    return open_store(site / "knowledge", settings)


def test_copy_citation_open_source_and_votes(server: Server, standin: SlackStandIn, site: Path):
    question = "What was said about harbour pilots and jamming?"
    reply = _ask(server, standin, question, "q-members", MEMBERS_CHANNEL)
    blocks = json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert "Ingrid Halvorsen" in blocks and "Oskar Lind" in blocks  # the members channel sees both
    assert "Good morning" not in blocks  # a greeting is never the excerpt

    # Copy citation: the citation lines, in a code block, to the clicker only.
    _click(server, standin, ACTION_CITE, _button(reply, ACTION_CITE), "cite", channel=MEMBERS_CHANNEL)
    [cited] = standin.wait_for("response", "cite")
    assert cited.body["response_type"] == "ephemeral"
    code = next(b["text"]["text"] for b in cited.body["blocks"] if b["type"] == "section")
    assert code.startswith("```") and code.endswith("```")
    assert "” — Dr. Ingrid Halvorsen, Director, Baltic Ports Observatory, at “Ports Under Pressure: " in code
    assert "Tallis Maritime Forum, May 14, 2024, https://example.org/events/ports?x=1&amp;y=2" in code
    assert "Oskar Lind" in code

    # The same Copy citation clicked from a public channel leaves the members-only line out.
    _click(server, standin, ACTION_CITE, _button(reply, ACTION_CITE), "cite-public")
    [public] = standin.wait_for("response", "cite-public")
    assert "Ingrid Halvorsen" in json.dumps(public.body) and "Oskar Lind" not in json.dumps(public.body)

    # Open source is a link button to the briefing's own address.
    source = next(
        e for b in reply.body["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == ACTION_SOURCE
    )
    assert source["url"] in (SOURCE, "https://example.org/closed")
    _click(server, standin, ACTION_SOURCE, source["value"], "source", channel=MEMBERS_CHANNEL)

    # 👍 then 👎 from the asker (the second replaces the first), 👍 from a colleague.
    _click(server, standin, ACTION_GOOD, _button(reply, ACTION_GOOD), "good", channel=MEMBERS_CHANNEL)
    [thanks] = standin.wait_for("response", "good")
    assert "Thanks" in thanks.body["text"]
    _click(server, standin, ACTION_BAD, _button(reply, ACTION_BAD), "bad", channel=MEMBERS_CHANNEL)
    [again] = standin.wait_for("response", "bad")
    assert "replaces your earlier vote" in again.body["text"]
    _click(server, standin, ACTION_GOOD, _button(reply, ACTION_GOOD), "good-public",
           user="UCOLLEAGUE1")
    standin.wait_for("response", "good-public")

    votes = {v.voter: v for v in _store(site).feedback()}
    assert set(votes) == {"UASKER0001", "UCOLLEAGUE1"}
    asker, colleague = votes["UASKER0001"], votes["UCOLLEAGUE1"]
    assert asker.vote == "bad" and colleague.vote == "good"
    assert asker.request_id == colleague.request_id and asker.request_id != "-"
    assert asker.question == question and asker.interface == "slack"
    assert (asker.user_id, asker.channel_id) == ("UASKER0001", MEMBERS_CHANNEL)
    assert {p["speaker"] for p in asker.passages} == {"Ingrid Halvorsen", "Oskar Lind"}
    # Stored as the colleague could see it in the public channel: no members-only passage.
    assert {p["speaker"] for p in colleague.passages} == {"Ingrid Halvorsen"}
    assert all(p["citation"] for p in asker.passages)

    (case,) = list(eval_cases(_store(site).feedback("bad")))
    assert case["question"] == question and case["expect"] == {"any": []}
    assert {s["speaker"] for s in case["review"]["shown"]} == {"Ingrid Halvorsen", "Oskar Lind"}


def test_open_source_of_a_restricted_briefing_is_refused_elsewhere(
    server: Server, standin: SlackStandIn
):
    reply = _ask(server, standin, "What did Oskar Lind say about the register?", "q-lind",
                 MEMBERS_CHANNEL)
    value = _button(reply, ACTION_SOURCE)
    _click(server, standin, ACTION_SOURCE, value, "source-public")
    [told] = standin.wait_for("response", "source-public")
    assert "can't see here" in told.body["text"]


def test_a_single_word_is_searched_as_a_topic(server: Server, standin: SlackStandIn):
    reply = _ask(server, standin, "jamming", "one-word", "CPUBLIC001")
    blocks = json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert "Ingrid Halvorsen" in blocks
    assert "Filters (combine freely" not in blocks  # no 30-line help for a topic word
