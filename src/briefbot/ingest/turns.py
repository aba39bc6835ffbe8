"""Speaker turns read from the shape of their labels, for documents without a participant list.

Real transcripts (press briefings, gaggles, background calls, hearings, court
filings quoting testimony) name no participants up front. Their turns open
with a label whose *shape* says it is one::

    MS. JEAN-PIERRE:  ...        honorific, rank or office + surname, any case
    Chairman INOUYE.             a period instead of a colon (congressional records)
    [MR. McHUGH]: ...            bracketed, as filings quote testimony
    Q    Good afternoon.         the unnamed reporter: Q, Q:, QUESTION:
    MODERATOR: ...               an unnamed moderator
    SENIOR ADMINISTRATION OFFICIAL ONE:   an anonymous briefer, on background
    NAVID SARRAFZADEH:           a bare name, accepted when the document repeats it

A label is short and name-like: a sentence is never a speaker name. Bare
names (no title) count only when the same label opens two or more turns, and a
label used once that is one or two letters from a repeated one ("MOERATOR") is
read as that label — the document's own statistics, not a list of people.

Each label is then resolved to the fullest name the document itself gives
("MR. KIRBY" -> "John Kirby" from the headline), with the affiliation the
document states for that person. A label that cannot be resolved keeps its
readable form ("Mr. Liman", "Lieutenant General Sims") and is reported: a
person is never guessed. See ``people_in_text`` for how names are found.

Lists in this module, and their source: ``_COURTESY`` and ``_OFFICES`` are the
English forms of address used in US/UK/UN records (courtesy titles, military
ranks, offices held; "Acting"/"Interim" before an office, as US agencies name someone
serving in it temporarily); ``_ASKERS``/``_ANONYMOUS``/``_OFFICE_ONLY`` are the
generic labels of press-briefing and hearing transcripts (White House,
State Department, GPO style guides); ``_HOST_WORDS`` names the offices that
run an event (the chair of a hearing presides, the press secretary hosts).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..models import Role
from ..names import HONORIFIC_PATTERN, PersonName, parse_person
from ..text import fold
from .budget import check_budget
from .dates import find_date
from .filing import opens_signature
from .passages import Block, add_paragraph, clean_line_ranges, is_boilerplate_line
from .roster import Entry

__all__ = ["TurnLabel", "find_label", "read_turns", "scan_labels", "first_turn",
           "read_labelled_body",
           "header_facts", "publisher_of", "people_in_text"]

_COURTESY = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "mx.", "mister",
             "madam", "madame", "mme.", "m."}
_OFFICES = (
    "attorney general|solicitor general|surgeon general|inspector general|"
    "vice president|president|prime minister|deputy prime minister|foreign minister|minister|"
    "deputy secretary|under secretary|undersecretary|assistant secretary|secretary general|"
    "secretary-general|secretary|ambassador|amb\\.|chairman|chairwoman|chairperson|chair|"
    "vice chairman|vice chair|ranking member|senator|sen\\.|representative|rep\\.|"
    "congressman|congresswoman|delegate|governor|gov\\.|mayor|speaker|leader|"
    "majority leader|minority leader|director|deputy director|administrator|commissioner|"
    "counselor|counsel|judge|justice|chief justice|general|lieutenant general|major general|"
    "brigadier general|lt\\.\\s*gen\\.|maj\\.\\s*gen\\.|gen\\.|admiral|vice admiral|rear admiral|"
    "adm\\.|colonel|col\\.|lieutenant colonel|major|captain|capt\\.|commander|lieutenant|"
    "sergeant|professor|prof\\.|ambassador-at-large|special envoy|envoy|spokesperson|"
    "spokesman|spokeswoman|press secretary|king|queen|prince|princess|chancellor|"
    "president-elect|his excellency|her excellency|h\\.e\\.|the honorable|hon\\.|"
    "father|reverend|rev\\.|rabbi|imam|sir|dame|lord|lady"
)
_TITLE_RE = re.compile(
    r"^(?:the\s+)?(?P<title>(?:(?:acting|interim)\s+)?(?:(?:" + _OFFICES + r")\s+)*(?:" + _OFFICES + r"|"
    + HONORIFIC_PATTERN + r"))(?:\s+|(?<=\.))(?P<name>.+)$",
    re.IGNORECASE,
)
_ASKERS = re.compile(
    r"^(?:q|q\.|question|questioner|reporter|press|audience|audience member|participant|"
    r"participants|member of the press|voice|voices|unidentified\b.*|unknown\b.*)$",
    re.IGNORECASE,
)
_MODERATOR = re.compile(r"^(?:the\s+)?(?:moderator|host|operator|chair of the meeting)$",
                        re.IGNORECASE)
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|[a-d]|#\s*\d{1,2})"
_ANONYMOUS = re.compile(
    r"^(?:(?:senior|administration|state|department|defense|treasury|white|house|u\.s\.|us|"
    r"pentagon|military|government|nsc|official|intelligence|national|security|council|"
    r"federal|agency|[a-z]+)\s+){0,5}"
    r"(?:official|officials|briefer|spokesperson|spokesman|spokeswoman)"
    r"(?:\s+" + _NUMBER_WORDS + r")?$",
    re.IGNORECASE,
)
_OFFICE_ONLY = re.compile(
    r"^(?:(?P<article>the|mr\.?|madam|madame)\s+)?(?:(?:vice|acting|deputy)\s+)?"
    r"(?:chairman|chairwoman|chair|chairperson|president|speaker|secretary|clerk|"
    r"presiding officer|witness|reporter|interpreter|court|secretary-general|ambassador)$",
    re.IGNORECASE,
)
_UNATTRIBUTED = re.compile(r"^(?:interpreter|translator|crosstalk|inaudible)$", re.IGNORECASE)
_HOST_WORDS = re.compile(
    r"\b(?:chairman|chairwoman|chairperson|chair|presiding|press secretary|moderator|host)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’\-]*\.?|[A-Z]\.)$")
_LOWER_OK = {"of", "the", "for", "and", "de", "del", "da", "van", "von", "la", "le", "du", "al",
             "bin", "ben", "y"}
_PARTICLES = {"de", "del", "da", "van", "von", "la", "le", "du", "al", "bin", "ben", "y", "di"}
_DEGREE = re.compile(r"^(?:m\.?d\.?|ph\.?\s?d\.?|jr\.?|sr\.?|esq\.?|ii|iii|iv|j\.d\.?)$",
                     re.IGNORECASE)
_SPACE = " \t\u00a0\u2002\u2003\u2009\u202f"


# The states, district and territories of the United States (their official names): a
# congressional transcript tells apart members who share a surname by their state, in the
# label itself ("Mrs. McCarthy of New York.", "Mr. Miller of North Carolina.").
_US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming", "the District of Columbia", "Puerto Rico", "Guam",
    "the Virgin Islands", "American Samoa", "the Northern Mariana Islands",
)
_OF_STATE = re.compile(
    r"^(?P<head>.+?)\s+of\s+(?P<state>" + "|".join(re.escape(s) for s in _US_STATES) + r")$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TurnLabel:
    """One label at the start of a line: its text, kind and where the turn's words start."""

    text: str
    kind: str  # asker | moderator | anonymous | office | titled | bare
    rest: int  # offset in the line where the words of the turn begin
    sep: str  # ':' | '.' | ' '


