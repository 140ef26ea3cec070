"""Evaluation: gold questions with known figures, scored answers, reports and CI thresholds."""

from pathlib import Path

from evals.gold import GoldItem, load_gold
from evals.runner import EvalReport, run_eval
from evals.score import ItemResult, score_answer

SAMPLE_GOLD = Path(__file__).resolve().parent / "gold" / "alibaba_fy2025q3_article.jsonl"
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "data" / "samples" / "alibaba_fy2025q3_article.txt"
# Real filings (PDFs, kept outside the repository) and the gold questions over them, pinned to file and page.
FILINGS_GOLD = Path(__file__).resolve().parent / "gold" / "filings.jsonl"
FILINGS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "filings"

__all__ = [
    "FILINGS_DIR",
    "FILINGS_GOLD",
    "SAMPLE_CORPUS",
    "SAMPLE_GOLD",
    "EvalReport",
    "GoldItem",
    "ItemResult",
    "load_gold",
    "run_eval",
    "score_answer",
]
