"""How far one file's ingest has got, by phase, so a long filing's progress bar moves while it is read and embedded."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestProgress:
    """`done` of `total` `unit`s of one phase ("reading" pages, "embedding" chunks), `elapsed_s` into it."""

    phase: str
    unit: str
    done: int
    total: int
    elapsed_s: float

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the rate so far; None before the first unit is done."""
        if self.done <= 0 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (self.total - self.done) / self.done


ProgressCallback = Callable[[IngestProgress], None]


class PhaseProgress:
    """Reports one phase to `callback` (none: reports nothing): 0 of `total` at once, then each `update`."""

    def __init__(self, callback: ProgressCallback | None, phase: str, unit: str, total: int) -> None:
        self._callback = callback
        self._phase, self._unit, self._total = phase, unit, total
        self._started = time.perf_counter()
        self.update(0)

    def update(self, done: int) -> None:
        if self._callback is not None:
            elapsed = time.perf_counter() - self._started
            self._callback(IngestProgress(self._phase, self._unit, done, self._total, elapsed))
