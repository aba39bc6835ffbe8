"""briefbot scored from the outside, on the JSON its command line prints.

The project's developer scorers judge the product the same way, so the
figures here are theirs (``test_shared_extras.py`` checks that they agree
when ``../shared`` is beside the repository):

- **Answers** (``ask --json``, one object per question of a question file),
  per question type: *who said*: the top result has the expected speaker
  and file; *topical* and *speaker_topic*: one of the first three results
  has the expected speaker and file and holds the expected words; *metadata*:
  the ``answer`` text holds the expected words (all of them for
  ``"match": "all"``, else any); *negative*: ``no_match`` or no results.
- **Fields** (``check --json`` against a GOLD.json in the shape of
  ``tests/data/real``): title (token F1 >= 0.8), organization and location
  (>= 0.6), date (same ISO date), moderator (every word of the gold name in
  the reported one), each gold speaker found the same way and their
  affiliation (>= 0.6). Gold nulls are not scored; questioners are not
  counted as speakers.
- **Turns**: each gold turn's words asked as ``who said <words>``; right when
  the top result is from that file and names the gold speaker, or, for an
  unnamed questioner, names nobody and is not given to the organization, a
  panelist, a moderator or a speaker.

Text is compared after NFKC, straight quotes, hyphens for dashes, one space
and case folding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u2013": "-", "\u2014": "-"})
_WORD = re.compile(r"[\w'-]+")
_STOP_WORDS = frozenset({"the", "of", "and", "for", "on", "a", "an", "at", "in"})
_NOT_A_QUESTIONER = frozenset({"organization", "panelist", "moderator", "speaker"})


@dataclass
class Tally:
    """How many were right out of how many, and what was missed."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    def explain(self, name: str, floor: float, shown: int = 15) -> str:
        """The figure against its floor, and the first misses."""
        head = f"{name}: {self.right}/{self.total} = {self.share:.1%} < floor {floor:.1%}"
        return "\n".join([head, *self.misses[:shown]])


def normalize(text: str | None) -> str:
    """Text as the scorers compare it."""
    text = unicodedata.normalize("NFKC", text or "").translate(_TYPOGRAPHY)
    return " ".join(text.split()).casefold()


def words(text: str | None) -> list[str]:
    """The words of a name or title, without the small words."""
    return [w for w in _WORD.findall(normalize(text)) if w not in _STOP_WORDS]


def similar(gold: str | None, got: str | None, threshold: float) -> bool:
    """Token F1 of the two texts is at least ``threshold`` (two empty texts agree)."""
    want, have = Counter(words(gold)), Counter(words(got))
    if not want or not have:
        return not want and not have
    overlap = sum((want & have).values())
    if overlap == 0:
        return False
    precision, recall = overlap / sum(have.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall) >= threshold


def names_person(gold: str | None, got: str | None) -> bool:
    """Every word of the gold name appears in the reported name."""
    want = set(words(gold))
    return bool(want) and want <= set(words(got))


def file_name(result: dict[str, Any]) -> str:
    """The file a result comes from, without its folders."""
    event = result.get("event") or {}
    path = result.get("file") or event.get("file") or event.get("source") or ""
    return PurePosixPath(str(path).replace("\\", "/")).name


def _agrees(result: dict[str, Any], expected: dict[str, Any], *, with_words: bool) -> bool:
    if normalize(result.get("speaker")) != normalize(expected["speaker"]):
        return False
    if file_name(result) != expected["file"]:
        return False
    if not with_words:
        return True
    text = normalize(f"{result.get('passage') or ''} {result.get('excerpt') or ''}")
    return normalize(expected["contains"]) in text.replace("*", "")


def answer_right(question: dict[str, Any], output: dict[str, Any]) -> bool:
    """Whether one ``ask --json`` object answers one question of a question file."""
    kind, expect = question["type"], question["expect"]
    results = output.get("results") or []
    if kind.startswith("who_said"):
        return bool(results) and any(
            _agrees(results[0], e, with_words=False) for e in expect["any"]
        )
    if kind in ("topical", "speaker_topic"):
        return any(_agrees(r, e, with_words=True) for r in results[:3] for e in expect["any"])
    if kind == "metadata":
        answer = normalize(output.get("answer"))
        found = [normalize(w) in answer for w in expect["answer"]]
        return all(found) if expect.get("match") == "all" else any(found)
    if kind == "negative":
        return bool(output.get("no_match")) or not results
    raise ValueError(f"question {question['id']}: unknown type {kind!r}")


