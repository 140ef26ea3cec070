"""The evaluation on real filings (CI subset: the Chinese annual report, the English 10-Q and an earnings release),
gated on evals/thresholds_filings.toml. The whole set runs with `caibao eval --gold evals/gold/filings.jsonl`
and one `--corpus` per PDF of ../shared/filings (README, Evaluation)."""

import json

import pytest

from evals import FILINGS_GOLD, load_gold, run_eval
from evals.report import THRESHOLDS, failed_thresholds, summary_table, write_report
from tests.conftest import TEST_OUTPUT, new_assistant
from tests.integration.conftest import CI_FILINGS

OUT = TEST_OUTPUT / "eval-filings"
FILINGS_THRESHOLDS = THRESHOLDS.with_name("thresholds_filings.toml")


@pytest.fixture(scope="module")
def ci_gold(tmp_path_factory):
    """The gold items over the CI filings, and those about no filing (companies the library does not hold)."""
    items = [json.loads(line) for line in FILINGS_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [item for item in items if item.get("source", "") in (*CI_FILINGS, "")]
    path = tmp_path_factory.mktemp("gold") / "filings_ci.jsonl"
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chosen), encoding="utf-8")
    return path


def test_the_eval_on_real_filings_meets_its_thresholds(ci_filings_home, embedder, llm, ci_gold):
    assistant = new_assistant(ci_filings_home, embedder, llm)
    report = run_eval(assistant, [ci_gold])
    write_report(report, OUT)
    print(summary_table(report))
    assert len(report.items) == len(load_gold(ci_gold)) >= 60
    assert failed_thresholds(report, FILINGS_THRESHOLDS) == []
