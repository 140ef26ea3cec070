"""A calculation planned by code over table cells (`rag.calculation.plan`): operation from the wording, rows by name, columns by
period; operands cited, working shown.

Answers when the question asks a calculation of a shape the planner knows, its rows and columns are found among the
tables searched, and the result passes the grounding check; declines otherwise."""

from __future__ import annotations

from dataclasses import replace

from rag.answer.asking import Asking
from rag.answer.computed import computed_answer
from rag.calculation.formula import asks_calculation
from rag.calculation.plan import plan_calculation
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    question, tables, query = asking.question, asking.tables, asking.search.query
    if not asks_calculation(question) or tables is None:
        return None
    settings = asking.services.settings
    # A translated question names rows in the model's words ("operating profit"): only as well as a lookup needs.
    min_score = settings.plan_min_score if query == question else settings.fact_min_score
    plan = plan_calculation(query, tables.facts, tables.periods, tables.names, tables.vocabulary, min_score, asked_as=question)
    if not plan:
        return None
    chunk_ids = list(dict.fromkeys(fact.chunk_id for fact in plan.operands))
    by_chunk = {passage.chunk.chunk_id: passage for passage in asking.search.pool}
    passages = [replace(by_chunk[chunk_id], rank=marker) for marker, chunk_id in enumerate(chunk_ids, start=1)]
    return computed_answer(asking, plan.formula(chunk_ids, asking.language), passages, plan.operands)
