"""Access labels follow the content, and the strictest label wins (issue 14).

A restricted briefing reached through a symbolic link, a hard link, a linked
folder or a plain copy must stay restricted, and ``check`` must list the
duplicate with both paths; front matter may restrict a file further but
never loosen a path rule.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_loader import briefing_md, reports_by_file, write

from briefbot.config import AccessPathRule, AccessRule, Settings
from briefbot.ingest.loader import load_corpus
from briefbot.models import PUBLIC, Viewer
from briefbot.search.access import can_see

needs_links = pytest.mark.skipif(os.name == "nt", reason="POSIX links")

RULES = Settings(
    access={
        "members": AccessRule(channels=("CMEMBERS",)),
        "board": AccessRule(channels=("CMEMBERS", "CBOARD")),
    },
    access_paths=(AccessPathRule(pattern="members/**", label="members"),),
)
SECRET = "Members only: the lithium stockpile quietly doubled last winter."


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    write(root, "open.md", briefing_md("Open Session", "2024-01-01"))
    write(root, "members/closed.md", briefing_md("Closed Session", "2024-02-02", remark=SECRET))
    return root


def _settings(root: Path) -> Settings:
    return RULES.model_copy(update={"knowledge": str(root)})


def _label_of_secret(root: Path) -> tuple[str, list[str]]:
    corpus = load_corpus([root], _settings(root))
    holders = [b for b in corpus.briefings if b.title == "Closed Session"]
    assert len(holders) == 1, [b.path for b in corpus.briefings]
    return holders[0].access, [r.file for r in corpus.reports]


@needs_links
def test_a_symlink_to_a_restricted_file_keeps_it_restricted_and_check_lists_both(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    (root / "a-public-link.md").symlink_to(root / "members" / "closed.md")
    label, files = _label_of_secret(root)
    assert label == "members"
    corpus = load_corpus([root], _settings(root))
    reports = reports_by_file(corpus)
    assert {"a-public-link.md", "members/closed.md"} <= set(reports)
    [served] = [b for b in corpus.briefings if b.title == "Closed Session"]
    assert served.path == "members/closed.md"  # the file itself, not the link
    reason = " ".join(p.reason for p in reports["a-public-link.md"].problems)
    assert "members/closed.md" in reason


@needs_links
def test_a_hard_link_to_a_restricted_file_keeps_it_restricted(tmp_path: Path) -> None:
    root = _site(tmp_path)
    os.link(root / "members" / "closed.md", root / "a-hard.md")
    label, files = _label_of_secret(root)
    assert label == "members"
    assert {"a-hard.md", "members/closed.md"} <= set(files)


def test_a_copy_of_a_restricted_file_is_restricted_and_reported_with_both_paths(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    write(root, "a-copy.md", (root / "members" / "closed.md").read_text(encoding="utf-8"))
    corpus = load_corpus([root], _settings(root))
    [served] = [b for b in corpus.briefings if b.title == "Closed Session"]
    assert served.access == "members"
    reports = reports_by_file(corpus)
    text = " ".join(p.reason for r in corpus.reports for p in r.problems)
    assert "a-copy.md" in reports and "members/closed.md" in reports
    assert "a-copy.md" in text or "members/closed.md" in text


@needs_links
def test_a_linked_folder_sorting_first_does_not_unlabel_its_files(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "a-mirror").symlink_to(root / "members", target_is_directory=True)
    label, _ = _label_of_secret(root)
    assert label == "members"


def test_front_matter_restricts_further_but_never_loosens_a_path_rule(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    write(root, "members/loose.md", briefing_md("Loose", "2024-03-03", access="public"))
    write(root, "members/tight.md", briefing_md("Tight", "2024-04-04", access="board"))
    write(root, "plain.md", briefing_md("Plain", "2024-05-05", access="board"))
    corpus = load_corpus([root], _settings(root))
    labels = {b.title: b.access for b in corpus.briefings}
    assert labels["Loose"] == "members"
    assert labels["Plain"] == "board"
    tight = labels["Tight"]
    rules = RULES.access
    # 'board' alone would open it to CBOARD; 'members' alone is narrower here,
    # but the combination must be visible only where both labels are.
    assert not can_see(tight, Viewer(channel="CBOARD"), rules)
    assert can_see(tight, Viewer(channel="CMEMBERS"), rules)
    assert tight != PUBLIC


def test_two_copies_under_different_labels_are_visible_only_where_both_are(
    tmp_path: Path,
) -> None:
    root = tmp_path / "knowledge"
    text = briefing_md("Shared", "2024-06-06", remark=SECRET)
    write(root, "board/shared.md", text.replace("---\n\nThe", "access: board\n---\n\nThe", 1))
    write(root, "members/shared.md", text)
    corpus = load_corpus([root], _settings(root))
    [served] = corpus.briefings
    assert not can_see(served.access, Viewer(channel="CBOARD"), RULES.access)
    assert can_see(served.access, Viewer(channel="CMEMBERS"), RULES.access)
    assert not can_see(served.access, None, RULES.access)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_in_the_folder_is_reported_not_skipped_silently(tmp_path: Path) -> None:
    root = _site(tmp_path)
    os.mkfifo(root / "pipe.md")
    corpus = load_corpus([root], _settings(root))
    reports = reports_by_file(corpus)
    assert "pipe.md" in reports
    assert reports["pipe.md"].status == "error"
    assert "not a regular file" in reports["pipe.md"].problems[0].reason
    assert stat.S_ISFIFO(os.stat(root / "pipe.md").st_mode)
