"""An answer computed by code from a formula over cited passages, with its working (`rag.calculation.formula.calculate`)."""

from __future__ import annotations

from ingest import Fact
from rag.answer.asking import Asking
from rag.calculation.formula import Formula, calculate
from rag.checks.verify import check_grounding
from rag.types import Answer, Passage


def computed_answer(asking: Asking, formula: Formula, passages: list[Passage], facts: tuple[Fact, ...] = ()) -> Answer | None:
    """The answer `formula` computes over `passages` (numbered from 1), its every operand located in its passage
    and the result recomputed by the grounding check; None when any of that fails."""
    calculation = calculate(formula, passages, asking.question, asking.language)
    if not calculation:
        return None
    derived = tuple(filter(None, [calculation.derived]))
    sources = {marker: passage.chunk.text for marker, passage in enumerate(passages, start=1)}
    if not check_grounding(calculation.text, sources, asking.question, derived).ok:
        return None
    # Written whole by code: its first token is its last.
    asking.clock.steps["first_token_s"] = asking.clock.elapsed()
    return asking.answer(calculation.text, passages, scope=asking.search.scope, facts=facts, derived=derived)
