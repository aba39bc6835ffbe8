"""'What did X tell Y about Z': Y is the person told, not a speaker to search."""

from __future__ import annotations

from briefbot.search.intents.topical import _speaking
from briefbot.search.people import Mention


def _mentions(question: str, *names: str) -> list[Mention]:
    out = []
    for name in names:
        start = question.index(name)
        out.append(Mention(start, start + len(name), name, ()))
    return out


def test_the_person_told_is_not_a_speaker() -> None:
    q = "What did Varga tell Senator Holm about the harbor?"
    speaking, told = _speaking(q, _mentions(q, "Varga", "Senator Holm"))
    assert [m.text for m in speaking] == ["Varga"] and [m.text for m in told] == ["Senator Holm"]
    q = "What did Varga say to the Ambassador Holm?"
    speaking, told = _speaking(q, _mentions(q, "Varga", "Ambassador Holm"))
    assert [m.text for m in speaking] == ["Varga"]


def test_two_speakers_or_only_the_told_stay_speakers() -> None:
    q = "What did Varga and Holm say about the harbor?"
    speaking, told = _speaking(q, _mentions(q, "Varga", "Holm"))
    assert [m.text for m in speaking] == ["Varga", "Holm"] and told == []
    q = "What was Holm told?"
    assert _speaking(q, _mentions(q, "Holm"))[0][0].text == "Holm"
