"""The answer benchmark end to end on two questions: both pipelines measured, scored and tabled."""

from __future__ import annotations

import pytest

from bench import answer

pytestmark = pytest.mark.slow

ROWS = [answer.CAIBAO, answer.BASELINE, "caibao ÷ llama-index", "target"]
SHARES = ("figure accuracy", "citation hit", "abstention")


@pytest.fixture(scope="module")
def sections(llm, embedder):
    return answer.run(quick=True, llm=llm, embed_model=embedder, limit=2)


def test_latency_section_compares_both_pipelines(sections):
    latency = sections[0]
    assert latency.title == "Answer latency and accuracy"
    assert [row[0] for row in latency.rows] == ROWS
    assert all(len(row) == len(latency.columns) for row in latency.rows)
    for name in ("first token p50 s", "total p50 s", "total p95 s", "tokens/s p50", "prompt tokens p50"):
        assert set(latency.series[name]) == {"caibao", "llama-index"}, name
        assert all(value > 0 for value in latency.series[name].values()), name
    for name in SHARES:
        assert all(0.0 <= value <= 1.0 for value in latency.series[name].values()), name
    assert set(latency.series["abstention"]) == {"caibao", "llama-index"}
    assert "## Answer latency and accuracy" in latency.markdown()
    # The machine's own prompt-reading speed, against which the first-token target reads.
    assert any(note.startswith("This machine's llama.cpp reads prompts at") for note in latency.notes)


def test_cold_start_section_measures_a_fresh_caibao_process(sections):
    cold = sections[1]
    assert cold.title == "Cold start and memory"
    assert [row[0] for row in cold.rows] == [answer.CAIBAO, answer.BASELINE, "target"]
    first_answer, peak_rss = cold.series["cold start → answer s"]["caibao"], cold.series["peak RSS GB"]["caibao"]
    assert 0 < first_answer < answer.CHILD_TIMEOUT_S
    assert 0.1 < peak_rss < 64
    assert all(value > 0 for value in cold.series["index the sample s"].values())
