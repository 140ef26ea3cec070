"""The BM25 keyword index: figure tokens, exact figure search, and saving it to disk safely."""

import numpy as np
import pytest

from fintext.text import keyword_tokens, tokenize
from store.keyword import KeywordIndex
from store.keyword_store import KeywordStore

CHUNKS = {
    "cloud": "阿里云智能集团收入317.42亿元，同比增长13%。",
    "intl": "国际数字商业集团收入同比增长13.5%。",
    "adr": "美国存托股收盘价为135.98美元。",
    "buyback": "The board approved a US$ 1.2 billion buyback.",
}


@pytest.fixture
def index():
    return KeywordIndex.build([(chunk_id, tokenize(text)) for chunk_id, text in CHUNKS.items()])


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("317.42", ["317.42"]),
        ("13%", ["13%"]),
        ("317.42亿元", ["317.42"]),
        ("135.98美元", ["135.98"]),
        ("US$ 1.2 billion", ["1.2"]),
        ("同比增长１３％，", ["13%"]),
        ("60%-70%", ["60%", "70%"]),
    ],
)
def test_tokenize_keeps_each_figure_whole(text, figures):
    tokens = tokenize(text)
    assert [token for token in tokens if any(c.isdigit() for c in token)] == figures


@pytest.mark.parametrize(
    ("query", "chunk_id"),
    [("317.42", "cloud"), ("13%", "cloud"), ("13.5%", "intl"), ("135.98美元", "adr"), ("US$1.2 billion", "buyback")],
)
def test_search_finds_the_chunk_with_exactly_that_figure_first(index, query, chunk_id):
    assert index.search(query, 1)[0][0] == chunk_id


def test_search_for_a_percent_skips_a_chunk_with_a_longer_one(index):
    assert [chunk_id for chunk_id, _ in index.search("13%", 4)] == ["cloud"]


def test_search_on_an_empty_index_finds_nothing():
    assert KeywordIndex.build([]).search("13%", 3) == []


@pytest.mark.parametrize("chunks", [CHUNKS, {}])
def test_a_saved_then_loaded_index_searches_the_same(tmp_path, chunks):
    built = KeywordIndex.build([(chunk_id, tokenize(text)) for chunk_id, text in chunks.items()])
    built.save(tmp_path)
    loaded = KeywordIndex.load(tmp_path)
    assert loaded.chunk_ids == built.chunk_ids
    for query in ["13%", "317.42", "美元"]:
        assert loaded.search(query, 4) == built.search(query, 4)


def test_a_new_keyword_store_makes_its_folder_and_holds_no_index(tmp_path):
    store = KeywordStore(tmp_path / "keyword")
    assert (tmp_path / "keyword").is_dir()
    assert store.load(set()) is None


def test_store_save_keeps_only_the_latest_complete_index(tmp_path, index):
    store = KeywordStore(tmp_path)
    store.save(KeywordIndex.build([("old", ["旧"])]))
    store.save(index)
    assert len(list(tmp_path.iterdir())) == 1
    assert store.load(set(CHUNKS)).search("317.42", 1)[0][0] == "cloud"
    assert store.load({"old"}) is None


def test_store_load_for_other_chunks_is_none(tmp_path, index):
    store = KeywordStore(tmp_path)
    store.save(index)
    assert store.load(set(CHUNKS) - {"adr"}) is None
    assert store.load(set(CHUNKS) | {"new"}) is None


@pytest.mark.parametrize("name", ["chunk_ids.json", "data.csc.index.npy", "indptr.csc.index.npy", "params.index.json"])
def test_store_drops_an_index_with_a_damaged_file(tmp_path, index, name):
    store = KeywordStore(tmp_path)
    store.save(index)
    [folder] = tmp_path.iterdir()
    (folder / name).write_bytes(b"\x93NUMPY garbage")
    assert store.load(set(CHUNKS)) is None
    assert list(tmp_path.iterdir()) == []


def test_store_drops_an_index_whose_arrays_do_not_fit_together(tmp_path, index):
    store = KeywordStore(tmp_path)
    store.save(index)
    [folder] = tmp_path.iterdir()
    np.save(folder / "data.csc.index.npy", np.zeros(1, dtype=np.float32))
    assert store.load(set(CHUNKS)) is None


@pytest.mark.parametrize("k", [0, 1, 5, 12, 200])
def test_search_ranks_like_a_full_stable_sort_ties_included(k):
    # Many chunks share text, so scores tie at the k-th place; those must come in chunk order, as before.
    texts = ["营业收入同比增长13%", "净利润317.42亿元", "营业收入317.42亿元", "revenue up 13%", "无关内容"]
    chunks = [(f"c{i:03d}", tokenize(texts[i % len(texts)] + ("营业收入" if i % 7 == 0 else ""))) for i in range(100)]
    index = KeywordIndex.build(chunks)
    for query in ["营业收入", "317.42", "13%", "营业收入 317.42 13%"]:
        scores = index.bm25.get_scores([token for token in tokenize(query) if token in index.bm25.vocab_dict])
        best = np.argsort(-scores, kind="stable")[:k]
        expected = [(index.chunk_ids[i], float(scores[i])) for i in best if scores[i] > 0]
        assert index.search(query, k) == expected


BANK_CHUNKS = {
    "ratio": "在資產品質與風險承擔能力方面，逾放比率 0.09%、備抵呆帳覆蓋率 1,713.71%，資產品質亦為歷年最佳水準。",
    "term": "獨立董事之連續任期均未逾三屆，且未有同時擔任超過四家上市上櫃公司之董事。",
    "green": "累計113年度1月至12月指定項目綠色採購比率目標達成率為100%。",
    "building": "通過本行高雄分行建物已逾使用年限且屋況窳陋朽壞，辦理報廢拆除。",
}


def test_a_word_jieba_joins_in_the_report_but_splits_in_the_question_is_still_found_first():
    # jieba cuts the report's "逾放比率" into 逾放 + 比率 and the question's into 逾 + 放 + 比率.
    assert "逾放" in tokenize(BANK_CHUNKS["ratio"]) and "逾放" not in tokenize("2024年的逾放比率是多少？")
    index = KeywordIndex.build([(chunk_id, keyword_tokens(text)) for chunk_id, text in BANK_CHUNKS.items()])
    assert index.search_tokens(keyword_tokens("2024年的逾放比率是多少？"), 4)[0][0] == "ratio"


def test_keyword_tokens_add_a_pair_only_of_one_character_words_side_by_side():
    tokens = keyword_tokens("2024年的逾放比率")
    assert tokens[: len(tokenize("2024年的逾放比率"))] == tokenize("2024年的逾放比率")
    assert {"逾放", "年的"} <= set(tokens) and "放比" not in tokens
