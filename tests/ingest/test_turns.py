"""The roster-free turn grammar (ingest/turns.py) on small invented transcripts.

Each test shows what a staffer would see in `briefbot check`: who a turn is
credited to, and what is never taken for a speaker.
"""

from __future__ import annotations

import pytest

from briefbot.ingest.parse import parse_text
from briefbot.ingest.turns import find_label
from briefbot.models import Role


def parse(text: str, fmt: str = "transcript"):
    return parse_text(text, fmt, path="t.txt", briefing_id="t")


def speakers_of(result) -> list[tuple[str | None, str | None, str]]:
    """(speaker name, label, role) per passage."""
    by_id = {s.id: s.name for s in result.briefing.speakers}
    return [(by_id.get(p.speaker_id), p.speaker_label, p.role.value) for p in result.passages]


@pytest.mark.parametrize(
    ("line", "label", "kind"),
    [
        ("MS. RIVERA:  Good afternoon.", "MS. RIVERA", "titled"),
        ("SECRETARY HOLM: Thank you.", "SECRETARY HOLM", "titled"),
        ("LIEUTENANT GENERAL ABARA: The strikes began at dawn.", "LIEUTENANT GENERAL ABARA",
         "titled"),
        ("Chairman PELL. The committee will come to order.", "Chairman PELL", "titled"),
        ("    Mr. Okafor. I thank the chairman.", "Mr. Okafor", "titled"),
        ("[MR. DANE]: I do not recall.", "MR. DANE", "titled"),
        ("**Ambassador Reyes:** We disagree.", "Ambassador Reyes", "titled"),
        ("Q    Thank you. A question on tariffs.", "Q", "asker"),
        ("Q Madam Secretary, on tariffs.", "Q", "asker"),
        ("MODERATOR: Next question.", "MODERATOR", "moderator"),
        ("SENIOR ADMINISTRATION OFFICIAL TWO: Right.", "SENIOR ADMINISTRATION OFFICIAL TWO",
         "anonymous"),
        ("The CHAIRMAN. Without objection.", "The CHAIRMAN", "office"),
    ],
)
def test_labels_are_read_from_their_shape(line: str, label: str, kind: str) -> None:
    found = find_label(line)
    assert found is not None
    assert (found.text, found.kind) == (label, kind)


@pytest.mark.parametrize(
    "line",
    [
        "Just as a reminder: this call is on background.",
        "We'll start with Josh, with the AP.",
        "and the Secretary said: no.",
        "Key takeaways: growth is slowing.",
        "Quarterly figures   were released.",
    ],
)
def test_sentences_are_never_labels(line: str) -> None:
    found = find_label(line)
    assert found is None or found.kind == "bare"  # a bare name counts only if it repeats


def test_named_briefers_resolve_from_the_headline_and_reporters_stay_unnamed() -> None:
    result = parse(
        "Press Briefing by Press Secretary Ana Rivera and Trade Representative Tom Holm\n"
        "June 3, 2025\n\n"
        "MS. RIVERA:  Good afternoon. Tom will start.\n\n"
        "MR. HOLM:  Thanks. Tariffs fell last quarter.\n\n"
        "Q    Will they fall again?\n\n"
        "MR. HOLM:  We expect so.\n"
    )
    people = {s.name: s for s in result.briefing.speakers}
    assert set(people) == {"Ana Rivera", "Tom Holm"}
    assert people["Ana Rivera"].affiliation == "Press Secretary"
    assert people["Ana Rivera"].role == Role.MODERATOR  # the press secretary hosts
    assert people["Tom Holm"].affiliation == "Trade Representative"
    assert speakers_of(result)[2] == (None, None, "questioner")


def test_a_mistyped_label_is_read_as_the_repeated_one() -> None:
    result = parse(
        "A Call\nMay 1, 2024\n\n"
        "MODERATOR: Welcome.\n\nSENIOR OFFICIAL: Thanks.\n\n"
        "MODERATOR: Next.\n\nMOERATOR: Last one.\n\nSENIOR OFFICIAL: Done.\n"
    )
    assert [name for name, _, _ in speakers_of(result)] == [
        "Moderator", "Senior Official", "Moderator", "Moderator", "Senior Official",
    ]
    assert result.briefing.moderator is None  # an unnamed moderator is not a name


