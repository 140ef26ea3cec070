"""Quoting the sentences of a cited passage that the answer used: pure logic, no models."""

from ingest import ChunkRecord
from rag.checks.citations import cite
from rag.checks.quotes import quote_sentences
from rag.types import Passage, Quote

BEFORE = "今天小编分享的科技经验。最新一季财报显示,AI 将阿里巴巴重新拉上了云端。\n"
PRICE = "阿里股价在财报发布后起飞,当天收盘大涨 8%。"
OTHER_13 = "近三个月,腾讯股价也上涨了 13%。"
REVENUE = "去年四季度,阿里云智能集团收入 317.42 亿元,同比增长 13%。"
CASH = "自由现金流减少主要是由于对云基础设施投入相关的支出增加。"
CHUNK = f"{PRICE}{OTHER_13}{REVENUE}\n{CASH}"
DOCUMENT = f"{BEFORE}{CHUNK}\n未来三年的资本支出情况如何?"
PASSAGE = Passage(ChunkRecord("c1", "d", "/s.txt", "t", 1, len(BEFORE), len(BEFORE) + len(CHUNK), CHUNK), 0.03, 1)


def _at(sentence: str) -> Quote:
    start = DOCUMENT.index(sentence)
    return Quote(sentence, start, start + len(sentence))


def test_a_chinese_figure_claim_quotes_the_sentence_stating_it_at_document_offsets():
    (quote,) = quote_sentences(["阿里云收入317.42亿"], PASSAGE)
    assert quote == _at(REVENUE)
    assert DOCUMENT[quote.char_start : quote.char_end] == quote.text


def test_a_figure_in_another_unit_matches_the_sentence_stating_it():
    assert quote_sentences(["Cloud revenue was RMB 31.742 billion"], PASSAGE) == (_at(REVENUE),)


def test_a_figure_stated_twice_quotes_the_sentence_sharing_more_of_the_claim():
    assert quote_sentences(["阿里云收入同比增长 13%"], PASSAGE) == (_at(REVENUE),)
    assert quote_sentences(["腾讯股价上涨了 13%"], PASSAGE) == (_at(OTHER_13),)


def test_a_claim_without_figures_quotes_the_sentence_sharing_most_words():
    assert quote_sentences(["主要是由于云基础设施投入的支出增加"], PASSAGE) == (_at(CASH),)


def test_an_unrelated_claim_or_a_figure_the_passage_lacks_quotes_nothing():
    assert quote_sentences(["完全无关的句子,讲天气"], PASSAGE) == ()
    assert quote_sentences(["阿里云收入同比增长 99%"], PASSAGE) == ()
    assert quote_sentences([""], PASSAGE) == ()


def test_several_claims_give_quotes_in_document_order_each_once():
    claims = ["主要是由于云基础设施投入的支出增加", "云收入 317.42 亿", "增长 13%", "股价大涨 8%"]
    assert quote_sentences(claims, PASSAGE) == (_at(PRICE), _at(REVENUE), _at(CASH))


def test_cite_quotes_what_the_claims_citing_each_marker_used():
    unrelated = Passage(ChunkRecord("c2", "d2", "/n.txt", "n", 0, 0, 9, "马云现身阿里园区。"), 0.02, 2)
    text = "股价大涨8%[1]。云收入317.42亿元[2][1]。主要是由于云基础设施投入的支出增加[1]。"
    first, second = cite(text, [PASSAGE, unrelated])
    assert first.marker == 1 and first.quotes == (_at(PRICE), _at(REVENUE), _at(CASH))
    assert second.marker == 2 and second.quotes == ()
