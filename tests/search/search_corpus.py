"""A small corpus built in code: shared surnames, a job change, access labels.

Its people and events echo the development briefings, but every remark is
invented wording: no sentence of a development question's expected passage.

Imported by the search tests (via conftest) and loaded by path from the
render and interface tests.
"""

from __future__ import annotations

import datetime as dt

from briefbot.config import AccessRule, Settings
from briefbot.index.store import build_index
from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker
from briefbot.search.engine import Engine

MEMBERS_CHANNEL = "CMEMBERS"
MEMBER_USER = "UMEMBER"


def _speaker(name, honorific=None, affiliation=None, role=Role.PANELIST):
    from briefbot.text import slug

    return Speaker(id=slug(name), name=name, honorific=honorific, affiliation=affiliation, role=role)


def _passages(briefing: Briefing, turns):
    out = []
    for order, (speaker_id, role, section, text) in enumerate(turns):
        out.append(
            Passage(
                id=f"{briefing.id}#{order}",
                briefing_id=briefing.id,
                speaker_id=speaker_id,
                role=role,
                section=section,
                text=text,
                order=order,
                span=Span(line_start=order + 1, line_end=order + 1, char_start=0, char_end=len(text)),
            )
        )
    return out


def engine_of(briefing: Briefing, turns) -> Engine:
    """An engine over one briefing whose passages are ``turns``: (speaker id, role, text)."""
    passages = _passages(briefing, [(who, role, None, text) for who, role, text in turns])
    settings = Settings()
    return Engine(build_index(Corpus(briefings=(briefing,), passages=tuple(passages)), settings),
                  settings)


def build_corpus() -> Corpus:
    taiwan = Briefing(
        id="taiwan",
        title="Holding the Line: Deterrence in the Taiwan Strait",
        organization="Harbor Council on Strategy",
        date=dt.date(2024, 6, 12),
        moderator="Bennett Hollis",
        speakers=(
            _speaker("Joanna Kang", "Dr.", "Senior Fellow, Harbor Council on Strategy"),
            _speaker("Warren Kang", "Mr.", "Managing Director, Pacific Crossings Institute"),
            _speaker("Mikkel Østergaard", "Mr.", "Chief Engineer, Nordic Cable Works"),
            _speaker("Bennett Hollis", "Mr.", "Vice President, Harbor Council on Strategy", Role.MODERATOR),
        ),
        path="taiwan.txt",
        format="transcript",
        source="https://example.org/taiwan",
    )
    arctic = Briefing(
        id="arctic",
        title="Cold Passage: Arctic Shipping and Sanctions",
        organization="Meridian Policy Institute",
        series="Polar Security Roundtable",
        date=dt.date(2023, 4, 23),
        categories=("Arctic", "Shipping"),
        moderator="Dana Whitfield",
        speakers=(
            _speaker("Grace Lindqvist", "Dr.", "Senior Fellow, Meridian Policy Institute"),
            _speaker("Erik Lindqvist", "Mr.", "Director of Maritime Risk, Boreal Maritime Analytics"),
            _speaker("Tessa Marchetti", "Dr.", "Senior Fellow, Atlas Forum"),
            _speaker("Dana Whitfield", "Ms.", "Director of Programs, Meridian Policy Institute", Role.MODERATOR),
        ),
        path="arctic.txt",
        format="summary",
    )
    secret = Briefing(
        id="members/krill",
        title="Off the Record: Krill Fishing in Antarctic Waters",
        organization="Harbor Council on Strategy",
        date=dt.date(2025, 1, 10),
        speakers=(
            _speaker("Tessa Marchetti", "Dr.", "Director, Harbor Council on Strategy"),
            _speaker("Zora Hiddenfeld", "Ms.", "Secret Envoy, Hidden Ministry"),
        ),
        path="members/krill.md",
        format="markdown",
        access="members",
    )
    vault = Briefing(
        id="vault/penguins",
        title="Penguin Colonies Under Pressure",
        organization="Nobody Knows",
        date=dt.date(2025, 2, 1),
        speakers=(_speaker("Quentin Vaultman", "Mr.", "Keeper"),),
        path="vault/penguins.md",
        format="markdown",
        access="vault",
    )
    passages = []
    passages += _passages(
        taiwan,
        [
            (None, Role.ORGANIZATION, None,
             "The Harbor Council on Strategy hosted a discussion on deterrence in the Taiwan Strait."),
            ("joanna-kang", Role.PANELIST, "Military balance",
             "Submarines are different from surface ships because they are survivable. "
             "A missile battery delivered after the crisis protects no one during it."),
            ("warren-kang", Role.PANELIST, "Quarantine",
             "A blockade of the outer islands would hurt fishing fleets first. Ferry operators "
             "would raise fares within a week. The so-called chip moat is no guarantee."),
            ("mikkel-ostergaard", Role.PANELIST, "Cables",
             "A technician with a badge worries me more than a trawler's anchor. "
             "Operators should scramble traffic end to end."),
            ("bennett-hollis", Role.MODERATOR, None,
             "Let's go to the audience. Please keep it to a question."),
        ],
    )
    passages += _passages(
        arctic,
        [
            (None, Role.ORGANIZATION, None,
             "The Meridian Policy Institute convened its roundtable on the Northern Sea Route."),
            ("grace-lindqvist", Role.PANELIST, "Icebreakers",
             "Heavy icebreaker hulls are the true measure of polar reach. Sanctions on a northern gas "
             "project left its operator short of ice-class carriers."),
            ("erik-lindqvist", Role.PANELIST, "Insurance",
             "Older tankers carry insurance from providers outside the established mutual clubs. "
             "Pack ice pays no attention to sanctions blacklists."),
            ("tessa-marchetti", Role.PANELIST, "Chips",
             "Export controls slow rivals down; they never stop them. Chip smuggling through third "
             "countries continues."),
        ],
    )
    passages += _passages(
        secret,
        [
            ("tessa-marchetti", Role.PANELIST, "Krill",
             "Krill fishing in Antarctic waters is expanding fast, and the quotas are outdated."),
            ("zora-hiddenfeld", Role.PANELIST, "Envoys",
             "The hidden ministry keeps its Antarctic krill negotiations confidential."),
        ],
    )
    passages += _passages(
        vault,
        [("quentin-vaultman", Role.PANELIST, None,
          "Penguin colonies near the peninsula are shrinking as the krill disappears.")],
    )
    return Corpus(briefings=(taiwan, arctic, secret, vault), passages=tuple(passages))


def build_settings() -> Settings:
    return Settings(
        access={"members": AccessRule(channels=(MEMBERS_CHANNEL,), users=(MEMBER_USER,))}
    )


def build_engine() -> Engine:
    settings = build_settings()
    return Engine(build_index(build_corpus(), settings), settings)