def test_a_wrapped_sentence_is_not_a_turn() -> None:
    result = parse(
        "A Briefing\nMay 1, 2024\n\n"
        "MR. HOLM: The President met with Prime\n"
        "Minister Varga. That meeting went well.\n\n"
        "MR. HOLM: And then we left.\n"
    )
    assert {s.name for s in result.briefing.speakers} == {"Holm"}
    assert "Minister Varga. That meeting" in result.passages[0].text


def test_no_given_name_is_guessed_from_a_common_word_or_a_title() -> None:
    result = parse(
        "A Hearing\nMay 1, 2024\n\n"
        "Senator HALE: Thanks Okafor, for coming. The Secretary of State Okafor agreed.\n\n"
        "Mr. OKAFOR: thanks for having me.\n\n"
        "Senator HALE: Next.\n"
    )
    names = {s.name for s in result.briefing.speakers}
    assert names == {"Hale", "Okafor"}  # neither 'Thanks Okafor' nor 'State Okafor'
    assert any("no full name in the document" in p.reason for p in result.problems)


def test_a_rank_stays_with_a_surname_only_name_an_office_is_the_honorific() -> None:
    result = parse(
        "A Call\nMay 1, 2024\n\n"
        "GENERAL ABARA: The strikes began.\n\nPRESIDENT VOSS: Thank you, General.\n"
    )
    people = {s.name: s for s in result.briefing.speakers}
    assert set(people) == {"General Abara", "Voss"}
    assert people["Voss"].honorific == "President"
    assert people["General Abara"].honorific is None


def test_index_entries_give_the_full_name_and_affiliation() -> None:
    result = parse(
        "HEARING ON PORTS\nMarch 4, 1999\n\n"
        "Statement of:\n"
        "    Lund, Marta K., director of port security, Harbor Authority.......  12\n\n"
        "    Mr. Pell. The hearing will come to order. Ms. Lund, welcome.\n"
        "    Ms. Lund. Thank you. Our ports are safer.\n"
        "    Mr. Pell. Why?\n"
        "    Ms. Lund. Scanners.\n"
    )
    lund = next(s for s in result.briefing.speakers if s.name.endswith("Lund"))
    assert lund.name == "Marta K. Lund"
    assert lund.affiliation == "director of port security, Harbor Authority"


def test_a_name_misread_by_ocr_is_grouped_and_the_clean_reading_kept() -> None:
    result = parse(
        "A Filing\nJuly 9, 1991\n\n"
        "The defendant, CIAIR E. GEORGE, testified. Later CLAIR E.\nGEORGE said more.\n\n"
        "[MR. GEORGE]: I do not know.\n\n[MR. GEORGE]: No.\n"
    )
    assert [s.name for s in result.briefing.speakers] == ["Clair E. George"]


def test_a_name_opening_a_wrapped_line_is_not_a_turn_even_when_bracketed_it_is_a_label() -> None:
    result = parse(
        "A Filing\nMay 1, 2024\n\n"
        "[SENATOR QUILL]: Back to you,\n"
        "Mr. Brandt. Are you speaking for the whole office?\n\n"
        "[MR. BRANDT]: Well, I am speaking for the office.\n\n"
        "[SENATOR QUILL]: All right.\n"
    )
    assert [name for name, _, _ in speakers_of(result)] == ["Quill", "Brandt", "Quill"]
    assert "Mr. Brandt. Are you speaking" in result.passages[0].text


def test_a_copula_apposition_gives_the_affiliation() -> None:
    result = parse(
        "A Filing\n\n"
        'From 1990 through 1992, ROSA M. ENDICOTT, was the Director of the Bureau of Harbor '
        'Works ("BHW"), which managed the ports.\n\n'
        "[MS. ENDICOTT]: We did not know.\n\n[MR. TARN]: You did not?\n\n"
        "[MS. ENDICOTT]: No.\n"
    )
    people = {s.name: s for s in result.briefing.speakers}
    assert people["Rosa M. Endicott"].affiliation == "Director of the Bureau of Harbor Works"


