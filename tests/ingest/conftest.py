"""Shared helpers for the ingest tests: a tiny stand-in parser.

``standin_parser`` swaps the real format parsers for a trivial one when a
loader test needs to control exactly what "parsing" returns (an exception
in one file, say).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import yaml

from briefbot.errors import FormatError
from briefbot.models import Briefing, Passage, Problem, Role, Span


@dataclasses.dataclass(frozen=True)
class StandInResult:
    briefing: Briefing
    passages: tuple[Passage, ...]
    problems: tuple[Problem, ...]
    access_declared: bool = False


def standin_parse_text(text, fmt, *, path, briefing_id, settings=None, pages=None):
    """Front matter (if any) gives the metadata; every paragraph is the organization's."""
    meta: dict = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end < 0:
            raise FormatError("malformed front matter: no closing '---'", file=path, line=1)
        meta = yaml.safe_load(text[4:end]) or {}
        body = text[end + 4 :]
    else:
        meta["title"] = text.strip().split("\n", 1)[0]
    date = meta.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    briefing = Briefing(
        id=briefing_id,
        title=str(meta.get("title") or "untitled"),
        date=date,
        path=path,
        format=fmt,
        access=meta.get("access", "public"),
    )
    passages = []
    offset = text.find(body)
    for chunk in body.split("\n\n"):
        if chunk.strip():
            start = text.find(chunk, offset)
            passages.append(
                Passage(
                    id=f"{briefing_id}#{len(passages)}",
                    briefing_id=briefing_id,
                    role=Role.ORGANIZATION,
                    text=chunk.strip(),
                    order=len(passages),
                    span=Span(
                        line_start=text.count("\n", 0, start) + 1,
                        line_end=text.count("\n", 0, start + len(chunk)) + 1,
                        char_start=start,
                        char_end=start + len(chunk),
                    ),
                )
            )
    return StandInResult(briefing, tuple(passages), (), "access" in meta)


@pytest.fixture
def standin_parser(monkeypatch: pytest.MonkeyPatch):
    """Make the loader use the stand-in parser; returns the module patched."""
    import briefbot.ingest.parse as parse_module

    monkeypatch.setattr(parse_module, "parse_text", standin_parse_text)
    monkeypatch.setattr(parse_module, "ParseResult", StandInResult, raising=False)
    return parse_module
