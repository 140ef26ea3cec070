"""The scorer on hand-made answers: pure logic, no models."""

import dataclasses

import pytest

from evals.gold import GoldItem
from evals.runner import metrics
from evals.score import _recomputes, score_answer
from ingest import ChunkRecord
from rag import Answer, Citation, Derived, Operand, Passage

PASSAGE = "去年四季度,阿里云智能集团收入 317.42 亿,同比增长 13%,主要受到公共云产品收入双位数增长驱动。"
EVIDENCE = "阿里云智能集团收入 317.42 亿"


def _item(category="figure", figures=("317.42亿",), key_phrases=(), lang="zh") -> GoldItem:
    answerable = category != "unanswerable"
    return GoldItem("q1", "阿里云收入？", lang, category, answerable, tuple(figures), tuple(key_phrases), EVIDENCE if answerable else "")


def _passage(text=PASSAGE, rank=1) -> Passage:
    return Passage(ChunkRecord(f"c{rank}", "d", "/s.txt", "t", 0, 0, len(text), text), 0.03, rank)


def _answer(text: str, cited: tuple[str, ...] = (PASSAGE,), abstained=False) -> Answer:
    citations = tuple(Citation.of(i, _passage(t, i)) for i, t in enumerate(cited, start=1))
    return Answer("q", text, () if abstained else citations, abstained, "zh", {"total_s": 1.0})


@pytest.mark.parametrize(
    "text",
    ["阿里云收入为317.42亿[1]。", "Cloud revenue was RMB 31.742 billion [1].", "Cloud revenue was 31,742 million yuan [1]."],
)
def test_a_correct_figure_in_any_unit_is_scored_correct(text):
    result = score_answer(_item(), _answer(text), [_passage()])
    assert result.label == "correct", result.reasons
    assert result.citation_hit is True
    assert result.evidence_rank == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("阿里云收入为 317.42 billion [1].", "missing figure"),
        ("阿里云收入为 300 亿[1]。", "missing figure"),
        ("阿里云收入为317.42亿,增长 15%[1]。", "15%"),
    ],
)
def test_a_wrong_or_unsupported_figure_is_scored_incorrect(text, reason):
    result = score_answer(_item(), _answer(text), [_passage()])
    assert result.label == "incorrect"
    assert any(reason in why for why in result.reasons), result.reasons


def test_a_figure_not_in_any_cited_passage_is_incorrect_even_when_the_gold_figure_is_there():
    result = score_answer(_item(), _answer("收入317.42亿[1]", cited=("另一段没有数字。",)), [_passage()])
    assert result.label == "incorrect"
    assert result.citation_hit is False
    assert any("no cited passage" in why for why in result.reasons)


def test_key_phrases_are_all_required_for_why_questions():
    item = _item("why", figures=(), key_phrases=("AI", "公共云"))
    assert score_answer(item, _answer("主要由AI和公共云产品驱动[1]。"), []).label == "correct"
    missing = score_answer(item, _answer("主要由AI驱动[1]。"), [])
    assert missing.label == "incorrect" and missing.reasons == ("missing phrase 公共云",)


def test_abstaining_is_correct_only_on_unanswerable_items():
    assert score_answer(_item("unanswerable", figures=()), _answer("不知道", abstained=True), []).label == "correct"
    assert score_answer(_item(), _answer("不知道", abstained=True), []).label == "abstained"
    answered = score_answer(_item("unanswerable", figures=()), _answer("收入317.42亿[1]"), [])
    assert answered.label == "incorrect"


def test_a_gold_figure_without_digits_must_appear_as_written():
    item = _item(figures=("十年",))
    assert score_answer(item, _answer("投入将超过过去十年的总和[1]。", cited=("超越过去十年的总和",)), []).label == "correct"
    assert score_answer(item, _answer("投入将超过过去五年[1]。", cited=("超越过去十年的总和",)), []).label == "incorrect"


def test_a_decline_written_with_a_minus_matches_an_unsigned_gold_figure():
    item = _item(figures=("31%",))
    answer = _answer("自由现金流下降-31%[1]。", cited=("自由现金流下降 31%",))
    assert score_answer(item, answer, []).label == "correct"


def test_citation_markers_are_not_read_as_figures():
    assert score_answer(_item(figures=("13%",)), _answer("增长13%[1]", cited=(PASSAGE, "x")), []).label == "correct"


