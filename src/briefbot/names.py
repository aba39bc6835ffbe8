"""People's names: parse them, and match the many ways a briefing refers to one person.

A briefing names each participant several times and differently: "Ambassador
Margaret Whitcombe (Ret.)" in the participant list, "AMBASSADOR WHITCOMBE:" as a
turn label, "Ms. Whitcombe" in a summary, "Margaret" in a moderator's aside.
This module turns such strings into a :class:`PersonName` and decides which
participant, if any, a reference points to. It is shared by the parsers and by
the search engine (a name typed into a question goes through the same matcher).

Public API
----------
``parse_person(text) -> PersonName``
    Split a written name into honorific, given name, middle names/initials,
    surname, suffix and a retired flag. Knows ranks and titles ("Lt. Gen.",
    "Ambassador", "(Ret.)" anywhere), suffixes (Jr., III, Ph.D.), surname
    particles ("de la", "van"), and family-name-first East Asian names
    ("Gao Mingyu", "Lin Yu-chen": surname first).
``match_label(label, speakers) -> Speaker | Ambiguous | None``
    Which of ``speakers`` a reference means: full name, honorific + surname,
    bare surname, given name, in any case and with or without diacritics.
    Two candidates that cannot be told apart give ``Ambiguous`` — never a guess.
``same_person(a, b) -> bool``
    Whether two written names denote the same person (given name and surname
    agree; middle initials and honorifics may differ).
``split_name_list(text) -> list[str]``
    "Mr. A, Dr. B, Jr., and Ms. C" -> ["Mr. A", "Dr. B, Jr.", "Ms. C"].
``honorific_key(honorific) -> str``
    The comparable form of a title: "Amb." and "Ambassador" -> "amb".
``canonical_honorific``, ``HONORIFIC_PATTERN``, ``strip_retired``,
``looks_like_person`` are small helpers the parsers reuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .models import Speaker
from .text import fold as _fold_uncached

# Names recur thousands of times in a long transcript (every turn label is matched
# against every participant): parsing and folding each distinct string once keeps
# matching cheap. Both functions are pure, and their results are immutable.
fold = lru_cache(maxsize=16384)(_fold_uncached)

__all__ = [
    "PersonName",
    "Ambiguous",
    "parse_person",
    "match_label",
    "same_person",
    "split_name_list",
    "split_name_and_role",
    "honorific_key",
    "honorific_ending",
    "honorifics_compatible",
    "same_title",
    "TITLE_KEYS",
    "TITLE_WORDS",
    "strip_retired",
    "looks_like_person",
    "HONORIFIC_PATTERN",
]

# Titles and ranks, longest first so "Lt. Gen." wins over "Lt.". The value is the
# comparison key: spelled-out and abbreviated forms of one title share a key.
_HONORIFICS: dict[str, str] = {
    "lieutenant general": "ltgen",
    "lt. gen.": "ltgen",
    "lt gen": "ltgen",
    "ltg": "ltgen",
    "major general": "majgen",
    "maj. gen.": "majgen",
    "maj gen": "majgen",
    "brigadier general": "brigen",
    "brig. gen.": "brigen",
    "brig gen": "brigen",
    "vice admiral": "viceadm",
    "vice adm.": "viceadm",
    "vadm": "viceadm",
    "rear admiral": "rearadm",
    "rear adm.": "rearadm",
    "radm": "rearadm",
    "lieutenant colonel": "ltcol",
    "lt. col.": "ltcol",
    "lt col": "ltcol",
    "general": "gen",
    "gen.": "gen",
    "admiral": "adm",
    "adm.": "adm",
    "colonel": "col",
    "col.": "col",
    "major": "maj",
    "maj.": "maj",
    "captain": "capt",
    "capt.": "capt",
    "commander": "cmdr",
    "cmdr.": "cmdr",
    "cdr.": "cmdr",
    "lieutenant": "lt",
    "lt.": "lt",
    "sergeant": "sgt",
    "sgt.": "sgt",
    "ambassador": "amb",
    "amb.": "amb",
    "h.e.": "he",
    "his excellency": "he",
    "her excellency": "he",
    "the honorable": "hon",
    "the hon.": "hon",
    "honorable": "hon",
    "hon.": "hon",
    "senator": "sen",
    "sen.": "sen",
    "representative": "rep",
    "rep.": "rep",
    "congressman": "rep",
    "congresswoman": "rep",
    "governor": "gov",
    "gov.": "gov",
    "secretary": "sec",
    # Offices used as a title before a surname in government records ("Attorney General
    # MEESE", "PRIME MINISTER SUGA", "Chairman INOUYE").
    "attorney general": "ag",
    "prime minister": "pm",
    "vice president": "vp",
    "under secretary": "undersec",
    "deputy secretary": "depsec",
    "assistant secretary": "asstsec",
    "secretary general": "secgen",
    "secretary-general": "secgen",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "minister": "minister",
    "president": "pres",
    "professor": "prof",
    "prof.": "prof",
    "doctor": "dr",
    "dr.": "dr",
    "dr": "dr",
    "mr.": "mr",
    "mr": "mr",
    "mister": "mr",
    "ms.": "ms",
    "ms": "ms",
    "mrs.": "mrs",
    "mrs": "mrs",
    "miss": "miss",
    "mx.": "mx",
    "sir": "sir",
    "dame": "dame",
    "lord": "lord",
    "lady": "lady",
    "rev.": "rev",
    "reverend": "rev",
    "fr.": "fr",
    "father": "fr",
    "rabbi": "rabbi",
    "imam": "imam",
    "sister": "sister",
}
# Titles that several people at one event share only rarely and that are gendered;
# used to decide whether two differing honorifics may still denote one person.
_FEMALE = {"ms", "mrs", "miss", "dame", "lady", "sister"}
_MALE = {"mr", "sir", "lord", "fr"}

_HON_ALTS = sorted(_HONORIFICS, key=len, reverse=True)
HONORIFIC_PATTERN = (
    r"(?i:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _HON_ALTS) + r")"
)
_HON_RE = re.compile(r"^\s*(" + HONORIFIC_PATTERN + r")(?=\s|$)\s*", re.IGNORECASE)
_RETIRED_RE = re.compile(
    r"\s*[(\[]\s*ret(?:\.|ired)?\s*[)\]]\s*|,\s*ret\.?(?=\s*(?:,|$))", re.IGNORECASE
)
_SUFFIXES = {
    "jr.": "Jr.",
    "jr": "Jr.",
    "sr.": "Sr.",
    "sr": "Sr.",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "v": "V",
    "ph.d.": "Ph.D.",
    "phd": "Ph.D.",
    "ph.d": "Ph.D.",
    "m.d.": "M.D.",
    "md": "M.D.",
    "esq.": "Esq.",
    "esq": "Esq.",
    "obe": "OBE",
    "mbe": "MBE",
    "cbe": "CBE",
    "kbe": "KBE",
    "j.d.": "J.D.",
    "mba": "MBA",
    "cfa": "CFA",
    "d.phil.": "D.Phil.",
    "dphil": "D.Phil.",
    "m.p.": "MP",
    "mp": "MP",
    "usn": "USN",
    "usa": "USA",
    "usaf": "USAF",
    "usmc": "USMC",
}
# Suffixes that are part of the name itself; degrees and decorations are not.
_NAME_SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV", "V"}
_PARTICLES = {
    "de",
    "del",
    "della",
    "der",
    "den",
    "di",
    "da",
    "das",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "van",
    "von",
    "ten",
    "ter",
    "bin",
    "ibn",
    "al",
    "el",
    "af",
    "av",
    "zu",
    "st.",
    "mac",
    "y",
    "e",
}
# Common East Asian family names. A two- or three-part name whose first part is
# one of these and whose rest reads as romanized given-name syllables ("Mingyu",
# "Yu-chen", "Jae-in") is written family-name first.
_EAST_ASIAN_FAMILY = set(
    [
        "wang",
        "li",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "wu",
        "zhou",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "he",
        "gao",
        "lin",
        "luo",
        "zheng",
        "liang",
        "xie",
        "song",
        "tang",
        "han",
        "feng",
        "deng",
        "cao",
        "peng",
        "zeng",
        "xiao",
        "tian",
        "dong",
        "pan",
        "yuan",
        "cai",
        "jiang",
        "yu",
        "du",
        "ye",
        "cheng",
        "wei",
        "su",
        "lu",
        "ding",
        "ren",
        "shen",
        "yao",
        "jin",
        "fan",
        "fang",
        "shi",
        "tan",
        "liao",
        "zou",
        "xiong",
        "qiu",
        "qin",
        "jia",
        "hou",
        "meng",
        "bai",
        "kong",
        "mao",
        "cui",
        "qian",
        "wan",
        "gu",
        "lai",
        "hong",
        "duan",
        "lei",
        "long",
        "tao",
        "mo",
        "kang",
        "chang",
        "chiang",
        "chou",
        "hsu",
        "hsieh",
        "huang",
        "kuo",
        "lai",
        "lee",
        "tsai",
        "tseng",
        "tsao",
        "wong",
        "chan",
        "cheung",
        "leung",
        "ng",
        "ho",
        "lam",
        "chow",
        "kim",
        "park",
        "choi",
        "jung",
        "jeong",
        "cho",
        "yoon",
        "yun",
        "jang",
        "lim",
        "oh",
        "seo",
        "shin",
        "kwon",
        "hwang",
        "ahn",
        "yoo",
        "hong",
        "moon",
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ngo",
        "duong",
        "ly",
    ]
)
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ao|an|ei|en|er|ia|ie|in|"
    r"iu|ou|ua|uo|ui|un|ue|ve|a|e|i|o|u|v)"
)
_PINYIN_WORD = re.compile(rf"^(?:{_PINYIN_SYLLABLE}){{1,3}}$")
_ROMANIZED_HYPHEN = re.compile(r"^[a-z]{1,6}-[a-z]{1,6}$")

_TOKEN_SPLIT = re.compile(r"\s+")
_INITIAL = re.compile(r"^(?:[A-Z]\.?|[A-Z]\.-?[A-Z]\.?)$")
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w.'’\-]*$")


@dataclass(frozen=True)
class PersonName:
    """A written name split into its parts. ``given`` may be empty ("DR. KANG")."""

    raw: str
    honorific: str | None = None
    given: str = ""
    middle: tuple[str, ...] = ()
    surname: str = ""
    suffix: str | None = None
    retired: bool = False
    family_first: bool = False
    extra_honorifics: tuple[str, ...] = field(default=())

    @property
    def full(self) -> str:
        """The canonical display name: no honorific, middle initials kept, name suffix kept."""
        if self.family_first:
            parts = [self.surname, self.given, *self.middle]
        else:
            parts = [self.given, *self.middle, self.surname]
        name = " ".join(p for p in parts if p)
        if self.suffix in _NAME_SUFFIXES:
            name = f"{name} {self.suffix}" if name else self.suffix
        return name

    @property
    def honorific_key(self) -> str | None:
        """The comparison key of the honorific, e.g. 'amb' for 'Ambassador'."""
        return honorific_key(self.honorific) if self.honorific else None

    def surname_keys(self) -> set[str]:
        """Folded forms by which the surname alone may refer to this person."""
        keys: set[str] = set()
        if not self.surname:
            return keys
        full = fold(self.surname)
        keys.add(full)
        keys.add(full.replace("-", " "))
        words = full.split()
        # "Ibáñez de la Torre" is also "Ibáñez" and "de la Torre"; "van Dyke" is "Dyke".
        for i, word in enumerate(words):
            if word in _PARTICLES and i + 1 < len(words):
                if i > 0:
                    keys.add(" ".join(words[:i]))
                keys.add(" ".join(words[i:]))
                keys.add(" ".join(w for w in words[i:] if w not in _PARTICLES))
                break
        return {k for k in keys if k}


@dataclass(frozen=True)
class Ambiguous:
    """A reference that fits several participants equally well."""

    label: str
    candidates: tuple[Speaker, ...]

    def names(self) -> str:
        """'Joanna Kang or Warren Kang'."""
        return " or ".join(s.name for s in self.candidates)


def honorific_key(honorific: str | None) -> str:
    """The comparable form of a title ('Amb.' and 'Ambassador' -> 'amb'); '' for none."""
    if not honorific:
        return ""
    norm = re.sub(r"\s+", " ", fold(honorific)).strip()
    if norm in _HONORIFICS:
        return _HONORIFICS[norm]
    if norm + "." in _HONORIFICS:
        return _HONORIFICS[norm + "."]
    return norm.rstrip(".")


# The forms above as folded words without dots ("lt. gen." -> ("lt", "gen")): how a question,
# cut into words, spells them.
_WORD_FORMS: dict[tuple[str, ...], str] = {
    tuple(_fold_uncached(form).replace(".", " ").split()): key for form, key in _HONORIFICS.items()
}
_LONGEST_FORM = max(len(form) for form in _WORD_FORMS)
TITLE_KEYS: frozenset[str] = frozenset(_HONORIFICS.values())
"""Every title's comparison key ('ltgen', 'dr', 'ag', ...)."""
TITLE_WORDS: frozenset[str] = frozenset(w for form in _WORD_FORMS for w in form)
"""Every word a title is written with ('lieutenant', 'gen', 'attorney', ...)."""


