"""The terms a passage is indexed under: what was said, plus who said it and where."""

from __future__ import annotations

import collections
import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from ..models import Briefing, Passage
from .columns import PassageColumns
from .sentences import TokenizedText, tokenize_sentences
from .tokenize import tokenize

__all__ = ["CorpusTerms", "FileIndex", "FileTerms", "Gathered", "document_terms",
           "index_file", "tokenize_passages"]


class _Parsed(Protocol):
    """A parse result's briefing and passages (``briefbot.ingest``'s ``ParseResult``)."""

    @property
    def briefing(self) -> Briefing: ...

    @property
    def passages(self) -> tuple[Passage, ...]: ...


def document_terms(
    passage: Passage,
    briefing: Briefing,
    text_terms: Sequence[str] | None = None,
    fields: dict[str, list[str]] | None = None,
) -> list[str]:
    """The terms indexed for a passage.

    Its text, plus the speaker's name (or the label of a non-participant),
    the section heading and the event title. Each of those fields adds each
    of its distinct terms once, so "Berman" or a title word makes a passage
    findable without outweighing what was actually said. ``text_terms``,
    when given, must be ``tokenize(passage.text)`` already computed (it is
    copied, not tokenized again). ``fields``, when given, keeps each field's
    distinct terms for the next passage of the same briefing (the same title,
    speakers and sections come back passage after passage).
    """
    terms = tokenize(passage.text) if text_terms is None else list(text_terms)
    terms += _field_terms(passage, briefing, fields)
    return terms


def _field_terms(
    passage: Passage, briefing: Briefing, fields: dict[str, list[str]] | None
) -> list[str]:
    """The distinct terms of the passage's speaker, section and event title, field by field."""
    terms: list[str] = []
    speaker = briefing.speaker(passage.speaker_id)
    name = speaker.name if speaker is not None else passage.speaker_label
    for field in (name, passage.section, briefing.title):
        if field:
            known = fields.get(field) if fields is not None else None
            if known is None:
                known = list(dict.fromkeys(tokenize(field)))
                if fields is not None:
                    fields[field] = known
            terms += known
    return terms


@dataclasses.dataclass(frozen=True)
class FileTerms:
    """One file's passages tokenized for the index, compact to send between processes.

    Term strings are sent once per file (``vocabulary``); everything else is
    small integer arrays, which pickle as bytes. :meth:`passages` gives back,
    per passage, what :func:`tokenize_sentences` and :func:`document_terms`
    give: (sentence spans, document terms, sentence cuts).
    """

    vocabulary: tuple[str, ...]  # the file's distinct terms
    # Every passage's document terms in turn, as positions in ``vocabulary``.
    ids: np.ndarray
    doc_len: np.ndarray  # per passage: its number of document terms
    sentences: np.ndarray  # per passage: its number of sentences
    spans: np.ndarray  # per sentence: [start, end) in its passage's text
    cuts: np.ndarray  # per sentence: where its terms end among its passage's terms

    def passages(self) -> Iterator[TokenizedText]:
        """(spans, document terms, cuts) of each passage, in order."""
        term_at = self.vocabulary.__getitem__
        ids = self.ids.tolist()
        flat_spans = self.spans.ravel().tolist()
        cuts = self.cuts.tolist()
        start = sentence = 0
        for length, count in zip(self.doc_len.tolist(), self.sentences.tolist(), strict=True):
            end = sentence + count
            spans = list(zip(flat_spans[2 * sentence : 2 * end : 2],
                             flat_spans[2 * sentence + 1 : 2 * end : 2], strict=True))
            yield spans, list(map(term_at, ids[start : start + length])), cuts[sentence:end]
            start += length
            sentence = end


@dataclasses.dataclass(frozen=True)
class FileIndex:
    """What the index keeps of one parsed file: its passages' terms and their columns."""

    terms: FileTerms
    columns: PassageColumns


def index_file(parsed: _Parsed) -> FileIndex:
    """One parsed file made ready for the index where it was parsed (a worker process):
    its passages tokenized (:func:`tokenize_passages`) and stored column-wise."""
    owner = np.zeros(len(parsed.passages), dtype=np.int32)
    return FileIndex(tokenize_passages(parsed),
                     PassageColumns.from_passages(parsed.passages, [parsed.briefing.id], owner))