def test_metrics_aggregate_labels_recall_and_latency():
    results = [
        score_answer(_item(), _answer("317.42亿[1]"), [_passage(rank=1)]),
        score_answer(_item(), _answer("300亿[1]"), [_passage("x", 1), _passage(rank=2)]),
        score_answer(_item("unanswerable", figures=()), _answer("不知道", abstained=True), []),
        score_answer(_item(), _answer("不知道", abstained=True), []),
    ]
    scores = metrics(results)
    assert scores["figure_accuracy"] == pytest.approx(1 / 3)
    assert scores["abstention"] == pytest.approx(3 / 4)
    assert scores["false_abstention"] == pytest.approx(1 / 3)
    assert scores["citation_hit"] == pytest.approx(1.0)
    assert scores["recall_at_1"] == pytest.approx(1 / 3)
    assert scores["recall_at_3"] == pytest.approx(2 / 3)
    assert scores["mrr"] == pytest.approx((1 + 0.5) / 3)
    assert scores["total_p50_s"] == 1.0


def test_metrics_compare_english_with_chinese_figure_accuracy():
    results = [
        score_answer(_item(), _answer("317.42亿[1]"), []),
        score_answer(_item(), _answer("300亿[1]"), []),
        score_answer(_item(lang="en"), _answer("RMB 31.742 billion [1]"), []),
    ]
    scores = metrics(results)
    assert scores["figure_accuracy_zh"] == pytest.approx(0.5)
    assert scores["figure_accuracy_en"] == pytest.approx(1.0)
    assert scores["figure_accuracy_en_minus_zh"] == pytest.approx(0.5)


def test_a_computed_growth_counts_when_the_eval_recomputes_it_from_cited_operands_and_rounds_to_the_gold():
    from rag.calculation.calculate import change
    from rag.types import Operand

    table = "Operating income | 2019: 42,959 million | 2018: 35,058 million"
    derived = change(Operand("2019", "42,959 million"), Operand("2018", "35,058 million"), "en")
    text = "Operating income: 42,959 million [1]; change: +7,901 million, +22.54% [1]."
    item = GoldItem("q", "Operating income and its growth?", "en", "figure", True, ("$42,959 million", "23%"), (), "42,959")
    computed = dataclasses.replace(_answer(text, cited=(table,)), derived=derived)
    assert score_answer(item, computed, []).label == "correct"
    uncomputed = _answer(text, cited=(table,))
    assert "figure +22.54% is in no cited passage" in score_answer(item, uncomputed, []).reasons
    wrong = dataclasses.replace(computed, derived=(dataclasses.replace(derived[1], result="+27.00%"),))
    assert score_answer(item, dataclasses.replace(wrong, text=text.replace("22.54%", "27.00%")), []).label == "incorrect"


def test_the_eval_recomputes_a_formula_in_its_own_exact_arithmetic():
    operands = (Operand("Other 2019", "44.1 million"), Operand("Other 2018", "56.7 million"))
    assert _recomputes(Derived("amount", "44.1 - 56.7", operands, "-12.6 million", -12.6))
    assert _recomputes(Derived("percent", "(44.1 - 56.7) / 56.7 * 100", operands, "-22.22%", -22.22))
    assert not _recomputes(Derived("percent", "(44.1 - 56.7) / 56.7 * 100", operands, "-21.00%", -21.0))
    # 50 is neither operand: a formula over a figure no passage gave is not recomputed.
    assert not _recomputes(Derived("amount", "44.1 - 50", operands, "-5.9 million", -5.9))
    yuan = (Operand("净利润", "466.97亿元"), Operand("营业收入", "94,915,380,916.72元"))
    assert _recomputes(Derived("percent", "466.97 / (94915380916.72 / 100000000) * 100", yuan, "49.20%", 49.2))


def test_the_constants_of_a_recomputed_working_need_no_passage_but_an_invented_one_does():
    table = "净利润 | 2020年: 46,697,285,429.81元\n营业收入 | 2020年: 94,915,380,916.72元"
    operands = (Operand("净利润", "46,697,285,429.81元"), Operand("营业收入", "94,915,380,916.72元"))
    derived = Derived("percent", "46697285429.81 / 94915380916.72 * 100", operands, "49.20%", 49.2)
    text = "净利率：49.20% = 46,697,285,429.81元 ÷ 94,915,380,916.72元 × 100[1]。"
    item = GoldItem("q", "净利率是多少？", "zh", "calculation", True, ("49.20%",), (), "")
    computed = dataclasses.replace(_answer(text, cited=(table,)), derived=(derived,))
    assert score_answer(item, computed, []).label == "correct"
    padded = dataclasses.replace(computed, text=text.replace("× 100", "× 100 × 3"))
    assert score_answer(item, padded, []).reasons == ("figure 3 is in no cited passage",)
