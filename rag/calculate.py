"""Derived figures: results computed by code from figures a passage prints, each with its working, recomputable.

A 1.5B model's arithmetic is not to be trusted ("increased by 27.0%" for 42,959 over 35,058), and the grounding
check rightly removes a figure no passage prints. A figure computed here is neither: its operands are cells the
answer cites, its expression is kept beside it, and anyone (the grounding check, the eval) can evaluate it again.
"""

from __future__ import annotations

import ast
import operator
import re
from decimal import Decimal

from ingest.figures import printed_decimals
from rag.types import Derived, Operand

# The first number of a cell as printed: "$ 42,959 million" → "42,959"; an accounting negative "(2,686)" is signed.
_NUMBER = re.compile(r"\(?-?\d[\d,]*(?:\.\d+)?\)?")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
# Growth is shown to two decimals, as Chinese filings print it ("10.29%"); a US filing's whole percent ("23%") is its rounding.
_PERCENT_DECIMALS = 2
_POINTS = {"zh": "个百分点", "en": " percentage points"}


def evaluate(expression: str) -> float:
    """The value of an arithmetic `expression` of numbers, + - * / and brackets; ValueError for anything else.

    Never `eval`: an expression may one day come from a model's output, so only this whitelist is walked.
    """
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        raise ValueError(f"not an arithmetic expression: {expression!r}") from error
    return _value(tree.body, expression)


def _value(node: ast.AST, expression: str) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, expression)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _value(node.left, expression), _value(node.right, expression)
        if isinstance(node.op, ast.Div) and right == 0:
            raise ValueError(f"division by zero in {expression!r}")
        return _OPERATORS[type(node.op)](left, right)
    raise ValueError(f"not an arithmetic expression: {expression!r}")


def recomputes(derived: Derived) -> bool:
    """Whether `derived.expression` is over its operands' numbers only and, evaluated again, gives the value its
    result states to the result's printed decimals."""
    allowed = {_plain(abs(number)) for operand in derived.operands if (number := _number(operand.text)) is not None}
    if {_plain(number) for number in re.findall(r"\d+(?:\.\d+)?", derived.expression)} - allowed - {"100"}:
        return False
    try:
        value = evaluate(derived.expression)
    except ValueError:
        return False
    stated = _number(derived.result)
    if stated is None or (value < 0) != derived.result.lstrip().startswith("-"):
        return False
    return abs(abs(value) - abs(float(stated))) <= 0.5 * 10 ** -printed_decimals(derived.result) + 1e-9


def change(current: Operand, prior: Operand, language: str) -> tuple[Derived, ...]:
    """How `current` moved from `prior`, two cells printed in one unit: for amounts, the difference in that unit
    and, when both are positive, the growth in percent (a loss's "growth" means nothing); for percentages, the
    move in percentage points. Empty when the cells' units differ, as nothing comparable could be said."""
    now, before = _number(current.text), _number(prior.text)
    if now is None or before is None or _unit(current.text) != _unit(prior.text):
        return ()
    difference = now - before
    if "%" in current.text:
        return (Derived("change", f"{now} - {before}", (current, prior), _signed(difference) + _POINTS[language], float(difference)),)  # fmt: skip
    amount = _NUMBER.sub(f"{abs(difference):,}", current.text, count=1).replace("$ ", "$").strip()
    derived = [Derived("difference", f"{now} - {before}", (current, prior), ("-" if difference < 0 else "+") + amount, float(difference))]  # fmt: skip
    if before > 0 and now > 0:
        growth = float(difference / before * 100)
        result = _signed(Decimal(f"{growth:.{_PERCENT_DECIMALS}f}")) + "%"
        derived.append(Derived("growth", f"({now} - {before}) / {before} * 100", (current, prior), result, growth))
    return tuple(derived)


def working(derived: Derived) -> str:
    """One line saying how `derived` was computed, for the CLI and the UI: result, expression, operands."""
    operands = "; ".join(f"[{operand.marker}] {operand.name}: {operand.text}" for operand in derived.operands)
    return f"{derived.result} = {derived.expression} ({operands})"


def _number(text: str) -> Decimal | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    digits = match.group().replace(",", "")
    negative = digits.startswith("(") and digits.endswith(")")
    return -Decimal(digits.strip("()")) if negative else Decimal(digits.strip("()"))


def _unit(text: str) -> str:
    """What a cell prints beside its number: "$ million", "元", "%"."""
    return re.sub(r"\s+", "", _NUMBER.sub("", text, count=1))


def _signed(number: Decimal) -> str:
    return f"{number}" if number < 0 else f"+{number}"


def _plain(number: str | Decimal | float) -> str:
    return f"{Decimal(str(number).replace(',', '')).normalize():f}"
