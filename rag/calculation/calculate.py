"""Derived figures: results computed by code from figures a passage prints, each with its working, recomputable.

A 1.5B model's arithmetic is not to be trusted ("increased by 27.0%" for 42,959 over 35,058), and the grounding
check rightly removes a figure no passage prints. A figure computed here is neither: its operands are cells the
answer cites, its expression is kept beside it, and anyone (the grounding check, the eval) can evaluate it again.
"""

from __future__ import annotations

import ast
import copy
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from fintext.figures import parse_figure, printed_decimals
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
    allowed = _operand_numbers(derived)
    numbers = {_plain(number) for number in re.findall(r"\d+(?:\.\d+)?", derived.expression)}
    if any(not _constant_allowed(Decimal(number), len(derived.operands)) for number in numbers - allowed):
        return False
    try:
        value = evaluate(derived.expression)
    except ValueError:
        return False
    stated = printed_number(derived.result)
    if stated is None or (value < 0) != derived.result.lstrip().startswith("-"):
        return False
    return abs(abs(value) - abs(float(stated))) <= 0.5 * 10 ** -printed_decimals(derived.result) + 1e-9


def constants(derived: Derived) -> list[str]:
    """The numbers of `derived`'s expression that are none of its operands': the 100 of a percentage, an average's
    count, a unit conversion's power of ten."""
    operands = _operand_numbers(derived)
    return [number for number in re.findall(r"\d+(?:\.\d+)?", derived.expression) if _plain(number) not in operands]


def _operand_numbers(derived: Derived) -> set[str]:
    return {_plain(abs(number)) for operand in derived.operands if (number := printed_number(operand.text)) is not None}


def change(current: Operand, prior: Operand, language: str) -> tuple[Derived, ...]:
    """How `current` moved from `prior`, two cells printed in one unit: the difference in that unit (for
    percentages, in percentage points) and, when both are positive, the growth in percent (a loss's "growth"
    means nothing). Empty when the cells' units differ, as nothing comparable could be said."""
    now, before = printed_number(current.text), printed_number(prior.text)
    if now is None or before is None or _unit(current.text) != _unit(prior.text):
        return ()
    difference = now - before
    if "%" in current.text:
        derived = [Derived("change", f"{now} - {before}", (current, prior), _signed(difference) + _POINTS[language], float(difference))]  # fmt: skip
    else:
        amount = _NUMBER.sub(f"{abs(difference):,}", current.text, count=1).replace("$ ", "$").strip()
        derived = [Derived("difference", f"{now} - {before}", (current, prior), ("-" if difference < 0 else "+") + amount, float(difference))]  # fmt: skip
    # A rate's relative change too ("percentage change in the discount rate", 3.75% → 4.00%: +6.67%), after its points.
    if before > 0 and now > 0:
        growth = float(difference / before * 100)
        result = _signed(Decimal(f"{growth:.{_PERCENT_DECIMALS}f}")) + "%"
        derived.append(Derived("growth", f"({now} - {before}) / {before} * 100", (current, prior), result, growth))
    return tuple(derived)


def working(derived: Derived) -> str:
    """One line saying how `derived` was computed, for the CLI and the UI: result, expression, operands."""
    operands = "; ".join(f"[{operand.marker}] {operand.name}: {operand.text}" for operand in derived.operands)
    return f"{derived.result} = {derived.expression} ({operands})"


def printed_number(text: str) -> Decimal | None:
    """The first number `text` prints, signed ("(2,686)" is -2686); None without one."""
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


# Beside the operands, a formula may use powers of ten (×100 for a percentage, a unit conversion) and the count of
# its operands (an average's divisor): any other number in it would be a figure no passage states.
_MAX_POWER = 12