def test_labels_opening_paragraphs_set_without_blank_lines_are_turns() -> None:
    # Lines as wide as a printed page's; paragraphs marked by indent or by a short last line.
    result = parse(
        "A Hearing\nMay 1, 2024\n\n"
        "    Mr. Holm. The committee will come to order and I thank the witnesses for coming today\n"
        "to speak with the members about the harbor and its future over the coming years ahead.\n"
        "    Mr. Holm. Thank you very much, and at this time I would call on Ms. Varga to speak.\n"
        "    Ms. Varga. Thank you so much, Mr. Chairman, and I will be brief about the harbor now.\n"
        "Our ports need dredging and the work has been delayed for three years by the contracts.\n"
        "Mr. Holm. At this time I would call on Mr. Osei, who chairs the budget committee here.\n"
        "He will be short.\n"
        "Mr. Osei. Thank you, Mr. Chairman.\n"
    )
    assert [name for name, _, _ in speakers_of(result)] == ["Holm", "Holm", "Varga", "Holm", "Osei"]


def test_a_list_of_people_gives_none_of_them_the_next_ones_title() -> None:
    result = parse(
        "A Call\nMay 1, 2024\n\n"
        "MR. OKAFOR: Joining us, we have National Harbor Adviser Jonas\n"
        "Brandt, Secretary of Ports Ilse Varga, and Trade Envoy Mira Holm.\n\n"
        "MR. BRANDT: Thanks.\n\nSECRETARY VARGA: Thank you.\n\nENVOY HOLM: Hello.\n\n"
        "MR. BRANDT: Next.\n"
    )
    people = {s.name: s for s in result.briefing.speakers}
    assert people["Jonas Brandt"].affiliation == "National Harbor Adviser"
    assert people["Ilse Varga"].affiliation == "Secretary of Ports"


def test_the_chair_of_another_body_is_not_the_sessions_host() -> None:
    result = parse(
        "Press Call by Budget Director Ada Stone and CEA Chair Lena Ruiz\nMay 1, 2024\n\n"
        "MR. OKAFOR: Welcome. Over to Director Stone.\n\nDIRECTOR STONE: Thanks.\n\n"
        "CHAIR RUIZ: The economy grew.\n\nDIRECTOR STONE: Indeed.\n\nCHAIR RUIZ: Yes.\n"
    )
    ruiz = next(s for s in result.briefing.speakers if s.name == "Lena Ruiz")
    assert ruiz.affiliation == "CEA Chair" and ruiz.role is not Role.MODERATOR
    assert result.briefing.moderator is None


def test_a_titled_label_mistyped_once_is_the_repeated_one() -> None:
    result = parse(
        "Press Briefing by Press Secretary Karla Jean-Marie\nMay 1, 2024\n\n"
        "MS. JEAN-MARIE: Good afternoon.\n\nQ Thanks.\n\nMS. JEAN-MARI: Go ahead.\n\n"
        "Q Another one.\n\nMS. JEAN-MARIE: Thanks, everybody.\n"
    )
    assert {s.name for s in result.briefing.speakers} == {"Karla Jean-Marie"}


def test_a_one_off_label_naming_someone_the_text_mentions_is_kept_apart() -> None:
    result = parse(
        "A Hearing\nMay 1, 2024\n\n"
        "Mr. HALLORAN: I call on Mr. Hallorin, who joins us late.\n\n"
        "Mr. HALLORIN: Thank you.\n\nMr. HALLORAN: Next.\n\nMr. HALLORAN: Adjourned.\n"
    )
    assert {s.name for s in result.briefing.speakers} == {"Halloran", "Hallorin"}


def test_a_name_alone_on_its_line_in_a_quoted_letter_is_not_a_turn() -> None:
    result = parse(
        "Congressional Record\nMay 1, 2024\n\n"
        "Mr. HOLM. I want to read from a letter received this morning.\n\n"
        " I am writing about the assessments prepared by\n\n"
        " General Ilse Varga.\n\n"
        "He goes on to describe the plan, which we all know.\n\n"
        "Mr. HOLM. I yield the floor.\n"
    )
    assert {s.name for s in result.briefing.speakers} == {"Holm"}


def test_a_sentence_addressed_to_someone_is_not_their_title() -> None:
    result = parse(
        "Joint Press Conference\nMay 1, 2024\n\n"
        "PRESIDENT VOSS: Welcome, Prime Minister.\n\n"
        "PRIME MINISTER ODA: President Voss, I am grateful to you for your\n"
        "friendship and the welcome you gave me.\n\n"
        "PRESIDENT VOSS: Thank you.\n"
    )
    voss = next(s for s in result.briefing.speakers if s.name == "Voss")
    assert voss.affiliation in (None, "President")


