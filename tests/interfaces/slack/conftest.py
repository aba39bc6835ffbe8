"""Fixtures for the Slack app tests: the local Slack stand-in and a small stand-in engine.

The stand-in engine follows the Engine contract (``ask(question, viewer, k=,
offset=)``, access applied per viewer) over three hand-made hits; the
end-to-end tests in ``test_slack_http.py`` use the real engine instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_bolt.response import BoltResponse
from slack_standin import BOT_TOKEN, SIGNING_SECRET, SlackStandIn, signed_headers

from briefbot.config import Settings
from briefbot.errors import QueryError
from briefbot.interfaces.slack.app import create_app
from briefbot.interfaces.slack.settings import SlackEnv
from briefbot.models import Answer, Briefing, Highlight, Hit, Passage, Role, Span, Speaker, Viewer

MEMBERS_CHANNEL = "CMEMBERS01"
MEMBER_USER = "UMEMBER001"

_SINGLETON = Speaker(
    id="craig-singleton",
    name="Craig Singleton",
    affiliation="Senior Fellow, Foundation for Defense of Democracies",
)
_BERMAN = Speaker(
    id="ilan-berman",
    name="Ilan Berman",
    affiliation="Senior Vice President, American Foreign Policy Council",
)
_SECRET = Speaker(id="jane-doe", name="Jane Doe", affiliation="Deputy Director, Hidden Institute")


def _briefing(
    bid: str, title: str, speakers: tuple[Speaker, ...], access: str = "public"
) -> Briefing:
    return Briefing(
        id=bid,
        title=title,
        organization="American Foreign Policy Council",
        date=dt.date(2023, 6, 8),
        speakers=speakers,
        path=f"{bid}.txt",
        format="summary",
        access=access,
    )


_PUBLIC = _briefing("nexus", "The Beijing-Moscow Nexus", (_SINGLETON, _BERMAN))
_MEMBERS = _briefing("offrecord", "Members-only Roundtable", (_SECRET,), access="members")

_ROWS = [
    (
        _PUBLIC,
        _SINGLETON,
        "China is ensuring Russia has what it needs to sustain the war, but not actually win it.",
    ),
    (_PUBLIC, _BERMAN, "China and Russia both seek to end American hegemony <!channel>."),
    (_MEMBERS, _SECRET, "Off the record: China is quietly rationing Russia's supplies."),
]


class StubEngine:
    """Keyword engine with the real access rule; 'boom' crashes, 'bad:' is a QueryError."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Viewer | None, int | None, int]] = []

    @staticmethod
    def visible(briefing: Briefing, viewer: Viewer | None) -> bool:
        if briefing.access == "public":
            return True
        if viewer is None:
            return False
        if viewer.channel == MEMBERS_CHANNEL:
            return True
        private = viewer.channel is None or viewer.channel.startswith("D")
        return private and viewer.user == MEMBER_USER

    def ask(
        self, question: str, viewer: Viewer | None = None, *, k: int | None = None, offset: int = 0
    ) -> Answer:
        self.calls.append((question, viewer, k, offset))
        k = k or 3
        if "boom" in question:
            raise RuntimeError("engine exploded xoxb-should-never-leak-123")
        if "bad:" in question:
            raise QueryError(
                "unknown filter 'bad:'; filters are speaker:, org:, event:, after:, before:"
            )
        if question.strip().lower() == "help":
            return Answer(question=question, intent="help")
        words = {w.strip("?.,").lower() for w in question.split() if len(w) > 3}
        hits = []
        for number, (briefing, speaker, text) in enumerate(_ROWS):
            if not self.visible(briefing, viewer) or not words & {
                w.strip(".,'s").lower() for w in text.split()
            }:
                continue
            passage = Passage(
                id=f"{briefing.id}#{number}",
                briefing_id=briefing.id,
                speaker_id=speaker.id,
                role=Role.PANELIST,
                text=text,
                order=number,
                span=Span(line_start=1, line_end=1, char_start=0, char_end=len(text)),
            )
            start = text.find("China")
            marks = (Highlight(start=start, end=start + 5),) if start >= 0 else ()
            hits.append(
                Hit(
                    passage=passage,
                    briefing=briefing,
                    speaker=speaker,
                    score=1.0,
                    excerpt=text,
                    highlights=marks,
                )
            )
        page = tuple(hits[offset : offset + k])
        return Answer(
            question=question,
            intent="search",
            hits=page,
            no_match=not hits,
            suggestions=("China-Russia relations",) if not hits else (),
            offset=offset,
            has_more=len(hits) > offset + k,
        )


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def env(standin: SlackStandIn) -> SlackEnv:
    return SlackEnv(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=standin.api_url)


@pytest.fixture
def engine() -> StubEngine:
    return StubEngine()


def make_settings(**server: Any) -> Settings:
    """Default settings with a few [server] keys changed."""
    return Settings.model_validate({"answer": {"top_k": 1}, "server": server})


@pytest.fixture
def app(engine: StubEngine, env: SlackEnv) -> Iterator[App]:
    built = create_app(lambda: engine, make_settings(), env)
    yield built
    finish(built)


def finish(app: App) -> None:
    """Wait for the app's background (lazy) work, so no thread outlives its test."""
    app.listener_runner.listener_executor.shutdown(wait=True)


def dispatch(
    app: App, body: str, *, content_type: str, headers: dict[str, str] | None = None
) -> BoltResponse:
    """Send a signed request through Bolt's own dispatch, as its HTTP adapters do."""
    signed = signed_headers(body, content_type=content_type)
    signed.update(headers or {})
    return app.dispatch(BoltRequest(body=body, headers={k.lower(): v for k, v in signed.items()}))