def _classify(label: str, sep: str) -> str | None:
    core = " ".join(label.replace("\u00a0", " ").split())
    if not core or len(core) > 70:
        return None
    if _ASKERS.match(core):
        return "asker" if sep != "." or core.lower().startswith("q") else None
    if _MODERATOR.match(core):
        return "moderator"
    if _UNATTRIBUTED.match(core):
        return "unattributed"
    if sep == " ":
        return None  # only 'Q' may stand without punctuation
    office = _OFFICE_ONLY.match(core)
    if office and (office.group("article") or sep == ":"):
        # "THE PRESIDENT:", "The CHAIRMAN.", "VICE PRESIDENT:" (a period after a bare
        # office is too often a sentence: "... by the President. We ...").
        return "office"
    if _ANONYMOUS.match(core) and core.upper() == core:
        return "anonymous"
    stated = _OF_STATE.match(core)
    if stated:  # "Mr. Miller of North Carolina": a titled member and the state
        return "titled" if _classify(stated.group("head"), sep) == "titled" else None
    tokens = core.split()
    if not all(_NAME_TOKEN.match(t) or t.lower() in _LOWER_OK for t in tokens):
        return None
    if tokens[0].lower() in _LOWER_OK and tokens[0].lower() != "the":
        return None
    m = _TITLE_RE.match(core)
    if m and _name_part_ok(m.group("name")):
        return "titled"
    if sep == ".":
        return None  # a bare name before a period is too often a sentence
    if len(tokens) > 4 or any(t.lower() in _LOWER_OK for t in tokens[:1]):
        return None
    letters = [c for c in core if c.isalpha()]
    if all(c.isupper() for c in letters) or all(t[:1].isupper() for t in tokens):
        return "bare"
    return None


def _name_part_ok(name: str) -> bool:
    """The words after a title: one to four name words (surname, maybe given names)."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 4:
        return False
    for tok in tokens:
        if tok.lower() in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(tok) or not tok[:1].isupper():
            return False
        if _OFFICE_WORD.fullmatch(tok):
            return False
    return tokens[-1].lower() not in _LOWER_OK


_OPEN_BOLD = re.compile(r"(?:\*\*|__)")
_RANK = re.compile(
    r"(?i:(?:lieutenant |major |brigadier |vice |rear )?(?:general|admiral)|"
    r"(?:lieutenant )?colonel|"
    r"major|captain|commander|lieutenant|sergeant|lt\.? ?gen\.?|maj\.? ?gen\.?|gen\.|adm\.|col\.)"
)
_OFFICE_WORD = re.compile(r"(?i:" + _OFFICES + r")")


def find_label(line: str) -> TurnLabel | None:
    """The turn label opening ``line``, judged by its shape alone, or None."""
    head = line.lstrip(" \t\u00a0*_[(")
    if not head[:1].isupper():
        return None  # a label opens with a capital: most wrapped prose lines are out at once
    i, n = 0, len(line)
    while i < n and line[i] in _SPACE:
        i += 1
    m = _OPEN_BOLD.match(line, i)
    if m:
        i = m.end()
    bracket = i < n and line[i] in "[("
    if bracket:
        i += 1
    start = i
    tokens = 0
    while i < n and tokens < 9:
        j = i
        while j < n and (line[j].isalnum() or line[j] in "'’-."):
            j += 1
        if j == i:
            return None
        tokens += 1
        word = line[i:j]
        k = j
        if bracket and k < n and line[k] in "])":
            k += 1
        b = _OPEN_BOLD.match(line, k)
        if b:
            k = b.end()
        while k < n and line[k] == " ":
            k += 1
        # "Mr . MITCHELL." (OCR): a space before an abbreviation's period.
        if k < n and line[k] in ":：":
            label = line[start:j].strip()
            rest = k + 1
            b = _OPEN_BOLD.match(line, rest)
            if b:
                rest = b.end()
            return _make(label, ":", line, rest)
        if word.endswith(".") and (k >= n or line[j:j + 1] in _SPACE) and not _abbrev(word):
            label = line[start:j - 1].strip()
            made = _make(label, ".", line, j)
            if made is not None:
                return made
        if tokens == 1 and word in {"Q", "QUESTION"} and (
            j >= n or line[j:j + 2].strip(_SPACE) == "" or line[j] == "\t"
            # "Q Secretary Yellen, thank you": a lone capital Q never starts a sentence
            or (word == "Q" and line[j] in _SPACE and line[j + 1 : j + 2].isupper())
        ):
            return _make(word, " ", line, j)
        # Next word: separated by one space (two or more end a bare 'Q' only).
        if j < n and line[j] == "." and j + 1 < n and line[j + 1] == " ":
            j += 1  # "Mr ." -> keep going
        if j >= n or line[j] not in " \u00a0":
            return None
        i = j + 1
        if i < n and line[i] in _SPACE:
            return None
    return None


def _abbrev(word: str) -> bool:
    """'Mr.', 'Dr.', 'Gen.', 'U.S.', 'W.': a period that does not end the label."""
    low = word.lower()
    return (
        low in _COURTESY
        or bool(re.fullmatch(r"(?:[a-z]\.)+", low))
        or bool(re.fullmatch(HONORIFIC_PATTERN, word))
        or low in {"gen.", "adm.", "col.", "lt.", "sen.", "rep.", "gov.", "amb.", "hon.", "prof.",
                   "capt.", "maj.", "sgt.", "rev.", "st.", "jr.", "sr."}
    )


def _make(label: str, sep: str, line: str, rest: int) -> TurnLabel | None:
    label = label.strip(" *_[]()").replace(" .", ".")
    kind = _classify(label, sep)
    if kind is None:
        return None
    while rest < len(line) and line[rest] in _SPACE:
        rest += 1
    return TurnLabel(text=label, kind=kind, rest=rest, sep=sep)


def _key(label: str) -> str:
    return " ".join(fold(label).replace(".", " ").split())


def scan_labels(lines) -> dict[int, TurnLabel]:
    """The turn labels of ``lines`` (line index -> label), to pass to ``read_turns``."""
    return _accepted_labels(lines)


def first_turn(labels: dict[int, TurnLabel]) -> int | None:
    """Index of the first line that opens a turn, or None when there are too few turns."""
    return min(labels) if _enough(labels) else None


def _enough(labels: dict[int, TurnLabel]) -> bool:
    """Two labels, or one that names its speaker by title (an opening statement)."""
    return len(labels) >= 2 or any(lab.kind in {"titled", "anonymous"} for lab in labels.values())


def _accepted_labels(lines) -> dict[int, TurnLabel]:
    """Line index -> label, after the document statistics: repeated bare names, typo'd labels."""
    found: dict[int, TurnLabel] = {}
    counts: Counter[str] = Counter()
    period_counts: Counter[str] = Counter()
    for idx, (_no, _s, line) in enumerate(lines):
        check_budget()
        if not line or len(line) > 4000:
            continue
        label = find_label(line)
        if label is not None:
            found[idx] = label
            counts[_key(label.text)] += 1
            period_counts[_key(label.text)] += label.sep == "."
    # ALL-CAPS names before a colon are labels once the document uses that shape twice
    # ("JANE ROE: ... JOHN DOE: ..."); mixed-case names must repeat themselves.
    caps = sum(1 for lab in found.values() if lab.kind == "bare" and lab.sep == ":"
               and lab.text.upper() == lab.text)
    strong = {
        _key(lab.text)
        for lab in found.values()
        if lab.kind != "bare"
        or counts[_key(lab.text)] > 1
        or (caps >= 2 and lab.sep == ":" and lab.text.upper() == lab.text)
    }
    accepted: dict[int, TurnLabel] = {}
    layout = _Layout.of(lines) if found else None
    repeated = {k for k in strong if counts[k] > 1}
    for idx, lab in found.items():
        key = _key(lab.text)
        if counts[key] == 1 and lab.kind == "titled":
            # "MS. JEAN-PIERE:" once, "MS. JEAN-PIERRE:" throughout (or a scan's "Mr. SECOHD."
            # among "Mr. SECORD."): the label mistyped, when the misspelt surname is nowhere
            # else in the document — a new speaker is introduced, a typo is not.
            titled = {k for k in repeated if _kind_of(k, found) == "titled"}
            *title, surname = key.split()
            if len(key) >= 10:
                twin = _near(key, titled)
            else:  # a short label: one letter off a surname of six or more, same title
                same_title = {k for k in titled if k.split()[:-1] == title}
                twin = _near(key, same_title, edits=1) if len(surname) >= 6 else None
            if twin is not None and _mentions(lines, key.split()[-1]) <= 1:
                accepted[idx] = TurnLabel(text=twin, kind="titled", rest=lab.rest, sep=lab.sep)
                continue
        if counts[key] == 1 and lab.kind == "bare" and len(key) >= 10:
            # "PRESIDEN HICHILEMA:" once, "PRESIDENT HICHILEMA:" throughout: one letter off a
            # repeated label whose odd word the document writes nowhere else is that label
            # mistyped (as for titled labels above), not a new speaker.
            twin = _near(key, repeated, edits=1)
            odd = set(key.split()) - set(twin.split()) if twin is not None else set()
            if twin is not None and all(_mentions(lines, word) <= 1 for word in odd):
                accepted[idx] = TurnLabel(text=twin, kind=_kind_of(twin, found), rest=lab.rest,
                                          sep=lab.sep)
                continue
        if (lab.sep == "." and period_counts[key] == 1 and not lines[idx][2][lab.rest:].strip()
                and not lab.text.split()[-1].isupper()):
            # " General Stanley McChrystal." alone on its line, in the case of prose: a
            # signature or a wrapped sentence. A heading label is set in capitals
            # ("Chairman INOUYE." over an opening statement).
            continue
        if lab.sep == "." and period_counts[key] == 1 and not layout.starts_paragraph(lines, idx):
            # "...with Prime\nMinister Frederiksen. That meeting", "[SENATOR X]: Back to you,\n
            # Mr. Abrams. Are you ...": a wrapped sentence, even when '[MR. ABRAMS]:' is a label.
            continue
        if key in strong:
            accepted[idx] = lab
            continue
        # A label used once, one or two edits from a repeated one, is that label mistyped.
        twin = _near(key, repeated)
        if twin is not None:
            accepted[idx] = TurnLabel(text=twin, kind=_kind_of(twin, found), rest=lab.rest,
                                      sep=lab.sep)
    if layout is not None:
        accepted.update(_labels_without_title(lines, found, repeated, layout))
    return accepted


