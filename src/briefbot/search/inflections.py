"""Irregular English verbs, so that a question's "told" meets a passage's "tell" and back.

The stemmer removes regular endings ("informed", "informing" -> "inform") but
leaves irregular forms apart: "told" and "tell", "spoke" and "speak", "tore"
and "tearing" are different terms to BM25 and to the confidence rule, so
"what did X say about whether the President told him ..." found nothing in a
passage where he "didn't inform me" and "tell". The table is the list of
common irregular verbs English grammars give (base form, simple past, past
participle). Left out: the auxiliaries (be, have, do), whose forms the
tokenizer drops as stop words, and verbs whose irregular forms are everyday
words of another meaning ("found" a company, the political "left", a "saw",
a "rose", "bound", the currency "won", "lay" and "lie"), which would make
passages about those words count as answers.
"""

from __future__ import annotations

from ..index.tokenize import tokenize

__all__ = ["irregular_forms"]

_VERBS = """
arise arose arisen | awake awoke awoken | bear bore borne | beat beat beaten |
become became become | begin began begun | bend bent bent | bet bet bet | bind bound bound |
bite bit bitten | bleed bled bled | blow blew blown | break broke broken | breed bred bred |
bring brought brought | build built built | burn burnt burnt | buy bought bought |
catch caught caught | choose chose chosen | come came come | cost cost cost | creep crept crept |
cut cut cut | deal dealt dealt | dig dug dug | draw drew drawn | drink drank drunk |
drive drove driven | eat ate eaten | fall fell fallen | feed fed fed | feel felt felt |
fight fought fought | flee fled fled | fly flew flown | forbid forbade forbidden |
forecast forecast forecast | foresee foresaw foreseen | forget forgot forgotten |
forgive forgave forgiven | freeze froze frozen | get got gotten | give gave given | go went gone |
grow grew grown | hang hung hung | hear heard heard | hide hid hidden | hit hit hit |
hold held held | hurt hurt hurt | keep kept kept | know knew known | lead led led |
lend lent lent | let let let | lose lost lost | make made made | mean meant meant |
meet met met | mislead misled misled | overcome overcame overcome | overtake overtook overtaken |
pay paid paid | put put put | quit quit quit | read read read | ride rode ridden | ring rang rung |
rise rose risen | run ran run | say said said | see saw seen | seek sought sought |
sell sold sold | send sent sent | set set set | shake shook shaken | shoot shot shot |
show showed shown | shrink shrank shrunk | shut shut shut | sing sang sung | sink sank sunk |
sit sat sat | sleep slept slept | slide slid slid | speak spoke spoken | spend spent spent |
spread spread spread | stand stood stood | steal stole stolen | stick stuck stuck |
strike struck struck | swear swore sworn | sweep swept swept | swim swam swum |
take took taken | teach taught taught | tear tore torn | tell told told | think thought thought |
throw threw thrown | understand understood understood | undertake undertook undertaken |
wake woke woken | wear wore worn | win won won | withdraw withdrew withdrawn |
write wrote written
"""
# Forms that are everyday words of another meaning (see the module docstring).
_HOMOGRAPHS = frozenset("found left saw rose bound won lay lie lain bore".split())


def _table() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for entry in _VERBS.split("|"):
        words = [w for w in entry.split() if w not in _HOMOGRAPHS]
        terms = {t for w in words for t in tokenize(w)}
        for term in terms:
            forms.setdefault(term, set()).update(terms - {term})
    return {term: frozenset(others) for term, others in forms.items() if others}


_FORMS = _table()


def irregular_forms(term: str) -> frozenset[str]:
    """The other forms of the irregular verb ``term`` (an index term) may be: 'told' -> {'tell'}."""
    return _FORMS.get(term, frozenset())
