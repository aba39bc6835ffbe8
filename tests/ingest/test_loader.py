"""Loading a corpus: which files, ids, access labels, duplicates, links, and
that one bad file never stops the others."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from briefbot.config import AccessPathRule, AccessRule, IngestSettings, Settings
from briefbot.errors import IngestError
from briefbot.ingest.loader import access_label, briefing_id_for, load_corpus, parse_file
from briefbot.models import Corpus, FileReport, Problem, Severity

needs_symlinks = pytest.mark.skipif(
    not hasattr(os, "symlink") or os.name == "nt", reason="symlinks"
)


def briefing_md(
    title: str = "The Arctic Passage",
    date: str = "2024-03-14",
    *,
    access: str | None = None,
    remark: str = "Shipping through the Arctic is growing but remains small.",
) -> str:
    """A small, valid Markdown briefing in the canonical form."""
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "organization: Meridian Policy Institute",
        f"date: {date}",
        "moderator: Dana Whitfield",
        "speakers:",
        "  - name: Dana Whitfield",
        "    honorific: Ms.",
        "    affiliation: Director of Programs, Meridian Policy Institute",
        "  - name: Omar Reyes",
        "    honorific: Dr.",
        "    affiliation: Senior Fellow, Meridian Policy Institute",
    ]
    if access:
        lines.append(f"access: {access}")
    lines += [
        "---",
        "",
        "The Institute hosted a discussion on Arctic shipping.",
        "",
        "## Opening",
        "Speaker: Dana Whitfield",
        "",
        "Welcome to our panel on the Arctic. Let us begin with the big picture.",
        "",
        "## The Route",
        "Speaker: Omar Reyes",
        "",
        remark,
        "",
    ]
    return "\n".join(lines)


def write(folder: Path, rel: str, content: str | bytes) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reports_by_file(corpus: Corpus) -> dict[str, FileReport]:
    return {report.file: report for report in corpus.reports}


def loaded_files(corpus: Corpus) -> list[str]:
    return [briefing.path for briefing in corpus.briefings]


# --- which files ---------------------------------------------------------------


def test_walks_folders_in_sorted_order_and_skips_what_is_not_a_briefing(tmp_path: Path) -> None:
    write(tmp_path, "b.md", briefing_md("Second"))
    write(tmp_path, "a/z.md", briefing_md("First"))
    write(tmp_path, "c.html.bak", "<html></html>")
    write(tmp_path, ".hidden.md", briefing_md("Hidden"))
    write(tmp_path, ".git/x.md", briefing_md("In hidden folder"))
    write(tmp_path, "README.md", "# How to add briefings\n\nDrop files here.\n")
    write(tmp_path, "sub/README.txt", "Notes\nJune 8, 2023\n")
    write(tmp_path, "FORMATS.md", "# Formats\n\nRelated Categories: A; B\n")
    write(tmp_path, "GOLD.json", "[]")
    corpus = load_corpus([tmp_path], Settings())
    assert [r.file for r in corpus.reports] == ["a/z.md", "b.md"]
    assert loaded_files(corpus) == ["a/z.md", "b.md"]
    assert [b.title for b in corpus.briefings] == ["First", "Second"]


def test_office_documents_get_a_warning_saying_they_are_not_read(tmp_path: Path) -> None:
    write(tmp_path, "ok.md", briefing_md())
    write(tmp_path, "slides.pptx", b"PK\x03\x04")
    reports = reports_by_file(load_corpus([tmp_path], Settings()))
    assert reports["slides.pptx"].status == "warning"
    assert ".pptx files are not read" in reports["slides.pptx"].problems[0].reason
    assert reports["ok.md"].status == "ok"


def test_a_broken_pdf_is_an_error_with_its_reason_and_the_rest_load(tmp_path: Path) -> None:
    write(tmp_path, "ok.md", briefing_md())
    write(tmp_path, "slides.pdf", b"%PDF-1.4\n")
    reports = reports_by_file(load_corpus([tmp_path], Settings()))
    assert reports["slides.pdf"].status == "error"
    assert "corrupt or truncated PDF" in reports["slides.pdf"].problems[0].reason
    assert reports["ok.md"].status == "ok"


def test_a_text_of_no_known_layout_is_served_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "just some words\nwith nothing that makes a briefing\n")
    corpus = load_corpus([tmp_path], Settings())
    assert loaded_files(corpus) == ["notes.txt"]
    report = corpus.reports[0]
    assert report.status == "warning"
    assert any("no speaker turns found" in p.reason for p in report.problems)


def test_extensionless_file_is_read_only_if_it_looks_like_a_briefing(tmp_path: Path) -> None:
    write(tmp_path, "briefing", briefing_md())
    write(tmp_path, "LICENSE", "Permission is hereby granted, free of charge.\n")
    write(tmp_path, "blob", b"\x00\x01\x02binary")
    corpus = load_corpus([tmp_path], Settings())
    assert [r.file for r in corpus.reports] == ["briefing"]


def test_single_file_argument_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "deep/er/talk.md", briefing_md())
    corpus = load_corpus([path], Settings())
    assert [r.file for r in corpus.reports] == ["talk.md"]
    assert corpus.briefings[0].id == "talk"


def test_a_missing_path_is_an_error_for_the_whole_call(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file or folder"):
        load_corpus([tmp_path / "nope"], Settings())


def test_an_empty_folder_is_an_empty_corpus(tmp_path: Path) -> None:
    assert load_corpus([tmp_path], Settings()) == Corpus()


# --- ids -------------------------------------------------------------------------


def test_briefing_ids_are_stable_slugs_of_the_path() -> None:
    assert briefing_id_for("000_3c1aeda5a9c9082e.txt") == "000-3c1aeda5a9c9082e"
    assert briefing_id_for("Members Only/Arctic Talk (2024).md") == "members-only/arctic-talk-2024"


def test_ids_that_slug_alike_are_made_unique(tmp_path: Path) -> None:
    write(tmp_path, "talk.md", briefing_md("One", "2024-01-01"))
    write(tmp_path, "talk.txt", briefing_md("Two", "2024-01-02"))
    corpus = load_corpus([tmp_path], Settings())
    ids = [b.id for b in corpus.briefings]
    assert ids[0] == "talk"
    assert ids[1].startswith("talk-") and len(set(ids)) == 2
    again = load_corpus([tmp_path], Settings())
    assert [b.id for b in again.briefings] == ids
    assert all(p.briefing_id in ids for p in corpus.passages)


# --- access -------------------------------------------------------------------------


def test_access_path_rules_first_match_wins_and_front_matter_adds_to_rules(
    tmp_path: Path,
) -> None:
    write(tmp_path, "members/deep/a.md", briefing_md("A", "2024-01-01"))
    write(tmp_path, "members/b.md", briefing_md("B", "2024-01-02", access="board"))
    write(tmp_path, "c.md", briefing_md("C", "2024-01-03"))
    settings = Settings(
        access={"members": AccessRule(channels=("C1",)), "board": AccessRule(users=("U1",))},
        access_paths=(
            AccessPathRule(pattern="members/**", label="members"),
            AccessPathRule(pattern="**/*.md", label="board"),
        ),
    )
    corpus = load_corpus([tmp_path], settings)
    labels = {b.path: b.access for b in corpus.briefings}
    # Front matter restricts further, never loosens: members/b.md needs both labels.
    assert labels == {
        "members/deep/a.md": "members",
        "members/b.md": "board+members",
        "c.md": "board",
    }
    assert all(r.status == "ok" for r in corpus.reports)


def test_access_rule_globs() -> None:
    settings = Settings(
        access_paths=(
            AccessPathRule(pattern="offrecord", label="otr"),
            AccessPathRule(pattern="*.htm?", label="web"),
            AccessPathRule(pattern="**/secret-*.txt", label="secret"),
        )
    )
    assert access_label("offrecord/2024/x.txt", settings) == "otr"
    assert access_label("page.html", settings) == "web"
    assert access_label("sub/page.html", settings) == "public"  # '*' stays in one folder
    assert access_label("secret-a.txt", settings) == "secret"
    assert access_label("a/b/secret-a.txt", settings) == "secret"
    assert access_label("notes.txt", settings) == "public"


def test_a_label_without_an_allowlist_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "x.md", briefing_md(access="members"))
    corpus = load_corpus([tmp_path], Settings())
    (report,) = corpus.reports
    assert report.status == "warning"
    assert "[access.members]" in report.problems[0].reason
    assert corpus.briefings[0].access == "members"  # still restricted, never public


# --- duplicates -------------------------------------------------------------------------


def test_the_same_event_twice_keeps_the_first_and_reports_the_second(tmp_path: Path) -> None:
    write(tmp_path, "a.md", briefing_md("Russia’s “Northern” Route", "2024-03-14"))
    write(
        tmp_path,
        "b/copy.md",
        briefing_md('russia\'s "northern" route', "2024-03-14", remark="Edited."),
    )
    write(tmp_path, "c.md", briefing_md("Russia’s “Northern” Route", "2025-03-14"))  # a later event
    corpus = load_corpus([tmp_path], Settings())
    reports = reports_by_file(corpus)
    assert loaded_files(corpus) == ["a.md", "c.md"]
    assert reports["b/copy.md"].status == "error"
    assert reports["b/copy.md"].problems[-1].reason.startswith("duplicate of a.md")
    assert {p.briefing_id for p in corpus.passages} == {"a", "c"}


def test_identical_text_under_two_names_is_a_duplicate(tmp_path: Path) -> None:
    write(tmp_path, "one.md", briefing_md())
    write(tmp_path, "two.md", briefing_md())
    reports = reports_by_file(load_corpus([tmp_path], Settings()))
    assert reports["two.md"].problems[-1].reason.startswith("duplicate of one.md")


# --- links -------------------------------------------------------------------------


@needs_symlinks
def test_symlink_outside_the_root_is_reported_and_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    write(root, "ok.md", briefing_md())
    outside = write(tmp_path, "private/secret.md", briefing_md("Secret", "2020-01-01"))
    (root / "leak.md").symlink_to(outside)
    (root / "leakdir").symlink_to(outside.parent, target_is_directory=True)
    corpus = load_corpus([root], Settings())
    reports = reports_by_file(corpus)
    assert loaded_files(corpus) == ["ok.md"]
    for name in ("leak.md", "leakdir"):
        assert reports[name].status == "error"
        assert "outside the corpus folder" in reports[name].problems[0].reason


@needs_symlinks
def test_symlink_loops_and_broken_links_never_hang(tmp_path: Path) -> None:
    write(tmp_path, "a/ok.md", briefing_md())
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    corpus = load_corpus([tmp_path], Settings())
    reports = reports_by_file(corpus)
    assert loaded_files(corpus) == ["a/ok.md"]
    assert reports["gone.md"].status == "error"
    assert reports["self.md"].status == "error"


@needs_symlinks
def test_a_link_to_a_file_inside_the_root_is_read_once(tmp_path: Path) -> None:
    target = write(tmp_path, "a.md", briefing_md())
    (tmp_path / "b.md").symlink_to(target)
    corpus = load_corpus([tmp_path], Settings())
    assert [b.path for b in corpus.briefings] == ["a.md"]
    reports = reports_by_file(corpus)
    assert reports["b.md"].problems[0].reason.startswith("duplicate of a.md (same file)")


# --- the per-file safety net ----------------------------------------------------------------


def test_an_unexpected_exception_in_one_file_is_reported_and_logged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    standin_parser,
) -> None:
    write(tmp_path, "a.md", briefing_md("A", "2024-01-01"))
    write(tmp_path, "boom.md", briefing_md("Boom", "2024-01-02"))
    write(tmp_path, "deep.md", briefing_md("Deep", "2024-01-03"))
    write(tmp_path, "z.md", briefing_md("Z", "2024-01-04"))
    real = standin_parser.parse_text

    def flaky(text, fmt, *, path, briefing_id, settings=None, pages=None):
        if path == "boom.md":
            raise KeyError("speaker")
        if path == "deep.md":
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, fmt, path=path, briefing_id=briefing_id, settings=settings, pages=pages)

    monkeypatch.setattr(standin_parser, "parse_text", flaky)
    with caplog.at_level(logging.ERROR, logger="briefbot.ingest"):
        corpus = load_corpus([tmp_path], Settings())
    reports = reports_by_file(corpus)
    assert loaded_files(corpus) == ["a.md", "z.md"]
    assert str(reports["boom.md"].problems[0]) == (
        "boom.md: error: internal error parsing file: KeyError"
    )
    assert reports["deep.md"].problems[0].reason == "internal error parsing file: RecursionError"
    assert "boom.md" in caplog.text and "KeyError" in caplog.text


def test_a_file_the_parser_marks_as_an_error_is_reported_but_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, standin_parser
) -> None:
    write(tmp_path, "a.md", briefing_md("A", "2024-01-01"))
    write(tmp_path, "bad.md", briefing_md("Bad", "2024-01-02"))
    real = standin_parser.parse_text

    def judging(text, fmt, *, path, briefing_id, settings=None, pages=None):
        result = real(text, fmt, path=path, briefing_id=briefing_id, settings=settings, pages=pages)
        if path == "bad.md":
            problem = Problem(file=path, line=7, severity=Severity.ERROR, reason="speakers tangled")
            result = dataclasses.replace(result, problems=(problem,))
        return result

    monkeypatch.setattr(standin_parser, "parse_text", judging)
    corpus = load_corpus([tmp_path], Settings())
    report = reports_by_file(corpus)["bad.md"]
    assert loaded_files(corpus) == ["a.md"]
    assert {p.briefing_id for p in corpus.passages} == {"a"}
    assert report.status == "error" and report.briefing is not None
    assert str(report.problems[-1]) == "bad.md:7: error: speakers tangled"


def test_parse_file_reports_passages_per_speaker(tmp_path: Path) -> None:
    path = write(tmp_path, "x/talk.md", briefing_md())
    report, result = parse_file(path, tmp_path, Settings())
    assert report.file == "x/talk.md"
    assert result is not None and result.briefing.id == "x/talk"
    assert report.passages == len(result.passages) > 0
    assert sum(report.passages_per_speaker.values()) == report.passages


def test_every_problem_is_logged_with_file_line_and_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "legacy.md", briefing_md("José Núñez on “Ice”").encode("cp1252"))
    write(tmp_path, "empty.txt", "")
    with caplog.at_level(logging.WARNING, logger="briefbot.ingest"):
        corpus = load_corpus([tmp_path], Settings())
    assert "empty.txt:-: empty file" in caplog.text
    assert "legacy.md:-: not UTF-8: decoded as cp1252" in caplog.text
    assert corpus.briefings[0].title == "José Núñez on “Ice”"


def test_the_size_limit_comes_from_the_settings(tmp_path: Path) -> None:
    write(tmp_path, "small.md", briefing_md())
    write(tmp_path, "big.md", briefing_md("Big", "2023-01-01", remark="word " * 5_000))
    settings = Settings(ingest=IngestSettings(max_file_bytes=5_000))
    corpus = load_corpus([tmp_path], settings)
    reports = reports_by_file(corpus)
    assert loaded_files(corpus) == ["small.md"]
    assert "over the limit of 5,000" in reports["big.md"].problems[0].reason


# --- hostile and broken input: a clear message, and the rest still loads --------------------

SUMMARY = """\
Harbor Council Energy Forum - Pipes and Politics: Gas After the War