# "NIELDS. What was the total ...": a capitalised surname and a period opening a line.
_BARE_SURNAME = re.compile(r"[ \t\u00a0]*(?P<name>[A-Z][A-Z'’\-]{2,})\.(?:[ \t\u00a0]+|$)")


def _labels_without_title(lines, found: dict[int, TurnLabel], repeated: set[str],
                          layout: _Layout) -> dict[int, TurnLabel]:
    """Paragraphs opened by a label that lost its title ("NIELDS. What was ..." in a record
    whose labels read "Mr. NIELDS."), read as that label: a scan drops the title and bold
    of a label it runs into the line before. Only the capitalised surname of a titled label
    the document repeats counts, and only one no other such label shares; at a paragraph's
    start, never inside a wrapped sentence."""
    owners: dict[str, list[TurnLabel]] = {}
    for lab in found.values():
        key = _key(lab.text)
        if lab.kind == "titled" and key in repeated:
            surname = lab.text.split()[-1]
            if surname.isupper() and lab not in owners.get(surname, ()):
                owners.setdefault(surname, []).append(lab)
    owner_of = {surname: labs[0] for surname, labs in owners.items()
                if len({_key(lab.text) for lab in labs}) == 1}
    out: dict[int, TurnLabel] = {}
    if not owner_of:
        return out
    for idx, (_no, _s, line) in enumerate(lines):
        m = _BARE_SURNAME.match(line)
        if (m is None or idx in found or m.group("name") not in owner_of
                or not layout.starts_paragraph(lines, idx)):
            continue
        out[idx] = TurnLabel(text=owner_of[m.group("name")].text, kind="titled", rest=m.end(),
                             sep=".")
    return out


@dataclass(frozen=True)
class _Layout:
    """How a document sets its paragraphs: the indent of wrapped lines, the full line width."""

    base_indent: int
    width: int

    @classmethod
    def of(cls, lines) -> _Layout:
        indents: Counter[int] = Counter()
        lengths: list[int] = []
        for _no, _s, line in lines:
            if line.strip(_SPACE):
                indents[_indent(line)] += 1
                lengths.append(len(line.rstrip()))
        lengths.sort()
        width = lengths[int(len(lengths) * 0.9)] if lengths else 0
        return cls(base_indent=indents.most_common(1)[0][0] if indents else 0, width=width)

    def starts_paragraph(self, lines, idx: int) -> bool:
        """A new paragraph starts at this line: after a blank line, at a deeper indent than the
        line before or than wrapped lines take, or after a line that ended its paragraph
        (terminal punctuation well short of the full width) — never in mid-sentence, under a
        line of the same indent that runs on (a comma, a lower-case word: an indented block
        quotation wraps at its own indent)."""
        if idx == 0:
            return True
        prev, line = lines[idx - 1][2], lines[idx][2]
        if not prev.strip(_SPACE):
            return True
        indent = _indent(line)
        if indent > _indent(prev):
            return True
        end = prev.rstrip()
        if indent == _indent(prev) and (end[-1:] in ",;" or end[-1:].islower()):
            return False
        if indent > self.base_indent:
            return True
        return (end.endswith((".", "?", "!", ".”", '."', "?”")) and self.width >= 40
                and len(end) < 0.75 * self.width)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(_SPACE))


_ENDS_SENTENCE = (".", "?", "!", ":", ".”", '."', "?”", '?"')


@dataclass
class _Quotation:
    """Where a turn quoted inside a document's own narrative ends.

    A court filing (or a report) quotes testimony as a *block quotation*: the
    turns are indented as a block, wrapped lines included (court rules set
    quotations of more than a few lines indented and single-spaced, e.g. Fed.
    R. App. P. 32(a)(4); the PDF reader marks such lines as indented). When a
    line comes back to the left of the block, the filing's own narrative has
    resumed, from the start of that line's paragraph: the quoted speaker did
    not say it. A turn whose wrapped lines run at the margin (a hearing
    transcript indents only a paragraph's first line) is never a block, so
    ordinary transcripts are untouched.
    """

    indent: int = -1  # indent of the label's line; -1: no turn being read
    block: bool = False  # a wrapped line of the turn was seen at that indent
    paragraph_at: int = 0  # where, in the lines gathered since the last blank, a paragraph began

    def narrative_resumes(self, lines, idx: int, gathered: int) -> bool:
        """Read line ``idx`` of the turn (``gathered`` lines held since the last blank line)."""
        if self.indent <= 0:
            return False
        line, prev = lines[idx][2], lines[idx - 1][2] if idx else ""
        indent = _indent(line)
        if self.block and indent < self.indent:
            return True
        prev_end = prev.rstrip()
        if indent > _indent(prev) or (prev_end.endswith(_ENDS_SENTENCE) and gathered):
            self.paragraph_at = gathered
        elif indent == self.indent and prev.strip(_SPACE) and _indent(prev) == indent:
            self.block = True  # a sentence running on at the block's indent
        return False


def _mentions(lines, word: str) -> int:
    """How many lines hold ``word`` (folded, as a whole word)."""
    pattern = re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w'’-])")
    return sum(1 for _no, _s, line in lines if pattern.search(fold(line)))


def _near(key: str, keys: set[str], edits: int = 2) -> str | None:
    """The one key of ``keys`` within ``edits`` edits of ``key`` (None if none or several)."""
    if len(key) < 5:
        return None
    close = [k for k in keys if Levenshtein.distance(key, k, score_cutoff=edits) <= edits
             and abs(len(k) - len(key)) <= edits]
    return close[0] if len(close) == 1 else None


def _kind_of(key: str, found: dict[int, TurnLabel]) -> str:
    for lab in found.values():
        if _key(lab.text) == key:
            return lab.kind
    return "bare"


# --- from label to person -------------------------------------------------------------------


