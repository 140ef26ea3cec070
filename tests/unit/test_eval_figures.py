"""The eval's own figure reader (evals/figures.py): pure text in, figures out, no models."""

from decimal import Decimal

import pytest

from evals.figures import Figure, figure_in_text, figures_in, found_in, same_figure, unbacked
from evals.gold import GoldItem
from evals.score import score_answer
from ingest import ChunkRecord
from rag import Answer, Citation, Passage

CLOUD_PASSAGE = "去年四季度,阿里云智能集团收入 317.42 亿,同比增长 13%"


def _one(text: str) -> Figure:
    figures = figures_in(text)
    assert len(figures) == 1, figures
    return figures[0]


def _values(text: str) -> list[tuple[Decimal, Decimal, str]]:
    return [(figure.value, figure.top, figure.kind) for figure in figures_in(text)]


@pytest.mark.parametrize(
    "text", ["317.42亿", "317.42 亿元", "RMB 31.742 billion", "31,742 million yuan", "人民币317.42亿元", "RMB31,742mn"]
)
def test_every_way_of_writing_the_cloud_revenue_is_the_same_figure(text):
    assert _one(text).value == Decimal(31742000000)
    assert _one(text).kind == "amount"
    assert same_figure(_one(text), _one("317.42亿"), tolerance=0)
    assert figure_in_text("317.42亿", f"阿里云收入为{text}。")


def test_a_thousands_separator_joins_only_groups_of_three_digits():
    assert _values("31,742") == [(Decimal(31742), Decimal(31742), "count")]
    assert _one("1,117,320,768").value == Decimal(1117320768)
    assert [figure.value for figure in figures_in("3,4")] == [3, 4]
    assert [figure.value for figure in figures_in("1,2345")] == [1, 2345]


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [
        ("３１７．４２亿", "317.42亿"),
        ("１３％", "13%"),
        ("－３％", "-3%"),
        ("60％～70％", "60%-70%"),
        ("３１，７４２元", "31,742元"),
    ],
)
def test_full_width_digits_and_punctuation_read_like_ascii_and_keep_their_text(wide, narrow):
    figure = _one(wide)
    assert same_figure(figure, _one(narrow), tolerance=0)
    assert figure.text == wide


def test_a_full_width_comma_after_ascii_digits_ends_a_clause_rather_than_joining_thousands():
    assert [figure.text for figure in figures_in("增长 5%，120亿元")] == ["5%", "120亿元"]
    assert [figure.value for figure in figures_in("5，120")] == [5, 120]


def test_a_digitless_or_multi_number_gold_figure_matches_as_written_whatever_the_width_and_spacing():
    assert figure_in_text("9月1日", "从 ９ 月 １ 日起收费")
    assert not figure_in_text("9月1日", "从1月9日起收费")
    assert figure_in_text("十年", "超越过去十年的总和")
    assert not figure_in_text("十年", "超越过去五年的总和")


def test_a_minus_sign_makes_a_negative_percentage_and_a_hyphen_after_a_figure_joins_a_range():
    assert _values("增速分别为,-3%、4%") == [(-3, -3, "percent"), (4, 4, "percent")]
    assert _values("下降-31%") == [(-31, -31, "percent")]
    assert _values("负3%") == [(-3, -3, "percent")]
    assert _values("60%-70%") == [(60, 70, "percent")]


def test_a_flipped_sign_is_another_figure_but_still_found_since_filings_write_declines_unsigned():
    assert not same_figure(_one("-3%"), _one("3%"))
    assert found_in(_one("-3%"), figures_in("同比下降 3%"))
    assert figure_in_text("31%", "自由现金流下降-31%")


@pytest.mark.parametrize("text", ["60%-70%", "60% to 70%", "60-70%", "60%至70%", "60–70%", "between 60% and 70%"])
def test_a_range_is_one_figure_with_both_ends_however_it_is_joined(text):
    assert _values(text) == [(60, 70, "percent")]
    assert figure_in_text("60%-70%", f"约{text}用于推理")


@pytest.mark.parametrize("text", ["60%-75%", "65%-70%", "60%", "70%"])
def test_a_range_matches_only_when_both_ends_do(text):
    assert not figure_in_text("60%-70%", f"约{text}用于推理")


def test_two_figures_falling_from_one_to_the_next_are_no_range():
    assert [figure.text for figure in figures_in("565.4亿元至390.2亿元")] == ["565.4亿元", "390.2亿元"]
    assert _values("2024-01") == [(2024, 2024, "year"), (1, 1, "count")]


