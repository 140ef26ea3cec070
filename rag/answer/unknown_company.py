"""A company no document mentions: never another company's figure for the one asked; say whom, and what there is.

Abstains when nothing restricts the search to one company and the question is asked about a name no document
mentions, in either language (`LibraryNames.unknown_subject`, "比亚迪", "Tesla"); declines otherwise."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.language import NO_COMPANY_MESSAGES
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    names, search = asking.services.names, asking.search
    if not asking.unrestricted or not (name := names.unknown_subject(asking.question, search.query)):
        return None
    return asking.abstain(NO_COMPANY_MESSAGES[asking.language].format(name=name, held=names.held(search.scope)))
