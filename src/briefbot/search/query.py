"""The one query parser every interface shares.

``parse(text)`` turns what a person typed (console, ``briefbot ask`` or
Slack, with or without a leading ``/brief``) into a ``Query``: the intent,
the free text left to search, and the filters. Filters follow the style of
parliamentary-debate search engines:

    speaker:berman   org:"harbor council"   event:arctic   category:china
    after:2023-01    before:2024            "exact phrase"   -excluded

``org:`` means the organization that hosted the event, never a speaker's
affiliation (people are found with ``speaker:`` or ``speaker <name>``).
A message of greetings or thanks only is small talk (``Query.chat``).

Each filter can say in words what it restricts (``Query.describe()``), so
the answer can tell the asker what was searched. A filter with a bad value
raises ``QueryError`` whose message says what is accepted; any other input,
however odd, parses.
"""

from __future__ import annotations

import calendar
import difflib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..errors import QueryError
from ..text import fold_quotes, squash_space

__all__ = [
    "Query",
    "DateBound",
    "MetadataAsk",
    "parse",
    "clean_input",
    "FILTER_KEYS",
    "MAX_QUERY_CHARS",
]

MAX_QUERY_CHARS = 1000
"""Longer input is cut here: no real question is longer, and it bounds work."""

# Canonical filter key for each spelling a person may use.
FILTER_KEYS: dict[str, str] = {
    "speaker": "speaker",
    "by": "speaker",
    "person": "speaker",
    "org": "org",
    "organization": "org",
    "organisation": "org",
    "event": "event",
    "category": "category",
    "cat": "category",
    "after": "after",
    "since": "after",
    "from": "after",
    "before": "before",
    "until": "before",
}
_URL_SCHEMES = {"http", "https", "mailto", "ftp", "file", "tel", "slack"}

