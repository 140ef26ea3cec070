from ingest import ChunkRecord
from rag.checks.citations import cite, normalize_markers, repair_markers
from rag.types import Passage, Quote


def _passages(n: int) -> list[Passage]:
    return [
        Passage(ChunkRecord(f"c{i}", "d", "/s.txt", "t", i, i * 10, i * 10 + 5, f"text {i}"), 1.0 / i, i)
        for i in range(1, n + 1)
    ]


def test_normalize_markers_rewrites_variants_and_drops_out_of_range_markers():
    text = "增长13%【1】。利润[2, 3]与[2、1]，另有[7]和[0]。"
    assert normalize_markers(text, 3) == "增长13%[1]。利润[2][3]与[2][1]，另有和。"


def test_normalize_markers_leaves_other_brackets_alone():
    assert normalize_markers("a [note] [1]", 2) == "a [note] [1]"


def test_cite_maps_marker_n_to_passage_n_in_order_of_first_use():
    passages = _passages(3)
    citations = cite("b [3]. a [1]. again [3].", passages)
    assert [c.marker for c in citations] == [3, 1]
    assert [c.chunk_id for c in citations] == ["c3", "c1"]
    assert citations[0].text == "text 3"
    assert (citations[0].char_start, citations[0].char_end) == (30, 35)
    assert citations[0].quotes == ()


def test_cite_without_markers_is_empty():
    assert cite("no markers here", _passages(2)) == ()


def _passages_with(*texts: str) -> list[Passage]:
    return [Passage(ChunkRecord(f"c{i}", "d", "/s.txt", "t", i, 0, len(t), t), 0.1, i) for i, t in enumerate(texts, 1)]


def test_cite_quotes_the_sentences_of_the_passage_that_its_claims_used():
    passages = _passages_with("股价上涨 8%。", "股价上涨 8%。云收入 317.42 亿,同比增长 13%。")
    (citation,) = cite("Cloud revenue was RMB 31.742 billion [2].", passages)
    assert citation.quotes == (Quote("云收入 317.42 亿,同比增长 13%。", 8, 30),)


def test_repair_markers_points_a_claim_at_the_passage_holding_its_figures():
    passages = _passages_with("股价上涨 8%。", "云收入 317.42 亿,同比增长 13%。")
    assert repair_markers("云收入增长13%[1]。", passages) == "云收入增长13%[2]。"
    assert repair_markers("Revenue was 317.42亿 (RMB 31.742 billion), up 13% [1][2].", passages).endswith("up 13% [2].")


def test_repair_markers_keeps_correct_markers_and_claims_without_figures():
    passages = _passages_with("股价上涨 8%。", "云收入 317.42 亿,同比增长 13%。")
    for text in ("云收入增长13%[2]。", "主要由 AI 驱动[1]。", "涨了 99%[1]。"):
        assert repair_markers(text, passages) == text


def test_repair_markers_adds_a_marker_to_an_uncited_claim_with_figures():
    passages = _passages_with("股价上涨 8%。", "云收入 317.42 亿,同比增长 13%。")
    assert repair_markers("云收入增长 13%。", passages) == "云收入增长 13%[2]。"
    assert repair_markers("No figures here.", passages) == "No figures here."


def test_repair_markers_cites_an_uncited_claim_without_figures_by_shared_words():
    passages = _passages_with("马云现身阿里园区。", "自由现金流减少主要是由于对云基础设施投入相关的支出增加。")
    assert repair_markers("主要是由于云基础设施投入的支出增加。", passages) == "主要是由于云基础设施投入的支出增加[2]。"
    assert repair_markers("完全无关的句子，讲天气。", passages) == "完全无关的句子，讲天气。"


def test_repair_markers_does_not_ask_a_passage_for_the_period_the_question_named():
    passages = _passages_with("Systemwide sales rose.", "Digital sales were nearly $7.5 billion, almost 40% of sales.")
    answer = "Digital sales in Q1 2023 were nearly $7.5 billion, almost 40% of sales [1]."
    question = "How large were digital sales in Q1 2023?"
    assert repair_markers(answer, passages, question).endswith("40% of sales [2].")
    assert repair_markers(answer, passages).endswith("40% of sales [1].")  # no passage states the 2023
