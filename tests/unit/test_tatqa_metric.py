"""TAT-QA's metric on hand-worked cases: scales applied, percentages both ways, DROP's normalisation and F1."""

import pytest

from evals.tatqa_metric import answer_string, gold_answers, normalize, prediction_strings, score


def test_an_arithmetic_answer_in_millions_matches_its_value_written_out():
    # -12.6 million: round(-12.6, 2) * 1e6 = -12600000.0000 on both sides.
    result = score(gold_answers(-12.6, "arithmetic"), "million", "arithmetic", "-12600000", "")
    assert (result.em, result.f1) == (1.0, 1.0)


def test_a_percentage_matches_its_fraction_and_itself():
    gold = gold_answers(23.42, "arithmetic")
    assert score(gold, "percent", "arithmetic", "0.2342", "").em == 1.0  # the unrounded reading of a lone number
    assert score(gold, "percent", "arithmetic", "23.42", "percent").em == 1.0
    assert score(gold, "percent", "arithmetic", "23.42%", "").em == 1.0  # "%" printed: the scale is in the text


def test_a_span_printed_with_a_percent_sign_matches_a_percentage_predicted_with_its_scale():
    assert answer_string(["36%"], "") == "0.3600"
    assert score(["36%"], "", "span", "36.0", "percent").em == 1.0
    assert score(["36%"], "", "span", "36", "").em == 0.0  # 36 of no scale is not 36%


@pytest.mark.parametrize("pred_scale", ["percent", ""])
def test_a_percentage_off_in_its_last_decimal_does_not_match(pred_scale):
    result = score(gold_answers(23.42, "arithmetic"), "percent", "arithmetic", "23.4", pred_scale)
    assert (result.em, result.f1) == (0.0, 0.0)


def test_a_span_printed_with_dollars_and_commas_matches_the_bare_number_in_its_scale():
    assert answer_string(["$1,496.5"], "million") == "1496500000.0000"
    assert score(["$1,496.5"], "million", "span", "1496.5", "million").em == 1.0


def test_accounting_brackets_are_a_negative_number():
    assert answer_string(["(12.6)"], "") == "-12.6000"


def test_a_multi_span_answer_half_given_scores_a_partial_f1_and_no_em():
    gold = ["fixed-price type", "cost-plus type", "time-and-material type"]
    result = score(gold, "", "multi-span", "fixed-price type and cost-plus type", "")
    assert result.em == 0.0
    assert 0.0 < result.f1 < 1.0


def test_a_text_span_with_one_word_too_many_is_not_exact():
    gold = ["our allowable incurred costs plus a profit"]
    result = score(gold, "", "span", "our allowable incurred costs plus a profit margin", "")
    assert result.em == 0.0
    # gold tokens {our, allowable, incurred, costs, plus, profit}: precision 6/7, recall 1, F1 0.92
    assert result.f1 == 0.92


def test_a_count_matches_its_number_however_printed():
    assert gold_answers("3", "count") == ["3"]
    assert score(gold_answers("3", "count"), "", "count", "3.0", "").em == 1.0


def test_arithmetic_gets_no_partial_credit():
    result = score(["1234.5"], "", "arithmetic", "1234.5 thousand dollars", "")
    assert result.f1 == result.em == 0.0


def test_an_empty_prediction_scores_nothing():
    assert score(["2019"], "", "span", "", "") == score(["2019"], "", "span", "  ", "")
    assert score(["2019"], "", "span", "", "").em == 0.0


def test_text_takes_its_scale_as_a_word_and_answers_are_sorted():
    assert answer_string(["b text", "a text"], "million") == "a text million b text million"


def test_drop_normalisation_lowercases_drops_articles_punctuation_and_reads_numbers():
    assert normalize("The Fixed-Price, type") == "fixed price type"
    assert normalize("1496500000.0000") == "1496500000.0"
    assert normalize("were $1,294,253, respectively") == "were 1294253.0 respectively"


def test_figures_written_in_a_sentence_earn_part_of_a_multi_span_numbers_f1():
    gold = ["$1,294,253", "$1,139,927"]
    result = score(gold, "", "multi-span", "The values in 2018 and 2019 are $1,294,253 and $1,139,927, respectively.", "")
    assert result.em == 0.0
    assert 0.0 < result.f1 < 1.0


def test_a_lone_unscaled_number_is_also_read_as_printed():
    assert prediction_strings("0.2342", "") == ["0.2300", "0.2342"]
    assert prediction_strings("0.2342", "percent") == ["0.0023"]


def test_a_wrong_number_in_a_text_span_earns_no_f1():
    # DROP's F1 is 0 when the gold states numbers and the prediction none of them, whatever words they share.
    result = score(["increased by 5 percent"], "", "span", "increased by 6 percent", "")
    assert result.f1 == 0.0