def test_a_principal_named_in_the_title_is_never_a_questioner() -> None:
    result = parse(
        "Joint Press Conference of President Voss and President Oda\nMay 1, 2024\n\n"
        "PRESIDENT VOSS: Welcome. We agreed on trade.\n\n"
        "PRESIDENT ODA: Is trade not the heart of it? Who else gains? We all do?\n\n"
        "Q Mr. President, a question?\n\n"
        "PRESIDENT ODA: Why not? Should we not try?\n\n"
        "Q Thank you?\n"
    )
    oda = next(s for s in result.briefing.speakers if s.name == "Oda")
    assert oda.role is not Role.QUESTIONER


def test_labels_inside_one_long_line_are_reported_not_silently_lost() -> None:
    result = parse(
        "A Briefing\nMay 1, 2024\n\n"
        "b'<p>\\n\\tMR. HOLM: Good afternoon.</p>\\n<p>\\n\\tMS. VARGA: Thanks.</p>\\n"
        "<p>Q Next?</p>\\n<p>\\tMR. HOLM: Done.</p>'\n"
    )
    assert not any(p.speaker_id for p in result.passages)  # nothing guessed from mid-line text
    warning = next(p.reason for p in result.problems if "inside lines" in p.reason)
    assert "MR. HOLM" in warning and "MS. VARGA" in warning


def test_a_quoted_exchange_ends_where_the_filings_own_narrative_resumes() -> None:
    # A filing quotes testimony as an indented block (wrapped lines too); its
    # numbered paragraphs and headings go on at the margin.
    result = parse(
        "A Filing\nMay 1, 2024\n\n"
        "    4.    On March 3, 2019, the defendant appeared before the committee\n"
        "and made the following statements:\n\n"
        "    [MR. TARN]: Did anyone at the bureau know about\n"
        "    the harbor contracts?\n\n"
        "    [MS. ENDICOTT]: I do not know that. I have\n"
        "    not read any record of it.\n\n"
        "    5.    The above statement made before the committee by the\n"
        "defendant was false because she had signed the contracts herself\n"
        "in January 2019.\n"
        "    [MS. ENDICOTT]: We did not know.\n"
        "    We were never told, Senator, and\n"
        "    nobody asked.\n"
        "    COUNT TWO\n"
        "    The defendant was aware from 2018 that the harbor\n"
        "works were paid twice.\n"
    )
    said = [(name, role, p.text) for (name, _, role), p in zip(speakers_of(result),
                                                             result.passages, strict=True)]
    by_words = {text.split()[0] + " " + text.split()[1]: (name, role) for name, role, text in said}
    assert by_words["I do"] == ("Endicott", "panelist")
    assert by_words["5. The"] == (None, "organization")
    assert by_words["We did"] == ("Endicott", "panelist")
    assert by_words["COUNT TWO"] == (None, "organization")
    assert not any("false because" in text and name for name, _, text in said)


def test_a_filings_signature_block_is_never_the_last_speakers() -> None:
    result = parse(
        "A Filing\nMay 1, 2024\n\n"
        "[MR. TARN]: And you still do not know?\n\n"
        "[MS. ENDICOTT]: No.\n"
        "Respectfully submitted,\n\n"
        "JANE ROE\nIndependent Counsel\n"
    )
    said = {p.text.split()[0]: name for (name, _, _), p in zip(speakers_of(result),
                                                             result.passages, strict=True)}
    assert said["No."] == "Endicott"
    assert said["Respectfully"] is None


def test_a_hearings_paragraphs_indented_on_their_first_line_stay_with_the_speaker() -> None:
    # GPO style: a paragraph's first line is indented, wrapped lines run at the margin.
    result = parse(
        "A Hearing\nMay 1, 2024\n\n"
        "    Mr. Holm. The committee will come to order.\n"
        "    I thank the witnesses for coming today to speak with the members about the harbor\n"
        "and its future over the coming years ahead, and the contracts.\n"
        "    Ms. Varga. Thank you, Mr. Chairman.\n"
    )
    names = [name for name, _, _ in speakers_of(result)]
    assert names and set(names) == {"Holm", "Varga"}
    assert any("its future over the coming years" in p.text and n == "Holm"
               for (n, _, _), p in zip(speakers_of(result), result.passages, strict=True))


