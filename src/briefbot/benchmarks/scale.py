"""A deterministic synthetic briefing archive of any size, for benchmarks.

Passages are drawn to read like briefing remarks: sentences of 5-35 words
(capitalised, ending in a full stop), a vocabulary of function words,
foreign-policy words, acronyms (CCP, U.S., NATO), hyphenated compounds
(Sino-Soviet, long-term), years and a long tail of rare invented words,
with word frequencies following a Zipf law (exponent ~1.07, as measured on
English text). Passage lengths are log-normal around 70 words (about what
ingestion cuts briefing remarks into). Events get invented titles, dates,
organizations and 2-5 speakers from a pool of invented people.

Everything depends only on ``(n_passages, seed)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

__all__ = ["KINDS", "ScaleCorpus", "generate", "generate_common_queries", "generate_mix",
           "generate_queries", "to_corpus"]

_FUNCTION = """the of and to in a that is it for on as with we this be are was have not
but by at from they or i an you there what which their has about if more can
will one all would so do our been were when he she very also think just these
those them into than other how its who because some us any could only over
had then well really see going now know say want way here where much even
most many both such""".split()

_POLICY = """china russia united states beijing moscow washington ukraine taiwan
iran india europe japan korea pakistan israel turkey arctic pacific africa
policy security economic military defense strategic partnership cooperation
sanctions trade energy oil gas nuclear deterrence alliance regime government
administration congress senate president minister war conflict invasion
pressure influence competition rivalry diplomacy diplomatic treaty agreement
export controls technology semiconductor chips supply chain critical minerals
investment infrastructure belt road initiative debt development aid assistance
intelligence cyber space missile drones weapons arms forces troops navy army
border maritime sea strait island territory sovereignty democracy
authoritarian human rights freedom information operations propaganda
disinformation election leadership party communist ideology nationalism
market growth inflation currency dollar yuan ruble finance banking payment
systems evasion enforcement compliance tariffs subsidies industrial
manufacturing innovation research data artificial intelligence climate
resources food water migration refugees humanitarian crisis stability
instability escalation risk threat challenge opportunity response options
approach framework interests values partners allies adversaries coalition
multilateral bilateral regional global international domestic national
foreign public private sector companies firms industry workers labor
jobs costs prices budget spending funding resources capacity capabilities
readiness posture exercise training modernization reform transition
succession negotiations talks summit meeting statement declaration
commitment obligation guarantee credibility leverage dependence reliance
vulnerability resilience recovery reconstruction occupation annexation
ceasefire peace settlement mediation envoy ambassador embassy delegation
hearing testimony report analysis assessment estimate forecast scenario
history historical century decade years months weeks today tomorrow future
long term short question answer point issue problem case example evidence
significant important critical serious major key primary central
fundamental broader deeper closer stronger weaker larger smaller new old
increasing growing rising declining shifting changing emerging ongoing
""".split()

_ACRONYMS = ["CCP", "PRC", "U.S.", "NATO", "EU", "UN", "IMF", "WTO", "BRICS", "SCO",
             "IRGC", "DPRK", "ASEAN", "OPEC", "U.K.", "G7", "G20", "AUKUS", "CSTO", "FBI"]
_COMPOUNDS = ["Sino-Soviet", "long-term", "short-term", "Sino-Russian", "U.S.-China",
              "Indo-Pacific", "post-Soviet", "so-called", "well-being", "cross-strait",
              "dual-use", "state-owned", "high-tech", "anti-corruption", "co-operation",
              "decision-making", "peace-keeping", "non-proliferation", "counter-terrorism",
              "Russia-Ukraine"]
_ORGS = ["Council on Strategic Affairs", "Institute for Global Policy", "Center for Security Studies",
         "Foundation for Democratic Futures", "Atlantic Policy Forum", "Pacific Research Institute",
         "Eurasia Study Group", "Bureau of Economic Statecraft"]
_ROLES = ["Senior Fellow", "Director", "Professor", "Research Fellow", "Former Ambassador",
          "President", "Program Director", "Adjunct Fellow"]
_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m",
           "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "ie", "y"]
_CODAS = ["", "n", "r", "s", "l", "t", "nd", "st", "m", "rk", "sh", "v"]
_ZIPF_EXPONENT = 1.07
_TAIL_WORDS = 60_000


@dataclasses.dataclass
class ScaleCorpus:
    """Generated passages and the events and people they belong to."""

    texts: list[str]
    passage_event: np.ndarray  # int32, event index per passage
    passage_speaker: np.ndarray  # int32, index into people
    events: list[dict]  # title, organization, date, speakers (indices into people)
    people: list[dict]  # name, affiliation, honorific
    vocabulary: list[str]


def _pseudo_words(rng: np.random.Generator, count: int, syllables: tuple[int, int]) -> list[str]:
    """Invented, pronounceable, distinct words."""
    words: dict[str, None] = {}
    while len(words) < count:
        n = rng.integers(syllables[0], syllables[1] + 1, size=count)
        o = rng.integers(len(_ONSETS), size=(count, syllables[1]))
        v = rng.integers(len(_VOWELS), size=(count, syllables[1]))
        c = rng.integers(len(_CODAS), size=(count, syllables[1]))
        for row in range(count):
            word = "".join(_ONSETS[o[row, s]] + _VOWELS[v[row, s]] + _CODAS[c[row, s]]
                           for s in range(n[row]))
            words.setdefault(word)
            if len(words) == count:
                break
    return list(words)


def _vocabulary(rng: np.random.Generator) -> list[str]:
    """Words in frequency-rank order: function words, policy words, then the tail."""
    years = [str(y) for y in range(1990, 2026)]
    numbers = [str(n) for n in (2, 3, 5, 10, 20, 50, 100, 1000)]
    head = _FUNCTION + _POLICY[:60]
    middle = _POLICY[60:] + _ACRONYMS + _COMPOUNDS + years + numbers
    order = rng.permutation(len(middle))
    taken = set(head) | set(middle)
    tail = [w for w in _pseudo_words(rng, _TAIL_WORDS + 500, (2, 4)) if w not in taken]
    return head + [middle[i] for i in order] + tail[:_TAIL_WORDS]


def _zipf(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** _ZIPF_EXPONENT
    return weights / weights.sum()


def _people(rng: np.random.Generator, count: int) -> list[dict]:
    first = [w.capitalize() for w in _pseudo_words(rng, 400, (2, 3))]
    last = [w.capitalize() for w in _pseudo_words(rng, max(count, 50), (2, 4))]
    honorifics = [None, "Dr.", "Mr.", "Ms.", "Amb.", "Gen."]
    out = []
    for i in range(count):
        out.append({
            "name": f"{first[rng.integers(len(first))]} {last[i % len(last)]}",
            "honorific": honorifics[rng.integers(len(honorifics))],
            "affiliation": f"{_ROLES[rng.integers(len(_ROLES))]}, "
                           f"{_ORGS[rng.integers(len(_ORGS))]}",
        })
    return out


def generate(n_passages: int, seed: int = 0) -> ScaleCorpus:
    """A corpus of ``n_passages`` passages, identical for the same arguments."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(rng)
    probs = _zipf(len(vocab))
    plain = np.array(vocab, dtype=object)
    capital = np.array([w if w[0].isupper() else w.capitalize() for w in vocab], dtype=object)
    stop = np.array([w + "." for w in vocab], dtype=object)
    capital_stop = np.array([w + "." for w in capital], dtype=object)
    forms = np.concatenate([plain, stop, capital, capital_stop])  # index + len(vocab) * form

    n_events = max(1, n_passages // 40)
    people = _people(rng, max(8, n_passages // 100))
    events = []
    start = dt.date(2015, 1, 1).toordinal()
    for e in range(n_events):
        n_speakers = int(rng.integers(2, 6))
        topic = [vocab[i].capitalize() for i in rng.integers(60, 400, size=3)]
        events.append({
            "title": f"{topic[0]} and {topic[1]}: {topic[2]} in a Changing World",
            "organization": _ORGS[e % len(_ORGS)],
            "date": dt.date.fromordinal(start + int(rng.integers(0, 4000))).isoformat(),
            "speakers": [int(s) for s in rng.choice(len(people), n_speakers, replace=False)],
        })
    # Passages are spread over events in order, a few dozen per event.
    passage_event = np.sort(rng.integers(0, n_events, size=n_passages)).astype(np.int32)
    passage_speaker = np.empty(n_passages, dtype=np.int32)
    for p, e in enumerate(passage_event.tolist()):
        speakers = events[e]["speakers"]
        passage_speaker[p] = speakers[p % len(speakers)]

    texts: list[str] = []
    chunk = 20_000
    for first in range(0, n_passages, chunk):
        size = min(chunk, n_passages - first)
        lengths = np.clip(rng.lognormal(np.log(70), 0.45, size=size), 12, 300).astype(np.int64)
        total = int(lengths.sum())
        words = rng.choice(len(vocab), size=total, p=probs)
        last = np.cumsum(lengths) - 1
        firsts = np.concatenate([[0], last[:-1] + 1])
        ends = rng.random(total) < 1 / 16
        ends[1:] &= ~ends[:-1]  # no one-word sentences
        ends[firsts] = False
        ends[last] = True
        starts = np.zeros(total, dtype=bool)
        starts[1:] = ends[:-1]
        starts[firsts] = True
        form = np.where(ends, 1, np.where(starts, 2, 0)) + (ends & starts) * 2  # 3: "Word."
        tokens = forms[words + form * len(vocab)]
        offset = 0
        for length in lengths.tolist():
            texts.append(" ".join(tokens[offset : offset + length].tolist()))
            offset += length
    return ScaleCorpus(texts, passage_event, passage_speaker, events, people, vocab)


def generate_queries(corpus: ScaleCorpus, n: int, seed: int = 0) -> list[str]:
    """Questions of 2-6 content words, sometimes naming a speaker, like staff ask."""
    rng = np.random.default_rng(seed + 1)
    vocab = corpus.vocabulary
    # Content words only, favouring the frequent ones less steeply than text does.
    first_content = len(_FUNCTION)
    pool = np.arange(first_content, min(len(vocab), first_content + 20_000))
    weights = _zipf(pool.size) ** 0.6
    weights /= weights.sum()
    out = []
    for _ in range(n):
        words = [vocab[i] for i in rng.choice(pool, size=int(rng.integers(2, 7)), p=weights)]
        if rng.random() < 0.2:
            person = corpus.people[int(rng.integers(len(corpus.people)))]
            words.append(person["name"].split()[-1])
        out.append("What was said about " + " ".join(words) + "?")
    return out


def generate_common_queries(corpus: ScaleCorpus, n: int, seed: int = 0) -> list[str]:
    """Questions of 2-5 of the most frequent policy words: long postings for every term."""
    rng = np.random.default_rng(seed + 2)
    common = _POLICY[:60]
    return ["What was said about " + " ".join(rng.choice(common, size=int(rng.integers(2, 6))))
            + "?" for _ in range(n)]


KINDS = ("topical", "common", "who_said", "speaker", "speaker_topic", "events", "when",
         "speaker_events")
"""The question kinds of :func:`generate_mix`, the ones the README shows staff asking."""


def generate_mix(corpus: ScaleCorpus, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (kind, question) pairs, the kinds of :data:`KINDS` in turn."""
    rng = np.random.default_rng(seed + 3)
    rare = generate_queries(corpus, n, seed)
    common = generate_common_queries(corpus, n, seed)
    out: list[tuple[str, str]] = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        person = corpus.people[int(rng.integers(len(corpus.people)))]
        event = corpus.events[int(rng.integers(len(corpus.events)))]
        surname = person["name"].split()[-1]
        if kind == "topical":
            question = rare[i]
        elif kind == "common":
            question = common[i]
        elif kind == "who_said":
            words = corpus.texts[int(rng.integers(len(corpus.texts)))].split()
            start = int(rng.integers(max(1, len(words) - 8)))
            question = "who said " + " ".join(words[start:start + 8]).rstrip(".")
        elif kind == "speaker":
            question = f"speaker {surname}"
        elif kind == "speaker_topic":
            question = f"What did {surname} say about {_POLICY[int(rng.integers(60))]}?"
        elif kind == "events":
            org = event["organization"].split()[-1].lower()
            question = f"events org:{org} after:{event['date'][:4]}"
        elif kind == "when":
            question = f"When was the briefing on {event['title']}?"
        else:
            question = f"Which events did {person['name']} speak at?"
        out.append((kind, question))
    return out


def to_corpus(scale: ScaleCorpus):
    """The same archive as briefbot ``Corpus`` records (for the product path)."""
    from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker
    from briefbot.text import slug

    briefings = []
    speaker_ids: list[dict[int, str]] = []
    for e, event in enumerate(scale.events):
        ids = {}
        speakers = []
        for person_index in event["speakers"]:
            person = scale.people[person_index]
            sid = f"{slug(person['name'])}-{person_index}"
            ids[person_index] = sid
            speakers.append(Speaker(id=sid, name=person["name"], honorific=person["honorific"],
                                    affiliation=person["affiliation"]))
        speaker_ids.append(ids)
        briefings.append(Briefing(
            id=f"event-{e:06d}", title=event["title"], organization=event["organization"],
            date=dt.date.fromisoformat(event["date"]), speakers=tuple(speakers),
            path=f"event-{e:06d}.md", format="markdown",
        ))
    passages = []
    order_in_event: dict[int, int] = {}
    for p, text in enumerate(scale.texts):
        e = int(scale.passage_event[p])
        order = order_in_event.get(e, 0)
        order_in_event[e] = order + 1
        passages.append(Passage(
            id=f"event-{e:06d}#{order}", briefing_id=f"event-{e:06d}",
            speaker_id=speaker_ids[e][int(scale.passage_speaker[p])], role=Role.PANELIST,
            section="Remarks", text=text, order=order,
            span=Span(line_start=order + 1, line_end=order + 1, char_start=0, char_end=len(text)),
        ))
    return Corpus(briefings=tuple(briefings), passages=tuple(passages))
