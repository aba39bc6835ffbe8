"""Word (.docx) briefings -> plain text in the layout the text parsers read.

Read with python-docx, body only, in document order:

* each paragraph becomes one line, paragraphs separated by a blank line;
* a paragraph that opens with bold (or "Strong"/speaker-styled) words followed
  by plain words is a turn: ``Mr. Shays.`` + ``Thank you.`` becomes
  ``Mr. Shays: Thank you.``, the ``NAME: words`` form of a transcript;
* a table whose first row names its columns ("Name", "Affiliation", ...) or
  whose rows start with people's names is a participant list: a
  ``PARTICIPANTS:`` line, then ``Name, Role, Organization`` per row; any other
  table is one line per row, cells separated by semicolons;
* page headers and footers, comments, footnotes and text boxes are not part of
  the body and are never read.

The text then goes through format detection and the same parsers as a
``.txt`` file. Failures are ``FormatError``: not a Word file, corrupt or
truncated, password-protected (an encrypted .docx is not a ZIP package),
or expanding to more than ``_MAX_EXPANDED_BYTES``.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..errors import FormatError
from .budget import check_budget, parse_budget
from .pages import DocumentText

__all__ = ["docx_text"]

_MAX_EXPANDED_BYTES = 200_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_LABEL_CHARS = 60
_MAX_LABEL_WORDS = 8
_LIST_HEADING = re.compile(
    r"^\s*(participants|speakers|panelists|panellists|panel|moderators?|featuring|"
    r"in attendance)\s*:?\s*$",
    re.I,
)
_COLUMN_WORDS = re.compile(
    r"^\s*(name|participant|speaker|panelist|attendee|who|role|title|position|"
    r"affiliation|organi[sz]ation|institution|agency)s?\s*$",
    re.I,
)
_PERSON = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Amb|Gen|Col|Adm|Sen|Rep|Prof|Hon)\.?\s+)?"
    r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’.\-]*){1,3}$"
)
_LABEL_STYLES = re.compile(r"strong|speaker|label|name", re.I)


def docx_text(data: bytes, *, name: str, seconds: float) -> DocumentText:
    """The body text of a Word file laid out for the text parsers (see the module docstring)."""
    with parse_budget(seconds, name):
        document = _open(data, name)
        styles = _StyleBook()
        lines: list[str] = []
        for number, block in enumerate(document.iter_inner_content()):
            if number % 200 == 0:
                check_budget()
            if hasattr(block, "rows"):
                _add_table(block, lines)
            else:
                line = _paragraph_line(block, styles)
                if line:
                    lines.extend([line, ""])
        text = "\n".join(lines).strip("\n")
        return DocumentText(text=text + "\n" if text else "")


def _open(data: bytes, name: str) -> Any:
    if data.startswith(_OLE_MAGIC):
        raise FormatError(
            "password-protected Word file (or an old .doc named .docx); save an unprotected .docx",
            file=name,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            expanded = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile:
        raise FormatError(
            "corrupt or truncated Word file: not a readable ZIP package", file=name
        ) from None
    if expanded > _MAX_EXPANDED_BYTES:
        raise FormatError(
            f"Word file expands to {expanded:,} bytes, over the limit of "
            f"{_MAX_EXPANDED_BYTES:,}; not read",
            file=name,
        )
    import docx  # imported on first use: most corpora hold no Word files

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on bad packages
        raise FormatError(
            f"corrupt Word file: cannot be opened ({type(exc).__name__})", file=name
        ) from None


class _StyleBook:
    """Name and bold flag of each style, resolved once per style id.

    python-docx resolves ``run.style`` by searching the styles part on every
    access, which dominates the reading time of a long transcript.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str | None], tuple[str | None, bool | None]] = {}

    def of_run(self, run: Any) -> tuple[str | None, bool | None]:
        return self._look(("run", run._r.style), lambda: run.style)

    def of_paragraph(self, paragraph: Any) -> tuple[str | None, bool | None]:
        return self._look(("paragraph", paragraph._p.style), lambda: paragraph.style)

    def _look(
        self, key: tuple[str, str | None], resolve: Any
    ) -> tuple[str | None, bool | None]:
        found = self._seen.get(key)
        if found is None:
            style = resolve()
            found = self._seen[key] = (
                getattr(style, "name", None),
                getattr(getattr(style, "font", None), "bold", None),
            )
        return found


def _paragraph_line(paragraph: Any, styles: _StyleBook) -> str:
    """The paragraph as one line; a bold lead-in becomes a ``NAME: words`` turn label."""
    text = " ".join(paragraph.text.split())
    if not text:
        return ""
    label, rest = _lead_in(paragraph, styles)
    if label and rest:
        return f"{label.rstrip(' .:')}: {rest}"
    return text


def _lead_in(paragraph: Any, styles: _StyleBook) -> tuple[str, str]:
    """(bold words at the start, the rest) when the paragraph opens with a label."""
    head: list[str] = []
    tail: list[str] = []
    for run in paragraph.runs:
        if tail or not _is_label_run(run, paragraph, styles):
            if tail or run.text.strip():
                tail.append(run.text)
            elif head:
                head.append(run.text)
            continue
        head.append(run.text)
    label = " ".join("".join(head).split())
    rest = " ".join("".join(tail).split())
    if not label or not rest:
        return "", ""
    if len(label) > _MAX_LABEL_CHARS or len(label.split()) > _MAX_LABEL_WORDS:
        return "", ""
    # A label runs into its colon ("MR. KIRBY" + ": Thanks"): keep the colon out of the words.
    rest = rest.lstrip(":").lstrip()
    return label, rest


def _is_label_run(run: Any, paragraph: Any, styles: _StyleBook) -> bool:
    """Bold (set on the run, its character style or the paragraph style) or speaker-styled."""
    name, style_bold = styles.of_run(run)
    if name and _LABEL_STYLES.search(name):
        return True
    for bold in (run.bold, style_bold, styles.of_paragraph(paragraph)[1]):
        if bold is not None:
            return bool(bold)
    return False


def _add_table(table: Any, lines: list[str]) -> None:
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    rows = [_unmerged(row) for row in rows if any(row)]
    if not rows:
        return
    header = rows[0]
    named_columns = sum(bool(_COLUMN_WORDS.match(cell)) for cell in header) >= 1 and len(rows) > 1
    body = rows[1:] if named_columns else rows
    people = sum(bool(_PERSON.match(row[0])) for row in body if row)
    if named_columns or (body and 2 * people > len(body)):
        if not (lines and _previous_is_list_heading(lines)):
            lines.extend(["PARTICIPANTS:"])
        for row in body:
            lines.append(", ".join(cell for cell in row if cell))
        lines.append("")
        return
    for row in rows:
        lines.append("; ".join(cell for cell in row if cell))
    lines.append("")


def _previous_is_list_heading(lines: list[str]) -> bool:
    """Turn a preceding 'Participants' paragraph into the 'PARTICIPANTS:' header it is."""
    previous = [i for i, line in enumerate(lines) if line.strip()]
    if not previous:
        return False
    i = previous[-1]
    match = _LIST_HEADING.match(lines[i])
    if not match:
        return False
    lines[i] = f"{match.group(1).upper()}:"
    del lines[i + 1 :]
    return True


def _unmerged(row: list[str]) -> list[str]:
    """Cells of a row, a merged cell (python-docx repeats it) counted once."""
    out: list[str] = []
    for cell in row:
        if not out or cell != out[-1]:
            out.append(cell)
    return out
