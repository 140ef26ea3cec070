"""Prints where the gold questions and off-topic probes score with each retriever, to set the evidence floors."""

from __future__ import annotations

import argparse
from pathlib import Path

from evals import SAMPLE_CORPUS, SAMPLE_GOLD
from evals.gold import load_gold
from rag import Assistant, Settings
from rag.retrieval.retrieve import best_scores

# Questions no filing answers; the floors should turn all of them away before the LLM is asked.
OFF_TOPIC_PROBES = (
    "今天北京天气怎么样？",
    "如何做红烧肉？",
    "讲个笑话",
    "世界杯冠军是谁？",
    "阿斯顿发生地方",
    "What is the capital of France?",
    "How do I bake sourdough bread?",
)


def top_scores(assistant: Assistant, question: str) -> tuple[float, float]:
    return best_scores(assistant.retrieve(question))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=SAMPLE_GOLD)
    parser.add_argument("--corpus", type=Path, default=SAMPLE_CORPUS)
    parser.add_argument("--home", type=Path, default=Path("build/calibrate"))
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(home=args.home))
    assistant.ingest([args.corpus])
    rows = [(*top_scores(assistant, item.question), "answerable" if item.answerable else "unanswerable", item.id)
            for item in load_gold(args.gold)]
    rows += [(*top_scores(assistant, probe), "off-topic", probe) for probe in OFF_TOPIC_PROBES]
    for dense, keyword, kind, name in sorted(rows):
        print(f"{dense:.3f}  {keyword:6.2f}  {kind:12s}  {name}")
    answerable = [(dense, keyword) for dense, keyword, kind, _ in rows if kind == "answerable"]
    off_topic = [(dense, keyword) for dense, keyword, kind, _ in rows if kind == "off-topic"]
    print(f"answerable: dense ≥ {min(d for d, _ in answerable):.3f}, keyword ≥ {min(k for _, k in answerable):.2f}")
    print(f"off-topic:  dense ≤ {max(d for d, _ in off_topic):.3f}, keyword ≤ {max(k for _, k in off_topic):.2f}")


if __name__ == "__main__":
    main()
