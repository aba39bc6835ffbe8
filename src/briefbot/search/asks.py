"""Plain-words questions about events and people: the grammar that recognises them.

"Who moderated the ferry safety event?", "What is Varga's affiliation?",
"Which organizations hosted events?", "What did Varga say at the grid panel?":
each pattern names what it asks (``MetadataAsk.kind``) and captures the
words naming the event, person or organization, as asked. ``query.parse``
tries them; the answers come from ``intents/metadata.py`` and
``intents/listings.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import squash_space
from .dates import EVENT_NOUN

__all__ = ["MetadataAsk", "read_metadata_ask"]


@dataclass(frozen=True)
class MetadataAsk:
    """A plain-words question about the structured briefing data."""

    kind: str  # moderator | when | where | host | affiliation | speakers | events_of |
    # people | with | orgs | org_events | order | said_at
    event: str | None = None  # words naming the event, as asked
    person: str | None = None  # words naming the person, as asked
    moderated: bool = False  # events_of: moderated rather than spoke; people: moderators
    org: str | None = None  # people, org_events, order: words naming an organization
    most: bool = False  # people: only who took part most often
    count: bool = False  # org_events: "how many"
    latest: bool = False  # order: the most recent rather than the earliest


# Metadata questions, in plain words. Each pattern names what it asks.
_EVENT_WORDS = r"(?:the\s+)?(?P<event>.+?)"
_PERSON = r"(?P<person>.+?)"
_ROLE_PLURAL = r"(?P<role>moderators|chairs|speakers|panelists|panellists|participants|people)"
_EVENT_NOUN = r"(?:events?|briefings?|panels?|sessions?|discussions?|meetings?)"
_ORG_NOUN = r"(?:organi[sz]ations|think[\s-]?tanks|institutes|institutions|hosts|host\s+organi[sz]ations)"
_HOST_VERB = r"(?:host|hosted|hold|held|run|ran|organi[sz]e|organi[sz]ed|convene|convened|put\s+on)"
_ORDER = r"(?P<order>most\s+recent|latest|last|newest|first|earliest|oldest)"
# Listings over the whole visible corpus; they come before the per-event
# forms so that "who moderated the most events" is not read as an event.
_META_LISTS: tuple[tuple[str, str], ...] = (
    (
        "people",
        rf"^(?:(?:list|show|name)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?|(?:who|what|which)\s+(?:are|were)\s+"
        rf"(?:all\s+)?the\s+){_ROLE_PLURAL}(?:\s+from\s+(?:the\s+)?(?P<org>.+?))?\W*$",
    ),
    (
        "people",
        r"^who\s+(?P<role>moderates|moderated|has\s+moderated|chairs|chaired|speaks|spoke|has\s+spoken|"
        r"appears|appeared|has\s+appeared)\s+(?:at\s+|in\s+)?(?:the\s+)?(?P<most>most)"
        rf"(?:\s+(?:often|times|{_EVENT_NOUN}))?\W*$",
    ),
    (
        "people",
        r"^(?:who|which\s+(?:speakers?|panelists?|people|moderators?))\s+(?:spoke|speaks|were|are|was|is|came)\s+"
        r"from\s+(?:the\s+)?(?P<org>.+?)\W*$",
    ),
    (
        "with",
        r"^who\s+(?:else\s+)?(?:spoke|was|were|sat|appeared|served|talked|took\s+part)\s+"
        r"(?:on\s+(?:the|a)\s+(?:panel|stage)\s+)?(?:with|alongside|together\s+with|next\s+to)\s+"
        r"(?P<person>.+?)\W*$",
    ),
    (
        "with",
        r"^who\s+else\s+(?:spoke|was\s+on\s+the\s+panel|was\s+there|took\s+part|appeared|presented)\s+"
        rf"(?:at|in|on)\s+(?:the\s+|that\s+)?{_EVENT_NOUN}\s+(?:where|that|at\s+which|in\s+which|when)\s+"
        r"(?P<person>.+?)\s+(?:spoke|appeared|was|took\s+part|moderated|presented|talked)\W*$",
    ),
    (
        "with",
        r"^(?:who|with\s+whom)\s+did\s+(?P<person>.+?)\s+(?:speak|appear|share\s+(?:the|a)\s+(?:panel|stage)|"
        r"sit|serve|talk)(?:\s+with)?\W*$",
    ),
    (
        "with",
        r"^who\s+(?:were|are|was)\s+(?P<person>.+?)(?:'s|’s)\s+(?:co-?panel(?:l)?ists|fellow\s+"
        r"(?:panel(?:l)?ists|speakers))\W*$",
    ),
    (
        "orgs",
        rf"^(?:which|what)\s+{_ORG_NOUN}\s+(?:have\s+|has\s+)?(?:{_HOST_VERB}|are\s+there|appear)"
        rf"(?:\s+(?:the\s+)?{_EVENT_NOUN})?\W*$",
    ),
    ("orgs", rf"^(?:list|show|name)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?{_ORG_NOUN}\W*$"),
    (
        "org_events",
        rf"^(?P<count>how\s+many)\s+{_EVENT_NOUN}\s+(?:did|has|have)\s+(?:the\s+)?(?P<org>.+?)\s+{_HOST_VERB}\W*$",
    ),
    (
        "org_events",
        rf"^(?:which|what)\s+{_EVENT_NOUN}\s+(?:did|has|have)\s+(?:the\s+)?(?P<org>.+?)\s+{_HOST_VERB}\W*$",
    ),
    (
        "events_of",
        rf"^how\s+many\s+{_EVENT_NOUN}\s+(?:did|has|have)\s+(?P<person>.+?)\s+(?P<verb>speak|spoken|spoke|"
        r"appear|appeared|attend|attended|participate|participated|take\s+part|moderate|moderated|chair|"
        r"chaired)(?:\s+(?:at|in|on))?\W*$",
    ),
    (
        "order",
        rf"^(?:(?:what|which)\s+(?:was|is|were)\s+|when\s+(?:was|is)\s+)?(?:the\s+)?{_ORDER}\s+{_EVENT_NOUN}"
        rf"(?:\s+(?:held|hosted|on\s+record|in\s+the\s+briefings))?"
        rf"(?:\s+(?:by|of|from|at|hosted\s+by)\s+(?:the\s+)?(?P<org>.+?))?\W*$",
    ),
    (
        "said_at",
        r"^what\s+did\s+(?P<person>.+?)\s+(?:say|ask|asked|said|tell|talk\s+about|discuss|argue|"
        r"raise|mention)\s+(?:at|in|during)\s+(?:the\s+)?(?P<event>.+?)\W*$",
    ),
)
_META: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE | re.DOTALL))
    for kind, pattern in (
        *_META_LISTS,
        ("moderator", rf"^who\s+(?:moderated|chaired|hosted|ran|led)\s+{_EVENT_WORDS}\W*$"),
        # Hearings are presided over: "who presided over the X hearing", "who was presiding at X".
        (
            "moderator",
            rf"^who\s+(?:presided|was\s+presiding|is\s+presiding)\s+(?:over|at|in)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "moderator",
            rf"^who\s+(?:was|is|were)\s+(?:the\s+)?(?:moderator|chair|host)s?\s+(?:of|at|for|in)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "moderator",
            rf"^(?:what\s+was\s+the\s+name\s+of\s+)?the\s+moderator\s+(?:of|at|for)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "when",
            rf"^(?:when|on\s+what\s+(?:date|day))\s+(?:was|were|did|is)\s+{_EVENT_WORDS}"
            r"(?:\s+(?:held|take\s+place|took\s+place|happen|happened|occur|occurred|hosted|"
            r"convened|organi[sz]ed|run|there))?\W*$",
        ),
        ("when", rf"^what\s+(?:was\s+the\s+)?date\s+(?:was|of|for)\s+{_EVENT_WORDS}\W*$"),
        # A document rather than an event is dated: "what date is on the statement ...".
        (
            "when",
            rf"^what\s+(?:(?:is|was)\s+the\s+)?(?:date|day)\s+(?:is|was)?\s*(?:on|of|for)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "affiliation",
            rf"^what\s+(?:is|was|'s)\s+{_PERSON}(?:'s|’s|s')\s+(?:affiliation|organi[sz]ation|"
            r"employer|title|position|job|role)(?:\s+(?:at|in|during|for)\s+(?:the\s+)?(?P<event>.+?))?\W*$",
        ),
        (
            "affiliation",
            rf"^what\s+(?:is|was)\s+the\s+(?:affiliation|organi[sz]ation|title|position|role)\s+of\s+"
            rf"{_PERSON}(?:\s+(?:at|in|during|for)\s+(?:the\s+)?(?P<event>.+?))?\W*$",
        ),
        (
            "affiliation",
            rf"^(?:where|who)\s+(?:does|did)\s+{_PERSON}\s+work(?:\s+for)?"
            r"(?:\s+(?:at\s+the\s+time\s+of|at|in|during)\s+(?:the\s+)?(?P<event>.+?))?\W*$",
        ),
        (
            "affiliation",
            rf"^(?:who|what)\s+(?:is|was)\s+{_PERSON}\s+affiliated\s+with"
            r"(?:\s+(?:at|in|during)\s+(?:the\s+)?(?P<event>.+?))?\W*$",
        ),
        (
            "speakers",
            rf"^who\s+(?:spoke|talked|presented|was\s+speaking|were\s+the\s+(?:speakers|panelists|participants)|"
            rf"was\s+on\s+the\s+panel|participated|took\s+part)\s+(?:at|in|on|for|during)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            # "about" names an event only after a word for the panel itself:
            # "who spoke about X" asks who discussed a subject (a search).
            "speakers",
            rf"^who\s+(?:was|were|sat)\s+on\s+the\s+(?:panel|roundtable|session)\s+(?:about|on|at|for)\s+"
            rf"{_EVENT_WORDS}\W*$",
        ),
        (
            "speakers",
            rf"^(?:who|what)\s+(?:were|are)\s+the\s+(?:speakers|panelists|participants)\s+"
            rf"(?:at|in|of|on|for|about)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "host",
            rf"^(?:what|which)\s+(?:organi[sz]ation|think[\s-]?tank|institute|institution|group|body|"
            rf"council|center|centre|forum|(?:sub)?committee|agency|department|ministry|office|court)\s+"
            rf"(?:hosted|ran|organi[sz]ed|held|convened|sponsored|put\s+on|"
            rf"was\s+behind)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "host",
            rf"^who\s+(?:organi[sz]ed|convened|sponsored|put\s+on|was\s+behind)\s+{_EVENT_WORDS}\W*$",
        ),
        (
            "host",
            rf"^(?:who|what\s+organi[sz]ation|which\s+organi[sz]ation)\s+(?:was|were)\s+{_EVENT_WORDS}\s+"
            r"(?:hosted|organi[sz]ed|run|held|convened|put\s+on)\s+by\W*$",
        ),
        (
            "where",
            rf"^where\s+(?:was|were|is)\s+{_EVENT_WORDS}(?:\s+(?:held|hosted|convened|organi[sz]ed|"
            r"located|staged))?\W*$",
        ),
        (
            "where",
            rf"^where\s+did\s+{_EVENT_WORDS}\s+(?:take\s+place|happen|meet|convene)\W*$",
        ),
        ("where", rf"^(?:what\s+was\s+the\s+)?(?:venue|location)\s+(?:of|for)\s+{_EVENT_WORDS}\W*$"),
        # "Where did Yellen hold her press gaggle?": the person's name helps find the event.
        (
            "where",
            r"^where\s+did\s+(?P<person>.+?)\s+(?:hold|give|host|deliver|have|do)\s+"
            r"(?:(?:her|his|their|its|the|a|an)\s+)?(?P<event>.+?)\W*$",
        ),
        (
            "events_of",
            rf"^(?:which|what)\s+(?:events?|briefings?|panels?|sessions?)\s+(?:did|has|have)\s+"
            rf"{_PERSON}\s+(?P<verb>speak|spoken|spoke|appear|appeared|attend|attended|participate|"
            r"participated|take\s+part|moderate|moderated|chair|chaired)(?:\s+(?:at|in|on))?\W*$",
        ),
        (
            "events_of",
            rf"^where\s+(?:else\s+)?(?:did|has)\s+{_PERSON}\s+(?P<verb>speak|spoken|spoke|appear|"
            r"appeared|moderate|moderated)\W*$",
        ),
    )
)



# What makes a "where" question ask for an event's place: a verb of holding an event, or an
# event noun in its subject (dates.EVENT_NOUN).
_HELD = re.compile(r"\b(?:held|hosted|convened|organi[sz]ed|located|staged|take\s+place|meet|"
                   r"convene|venue|location)\b", re.IGNORECASE)
_EVENT_NAMED = re.compile(rf"\b{EVENT_NOUN}\b", re.IGNORECASE)


def read_metadata_ask(text: str) -> MetadataAsk | None:
    """Recognise a plain-words question about events or people, or None."""
    text = squash_space(text)
    for kind, pattern in _META:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        event = (groups.get("event") or "").strip(" ?.!") or None
        person = (groups.get("person") or "").strip(" ?.!") or None
        verb = (groups.get("verb") or groups.get("role") or "").lower()
        moderated = verb.startswith(("moderat", "chair"))
        org = (groups.get("org") or "").strip(" ?.!") or None
        if kind in ("affiliation", "events_of", "with", "said_at") and not person:
            continue
        if kind == "where" and person and event:
            event, person = f"{person} {event}", None  # the briefer's name is in the title
        elif kind == "where" and event and not (_HELD.search(text) or _EVENT_NAMED.search(event)):
            # "Where is Mark Frerichs now?", "Where was the money kept?": where a person or a
            # thing is, asked of what was said, not where an event took place.
            continue
        if kind in ("moderator", "when", "where", "host", "speakers", "said_at") and not event:
            continue
        if kind == "org_events" and not org:
            continue
        return MetadataAsk(
            kind=kind,
            event=event,
            person=person,
            moderated=moderated,
            org=org,
            most=bool(groups.get("most")),
            count=bool(groups.get("count")),
            latest=(groups.get("order") or "").lower() not in ("", "first", "earliest", "oldest"),
        )
    return None
