"""Names: one person however the text refers to them; two people never merged."""

from __future__ import annotations

import pytest

from briefbot.models import Speaker
from briefbot.names import (
    Ambiguous,
    honorific_key,
    match_label,
    parse_person,
    same_person,
    split_name_and_role,
    split_name_list,
)


def speaker(name: str, honorific: str | None = None) -> Speaker:
    return Speaker(id=name.lower().replace(" ", "-"), name=name, honorific=honorific)


TAIWAN = [
    speaker("Margaret Whitcombe", "Ambassador"),
    speaker("Joanna Kang", "Dr."),
    speaker("Warren Kang", "Mr."),
    speaker("Lin Yu-chen", "Dr."),
    speaker("Bennett Hollis", "Mr."),
]


@pytest.mark.parametrize(
    ("text", "honorific", "given", "middle", "surname", "full", "retired"),
    [
        (
            "Ambassador Margaret Whitcombe (Ret.)",
            "Ambassador",
            "Margaret",
            (),
            "Whitcombe",
            "Margaret Whitcombe",
            True,
        ),
        (
            "Col. Ingrid Halvorsen (Ret.)",
            "Col.",
            "Ingrid",
            (),
            "Halvorsen",
            "Ingrid Halvorsen",
            True,
        ),
        ("Gen. (Ret.) Arne Solberg", "Gen.", "Arne", (), "Solberg", "Arne Solberg", True),
        ("Lt. Gen. Mary Q. Smith", "Lt. Gen.", "Mary", ("Q.",), "Smith", "Mary Q. Smith", False),
        (
            "Dr. Mariya Y. Omelicheva",
            "Dr.",
            "Mariya",
            ("Y.",),
            "Omelicheva",
            "Mariya Y. Omelicheva",
            False,
        ),
        ("Dr. Lin Yu-chen", "Dr.", "Yu-chen", (), "Lin", "Lin Yu-chen", False),
        ("Gao Mingyu", None, "Mingyu", (), "Gao", "Gao Mingyu", False),
        ("Warren Kang", None, "Warren", (), "Kang", "Warren Kang", False),
        (
            "Lucía Ibáñez de la Torre",
            None,
            "Lucía",
            (),
            "Ibáñez de la Torre",
            "Lucía Ibáñez de la Torre",
            False,
        ),
        (
            "Ludwig van Beethoven",
            None,
            "Ludwig",
            (),
            "van Beethoven",
            "Ludwig van Beethoven",
            False,
        ),
        ("DR. KANG", "Dr.", "", (), "Kang", "Kang", False),
        ("NAVID SARRAFZADEH", None, "Navid", (), "Sarrafzadeh", "Navid Sarrafzadeh", False),
        ("AMBASSADOR WHITCOMBE", "Ambassador", "", (), "Whitcombe", "Whitcombe", False),
        ("John Doe, Jr.", None, "John", (), "Doe", "John Doe Jr.", False),
        ("Jane Roe, Ph.D.", None, "Jane", (), "Roe", "Jane Roe", False),
        ("Sen. Robert Hale III", "Sen.", "Robert", (), "Hale", "Robert Hale III", False),
    ],
)
def test_parse_person(text, honorific, given, middle, surname, full, retired) -> None:
    person = parse_person(text)
    assert (person.honorific, person.given, person.middle, person.surname) == (
        honorific,
        given,
        middle,
        surname,
    )
    assert person.full == full
    assert person.retired is retired


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("DR. KANG", "Joanna Kang"),
        ("MR. KANG", "Warren Kang"),
        ("AMBASSADOR WHITCOMBE", "Margaret Whitcombe"),
        ("Amb. Whitcombe", "Margaret Whitcombe"),
        ("Ms. Whitcombe", "Margaret Whitcombe"),
        ("DR. LIN", "Lin Yu-chen"),
        ("MR. HOLLIS", "Bennett Hollis"),
        ("HOLLIS", "Bennett Hollis"),
        ("Joanna Kang", "Joanna Kang"),
        ("WARREN KANG", "Warren Kang"),
        ("Margaret", "Margaret Whitcombe"),
    ],
)
def test_match_label_finds_the_one_person(label: str, expected: str) -> None:
    found = match_label(label, TAIWAN)
    assert isinstance(found, Speaker)
    assert found.name == expected


@pytest.mark.parametrize("label", ["KANG", "Kang", "PROF. KANG"])
def test_a_shared_surname_without_a_deciding_title_is_ambiguous(label: str) -> None:
    found = match_label(label, TAIWAN)
    assert isinstance(found, Ambiguous)
    assert {s.name for s in found.candidates} == {"Joanna Kang", "Warren Kang"}
    assert found.names() == "Joanna Kang or Warren Kang"


@pytest.mark.parametrize("label", ["SMITH", "Dr. Omelicheva", "Q", "Margaret Kang", ""])
def test_nobody_matches_an_unknown_label(label: str) -> None:
    assert match_label(label, TAIWAN) is None


def test_diacritics_particles_and_middle_initials() -> None:
    people = [
        speaker("Mikkel Østergaard", "Mr."),
        speaker("Lucía Ibáñez de la Torre", "Dr."),
        speaker("Mariya Y. Omelicheva", "Dr."),
        speaker("Grace Lindqvist", "Dr."),
        speaker("Erik Lindqvist", "Mr."),
    ]
    assert match_label("OSTERGAARD", people).name == "Mikkel Østergaard"
    assert match_label("ØSTERGAARD", people).name == "Mikkel Østergaard"
    assert match_label("Ibáñez de la Torre", people).name == "Lucía Ibáñez de la Torre"
    assert match_label("IBANEZ DE LA TORRE", people).name == "Lucía Ibáñez de la Torre"
    assert match_label("Mariya Omelicheva", people).name == "Mariya Y. Omelicheva"
    assert match_label("Dr. Lindqvist", people).name == "Grace Lindqvist"
    assert match_label("Mr. Lindqvist", people).name == "Erik Lindqvist"
    assert isinstance(match_label("Lindqvist", people), Ambiguous)