def honorific_ending(words: Sequence[str], end: int) -> tuple[str, int] | None:
    """The title that the folded ``words`` spell just before index ``end``, and its length in
    words: (['said', 'lt', 'gen'], 3) -> ('ltgen', 2); None when no title ends there."""
    for n in range(min(_LONGEST_FORM, end), 0, -1):
        key = _WORD_FORMS.get(tuple(words[end - n : end]))
        if key is not None:
            return key, n
    return None


def same_title(a: str | None, b: str | None) -> bool:
    """Two title keys that name the same title ('ms' and 'mrs' both address a woman)."""
    return bool(a) and bool(b) and (a == b or (a in _FEMALE and b in _FEMALE))


def honorifics_compatible(a: str | None, b: str | None) -> bool:
    """Whether two honorifics can belong to one person (unknown is compatible with all)."""
    ka, kb = honorific_key(a), honorific_key(b)
    if not ka or not kb or ka == kb:
        return True
    return ka in _FEMALE and kb in _FEMALE


def _gender_conflict(a: str | None, b: str | None) -> bool:
    ka, kb = honorific_key(a), honorific_key(b)
    return (ka in _MALE and kb in _FEMALE) or (ka in _FEMALE and kb in _MALE)


def strip_retired(text: str) -> tuple[str, bool]:
    """Remove '(Ret.)' / ', Ret.' wherever it appears; return the text and whether it did."""
    new, count = _RETIRED_RE.subn(" ", text)
    return re.sub(r"\s+", " ", new).strip(" ,"), count > 0


