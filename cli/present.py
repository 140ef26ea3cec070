"""What the command line prints: an answer's numbered sources, and progress bars while files are ingested."""

from __future__ import annotations

import sys
import textwrap
from typing import Self

from tqdm import tqdm

from ingest import IngestProgress
from rag import Answer
from rag.calculation.calculate import working

_QUOTE_WIDTH = 100


def format_sources(answer: Answer) -> str:
    """The numbered sources under an answer, each with the sentences it was cited for, the table cells a lookup
    read it from, then the timings."""
    lines = []
    if answer.citations:
        lines.append("\nSources")
    for citation in answer.citations:
        # The exact sentences used when they were found; the whole passage otherwise.
        spans = [(quote.char_start, quote.char_end, quote.text) for quote in citation.quotes]
        spans = spans or [(citation.char_start, citation.char_end, citation.text)]
        page = f", p. {citation.page}" if citation.page is not None else ""
        lines.append(f"[{citation.marker}] {citation.title}{page} — {citation.source}")
        if citation.section:
            lines.append(textwrap.indent(textwrap.fill(f"§ {citation.section}", _QUOTE_WIDTH), "    "))
        for start, end, text in spans:
            quote = f"chars {start}-{end}: " + " ".join(text.split())
            lines.append(textwrap.indent(textwrap.fill(quote, _QUOTE_WIDTH), "    "))
    if answer.facts:
        # The figures were copied from these cells by code, not written by the model.
        lines.append("\nRead from the table")
        lines += [f"    {fact.label} | {fact.header}: {fact.value}" for fact in answer.facts]
    if answer.derived:
        # Computed by code from the cited cells, and recomputed by the grounding check.
        lines.append("\nComputed")
        lines += [f"    {working(derived)}" for derived in answer.derived]
    timings = ", ".join(f"{name.removesuffix('_s')} {seconds:.2f} s" for name, seconds in answer.timings.items())
    lines.append(f"\n({timings})")
    return "\n".join(lines)


def format_debug(answer: Answer) -> str:
    """How `answer` came about: the strategy that gave it (`rag.answer.sequence`), the question as searched (a
    follow-up stands alone) and the company and period it was asked of."""
    scope = " ".join(filter(None, (answer.scope.company, answer.scope.period))) or "the whole library"
    return f"strategy: {answer.strategy or '-'}\nsearched: {answer.standalone_question}\nscope: {scope}"


class PhaseBars:
    """One tqdm bar (count, rate, ETA) per phase of a file's ingest: pages read, then chunks embedded."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._bar: tqdm | None = None
        self._phase = ""

    def show(self, progress: IngestProgress) -> None:
        if self._bar is None or progress.phase != self._phase:
            self.close()
            self._phase = progress.phase
            self._bar = tqdm(total=progress.total, desc=f"{self._label} {progress.phase}", unit=progress.unit,
                             file=sys.stderr)  # fmt: skip
        self._bar.update(progress.done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
