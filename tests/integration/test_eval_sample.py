"""The evaluation suite on the sample filing, gated on evals/thresholds.toml (this is the CI gate)."""

import json
import subprocess

from evals import SAMPLE_CORPUS, SAMPLE_GOLD, load_gold, run_eval
from evals.report import failed_thresholds, summary_table, write_report
from tests.conftest import CAIBAO, TEST_OUTPUT

OUT = TEST_OUTPUT / "eval"


def test_the_eval_on_the_sample_meets_the_thresholds(sample_assistant):
    report = run_eval(sample_assistant, [SAMPLE_GOLD])
    paths = write_report(report, OUT)
    print(summary_table(report))
    assert len(report.items) == len(load_gold(SAMPLE_GOLD))
    assert all(path.stat().st_size > 0 for path in paths)
    assert failed_thresholds(report) == []


def test_caibao_eval_runs_any_corpus_and_gold_pair(tmp_path):
    corpus = tmp_path / "tencent.md"
    corpus.write_text("# 腾讯季度业绩\n\n腾讯本季度营收为 1,672 亿元,同比增长 8%。金融科技收入为 556 亿元。\n", encoding="utf-8")
    gold = tmp_path / "tencent.jsonl"
    items = [
        {"id": "t1", "question": "腾讯本季度营收同比增长多少？", "lang": "zh", "category": "figure", "answerable": True,
         "figures": ["8%"], "key_phrases": [], "evidence": "同比增长 8%"},
        {"id": "t2", "question": "腾讯有多少名员工？", "lang": "zh", "category": "unanswerable", "answerable": False,
         "figures": [], "key_phrases": [], "evidence": ""},
    ]  # fmt: skip
    gold.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    out = tmp_path / "report"
    command = [str(CAIBAO), "--home", str(tmp_path / "library"), "eval",
               "--gold", str(gold), "--corpus", str(corpus), "--out", str(out)]  # fmt: skip
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "figure_accuracy" in result.stdout and "t1" in result.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in report["items"]] == ["t1", "t2"]
    assert report["metrics"]["recall_at_1"] == 1.0
    assert (out / "scores.png").read_bytes()[:4] == b"\x89PNG"
    assert "| metric | value |" in (out / "report.md").read_text(encoding="utf-8")
    assert SAMPLE_CORPUS.name not in result.stdout