def _strip_honorifics(text: str) -> tuple[list[str], str]:
    found: list[str] = []
    # Bounded: each pass consumes at least one character.
    for _ in range(4):
        m = _HON_RE.match(text)
        if not m:
            break
        found.append(re.sub(r"\s+", " ", m.group(1)))
        text = text[m.end() :]
    return found, text


def _capitalize_caps(word: str) -> str:
    """'SARRAFZADEH' -> 'Sarrafzadeh', 'OKONKWO-BANKS' -> 'Okonkwo-Banks', "O'NEIL" -> "O'Neil"."""
    if not word.isupper():
        return word
    out = re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), word)
    return out


def _is_family_first(tokens: Sequence[str]) -> bool:
    if len(tokens) != 2:
        return False
    first, rest = fold(tokens[0]), fold(tokens[1])
    if first not in _EAST_ASIAN_FAMILY:
        return False
    if _ROMANIZED_HYPHEN.match(rest):
        return True
    return (
        bool(_PINYIN_WORD.match(rest))
        and len(rest) >= 3
        and fold(tokens[1]) not in _EAST_ASIAN_FAMILY
    )


def parse_person(text: str) -> PersonName:
    """Split a written name into its parts (cached: the result is immutable).

    >>> p = parse_person("Ambassador Margaret Whitcombe (Ret.)")
    >>> (p.honorific, p.given, p.surname, p.retired)
    ('Ambassador', 'Margaret', 'Whitcombe', True)
    >>> parse_person("Dr. Lin Yu-chen").surname
    'Lin'
    >>> parse_person("DR. KANG").full
    'Kang'
    """
    return _parse_person(text or "")


