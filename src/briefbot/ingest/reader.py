"""Bytes on disk -> clean text a parser can trust.

``read_text`` turns one file into a ``DecodedText``. The contract, which the
parsers rely on:

* the text is ``str`` with no byte-order mark, and every line break is
  ``"\\n"`` (CRLF, lone CR, form feed, vertical tab, NEL and the Unicode line
  and paragraph separators are all converted), so ``text.split("\\n")`` gives
  the lines an editor shows and ``line = text.count("\\n", 0, offset) + 1``;
* other C0 control characters (except tab) are removed;
* UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such;
  anything else is taken for a legacy single-byte encoding, detected with
  charset-normalizer and a plausibility check, and decoded (a warning names
  the encoding); a UTF-8 file with a few bad lines keeps the good lines and
  either decodes the bad ones in a legacy encoding or replaces the bad bytes
  with U+FFFD (a warning names the first bad line).

Errors are split the same way everywhere: when no text can be produced at all
(missing, empty, binary, too large, not a regular file) ``read_text`` raises
``IngestError`` carrying the file and a reason; when text was produced but
something was repaired, the repair is returned as a warning ``Problem`` in
``DecodedText.problems``.

PDF and Word files (by extension) are not decoded but read by ``pdf`` and ``docx``, which
give the text a person sees on the pages under the same contract, plus the
page of each character for a PDF (``DecodedText.pages``); a file that yields
no text (encrypted, corrupt, no text layer) is an ``IngestError`` as above.
"""

from __future__ import annotations

import ast
import codecs
import logging
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..config import IngestSettings
from ..errors import IngestError
from ..models import Problem, Severity
from .pages import DocumentText, PageMap

__all__ = ["DecodedText", "read_text", "decode_bytes", "looks_binary"]

log = logging.getLogger(__name__)

# Magic numbers of formats people save next to briefings but that are not text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (Word/Office document?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"{\\rtf", "RTF document"),
)
# "MZ" and "BZh" are short: only trust them together with other binary signs.
_WEAK_MAGIC = {b"MZ", b"BZh"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SNIFF_BYTES = 8192
# Share of control bytes above which a file is taken for binary data.
_MAX_CONTROL_RATIO = 0.10
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Each line break above holds one of these: a text without them is read by one quick scan.
_LINE_BREAK_CHARS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")

# A valid multi-byte UTF-8 sequence (RFC 3629), used to tell damaged UTF-8
# from a legacy encoding.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

# Single-byte encodings we are willing to guess, most common first: ties go
# to the earlier one (cp1252 is what Windows saves English documents in).
_LEGACY = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "mac_roman",
    "cp850",
    "cp437",
)
_TYPOGRAPHIC = set("“”‘’„‚«»–—…•·€£¥©®™°§¶†‡‰′″\u00a0¡¿")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class DecodedText:
    """A file's text, the encoding it was read with, and what was repaired."""

    text: str
    encoding: str  # "pdf" / "docx" for text read from those documents
    problems: tuple[Problem, ...] = ()
    pages: PageMap | None = None  # printed page of each character (PDF)