def test_a_title_made_from_the_file_name_is_no_headline() -> None:
    # No title in the text: the file name stands in for it, and it names the counsel
    # too; he asks nearly every turn, so he is the questioner, not a principal.
    body = (
        "Mr. DANE. Do you recall who carried the ledger that night?\n\n"
        "Mr. OKAFOR. No, I do not. The ledger went to the vault.\n\n"
        "Mr. DANE. And who opened the vault the next morning?\n\n"
        "Mr. OKAFOR. The clerk did, as always.\n\n"
        "Mr. DANE. Was anyone with the clerk?\n\n"
        "Mr. OKAFOR. Not that I saw.\n"
    )
    result = parse_text(body, "transcript", path="inquiry-1990-okafor-dane-day2.txt",
                        briefing_id="inquiry")
    roles = {s.name: s.role for s in result.briefing.speakers}
    assert roles == {"Dane": Role.QUESTIONER, "Okafor": Role.PANELIST}


def test_an_acting_officeholder_label_is_a_title_and_a_surname() -> None:
    label = find_label("ACTING ASSISTANT SECRETARY HALVERSEN: The drills ended on Friday.")
    assert label is not None and label.kind == "titled"
    assert find_label("INTERIM RESULTS: were good").kind == "bare"  # no office after it


def test_a_scanned_label_one_letter_off_a_repeated_one_is_that_speaker() -> None:
    turns = ("Mr. HALVERS. Did the barge sail?\n\nMr. DORRIT. It did.\n\n"
             "Mr. HALVERS. When?\n\nMr. DORHIT. On the fourth, at dawn.\n\n"
             "Mr. HALVERS. Who paid?\n\nMr. DORRIT. The agency.\n\n")
    result = parse("Hearing on the Barge\nMay 1, 1987\n\n" + turns)
    assert [s.name for s in result.briefing.speakers] == ["Halvers", "Dorrit"]
    # A short surname, or one the document introduces, may be another person.
    other = parse("Hearing on the Barge\nMay 1, 1987\n\n" + turns.replace("DORHIT", "DORRIS")
                  + "Mr. HALVERS. Mr. Dorris, you were there too?\n\n")
    assert "Dorris" in [s.name for s in other.briefing.speakers]
    short = parse("Hearing\nMay 1, 1987\n\nMr. HALL. Yes?\n\nMr. KING. No.\n\nMr. HALL. Why?\n\n"
                  "Mr. KIND. Because.\n\nMr. KING. Quite.\n\n")
    assert "Kind" in [s.name for s in short.briefing.speakers]


def test_a_label_that_lost_its_title_is_its_speakers_only_when_one_speaker_has_that_surname(
) -> None:
    turns = ("Mr. HALVERS. Did the barge sail?\n\nMr. DORRIT. It did.\n\n"
             "Mr. HALVERS. When?\n\nMr. DORRIT. On the fourth.\n\n"
             "HALVERS. Who paid for the fuel?\n\nMr. DORRIT. The agency.\n\n")
    result = parse("Hearing on the Barge\nMay 1, 1987\n\n" + turns)
    assert speakers_of(result)[-2:] == [("Halvers", None, "questioner"),
                                        ("Dorrit", None, "panelist")]
    # Two speakers with that surname: which one lost the title is not known, so no turn.
    both = parse("Hearing on the Barge\nMay 1, 1987\n\n" + turns
                 + "Senator HALVERS. A question of my own.\n\nMr. DORRIT. Yes.\n\n"
                 + "Senator HALVERS. Thank you.\n\n")
    fuel = next(p for p in both.passages if "fuel" in p.text)
    by_id = {s.id: s.name for s in both.briefing.speakers}
    assert by_id[fuel.speaker_id] == "Dorrit"


_GAGGLE = (
    "{headline}\nMarch 3, 2031\n\n"
    "{office}:  Good morning. We are flying to the flood zone, and I will see the levees.\n\n"
    "Q    Will you meet the governor there?\n\n"
    "{office}:  I will. She has done a good job, and the state will get what it needs.\n\n"
    "Q    And the dam inspections?\n\n"
    "{office}:  They start on Monday. Every dam on the river will be inspected.\n\n"
)


