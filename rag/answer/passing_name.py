"""A peer named in passing: of a company no document is about, only a passage naming it can say anything.

Abstains, naming it, when the question is asked about a company that documents mention only in passing (a holdings
table's 云南白药) and none of the passages found names it; declines otherwise (the model then reads only those that
do, `Asking.passages`)."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.language import NO_COMPANY_MESSAGES
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    if not asking.passing or asking.passages:
        return None
    held = asking.services.names.held(asking.search.scope)
    return asking.abstain(NO_COMPANY_MESSAGES[asking.language].format(name=asking.passing, held=held))