def compute(expression: str, operands: Sequence[Operand], percent: bool, language: str) -> Derived | None:
    """The figure `expression` computes over `operands`, each a figure as its passage prints it, or None when it
    cannot be trusted: a number in it is neither an operand nor an allowed constant (`_constant_allowed`), the
    units do not reconcile (a sum of dollars and percentages, a product of two amounts), or it divides by zero.

    Each operand's scale is reconciled (亿元 with 元, thousands with millions): the expression kept is rewritten in
    the unit of its first amount, so that it still evaluates to the result as printed. A ratio of like amounts is a
    percentage when `expression` multiplies it by 100 or the question asks for one (`percent`), else a plain ratio;
    a difference of percentages is in percentage points.
    """
    try:
        tree = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return None
    quantities = _quantities(operands)
    try:
        unit = _unit_of(tree, quantities, len(operands))
    except ValueError:
        return None
    used = [quantities[key] for key in _operand_keys(tree, quantities)]
    # One figure computed with itself ("(19911 - 19911) / 19911") is a formula gone wrong, not a result.
    if len(used) < 2:
        return None
    target = next((quantity.unit for quantity in used if quantity.unit.kind == "amount"), used[0].unit)
    rewritten = ast.unparse(_in_unit(tree, quantities, target.power))
    if unit is None and (percent or _times_hundred(tree)):
        kind = "percent"
        rewritten = rewritten if _times_hundred(tree) else f"({rewritten}) * 100"
    else:
        kind = "ratio" if unit is None else {"percent": "points", "amount": "amount", "number": "amount"}[unit.kind]
    try:
        value = evaluate(rewritten)
    except ValueError:
        return None
    additive = all(isinstance(node.op, (ast.Add, ast.Sub)) for node in ast.walk(tree) if isinstance(node, ast.BinOp))
    decimals = max(printed_decimals(quantity.operand.text) for quantity in used) if additive else _PERCENT_DECIMALS
    result = _result_text(value, kind, decimals, used[0].operand.text if kind == "amount" else "", language)
    return Derived(kind, rewritten, tuple(quantity.operand for quantity in used), result, value)


@dataclass(frozen=True)
class _Unit:
    """What an operand measures: "amount" (of `currency`, printed in units of 10**`power`), "percent" or a bare
    "number" (a table cell whose unit the table states elsewhere)."""

    kind: str
    currency: str = ""
    power: int = 0


@dataclass(frozen=True)
class _Quantity:
    operand: Operand
    number: Decimal
    unit: _Unit


def _quantities(operands: Sequence[Operand]) -> dict[str, _Quantity]:
    """Each operand by its printed number. A bare cell beside amounts takes the first amount's unit: a table
    prints "$" and "million" once, in its first row or its caption, not on every cell."""
    found = {}
    for operand in operands:
        number = printed_number(operand.text)
        if number is not None:
            found.setdefault(_plain(abs(number)), _Quantity(operand, number, _operand_unit(operand.text, number)))
    amount = next((quantity.unit for quantity in found.values() if quantity.unit.kind == "amount"), None)
    if amount is None:
        return found
    return {
        key: replace(quantity, unit=amount) if quantity.unit.kind == "number" else quantity
        for key, quantity in found.items()
    }


def _operand_unit(text: str, number: Decimal) -> _Unit:
    figure = parse_figure(text)
    if figure.kind == "percent":
        return _Unit("percent")
    if figure.kind == "number" or number == 0:
        return _Unit("number")
    return _Unit("amount", figure.currency, round(math.log10(abs(figure.low) / abs(float(number)))))


def _unit_of(node: ast.AST, quantities: dict[str, _Quantity], n_operands: int) -> _Unit | None:
    """The unit `node` computes (None: a pure number, such as a ratio of like amounts); ValueError when its units
    do not reconcile or it holds a number that is neither an operand nor an allowed constant."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        key = _plain(node.value)
        if key in quantities:
            return quantities[key].unit
        if not _constant_allowed(Decimal(key), n_operands):
            raise ValueError(f"{key} is no operand")
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _unit_of(node.operand, quantities, n_operands)
    if not (isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS):
        raise ValueError("not arithmetic")
    left = _unit_of(node.left, quantities, n_operands)
    right = None if _is_count_divisor(node) else _unit_of(node.right, quantities, n_operands)
    if isinstance(node.op, (ast.Add, ast.Sub)):
        if not _alike(left, right):
            raise ValueError("unlike units added")
        return left
    if isinstance(node.op, ast.Mult):
        if left is not None and right is not None:
            raise ValueError("two quantities multiplied")
        return left or right
    if right is None:
        return left
    if not _alike(left, right):
        raise ValueError("unlike units divided")
    return None


def _is_count_divisor(node: ast.AST) -> bool:
    """Whether `node` divides a sum of n terms by n, an average: its divisor is the count, not an operand that
    happens to print the same number ("(2 + 3) / 2" over "€2 million" and "€3 million")."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Div)
        and isinstance(node.right, ast.Constant)
        and _n_terms(node.left) > 1
        and node.right.value == _n_terms(node.left)
    )


