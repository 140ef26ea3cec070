"""The ingest and retrieval benchmarks run end to end at tiny sizes, in real Chroma, and report sane numbers."""

import pytest

from bench import ingest, retrieval
from bench.ingest import REAL_FILES


def test_the_retrieval_benchmark_reports_latency_recall_and_build_time():
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


def test_the_ingest_benchmark_reports_throughput_and_phase_shares(embedder, monkeypatch):
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
