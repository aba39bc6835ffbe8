"""Questions as staff type them, reworded into the forms the parser reads.

``reword(corpus, question, scope, today=...)`` runs before ``query.parse``
and only ever uses what the asker may see (``scope``):

- contractions at the start of a question: "what's", "whats", "who's",
  "whos", "what're" read as "what is", "who is", "what are";
- "when did <person> ..." that names no event: the person's profile;
- possessives typed without an apostrophe: "craig singletons affiliation",
  "gao mingyus title" — a word that is a visible person's name plus "s",
  itself no one's name, before a word that asks about a person (the nouns
  of the parser's affiliation questions: affiliation, title, role ...);
- organization acronyms the briefings define or imply ("American Foreign
  Policy Council (AFPC)"): the initials of a visible host organization's
  name, learned by ``acronyms.learn`` from the names and the briefings'
  opening passages, are read as the name, also in ``org:AFPC``;
- role words at an event: "what did the moderator say at the taiwan
  event" names that event's moderator; "the panel" (panelists, speakers,
  briefers) its speakers; "the audience" (reporters, the press) the
  questions from the floor there (``role:audience``);
- dates in words (``dates.py``): "events in spring 2024" becomes the
  filters ``after:2024-03 before:2024-06``; "the june 2023 event" becomes
  the one event *held* in June 2023 (by its title) when the rest of the
  words pick one, or the date filters when several were held then; the
  ``after:``/``before:`` filters take the same words (``after:"last year"``).

A "who said" quotation is never reworded: its words are the asker's memory
of a line, not names or dates to interpret.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from ..errors import QueryError
from ..index.tokenize import tokenize
from ..models import Role
from .corpus import SearchCorpus
from .dates import Found, bound_value, find_periods, period_of
from .intents.facts import resolve_event
from .intents.whosaid import is_statement
from .query import parse
from .scope import Scope
from .tables import tables

__all__ = ["Reworded", "reword", "PERSON_NOUNS"]

PERSON_NOUNS = frozenset(
    ["affiliation", "affiliations", "organization", "organisation", "employer", "title", "position", "job", "role"]
)
"""Words that ask about a person: those of the parser's affiliation questions (query.py)."""

