"""Derived figures: computed by code from cited cells, with an expression anyone can evaluate again."""

import dataclasses

import pytest

from rag.calculate import change, evaluate, recomputes, working
from rag.types import Operand

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


def test_a_change_of_percentages_is_in_points_and_a_loss_has_no_growth():
    (points,) = change(Operand("a", "44.5%"), Operand("b", "43.3%"), "zh")
    assert (points.kind, points.result) == ("change", "+1.2个百分点")
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