@dataclass
class _Person:
    """What the document says about the person behind one label."""

    label: str
    kind: str
    title: str | None = None  # office or courtesy title from the label
    surname: str = ""
    full: str | None = None  # the fullest name the document gives
    affiliation: str | None = None
    role: Role = Role.PANELIST
    turns: int = 0
    questions: int = 0
    headline: bool = False  # the document's title names them: a principal of the event
    place: str | None = None  # the state a congressional label gives ("... of New York")
    blocks: list[Block] = field(default_factory=list)




def _recase(text: str, acronyms: frozenset[str] = frozenset()) -> str:
    """An ALL-CAPS name or title in ordinary case: 'UNDER SECRETARY FOR HEALTH' -> 'Under
    Secretary for Health'. Dotted abbreviations, roman numerals and the acronyms the document's
    own prose uses ('VA') stay in capitals. Capitals set the Scottish and Irish prefix in
    lower case ('CAROLYN McCARTHY'): such a name is all capitals too."""
    capitals = re.sub(r"\b(Ma?)c(?=[A-Z]{2})", lambda m: m.group(1).upper() + "C", text)
    if capitals.upper() != capitals:
        return text
    small = {"of", "the", "for", "and", "on", "in", "to", "at", "a", "an"}
    out = []
    for i, word in enumerate(text.split()):
        w = word.lower()
        if i and w in small:
            out.append(w)
        elif (re.fullmatch(r"(?:[a-z]\.)+", w) or word.strip(",;") in acronyms
              or re.fullmatch(r"(?:ii|iii|iv)[.,]?", w)):
            out.append(word)
        else:
            out.append("-".join(_cap(part) for part in w.split("-")))
    return " ".join(out)


def _cap(word: str) -> str:
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:3].upper() + word[3:]
    return word[:1].upper() + word[1:]


def _given_names_ok(words: list[str], lowercase_words: set[str], *, initial: bool = True,
                    surnames: frozenset[str] = frozenset()) -> bool:
    """Words before a surname that can be given names: capitalized, not titles, not another
    speaker's surname, and — at the start of a sentence — not a word the document also
    writes in lower case ('Thanks Kirby', 'So Kirby')."""
    if not words:
        return False
    for w in words:
        bare = w.rstrip(".")
        if re.fullmatch(r"[A-Z]", bare):
            continue  # a middle initial
        if not re.fullmatch(r"[A-Z][\w'’\-]+", w.rstrip(",")):
            return False
        low = fold(bare)
        if (initial and low in lowercase_words) or low in surnames:
            return False
        if _TITLE_WORD.fullmatch(bare) or _TITLE_WORD.fullmatch(bare[:-1]) or low in _COURTESY:
            return False
    return True


# A title word, as a whole word of a phrase ("and" is not in "Maryland").
_TITLE_WORD = re.compile(r"(?<![\w'’-])(?i:" + _OFFICES + r"|" + HONORIFIC_PATTERN
                         + r"|the|and|by|with)(?![\w'’-])")


