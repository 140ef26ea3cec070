"""Derived figures: computed by code from cited cells, with an expression anyone can evaluate again."""

import dataclasses

import pytest

from rag.calculation.calculate import change, compute, evaluate, recomputes, working
from rag.types import Derived, Operand

NOW = Operand("Operating income (Year Ended June 30, 2019)", "42,959 million")
BEFORE = Operand("Operating income (Year Ended June 30, 2018)", "35,058 million")


def test_evaluate_reads_arithmetic_only():
    assert evaluate("(42959 - 35058) / 35058 * 100") == pytest.approx(22.53694)
    assert evaluate("-2686 - 1000") == -3686


@pytest.mark.parametrize("expression", ["__import__('os')", "2 ** 10", "x + 1", "1 / 0", "[1]", "1 +"])
def test_evaluate_refuses_anything_else(expression):
    with pytest.raises(ValueError):
        evaluate(expression)


def test_a_change_of_amounts_is_their_difference_in_the_cells_unit_and_the_growth_in_percent():
    difference, growth = change(NOW, BEFORE, "en")
    assert (difference.result, growth.result) == ("+7,901 million", "+22.54%")
    assert growth.expression == "(42959 - 35058) / 35058 * 100" and growth.value == pytest.approx(22.53694)
    assert (difference.kind, growth.kind) == ("difference", "growth")
    yuan = change(Operand("a", "94,915,380,916.72元"), Operand("b", "85,429,573,467.25元"), "zh")
    assert [derived.result for derived in yuan] == ["+9,485,807,449.47元", "+11.10%"]


def test_a_change_of_percentages_is_in_points_then_relative_and_a_loss_has_no_growth():
    points, growth = change(Operand("a", "44.5%"), Operand("b", "43.3%"), "zh")
    assert (points.kind, points.result) == ("change", "+1.2个百分点")
    assert (growth.kind, growth.result) == ("growth", "+2.77%")
    (difference,) = change(Operand("a", "$ -2,686 million"), Operand("b", "$ 1,000 million"), "en")
    assert difference.result == "-$3,686 million"


def test_cells_of_different_units_are_not_compared():
    assert change(Operand("a", "42,959 million"), Operand("b", "35,058元"), "en") == ()
    assert change(Operand("a", "12.5%"), Operand("b", "3,000 million"), "en") == ()


def test_a_derived_figure_recomputes_only_as_stated_and_over_its_own_operands():
    difference, growth = change(NOW, BEFORE, "en")
    assert recomputes(difference) and recomputes(growth)
    assert not recomputes(dataclasses.replace(growth, result="+27.0%"))  # the model's arithmetic
    assert not recomputes(dataclasses.replace(growth, result="-22.5%"))
    assert not recomputes(dataclasses.replace(growth, expression="(42959 - 30000) / 30000 * 100"))
    assert not recomputes(dataclasses.replace(growth, expression="open('x')"))


def test_the_working_names_the_result_the_expression_and_each_operand():
    _, growth = change(NOW, BEFORE, "en")
    assert working(growth) == (
        "+22.54% = (42959 - 35058) / 35058 * 100 ([1] Operating income (Year Ended June 30, 2019): 42,959 million; "
        "[1] Operating income (Year Ended June 30, 2018): 35,058 million)"
    )


def test_a_formula_reconciles_scales_and_keeps_an_expression_that_recomputes():
    derived = compute(
        "466.97 / 94915380916.72 * 100", [Operand("a", "466.97亿元"), Operand("b", "94,915,380,916.72元")], False, "zh"
    )
    assert (derived.kind, derived.result) == ("percent", "49.20%")
    assert derived.expression == "466.97 / (94915380916.72 / 100000000) * 100" and recomputes(derived)


def test_a_formula_takes_a_bare_cell_in_the_unit_of_the_amounts_beside_it():
    derived = compute("(5686 + 1221) / 2", [Operand("a", "$ 5,686 million"), Operand("b", "1,221")], False, "en")
    assert (derived.kind, derived.result) == ("amount", "$3,453.50 million") and recomputes(derived)


def test_a_difference_of_percentages_is_in_points_and_a_plain_ratio_has_no_unit():
    assert (
        compute("4.00 - 1.90", [Operand("a", "4.00%"), Operand("b", "1.90%")], False, "en").result
        == "2.10 percentage points"
    )
    assert compute("2664 / 909", [Operand("a", "2,664"), Operand("b", "909")], False, "en").result == "2.93"


@pytest.mark.parametrize(
    "expression",
    [
        "44.1 * 56.7",  # two amounts multiplied
        "44.1 + 4.00",  # an amount and a percentage added
        "44.1 - 7.5",  # 7.5 is no operand
        "(44.1 - 44.1) / 44.1",  # one figure computed with itself
        "44.1 / (56.7 - 56.7)",  # division by zero
        "__import__('os')",
    ],
)
def test_a_formula_whose_units_or_numbers_do_not_add_up_computes_nothing(expression):
    operands = [Operand("a", "44.1 million"), Operand("b", "56.7 million"), Operand("c", "4.00%")]
    assert compute(expression, operands, True, "en") is None


def test_a_recomputed_result_allows_powers_of_ten_and_an_averages_count_but_no_other_number():
    operands = (Operand("a", "10 million"), Operand("b", "20 million"))
    assert recomputes(Derived("amount", "(10 + 20) / 2", operands, "15 million", 15.0))
    assert not recomputes(Derived("amount", "(10 + 20) / 7", operands, "4.29 million", 4.2857))


def test_a_negative_cell_keeps_its_sign_where_the_formula_dropped_it():
    losses = [Operand("2019", "(0.1)"), Operand("2018", "(0.9)")]
    assert compute("(0.1 + 0.9) / 2", losses, False, "en").result == "-0.50"
    assert compute("(-0.1 + -0.9) / 2", losses, False, "en").result == "-0.50"


def test_an_averages_count_is_no_operand_that_prints_the_same_number():
    incentives = [Operand("Incentive schemes (2019 €m)", "€2 million"), Operand("Incentive schemes (2018 €m)", "€3 million")]
    derived = compute("(2 + 3) / 2", incentives, False, "en")
    assert (derived.kind, derived.result, derived.expression) == ("amount", "€2.50 million", "(2 + 3) / 2")
    losses = [Operand("2019", "(2)"), Operand("2018", "(4)")]
    assert compute("(2 + 4) / 2", losses, False, "en").result == "-3.00"  # the count keeps its sign
    assert compute("(4 - 2) / 2", [Operand("2019", "4 million"), Operand("2018", "2 million")], False, "en").kind == "ratio"
