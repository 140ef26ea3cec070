"""The strategies in the order they are tried: the first that answers (or abstains) gives the Answer, which records
its name; when none does, the model writes the answer from the passages (`generation`).

The order is the policy: refusals that need no search first (a period no document covers), a company no document
mentions before any figure, figures read by code (a table cell, a planned calculation) before the model's, the
evidence floor before the model reads anything."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import ModuleType

from rag.answer import (
    aggregate,
    comparison,
    evidence_floor,
    generation,
    model_formula,
    passing_name,
    planned_calculation,
    table_cell,
    uncovered_period,
    unknown_company,
)
from rag.answer.asking import Asking
from rag.types import Answer

STRATEGIES: tuple[ModuleType, ...] = (
    comparison,
    uncovered_period,
    unknown_company,
    table_cell,
    planned_calculation,
    passing_name,
    evidence_floor,
    model_formula,
    aggregate,
)


def answer_stream(asking: Asking) -> Iterator[str | Answer]:
    """Yield the answer's text in pieces as the model writes it (none when a strategy before it answers), then the
    finished Answer."""
    for strategy in STRATEGIES:
        if (answered := strategy.answer(asking)) is not None:
            yield replace(answered, strategy=strategy_name(strategy))
            return
    for piece in generation.stream(asking):
        yield replace(piece, strategy=strategy_name(generation)) if isinstance(piece, Answer) else piece


def strategy_name(strategy: ModuleType) -> str:
    """How an Answer names the strategy that gave it: its module's name ("table_cell")."""
    return strategy.__name__.rsplit(".", 1)[-1]