def people_in_text(surname: str, doc: _Doc,
                   surnames: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """Full names '<given> [<initials>] <surname>' the text gives for ``surname``.

    Returns (name, start, end) of each mention. A given name is one capitalized
    word, optionally followed by initials, in any case ('KENNETH W. KIZER'); a
    word before it belongs to a title, not the name. Inverted index forms
    ('Kizer, Kenneth W., M.D.') are read too; their end is after the given names.
    """
    out: list[tuple[str, int, int]] = []
    text, lowercase_words, acronyms = doc.text, doc.lowercase_words, doc.acronyms
    for k, m in enumerate(doc.occurrences(surname)):
        if k >= 5000:
            break  # a name introduced at all is introduced early enough
        found = m.group(0)
        if not found[:1].isupper():
            continue
        window = text[max(0, m.start() - 60) : m.start()]
        d = _GIVEN_BEFORE.search(window)
        if d:
            given, initials = d.group(1), d.group(2).split()
            start = m.start() - (len(window) - d.start(1))
            word = given if given.upper() != given else given.title()
            if (_given_names_ok([word], lowercase_words, surnames=surnames)
                    and not _OFFICE_OF.search(text[max(0, start - 60) : start])):
                end = m.end()
                name = _recase(" ".join([given, *initials, found]), acronyms)
                suffix = _SUFFIX.match(text, end)
                if suffix:
                    name += ", " + _recase(suffix.group(1))
                    end = suffix.end()
                out.append((name, start, end))
        inv = _GIVEN_AFTER.match(text, m.end())
        if inv:
            words = inv.group(1).split()
            line_start = text.rfind("\n", 0, m.start()) + 1
            entry = not text[line_start : m.start()].strip()  # an index entry opens its line
            if entry or _given_names_ok(words[:1], lowercase_words, surnames=surnames):
                out.append((_recase(" ".join(words + [found]), acronyms), m.start(),
                            inv.end(1)))
    return out


class _Doc:
    """One document's text with what name lookups need: its lower-case words, the acronyms its
    prose uses (kept in capitals when a name or title is recased), and a word index built on
    first need, so a long transcript is scanned once, not once per speaker."""

    def __init__(self, text: str):
        self.text = text
        self.lowercase_words = _lowercase_words(text)
        # "... the VA Central Office": a short all-capitals word right after a lower-case one,
        # not part of a run of capitals as names in filings are ("the defendant, JOHN E. DOE").
        self.acronyms = frozenset(re.findall(
            r"(?<=[a-z,] )([A-Z]{2,4})(?![\w'’])(?!\s+(?:[A-Z]{2,}|[A-Z]\.))", text
        ))
        self._index: dict[str, list[int]] | None = None

    def occurrences(self, word: str) -> list[re.Match[str]]:
        """Where ``word`` stands as a whole word (any case)."""
        if " " in word or len(self.text) < 50_000:
            return list(re.finditer(r"(?<![\w'’])" + re.escape(word) + r"(?![\w'’])",
                                    self.text, re.I))
        if self._index is None:
            self._index = {}
            for m in re.finditer(r"[\w'’\-]+", self.text):
                self._index.setdefault(m.group(0).lower(), []).append(m.start())
        pattern = re.compile(re.escape(word), re.I)
        return [m for pos in self._index.get(word.lower(), ()) if (m := pattern.match(self.text,
                                                                                        pos))]


# "<Given> [I.] " right before a surname; ", [Hon.] <Given> [I.]," right after one.
_GIVEN_BEFORE = re.compile(r"(?<![\w'’.])([A-Z][\w'’\-]+)((?:\s+[A-Z]\.){0,2})\s+$")
_GIVEN_AFTER = re.compile(r",\s+(?:Hon\.\s+)?([A-Z][\w'’\-]+(?:\s+[A-Z]\.){0,2})(?=,)")


_OFFICE_OF = re.compile(
    r"(?i:\b(?:" + _OFFICES + r"|department|ministry|office))\s+(?:of|for)\s+(?:the\s+)?$"
)
_SUFFIX = re.compile(r",?\s+(JR\.|SR\.|Jr\.|Sr\.|III|II)(?![\w'’])")


def _lowercase_words(text: str) -> set[str]:
    return {fold(w) for w in set(re.findall(r"(?<![\w'’])[a-z][a-z'’\-]+", text))}


_APPOSITION_STOP = re.compile(
    r"\s*(?:;|\.\.|(?<![A-Z]\.[A-Z])\.(?:\s|$)|\baccompanied by\b|\bprepared statement\b|\bpresiding\b|"
    r"\binformation concerning\b|\bwho\b|\bwhich\b|\bwill\b|\band\s+[A-Z])",
)
# Words of a sentence spoken to someone, never of a job title: first and second person
# pronouns and finite forms of "be" and "have" (English grammar).
_SPEECH = re.compile(r"\b(?:I|I['’]m|me|we|you|my|our|your|am|are|is|was|were|have|has|had)\b")
# "ALAN D. FIERS, JR., was the Chief of ...": a copula before the role (filings, indictments).
_COPULA = re.compile(r"(?i)^(?:was|is|then|now|formerly|at the time|at that time)\s+")
# '("CIA")', '(NSC)': an acronym being defined inside the role, not part of it.
_ACRONYM_DEFINITION = re.compile(r"\s*\(\s*[\"“”']?[A-Z]{2,6}[\"“”']?\s*\)")


def _affiliation_near(doc: _Doc, pos: int, others: frozenset[str] = frozenset()) -> str | None:
    """What the text says the person is, right after one mention of their name.

    ``others`` are the folded surnames of the document's other speakers: "Jake Sullivan,
    Secretary of Commerce Gina Raimondo, and ..." lists people; it gives Sullivan no role.
    """
    after = doc.text[pos : pos + 400]
    # "Name (chairman of the Subcommittee ...)"
    m = re.match(r"\s*\(([^()]{4,200})\)", after)
    if m and not re.search(r"\d", m.group(1)):
        return " ".join(m.group(1).split())
    # "Name, M.D., Under Secretary for Health, Department of Veterans Affairs, accompanied by"
    m = re.match(r"\s*,\s*", after)
    if m:
        rest = re.split(r"(?<=\S)[ \t]{3,}(?=\S)|\n[ \t]*\n", after[m.end():])[0]
        rest = _ACRONYM_DEFINITION.sub("", rest)
        parts: list[str] = []
        for part in re.split(r",\s*", " ".join(rest.split())):
            if not parts and _DEGREE.match(part.strip()):
                continue  # "Kenneth W. Kizer, M.D., Under Secretary ..."
            stop = _APPOSITION_STOP.search(part)
            piece = part[: stop.start()] if stop else part
            piece = piece.strip()
            if not parts:
                piece = _COPULA.sub("", piece)
            if others and any(fold(w.strip(".,;:()")) in others for w in piece.split()):
                break  # the next item names another speaker: a list of people, not a role
            if _SPEECH.search(piece):
                break  # "President Trump, I am grateful to you ...": an address, not a role
            if not piece or len(piece) > 90 or not re.match(r"(?:the |a |an |our )?[A-Za-z]",
                                                             piece):
                break
            if parts and not piece[:1].isupper():
                break
            if re.match(r"(?i)(?:the|our)\s+", piece):
                piece = re.sub(r"(?i)^(?:the|our)\s+", "", piece)
            parts.append(piece)
            if stop or len(parts) == 3:
                break
        if parts and _role_like(parts[0]):
            return _recase(", ".join(parts), doc.acronyms)
    return None


# A lower-case apposition may still open with a role: "associate professor of neurology".
_LOWER_ROLE_STARTS = {"a", "an", "director", "professor", "associate", "assistant", "chairman",
                      "member", "deputy", "senior", "chief", "special", "counsel", "head"}


def _role_like(text: str) -> bool:
    """An apposition that states a role ('Director of the Joint Staff'), not a place or a verb."""
    words = text.split()
    if not words or len(words) > 14:
        return False
    if not (_ROLE_NOUN.search(text) or _TITLE_WORD.search(text)):
        return False
    return not words[0][:1].islower() or words[0].lower() in _LOWER_ROLE_STARTS


def _title_before(text: str, pos: int) -> str | None:
    """'by Press Secretary Karine Jean-Pierre' -> 'Press Secretary' (the title before a name)."""
    before = text[max(0, pos - 160) : pos]
    words = before.split()
    taken: list[str] = []
    for w in reversed(words):
        bare = w.strip(",")
        if w.endswith(",") or w.endswith(".") and not _abbrev(w):
            break
        if bare[:1].isupper() or bare.lower() in {"of", "for", "the", "on", "and"} and taken:
            if bare.lower() in {"by", "and", "with", "from"}:
                break
            taken.insert(0, bare)
            continue
        break
    while taken and taken[0].lower() in {"of", "for", "the", "on", "and"}:
        taken.pop(0)
    if not taken:
        return None
    phrase = " ".join(taken)
    if fold(phrase.rstrip(".")) in _COURTESY or not (
        _TITLE_WORD.search(phrase) or _ROLE_NOUN.search(phrase)
    ) or _RECORD_HEADING.match(phrase):
        return None
    return phrase


# The headings a hearing record puts before a name ("STATEMENT OF SENATOR WAYNE ALLARD",
# "PREPARED STATEMENT OF", "RESPONSE TO WRITTEN QUESTIONS OF"): a part of the record, not
# what the person is.
_RECORD_HEADING = re.compile(
    r"(?i)^(?:(?:prepared|opening|written|additional|joint)\s+)*"
    r"(?:statements?|testimony|remarks|responses?|answers|questions|letters?|submissions?)\b"
    r".*\b(?:of|from|by|to)\b"
)


# Head nouns of job titles ("National Economic Advisor", "NSC Coordinator for ...").
_ROLE_NOUN = re.compile(
    r"(?i)\b(?:advis[oe]r|coordinator|counsel(?:l?or)?|officer|chief|head|fellow|analyst|envoy|"
    r"spokes(?:person|man|woman)|correspondent|editor|economist|executive|founder|manager|"
    r"strategist|negotiator|deputy|assistant|associate|aide|lead|representative|member|"
    r"researcher|scholar|expert|attorney|lawyer|official|administrator|commander|"
    r"superintendent|principal|partner|chairman|chairwoman|chair|veteran|office|student|"
    r"resident|witness|physician|doctor|nurse|scientist|engineer|journalist|reporter|author|"
    r"writer|consultant|professor|lecturer|president|director|secretary|minister|ambassador)\b"
)


def _resolve(person: _Person, title: _Doc, doc: _Doc,
             surnames: frozenset[str] = frozenset()) -> None:
    """Fill ``full``, ``affiliation`` and ``title`` from what the document says."""
    if not person.surname:
        return
    text = doc.text
    mentions = people_in_text(person.surname, doc, surnames)
    in_title = people_in_text(person.surname, title, surnames) if title.text else []
    person.headline = bool(in_title) or bool(
        title.text and re.search(r"(?<![\w'’-])" + re.escape(fold(person.surname)) + r"(?![\w'’-])",
                                 fold(title.text)))
    names: dict[str, list[tuple[int, int]]] = {}
    for name, start, end in mentions:
        names.setdefault(name, []).append((start, end))
    distinct = _distinct_people(list(names))
    if person.place:  # "of New York": only a namesake the document places there
        distinct = [group for group in distinct
                    if any(_placed(text, end, person.place) for n in group
                           for _start, end in names[n])]
        # The label says where the member is from; nothing nearer the name is more sure
        # (a two-column member list puts the next column's states beside it).
        person.affiliation = _recase(person.place.upper()) if person.place.isupper() \
            else person.place
    if person.full:
        pass  # the label itself gave the full name
    elif len(distinct) == 1:
        best = distinct[0][0]
        person.full = max((n for n in distinct[0] if _ocr_key(n) == _ocr_key(best)), key=len)
    elif in_title and len(_distinct_people([n for n, _, _ in in_title])) == 1:
        person.full = in_title[0][0]  # the headline settles it
    # Affiliation: the headline's title before the name, then appositions in the text.
    if person.full:
        for name, pos, end in in_title:
            if _same(name, person.full):
                person.affiliation = _title_before(title.text, pos) or person.affiliation
                after = _post_modifier(title.text, end)
                if person.affiliation and after:
                    person.affiliation += " " + after
                if person.affiliation:
                    break
        if not person.affiliation:
            found = _best_apposition(person, doc, names, surnames)
            person.affiliation = found
        if not person.affiliation:
            for name, positions in names.items():
                if _same(name, person.full):
                    for pos, _end in positions:
                        before = _title_before(text, pos)
                        if before:
                            person.affiliation = before
                            break
                if person.affiliation:
                    break
    if not person.affiliation:
        # "Lieutenant General Sims, the Director of the Joint Staff"
        for m in doc.occurrences(person.surname):
            if not m.group(0)[:1].isupper():
                continue
            found = _affiliation_near(doc, m.end(), surnames)
            if found and not _is_person_list(found):
                person.affiliation = found
                break
    if not person.affiliation and person.title and fold(person.title) not in _COURTESY:
        office = _recase(person.title)
        for m in re.finditer(r"(?i:" + re.escape(person.surname) + r")\s+(of\s+[A-Z][\w'’\-]+)",
                             title.text + "\n" + text[:5000]):
            office += " " + m.group(1)
            break
        person.affiliation = office


def _placed(text: str, end: int, place: str) -> bool:
    """Whether the words after a name, on its line, give the state: "McCARTHY, New York"."""
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else end + 80][:40]
    state = re.escape(place.removeprefix("the "))
    return bool(re.match(r"\s*(?:,|\(|of\b|from\b)\s*(?:the\s+)?" + state, after, re.IGNORECASE))


