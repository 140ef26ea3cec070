"""TAT-QA dev's CI subset (30 questions of whole contexts, a fixed seed), each context alone in the library, scored
with TAT-QA's EM/F1 and gated on evals/thresholds_tatqa.toml. The whole dev set runs with
`caibao eval --tatqa ../shared/datasets/tatqa/tatqa_dataset_dev.json`."""

import pytest

from evals.tatqa import CI_QUESTIONS, TATQA_DEV, ci_subset, load_contexts, run_tatqa
from evals.tatqa_report import failed_tatqa_thresholds, tatqa_summary, write_tatqa_report
from tests.conftest import TEST_OUTPUT, new_assistant

OUT = TEST_OUTPUT / "eval-tatqa"
# Skipped before the session's models load, not after.
pytestmark = pytest.mark.skipif(
    not TATQA_DEV.is_file(), reason=f"{TATQA_DEV} is absent: the TAT-QA eval runs only where the shared datasets are"
)


def test_tatqa_ci_subset_meets_its_thresholds(tmp_path, embedder, llm):
    contexts = ci_subset(load_contexts(TATQA_DEV), CI_QUESTIONS)
    report = run_tatqa(new_assistant(tmp_path / "library", embedder, llm), contexts, dataset=str(TATQA_DEV))
    write_tatqa_report(report, OUT)
    print(tatqa_summary(report))
    assert len(report.items) == CI_QUESTIONS
    assert failed_tatqa_thresholds(report) == []
