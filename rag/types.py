"""Typed results of the public API: passages, citations and answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest import ChunkRecord, Fact
from store.scope import Scope


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk; `rank` is its 1-based place after fusion, `score` the fused score.

    `dense_score` (cosine similarity) and `keyword_score` (BM25) are None when that retriever missed it.
    """

    chunk: ChunkRecord
    score: float
    rank: int
    dense_score: float | None = None
    keyword_score: float | None = None


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation, given to `Assistant.ask` so follow-ups keep their context."""

    question: str
    answer: str


@dataclass(frozen=True)
class Quote:
    """A sentence of a cited passage that the answer used: `document_text[char_start:char_end] == text`."""

    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Citation:
    """Passage `[marker]` as the answer cited it, with where it sits in its source document.

    `quotes` are the passage's sentences that the citing claims used, in document order; empty when no
    sentence states a claim's figures or shares enough of its words. The scores are the passage's (`Passage`).
    `page` is the 1-based page the passage starts on, None for sources without pages; `section` the headings
    above it ("第二节 公司简介和主要财务指标 › 七、近三年主要会计数据和财务指标"), "" when the source has none.
    """

    marker: int
    title: str
    source: str
    doc_id: str
    chunk_id: str
    char_start: int
    char_end: int
    text: str
    score: float
    quotes: tuple[Quote, ...] = ()
    dense_score: float | None = None
    keyword_score: float | None = None
    page: int | None = None
    section: str = ""

    @classmethod
    def of(cls, marker: int, passage: Passage, quotes: tuple[Quote, ...] = ()) -> Citation:
        chunk = passage.chunk
        return cls(
            marker=marker,
            title=chunk.title,
            source=chunk.source,
            doc_id=chunk.doc_id,
            chunk_id=chunk.chunk_id,
            char_start=chunk.char_start,
            char_end=chunk.char_end,
            text=chunk.text,
            score=passage.score,
            quotes=quotes,
            dense_score=passage.dense_score,
            keyword_score=passage.keyword_score,
            page=chunk.page,
            section=chunk.section,
        )


@dataclass(frozen=True)
class Operand:
    """A figure a derived one is computed from: `text` as the passage `[marker]` prints it ("42,959 million"),
    `name` what it is ("Operating income (Year Ended June 30, 2018)")."""

    name: str
    text: str
    marker: int = 1


@dataclass(frozen=True)
class Derived:
    """A figure caibao computed rather than read (`rag.calculation.calculate`): `result` as the answer prints it ("+22.5%"),
    `value` unrounded, equal to `expression` ("(42959 - 35058) / 35058 * 100") over the `operands`' numbers.
    `kind` says what was computed: "difference", "growth" (percent) or "change" (percentage points)."""

    kind: str
    expression: str
    operands: tuple[Operand, ...]
    result: str
    value: float


@dataclass(frozen=True)
class Answer:
    """What `Assistant.ask` returns. `abstained` means the documents did not hold the answer.

    `verified` is False when a figure could not be found in the passage its sentence cites, even after one
    retry; those sentences are removed from `text` and their figures listed in `unsupported_figures`.
    `standalone_question` is what was searched for: a follow-up rewritten with its conversation's context;
    `scope` the company/period the search was restricted to (empty when none).
    `facts` are the table cells a lookup read the answer from, the asked one first (`rag.calculation.lookup`): its figures
    are the filing's own, copied by code, not by the model; empty when the model wrote the answer from passages.
    `derived` are the figures of `text` computed from cited ones (a change on the year before), with their working.
    `strategy` names the way it was answered (`rag.answer.sequence`: "table_cell", "generation", …).
    """

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    language: str
    timings: dict[str, float] = field(default_factory=dict)
    verified: bool = True
    unsupported_figures: tuple[str, ...] = ()
    standalone_question: str = ""
    scope: Scope = field(default_factory=Scope)
    facts: tuple[Fact, ...] = ()
    derived: tuple[Derived, ...] = ()
    strategy: str = ""
