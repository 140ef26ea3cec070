from ingest import ChunkRecord
from rag.generation.budget import Excerpt
from rag.generation.prompts import FEW_SHOT, NOT_FOUND, build_messages, with_readings
from rag.types import Passage


def _passage(text: str, rank: int, company: str = "", period: str = "") -> Excerpt:
    chunk = ChunkRecord(f"c{rank}", "d", "/s.txt", "A headline", rank, 0, len(text), text, company=company, period=period)
    return Excerpt(Passage(chunk, 0.1, rank), text)


def test_build_messages_numbers_passages_in_order_and_ends_with_the_question():
    messages = build_messages("收入多少？", [_passage("第一段。", 1), _passage("第二段。", 2)], "zh")
    last = messages[-1].content
    assert "[1] 第一段。\n[2] 第二段。" in last
    assert last.index("[2] 第二段。") < last.index("Question: 收入多少？")
    assert "简体中文" in last


def test_each_passage_says_whose_and_of_which_period_it_is():
    passages = [_passage("The Company generated $15.4 billion.", 1, "Intel Corporation", "2022Q4"), _passage("No one's.", 2)]
    last = build_messages("How much cash did Intel generate?", passages, "en")[-1].content
    assert "[1] (Intel Corporation 2022Q4) The Company generated $15.4 billion.\n[2] No one's." in last


def test_the_fixed_prefix_is_identical_across_questions_so_its_kv_cache_is_reused():
    first = build_messages("a?", [_passage("x", 1)], "en")
    second = build_messages("b?", [_passage("y", 1)], "zh")
    assert [m.content for m in first[:-1]] == [m.content for m in second[:-1]]
    assert len(first) == 2 + 2 * len(FEW_SHOT)


def test_the_few_shot_turns_show_an_abstention():
    assert any(answer == NOT_FOUND for _, _, answer in FEW_SHOT)


def test_english_questions_get_passages_with_english_amounts_and_chinese_ones_the_original():
    passage = _passage("阿里云收入 317.42 亿,自由现金流 390.2 亿元,同比增长 13%。", 1)
    english = build_messages("What was cloud revenue?", [passage], "en")[-1].content
    chinese = build_messages("阿里云收入多少？", [passage], "zh")[-1].content
    assert "阿里云收入 31.742 billion,自由现金流 RMB 39.02 billion,同比增长 13%" in english
    assert passage.text in chinese


def test_chinese_questions_get_english_filings_amounts_in_wan_and_yi():
    passage = _passage("Operating income | Three Months Ended July 1, 2023: $ 22,998 million; EPS $1.26; up 8%.", 1)
    chinese = build_messages("苹果公司的营业利润是多少？", [passage], "zh")[-1].content
    assert "July 1, 2023: 229.98亿美元; EPS $1.26; up 8%." in chinese


def test_with_readings_leaves_amounts_the_reader_needs_no_conversion_for_alone():
    text = "Revenue rose 13% to US$ 4.2 billion [1]; 股价 135.98 美元。"
    assert with_readings(text, "en") == text
    assert with_readings("收入 317.42 亿,股价 135.98 美元,增长 13%。", "zh") == "收入 317.42 亿,股价 135.98 美元,增长 13%。"
