"""PDF text libraries side by side: text quality on real and built PDFs, and speed.

    python -m bench.pdf_libraries [--real DIR] [--pages 300] [--json]

Compares pypdfium2, pdfplumber and pypdf (each library's plain text, page by
page) and briefbot's reader (pypdfium2 characters + ``ingest.pdf`` layout) on

* the scanned court filings of ``tests/data/real`` (OCR text layer): share of
  the GOLD sample turns whose words appear in the text, and share of turn
  labels (``[MR. GEORGE]:``) that open a line;
* a born-digital GPO hearing built with reportlab from the public-domain
  ``<pre>`` text, in its printed layout (running head with page number,
  running title, VerDate line, bold labels): share of the source's five-word
  sequences found in the text (reading order, words intact) and number of
  page-furniture lines left in it;
* a page of layout traps: two columns, ligature glyphs, a spaced ligature
  break, words hyphenated at line ends: share of the expected phrases found;
* speed: seconds to read a 300-page hearing PDF, one process (pin it to one
  core with ``taskset -c 0``).

pdfplumber, pypdf and reportlab are in the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "ingest"))

from built_documents import (  # noqa: E402 - test helpers, found through the path above
    REAL,
    draw_pages,
    gpo_paragraphs,
    lines_at,
    write_pdf,
)

Reader = Callable[[bytes], str]

_FURNITURE = re.compile(r"^\s*(?:VerDate|NEW STUDIES OF GULF WAR ILLNESSES|\d{1,4}\s*$)")


def read_pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        out = []
        for page in document:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return "\n".join(out)
    finally:
        document.close()


def read_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def read_pypdf(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def read_briefbot(data: bytes) -> str:
    from briefbot.ingest.pdf import pdf_text

    return pdf_text(data, name="bench.pdf", seconds=600).text


READERS: dict[str, Reader] = {
    "pypdfium2": read_pypdfium2,
    "pdfplumber": read_pdfplumber,
    "pypdf": read_pypdf,
    "briefbot (pypdfium2 + layout)": read_briefbot,
}


def _norm(text: str) -> str:
    text = text.replace("\x02", "-").replace("\u2019", "'")
    return " ".join(text.split()).casefold()


_SPECKS = {"fo", "fo:", "th<", "De:", "a*", "a", "*", "tni", "be", "G<"}


def specks(text: str) -> int:
    """Lines opening with an OCR speck from the left margin of the George filing."""
    return sum(
        bool(line.split()) and line.split()[0] in _SPECKS for line in text.split("\n")
    )


def real_scores(text: str, gold: dict) -> tuple[int, int, int, int]:
    """(turn words found, turns, labels opening a line, labels)."""
    flat = _norm(text)
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    found = sum(_norm(turn["contains"]) in flat for turn in gold["turns"])
    labels = {turn["label"] for turn in gold["turns"]}
    opening = sum(any(line.startswith(label) for line in lines) for label in labels)
    return found, len(gold["turns"]), opening, len(labels)


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[\w'’]+", text.casefold())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def hearing_scores(text: str, source: set[tuple[str, ...]]) -> tuple[float, int]:
    """(share of source 5-word sequences found, furniture lines left)."""
    got = shingles(text)
    furniture = sum(bool(_FURNITURE.match(line)) for line in text.split("\n"))
    return len(source & got) / len(source), furniture


TRAPS_EXPECTED = [
    "the financial office held the floor",
    "a floor vote in the office",
    "the committee will reconvene after the recess",
    "argument here left column sentence 1 continues",
    "argument there right column sentence 1 answers",
]


def traps_pdf() -> bytes:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    vera = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
    pdfmetrics.registerFont(TTFont("Vera", vera))

    def page(pdf) -> None:
        lines_at(pdf, ["The \ufb01nancial of\ufb01ce held the \ufb02oor."], font="Vera", top=740)
        lines_at(pdf, ["A f loor vote in the of fice; the office staff agreed."], top=720)
        lines_at(pdf, ["The committee will recon-", "vene after the recess."], top=700)
        left = [f"Left column sentence {i} continues the argument here." for i in range(20)]
        right = [f"Right column sentence {i} answers the argument there." for i in range(20)]
        lines_at(pdf, left, x=54, top=640, size=9, leading=11)
        lines_at(pdf, right, x=316, top=640, size=9, leading=11)

    return draw_pages([page])


def trap_score(text: str) -> tuple[int, int]:
    flat = " ".join(re.findall(r"[\w'’]+", _norm(text)))
    return sum(" ".join(re.findall(r"[\w'’]+", want)) in flat for want in TRAPS_EXPECTED), len(
        TRAPS_EXPECTED
    )


def long_hearing(pages: int) -> bytes:
    """The hearing repeated until the PDF has at least ``pages`` pages."""
    paragraphs = gpo_paragraphs()
    data = write_pdf(paragraphs)
    repeat = 1
    import pypdfium2 as pdfium

    while len(pdfium.PdfDocument(data)) < pages:
        repeat += 1
        data = write_pdf(paragraphs * repeat)
    return data


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_1_5_15": load,
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    gold = {e["file"]: e for e in json.loads((args.real / "GOLD.json").read_text())}
    pdfs = sorted(p for p in args.real.glob("*.pdf") if p.name in gold)
    hearing = write_pdf(gpo_paragraphs())
    source = shingles(" ".join(
        f"{p.label or ''} {p.text}" if not p.cells else " ".join(p.cells)
        for p in gpo_paragraphs()
    ))
    traps = traps_pdf()
    big = long_hearing(args.pages)
    import pypdfium2 as pdfium

    big_pages = len(pdfium.PdfDocument(big))
    report: dict[str, object] = {"machine": machine(), "big_pages": big_pages, "libraries": {}}
    for name, read in READERS.items():
        row: dict[str, object] = {}
        found = total = opening = labels = left = 0
        rejoined = False
        for path in pdfs:
            text = read(path.read_bytes())
            f, t, o, lab = real_scores(text, gold[path.name])
            found, total, opening, labels = found + f, total + t, opening + o, labels + lab
            if "george" in path.name:
                left = specks(text)
                rejoined = "are realleged and incorporated" in _norm(text)
        row["real_turns"] = [found, total]
        row["george_margin_specks"] = left
        row["george_realleged_rejoined"] = rejoined
        row["real_labels_open_line"] = [opening, labels]
        share, furniture = hearing_scores(read(hearing), source)
        row["hearing_5gram_recall"] = round(share, 4)
        row["hearing_furniture_lines"] = furniture
        row["traps"] = list(trap_score(read(traps)))
        start = time.perf_counter()
        read(big)
        row["seconds_big"] = round(time.perf_counter() - start, 2)
        report["libraries"][name] = row  # type: ignore[index]
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"machine: {report['machine']}")
    print(f"speed PDF: {big_pages} pages, {len(big):,} bytes")
    print("| library | real turns found | labels opening a line | margin specks (George) "
          "| 're-/alleged' joined | hearing 5-gram recall | furniture lines left "
          "| layout traps | s for the long PDF |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, row in report["libraries"].items():  # type: ignore[union-attr]
        print(
            f"| {name} | {row['real_turns'][0]}/{row['real_turns'][1]} "
            f"| {row['real_labels_open_line'][0]}/{row['real_labels_open_line'][1]} "
            f"| {row['george_margin_specks']} "
            f"| {'yes' if row['george_realleged_rejoined'] else 'no'} "
            f"| {row['hearing_5gram_recall']:.1%} | {row['hearing_furniture_lines']} "
            f"| {row['traps'][0]}/{row['traps'][1]} | {row['seconds_big']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
