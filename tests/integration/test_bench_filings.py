"""The real-filings benchmark runs end to end on one small filing and reports sane numbers."""

import pytest

from bench import filings
from evals import FILINGS_DIR

pytestmark = pytest.mark.skipif(not FILINGS_DIR.is_dir(), reason=f"{FILINGS_DIR} is absent: no real filings here")


def test_the_filings_benchmark_reports_ingest_recall_and_answer_latency(llm):
    release = FILINGS_DIR / "mcdonalds_2023q1_earnings.pdf"
    ingest, recall, answers = filings.run(quick=True, llm=llm, progress=lambda _: None, files=[release])
    [row] = ingest.rows
    name, engine, n_chunks, parse_s, embed_s, total_s, embed_per_s, ingest_per_s = row
    assert name == release.name and engine in ("bf16", "fp32")  # "auto", resolved
    assert n_chunks > 10 and 0 < parse_s < total_s and 0 < embed_s < total_s
    assert embed_per_s == pytest.approx(n_chunks / embed_s) and ingest_per_s == pytest.approx(n_chunks / total_s)
    all_questions = next(r for r in recall.rows if r[1] == "all")
    assert all_questions[2] == len(filings.gold_items([release], quick=True)) > 0
    recall_at_1, recall_at_3, recall_at_5 = all_questions[3:]
    assert 0 <= recall_at_1 <= recall_at_3 <= recall_at_5 <= 1 and recall_at_5 > 0
    overall = next(r for r in answers.rows if r[0] == "all")
    assert overall[1] == all_questions[2]
    first_p50, first_p95, total_p50, total_p95 = overall[2:6]
    assert 0 < first_p50 <= first_p95 and first_p50 <= total_p50 <= total_p95
    retrieve_p50, earlier_llm_p50, prefill_p50, prefill_rate_p50 = overall[8:12]
    assert 0 < retrieve_p50 <= first_p50 and 0 <= earlier_llm_p50 <= total_p50
    if prefill_p50 is not None:  # some question reached the answering call
        assert 0 < prefill_p50 <= total_p95 and prefill_rate_p50 > 10  # tokens a second: llama.cpp reads prompts faster
