"""Writing an EvalReport as JSON, Markdown, a PNG chart and a terminal table; checking CI thresholds."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from evals.runner import EvalReport
from evals.score import ItemResult

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
HEADLINE = ("figure_accuracy", "citation_hit", "abstention", "answer_accuracy", "recall_at_3", "mrr")
_LABEL_MARKS = {"correct": "✓", "incorrect": "✗", "abstained": "∅"}


def write_report(report: EvalReport, out_dir: Path) -> list[Path]:
    """report.json, report.md and scores.png in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "scores.png"]
    paths[0].write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    _chart(report, paths[2])
    return paths


def item_line(result: ItemResult) -> str:
    """One terminal line per item: label, citation hit, evidence rank, total seconds, id, question."""
    cite = {True: "cite✓", False: "cite✗", None: "     "}[result.citation_hit]
    rank = f"r{result.evidence_rank}" if result.evidence_rank else "r-"
    total = result.timings.get("total_s", 0.0)
    return f"{_LABEL_MARKS[result.label]} {result.label:9} {cite} {rank:3} {total:5.1f}s {result.id:12} {result.question[:40]}"


def summary_table(report: EvalReport) -> str:
    rows = [f"{name:22} {_format(name, report.metrics[name])}" for name in report.metrics]
    groups = [f"{name:22} {scores['accuracy']:.0%} of {scores['items']:.0f}" for name, scores in report.groups.items()]
    return "\n".join(["metric                 value", *rows, "", "group                  accuracy", *groups])


def markdown(report: EvalReport) -> str:
    lines = [
        "# caibao evaluation report",
        "",
        f"Gold: {', '.join(report.gold_files)} · {report.finished_at} · "
        + ", ".join(f"{key}: {value}" for key, value in report.settings.items()),
        "",
        "| metric | value |",
        "|---|---|",
        *(f"| {name} | {_format(name, value)} |" for name, value in report.metrics.items()),
        "",
        "| category/lang | items | accuracy |",
        "|---|---|---|",
        *(f"| {name} | {scores['items']:.0f} | {scores['accuracy']:.0%} |" for name, scores in report.groups.items()),
        "",
        "## Items not answered correctly",
        "",
        "| id | label | question | answer | why |",
        "|---|---|---|---|---|",
    ]
    for result in report.items:
        if result.label != "correct":
            cells = [result.id, result.label, result.question, result.answer, "; ".join(result.reasons)]
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def failed_thresholds(report: EvalReport, path: Path = THRESHOLDS) -> list[str]:
    """Each metric below its minimum in `path`, as 'name 0.91 < 0.95'."""
    return below_minimums(report.metrics, path)


def below_minimums(metrics: dict[str, float], path: Path) -> list[str]:
    """Each of `metrics` below its minimum in the TOML file `path` (a metric missing counts as 0)."""
    minimums = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        f"{name} {metrics.get(name, 0.0):.3f} < {minimum:.3f}"
        for name, minimum in minimums.items()
        if metrics.get(name, 0.0) < minimum
    ]


def _format(name: str, value: float) -> str:
    if name == "items":
        return f"{value:.0f}"
    return f"{value:.2f} s" if name.endswith("_s") else f"{value:.1%}"


def _chart(report: EvalReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    headline = [name for name in HEADLINE if name in report.metrics]
    left.barh(headline, [report.metrics[name] for name in headline], color="#2f6f9f")
    left.set_xlim(0, 1)
    left.set_title("headline scores")
    left.invert_yaxis()
    names = list(report.groups)
    right.barh(names, [report.groups[name]["accuracy"] for name in names], color="#9f6f2f")
    right.set_xlim(0, 1)
    right.set_title("accuracy by category / language")
    right.invert_yaxis()
    for axis in (left, right):
        for bar in axis.patches:
            axis.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2, f"{bar.get_width():.0%}", va="center")
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