def count_offsets(expression: str) -> set[int]:
    """Where in `expression` an average's divisor (`_is_count_divisor`) starts."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return set()
    return {node.right.col_offset for node in ast.walk(tree) if _is_count_divisor(node)}  # type: ignore[attr-defined]


def _n_terms(node: ast.AST) -> int:
    """How many terms a sum adds (1 for anything that is no sum)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _n_terms(node.left) + _n_terms(node.right)
    return 1


def _alike(left: _Unit | None, right: _Unit | None) -> bool:
    """Whether two units may be added or divided into a ratio: both pure numbers, both percentages, or amounts of
    one currency (a scale apart is reconciled)."""
    if left is None or right is None:
        return left is right
    # A cell without its currency ("39,240 million" under "$ in millions") is in its table's, not another one.
    return left.kind == right.kind and (not left.currency or not right.currency or left.currency == right.currency)


def _constant_allowed(number: Decimal, n_operands: int) -> bool:
    is_power_of_ten = number > 0 and number == 10 ** round(math.log10(number)) and number <= 10**_MAX_POWER
    return is_power_of_ten or (number == int(number) and 2 <= number <= max(2, n_operands))


def _operand_keys(tree: ast.AST, quantities: dict[str, _Quantity]) -> list[str]:
    """The operands `tree` uses, in the order it names them, each once."""
    counts = {id(node.right) for node in ast.walk(tree) if _is_count_divisor(node)}
    keys = [_plain(node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant) and id(node) not in counts]
    return list(dict.fromkeys(key for key in keys if key in quantities))


def _in_unit(tree: ast.AST, quantities: dict[str, _Quantity], power: int) -> ast.AST:
    """`tree` with each amount printed at another scale than 10**`power` converted to it ("94915380916.72 /
    100000000"), and each negative cell ("(0.1)") negative where the formula dropped its sign."""

    def scaled(node: ast.Constant) -> ast.AST:
        quantity = quantities.get(_plain(node.value))
        if quantity is None or quantity.unit.kind != "amount" or quantity.unit.power == power:
            return node
        shift = quantity.unit.power - power
        return ast.BinOp(node, ast.Mult() if shift > 0 else ast.Div(), ast.Constant(10 ** abs(shift)))

    class Converter(ast.NodeTransformer):
        def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
            if _is_count_divisor(node):
                node.left = self.visit(node.left)  # the count stays a count
                return node
            return self.generic_visit(node)

        def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
            if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
                return ast.UnaryOp(ast.USub(), scaled(node.operand))  # the model wrote the sign itself
            return self.generic_visit(node)

        def visit_Constant(self, node: ast.Constant) -> ast.AST:
            quantity = quantities.get(_plain(node.value))
            negative = quantity is not None and quantity.number < 0
            return ast.UnaryOp(ast.USub(), scaled(node)) if negative else scaled(node)

    return Converter().visit(copy.deepcopy(tree))


def _times_hundred(tree: ast.AST) -> bool:
    """Whether the formula's last step multiplies by 100: it computes a percentage itself."""
    return (
        isinstance(tree, ast.BinOp)
        and isinstance(tree.op, ast.Mult)
        and any(isinstance(side, ast.Constant) and side.value == 100 for side in (tree.left, tree.right))
    )


def _result_text(value: float, kind: str, decimals: int, template: str, language: str) -> str:
    """The result as an answer prints it: "-22.22%", "2.10 percentage points", "1.52", or in the first operand's
    unit ("-12.6 million", "-$94 million")."""
    number = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 and float(number.replace(",", "")) != 0 else ""
    if kind == "percent":
        return f"{sign}{number}%"
    if kind == "points":
        return f"{sign}{number}{_POINTS[language]}"
    if kind == "ratio":
        return f"{sign}{number}"
    return sign + _NUMBER.sub(number, template.replace("(", "").replace(")", ""), count=1).replace("$ ", "$").strip()