def test_same_person_ignores_titles_and_middle_initials_but_not_given_names() -> None:
    assert same_person("Ilan I. Berman", "Mr. Ilan Berman")
    assert same_person("ILAN BERMAN", "Ilan Berman")
    assert same_person("Dr. Gao Mingyu", "Gao Mingyu")
    assert not same_person("Joanna Kang", "Warren Kang")
    assert not same_person("Dr. Grace Lindqvist", "Mr. Erik Lindqvist")


def test_honorific_keys_compare_spellings() -> None:
    assert honorific_key("Amb.") == honorific_key("Ambassador") == "amb"
    assert honorific_key("COLONEL") == honorific_key("Col.")
    assert honorific_key("Dr.") != honorific_key("Mr.")


def test_suffixes_do_not_split_a_list() -> None:
    assert split_name_list(
        "Mr. Ilan Berman, Dr. Mariya Y. Omelicheva, and Mr. Craig Singleton"
    ) == ["Mr. Ilan Berman", "Dr. Mariya Y. Omelicheva", "Mr. Craig Singleton"]
    assert split_name_list("John Doe, Jr., Jane Roe, Ph.D., and Gen. Arne Solberg (Ret.)") == [
        "John Doe, Jr.",
        "Jane Roe, Ph.D.",
        "Gen. Arne Solberg (Ret.)",
    ]


@pytest.mark.parametrize(
    ("entry", "name", "rest"),
    [
        ("Jane Roe — Senior Fellow, X Institute", "Jane Roe", "Senior Fellow, X Institute"),
        (
            "Dr. Lin Yu-chen, Research Fellow, Keelung Institute",
            "Dr. Lin Yu-chen",
            "Research Fellow, Keelung Institute",
        ),
        ("John Doe, Jr., Partner, Doe & Roe LLP", "John Doe, Jr.", "Partner, Doe & Roe LLP"),
        (
            "Ambassador Margaret Whitcombe (Ret.), Distinguished Fellow, Harbor Council",
            "Ambassador Margaret Whitcombe (Ret.)",
            "Distinguished Fellow, Harbor Council",
        ),
        ("Ruth Adeyemi", "Ruth Adeyemi", None),
    ],
)
def test_split_name_and_role(entry: str, name: str, rest: str | None) -> None:
    assert split_name_and_role(entry) == (name, rest)


def test_a_title_of_the_other_gender_rules_a_candidate_out() -> None:
    assert match_label("MS. HOLLIS", TAIWAN) is None
    # Mr. Warren Kang cannot be "Ms. Kang"; Dr. Joanna Kang is the only one left.
    assert match_label("MS. KANG", TAIWAN).name == "Joanna Kang"
    both_doctors = [speaker("Joanna Kang", "Dr."), speaker("Paul Kang", "Dr.")]
    assert isinstance(match_label("MS. KANG", both_doctors), Ambiguous)


@pytest.mark.parametrize(
    ("entry", "name", "affiliation"),
    [
        (
            "Prof. Hiroshi Tanabe, Ph.D. — Professor of Law, Osaka Maritime University",
            "Prof. Hiroshi Tanabe, Ph.D.",
            "Professor of Law, Osaka Maritime University",
        ),
        ("John Doe, Jr. | Partner | Y LLP", "John Doe, Jr.", "Partner, Y LLP"),
        ("Daniel Reyes Jr. — Chief Economist, Treasury", "Daniel Reyes Jr.", "Chief Economist, Treasury"),
        ("Ms. Priya Raman, CFA, Senior Analyst, Harbor Ratings", "Ms. Priya Raman, CFA", "Senior Analyst, Harbor Ratings"),
        ("Dame Alice Cole OBE — Chair, X Trust", "Dame Alice Cole OBE", "Chair, X Trust"),
        ("Mark Fay, Esq., M.D., Counsel, Z", "Mark Fay, Esq., M.D.", "Counsel, Z"),
        ("Sunil Mehta (Greystone Forum)", "Sunil Mehta", "Greystone Forum"),
        ("Col. Ingrid Halvorsen (Ret.), Adviser, Corvane", "Col. Ingrid Halvorsen (Ret.)", "Adviser, Corvane"),
    ],
)
def test_suffixes_stay_with_the_name_and_never_reach_the_affiliation(
    entry: str, name: str, affiliation: str
) -> None:
    assert split_name_and_role(entry) == (name, affiliation)
    assert "." not in parse_person(name).full.replace(" Jr.", "")


def test_one_title_table_for_documents_and_questions() -> None:
    from briefbot.names import honorific_ending, honorific_key, same_title

    # A question cut into folded words finds the longest title before a name.
    assert honorific_ending(["what", "did", "lt", "gen", "sims", "say"], 4) == ("ltgen", 2)
    assert honorific_ending(["lieutenant", "general", "sims"], 2) == ("ltgen", 2)
    assert honorific_ending(["what", "did", "sims", "say"], 2) is None
    # ... and it is the key a document's stated honorific gets.
    assert honorific_key("Lt. Gen.") == honorific_key("Lieutenant General") == "ltgen"
    assert same_title("ms", honorific_key("Mrs.")) and not same_title("mr", "ms")
