"""Run a gold set through the Assistant and aggregate the scores."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from evals.gold import GoldItem, load_gold
from evals.score import ItemResult, score_answer
from rag import Assistant
from rag.generation.llm import describe_llm

RECALL_DEPTHS = (1, 3, 5)
TIMINGS = ("retrieve_s", "first_token_s", "generate_s", "total_s")


@dataclass
class EvalReport:
    """Every item's result and the aggregate metrics over them."""

    gold_files: list[str]
    items: list[ItemResult]
    metrics: dict[str, float] = field(default_factory=dict)
    groups: dict[str, dict[str, float]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    finished_at: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def run_eval(
    assistant: Assistant,
    gold_files: Iterable[Path],
    on_item: Callable[[ItemResult], None] = lambda _: None,
) -> EvalReport:
    """Ask every gold question, score it, and call `on_item` after each (for progress output)."""
    gold_files = list(gold_files)
    assistant.warm_up()  # timings as a user of `caibao ui` sees them, the first question included
    results = []
    for item in (item for path in gold_files for item in load_gold(path)):
        results.append(_run_item(assistant, item))
        on_item(results[-1])
    settings = assistant.settings
    return EvalReport(
        gold_files=[str(path) for path in gold_files],
        items=results,
        metrics=metrics(results),
        groups=group_metrics(results),
        settings={"llm": describe_llm(settings),
                  "embedder": settings.embedder, "top_k": str(settings.top_k),
                  "prompt_budget_tokens": str(settings.prompt_budget_tokens)},
        finished_at=time.strftime("%Y-%m-%d %H:%M:%S"),
    )


def _run_item(assistant: Assistant, item: GoldItem) -> ItemResult:
    retrieved = assistant.retrieve(item.question, top_k=max(RECALL_DEPTHS))
    return score_answer(item, assistant.ask(item.question), retrieved)


def metrics(results: list[ItemResult]) -> dict[str, float]:
    """Headline scores; see docs/evaluation.md for their definitions."""
    answerable = [r for r in results if r.answerable]
    figure_items = [r for r in answerable if r.category == "figure"]
    cited = [r.citation_hit for r in answerable if r.citation_hit is not None]
    scores = {
        "items": float(len(results)),
        "figure_accuracy": share(r.label == "correct" for r in figure_items),
        "calculation_accuracy": share(r.label == "correct" for r in answerable if r.category == "calculation"),
        "answer_accuracy": share(r.label == "correct" for r in results),
        "citation_hit": share(cited),
        # Abstaining is right exactly when the documents do not answer the question.
        "abstention": share(r.abstained != r.answerable for r in results),
        "false_abstention": share(r.abstained for r in answerable),
        "mrr": statistics.fmean(1 / r.evidence_rank if r.evidence_rank else 0.0 for r in answerable) if answerable else 0.0,
    }
    for lang in ("zh", "en"):
        scores[f"figure_accuracy_{lang}"] = share(r.label == "correct" for r in figure_items if r.lang == lang)
    # English questions over Chinese filings should do as well as Chinese ones; a minimum of -0.05 means
    # "within 5 points".
    scores["figure_accuracy_en_minus_zh"] = scores["figure_accuracy_en"] - scores["figure_accuracy_zh"]
    for depth in RECALL_DEPTHS:
        scores[f"recall_at_{depth}"] = share(r.evidence_rank is not None and r.evidence_rank <= depth for r in answerable)
    for name in TIMINGS:
        values = [r.timings[name] for r in results if name in r.timings]
        if values:
            scores[f"{name.removesuffix('_s')}_p50_s"] = percentile(values, 0.50)
            scores[f"{name.removesuffix('_s')}_p95_s"] = percentile(values, 0.95)
    return scores


def group_metrics(results: list[ItemResult]) -> dict[str, dict[str, float]]:
    """Accuracy per category and language, for the report's table and chart."""
    keys = sorted({(r.category, r.lang) for r in results})
    return {
        f"{category}/{lang}": {
            "items": float(len(group)),
            "accuracy": share(r.label == "correct" for r in group),
        }
        for category, lang in keys
        for group in [[r for r in results if (r.category, r.lang) == (category, lang)]]
    }


def share(flags: Iterable[bool]) -> float:
    """The share of true flags; 0.0 for none (the eval's and the bench's recall@k)."""
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


def percentile(values: Iterable[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the eval report's and the bench's); None for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else None
