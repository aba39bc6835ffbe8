"""Irregular verbs: a question's past tense meets a passage's present and back."""

from __future__ import annotations

from briefbot.index.tokenize import tokenize
from briefbot.search.inflections import irregular_forms


def _term(word: str) -> str:
    (term,) = tokenize(word)
    return term


def test_irregular_forms_meet_both_ways() -> None:
    assert _term("tell") in irregular_forms(_term("told"))
    assert _term("told") in irregular_forms(_term("tell"))
    assert {_term("tear"), _term("torn")} <= irregular_forms(_term("tore"))
    assert _term("speak") in irregular_forms(_term("spoken"))


def test_words_of_another_meaning_and_regular_verbs_are_left_alone() -> None:
    # "found" a company, the political "left", a "saw": not read as find / leave / see.
    assert _term("find") not in irregular_forms(_term("found"))
    assert not irregular_forms(_term("left"))
    assert _term("see") not in irregular_forms(_term("saw"))
    # The stemmer already joins regular forms: no entry is needed for them.
    assert not irregular_forms(_term("informed"))