def _is_person_list(text: str) -> bool:
    return bool(re.match(r"(?:Mr|Ms|Mrs|Dr)\.?\s", text))


def _post_modifier(title: str, end: int) -> str | None:
    m = re.match(r"\s+(of\s+[A-Z][\w'’\-]+)", title[end:])
    return m.group(1) if m else None


def _best_apposition(person: _Person, doc: _Doc, names,
                     others: frozenset[str] = frozenset()) -> str | None:
    """Appositions next to the person's full name; a parenthetical one first."""
    found: list[tuple[int, str]] = []
    for name, positions in names.items():
        if not _same(name, person.full or ""):
            continue
        for _start, end in positions:
            aff = _affiliation_near(doc, end, others)
            if aff:
                paren = doc.text[end : end + 3].lstrip().startswith("(")
                found.append((0 if paren else 1, aff))
    if not found:
        return None
    found.sort(key=lambda x: x[0])
    return found[0][1]


def _same(a: str, b: str) -> bool:
    pa, pb = parse_person(a), parse_person(b)
    return fold(pa.surname) == fold(pb.surname) and (
        not pa.given or not pb.given or fold(pa.given)[:1] == fold(pb.given)[:1]
    )


def _distinct_people(names: list[str]) -> list[list[str]]:
    """Names grouped by person: same given name (or a short form of it, or an OCR misreading
    of it: an 'l' read as 'I' or '1' — 'CIAIR' for 'CLAIR'). Each group's best-read form is
    first: the one without such a misreading."""
    groups: list[list[str]] = []
    for name in names:
        given = _ocr_key(parse_person(name).given)
        for group in groups:
            other = _ocr_key(parse_person(group[0]).given)
            if given == other or given.startswith(other) or other.startswith(given):
                group.append(name)
                break
        else:
            groups.append([name])
    for group in groups:
        group.sort(key=lambda n: -parse_person(n).given.lower().count("l"))
    return groups


def _ocr_key(given: str) -> str:
    return fold(given).replace("1", "l").replace("i", "l")


def _split_title(label: str) -> tuple[str | None, str]:
    m = _TITLE_RE.match(" ".join(label.split()))
    if not m:
        return None, label
    return m.group("title"), m.group("name")


_NUMBERS = {"1": "One", "2": "Two", "3": "Three", "4": "Four", "5": "Five", "6": "Six"}


def _readable(label: str) -> str:
    """'SENIOR ADMINISTRATION OFFICIAL ONE' -> 'Senior Administration Official One'."""
    return " ".join(_NUMBERS.get(w, w) for w in _recase(label.upper() if label.isupper() else
                                                         label).split())


# --- building the draft ----------------------------------------------------------------------


def _without_mistyped_labels(text: str, lines, labels: dict[int, TurnLabel]) -> str:
    """``text`` with each label read as another (a typo: "PRESIDEN DOE:" as "PRESIDENT DOE")
    blanked, so that its misspelt words are never taken for a name ("Presiden Doe")."""
    spans = [(start, start + lab.rest) for idx, lab in labels.items()
             for _no, start, line in (lines[idx],) if lab.text not in line[: lab.rest]]
    if not spans:
        return text
    pieces, end = [], 0
    for first, last in sorted(spans):
        pieces += [text[end:first], " " * (last - first)]
        end = last
    pieces.append(text[end:])
    return "".join(pieces)


def read_turns(draft, text: str, lines, *, title: str = "", context: str | None = None,
               start: int = 0, labels: dict[int, TurnLabel] | None = None) -> bool:
    """Read ``lines`` (``(no, start, line)`` of ``text``) as labelled turns into ``draft``.

    Returns False (and changes nothing) when the lines hold fewer than two turn
    labels. Text before the first label becomes the organization's own block.
    ``context`` is the text names and affiliations are looked up in (the whole
    document by default); ``title`` the document's headline. ``labels`` (from
    ``scan_labels(lines)``) saves a second scan; ``start`` skips header lines.
    """
    labels = _accepted_labels(lines) if labels is None else labels
    if not _enough(labels):
        return False
    if context is None:
        context = _without_mistyped_labels(text, lines, labels)
    if start:
        labels = {idx - start: lab for idx, lab in labels.items() if idx >= start}
        lines = lines[start:]
    context = text if context is None else context
    doc = _Doc(context)
    people: dict[str, _Person] = {}
    for lab in labels.values():
        key = _key(lab.text)
        if key not in people:
            person = _Person(label=lab.text, kind=lab.kind)
            if lab.kind in {"titled", "bare"}:
                stated = _OF_STATE.match(" ".join(lab.text.split()))
                head = stated.group("head") if stated else lab.text
                person.place = stated.group("state") if stated else None
                person.title, name = _split_title(head) if lab.kind == "titled" else (None,
                                                                                      lab.text)
                person.surname = _recase(name, doc.acronyms) if name.isupper() else name
                if person.surname.isupper() or re.fullmatch(r"Mc[A-Z]+", person.surname):
                    person.surname = _surname_case(person.surname, context)
                if lab.kind == "bare" and len(person.surname.split()) >= 2:
                    # "JANE ROE:" names the person in full; "ROE:" elsewhere is her too.
                    person.full = " ".join(_surname_case(w, context) if w.isupper() else w
                                           for w in name.split())
                    person.surname = parse_person(person.full).surname or person.surname
            people[key] = person
        people[key].turns += 1
    surnames = frozenset(fold(p.surname) for p in people.values() if p.surname)
    title_doc = _Doc(title)
    title_doc.lowercase_words = doc.lowercase_words  # a headline is judged by its document
    for person in people.values():
        check_budget()
        if person.kind in {"titled", "bare"}:
            _resolve(person, title_doc, doc, surnames - {fold(person.surname)})
    _settle_office_labels(people, title_doc, doc)
    _merge_same_surname(people)

    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    paragraph: list[tuple[int, int]] = []
    current: _Person | None = None
    quote = _Quotation()

    def flush() -> None:
        if paragraph:
            add_paragraph(block, text, list(paragraph))
            paragraph.clear()

    for idx, (_no, start, line) in enumerate(lines):
        check_budget()
        stripped = line.strip(_SPACE)
        lab = labels.get(idx)
        if lab is not None:
            flush()
            current = people[_key(lab.text)]
            block = Block(role=Role.ORGANIZATION)
            current.blocks.append(block)
            draft.blocks.append(block)
            quote = _Quotation(indent=_indent(line))
            if lab.rest < len(line):
                paragraph.append((start + lab.rest, start + len(line)))
            continue
        if not stripped:
            flush()
            quote.paragraph_at = 0
            continue
        if (is_boilerplate_line(stripped) or _PAGE_MARK.match(stripped)
                or not clean_line_ranges(line)):
            continue
        if current is None and _HEADER_ONLY.match(stripped):
            continue
        if current is not None and (opens_signature(stripped)
                                    or quote.narrative_resumes(lines, idx, len(paragraph))):
            # The quoted words ended: the filing's own narrative (or its
            # signature block) goes on from the paragraph this line belongs to.
            keep = len(paragraph) if opens_signature(stripped) else quote.paragraph_at
            moved = paragraph[keep:]
            del paragraph[keep:]
            flush()
            current = None
            block = Block(role=Role.ORGANIZATION)
            draft.blocks.append(block)
            paragraph.extend(moved)
            quote = _Quotation()
        paragraph.append((start, start + len(line)))
    flush()
    for block in draft.blocks:
        block.finish()
    _count_questions(people)
    _attribute(people, draft)
    return True