def score_answers(
    questions: list[dict[str, Any]], outputs: list[dict[str, Any]]
) -> dict[str, Tally]:
    """Questions right per type; ``outputs`` answer ``questions`` in order."""
    if len(outputs) != len(questions):
        raise AssertionError(f"{len(outputs)} answers to {len(questions)} questions")
    tallies: dict[str, Tally] = {}
    for question, output in zip(questions, outputs, strict=True):
        top = (output.get("results") or [{}])[0]
        miss = (
            f"  {question['id']} {question['question'][:70]!r} -> {top.get('speaker')!r}"
            f" / {file_name(top) or None} / answer {str(output.get('answer'))[:60]!r}"
        )
        tallies.setdefault(question["type"], Tally()).add(answer_right(question, output), miss)
    return tallies


def score_fields(gold: list[dict[str, Any]], reports: list[dict[str, Any]]) -> Tally:
    """Metadata and speakers of ``check --json`` reports against GOLD entries."""
    by_file = {PurePosixPath(r.get("file", "")).name: r for r in reports}
    tally = Tally()
    for entry in gold:
        name = entry["file"]
        report = by_file.get(name, {})
        checks = [
            ("title", 0.8),
            ("organization", 0.6),
            ("location", 0.6),
        ]
        for key, threshold in checks:
            if entry.get(key):
                ok = similar(entry[key], report.get(key), threshold)
                tally.add(ok, f"  {name} {key}: got {report.get(key)!r} want {entry[key]!r}")
        if entry.get("date"):
            ok = report.get("date") == entry["date"]
            tally.add(ok, f"  {name} date: got {report.get('date')!r} want {entry['date']!r}")
        if entry.get("moderator"):
            ok = names_person(entry["moderator"], report.get("moderator"))
            tally.add(ok, f"  {name} moderator: got {report.get('moderator')!r} "
                          f"want {entry['moderator']!r}")
        people = report.get("speakers") or []
        for person in entry.get("speakers", []):
            gold_name = person.get("name")
            if not gold_name or gold_name.startswith("(") or (person.get("role") or "").startswith(
                "questioner"
            ):
                continue
            found = [p for p in people if names_person(gold_name, p.get("name"))]
            tally.add(bool(found), f"  {name} speaker {gold_name!r} missing")
            if found and person.get("affiliation"):
                got = found[0].get("affiliation")
                tally.add(
                    similar(person["affiliation"], got, 0.6),
                    f"  {name} {gold_name} affiliation: got {got!r} want {person['affiliation']!r}",
                )
    return tally


def gold_turns(gold: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(file, turn) for every sample turn of the GOLD entries, in order."""
    return [
        (entry["file"], turn)
        for entry in gold
        for turn in entry.get("turns") or entry.get("passages") or []
    ]


def turn_question(turn: dict[str, Any]) -> str:
    """The who-said question asked for one gold turn."""
    return "who said " + " ".join(turn["contains"].split())


def score_turns(
    turns: list[tuple[str, dict[str, Any]]], outputs: list[dict[str, Any]]
) -> Tally:
    """Turns attributed right; ``outputs`` answer ``turn_question`` of each turn, in order."""
    if len(outputs) != len(turns):
        raise AssertionError(f"{len(outputs)} answers to {len(turns)} turn questions")
    tally = Tally()
    for (name, turn), output in zip(turns, outputs, strict=True):
        top = (output.get("results") or [{}])[0]
        right_file = file_name(top) == name
        want = turn.get("speaker")
        if want:
            ok = right_file and names_person(want, top.get("speaker"))
        else:
            ok = (
                right_file
                and not top.get("speaker")
                and (top.get("role") or "") not in _NOT_A_QUESTIONER
            )
        tally.add(ok, f"  {name} {turn.get('label', '')!r} want {want!r}: got "
                      f"{top.get('speaker')!r} role {top.get('role')!r} right file {right_file}")
    return tally