def test_a_unit_written_once_serves_both_ends_of_a_range():
    assert _values("$3-4 billion") == [(Decimal("3e9"), Decimal("4e9"), "amount")]
    assert _one("$3-4 billion").currency == "USD"
    assert _values("3亿-5亿美元") == [(Decimal("3e8"), Decimal("5e8"), "amount")]


def test_figures_of_different_kinds_or_a_change_from_one_to_another_are_no_range():
    assert _values("13% to 317 million") == [(13, 13, "percent"), (Decimal("3.17e8"), Decimal("3.17e8"), "amount")]
    assert [figure.text for figure in figures_in("growth rose from 29% to 32%")] == ["29%", "32%"]
    assert unbacked("growth rose from 29% to 32%", ["本季度收入同比增长 32%,高于上季度 29% 的增速"]) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("5千", "5e3"), ("5万", "5e4"), ("5百万", "5e6"), ("5亿", "5e8"), ("5十亿", "5e9"), ("3.5万亿元", "3.5e12"),
     ("48.8万亿元", "4.88e13"), ("100万港元", "1e6")],
)  # fmt: skip
def test_chinese_scale_words_multiply(text, value):
    assert _one(text).value == Decimal(value)
    assert _one(text).kind == "amount"


@pytest.mark.parametrize(
    ("text", "value"),
    [("5 thousand", "5e3"), ("5k", "5e3"), ("5 million", "5e6"), ("5mn", "5e6"), ("5m", "5e6"), ("5 billion", "5e9"),
     ("5bn", "5e9"), ("5b", "5e9"), ("5 trillion", "5e12"), ("5tn", "5e12")],
)  # fmt: skip
def test_english_scale_words_multiply(text, value):
    assert _one(text).value == Decimal(value)


@pytest.mark.parametrize("text", ["5 m", "5 months", "5 billionaires"])
def test_a_scale_letter_or_word_counts_only_alone_and_stuck_to_the_number(text):
    assert _values(text) == [(5, 5, "count")]


def test_chinese_and_english_trillions_are_the_same_amount():
    assert figure_in_text("3.5万亿元", "GMV was about RMB 3.5 trillion")
    assert figure_in_text("3.5万亿元", "GMV was 3,500 billion yuan")


@pytest.mark.parametrize(
    ("text", "currency"),
    [("86.71美元", "USD"), ("$86.71", "USD"), ("USD 86.71", "USD"), ("US$86.71", "USD"), ("HK$86.71", "HKD"),
     ("86.71港元", "HKD"), ("¥86.71", "CNY"), ("86.71元", "CNY"), ("RMB 86.71", "CNY"), ("86.71 dollars", ""),
     ("€86.71", "EUR"), ("86.71 euros", "EUR"), ("EUR 86.71", "EUR"), ("86.71欧元", "EUR"), ("£86.71", "GBP"),
     ("86.71英镑", "GBP"), ("5亿日元", "JPY"), ("C$86.71", "CAD"), ("NT$86.71", "TWD"), ("5亿新加坡元", "SGD")],
)  # fmt: skip
def test_currency_words_are_normalised_and_make_an_amount(text, currency):
    assert (_one(text).kind, _one(text).currency) == ("amount", currency)


def test_only_two_different_named_currencies_rule_a_match_out():
    assert figure_in_text("86.71美元", "US$86.71")
    assert figure_in_text("86.71美元", "开盘价 86.71")
    assert not figure_in_text("86.71美元", "HK$86.71")


@pytest.mark.parametrize(("gold", "text"), [("13%", "13"), ("13%", "13亿"), ("13", "13%"), ("13%", "13个百分点")])
def test_a_percentage_is_never_an_amount_a_number_or_a_change_in_percentage_points(gold, text):
    assert not figure_in_text(gold, f"同比增长{text}")


def test_percentage_points_and_basis_points_are_one_kind():
    assert _values("3个百分点") == [(3, 3, "points")]
    assert same_figure(_one("50 basis points"), _one("0.5 percentage points"))
    assert _one("50bps").value == Decimal("0.5")


@pytest.mark.parametrize(("text", "equal"), [("316亿", True), ("315.9亿", True), ("315.8亿", False), ("320亿", False)])
def test_rounding_within_half_a_percent_is_the_same_figure_and_beyond_it_is_not(text, equal):
    assert figure_in_text("317.42亿", f"收入约{text}") is equal