@dataclasses.dataclass(eq=False)
class Gathered:
    """int32 arrays appended one after the other into one growing buffer.

    Arrays kept per file and joined at the end held their values twice, and
    the small per-file arrays freed after the join stayed in the builder's
    heap (~0.3 GB of term ids, sentence spans and cuts at 1.4M passages).
    """

    buffer: bytearray = dataclasses.field(default_factory=bytearray)

    def append(self, values: np.ndarray) -> None:
        """Add the values of ``values`` (row by row), as int32."""
        self.buffer += memoryview(np.ascontiguousarray(values, dtype=np.int32))

    def take(self) -> np.ndarray:
        """Every value appended, as one int32 array over the buffer (handed over, not copied)."""
        values = np.frombuffer(self.buffer, dtype=np.int32)
        self.buffer = bytearray()
        return values


@dataclasses.dataclass(eq=False)
class CorpusTerms:
    """Files made ready for the index, gathered in corpus order as each arrives.

    Term ids are numbered into one vocabulary by first occurrence, the order
    :meth:`BM25Index.build` numbers terms in; each file's ids are appended to
    the corpus's, so the term strings every worker sent (one set per file) are
    let go at once instead of held to the end. The other arrays of
    :class:`FileTerms` are appended the same way, each to its own buffer.
    """

    # A term looked up for the first time takes the next number (in C: a counter as
    # the default), so the file's vocabulary is numbered by one map over it. Keys in
    # insertion order are the terms by number.
    term_ids: dict[str, int] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(itertools.count().__next__))
    files: int = 0  # files gathered
    ids: Gathered = dataclasses.field(default_factory=Gathered)  # corpus term ids
    doc_len: Gathered = dataclasses.field(default_factory=Gathered)
    sentences: Gathered = dataclasses.field(default_factory=Gathered)
    spans: Gathered = dataclasses.field(default_factory=Gathered)  # [start, end) pairs
    cuts: Gathered = dataclasses.field(default_factory=Gathered)
    # Each file's columns without their text, which is gathered in one growing
    # buffer as files arrive (a text per file, freed when all are joined, would
    # leave the builder's heap that much larger: 650 MB at 1.4M passages).
    columns: list[PassageColumns] = dataclasses.field(default_factory=list)
    text: bytearray = dataclasses.field(default_factory=bytearray)

    def add(self, ready: object) -> None:
        """Gather a :class:`FileIndex` or a :class:`FileTerms` (its ids numbered in the corpus)."""
        terms = ready.terms if isinstance(ready, FileIndex) else ready
        if not isinstance(terms, FileTerms):
            return
        # The file's terms the corpus has not seen yet take the next numbers, in the
        # file's order; one loop in C (this runs while the workers parse).
        local = np.fromiter(map(self.term_ids.__getitem__, terms.vocabulary),
                            dtype=np.int64, count=len(terms.vocabulary))
        # int32 holds any vocabulary: half the memory of the int64 the mapping gives.
        self.ids.append(local.astype(np.int32)[terms.ids])
        self.doc_len.append(terms.doc_len)
        self.sentences.append(terms.sentences)
        self.spans.append(terms.spans)
        self.cuts.append(terms.cuts)
        self.files += 1
        if isinstance(ready, FileIndex):
            self.text += ready.columns.text
            self.columns.append(dataclasses.replace(ready.columns, text=b""))


def tokenize_passages(parsed: _Parsed) -> FileTerms:
    """Every passage of one parsed file tokenized for the index (see :class:`FileTerms`).

    Computed where the file was parsed (a worker process of a large build).
    """
    every: list[str] = []  # every passage's document terms in turn
    doc_len: list[int] = []
    sentences: list[int] = []
    spans: list[int] = []
    cuts: list[int] = []
    briefing = parsed.briefing
    fields: dict[str, list[str]] = {}
    for passage in parsed.passages:
        sentence_spans, text_terms, sentence_cuts = tokenize_sentences(passage.text)
        length = len(every)
        every += text_terms
        every += _field_terms(passage, briefing, fields)  # as document_terms adds them
        doc_len.append(len(every) - length)
        sentences.append(len(sentence_spans))
        spans += itertools.chain.from_iterable(sentence_spans)
        cuts += sentence_cuts
    # Terms numbered by first occurrence, each lookup in C.
    vocabulary = tuple(dict.fromkeys(every))
    position = {term: i for i, term in enumerate(vocabulary)}
    return FileTerms(
        vocabulary=vocabulary,
        ids=np.fromiter(map(position.__getitem__, every), dtype=np.int32, count=len(every)),
        doc_len=np.asarray(doc_len, dtype=np.int32),
        sentences=np.asarray(sentences, dtype=np.int32),
        spans=np.asarray(spans, dtype=np.int32).reshape(-1, 2),
        cuts=np.asarray(cuts, dtype=np.int32),
    )
