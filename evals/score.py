"""Scoring one answer against its gold item: correct / incorrect / abstained, FinanceBench-style."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.gold import GoldItem
from ingest.figures import Figure, extract_figures, matches_any, parse_figure
from rag import Answer, Passage
from rag.citations import strip_markers
from rag.verify import check_grounding

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ItemResult:
    """How one gold item fared; `reasons` says why an answer was judged incorrect."""

    id: str
    question: str
    lang: str
    category: str
    answerable: bool
    abstained: bool
    label: str  # "correct", "incorrect" or "abstained" (an answerable question left unanswered)
    answer: str
    reasons: tuple[str, ...]
    citation_hit: bool | None  # None where it does not apply (unanswerable, abstained, no evidence)
    evidence_rank: int | None  # 1-based rank of the first retrieved passage holding the evidence
    timings: dict[str, float]


def score_answer(item: GoldItem, answer: Answer, retrieved: list[Passage]) -> ItemResult:
    """Label `answer`, check its citations against the evidence, and rank the evidence among `retrieved`."""
    reasons = _reasons(item, answer)
    if answer.abstained:
        label = "correct" if not item.answerable else "abstained"
    else:
        label = "incorrect" if reasons else "correct"
    return ItemResult(
        id=item.id,
        question=item.question,
        lang=item.lang,
        category=item.category,
        answerable=item.answerable,
        abstained=answer.abstained,
        label=label,
        answer=answer.text,
        reasons=tuple(reasons),
        citation_hit=_citation_hit(item, answer),
        evidence_rank=_evidence_rank(item, retrieved),
        timings=dict(answer.timings),
    )


def _reasons(item: GoldItem, answer: Answer) -> list[str]:
    if answer.abstained:
        return []
    if not item.answerable:
        return ["answered a question the documents do not answer"]
    text = strip_markers(answer.text)
    stated = extract_figures(text)
    reasons = [f"missing figure {gold}" for gold in item.figures if not _states(gold, text, stated)]
    reasons += [f"missing phrase {phrase}" for phrase in item.key_phrases if not _contains(text, phrase)]
    sources = {citation.marker: citation.text for citation in answer.citations}
    reasons += [f"figure {figure} is in no cited passage" for figure in check_grounding(answer.text, sources, item.question).figures]
    return reasons


def _states(gold: str, text: str, stated: list[Figure]) -> bool:
    """Whether the answer states the gold figure; one written without digits ("十年") must appear as written."""
    try:
        expected = parse_figure(gold)
    except ValueError:
        return _contains(text, gold)
    return matches_any(expected, stated)


def _contains(text: str, phrase: str) -> bool:
    return _SPACE.sub("", phrase).lower() in _SPACE.sub("", text).lower()


def _citation_hit(item: GoldItem, answer: Answer) -> bool | None:
    if not item.answerable or answer.abstained or not item.evidence:
        return None
    return any(item.evidence in citation.text for citation in answer.citations)


def _evidence_rank(item: GoldItem, retrieved: list[Passage]) -> int | None:
    if not item.evidence:
        return None
    return next((passage.rank for passage in retrieved if item.evidence in passage.chunk.text), None)
