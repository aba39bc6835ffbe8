"""The capitalised runs acronyms are learnt from: the same runs as a plain ``\\b`` pattern."""

from __future__ import annotations

import re

from briefbot.search import acronyms
from briefbot.search.acronyms import learn

# The run as first written: a capital with a word boundary before it. The
# module's pattern opens with the capital for speed; it must find exactly these.
_PLAIN = re.compile(
    rf"\b{acronyms._CAPITALISED}(?:\s+(?:{acronyms._JOINERS}\s+){{0,2}}{acronyms._CAPITALISED})+"
)

_TEXTS = [
    "The Financial Action Task Force met the Bank of England and the Banco del Estado.",
    "AB Cd", "xAB Cd", "3Ab Cd", "_Ab Cd", "éAb Cd", "l'Union Européenne Today",
    "O’Neill Center for Eurasian Studies (ONCES) said so.",
    "United\nArab  Emirates\t(UAE); North Atlantic Treaty Organization",
    "end of text Capital", "Capital", "", "a-B Cd", "e.g. U.S. Trade Representative",
    "Ünited Arab Emirates", "ALL CAPS HEADLINE HERE and Then Some",
]


def test_the_runs_are_those_of_a_word_boundary_before_the_capital():
    for text in _TEXTS:
        assert acronyms._RUN.findall(text) == _PLAIN.findall(text), text


def test_an_acronym_finds_its_phrase_only_where_the_run_starts_a_word():
    from briefbot.index.tokenize import tokenize

    phrase = tuple(tokenize("United Arab Emirates"))
    assert learn(["The United Arab Emirates (UAE) signed."]).expand("uae") == (phrase,)
    # "xUnited" is no capitalised word: the run starts at "Arab".
    assert learn(["xUnited Arab Emirates"]).expand("uae") == ()