@lru_cache(maxsize=16384)
def _parse_person(text: str) -> PersonName:
    raw = text
    text = re.sub(r"\s+", " ", text or "").strip().strip(",;:")
    text, retired = strip_retired(text)
    honors, text = _strip_honorifics(text)
    text, retired2 = strip_retired(text)
    retired = retired or retired2
    # Trailing suffixes, comma-separated or not: "John Smith, Jr., Ph.D."
    suffix: str | None = None
    for _ in range(4):
        m = re.search(r"(?:,\s*|\s+)([A-Za-z.]{1,6})\s*$", text)
        if not m:
            break
        key = m.group(1).lower()
        if key not in _SUFFIXES or (key == "v" and "," not in m.group(0)):
            break
        value = _SUFFIXES[key]
        if suffix is None or (value in _NAME_SUFFIXES and suffix not in _NAME_SUFFIXES):
            suffix = value
        text = text[: m.start()].strip(" ,")
    tokens = [t for t in _TOKEN_SPLIT.split(text) if t]
    all_caps = bool(tokens) and all(t.isupper() or not any(c.isalpha() for c in t) for t in tokens)
    if all_caps:
        tokens = [_capitalize_caps(t) if t.lower() not in _PARTICLES else t.lower() for t in tokens]
    honorific = None
    if honors:
        honorific = honors[0]
        if all_caps or honorific.isupper() or honorific.islower():
            honorific = _canonical_spelling(honorific)
    family_first = _is_family_first(tokens)
    given, middle, surname = "", (), ""
    if not tokens:
        pass
    elif len(tokens) == 1:
        surname = tokens[0]
    elif family_first:
        surname, given = tokens[0], tokens[1]
    else:
        given = tokens[0]
        rest = tokens[1:]
        # Surname starts at the first particle; a non-initial word right before a
        # particle belongs to a compound surname ("Ibáñez de la Torre").
        start = len(rest) - 1
        for i, tok in enumerate(rest[:-1]):
            if tok.lower() in _PARTICLES:
                start = i
                if i > 0 and not _INITIAL.match(rest[i - 1]):
                    start = i - 1
                break
        middle = tuple(rest[:start])
        surname = " ".join(rest[start:])
    return PersonName(
        raw=raw,
        honorific=honorific,
        given=given,
        middle=middle,
        surname=surname,
        suffix=suffix,
        retired=retired,
        family_first=family_first,
        extra_honorifics=tuple(honors[1:]),
    )


