"""The console's follows: commands, and digests printed when knowledge/ changes while it runs."""

from __future__ import annotations

import time

from test_follows import ARCTIC, CLOSED, make_follow_site

from briefbot.interfaces.commands.console import repl
from briefbot.interfaces.console_follows import ConsoleFollows, EngineBox
from briefbot.search.engine import Engine
from briefbot.state import StateStore


def test_follow_following_unfollow_and_a_digest_printed_while_the_console_runs(tmp_path):
    knowledge, settings = make_follow_site(tmp_path)
    engine = Engine.open(knowledge, settings)
    store = StateStore()
    out: list[str] = []
    follows = ConsoleFollows(lambda: store, settings, None, write=out.append)
    follows.start(knowledge, EngineBox(engine))

    def script():
        yield "follow icebreaker"
        yield "follow sanctions after:someday"  # a bad filter is refused when the follow is made
        yield "following"
        (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
        (knowledge / "members" / "closed.txt").write_text(CLOSED, encoding="utf-8")
        deadline = time.monotonic() + 60
        while not any("New in the briefings" in line for line in out):
            assert time.monotonic() < deadline, out
            time.sleep(0.1)
        yield "who is Lena Marsh"  # answered from the new index
        yield "unfollow 1"
        yield "following"

    lines = script()

    def read(_prompt=""):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    try:
        assert repl(engine, None, interactive=False, read=read, write=out.append,
                    store=store, follows=follows) == 0
    finally:
        follows.stop()
    text = "\n".join(out)
    assert "Following #1 “icebreaker”" in text
    assert "Sorry:" in text and "#2" not in text  # the bad filter made no follow
    after = out[next(i for i, line in enumerate(out) if "New in the briefings" in line) + 1:]
    assert any("Lena Marsh" in line for line in after)  # the question after it: new index
    digests = [line for line in out if "New in the briefings" in line]
    assert len(digests) == 1 and "Lena Marsh" in digests[0] and "Polar Logistics" in digests[0]
    assert "Lithium" not in text and "Reyes" not in text  # members-only: not for this console
    assert "Stopped following #1" in text and "Nothing is followed yet" in text
    assert store.follows("C1") == []  # console follows never land on a Slack channel