def test_the_tolerance_boundary_itself_is_inside():
    assert same_figure(_one("100亿"), _one("99.5亿"))
    assert not same_figure(_one("100亿"), _one("99.4亿"))
    assert not same_figure(_one("100亿"), _one("99.5亿"), tolerance=0.001)


def test_a_figure_the_text_does_not_state_is_not_found():
    assert not figure_in_text("317.42亿", "阿里云收入为 300 亿元")
    assert not figure_in_text("13%", "收入增长强劲")
    assert unbacked("增长 15%", [CLOUD_PASSAGE]) == [_one("15%")]


def test_a_quarter_or_a_product_label_is_no_figure():
    assert figures_in("Q4 revenue") == []
    assert figures_in("4Q24 revenue") == []
    assert figures_in("FY2025 outlook") == []
    assert figures_in("据36kr报道") == []
    assert figures_in("COVID-19 以来") == []


def test_a_quarter_label_in_an_answer_needs_no_cited_passage():
    assert unbacked("Q4 revenue was RMB 31.742 billion", [CLOUD_PASSAGE], "What was cloud revenue last quarter?") == []


def test_a_year_is_no_amount_so_a_year_in_the_passage_does_not_back_an_amount():
    assert _one("2024年").kind == "year"
    assert not figure_in_text("2024元", "2024年收入增长")
    assert [figure.text for figure in unbacked("股价为 2020 美元", ["重回 2020 年巅峰期的 300 美元"])] == ["2020 美元"]


def test_a_bare_number_from_the_question_needs_no_source_but_an_amount_from_it_does():
    question = "2024年抖音电商的GMV大约是多少？"
    assert unbacked("2024年GMV约3.5万亿元", ["GMV 约 3.5 万亿元"], question) == []
    assert [figure.text for figure in unbacked("GMV约3.5万亿元", [], "GMV是3.5万亿元吗？")] == ["3.5万亿元"]


def test_a_range_whose_ends_the_passage_states_apart_is_backed():
    passage = "本季度收入同比增长 32%,高于上季度 29% 的增速"
    assert unbacked("增速在29%到32%之间", [passage]) == []
    assert [figure.text for figure in unbacked("增速在29%到35%之间", [passage])] == ["29%到35%"]


def test_a_figure_given_as_one_end_of_a_source_range_is_backed():
    assert unbacked("约70%用于推理", ["新需求中约 60%-70% 是用于推理的"]) == []
    assert [figure.text for figure in unbacked("约80%用于推理", ["新需求中约 60%-70% 是用于推理的"])] == ["80%"]


def _scored(text: str, question: str, passage: str, figures: tuple[str, ...]):
    item = GoldItem("q", question, "en", "figure", True, figures, (), passage)
    chunk = Passage(ChunkRecord("c1", "d", "/s.txt", "t", 0, 0, len(passage), passage), 0.03, 1)
    return score_answer(item, Answer(question, text, (Citation.of(1, chunk),), False, "en", {}), [chunk])


def test_the_scorer_reads_figures_itself_so_a_quarter_label_does_not_fail_a_right_answer():
    result = _scored(
        "Q4 revenue was RMB 31.742 billion [1].", "Cloud revenue last quarter?", CLOUD_PASSAGE, ("317.42亿",)
    )
    assert result.label == "correct", result.reasons


def test_the_scorer_fails_a_figure_outside_any_cited_claim():
    result = _scored("Revenue was RMB 31.742 billion [1], up 15%.", "Cloud revenue?", CLOUD_PASSAGE, ("317.42亿",))
    assert result.label == "incorrect"
    assert result.reasons == ("figure 15% is in no cited passage",)


def test_a_bracketed_figure_is_read_as_the_negative_it_prints():
    assert [(f.value, f.kind, f.text) for f in figures_in("Change: (2)% | $ (2,686) million")] == [
        (Decimal("-2"), "percent", "(2)%"),
        (Decimal("-2.686E+9"), "amount", "$ (2,686) million"),
    ]
    assert figure_in_text("-2%", "Three Months Ended Change: (2)%")
    assert not figure_in_text("-2%", "see note (2) of 5%")


def test_a_percentage_rounding_to_the_gold_at_its_printed_decimals_states_it():
    assert figure_in_text("23%", "up +22.5%") and figure_in_text("8%", "+7.9%")
    assert not figure_in_text("23%", "up 22.4%")
    assert not figure_in_text("1.68个百分点", "增加1.7个百分点")  # the gold is finer than the answer
    assert not figure_in_text("23%", "$22.5 million")
