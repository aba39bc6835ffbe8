"""No oracle: a public answer is the same, byte for byte, with or without restricted briefings.

Two engines: one over the public briefings alone, one over the same
briefings with restricted ones around them (before, between and after, so
passage numbers shift). The restricted briefings share words with the
public ones (so a global idf and average length would move public scores)
and hold words, names, places, an organization, categories and an acronym
found nowhere else (so a global vocabulary would change "never mention"
notes, did-you-mean, expansions and suggestions). For every intent, an
asker who sees only public briefings must get identical answers from both.
"""

from __future__ import annotations

import datetime as dt

import pytest
from search_corpus import _passages, _speaker, build_corpus

from briefbot.config import AccessRule, Settings
from briefbot.index.store import build_index
from briefbot.models import Briefing, Corpus, Role, Viewer
from briefbot.search.engine import Engine

SETTINGS = Settings(access={"members": AccessRule(channels=("CMEMBERS",))})


def _restricted() -> tuple[list, list]:
    early = Briefing(
        id="members/caracas",
        title="Closed Door: Venezuela Sanctions and Shipping Insurance",
        organization="Hidden Ministry of Sanctions",
        date=dt.date(2024, 6, 12),
        categories=("Venezuela", "Secret Topics", "Shipping"),
        moderator="Zora Hiddenfeld",
        speakers=(
            _speaker("Zora Hiddenfeld", "Ms.", "Secret Envoy, Hidden Ministry", Role.MODERATOR),
            _speaker(
                "Erik Lindqvist", "Mr.", "Director of Maritime Risk, Boreal Maritime Analytics"
            ),
            _speaker("Tessa Marchetti", "Dr.", "Senior Fellow, Atlas Forum"),
        ),
        path="members/caracas.md",
        format="markdown",
        access="members",
    )
    late = Briefing(
        id="vault/reserve",
        title="The Strategic Petroleum Reserve after Caracas",
        organization="Nobody Knows Institute",
        series="Polar Security Roundtable",
        date=dt.date(2023, 4, 23),
        speakers=(_speaker("Quentin Vaultman", "Mr.", "Keeper, Strategic Petroleum Reserve"),),
        path="vault/reserve.md",
        format="markdown",
        access="vault",
    )
    passages = _passages(early, [
        ("zora-hiddenfeld", Role.MODERATOR, "Sanctions",
         "Sanctions on Venezuela and Arctic shipping insurance were discussed in Caracas. "
         "Heavy icebreaker hulls, sanctions, sanctions and insurance again."),
        ("erik-lindqvist", Role.PANELIST, "Insurance",
         "Pack ice pays no attention to sanctions blacklists, and neither does Caracas. Tankers, tankers, "
         "tankers carry insurance from mutual clubs outside Venezuela."),
        ("tessa-marchetti", Role.PANELIST, "Chips",
         "Export controls and chip smuggling through Venezuela and Caracas continue."),
    ])
    passages += _passages(late, [
        ("quentin-vaultman", Role.PANELIST, None,
         "The Strategic Petroleum Reserve (SPR) was drawn down after Caracas. "
         "Submarines and quarantine insurers worry about the SPR."),
    ])
    return [early, late], passages


def _engines() -> tuple[Engine, Engine]:
    public = build_corpus()
    open_briefings = [b for b in public.briefings if b.access == "public"]
    open_ids = {b.id for b in open_briefings}
    open_passages = [p for p in public.passages if p.briefing_id in open_ids]
    alone = Corpus(briefings=tuple(open_briefings), passages=tuple(open_passages))
    (early, late), hidden = _restricted()
    first = [p for p in open_passages if p.briefing_id == open_briefings[0].id]
    rest = [p for p in open_passages if p.briefing_id != open_briefings[0].id]
    early_p = [p for p in hidden if p.briefing_id == early.id]
    late_p = [p for p in hidden if p.briefing_id == late.id]
    mixed = Corpus(
        briefings=(early, open_briefings[0], late, *open_briefings[1:]),
        passages=(*early_p, *first, *late_p, *rest),
    )
    return (Engine(build_index(alone, SETTINGS), SETTINGS),
            Engine(build_index(mixed, SETTINGS), SETTINGS))


QUESTIONS = {
    "search": [
        "What was said about sanctions and insurance?",
        "heavy icebreaker hulls",
        "What did they say about submarines and blockade fares?",
        "tankers insurance mutual clubs",
        "export controls chip smuggling",
    ],
    "search more pages": ["sanctions"],
    "who said": [
        "who said older tankers carry insurance from providers outside the mutual clubs",
        "who said export controls slow rivals down",
        "who said Caracas continues to smuggle chips",
    ],
    "speaker": [
        "who is Tessa Marchetti",
        "who is Erik Lindqvist",
        "who is Zora Hiddenfeld",
        "who is Hidenfeld",
        "what did Erik Lindqvist say",
    ],
    "events": [
        "list the events",
        "events in 2024",
        "which briefings were held in 2023",
        "events about shipping",
    ],
    "metadata": [
        "who moderated the Arctic roundtable",
        "which organizations held events",
        "who spoke at the most events",
        "when was the Venezuela briefing",
        "what is the most recent event",
        "who spoke at the Polar Security Roundtable",
        "what did Tessa Marchetti say at the Cold Passage event",
    ],
    "notes": [
        "What did Erik Lindqvist say about Venezuela?",
        "What was said about Caracas?",
        "Did Hiddenfeld talk about sanctions?",
        "what about the SPR",
        "What was said about the Strategic Petroleum Reserve?",
    ],
    "suggestions": [
        "What about the Moon landing?",
        "thanks!",
        "What was said about Venezuela sanctions and shipping?",
    ],
}


@pytest.fixture(scope="module")
def engines() -> tuple[Engine, Engine]:
    return _engines()


@pytest.mark.parametrize(
    ("intent", "question"),
    [(intent, q) for intent, qs in QUESTIONS.items() for q in qs],
)
def test_a_public_answer_is_identical_with_or_without_restricted_briefings(
    engines: tuple[Engine, Engine], intent: str, question: str
) -> None:
    alone, mixed = engines
    for viewer in (None, Viewer(channel="CPUBLIC"), Viewer(user="UNOBODY")):
        for offset in ((0, 3) if intent == "search more pages" else (0,)):
            expected = alone.ask(question, viewer, k=3, offset=offset).model_dump_json()
            got = mixed.ask(question, viewer, k=3, offset=offset).model_dump_json()
            assert got == expected, f"{intent}: {question!r} for {viewer}"


def test_the_restricted_briefings_are_really_there_for_those_allowed(
    engines: tuple[Engine, Engine],
) -> None:
    _, mixed = engines
    answer = mixed.ask("What was said about Caracas?", Viewer(channel="CMEMBERS"))
    assert answer.hits and "Caracas" in answer.hits[0].excerpt
    assert not answer.notes or "never mention" not in " ".join(answer.notes)
