"""PDF and Word briefings built in tests, in the layouts their publishers use.

The texts are public-domain documents under ``tests/data/real`` (a GPO hearing,
a White House press briefing); reportlab and python-docx lay them out with
running heads, page numbers, "VerDate" lines and bold turn labels, so the
tests can check that the PDF or Word version reads like the text version.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
HEARING = REAL / "chrg-1997-01-21-gulf-war-syndrome-hearing.htm"
PRESS_BRIEFING = REAL / "wh-2023-06-05-jean-pierre-kirby-briefing.md"

_GPO_LABEL = re.compile(
    r"^((?:Mr|Mrs|Ms|Dr|Chairman|Senator|General|Admiral)\.?\s+[A-Z][A-Za-z'\-]+\.)\s"
)
VERDATE = (
    "VerDate Aug 31 2005 10:24 Mar 12, 2008 Jkt 038711 PO 00000 Frm {page:05d} "
    "Fmt 6633 Sfmt 6633 C:\\DOCS\\38711.TXT SHAUN"
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to set: an optional bold label, then words."""

    text: str
    label: str | None = None
    indent: bool = True
    cells: tuple[str, ...] = ()  # a table line: cells set side by side, not wrapped


def gpo_paragraphs(path: Path = HEARING) -> list[Paragraph]:
    """The paragraphs of a GPO hearing saved as ``<pre>`` text, labels split off."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    body = html.unescape(re.sub(r"<[^>]+>", "", raw.split("<pre>", 1)[1].split("</pre>", 1)[0]))
    paragraphs: list[Paragraph] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = " ".join(" ".join(current).split())
            match = _GPO_LABEL.match(text)
            if match:
                paragraphs.append(Paragraph(text[match.end() :], label=match.group(1)))
            else:
                paragraphs.append(Paragraph(text))
            current.clear()

    for line in body.split("\n"):
        cells = tuple(cell for cell in re.split(r"\s{3,}", line.strip()) if cell)
        if not line.strip():
            flush()
        elif len(cells) > 1 and not line[:1].isspace():
            flush()
            paragraphs.append(Paragraph(" ".join(cells), indent=False, cells=cells))
        elif line[:1].isspace():
            flush()
            current.append(line)
        else:
            current.append(line)
    flush()
    return paragraphs


@dataclass
class PdfLayout:
    """Page set-up of a printed hearing."""

    font: str = "Times-Roman"
    bold: str = "Times-Bold"
    size: float = 11.0
    leading: float = 13.0
    margin: float = 72.0
    first_page: int = 1
    running_title: str | None = "NEW STUDIES OF GULF WAR ILLNESSES"
    verdate: bool = True


def write_pdf(paragraphs: Sequence[Paragraph], layout: PdfLayout | None = None) -> bytes:
    """A born-digital PDF of ``paragraphs``: running head with the page number, VerDate foot."""
    layout = layout or PdfLayout()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=1)
    width, height = letter
    column = width - 2 * layout.margin
    page = layout.first_page
    y = height - layout.margin

    def furniture() -> None:
        pdf.setFont(layout.font, 9)
        number = str(page)
        if page % 2:
            pdf.drawRightString(width - layout.margin, height - 40, number)
        else:
            pdf.drawString(layout.margin, height - 40, number)
        if layout.running_title:
            pdf.drawCentredString(width / 2, height - 40, layout.running_title)
        if layout.verdate:
            pdf.setFont(layout.font, 6)
            pdf.drawString(layout.margin, 24, VERDATE.format(page=page))

    furniture()
    for paragraph in paragraphs:
        if paragraph.cells:
            if y < layout.margin:
                pdf.showPage()
                page += 1
                y = height - layout.margin
                furniture()
            pdf.setFont(layout.font, layout.size)
            for i, cell in enumerate(paragraph.cells[:2]):
                pdf.drawString(layout.margin + i * column / 2, y, cell)
            y -= layout.leading
            continue
        lines = _wrap(paragraph, layout, column)
        for i, (label, words) in enumerate(lines):
            if y < layout.margin:
                pdf.showPage()
                page += 1
                y = height - layout.margin
                furniture()
            x = layout.margin + (18 if i == 0 and paragraph.indent else 0)
            if label:
                pdf.setFont(layout.bold, layout.size)
                pdf.drawString(x, y, label)
                x += stringWidth(label + " ", layout.bold, layout.size)
            pdf.setFont(layout.font, layout.size)
            pdf.drawString(x, y, words)
            y -= layout.leading
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _wrap(
    paragraph: Paragraph, layout: PdfLayout, column: float
) -> list[tuple[str | None, str]]:
    words = paragraph.text.split()
    lines: list[tuple[str | None, str]] = []
    label = paragraph.label
    available = column - 18 if paragraph.indent else column
    if label:
        available -= stringWidth(label + " ", layout.bold, layout.size)
    current: list[str] = []
    for word in words:
        trial = " ".join([*current, word])
        if current and stringWidth(trial, layout.font, layout.size) > available:
            lines.append((label, " ".join(current)))
            label, current, available = None, [word], column
        else:
            current.append(word)
    lines.append((label, " ".join(current)))
    return lines


def draw_pages(
    pages: Sequence[Callable[[canvas.Canvas], None]], **options: object
) -> bytes:
    """A PDF whose pages are drawn by the given functions (for layout details)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=1, **options)
    for draw in pages:
        draw(pdf)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def lines_at(
    pdf: canvas.Canvas, lines: Sequence[str], *, x: float = 72, top: float = 700,
    font: str = "Helvetica", size: float = 11, leading: float = 14,
) -> None:
    """Draw ``lines`` one under the other from ``top``."""
    pdf.setFont(font, size)
    for i, line in enumerate(lines):
        pdf.drawString(x, top - i * leading, line)


def press_briefing_turns(path: Path = PRESS_BRIEFING) -> tuple[str, list[tuple[str | None, str]]]:
    """(title, [(label or None, paragraph)]) of a White House briefing saved as Markdown."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    title = " ".join(str(yaml.safe_load(front)["title"]).split())
    turns: list[tuple[str | None, str]] = []
    for block in re.split(r"\n\s*\n", body):
        text = " ".join(block.split())
        if not text:
            continue
        match = re.match(r"^([A-Z][A-Z.\- ]+[A-Z]\.?):\s+(.*)$", text)
        if match:
            turns.append((match.group(1), match.group(2)))
        elif re.match(r"^Q[\s\u00a0]", block):
            turns.append(("Q", text[1:].strip()))
        else:
            turns.append((None, text))
    return title, turns


def write_docx(
    title: str,
    turns: Sequence[tuple[str | None, str]],
    *,
    participants: Sequence[tuple[str, str, str]] = (),
    header: str | None = None,
    footer: str | None = None,
    comment: str | None = None,
) -> bytes:
    """A Word read-out: title, optional participant table, turns with bold labels."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    if participants:
        document.add_paragraph("Participants")
        table = document.add_table(rows=1, cols=3)
        for cell, name in zip(table.rows[0].cells, ("Name", "Title", "Organization"), strict=True):
            cell.text = name
        for row in participants:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    for i, (label, words) in enumerate(turns):
        paragraph = document.add_paragraph()
        if label:
            paragraph.add_run(f"{label}:").bold = True
            paragraph.add_run(" ")
        run = paragraph.add_run(words)
        if comment and i == 0:
            document.add_comment(run, text=comment, author="Staff", initials="S")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
