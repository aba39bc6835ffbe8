"""Excerpts a staffer can quote as they stand: whole sentences, no greetings, the question asked."""

from __future__ import annotations

from briefbot.search.excerpts import ELLIPSIS, is_filler, make_excerpt

TURN = (
    "Good afternoon, everyone. Thank you for having me. "
    "The Red Sea showed us the worst case. Insurers priced the risk within days, and "
    "shipowners rerouted around the Cape long before any navy could escort them. "
    "That is the lesson for the Taiwan Strait."
)


def _shown(excerpt: str, highlights) -> list[str]:
    return [excerpt[h.start : h.end] for h in highlights]


def test_whole_sentences_and_no_ellipsis_at_a_sentence_boundary():
    excerpt, _ = make_excerpt(TURN, {"red": 2.0, "sea": 2.0}, 300)
    assert excerpt.startswith("The Red Sea showed us the worst case.")
    assert ELLIPSIS not in excerpt
    assert excerpt.endswith(".")


def test_a_thin_sentence_takes_its_neighbour_as_context():
    excerpt, _ = make_excerpt(TURN, {"red": 2.0, "sea": 2.0}, 300)
    assert "Insurers priced the risk within days" in excerpt  # not one thin sentence


def test_greetings_and_thanks_are_never_the_excerpt():
    excerpt, _ = make_excerpt(TURN, {"afternoon": 1.0, "thank": 1.0, "lesson": 0.5}, 300)
    assert "Good afternoon" not in excerpt and "Thank you" not in excerpt
    for sentence in ("Good afternoon, everyone.", "Thanks, Kelly.", "Hi, I'm Josh Boak with the AP.",
                     "It's a pleasure to be here.", "My name is Ana Ruiz."):
        assert is_filler(sentence), sentence
    for sentence in ("Thanks to sanctions, Russia pays more.", "Hi, Josh with AP — will he go?",
                     "I'm worried about the costs of war.", "This is a problem of scale."):
        assert not is_filler(sentence), sentence


def test_what_did_x_ask_shows_the_question_itself():
    turn = ("Thanks, Kelly. I'm Kelly O'Donnell with NBC. I covered the Pentagon for years. "
            "Will the President order strikes inside Iran, and when?")
    excerpt, _ = make_excerpt(turn, {}, 300, questions=True)
    assert excerpt.startswith("Will the President order strikes inside Iran")
    assert "Kelly O'Donnell with NBC" not in excerpt


def test_one_highlight_per_matched_phrase():
    text = "Banks now fear secondary sanctions more than fines. Sanctions on oil matter less."
    excerpt, marks = make_excerpt(text, {"secondari": 2.0, "sanction": 1.0}, 300)
    assert _shown(excerpt, marks)[0] == "secondary sanctions"


def test_an_over_long_sentence_is_cut_at_words_and_says_so():
    text = "Word " * 200 + "target here."
    excerpt, marks = make_excerpt(text.strip(), {"target": 3.0}, 120)
    assert excerpt.startswith(ELLIPSIS) and len(excerpt) <= 120
    assert "target" in _shown(excerpt, marks)