_PAGE_MARK = re.compile(r"^\[\[?Page\s+\w+\]?\]$|^\[GRAPHIC\].*$", re.IGNORECASE)
_HEADER_ONLY = re.compile(r"^\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)


def _surname_case(caps: str, text: str) -> str:
    """'JEAN-PIERRE' -> 'Jean-Pierre', 'McHUGH' -> 'McHugh': the case the text itself uses."""
    for m in re.finditer(r"(?<![\w'’])" + re.escape(caps) + r"(?![\w'’])", text, re.IGNORECASE):
        found = m.group(0)
        if found != found.upper() and found[:1].isupper() and not re.fullmatch(r"Mc[A-Z]+", found):
            return found
    return _recase(caps.upper()) if not caps.startswith("Mc") else "Mc" + caps[2:].capitalize()


def _merge_same_surname(people: dict[str, _Person]) -> None:
    """'GENERAL SIMS' and 'LIEUTENANT GENERAL SIMS' are one person unless their names differ."""
    by_surname: dict[str, list[_Person]] = {}
    for person in people.values():
        if person.kind in {"titled", "bare"} and person.surname:
            # Namesakes a transcript tells apart by state are never one person.
            by_surname.setdefault(fold(person.surname) + "|" + (person.place or ""),
                                  []).append(person)
    for group in by_surname.values():
        if len(group) < 2 or len(_distinct_people([p.full for p in group if p.full])) > 1:
            continue
        main = max(group, key=lambda p: (p.full is not None, len(p.title or ""), p.turns))
        for other in group:
            if other is not main:
                other.kind = "alias"
                other.label = main.label
                other.full, other.title = main.full, main.title
                other.affiliation = main.affiliation or other.affiliation
        main.affiliation = main.affiliation or next(
            (p.affiliation for p in group if p.affiliation), None)


def _settle_office_labels(people: dict[str, _Person], title: _Doc, doc: _Doc) -> None:
    """Who an office label ('The CHAIRMAN', 'VICE PRESIDENT') is, when the document says.

    The one person the document labels with that whole office ('Vice President
    Harris'), else with an office ending the same way ('Chairman X' for 'The
    CHAIR'); when no label holds it, the one person the headline names with it
    ('Press Gaggle by President Trump'). When the labels and the headline name
    different people, or either names several, the label is left as it is.
    """
    for person in list(people.values()):
        if person.kind != "office":
            continue
        office = _OFFICE_ARTICLE.sub("", fold(person.label))
        titled = [p for p in people.values() if p.kind == "titled" and p.title]
        owners = [p for p in titled if _key(p.title or "") == office]
        if not owners:
            owners = [p for p in titled if fold(p.title or "").split()[-1] == office.split()[-1]]
        named = _headline_surnames(office, title, doc)
        if len(owners) == 1 and not (named.keys() - {fold(owners[0].surname)}):
            person.kind = "alias"
            person.full = owners[0].full
            person.surname = owners[0].surname
            person.title = owners[0].title
            person.affiliation = owners[0].affiliation
            person.label = owners[0].label
        elif not owners and len(named) == 1:
            # The headline's principal: resolved like a titled label of that office.
            person.kind = "titled"
            person.title = _recase(office.upper())
            [person.surname] = named.values()
            _resolve(person, title, doc)
            person.headline = True
        elif not owners and not named and office.split()[-1] in _CHAIRS:
            presiding = _presiding(doc.text)
            if presiding is not None:  # "Hon. Barney Frank [chairman of the committee] presiding"
                person.kind = "titled"
                person.full, person.affiliation = presiding
                person.surname = parse_person(person.full).surname or person.full.split()[-1]
                person.title = _recase(office.upper())


_CHAIRS = {"chairman", "chairwoman", "chair", "chairperson"}
# How a congressional hearing's record opens: "... Hon. Barney Frank [chairman of the
# committee] presiding." / "Senator Richard C. Shelby (Chairman of the Committee) presiding."
_PRESIDING = re.compile(
    r"\b(?:Hon\.|Honorable|Senator|Representative|Congressman|Congresswoman)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*[\[(]\s*"
    r"(?P<office>chair(?:man|woman|person)?\b[^\])]{0,80}?)\s*[\])]\s+presiding\b"
)


def _presiding(text: str) -> tuple[str, str] | None:
    """(name, office) of the one chairman the record says presides, or None."""
    found = {(" ".join(m.group("name").split()), " ".join(m.group("office").split()))
             for m in _PRESIDING.finditer(text[:20000])}
    return found.pop() if len(found) == 1 else None


_OFFICE_ARTICLE = re.compile(r"^(?:the|mr\.?|madam|madame)\s+")
# A word before an office that makes it another office ("Vice President" is not "President").
_OFFICE_MODIFIER = re.compile(r"(?:vice|deputy|acting|interim|former|assistant|under)\s+$",
                              re.IGNORECASE)
_HEADLINE_NAME = re.compile(r"\s+((?:[A-Z][\w'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]*|[A-Z]\.)){0,3})")


def _headline_surnames(office: str, title: _Doc, doc: _Doc) -> dict[str, str]:
    """The surnames of the people the headline names right after ``office``, folded -> as
    written ('President Trump Aboard Air Force One' -> Trump): the first capitalised word,
    extended by the next ones only while the document's text repeats the longer form
    ('Kamala Harris' -> Harris)."""
    found: dict[str, str] = {}
    if not title.text:
        return found
    body = doc.text.replace(title.text, " ")  # the headline does not confirm itself
    for m in re.finditer(r"(?<![\w'’-])" + re.escape(office) + r"(?![\w'’-])", title.text,
                         re.IGNORECASE):
        if _OFFICE_MODIFIER.search(title.text[: m.start()]):
            continue
        run = _HEADLINE_NAME.match(title.text, m.end())
        if run is None:
            continue
        words = run.group(1).split()
        name = words[0]
        for word in words[1:]:
            longer = f"{name} {word}"
            if not re.search(r"(?<![\w'’-])" + re.escape(longer) + r"(?![\w'’-])", body):
                break
            name = longer
        surname = name.split()[-1]
        found[fold(surname)] = surname
    return found


def _count_questions(people: dict[str, _Person]) -> None:
    for person in people.values():
        for block in person.blocks:
            body = block.builder.text.strip()
            if body.endswith("?") or body.count("?") >= 2:
                person.questions += 1


def _attribute(people: dict[str, _Person], draft) -> None:
    roster = draft.roster
    by_label: dict[str, Entry] = {}
    ordered = sorted(people.items(), key=lambda kv: kv[1].kind == "alias")
    for key, person in ordered:
        unnamed_office = person.kind == "office" and not person.full
        if person.kind in {"asker", "unattributed"} or unnamed_office:
            role = Role.QUESTIONER if person.kind != "unattributed" else Role.AUDIENCE
            if unnamed_office and person.questions * 2 <= person.turns:
                role = Role.PANELIST  # 'THE WITNESS' answers: an unnamed office, not a reporter
            bare_q = person.kind == "asker" and fold(person.label) in {"q", "q.", "question"}
            label = None if bare_q else _readable(person.label)
            if person.kind == "office":
                draft.warn(f"speaker label {person.label!r}: the document does not say who holds "
                           "that office; turns kept under the label")
            for block in person.blocks:
                block.role = role
                block.speaker_label = label
            continue
        entry = _entry_for(person, roster, by_label, key)
        for block in person.blocks:
            block.role = entry.role
            draft.attributions.append((block, entry))
        if person.kind in {"titled", "bare"} and not person.full:
            draft.warn(f"speaker label {person.label!r}: no full name in the document; "
                       f"kept as {entry.display!r}")


# A chair qualified by the body it chairs: the person's office, not the chair of the
# session they speak at. The body written before it ("CEA Chair", "Fed Chairman", "Vice
# Chair"), or after it when it is not the session's own ("Chairman, Board of Governors of
# the Federal Reserve System"). The session's own chair is written "Chairman X", "The
# CHAIRMAN", "Chairman of the Committee" or "chairman of the Subcommittee on ...".
_CHAIR_ELSEWHERE = re.compile(
    r"\b[A-Z][\w.&'’-]*\s+(?:Chair|Chairman|Chairwoman|Chairperson)\b"
    r"|(?i:\b(?:chair|chairman|chairwoman|chairperson)\s*(?:,|of)\s+(?!the\s+(?:full\s+)?"
    r"(?:committee|subcommittee|panel|hearing|meeting|session|caucus|conference)\b)\w)"
)


def _entry_for(person: _Person, roster, by_label: dict[str, Entry], key: str) -> Entry:
    if person.kind == "alias":
        target = by_label.get(_key(person.label))
        if target is not None:
            return target
    if person.kind == "moderator":
        name = PersonName(raw="Moderator", surname="Moderator")
        entry = Entry(name=name, role=Role.MODERATOR, listed=True)
    elif person.kind == "anonymous":
        readable = _readable(person.label)
        entry = Entry(name=PersonName(raw=readable, surname=readable), role=Role.PANELIST,
                      listed=True)
    elif person.full:
        parsed = parse_person(person.full)
        entry = Entry(name=parsed, listed=True,
                      shown=person.full if ", " in person.full else None)
        entry.honorific = _recase(person.title) if person.title else parsed.honorific
        if entry.honorific and fold(entry.honorific) in _COURTESY:
            entry.honorific = entry.honorific[:1].upper() + entry.honorific[1:].lower()
    else:
        title = _recase(person.title) if person.title else None
        if title and _RANK.fullmatch(title):
            # A military rank is part of how a service member is named: "Lieutenant General
            # Sims". An office or courtesy title stays the honorific: "Biden", "President".
            shown = f"{title} {person.surname}"
            name = PersonName(raw=shown, honorific=title, surname=person.surname)
            entry = Entry(name=name, listed=True, shown=shown)
        else:
            entry = Entry(name=PersonName(raw=person.surname, surname=person.surname),
                          listed=True)
            if title and fold(title) in _COURTESY:
                title = title[:1].upper() + title[1:].lower()
                title = title if title.endswith(".") or title.lower() in {"madam", "miss",
                                                                          "mister"} else title + "."
            entry.honorific = title
    entry.affiliation = person.affiliation
    if person.kind != "moderator":
        host = _HOST_WORDS.search(" ".join(filter(None, [person.title, person.affiliation])))
        if host and person.affiliation and _CHAIR_ELSEWHERE.search(person.affiliation):
            host = None  # 'CEA Chair', 'Chairman, Board of Governors': an office held elsewhere
        if host:
            entry.role = Role.MODERATOR
        elif person.turns >= 2 and person.questions * 2 > person.turns and not person.headline:
            # Asks more than answers: a questioner — unless the title names them as one of
            # the event's principals ("... President López Obrador ... Joint Press Conference").
            entry.role = Role.QUESTIONER
    entry.aliases.append(person.label)
    roster.entries.append(entry)
    by_label[key] = entry
    by_label[_key(person.label)] = entry
    return entry


# --- the lines above the first turn ----------------------------------------------------------

_ORG_LINE = re.compile(
    r"\b(?:council|institute|center|centre|foundation|forum|society|association|university|"
    r"committee|commission|department|ministry|office|agency|bureau|house of representatives|"
    r"senate|white house|embassy|mission|court|government)\b",
    re.IGNORECASE,
)
_PLACE_LINE = re.compile(
    r"^(?:via\s+\w+|room\s+\S+.*|.*\b(?:room|hotel|hall|building|center|centre|auditorium|"
    r"teleconference|conference call|embassy|residence|airport|air force one|en route)\b.*|"
    r"[A-Z][\w.'’\- ]+,\s+[A-Z][\w.'’\- ]+)$",
    re.IGNORECASE,
)
_TIME_LINE = re.compile(
    r"^\(?\d{1,2}(?::\d{2})?\s*[AP]\.?\s?M\.?(?:\s+[A-Z]{2,4})?\)?$", re.IGNORECASE
)


def header_facts(rows: list[str]) -> dict[str, str]:
    """Organization and location from the short lines above a transcript's first turn.

    'National Security Council' / 'Via Teleconference' / '2:06 P.M. EST' ->
    organization and location; 'The Park Hotel' / 'New Delhi, India' -> one location.
    Time stamps and dates are skipped (dates are read by the caller).
    """
    facts: dict[str, str] = {}
    places: list[str] = []
    for row in rows:
        row = " ".join(row.replace("\\", "").split()).strip(" *_#")
        if not row or len(row) > 80 or _TIME_LINE.match(row) or row.endswith((".", "?", "!")):
            continue
        if re.match(r"^\(?[A-Z][a-z]+\.? \d{1,2}, \d{4}\)?$", row) or re.search(r"\d{4}", row):
            continue
        if _ORG_LINE.search(row) and not _PLACE_LINE.match(row) and "organization" not in facts:
            facts["organization"] = row
            continue
        if row[:1].isupper() and _PLACE_LINE.match(row) and not row.endswith(":"):
            places.append(row)  # 'COUNT FOUR' or 'THE GRAND JURY CHARGES:' is no place
    if places and len(places) <= 3:
        facts["location"] = ", ".join(places)
    return facts


# Publishers whose host name says who issued the document (their own styling of their name).
_PUBLISHERS = (
    (re.compile(r"(?:^|\.)[a-z]*whitehouse\.(?:gov|archives\.gov)$|whitehouse\.archives\.gov$"),
     "The White House"),
    (re.compile(r"(?:^|\.)state\.gov$"), "U.S. Department of State"),
    (re.compile(r"(?:^|\.)defense\.gov$"), "U.S. Department of Defense"),
    (re.compile(r"(?:^|\.)treasury\.gov$"), "U.S. Department of the Treasury"),
    (re.compile(r"(?:^|\.)un\.org$"), "United Nations"),
    (re.compile(r"(?:^|\.)congress\.gov$"), "U.S. Congress"),
)


def publisher_of(url: str | None) -> str | None:
    """'https://bidenwhitehouse.archives.gov/...' -> 'The White House' (known publishers only)."""
    if not url:
        return None
    m = re.match(r"(?i)^https?://([^/:?#]+)", url.strip())
    if not m:
        return None
    host = m.group(1).lower()
    for pattern, name in _PUBLISHERS:
        if pattern.search(host):
            return name
    return None


def read_labelled_body(draft, text: str, lines) -> bool:
    """A transcript body without a participant list: header facts, then turns.

    The short lines above the first turn give the location, the organization
    and the event's own date (which wins over a publication date: both are
    reported when they differ). Returns False when the body has no turns.
    """
    labels = _accepted_labels(lines)
    if not _enough(labels):
        return False
    first = min(labels)
    rows = [line for _, _, line in lines[:first] if line.strip(_SPACE)]
    if len(rows) <= 8:
        facts = header_facts(rows)
        draft.location = draft.location or facts.get("location")
        draft.organization = draft.organization or facts.get("organization")
        for no, _s, line in lines[:first]:
            found = find_date(line) if len(line.strip()) < 60 else None
            if found:
                if draft.date and draft.date != found[0]:
                    draft.warn(
                        f"event date {found[0].isoformat()} in the text differs from the "
                        f"published date {draft.date.isoformat()}; the event's own date is used",
                        no,
                    )
                draft.date, draft.date_line = found[0], no
                break
    draft.organization = draft.organization or publisher_of(draft.source)
    return read_turns(draft, text, lines, start=first if len(rows) <= 8 else 0,
                      labels=labels, title=draft.title or "")
