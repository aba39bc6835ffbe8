"""Restricted briefings are visible exactly where the allowlist says, nowhere else."""

from __future__ import annotations

import pytest

from briefbot.config import AccessRule
from briefbot.models import Viewer
from briefbot.search.access import can_see

from search_corpus import MEMBER_USER, MEMBERS_CHANNEL

RULES = {"members": AccessRule(channels=("CALLOWED",), users=("UALLOWED",))}


@pytest.mark.parametrize(
    "viewer, label, expected",
    [
        (None, "public", True),
        (None, "members", False),
        (Viewer(), "members", False),
        (Viewer(channel="CALLOWED"), "members", True),
        (Viewer(channel="COTHER", user="UALLOWED"), "members", False),  # not into a shared channel
        (Viewer(channel="D123", user="UALLOWED"), "members", True),  # their own DM
        (Viewer(user="UALLOWED"), "members", True),  # console --user
        (Viewer(channel="D123", user="UOTHER"), "members", False),
        (Viewer(channel="CALLOWED"), "unknown-label", False),  # fails closed
    ],
)
def test_rule(viewer, label, expected):
    assert can_see(label, viewer, RULES) is expected


PUBLIC_VIEWS = [None, Viewer(channel="CPUBLIC"), Viewer(channel="CPUBLIC", user=MEMBER_USER)]
MEMBER_VIEWS = [Viewer(channel=MEMBERS_CHANNEL), Viewer(channel="DDM", user=MEMBER_USER)]
SECRET_WORDS = ("Hiddenfeld", "Krill", "krill", "Off the Record", "Director, Harbor", "Vaultman", "Penguin")


def _everything(answer) -> str:
    parts = [answer.answer or "", answer.searched or "", *answer.details, *answer.notes, *answer.suggestions]
    for hit in answer.hits:
        parts += [hit.excerpt, hit.briefing.title, hit.passage.text, hit.speaker.name if hit.speaker else ""]
    return "\n".join(parts)


QUESTIONS = [
    "krill fishing in Antarctic waters",
    "who said krill fishing in Antarctic waters is expanding fast",
    "What did Marchetti say about krill?",
    "What did Hiddenfeld say?",
    "speaker hiddenfeld",
    "speaker marchetti",
    "events",
    "events krill",
    "What is Tessa Marchetti's affiliation?",
    "Which briefings did Tessa Marchetti take part in?",
    "Who spoke at the krill event?",
    "When was the off the record briefing?",
    "penguin colonies",
    "quotas speaker:hiddenfeld",
    "speaker hidenfeld",
]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("viewer", PUBLIC_VIEWS)
def test_restricted_never_leaks_to_public_views(engine, question, viewer):
    text = _everything(engine.ask(question, viewer))
    # The asker's own words may be echoed back ("“krill event” matches no event").
    for word in (w for w in SECRET_WORDS if w.lower() not in question.lower()):
        assert word not in text, f"{word!r} leaked for {viewer}"


@pytest.mark.parametrize("viewer", MEMBER_VIEWS)
def test_members_see_the_restricted_briefing_in_every_intent(engine, viewer):
    assert engine.ask("krill fishing quotas", viewer).hits[0].briefing.id == "members/krill"
    assert "Hiddenfeld" in engine.ask("speaker hiddenfeld", viewer).answer
    assert "Off the Record" in engine.ask("Which briefings did Tessa Marchetti take part in?", viewer).answer
    assert any("Off the Record" in d for d in engine.ask("events", viewer).details)


def test_unknown_label_is_visible_to_nobody(engine):
    for viewer in PUBLIC_VIEWS + MEMBER_VIEWS:
        assert "Penguin" not in _everything(engine.ask("penguin colonies krill", viewer))
        assert not engine.visible(engine.corpus.briefings[3], viewer)
