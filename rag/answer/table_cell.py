"""A table cell: the figure read by code from the row and column the question names (`rag.calculation.lookup`), its row cited.

Answers when a lookup finds the cell and it answers the whole question (a change asked too needs the cell of the
year before or a change column; a calculation needs the printed result, not an operand), and the answer passes the
grounding check; declines otherwise (the cell then leads the passages the model reads)."""

from __future__ import annotations

from ingest.facts import compares_periods
from rag.answer.asking import Asking
from rag.calculation.formula import asks_calculation, names_calculation
from rag.calculation.lookup import FactAnswer, answer_text, asks_change
from rag.checks.verify import check_grounding
from rag.types import Answer, Passage


def answer(asking: Asking) -> Answer | None:
    if not (found := asking.found) or not _answers(found, asking.question):
        return None
    cited = next(passage for passage in asking.search.pool if passage.chunk.chunk_id == found.fact.chunk_id)
    passages = [Passage(cited.chunk, cited.score, 1, cited.dense_score, cited.keyword_score)]
    text = answer_text(found, asking.language)
    derived = found.derived(asking.language)
    if not check_grounding(text, {1: cited.chunk.text}, asking.question, derived).ok:
        return None
    return asking.answer(text, passages, scope=asking.search.scope, facts=found.facts, derived=derived)


def _answers(found: FactAnswer, question: str) -> bool:
    """Whether the lookup `found` answers all of `question`. A calculation is answered by cells only when one is the
    figure asked, printed (a row "毛利率" for "毛利率是多少？"), or it asks a change that a change column or the cell
    of the year before gives; not by an operand of it ("Other" for "the sum of Other and Total")."""
    if not found.complete or not asks_calculation(question):
        return found.complete
    names = " ".join(f"{fact.label} {fact.header}" for fact in found.facts)
    changes = found.prior is not None or any(compares_periods(fact.header) for fact in found.companions)
    return names_calculation(names, question) or (changes and asks_change(question))
