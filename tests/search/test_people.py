"""People across briefings: one person per folded name, and who stands behind a speaker id."""

from __future__ import annotations

import numpy as np

from briefbot.models import Briefing, Speaker
from briefbot.search.people import People


def _briefing(number: int, *speakers: Speaker) -> Briefing:
    return Briefing(id=f"b{number}", title=f"Briefing {number}", path=f"b{number}.md",
                    speakers=speakers, format="markdown")


def _people() -> tuple[People, list[Briefing]]:
    briefings = [
        _briefing(0, Speaker(id="tessa-marchetti", name="Tessa Marchetti", affiliation="Larkspur"),
                  Speaker(id="ilan-berman", name="Ilan Berman")),
        _briefing(1, Speaker(id="tessa-marchetti", name="Tessa Marchetti", affiliation="Harbor"),
                  Speaker(id="mikkel", name="Mikkel Østergaard")),
        _briefing(2, Speaker(id="mikkel", name="Mikkel Ostergaard")),
    ]
    return People(briefings), briefings


def test_one_person_per_folded_name_with_every_appearance_in_order() -> None:
    people, briefings = _people()
    tessa = people.persons["tessa marchetti"]
    assert [(a.briefing_index, a.speaker.affiliation) for a in tessa.appearances] == [
        (0, "Larkspur"), (1, "Harbor")]
    mikkel = people.persons["mikkel ostergaard"]
    assert mikkel.name == "Mikkel Østergaard"  # the first spelling met names the person
    assert [a.briefing_index for a in mikkel.appearances] == [1, 2]
    assert mikkel.visible(np.array([True, False, True])) == (mikkel.appearances[1],)


def test_the_person_behind_each_speaker_id_of_each_briefing() -> None:
    people, briefings = _people()
    for index, briefing in enumerate(briefings):
        for speaker in briefing.speakers:
            person = people.person_of(index, speaker.id)
            assert person is not None and speaker in [a.speaker for a in person.appearances]
    assert people.person_of(2, "mikkel").name == "Mikkel Østergaard"
    assert people.person_of(np.int64(1), "tessa-marchetti").key == "tessa marchetti"


def test_no_person_for_an_unknown_id_or_briefing() -> None:
    people, _ = _people()
    assert people.person_of(0, "mikkel") is None  # he did not speak at briefing 0
    assert people.person_of(0, None) is None
    assert people.person_of(3, "ilan-berman") is None
    assert people.person_of(-3, "tessa-marchetti") is None  # never counted from the end