def test_an_office_label_nobody_else_holds_is_the_person_the_headline_names() -> None:
    # "THE PRESIDENT:" and no "PRESIDENT X:" label: the headline names the principal. A
    # capitalised word after the name ("Before") is not part of it unless the text repeats it.
    text = _GAGGLE.format(headline="Remarks by President Alvarado Before Marine One Departure",
                          office="THE PRESIDENT")
    result = parse(text)
    [speaker] = result.briefing.speakers
    assert (speaker.name, speaker.role, speaker.affiliation) == (
        "Alvarado", Role.PANELIST, "President")
    assert [role for _, _, role in speakers_of(result)] == [
        "panelist", "questioner", "panelist", "questioner", "panelist"]


def test_an_office_label_the_headline_gives_to_several_people_stays_a_label() -> None:
    # Two presidents in the headline, and the labels name only one of them: never guess.
    text = (_GAGGLE.format(headline="Remarks by President Alvarado and President Okonjo",
                           office="THE PRESIDENT")
            + "PRESIDENT OKONJO:  Thank you. Our engineers will help.\n\n"
            + "Q    A question for both leaders.\n\n"
            + "PRESIDENT OKONJO:  We agreed on the levees.\n\n")
    result = parse(text)
    names = {s.name for s in result.briefing.speakers}
    assert names == {"Okonjo"}
    first = result.passages[0]
    assert first.speaker_id is None and first.speaker_label == "The President"
    # Unnamed, it answers more than it asks: not taken for a reporter.
    assert first.role == Role.PANELIST


def test_an_office_label_without_article_is_the_label_with_that_whole_office() -> None:
    # "VICE PRESIDENT:" is Vice President Marlow, not President Okonjo (whose office ends the
    # same way), and a label one letter off a repeated one ("PRESIDEN OKONJO") is a typo.
    text = (
        "Joint Press Conference of Vice President Marlow and President Okonjo\nMay 9, 2031\n\n"
        "VICE PRESIDENT MARLOW:  Thank you all for coming today.\n\n"
        "PRESIDENT OKONJO:  We welcome the Vice President.\n\n"
        "Q    Madam Vice President, on the loan?\n\n"
        "VICE PRESIDENT:  The loan will be signed this week.\n\n"
        "Q    Mr. President, on the mines?\n\n"
        "PRESIDEN OKONJO:  The mines will reopen in June.\n\n"
        "Q    And the railway?\n\n"
        "PRESIDENT OKONJO:  It is funded.\n\n"
        "VICE PRESIDENT MARLOW:  We are proud to help.\n\n"
    )
    result = parse(text)
    assert sorted(s.name for s in result.briefing.speakers) == ["Marlow", "Okonjo"]
    said = {p.text.split(".")[0]: name for p, (name, _, _) in
            zip(result.passages, speakers_of(result), strict=True)}
    assert said["The loan will be signed this week"] == "Marlow"
    assert said["The mines will reopen in June"] == "Okonjo"


def test_members_told_apart_by_state_in_the_label_are_two_people() -> None:
    """A congressional transcript names namesakes 'Mr. Ash of Ohio.': each turn is that
    member's, the state picks the full name the member list gives, and is the affiliation."""
    text = (
        "HEARING ON HARBOR DREDGING\n\n"
        "COMMITTEE MEMBERS\n\n"
        "DANA ASH, Ohio                      RUTH PELL, Maine\n"
        "WM. ORTON, Missouri                      Virginia\n"
        "LEE ASH, Texas                      TOM McCREA, Iowa\n"
        "ANN McCREA, Utah\n\n"
        "    Mr. Ash of Ohio. The harbor needs dredging before the spring floods.\n\n"
        "    Mr. Ash of Texas. I yield to the lady from Utah on the question of cost.\n\n"
        "    Mrs. McCrea of Utah. The cost is borne by the ports, not the Treasury.\n\n"
        "    Mr. Ash of Ohio. Then the ports should say so in writing by Friday.\n\n"
        "    Mr. Ash of Texas. They have said so twice in the record already.\n"
    )
    result = parse(text)
    said = [(name, p.text.split(".")[0]) for (name, _label, _role), p in
            zip(speakers_of(result), result.passages, strict=True) if name]
    assert said == [
        ("Dana Ash", "The harbor needs dredging before the spring floods"),
        ("Lee Ash", "I yield to the lady from Utah on the question of cost"),
        ("Ann McCrea", "The cost is borne by the ports, not the Treasury"),
        ("Dana Ash", "Then the ports should say so in writing by Friday"),
        ("Lee Ash", "They have said so twice in the record already"),
    ]
    places = {s.name: s.affiliation for s in result.briefing.speakers}
    assert places["Dana Ash"] == "Ohio" and places["Lee Ash"] == "Texas"
    assert places["Ann McCrea"] == "Utah"