def _canonical_spelling(honorific: str) -> str:
    """'DR.' -> 'Dr.', 'AMBASSADOR' -> 'Ambassador', 'LT. GEN.' -> 'Lt. Gen.'."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in honorific.split())


def _given_key(name: PersonName) -> str:
    return fold(name.given)


def same_person(a: str | PersonName, b: str | PersonName) -> bool:
    """Whether two written names denote one person: given and surname agree.

    Middle names and initials, honorifics, suffixes, case and diacritics are
    ignored ("Ilan I. Berman" = "Mr. Ilan Berman" = "ILAN BERMAN"). A name
    without a given name never equals a full name here: use ``match_label``.
    """
    pa = a if isinstance(a, PersonName) else parse_person(a)
    pb = b if isinstance(b, PersonName) else parse_person(b)
    if not pa.surname or not pb.surname:
        return False
    if fold(pa.surname) != fold(pb.surname):
        # A family-first name may have been parsed the other way round elsewhere.
        return {fold(pa.surname), fold(pa.given)} == {fold(pb.surname), fold(pb.given)} and bool(
            pa.given
        )
    return _given_key(pa) == _given_key(pb) and honorifics_compatible(pa.honorific, pb.honorific)


def looks_like_person(text: str) -> bool:
    """A short run of capitalized words, optionally with an honorific: could be a name line."""
    text = text.strip()
    if (
        not text
        or len(text) > 80
        or text[-1:] in ".:;,?!"
        and not re.search(r"\b(?:Jr|Sr|Ret|Ph\.D|M\.D)\.\)?$", text)
    ):
        return False
    p = parse_person(text)
    tokens = p.full.split()
    if not 1 <= len(tokens) <= 6:
        return False
    if len(tokens) == 1 and not p.honorific:
        return False
    for tok in tokens:
        if tok.lower() in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(tok) or not tok[0].isupper():
            return False
    return True


def _candidates_by_surname(keys: set[str], people: Sequence[tuple[Speaker, PersonName]]):
    return [(s, p) for s, p in people if keys & p.surname_keys()]


def match_label(label: str, speakers: Iterable[Speaker]) -> Speaker | Ambiguous | None:
    """Which participant a written reference means.

    Accepts a full name ("Navid Sarrafzadeh", any case, middle initial optional),
    honorific + surname ("DR. KANG", "Amb. Eggertsson", "COLONEL HALVORSEN"),
    a bare surname ("ØSTERGAARD", "Ostergaard", "Ibáñez de la Torre"), the
    surname of a family-name-first name ("Dr. Lin" for "Lin Yu-chen") or a
    given name that only one participant has. When several participants fit and
    the honorific or given name does not single one out, returns ``Ambiguous``;
    when none fits, ``None``. It never picks one of two equally good candidates.
    """
    people = [(s, parse_person(_with_honorific(s))) for s in speakers]
    if not people or not label or not label.strip():
        return None
    ref = parse_person(label)
    if not ref.surname:
        return None
    ref_tokens = fold(" ".join(t for t in [ref.given, *ref.middle, ref.surname] if t)).split()
    ref_hon = ref.honorific

    def narrow(cands):
        if not ref_hon:
            return cands
        # "Ms. Hollis" is not Mr. Bennett Hollis: a gender conflict rules a candidate out.
        cands = [c for c in cands if not _gender_conflict(c[1].honorific, ref_hon)]
        if len(cands) > 1:
            # Only the very same title singles one out ("DR. KANG" vs "MR. KANG");
            # anything weaker stays ambiguous rather than becoming a guess.
            same = [c for c in cands if honorific_key(c[1].honorific) == honorific_key(ref_hon)]
            if len(same) == 1:
                return same
        return cands

    def result(cands):
        unique = {id(c[0]): c[0] for c in cands}
        if len(unique) == 1:
            return next(iter(unique.values()))
        if len(unique) > 1:
            return Ambiguous(label, tuple(unique.values()))
        return None

    # 1. Full name (given + surname), either order, middle names ignored.
    if ref.given:
        full = [c for c in people if same_person(ref, c[1]) or _same_ignoring_honorific(ref, c[1])]
        if full:
            return result(narrow(full))
    # 2. The whole reference is a surname form ("Ibáñez de la Torre", "DE LA TORRE", "KANG").
    whole = " ".join(ref_tokens)
    cands = _candidates_by_surname({whole, whole.replace("-", " ")}, people)
    if not cands and ref.given:
        # "Dr. Lin" parsed as given "", fine; "Mingyu Gao" reversed etc. handled in step 1.
        cands = _candidates_by_surname({fold(ref.surname)}, people)
        cands = [c for c in cands if not c[1].given or fold(c[1].given) == fold(ref.given)]
    if cands:
        return result(narrow(cands))
    # 3. A given name only one participant has, and nobody's surname.
    if len(ref_tokens) == 1:
        token = ref_tokens[0]
        by_given = [c for c in people if fold(c[1].given) == token]
        if by_given:
            return result(narrow(by_given))
    return None


def _same_ignoring_honorific(a: PersonName, b: PersonName) -> bool:
    if not a.surname or not b.surname or not a.given or not b.given:
        return False
    return fold(a.surname) == fold(b.surname) and fold(a.given) == fold(b.given)


def _with_honorific(speaker: Speaker) -> str:
    return f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name


def split_name_list(text: str) -> list[str]:
    """Split "Mr. A, Dr. B Jr., and Ms. C" into names, keeping suffixes with their name."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", text)
    names: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        key = part.lower()
        if names and (key in _SUFFIXES or re.fullmatch(r"\(?ret\.?\)?", key)):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


