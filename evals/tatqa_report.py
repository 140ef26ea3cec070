"""Writing a TatqaReport as JSON, Markdown and a terminal summary; checking it against evals/thresholds_tatqa.toml."""

from __future__ import annotations

import json
from pathlib import Path

from evals.report import below_minimums
from evals.tatqa import TatqaItem, TatqaReport

THRESHOLDS_TATQA = Path(__file__).resolve().parent / "thresholds_tatqa.toml"
_COUNTS = ("items", "derived", "unrecomputed")
_METRIC_NOTE = (
    "EM and F1 are TAT-QA's (evals/tatqa_metric.py): answers compared with their scale applied; for arithmetic and "
    "count questions F1 is EM."
)


def write_tatqa_report(report: TatqaReport, out_dir: Path) -> list[Path]:
    """report.json and report.md in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md"]
    paths[0].write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    return paths


def tatqa_item_line(item: TatqaItem) -> str:
    """One terminal line per item: ✓ exact, ~ partly right (F1 > 0), ✗ wrong, ∅ abstained; type, seconds, question."""
    mark = "∅" if item.abstained else "✓" if item.em else "~" if item.f1 else "✗"
    total = item.timings.get("total_s", 0.0)
    return f"{mark} em {item.em:.0f} f1 {item.f1:.2f} {item.answer_type:10} {total:5.1f}s {item.uid[:8]} {item.question[:50]}"


def tatqa_summary(report: TatqaReport) -> str:
    rows = [f"{name:24} {_format(name, value)}" for name, value in report.metrics.items() if not _by_type(name)]
    groups = [
        f"{name:16} {scores['em']:6.1%} {scores['f1']:6.1%} {scores['items']:5.0f} {scores['total_p50_s']:6.2f} s"
        for name, scores in report.groups.items()
    ]
    return "\n".join(["metric                   value", *rows, "", "group               EM     F1  items    p50", *groups])


def markdown(report: TatqaReport) -> str:
    lines = [
        "# caibao on TAT-QA",
        "",
        f"Dataset: {report.dataset} · {report.finished_at} · "
        + ", ".join(f"{key}: {value}" for key, value in report.settings.items()),
        "",
        _METRIC_NOTE,
        "",
        "| metric | value |",
        "|---|---|",
        *(f"| {name} | {_format(name, value)} |" for name, value in report.metrics.items() if not _by_type(name)),
        "",
        "| group | EM | F1 | items | total p50 |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {scores['em']:.1%} | {scores['f1']:.1%} | {scores['items']:.0f} | {scores['total_p50_s']:.2f} s |"
            for name, scores in report.groups.items()
        ),
        "",
        "## Items not exactly matched",
        "",
        "| uid | type | question | gold | prediction | answer |",
        "|---|---|---|---|---|---|",
    ]
    for item in report.items:
        if not item.em:
            cells = [item.uid[:8], item.answer_type, item.question, _scaled(" / ".join(item.gold), item.gold_scale),
                     _scaled(item.prediction, item.pred_scale) or "∅", item.error or item.answer]  # fmt: skip
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def failed_tatqa_thresholds(report: TatqaReport, path: Path = THRESHOLDS_TATQA) -> list[str]:
    """Each metric below its minimum in `path`, as 'name 0.91 < 0.95'."""
    return below_minimums(report.metrics, path)


def _by_type(name: str) -> bool:
    """Metrics per answer type ("em_span") are shown in the groups' table instead."""
    return any(name.endswith(f"_{kind}") for kind in ("span", "multi_span", "arithmetic", "count"))


def _scaled(text: str, scale: str) -> str:
    return f"{text} ({scale})" if text and scale else text


def _format(name: str, value: float) -> str:
    if name in _COUNTS:
        return f"{value:.0f}"
    return f"{value:.2f} s" if name.endswith("_s") else f"{value:.1%}"
