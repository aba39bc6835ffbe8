"""The terms a passage is indexed under: what was said, plus who said it and where."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Briefing, Passage
from .tokenize import tokenize

__all__ = ["document_terms"]


def document_terms(
    passage: Passage, briefing: Briefing, text_terms: Sequence[str] | None = None
) -> list[str]:
    """The terms indexed for a passage.

    Its text, plus the speaker's name (or the label of a non-participant),
    the section heading and the event title. Each of those fields adds each
    of its distinct terms once, so "Berman" or a title word makes a passage
    findable without outweighing what was actually said. ``text_terms``,
    when given, must be ``tokenize(passage.text)`` already computed (it is
    copied, not tokenized again).
    """
    terms = tokenize(passage.text) if text_terms is None else list(text_terms)
    speaker = briefing.speaker(passage.speaker_id)
    name = speaker.name if speaker is not None else passage.speaker_label
    for field in (name, passage.section, briefing.title):
        if field:
            terms.extend(dict.fromkeys(tokenize(field)))
    return terms
