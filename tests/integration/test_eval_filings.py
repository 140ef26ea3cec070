"""The evaluation on real filings, gated in two parts, each in a library of its own:
- the CI filings (the Chinese annual report, the English 10-Q and an earnings release) on
  evals/thresholds_filings.toml;
- the CI shapes (a Shenzhen quarterly report and a Taiwanese bank's Traditional-Chinese annual report) on
  evals/thresholds_filings_shapes.toml.
Each part also asks the gold items about no filing (companies the library does not hold). The whole set runs with
`caibao eval --gold evals/gold/filings.jsonl` and one `--corpus` per file of ../shared/filings (docs/evaluation.md)."""

import json

import pytest

from evals import FILINGS_GOLD, load_gold, run_eval
from evals.report import THRESHOLDS, failed_thresholds, summary_table, write_report
from tests.conftest import TEST_OUTPUT, new_assistant
from tests.integration.conftest import CI_FILINGS, CI_SHAPES

OUT = TEST_OUTPUT / "eval-filings"
FILINGS_THRESHOLDS = THRESHOLDS.with_name("thresholds_filings.toml")
SHAPES_THRESHOLDS = THRESHOLDS.with_name("thresholds_filings_shapes.toml")


def _gold_over(sources: tuple[str, ...], folder) -> str:
    """The gold items over `sources`, and those about no filing, as a file in `folder`."""
    items = [json.loads(line) for line in FILINGS_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [item for item in items if item.get("source", "") in (*sources, "")]
    path = folder / "filings_ci.jsonl"
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chosen), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("home_fixture", "sources", "thresholds", "out", "at_least"),
    [
        ("ci_filings_home", CI_FILINGS, FILINGS_THRESHOLDS, OUT, 60),
        ("ci_shapes_home", CI_SHAPES, SHAPES_THRESHOLDS, OUT.with_name("eval-filings-shapes"), 50),
    ],
    ids=["filings", "shapes"],
)
def test_the_eval_on_real_filings_meets_its_thresholds(
    request, embedder, llm, tmp_path, home_fixture, sources, thresholds, out, at_least
):
    gold = _gold_over(sources, tmp_path)
    assistant = new_assistant(request.getfixturevalue(home_fixture), embedder, llm)
    report = run_eval(assistant, [gold])
    write_report(report, out)
    print(summary_table(report))
    assert len(report.items) == len(load_gold(gold)) >= at_least
    assert failed_thresholds(report, thresholds) == []
