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
import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import replace

from ..errors import QueryError
from ..text import fold_quotes, squash_space
from .asks import MetadataAsk, read_metadata_ask
from .question import DateBound, Query

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
    "role": "role",
    "after": "after",
    "since": "after",
    "from": "after",
    "before": "before",
    "until": "before",
}
# URI schemes (IANA's common ones, and Slack's) of links people paste: "x:y" there is no filter.
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

# English reporting verbs (source: English grammar's verbs of saying), for "who <verb> ...".
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
        meta = read_metadata_ask(rest)
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
    values: dict[str, list[str]] = {"speaker": [], "org": [], "event": [], "category": [], "role": []}
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
                "org:, event:, category:, role:, after: and before: (for example speaker:<surname> "
                "after:2023-01)"
            )
        if not value:
            raise QueryError(f"{key_raw}: needs a value, for example {_example(key)}")
        if key == "role":
            values[key].extend(_roles(value, key_raw))
        elif key in ("after", "before"):
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
        roles=tuple(dict.fromkeys(values["role"])),
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
        "role": "role:audience",
        "after": "after:2023-01",
        "before": "before:2024",
    }[key]


_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


# role: words -> the passage roles they mean (models.Role values). "audience"
# takes questions from the floor and reporters' questions alike.
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "audience": ("audience", "questioner"),
    "questioner": ("audience", "questioner"),
    "questions": ("audience", "questioner"),
    "reporters": ("audience", "questioner"),
    "press": ("audience", "questioner"),
    "moderator": ("moderator",),
    "panel": ("panelist", "keynote"),
    "panelist": ("panelist", "keynote"),
    "speaker": ("panelist", "keynote"),
    "keynote": ("keynote",),
}


def _roles(value: str, key: str) -> tuple[str, ...]:
    word = value.strip().lower().rstrip("s") if value.strip().lower() not in _ROLE_WORDS else value.strip().lower()
    found = _ROLE_WORDS.get(word) or _ROLE_WORDS.get(word + "s")
    if not found:
        raise QueryError(f"{key}: expects audience, moderator or panel, not {value[:40]!r}")
    return found


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
