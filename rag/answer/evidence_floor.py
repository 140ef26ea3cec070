"""The evidence floor: no passage close enough to the question, by meaning or by its words, to answer it from.

Abstains when none of the passages for the model reaches the dense or the keyword floor (`rag.retrieval.retrieve.has_evidence`,
the keyword one scaled to the library's size); declines otherwise."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.retrieval.retrieve import has_evidence
from rag.types import Answer


def answer(asking: Asking) -> Answer | None:
    return None if has_evidence(asking.passages, *asking.services.searcher.floors()) else asking.abstain()
