"""Shared fixtures: a small knowledge folder and a stand-in for ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker


def make_briefing(path: str, title: str, lines: list[str]) -> tuple[Briefing, list[Passage]]:
    """A briefing whose passages are 'Name: remark' lines."""
    names = sorted({line.split(":", 1)[0] for line in lines})
    speakers = tuple(Speaker(id=n.lower().replace(" ", "-"), name=n) for n in names)
    briefing = Briefing(id=path.rsplit(".", 1)[0], title=title, path=path, format="summary",
                        speakers=speakers)
    passages = []
    for order, line in enumerate(lines):
        name, text = line.split(":", 1)
        passages.append(Passage(
            id=f"{briefing.id}#{order}", briefing_id=briefing.id,
            speaker_id=name.lower().replace(" ", "-"), role=Role.PANELIST,
            section="Remarks", text=text.strip(), order=order,
            span=Span(line_start=order + 2, line_end=order + 2, char_start=0, char_end=len(line)),
        ))
    return briefing, passages


class FolderLoader:
    """Stands in for ingestion: each file is 'title' then 'Name: remark' lines."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, paths, settings) -> Corpus:
        self.calls += 1
        briefings, passages = [], []
        for root in paths:
            for file in sorted(Path(root).glob("*.txt")):
                title, *lines = file.read_text(encoding="utf-8").splitlines()
                briefing, ps = make_briefing(file.name, title, [ln for ln in lines if ln])
                briefings.append(briefing)
                passages.extend(ps)
        return Corpus(briefings=tuple(briefings), passages=tuple(passages))


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "arctic.txt").write_text(
        "Arctic Security Briefing\n"
        "Anna Lind: Russia is militarizing the Arctic and the Northern Sea Route.\n"
        "Craig Singleton: China calls itself a near-Arctic state.\n",
        encoding="utf-8",
    )
    (folder / "sanctions.txt").write_text(
        "Sanctions Evasion Panel\n"
        "Craig Singleton: China is ensuring Russia has what it needs to fight.\n"
        "Ilan Berman: Iran and Russia trade drones for cash.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def loader() -> FolderLoader:
    """A fresh stand-in loader that counts its calls."""
    return FolderLoader()
