"""Answers as JSON: the stable contract of ``briefbot ask --json``.

One object per question::

    {
      "question": str,            the question as asked
      "intent": str,              search | who_said | speaker | events | metadata | help
      "answer": str | null,       direct text (metadata, who said, speaker, events); null for a search;
                                  for an event listing or a speaker's profile, the first
                                  line and then the lines of "details" (one per event),
                                  so a reader of "answer" alone sees which events
      "no_match": bool,           true when nothing in the briefings answers
      "results": [                best first
        {
          "speaker": str | null,  canonical name; null for the event's own text and for
                                  a speaker the document does not name
          "label": str | null,    that unnamed speaker's label as written ("Mr. Chairman",
                                  "Reporter"); null when "speaker" names someone
          "honorific": str | null,
          "affiliation": str | null,   as stated at that event
          "role": str,            panelist | moderator | keynote | audience | organization
          "event": {"id", "title", "organization", "date" (YYYY-MM-DD or null), "source"},
          "section": str | null,
          "excerpt": str,         1-3 sentences, "…" where trimmed
          "passage": str,         the whole passage text
          "score": float
        }
      ],
      extra keys (stable too):
      "highlights": per result, [[start, end], ...] character ranges in "excerpt"
      "passage_id", "file" (path under the knowledge folder), "lines" ([first, last])
                              per result, to trace a quote back to its source
      "kind": per result, "verbatim" (words as spoken) or "summary" (the organizers'
                              paraphrase in an event summary: never quote it as said)
      "pages": per result, [first, last] printed pages in a paged source (PDF), or null
      "page_line": per result, the line of its first page the passage starts on (counted in
                              the text read from the page, running heads left out), or null
      "citation": per result, the copy-ready citation line, the same as the console and
                              Slack show: “excerpt” — speaker, affiliation, at “event”,
                              organization, date[, p. N][, source URL]; for a summary
                              "Summary of remarks by … (event summary, not verbatim): excerpt"
      "details": [str],       extra lines: a profile, an event list
      "notes": [str],         caveats the asker must see (e.g. a shared surname)
      "suggestions": [str],   what the briefings do cover, when nothing answered
      "searched": str | null, the restrictions applied, in words
      "offset": int, "has_more": bool
    }

Keys are never removed or renamed; new keys may be added.
"""

from __future__ import annotations

from typing import Any

from ..models import Answer, Hit
from .citation import citation, page_line, passage_kind, passage_pages

__all__ = ["answer_to_json", "hit_to_json"]


def hit_to_json(hit: Hit) -> dict[str, Any]:
    """One result of the contract above."""
    speaker = hit.speaker
    briefing = hit.briefing
    return {
        "speaker": speaker.name if speaker is not None else None,
        "label": hit.passage.speaker_label if speaker is None else None,
        "honorific": speaker.honorific if speaker is not None else None,
        "affiliation": speaker.affiliation if speaker is not None else None,
        "role": hit.passage.role.value,
        "event": {
            "id": briefing.id,
            "title": briefing.title,
            "organization": briefing.organization,
            "date": briefing.date.isoformat() if briefing.date else None,
            "source": briefing.source,
        },
        "section": hit.passage.section,
        "excerpt": hit.excerpt,
        "passage": hit.passage.text,
        "score": hit.score,
        "highlights": [[h.start, h.end] for h in hit.highlights],
        "passage_id": hit.passage.id,
        "file": briefing.path,
        "lines": [hit.passage.span.line_start, hit.passage.span.line_end],
        "kind": passage_kind(hit),
        "pages": list(pages) if (pages := passage_pages(hit)) else None,
        "page_line": page_line(hit),
        "citation": citation(hit),
    }


def _answer_text(answer: Answer) -> str | None:
    if answer.intent in ("events", "speaker") and answer.answer and answer.details:
        return "\n".join([answer.answer, *answer.details])
    return answer.answer


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The whole answer as a JSON-ready dict (see the module docstring)."""
    return {
        "question": answer.question,
        "intent": answer.intent,
        "answer": _answer_text(answer),
        "no_match": answer.no_match,
        "results": [hit_to_json(h) for h in answer.hits],
        "details": list(answer.details),
        "notes": list(answer.notes),
        "suggestions": list(answer.suggestions),
        "searched": answer.searched,
        "offset": answer.offset,
        "has_more": answer.has_more,
    }
