"""The benchmarks' synthetic corpus: seeded text that BM25 finds by its questions, clustered vectors (pure, no models)."""

import numpy as np

from bench.corpus import clustered_vectors, near, synthetic_article, synthetic_chunks
from fintext.text import tokenize
from store.keyword import KeywordIndex


def test_synthetic_text_is_seeded_and_searchable_by_its_questions():
    chunks = synthetic_chunks(200, seed=1)
    assert chunks == synthetic_chunks(200, seed=1) != synthetic_chunks(200, seed=2)
    assert synthetic_article(3, seed=1) == synthetic_article(3, seed=1)
    assert len(synthetic_article(3, seed=1, chars=2000)) >= 2000
    index = KeywordIndex.build([(str(i), tokenize(chunk.text)) for i, chunk in enumerate(chunks)])
    # A question names its chunk's company, metric and period, so BM25 finds that chunk near the top.
    found = [str(i) in dict(index.search(chunk.question, 12)) for i, chunk in enumerate(chunks[:20])]
    assert sum(found) >= 10


def test_query_vectors_are_nearest_to_their_own_chunk_more_often_than_not():
    vectors = clustered_vectors(1000, 384, seed=1)
    rows = np.arange(50)
    queries = near(vectors, rows, seed=2)
    assert vectors.shape == (1000, 384) and queries.shape == (50, 384)
    assert abs(float((vectors**2).sum(axis=1).mean()) - 1.0) < 1e-5
    nearest = (queries @ vectors.T).argmax(axis=1)
    assert (nearest == rows).mean() > 0.5