def test_the_chairman_is_the_member_the_record_says_presides() -> None:
    """A House record names its chairman once, in its opening ('Hon. X [chairman of the
    committee] presiding.'), then labels his turns only 'The Chairman.'."""
    text = (
        "HEARING ON HARBOR DREDGING\n\n"
        "    The committee met, pursuant to notice, at 10 a.m., in room \n"
        "2128, Rayburn House Office Building, Hon. Dana Ash \n"
        "[chairman of the committee] presiding.\n\n"
        "    The Chairman. The hearing will come to order; the harbor is our subject.\n\n"
        "    Mr. Orton. I thank the chairman for calling this hearing on the harbor.\n\n"
        "    The Chairman. The gentleman from Missouri may proceed with his questions.\n"
    )
    result = parse(text)
    named = [name for name, _label, _role in speakers_of(result) if name]
    assert named[0] == "Dana Ash" and named[-1] == "Dana Ash"
    ash = next(s for s in result.briefing.speakers if s.name == "Dana Ash")
    assert ash.affiliation == "chairman of the committee"


def test_a_record_heading_before_a_name_is_not_an_affiliation() -> None:
    """'STATEMENT OF SENATOR DANA ASH' heads her statement; it is not what she is."""
    text = (
        "HEARING ON HARBOR DREDGING\n\n"
        "    Senator Ash. The harbor needs dredging before the spring floods arrive.\n\n"
        "    Senator Orton. The ports should pay for it out of their own fees.\n\n"
        "    Senator Ash. Then the ports should say so in writing by Friday.\n\n"
        "               STATEMENT OF SENATOR DANA ASH\n\n"
        "    The harbor of our state has waited for this dredging for a decade.\n"
    )
    ash = next(s for s in parse(text).briefing.speakers if s.name == "Dana Ash")
    assert "statement" not in (ash.affiliation or "").lower()


def test_a_state_in_a_member_list_is_not_a_title() -> None:
    """'and' inside 'Maryland' or 'Rhode Island' is no title word: a two-column member list
    puts another member's state right before a name, and the next column's after it."""
    text = (
        "HEARING ON HARBOR DREDGING\n\n"
        "RUTH PELL, Utah                      OMAR VANCE, Maryland\n"
        "DANA ASH, Colorado                   TOM ORTON, Rhode Island\n\n"
        "    Senator Ash. The harbor needs dredging before the spring floods arrive.\n\n"
        "    Senator Orton. The ports should pay for it out of their own fees.\n\n"
        "    Senator Ash. Then the ports should say so in writing by Friday.\n"
    )
    places = {s.name: s.affiliation for s in parse(text).briefing.speakers}
    assert places["Dana Ash"] in (None, "Senator", "Colorado")
    assert places["Tom Orton"] in (None, "Senator", "Rhode Island")


def test_the_chairman_of_another_body_is_a_witness_not_the_moderator() -> None:
    """'Chairman, Board of Governors' chairs the Board, not the hearing he testifies at."""
    text = (
        "HEARING ON HARBOR DREDGING\n\n"
        "    Chairman Ash. The committee will come to order. Our witness is Omar Vance,\n"
        "Chairman, Board of Governors of the Harbor Reserve System.\n\n"
        "    Chairman Vance. Thank you. The harbor needs dredging before the floods.\n\n"
        "    Chairman Ash. Then the ports should say so in writing by Friday.\n\n"
        "    Chairman Vance. They have said so twice in the record already.\n"
    )
    roles = {s.name: s.role for s in parse(text).briefing.speakers}
    vance = next(name for name in roles if name.endswith("Vance"))
    assert roles[vance] != Role.MODERATOR
