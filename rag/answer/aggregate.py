"""An average, a sum or a difference no formula over cited figures computed: said so rather than answered freely.

Abstains when the question asks such an aggregate (reached only when no calculation before it answered); declines
otherwise. On TAT-QA dev the model's free answer to one was wrong 9 times in 12: a year's figure as the average."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.calculation.formula import asks_aggregate
from rag.language import NOT_COMPUTED_MESSAGES
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    return asking.abstain(NOT_COMPUTED_MESSAGES[asking.language]) if asks_aggregate(asking.question) else None
