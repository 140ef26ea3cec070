"""Comparison: two held companies' figure, each from its own documents, then which is higher and by how much.

Answers when the caller named no company and the question compares two or more companies the library holds ("茅台和
苹果谁的营业利润更高？"); declines otherwise. Abstains when the composed answer does not pass the grounding check."""

from __future__ import annotations

from rag.answer.asking import Asking
from rag.calculation.compare import compose, side_of, side_question
from rag.checks.verify import check_grounding
from rag.retrieval.names import split_subjects
from rag.retrieval.scoping import company_names
from rag.types import Answer, Passage
from store.scope import Scope


def answer(asking: Asking) -> Answer | None:
    if asking.company or len(companies := asking.services.names.companies_compared(asking.question)) < 2:
        return None
    services, question, language = asking.services, asking.question, asking.language
    documents = services.library.documents()
    names = company_names(documents) | set(split_subjects(question))
    sides = []
    for company in companies[:2]:
        side = services.answer_alone(side_question(question, sorted(names), company, language), company, asking.period)
        periods = sorted({d.period for d in documents if d.company == company and d.period})
        sides.append(side_of(company, side, ", ".join(periods)))
    text, derived = compose(sides, language)
    cited = [side.citation for side in sides if side.citation is not None]
    chunks = services.library.chunks([citation.chunk_id for citation in cited])
    passages = [Passage(chunks[c.chunk_id], c.score, n, c.dense_score, c.keyword_score) for n, c in enumerate(cited, 1)]
    # The sides' periods ("2023Q2") are the library's metadata, named like the question's own years: no passage
    # need print them.
    labelled = " ".join([question, *(side.period for side in sides)])
    if not check_grounding(text, {n: p.chunk.text for n, p in enumerate(passages, 1)}, labelled, derived).ok:
        return asking.abstain(scope=Scope())
    return asking.answer(text, passages, abstained=not passages, derived=derived)
