"""A year no document covers: never another period's figure for the one asked; say which is missing and what there is.

Abstains when the caller gave no period and the question asks of a year (or quarter) that none of the scope's
company's documents reports on (`LibraryNames.uncovered_period`); declines otherwise. Runs before any search."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.language import NO_PERIOD_MESSAGES
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    names = asking.services.names
    if asking.period or not (missing := names.uncovered_period(asking.question, asking.scope)):
        return None
    shown = f"{missing}年" if asking.language == "zh" and missing.isdigit() else missing
    return asking.abstain(NO_PERIOD_MESSAGES[asking.language].format(period=shown, held=names.held(asking.scope)))