_DATE_HELP = "a date like 2023, 2023-06 or 2023-06-08"
_SLACK_LINK = re.compile(r"<((?:https?|mailto|ftp|slack):[^|>\s]*)(?:\|([^>]*))?>", re.IGNORECASE)
_SLACK_SPECIAL = re.compile(r"<[!@#][^>]{0,200}>")
_FILTER = re.compile(
    r"""(?:(?<=\s)|^)(?P<key>[A-Za-z]{2,14}):(?P<value>"[^"]*"?|[^\s"]+)""", re.UNICODE
)
_EMPTY_FILTER = re.compile(
    r"(?:(?<=\s)|^)(?P<key>" + "|".join(FILTER_KEYS) + r"):(?=\s|$)", re.IGNORECASE
)
_EXCLUDE = re.compile(r"""(?:(?<=\s)|^)-(?P<value>"[^"]+"|[^\W\d_][\w'-]*)""", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_BRIEF_PREFIX = re.compile(r"^\s*/?brief\b[:,]?\s*", re.IGNORECASE)

_SAY_VERBS = (
    "said|say|says|argued|argue|argues|claimed|claim|claims|warned|warn|warns|stated|"
    "noted|wrote|remarked|observed|suggested|insisted|predicted|asserted|contended|"
    "maintained|mentioned|declared|put it|quipped|joked|called|described|told"
)
_WHO_SAID = re.compile(
    rf"^(?:and\s+|so\s+)?(?:who|which\s+(?:speaker|panelist|person|one))\s+"
    rf"(?:was\s+it\s+(?:that|who)\s+)?(?:(?:first|actually|really)\s+)?"
    rf"(?:{_SAY_VERBS})\b(?:\s+that\b)?[\s,:]*(?P<quote>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SPEAKER = re.compile(
    r"^(?:speaker|profile|person|who\s+is|who's|tell\s+me\s+about\s+speaker)\s+(?P<name>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_EVENTS = re.compile(r"^(?:events?|briefings?|list\s+events?)(?:\s+(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)
# "Which briefings were held in 2024?", "list the events before 2024": a
# listing of events in plain words; it counts only when what follows is a
# period (``_date_words``), otherwise the question is a search.
_EVENTS_IN_WORDS = re.compile(
    r"^(?:(?:which|what)\s+(?:were\s+the\s+)?|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?|all\s+(?:the\s+)?)"
    r"(?:events?|briefings?|panels?|sessions?|meetings?)\s*"
    r"(?:(?:were|was|have\s+been|has\s+been|did\s+you\s+have|are\s+there|were\s+there)\s+)?"
    r"(?:(?:held|hosted|happened|happen|took\s+place|take\s+place|occurred|occur|run|convened|organi[sz]ed|there)\s*)?"
    r"(?P<rest>.*?)\W*$",
    re.IGNORECASE | re.DOTALL,
)
_MONTHS = "|".join(m for m in calendar.month_name if m)
_DATE_WORDS = re.compile(
    rf"(?:^|\s)(?P<how>in|during|before|after|since|from)\s+"
    rf"(?:(?P<month>{_MONTHS})\s+)?(?P<year>(?:19|20)\d\d)(?=\W*$|\s)",
    re.IGNORECASE,
)
# A message made only of greetings, thanks and courtesy asks nothing of the
# briefings; it needs at least one of the ``_CHAT_ANCHORS``.
_CHAT_WORDS = frozenset(
    """hi hello hey hiya yo thanks thank thx ty cheers bye goodbye see later ok okay cool great
    good nice perfect fine morning afternoon evening night you very much so lot that's thats all
    for now how are is it going doing today's today there bot briefbot again""".split()
)
_CHAT_ANCHORS = frozenset(
    "hi hello hey hiya yo thanks thank thx ty cheers bye goodbye morning afternoon evening".split()
)
_HELP = re.compile(r"^(?:help|\?|h|commands|usage|how\s+do\s+i\s+use\s+(?:this|you|briefbot))\W*$", re.IGNORECASE)

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
            rf"council|center|centre|forum)\s+(?:hosted|ran|organi[sz]ed|held|convened|sponsored|put\s+on|"
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


@dataclass(frozen=True)
class DateBound:
    """A date filter value: the first day of the period a person named."""

    start: dt.date
    precision: str  # "year" | "month" | "day"

    def words(self) -> str:
        """'2023', 'January 2023' or 'January 5, 2023'."""
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        return f"{calendar.month_name[self.start.month]} {self.start.day}, {self.start.year}"

    def end(self) -> dt.date:
        """The first day after the period."""
        if self.precision == "year":
            return dt.date(self.start.year + 1, 1, 1)
        if self.precision == "month":
            year, month = divmod(self.start.month, 12)
            return dt.date(self.start.year + year, month + 1, 1)
        return self.start + dt.timedelta(days=1)


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


@dataclass(frozen=True)
class Query:
    """What a person asked, understood: intent, free text and filters."""

    raw: str
    intent: str = "search"  # search | who_said | speaker | events | metadata | help
    text: str = ""
    speakers: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    after: DateBound | None = None
    before: DateBound | None = None
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    quote: str | None = None
    subject: str | None = None
    chat: bool = False  # small talk ("thanks!", "hi there"): help, and nothing answered
    metadata: MetadataAsk | None = None
    truncated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def has_filters(self) -> bool:
        """True when anything restricts which briefings or passages count."""
        return bool(
            self.speakers
            or self.orgs
            or self.events
            or self.categories
            or self.after
            or self.before
            or self.phrases
            or self.excluded
        )

    @property
    def has_filters_besides_phrases(self) -> bool:
        """True when a filter other than an exact phrase is set."""
        return bool(
            self.speakers or self.orgs or self.events or self.categories or self.after
            or self.before or self.excluded
        )

    def describe(self, *, speakers: bool = True) -> str:
        """The restrictions in words, e.g. 'speaker berman · since January 2023'.

        ``speakers=False`` leaves out the speaker filters, for a caller that
        names the people they resolved to instead.
        """
        parts: list[str] = []
        if speakers:
            parts += [f"speaker {v}" for v in self.speakers]
        parts += [f"organization {v}" for v in self.orgs]
        parts += [f"event {v}" for v in self.events]
        parts += [f"category {v}" for v in self.categories]
        if self.after and self.before and self.before.start == self.after.end():
            parts.append(f"in {self.after.words()}")  # one whole period: 'in 2024'
        else:
            if self.after:
                parts.append(f"since {self.after.words()}")
            if self.before:
                parts.append(f"before {self.before.words()}")
        parts += [f"exact phrase “{v}”" for v in self.phrases]
        parts += [f"without “{v}”" for v in self.excluded]
        return " · ".join(parts)


def clean_input(text: str) -> tuple[str, bool]:
    """Make pasted text safe to parse: Slack markup unwrapped, control characters gone.

    Returns the cleaned text and whether it was cut at ``MAX_QUERY_CHARS``.
    A Slack link ``<http://x|label>`` keeps its label, a bare link its URL
    text; mentions (``<@U123>``, ``<!channel>``, ``<#C1|x>``) are dropped.
    """
    if not isinstance(text, str):
        text = str(text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_SPECIAL.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    # Control and format characters (bidi overrides included) carry no words.
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in text
    )
    text = fold_quotes(text)
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS]
    return squash_space(text), truncated


def parse(text: str) -> Query:
    """Understand one question. Raises QueryError only for a filter with a bad value."""
    cleaned, truncated = clean_input(text)
    notes = ("Only the first %d characters of the question were read." % MAX_QUERY_CHARS,) if truncated else ()
    body = _BRIEF_PREFIX.sub("", cleaned, count=1) if cleaned.lower().startswith(("/brief", "brief ")) or cleaned.lower() == "brief" else cleaned
    body = body.strip()
    base = Query(raw=text if isinstance(text, str) else str(text), truncated=truncated, notes=notes)
    if not body or _HELP.match(body):
        return replace(base, intent="help")
    if _is_chat(body):
        return replace(base, intent="help", chat=True, text=body)

    who = _WHO_SAID.match(body)
    if who:
        quote_part, filters = _take_filters(who.group("quote"), keep_phrases=False)
        quote = _strip_quote(quote_part)
        if quote:
            return replace(filters, raw=base.raw, truncated=truncated, notes=notes, intent="who_said", quote=quote, text=quote)

    speaker = _SPEAKER.match(body)
    if speaker and not _looks_like_question(speaker.group("name")):
        rest, filters = _take_filters(speaker.group("name"), keep_phrases=False)
        name = _strip_quote(rest).strip(" ?.!")
        if name:
            return replace(filters, raw=base.raw, truncated=truncated, notes=notes, intent="speaker", subject=name, text=name)

    events = _EVENTS.match(body) or _EVENTS_IN_WORDS.match(body)
    if events:
        rest, filters = _take_filters(events.group("rest") or "", keep_phrases=True)
        rest, filters = _date_words(rest, filters)
        if events.re is _EVENTS or (rest == "" and (filters.after or filters.before)):
            return replace(filters, raw=base.raw, truncated=truncated, notes=notes, intent="events", text=rest)

    rest, filters = _take_filters(body, keep_phrases=True)
    filters = replace(filters, raw=base.raw, truncated=truncated, notes=notes)
    if not filters.has_filters or not filters.phrases:
        meta = _metadata(rest)
        if meta is not None and meta.kind == "speakers" and meta.event:
            # "Who spoke at events in 2023": the event words name a period, not
            # a title; the events listing gives each event's speakers.
            named = _EVENTS_IN_WORDS.match(meta.event) or _EVENTS.match(meta.event)
            if named:
                dated_rest, dated = _date_words(named.group("rest") or "", filters)
                if not dated_rest and (dated.after or dated.before):
                    return replace(dated, intent="events", text="")
        if meta is not None:
            return replace(filters, intent="metadata", metadata=meta, text=rest)
    # A question that is nothing but a quotation asks who said it.
    outside = _PHRASE.sub(" ", body).strip(" ?.!")
    if (
        len(filters.phrases) == 1
        and not outside
        and not filters.has_filters_besides_phrases
        and len(filters.phrases[0].split()) >= 3
    ):
        return replace(filters, intent="who_said", quote=filters.phrases[0], text=filters.phrases[0], phrases=())
    return replace(filters, intent="search", text=rest)


def _is_chat(text: str) -> bool:
    """Greetings, thanks and goodbyes only ("thanks, that's all for now", "hi there!")."""
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    return bool(words) and len(words) <= 12 and set(words) <= _CHAT_WORDS and bool(
        set(words) & _CHAT_ANCHORS
    )


def _looks_like_question(name: str) -> bool:
    """'who is speaking about X?' is a search, not a profile request."""
    words = name.lower().split()
    return len(words) > 6 or (bool(words) and words[0] in {"the", "a", "an", "speaking", "talking", "saying"})


def _strip_quote(text: str) -> str:
    text = text.strip()
    text = text.strip(" \t?!")
    for _ in range(2):
        if len(text) >= 2 and text[0] in "\"'" and text[-1] in "\"'":
            text = text[1:-1].strip()
    text = text.strip("\"'")
    return text.strip(" ?")


def _take_filters(text: str, *, keep_phrases: bool) -> tuple[str, Query]:
    """Pull ``key:value``, ``-word`` and quoted phrases out of text."""
    values: dict[str, list[str]] = {"speaker": [], "org": [], "event": [], "category": []}
    after: DateBound | None = None
    before: DateBound | None = None

    def on_filter(match: re.Match[str]) -> str:
        nonlocal after, before
        key_raw = match.group("key")
        key = FILTER_KEYS.get(key_raw.lower())
        value = match.group("value").strip('"').strip()
        if key is None:
            close = difflib.get_close_matches(key_raw.lower(), list(FILTER_KEYS), n=1, cutoff=0.75)
            if key_raw.lower() in _URL_SCHEMES or not close:
                return match.group(0)  # ordinary text such as "re:Taiwan"
            raise QueryError(
                f"unknown filter {key_raw}: (did you mean {close[0]}:?) — filters are speaker:, "
                "org:, event:, category:, after: and before: (for example speaker:<surname> after:2023-01)"
            )
        if not value:
            raise QueryError(f"{key_raw}: needs a value, for example {_example(key)}")
        if key in ("after", "before"):
            bound = _parse_date(value, key_raw)
            if key == "after":
                after = bound
            else:
                before = bound
        else:
            values[key].append(squash_space(value))
        return " "

    text = _FILTER.sub(on_filter, text)
    empty = _EMPTY_FILTER.search(text)
    if empty:
        key = FILTER_KEYS[empty.group("key").lower()]
        raise QueryError(f"{empty.group('key')}: needs a value, for example {_example(key)}")
    if after and before and after.start >= before.start:
        raise QueryError(
            f"after: {after.words()} is not earlier than before: {before.words()}; "
            "nothing can match both"
        )
    excluded: list[str] = []

    def on_exclude(match: re.Match[str]) -> str:
        excluded.append(match.group("value").strip('"'))
        return " "

    text = _EXCLUDE.sub(on_exclude, text)
    phrases: list[str] = []
    if keep_phrases:
        def on_phrase(match: re.Match[str]) -> str:
            phrase = squash_space(match.group(1))
            if phrase:
                phrases.append(phrase)
            return " " + phrase + " "

        text = _PHRASE.sub(on_phrase, text)
    # An unbalanced quote mark means nothing: drop it.
    text = squash_space(text.replace('"', " "))
    query = Query(
        raw=text,
        speakers=tuple(values["speaker"]),
        orgs=tuple(values["org"]),
        events=tuple(values["event"]),
        categories=tuple(values["category"]),
        after=after,
        before=before,
        phrases=tuple(phrases),
        excluded=tuple(e for e in excluded if e.strip()),
    )
    return text, query


def _date_words(text: str, query: Query) -> tuple[str, Query]:
    """Periods said in words become date filters: 'in 2024', 'before March 2023', 'since 2023'.

    'after 2023' means from 2024 on (the filter ``after:2023`` includes 2023,
    but in a sentence it does not). Returns the text without the periods.
    """
    after, before = query.after, query.before
    for match in list(_DATE_WORDS.finditer(text)):
        how = match.group("how").lower()
        year = int(match.group("year"))
        month = match.group("month")
        if month:
            number = [m.lower() for m in calendar.month_name].index(month.lower())
            bound = DateBound(dt.date(year, number, 1), "month")
        else:
            bound = DateBound(dt.date(year, 1, 1), "year")
        if how in ("in", "during"):
            after, before = bound, DateBound(bound.end(), "day")
        elif how == "before":
            before = bound
        elif how == "after":
            after = DateBound(bound.end(), bound.precision)
        else:  # since, from
            after = bound
    text = _DATE_WORDS.sub(" ", text)
    return squash_space(text).strip(" ?.!,"), replace(query, after=after, before=before)


def _example(key: str) -> str:
    return {
        # Placeholders: the parser knows no corpus; the help shown with the
        # error gives real values from the briefings being served.
        "speaker": "speaker:<surname>",
        "org": "org:<word of its name>",
        "event": "event:<word of its title>",
        "category": "category:<category>",
        "after": "after:2023-01",
        "before": "before:2024",
    }[key]


_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def _parse_date(value: str, key: str) -> DateBound:
    match = _DATE_RE.match(value.strip())
    if not match:
        raise QueryError(f"{key}: expects {_DATE_HELP}, not {value[:40]!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return DateBound(dt.date(year, 1, 1), "year")
        if day is None:
            return DateBound(dt.date(year, month, 1), "month")
        return DateBound(dt.date(year, month, day), "day")
    except ValueError:
        raise QueryError(f"{key}: {value[:40]!r} is not a real date; expects {_DATE_HELP}") from None


def _metadata(text: str) -> MetadataAsk | None:
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