_ROLE_SEPARATOR = re.compile(r"\s+[—–]\s+|\s+-\s+|\s*\|\s*|\s*[—–]\s*")
# Any separator between list fields: the role separators above, or a comma.
_FIELD_SEPARATOR = re.compile(r"\s+[—–]\s+|\s+-\s+|\s*\|\s*|\s*[—–]\s*|\s*,\s*")
_SUFFIX_PART = re.compile(
    r"(?i)(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?\s?d|d\.?\s?phil|j\.?\s?d|esq|obe|mbe|cbe|kbe|cfa|"
    r"mba|mp|usn|usa|usaf|usmc|\(?ret(?:ired)?\)?)\.?\)?"
)
_TRAILING_PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*(?P<tail>.*)$")


# "(D-CA)", "(R-Texas)", "(I-Vt.)": a legislator's party and state.
_PARTY_TAG = re.compile(r"(?:D|R|I)\s?[-–]\s?[A-Z][A-Za-z.]{1,12}")


def split_name_and_role(text: str) -> tuple[str, str | None]:
    """Split a list entry into the name and what follows it.

    "Jane Roe — Senior Fellow, X Institute" -> ("Jane Roe", "Senior Fellow, X Institute");
    "John Doe, Jr., Partner, Y LLP" -> ("John Doe, Jr.", "Partner, Y LLP");
    "Prof. Ken Ono, Ph.D. — Professor, Z" -> ("Prof. Ken Ono, Ph.D.", "Professor, Z");
    "Ana Ruiz | Partner | Y LLP" -> ("Ana Ruiz", "Partner, Y LLP");
    "Sam Lee (X Institute)" -> ("Sam Lee", "X Institute").
    Name suffixes and degrees (Jr., III, Ph.D., OBE, "(Ret.)") stay with the name
    whatever separator follows them; the fields after the name are joined with ", ".
    """
    text = text.strip()
    m = _TRAILING_PAREN.match(text)
    if m and not _SUFFIX_PART.fullmatch(m.group("inner").strip()):
        # "Name (Affiliation)": the parenthesis holds the affiliation, not part of the name.
        head, _ = split_name_and_role(m.group("name"))
        if head == m.group("name").strip() and looks_like_person(head):
            tail = m.group("tail").strip(" ,;—–-|")
            affiliation = m.group("inner").strip()
            if tail and _PARTY_TAG.fullmatch(affiliation):
                # "Rep. Ana Ruiz (D-CA), Member, X Committee": the party and state
                # qualify the office that follows; they are not the affiliation itself.
                return head, f"{tail} ({affiliation})"
            return head, (f"{affiliation}, {tail}" if tail else affiliation)
    pieces = _FIELD_SEPARATOR.split(text)
    name = pieces[0].strip()
    rest = pieces[1:]
    while rest and _SUFFIX_PART.fullmatch(rest[0].strip()):
        name = f"{name}, {rest.pop(0).strip()}"
    if not rest:
        return name, None
    tail = ", ".join(p.strip() for p in rest if p.strip())
    return name, tail or None