_CONTRACTION = re.compile(
    r"^(?P<lead>\s*(?:and\s+|so\s+)?)(?P<wh>what|who|where|when|how)(?:['’]?(?P<s>s)|['’](?P<re>re))\b",
    re.IGNORECASE,
)
_FILTER_DATE = re.compile(
    r"""(?<!\S)(?P<key>after|before|since|from|until):(?P<value>"[^"]*"|[^\s"]+)""", re.IGNORECASE
)
_ACRONYM = re.compile(r"(?<![\w-])(?P<key>org:|organization:|organisation:)?(?P<acr>[A-Za-z]{2,6})(?![\w-])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# "the moderator" (and its kin) at an event: the role names one person there.
_MODERATOR = re.compile(r"\bthe\s+(?:moderator|chair|chairman|chairwoman|host)\b", re.IGNORECASE)
# "what did the panel (or the panelists, speakers, briefers) say about X at ...":
# everyone who spoke there but the moderator.
_PANEL = re.compile(
    r"^\s*what\s+did\s+the\s+(?:panel|panelists|panellists|speakers|briefers?|officials|witnesses)\s+"
    r"(?:say|said|argue|discuss|think|tell\s+us)(?:\s+(?:about|on|regarding)\s+(?P<topic>.+?))?"
    r"(?=\s+(?:at|in|during|from)\s+(?:the|that|this)\b)",
    re.IGNORECASE,
)
# "what did the audience (reporters, the press, questioners) ask about X at ...".
_AUDIENCE = re.compile(
    r"^\s*what\s+did\s+(?:the\s+)?(?:audience(?:\s+members)?|reporters|press|questioners|"
    r"journalists)\s+(?:ask|say|want\s+to\s+know)(?:\s+(?:about|on|regarding)\s+(?P<topic>.+?))?"
    r"(?=\s+(?:at|in|during|from)\s+(?:the|that|this)\b)",
    re.IGNORECASE,
)
_AT_EVENT = re.compile(r"\b(?:at|in|during|from)\s+(?P<event>(?:the|that|this)\s+.+?)\s*[?.!]*$", re.IGNORECASE)
# Words that say "an event" without naming one: left once the date is taken out.
_EVENT_NOUNS = frozenset(
    ["the", "a", "an", "that", "this", "event", "events", "briefing", "briefings", "panel", "panels", "session", "sessions", "hearing", "hearings", "roundtable", "roundtables", "call", "calls", "gaggle", "conference", "conferences", "seminar", "seminars", "discussion", "discussions", "meeting", "meetings", "forum", "forums", "dialogue", "talk", "talks", "press", "one", "of", "on", "in", "at", "held"]
)


@dataclass(frozen=True)
class Reworded:
    """The question as the parser should read it, and what was changed, in words."""

    text: str
    notes: tuple[str, ...] = ()


def reword(corpus: SearchCorpus, question: str, scope: Scope, *, today: dt.date) -> Reworded:
    """Reword one question (see the module docstring); never raises on odd input."""
    text = _CONTRACTION.sub(_expand_contraction, question, count=1)
    text = _filter_dates(text, today)
    try:
        if parse(text).intent == "who_said":
            return Reworded(text)
    except QueryError:
        return Reworded(text)  # the engine's own parse says what is wrong
    notes: list[str] = []
    text = _possessives(corpus, text, scope)
    text = _bare_person_question(text)
    text = _when_a_person(corpus, text, scope)
    text = _acronyms_to_names(corpus, text, scope)
    text = _role_words(corpus, text, scope)
    text, dated = _dates(corpus, text, scope, today)
    notes.extend(dated)
    return Reworded(text, tuple(notes))


def _expand_contraction(match: re.Match[str]) -> str:
    verb = "are" if match.group("re") else "is"
    return f"{match.group('lead')}{match.group('wh')} {verb}"


def _filter_dates(text: str, today: dt.date) -> str:
    """``after:"june 2024"`` -> ``after:2024-06``; a value the parser reads is left alone."""

    def one(match: re.Match[str]) -> str:
        value = match.group("value").strip('"')
        if re.fullmatch(r"\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?", value):
            return match.group(0)
        period = period_of(value, today)
        if period is None:
            return match.group(0)  # the parser says what it accepts
        key = match.group("key").lower()
        if key in ("until", "before"):
            return f"before:{bound_value(period.start)}"
        return f"{key}:{bound_value(period.start)}"

    return _FILTER_DATE.sub(one, text)


def _possessives(corpus: SearchCorpus, text: str, scope: Scope) -> str:
    words = list(_WORD.finditer(text))
    out = text
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group()
        if not word.lower().endswith("s") or "'" in word or "’" in word:
            continue
        after = words[i + 1].group().lower() if i + 1 < len(words) else ""
        if after not in PERSON_NOUNS:
            continue
        stem = word[:-1]
        if corpus.people.persons_named(word, scope.briefings):
            continue  # 'Sims', 'Suga' are names themselves
        if not corpus.people.persons_named(stem, scope.briefings):
            continue
        out = out[: words[i].start()] + stem + "'s" + out[words[i].end():]
    return out


_BARE_POSSESSIVE = re.compile(
    rf"^(?P<person>[^\W\d][\w .'’-]*?)(?:'s|’s)\s+(?P<noun>{'|'.join(sorted(PERSON_NOUNS))})\b",
    re.IGNORECASE,
)
_EVENTS_PERSON = re.compile(
    r"^(?:what|which)\s+(?:are|were)\s+the\s+(?P<noun>events|briefings|panels|sessions)\s+"
    r"(?P<person>.+?)\s+(?P<verb>moderated|chaired|spoke\s+at|attended|appeared\s+at)\W*$",
    re.IGNORECASE,
)


def _bare_person_question(text: str) -> str:
    """"craig singleton's affiliation" -> "what is ..."; "what are the events X moderated"."""
    wh = re.match(r"\s*(?:what|who|where|when|which|how)\b", text, re.IGNORECASE)
    if not wh and _BARE_POSSESSIVE.match(text.strip()):
        return "what is " + text.strip()
    listed = _EVENTS_PERSON.match(text.strip())
    if listed:
        verb = listed.group("verb").split()[0].lower()
        verb = {"spoke": "spoken", "appeared": "appeared"}.get(verb, verb)
        return f"which {listed.group('noun')} has {listed.group('person')} {verb}"
    return text


_WHEN = re.compile(r"^\s*when\s+(?:did|was|has|had|were)\s+(?P<rest>.+?)\W*$", re.IGNORECASE)


def _when_a_person(corpus: SearchCorpus, text: str, scope: Scope) -> str:
    """"when did marchetti change jobs": a question about a person, not an event.

    When the words after "when did" start with a visible person's name and
    name no event, the person's profile answers (each event with its date and
    the affiliation held then) instead of "I could not tell which event".
    """
    when = _WHEN.match(text)
    if not when:
        return text
    rest = when.group("rest")
    mentions = corpus.people.mentions(rest, scope.briefings)
    if not mentions or mentions[0].start != 0:
        return text
    scored = resolve_event(corpus, rest, scope)
    if scored and scored[0][1] >= 0.4:
        return text
    return f"speaker {mentions[0].text}"


def _acronyms_to_names(corpus: SearchCorpus, text: str, scope: Scope) -> str:
    if not re.search(r"[A-Z]{2}|org:", text, re.IGNORECASE):
        return text
    table: dict[str, str] | None = None

    def one(match: re.Match[str]) -> str:
        nonlocal table
        acr, key = match.group("acr"), match.group("key")
        if not key and not acr.isupper():
            return match.group(0)  # a lower-case word is a word, unless it is an org: value
        if table is None:
            table = tables(corpus).host_acronyms(scope)
        name = table.get(acr.lower())
        if name is None:
            return match.group(0)
        return f'{key}"{name}"' if key else name

    return _ACRONYM.sub(one, text)


def _one_event(corpus: SearchCorpus, words: str, scope: Scope) -> int | None:
    scored = resolve_event(corpus, words, scope)
    if not scored or scored[0][1] < 0.4 or (len(scored) > 1 and scored[0][1] - scored[1][1] < 0.2):
        return None
    return scored[0][0]


def _role_words(corpus: SearchCorpus, text: str, scope: Scope) -> str:
    """'the moderator' at a named event -> that event's moderator; 'the panel' -> its speakers."""
    at = _AT_EVENT.search(text)
    if not at:
        return text
    floor = _AUDIENCE.match(text)
    if floor and floor.end() <= at.start() + 1:
        event = _one_event(corpus, at.group("event"), scope)
        if event is None:
            return text
        topic = (floor.group("topic") or "").strip()
        return f"{topic} role:audience event:{corpus.briefings[event].id}".strip()
    panel = _PANEL.match(text)
    if panel and panel.end() <= at.start() + 1:
        event = _one_event(corpus, at.group("event"), scope)
        if event is None:
            return text
        briefing = corpus.briefings[event]
        names = [sp.name for sp in briefing.speakers if sp.role in (Role.PANELIST, Role.KEYNOTE)]
        if not names:
            return text
        topic = (panel.group("topic") or "").strip()
        filters = " ".join(f'speaker:"{n}"' for n in names)
        return f"{topic} {filters} event:{briefing.id}".strip()
    role = _MODERATOR.search(text)
    if not role or at.start() < role.end():
        return text
    event = _one_event(corpus, at.group("event"), scope)
    if event is None:
        return text
    briefing = corpus.briefings[event]
    # The moderator the briefing names, else the one participant in that role
    # (a transcript's unnamed "MODERATOR" is a participant called Moderator).
    named = briefing.moderator or next(
        (sp.name for sp in briefing.speakers if sp.role == Role.MODERATOR), None
    )
    if not named:
        return text
    return text[: role.start()] + named + text[role.end():]


def _dates(corpus: SearchCorpus, text: str, scope: Scope, today: dt.date) -> tuple[str, tuple[str, ...]]:
    found = find_periods(text, today)
    if not found:
        return text, ()
    try:
        parsed = parse(text)
        about_events = parsed.intent in ("events", "metadata")
        # A remembered line ("the first I knew of it was on CNN today") keeps its words:
        # its "today" is the speaker's, not a date to search by.
        remembered = is_statement(parsed)
    except QueryError:
        about_events = remembered = False
    visible = [int(i) for i in np.flatnonzero(scope.briefings)]
    for item in reversed(found):
        span = _event_span(text, item)
        if not about_events and not span and (not item.relative or remembered):
            # "How much cargo moved in 2023?": a date in a topical question is
            # part of its subject, not when the event was held.
            continue
        event = _event_of(corpus, text, item, span, visible) if span else None
        if span and event is not None:
            title = corpus.briefings[event].title
            text = f"{text[: span[0]]}the {title}{text[span[1]:]}"
        elif span and item.how == "in" and _names_only_a_date(text, item, span):
            # "who spoke at the june 2023 event" when several were held then:
            # the listing of that period gives each event's date, speakers and moderator.
            return f"events {_as_filters(item)}", ()
        else:
            text = f"{text[: item.start]} {_as_filters(item)} {text[item.end:]}"
    return re.sub(r"\s+", " ", text).strip(), ()


def _as_filters(item: Found) -> str:
    period = item.period
    if item.how == "since":
        return f"after:{bound_value(period.start)}"
    if item.how == "after":
        return f"after:{bound_value(period.end)}"
    if item.how == "before":
        return f"before:{bound_value(period.start)}"
    return f"after:{bound_value(period.start)} before:{bound_value(period.end)}"


_CLAUSE = re.compile(r"\b(?:at|in|of|for|from|during|was|is|did|moderated|chaired|hosted)\s+"
                     r"(?P<event>(?:the|that|this)\b[^?.!]*)$", re.IGNORECASE)
_NOUN_WORDS = _EVENT_NOUNS - {"the", "a", "an", "that", "this", "of", "on", "in", "at", "one", "held", "press"}


def _event_span(text: str, item: Found) -> tuple[int, int] | None:
    """Where the description of an event around a date starts and ends, or None.

    "who spoke at the june 2023 event", "last year's Arctic event", "the
    arctic roundtable last spring": a clause with an event noun around the date.
    """
    clause = _CLAUSE.search(text[: item.start])
    start = clause.start("event") if clause else item.start
    tail = re.match(r"[^?.!]*", text[item.end:])
    end = item.end + (tail.end() if tail else 0)
    words = [w.lower() for w in _WORD.findall(text[start:end])]
    if not any(w.rstrip("s") in _NOUN_WORDS or w in _NOUN_WORDS for w in words):
        return None
    return start, end


def _event_of(
    corpus: SearchCorpus, text: str, item: Found, span: tuple[int, int], visible: list[int]
) -> int | None:
    """The one visible event a dated description names, when the date and its words pick one."""
    if item.how != "in":
        return None
    held = [b for b in visible if item.period.holds(corpus.briefings[b].date)]
    if not held:
        return None
    words = text[span[0]: item.start] + " " + text[item.end: span[1]]
    rest = [w for w in _WORD.findall(words) if w.lower().strip("'’s") not in _EVENT_NOUNS
            and w.lower() not in _EVENT_NOUNS]
    if not rest:
        return held[0] if len(held) == 1 else None
    return _best_of(corpus, " ".join(rest), held)


def _names_only_a_date(text: str, item: Found, span: tuple[int, int]) -> bool:
    words = text[span[0]: item.start] + " " + text[item.end: span[1]]
    return all(w.lower().strip("'’s") in _EVENT_NOUNS or w.lower() in _EVENT_NOUNS
               for w in _WORD.findall(words))


def _best_of(corpus: SearchCorpus, words: str, held: list[int]) -> int | None:
    wanted = set(tokenize(words))
    if not wanted:
        return None
    scored = [(len(wanted & corpus.meta_terms[b]) / len(wanted), b) for b in held]
    scored = [s for s in scored if s[0] >= 0.5]
    scored.sort(reverse=True)
    if len(scored) == 1 or (scored and scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None
