"""A formula the model sets up over the excerpts, computed by code (`rag.calculation.formula`), with its working.

Answers when the question asks a calculation whose result the excerpts do not print, the model names operands that
are in the passages, and the result passes the grounding check; declines otherwise (a printed result is read by the
model: a formula costs 7-30 s more, and is now and then wrong)."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.answer.computed import computed_answer
from rag.calculation.formula import asks_calculation, build_formula_messages, read_formula, states_the_result
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    question, excerpts = asking.question, asking.excerpts
    if not asks_calculation(question) or states_the_result(question, excerpts):
        return None
    reply = asking.services.llm.chat(build_formula_messages(question, excerpts, asking.language)).message.content or ""
    asking.clock.steps["formula_s"] = asking.clock.since_retrieval()
    if not (formula := read_formula(reply)):
        return None
    return computed_answer(asking, formula, [excerpt.passage for excerpt in excerpts])