May 2, 2024

Related Categories: Energy Security; Europe

On May 2nd, the Harbor Council hosted a panel on European gas. The session was moderated by Lena Fiore. The panel featured Dr. Hugo Brandt. A summary of the speakers' remarks follows:

Storage Is Not Security

Dr. Hugo Brandt

Europe filled its storage, but storage is a buffer, not a strategy. Prices remain high for industry.
"""  # noqa: E501 - an event summary's intro is one long line

TRANSCRIPT = """\
HARBOR COUNCIL ON STRATEGY
Ports and Power: Shipping Chokepoints

7 May 2024
Washington, D.C.

PARTICIPANTS:
  Dr. Ana Núñez, Senior Fellow, Harbor Council on Strategy
  Mr. Tom Webb, Analyst, Strait Watch

MODERATOR:
  Ms. Lena Fiore, Vice President, Harbor Council on Strategy

MS. FIORE: Welcome, everyone. Let’s start with the Red Sea.

DR. NÚÑEZ: Thank you. Attacks on shipping have “rerouted” a fifth of container traffic.

MR. WEBB: Insurers have tripled war-risk premiums since December.
"""


def deep_html(depth: int) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "<p>Too deep.</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def with_good_neighbours(folder: Path) -> None:
    write(folder, "good/a.md", briefing_md())
    write(folder, "good/b.txt", SUMMARY)


def assert_neighbours_loaded(corpus: Corpus) -> None:
    loaded = set(loaded_files(corpus))
    assert {"good/a.md", "good/b.txt"} <= loaded
    reports = reports_by_file(corpus)
    assert reports["good/a.md"].status == "ok", reports["good/a.md"].problems
    assert reports["good/b.txt"].status != "error", reports["good/b.txt"].problems
    assert reports["good/b.txt"].passages_per_speaker.get("Hugo Brandt", 0) > 0


@pytest.mark.parametrize(
    ("name", "content", "status", "reason", "line"),
    [
        ("empty.txt", b"", "error", "empty file", None),
        ("blank.md", b"\n  \r\n", "error", "empty file", None),
        (
            "scan.txt",
            b"Title\n\x00\x00\x00\x01\x02PK",
            "error",
            "binary file, not a briefing",
            None,
        ),
        ("slides.html", b"%PDF-1.7\n", "error", "binary file, not a briefing (PDF document)", None),
        (
            "front.md",
            b"---\ntitle: [unclosed\ndate: 2024-01-01\n---\n\nBody.\n",
            "error",
            "malformed front matter",
            None,
        ),
        (
            "unclosed.md",
            b"---\ntitle: Open\ndate: 2024-01-01\n\nBody.\n",
            "error",
            "malformed front matter: no closing '---'",
            1,
        ),
        (
            "nothing.html",
            b"<!DOCTYPE html><html><head><title></title><script>var x=1;</script></head>"
            b"<body><nav><a href='/'>Home</a></nav>"
            b"<footer>\xc2\xa9 2024 Council</footer></body></html>",
            "error",
            "no event content",
            None,
        ),
    ],
)
def test_unreadable_files_are_reported_and_the_rest_load(
    tmp_path: Path, name: str, content: bytes, status: str, reason: str, line: int | None
) -> None:
    with_good_neighbours(tmp_path)
    write(tmp_path, f"bad/{name}", content)
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    report = reports_by_file(corpus)[f"bad/{name}"]
    assert report.status == status
    assert f"bad/{name}" not in loaded_files(corpus)
    problem = report.problems[0]
    assert problem.file == f"bad/{name}"
    assert reason in problem.reason and problem.reason.strip()
    if line is not None:
        assert problem.line == line
    if "front matter" in reason:
        assert problem.line is not None  # points into the front matter


def test_a_turn_by_someone_not_in_the_participant_list(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    text = TRANSCRIPT + "\nMR. STRANGER: I was never introduced, but here I am.\n"
    write(tmp_path, "bad/transcript.txt", text)
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    report = reports_by_file(corpus)["bad/transcript.txt"]
    unknown = [p for p in report.problems if "STRANGER" in p.reason]
    assert unknown, report.problems
    assert (
        unknown[0].line
        == text.split("\n").index("MR. STRANGER: I was never introduced, but here I am.") + 1
    )
    # The stranger's words are nobody's on the panel.
    briefing = next(b for b in corpus.briefings if b.path == "bad/transcript.txt")
    panel = {s.id for s in briefing.speakers}
    stranger = [p for p in corpus.passages if "never introduced" in p.text]
    assert stranger and all(p.speaker_id not in panel for p in stranger)


def test_a_cp1252_transcript_with_curly_quotes_and_accents(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    write(tmp_path, "bad/legacy.txt", TRANSCRIPT.replace("\n", "\r\n").encode("cp1252"))
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    report = reports_by_file(corpus)["bad/legacy.txt"]
    assert report.status == "warning"
    assert any("decoded as cp1252" in p.reason for p in report.problems)
    briefing = report.briefing
    assert briefing is not None
    assert "Ana Núñez" in {s.name for s in briefing.speakers}
    assert report.passages_per_speaker.get("Ana Núñez", 0) > 0
    assert any("“rerouted”" in p.text for p in corpus.passages)


def test_invalid_utf8_in_the_middle_is_a_warning_with_its_line(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    data = TRANSCRIPT.encode().replace(b"Insurers have", b"Insurers \xff\xfe\xfd have")
    write(tmp_path, "bad/damaged.txt", data)
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    report = reports_by_file(corpus)["bad/damaged.txt"]
    assert report.status == "warning"
    (problem,) = [p for p in report.problems if "UTF-8" in p.reason]
    assert (
        problem.line
        == TRANSCRIPT.split("\n").index(
            "MR. WEBB: Insurers have tripled war-risk premiums since December."
        )
        + 1
    )
    assert "bad/damaged.txt" in loaded_files(corpus)


def test_100k_deep_html_neither_hangs_nor_crashes(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    write(tmp_path, "bad/deep.html", deep_html(100_000))
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    report = reports_by_file(corpus)["bad/deep.html"]
    assert report.status == "error"
    assert "internal error" not in report.problems[0].reason
    assert "deep" in report.problems[0].reason or "nested" in report.problems[0].reason


def test_an_oversized_file_is_refused_and_the_rest_load(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    write(tmp_path, "bad/huge.txt", SUMMARY + "Filler words. " * 2_000)
    corpus = load_corpus([tmp_path], Settings(ingest=IngestSettings(max_file_bytes=10_000)))
    assert_neighbours_loaded(corpus)
    problem = reports_by_file(corpus)["bad/huge.txt"].problems[0]
    assert "over the limit of 10,000 (setting ingest.max_file_bytes)" in problem.reason


def test_a_readme_in_the_folder_is_ignored(tmp_path: Path) -> None:
    with_good_neighbours(tmp_path)
    write(tmp_path, "README.md", "# knowledge\n\nDrop briefings here.\n")
    corpus = load_corpus([tmp_path], Settings())
    assert_neighbours_loaded(corpus)
    assert "README.md" not in reports_by_file(corpus)


_LINES = st.sampled_from(
    [
        "---",
        "title: Talk",
        "date: 2024-01-01",
        "PARTICIPANTS:",
        "MODERATOR: Ann Lee, Director",
        "MS. LEE: Hello.",
        "Related Categories: A; B",
        "June 8, 2023",
        "<html><body><h1>T</h1>",
        "<div>",
        "## Section",
        "Speaker: Ann Lee",
        "",
    ]
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=30).map("\n".join),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_any_file_content_gives_one_report_and_never_stops_the_load(
    tmp_path_factory: pytest.TempPathFactory, content: bytes | str, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder, "a.md", briefing_md())
    write(folder, f"fuzz{suffix}", content)
    corpus = load_corpus([folder], Settings())
    reports = reports_by_file(corpus)
    assert set(reports) == {"a.md", f"fuzz{suffix}"}
    assert "a.md" in loaded_files(corpus)
    for problem in reports[f"fuzz{suffix}"].problems:
        assert "internal error" not in problem.reason, problem
