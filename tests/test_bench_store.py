"""The ingest and retrieval benchmarks run end to end at tiny sizes and report sane numbers."""

import numpy as np
import pytest

from bench import ingest, retrieval
from bench.corpus import clustered_vectors, near, synthetic_article, synthetic_chunks
from bench.ingest import REAL_FILES
from store.keyword import KeywordIndex, tokenize


def test_run_retrieval_reports_latency_recall_and_build_time():
    latency, recall, build = retrieval.run(quick=True, sizes=(500,), n_queries=8)
    [row] = latency.rows
    assert row[0] == "500"
    assert all(value > 0 for value in row[1:7])
    assert 0 <= row[7] <= 1
    assert 0 <= row[8] <= 1
    search_efs = {retrieval.CAIBAO_SEARCH_EF, *retrieval.ALTERNATIVE_SEARCH_EF}
    assert {(vectors, ef) for _, vectors, ef, *_ in recall.rows} == {
        (vectors, ef) for vectors in retrieval.VECTOR_KINDS for ef in search_efs
    }
    assert all(0 <= recall_at_10 <= 1 and p50 > 0 for _, _, _, recall_at_10, p50, *_ in recall.rows)
    assert [used for *_, used in recall.rows].count("yes") == len(retrieval.VECTOR_KINDS)
    [[_, insert_per_s, tokenize_s, bm25_build_s]] = build.rows
    assert insert_per_s > 0 and tokenize_s > 0 and bm25_build_s > 0
    assert latency.series["fused p50 ms"]["500"] == row[5]
    assert "not measured" in latency.markdown()  # the 100k target is named, not silently skipped


def test_run_ingest_reports_throughput_and_phase_shares(embedder, monkeypatch):
    monkeypatch.setattr(ingest, "SYNTHETIC_CHARS", 600)  # a few chunks: the embedder takes ~0.5 s each here
    small = [path for path in REAL_FILES if path.suffix in (".md", ".html", ".pdf")]
    throughput, phases = ingest.run(quick=True, paths=small, n_synthetic=1, embedder=embedder)
    groups = [row[0] for row in throughput.rows]
    assert groups == ["real files", "synthetic articles", "all"]
    for _, n_files, n_chars, n_chunks, seconds, docs_per_s, chunks_per_s, raw_per_s, _ in throughput.rows:
        assert n_files >= 1 and n_chars > 0 and n_chunks >= n_files
        assert seconds > 0 and docs_per_s > 0 and chunks_per_s > 0 and raw_per_s > 0
    shares = phases.series["share of ingest time"]
    assert set(shares) == set(ingest.PHASES)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert all(share >= 0 for share in shares.values())
    assert shares["embed"] > 0


def test_run_synthetic_text_is_seeded_and_searchable_by_its_questions():
    chunks = synthetic_chunks(200, seed=1)
    assert chunks == synthetic_chunks(200, seed=1) != synthetic_chunks(200, seed=2)
    assert synthetic_article(3, seed=1) == synthetic_article(3, seed=1)
    assert len(synthetic_article(3, seed=1, chars=2000)) >= 2000
    index = KeywordIndex.build([(str(i), tokenize(chunk.text)) for i, chunk in enumerate(chunks)])
    # A question names its chunk's company, metric and period, so BM25 finds that chunk near the top.
    found = [str(i) in dict(index.search(chunk.question, 12)) for i, chunk in enumerate(chunks[:20])]
    assert sum(found) >= 10


def test_run_query_vectors_are_nearest_to_their_own_chunk_more_often_than_not():
    vectors = clustered_vectors(1000, 384, seed=1)
    rows = np.arange(50)
    queries = near(vectors, rows, seed=2)
    assert vectors.shape == (1000, 384) and queries.shape == (50, 384)
    assert abs(float((vectors**2).sum(axis=1).mean()) - 1.0) < 1e-5
    nearest = (queries @ vectors.T).argmax(axis=1)
    assert (nearest == rows).mean() > 0.5