def read_text(path: Path, settings: IngestSettings, *, name: str | None = None) -> DecodedText:
    """Read and decode one briefing file; ``name`` is how problems refer to it.

    Raises ``IngestError`` (file, reason) when the file yields no text: not a
    regular file, over ``max_file_bytes`` (checked before reading), empty,
    binary or unreadable. Repairs come back as warnings in ``problems``.
    """
    label = name if name is not None else path.name
    try:
        info = path.stat()
    except OSError as exc:
        raise IngestError(
            f"cannot read file: {exc.strerror or type(exc).__name__}", file=label
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not a regular file", file=label)
    limit = settings.max_file_bytes
    if info.st_size > limit:
        raise IngestError(
            f"file is {info.st_size:,} bytes, over the limit of {limit:,} "
            "(setting ingest.max_file_bytes); not read",
            file=label,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IngestError(
            f"cannot read file: {exc.strerror or type(exc).__name__}", file=label
        ) from None
    if len(data) > limit:
        raise IngestError(
            f"file is over the limit of {limit:,} bytes (setting ingest.max_file_bytes); not read",
            file=label,
        )
    document = _document_text(data, path.suffix.lower(), label, settings)
    if document is not None:
        return document
    return decode_bytes(data, name=label)


def _document_text(
    data: bytes, suffix: str, name: str, settings: IngestSettings
) -> DecodedText | None:
    """The text of a ``.pdf`` or ``.docx`` file; None for any other file."""
    if suffix not in {".pdf", ".docx"}:
        return None
    if not data:
        raise IngestError("empty file", file=name)
    document: DocumentText
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise IngestError(
                "not a PDF: the file has no %PDF header (damaged or renamed?)", file=name
            )
        from .pdf import pdf_text

        document, kind = pdf_text(data, name=name, seconds=settings.max_parse_seconds), "pdf"
    else:
        from .docx import docx_text

        document, kind = docx_text(data, name=name, seconds=settings.max_parse_seconds), "docx"
    if not document.text.strip():
        raise IngestError(f"no text in this {kind.upper()} file", file=name)
    return DecodedText(
        text=document.text, encoding=kind, problems=document.problems, pages=document.pages
    )


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` (the start of a file) is not text, or None if it may be text."""
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic) and (magic not in _WEAK_MAGIC or b"\x00" in head):
            return kind
    if b"\x00" in head:
        return "contains NUL bytes"
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > _MAX_CONTROL_RATIO:
            return "mostly control characters"
    return None


def decode_bytes(data: bytes, *, name: str) -> DecodedText:
    """Decode a file's bytes (see the module docstring); raises IngestError if not text."""
    if not data:
        raise IngestError("empty file", file=name)
    kind = looks_binary(data)
    if kind is not None:
        raise IngestError(f"binary file, not a briefing ({kind})", file=name)
    problems: list[Problem] = []
    text, encoding = _decode(data, name, problems)
    text = _normalize(text, name, problems)
    if not text.strip():
        raise IngestError("empty file (only white space)", file=name)
    return DecodedText(text=text, encoding=encoding, problems=tuple(problems))


def _decode(data: bytes, name: str, problems: list[Problem]) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                break  # handled below with the BOM-less UTF-8 path
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError as exc:
                problems.append(
                    _warn(name, None, f"invalid {codec} data replaced with \ufffd ({exc.reason})")
                )
                return body.decode(codec, errors="replace"), codec
    had_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if had_bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if had_bom else "utf-8"
    except UnicodeDecodeError:
        pass
    valid = sum(len(seq) for seq in _UTF8_MULTI.findall(body))
    invalid = len(_HIGH_BYTE.findall(body)) - valid
    # Mostly valid multi-byte sequences: UTF-8 with damage, not a legacy file.
    if had_bom or (valid and valid >= invalid):
        return _decode_damaged_utf8(body, name, problems), "utf-8"
    encoding = guess_legacy_encoding(body)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        problems.append(_warn(name, None, f"bytes undefined in {encoding} replaced with \ufffd"))
    problems.append(
        _warn(name, None, f"not UTF-8: decoded as {encoding}; save the file as UTF-8 to be sure")
    )
    return text, encoding


def _decode_damaged_utf8(body: bytes, name: str, problems: list[Problem]) -> str:
    """Mostly UTF-8: keep good lines, rescue or replace the bad ones."""
    lines = body.split(b"\n")
    bad: list[int] = []
    decoded: list[str | None] = []
    for index, raw in enumerate(lines):
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
            bad.append(index)
    bad_bytes = b"\n".join(lines[i] for i in bad)
    encoding = guess_legacy_encoding(bad_bytes)
    rescued = bad_bytes.decode(encoding, errors="replace")
    # Only trust the legacy reading of the bad lines if it reads like text in
    # an alphabet the rest of the file uses; otherwise show the damage
    # honestly as U+FFFD.
    known = {"LATIN"} | _alphabets("".join(part for part in decoded if part))
    use_legacy = _plausibility(rescued) > 0 and _alphabets(rescued) <= known
    for index in bad:
        raw = lines[index]
        decoded[index] = (
            raw.decode(encoding, errors="replace")
            if use_legacy
            else raw.decode("utf-8", errors="replace")
        )
    first = bad[0] + 1
    more = f" and {len(bad) - 1} more line(s)" if len(bad) > 1 else ""
    if use_legacy:
        reason = f"mixed encodings: line {first}{more} not UTF-8, decoded as {encoding}"
    else:
        reason = f"invalid UTF-8 bytes on line {first}{more} replaced with \ufffd"
    problems.append(_warn(name, first, reason))
    return "\n".join(part or "" for part in decoded)


def guess_legacy_encoding(data: bytes) -> str:
    """The most plausible single-byte encoding of ``data`` (default cp1252).

    charset-normalizer proposes candidates; on short texts it often prefers a
    near-identical code page (cp1250 or cp1257 for Western text), so the
    candidates are re-ranked by how much the decoded text reads like words of
    one script, ties going to the more common encoding.
    """
    sample = data[:65536]
    candidates: list[str] = []
    try:
        matches = charset_normalizer.from_bytes(sample, cp_isolation=list(_LEGACY))
    except Exception:  # noqa: BLE001 - a detector failure must not lose the file
        log.debug("charset detection failed", exc_info=True)
        matches = []
    for match in matches:
        for codec in (match.encoding, *match.could_be_from_charset):
            normal = codecs.lookup(codec).name.replace("-", "_")
            if normal not in candidates:
                candidates.append(normal)
    if "cp1252" not in candidates:
        candidates.append("cp1252")  # always worth weighing: by far the commonest
    preference = {codecs.lookup(c).name.replace("-", "_"): i for i, c in enumerate(_LEGACY)}
    best, best_key = "cp1252", None
    for rank, codec in enumerate(candidates):
        text = sample.decode(codec, errors="replace")
        # Ties: Latin code pages differ in a few letters only, so the most
        # common one wins; for other scripts charset-normalizer's language
        # model knows better (Greek vs Cyrillic), so its order wins.
        tie = preference.get(codec, len(preference)) if _mostly_latin(text) else rank
        key = (_plausibility(text), -tie)
        if best_key is None or key > best_key:
            best, best_key = codec, key
    return best


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch >= "\x80" and ch.isalpha()]
    latin = sum(1 for ch in letters if _script(ch) == "LATIN")
    return 2 * latin >= len(letters)


def _plausibility(text: str) -> int:
    """Higher when the non-ASCII characters read as letters of real words."""
    score = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in _TYPOGRAPHIC:
            score += 1
        elif ch == "\ufffd" or unicodedata.category(ch)[0] in "CSN":
            score -= 3
        elif unicodedata.category(ch)[0] == "L":
            score += 1
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        foreign = sum(1 for ch in word if not ch.isascii())
        if len(scripts) > 1:
            score -= 2 * foreign  # "NъсIez": one word in two alphabets
        elif scripts == {"LATIN"} and len(word) >= 4 and 2 * foreign > len(word):
            score -= 2 * foreign  # "Ïðèâåò": accents on most letters means wrong code page
    return score


def _alphabets(text: str) -> set[str]:
    return {_script(ch) for ch in text if ch >= "\x80" and ch.isalpha()}


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def _normalize(text: str, name: str, problems: list[Problem]) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if _LINE_BREAK_CHARS.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    text = _unquoted(text, name, problems)
    stray = _STRAY_CONTROLS.search(text)
    if stray:
        line = text.count("\n", 0, stray.start()) + 1
        count = len(_STRAY_CONTROLS.findall(text))
        text = _STRAY_CONTROLS.sub("", text)
        problems.append(
            _warn(name, line, f"removed {count} control character(s), first on this line")
        )
    return text


# A line that is one Python string or bytes literal holding escaped line breaks: what a
# scraper writes when it saves ``repr(response.content)`` instead of the content.
_QUOTED_LINE = re.compile(r"""^[ \t]*b?(?P<q>'|")(?:[^\\\n]|\\.)*(?P=q)[ \t]*$""", re.MULTILINE)
_ESCAPED_BREAKS = re.compile(r"(?:\\r)?\\n")
_MIN_ESCAPED_BREAKS = 3  # a short quoted line with a "\n" or two is text, not a saved literal


def _unquoted(text: str, name: str, problems: list[Problem]) -> str:
    """Lines saved as one escaped string literal, read as the text they hold.

    The literal is evaluated as a literal only (``ast.literal_eval``: no code
    runs); bytes are decoded as UTF-8 with replacement. Line numbers after it
    then count the text's own lines, which the warning says.
    """
    if "\\n" not in text:
        return text
    pieces: list[str] = []
    last = 0
    for m in _QUOTED_LINE.finditer(text):
        line = m.group(0)
        if len(_ESCAPED_BREAKS.findall(line)) < _MIN_ESCAPED_BREAKS:
            continue
        try:
            value = ast.literal_eval(line.strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if not isinstance(value, str):
            continue
        number = text.count("\n", 0, m.start()) + 1
        problems.append(_warn(
            name, number, "this line is a quoted string with escaped line breaks (saved as a "
            "program's literal): read as the text it holds; line numbers after it count that "
            "text's lines"))
        pieces.append(text[last:m.start()])
        pieces.append(_LINE_BREAKS.sub("\n", value))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _warn(name: str, line: int | None, reason: str) -> Problem:
    return Problem(file=name, line=line, severity=Severity.WARNING, reason=reason)
