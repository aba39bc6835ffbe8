"""Reading briefing files: encodings, line breaks, and files that are not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbot.config import IngestSettings
from briefbot.errors import IngestError
from briefbot.ingest.reader import decode_bytes, read_text
from briefbot.models import Severity

SETTINGS = IngestSettings()
LEGACY_TEXT = "Dr. Ana Núñez said “we must act” — and the panel agreed. It’s déjà vu for Müller.\n"


def write(tmp_path: Path, data: bytes, name: str = "b.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8_has_no_problems(tmp_path: Path) -> None:
    decoded = read_text(write(tmp_path, "Núñez “quoted”\n".encode()), SETTINGS)
    assert decoded.text == "Núñez “quoted”\n"
    assert decoded.encoding == "utf-8"
    assert decoded.problems == ()


def test_bom_is_removed_and_line_breaks_normalised(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"one\r\ntwo\rthree\x0cfour\n"
    decoded = read_text(write(tmp_path, data), SETTINGS)
    assert decoded.text == "one\ntwo\nthree\nfour\n"
    assert decoded.encoding == "utf-8-sig"
    assert decoded.problems == ()


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "Title\r\nJune 8, 2023\r\n".encode("utf-16-le")
    decoded = read_text(write(tmp_path, data), SETTINGS)
    assert decoded.text == "Title\nJune 8, 2023\n"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encoding_is_detected_and_named(tmp_path: Path, encoding: str) -> None:
    text = LEGACY_TEXT if encoding == "cp1252" else "José Núñez and Müller, déjà vu.\n"
    decoded = read_text(write(tmp_path, text.encode(encoding)), SETTINGS, name="legacy.txt")
    assert decoded.text == text
    assert len(decoded.problems) == 1
    problem = decoded.problems[0]
    assert problem.severity is Severity.WARNING
    assert problem.file == "legacy.txt"
    assert "cp1252" in problem.reason and "UTF-8" in problem.reason


def test_short_cp1252_name_is_not_misread_as_baltic() -> None:
    # charset-normalizer alone guesses cp1257 ("Nśńez") for this.
    assert decode_bytes("Núñez".encode("cp1252"), name="x").text == "Núñez"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Привет, как дела? Это текст о безопасности на русском языке.", "cp1251"),
        ("Zażółć gęślą jaźń — panel o bezpieczeństwie energetycznym.", "cp1250"),
        ("Η συζήτηση για την ενεργειακή ασφάλεια στην Ευρώπη.", "cp1253"),
    ],
)
def test_other_single_byte_encodings(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), name="x")
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_mixed_encodings_keep_utf8_lines_and_rescue_the_legacy_line() -> None:
    data = (
        "Title “ok”\nJosé Núñez spoke.\n".encode()
        + "Dr. Núñez “said” so.\n".encode("cp1252")
        + b"end\n"
    )
    decoded = decode_bytes(data, name="mixed.txt")
    assert decoded.text == "Title “ok”\nJosé Núñez spoke.\nDr. Núñez “said” so.\nend\n"
    (problem,) = decoded.problems
    assert problem.line == 3
    assert "mixed encodings" in problem.reason and "cp1252" in problem.reason


def test_invalid_utf8_bytes_are_replaced_and_the_first_bad_line_named() -> None:
    data = "Title “ok”\nline two\n".encode() + b"abc \x80\x81\x8d\x8f def\n" + b"tail \xff\n"
    decoded = decode_bytes(data, name="bad.txt")
    lines = decoded.text.split("\n")
    assert lines[:2] == ["Title “ok”", "line two"]
    assert "\ufffd" in lines[2] and lines[2].startswith("abc ") and lines[2].endswith(" def")
    (problem,) = decoded.problems
    assert (problem.file, problem.line) == ("bad.txt", 3)
    assert "invalid UTF-8" in problem.reason and "1 more line" in problem.reason


def test_stray_control_characters_are_removed_with_a_warning() -> None:
    decoded = decode_bytes(b"Title\nbell\x07 here\n", name="c.txt")
    assert decoded.text == "Title\nbell here\n"
    assert decoded.problems[0].line == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t\n", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file, not a briefing (PDF document)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file, not a briefing (ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a briefing (PNG image)"),
        (b"Title\nsome text\x00\x00\x00 more", "binary file, not a briefing (contains NUL bytes)"),
        (bytes(range(1, 9)) * 50 + b"text", "binary file, not a briefing (mostly control"),
    ],
)
def test_files_without_text_raise_with_file_and_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(IngestError) as caught:
        read_text(path, SETTINGS, name="dir/b.txt")
    assert caught.value.file == "dir/b.txt"
    assert caught.value.reason.startswith(reason)
    assert str(caught.value).startswith("dir/b.txt: ")


def test_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, b"x" * 2_000)

    def no_reading(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(IngestError, match="over the limit of 1,000.*ingest.max_file_bytes"):
        read_text(path, IngestSettings(max_file_bytes=1_000), name="big.txt")


def test_missing_file_and_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        read_text(tmp_path / "nope.txt", SETTINGS)
    with pytest.raises(IngestError, match="not a regular file"):
        read_text(tmp_path, SETTINGS)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_decode_or_raise_ingest_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, name="fuzz.txt")
    except IngestError as exc:
        assert exc.file == "fuzz.txt" and exc.reason
        return
    assert "\r" not in decoded.text and "\x00" not in decoded.text
    assert not decoded.text.startswith("\ufeff")
    assert decoded.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_utf8_text_round_trips_up_to_line_breaks(text: str) -> None:
    try:
        decoded = decode_bytes(text.encode("utf-8"), name="t.txt")
    except IngestError:
        return
    if "\r" not in text and not any(ch < " " and ch not in "\t\n" for ch in text):
        plain = text.removeprefix("\ufeff")
        if not any(ch in plain for ch in "\x7f\x85\u2028\u2029"):
            assert decoded.text == plain


def test_a_line_saved_as_an_escaped_bytes_literal_is_read_as_its_text() -> None:
    body = ("b'<p>MR. HALE: Good evening.</p>\\n<p>Q Was the ferry late?</p>\\n"
            "<p>MR. HALE: It was, by an hour \\xe2\\x80\\x94 fog.</p>\\n'")
    decoded = decode_bytes(("<h1>Evening Briefing</h1>\n" + body + "\n").encode(), name="b.html")
    assert decoded.text.splitlines()[1:4] == [
        "<p>MR. HALE: Good evening.</p>", "<p>Q Was the ferry late?</p>",
        "<p>MR. HALE: It was, by an hour \u2014 fog.</p>",
    ]
    warning = next(p for p in decoded.problems if "quoted string" in p.reason)
    assert warning.line == 2 and warning.severity is Severity.WARNING


@pytest.mark.parametrize("line", [
    "'a quoted remark\\n with one escape'",  # too few escaped breaks to be a saved literal
    "'unclosed \\n\\n\\n literal",  # not a literal at all
    "b'\\n\\n\\n' + __import__('os').getcwd()",  # an expression: never evaluated
])
def test_other_quoted_lines_are_left_as_written(line: str) -> None:
    decoded = decode_bytes((line + "\nnext line\n").encode(), name="q.txt")
    assert decoded.text == line + "\nnext line\n"
    assert not decoded.problems
