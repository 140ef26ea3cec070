"""Runs the benchmark's parts in order and writes the report (`caibao bench`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bench.report import write_results
from bench.section import Section

DEFAULT_OUT = Path("bench")


def run_bench(quick: bool, out: Path = DEFAULT_OUT, parts: tuple[str, ...] = ("ingest", "retrieval", "answer", "filings")) -> list[Path]:
    """Run each part, print its tables as they finish, and write RESULTS.md and the plot into `out`."""
    sections: list[Section] = []
    for name in parts:
        started = time.perf_counter()
        for section in _PARTS[name]()(quick):
            print(section.markdown(), flush=True)
            sections.append(section)
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return write_results(sections, out, "quick" if quick else "full")


def _ingest() -> Callable[[bool], list[Section]]:
    from bench.ingest import run

    return run


def _retrieval() -> Callable[[bool], list[Section]]:
    from bench.retrieval import run

    return run


def _answer() -> Callable[[bool], list[Section]]:
    from bench.answer import run

    return run


def _filings() -> Callable[[bool], list[Section]]:
    from bench.filings import run

    return run


# Imported when run: the answer part loads the LLM, the others only what they measure.
_PARTS: dict[str, Callable[[], Callable[[bool], list[Section]]]] = {
    "ingest": _ingest,
    "retrieval": _retrieval,
    "answer": _answer,
    "filings": _filings,
}
PART_NAMES = tuple(_PARTS)
