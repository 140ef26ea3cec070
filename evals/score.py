"""Scoring one answer against its gold item: correct / incorrect / abstained, FinanceBench-style."""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from evals.figures import Figure, figure_in_text, figures_in, states, unbacked
from evals.gold import GoldItem
from rag import Answer, Derived, Passage
from rag.calculation.calculate import constants
from rag.checks.citations import strip_markers

_SPACE = re.compile(r"\s+")
# Read here rather than through rag.checks.citations' claim splitting, so the eval does not share the checked code's reading.
_MARKER_RUN = re.compile(r"(?:\s*\[\d+\])+")
_MARKER_NUMBER = re.compile(r"\[(\d+)\]")
_PATH_SEPARATOR = re.compile(r"[\\/]")
# How the eval itself recomputes each kind of derived figure from its (current, prior) operands.
# The kinds of figure a formula computes (`rag.calculation.calculate.compute`), and what each is as a figure.
_FORMULA_KINDS = {"amount": "amount", "percent": "percent", "points": "points", "ratio": "count"}
_EXACT = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_PRINTED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ARITHMETIC = {
    "difference": lambda current, prior: current - prior,
    "growth": lambda current, prior: (current - prior) / prior * 100,
    "change": lambda current, prior: current - prior,
}


@dataclass(frozen=True)
class ItemResult:
    """How one gold item fared; `reasons` says why an answer was judged incorrect."""

    id: str
    question: str
    lang: str
    category: str
    answerable: bool
    abstained: bool
    label: str  # "correct", "incorrect" or "abstained" (an answerable question left unanswered)
    answer: str
    reasons: tuple[str, ...]
    citation_hit: bool | None  # None where it does not apply (unanswerable, abstained, no evidence)
    evidence_rank: int | None  # 1-based rank of the first retrieved passage holding the evidence
    timings: dict[str, float]


def score_answer(item: GoldItem, answer: Answer, retrieved: list[Passage]) -> ItemResult:
    """Label `answer`, check its citations against the evidence, and rank the evidence among `retrieved`."""
    reasons = _reasons(item, answer)
    if answer.abstained:
        label = "correct" if not item.answerable else "abstained"
    else:
        label = "incorrect" if reasons else "correct"
    return ItemResult(
        id=item.id,
        question=item.question,
        lang=item.lang,
        category=item.category,
        answerable=item.answerable,
        abstained=answer.abstained,
        label=label,
        answer=answer.text,
        reasons=tuple(reasons),
        citation_hit=_citation_hit(item, answer),
        evidence_rank=_evidence_rank(item, retrieved),
        timings=dict(answer.timings),
    )


def _reasons(item: GoldItem, answer: Answer) -> list[str]:
    if answer.abstained:
        return []
    if not item.answerable:
        return ["answered a question the documents do not answer"]
    text = strip_markers(answer.text)
    reasons = [f"missing figure {gold}" for gold in item.figures if not figure_in_text(gold, text)]
    reasons += [f"missing phrase {phrase}" for phrase in item.key_phrases if not _contains(text, phrase)]
    sources = {citation.marker: citation.text for citation in answer.citations}
    reasons += [
        f"figure {figure.text.strip()} is in no cited passage"
        for claim, markers in _claims(answer.text)
        for figure in unbacked(claim, _backing(answer, [sources.get(marker, "") for marker in markers]), item.question)
    ]
    return reasons


def _backing(answer: Answer, cited: list[str]) -> list[str]:
    """What backs a claim citing the passages `cited`: their text, and each result the answer computed that the
    eval recomputes itself from operands those passages state (its own arithmetic, not the expression given),
    with the constants of its working."""
    recomputed = [
        derived
        for derived in answer.derived
        if _recomputes(derived) and all(not unbacked(operand.text, cited) for operand in derived.operands)
    ]
    return cited + [text for derived in recomputed for text in (derived.result, *constants(derived))]


def _recomputes(derived: Derived) -> bool:
    operands = [figures_in(operand.text) for operand in derived.operands]
    results = figures_in(derived.result)
    if derived.kind in _FORMULA_KINDS and len(results) == 1 and all(len(found) == 1 for found in operands):
        return _formula_recomputes(derived, [found[0] for found in operands], results[0])
    if derived.kind not in _ARITHMETIC or len(results) != 1 or [len(found) for found in operands] != [1, 1]:
        return False
    (current,), (prior,) = operands
    if derived.kind == "growth" and prior.value == 0:
        return False
    value = _ARITHMETIC[derived.kind](current.value, prior.value)
    kind = {"growth": "percent", "change": "points"}.get(derived.kind, current.kind)
    return states(Figure(value, kind, current.currency), results[0])


def _claims(text: str) -> list[tuple[str, list[int]]]:
    """The answer cut after each run of [n] markers: each stretch of text with the markers that cite it."""
    claims = []
    start = 0
    for run in _MARKER_RUN.finditer(text):
        claims.append((text[start : run.start()], [int(number) for number in _MARKER_NUMBER.findall(run.group())]))
        start = run.end()
    return [*claims, (text[start:], [])]


def _contains(text: str, phrase: str) -> bool:
    return _SPACE.sub("", phrase).lower() in _SPACE.sub("", text).lower()


def _citation_hit(item: GoldItem, answer: Answer) -> bool | None:
    if not item.answerable or answer.abstained or not item.evidence:
        return None
    return any(holds_evidence(item, citation.text, citation.source, citation.page) for citation in answer.citations)


def _evidence_rank(item: GoldItem, retrieved: list[Passage]) -> int | None:
    if not item.evidence:
        return None
    return next(
        (
            passage.rank
            for passage in retrieved
            if holds_evidence(item, passage.chunk.text, passage.chunk.source, passage.chunk.page)
        ),
        None,
    )


def holds_evidence(item: GoldItem, text: str, source: str, page: int | None) -> bool:
    """Whether a passage (its `text`, the `source` path and the 1-based `page` it starts on) holds `item`'s evidence.

    An item that names its `source` file or its `pages` is pinned to them: the evidence must be in the text,
    spaces and line breaks aside (a filing's table is re-rendered at will), the path must end with that file name
    and the page must be one of `pages`. An item naming neither needs only the evidence, verbatim, in the text.
    """
    if not (item.source or item.pages):
        return item.evidence in text
    if _SPACE.sub("", item.evidence) not in _SPACE.sub("", text):
        return False
    if item.source and _file_name(source) != item.source:
        return False
    return not item.pages or page in item.pages


def _file_name(path: str) -> str:
    return _PATH_SEPARATOR.split(path)[-1]


def _formula_recomputes(derived: Derived, operands: list[Figure], result: Figure) -> bool:
    """Whether a formula the model set up evaluates, in the eval's own exact arithmetic, to the result stated: its
    numbers the operands' as printed (or a power of ten, an average's count), an amount in the first operand's scale."""
    printed = [_printed_number(operand.text) for operand in derived.operands]
    value = exact_value(derived.expression, {abs(number) for number in printed if number is not None}, len(printed))
    if value is None:
        return False
    kind, currency = _FORMULA_KINDS[derived.kind], ""
    if kind == "amount":
        first, number = operands[0], printed[0]
        kind, currency = first.kind, first.currency
        value *= Fraction(first.value) / abs(Fraction(number)) if number else 1
    return states(Figure(Decimal(value.numerator) / Decimal(value.denominator), kind, currency), result)


def _printed_number(text: str) -> Decimal | None:
    match = _PRINTED_NUMBER.search(text)
    return Decimal(match.group().replace(",", "")) if match else None


def exact_value(expression: str, operands: set[Decimal], n_operands: int) -> Fraction | None:
    """`expression` evaluated in fractions, or None when it is not + - * / over `operands` (numbers as printed, without
    sign) and allowed constants: powers of ten and an average's count."""
    try:
        tree = ast.parse(expression, mode="eval").body
        return _fraction(tree, operands, n_operands)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def _fraction(node: ast.AST, operands: set[Decimal], n_operands: int) -> Fraction:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        number = Decimal(str(node.value))
        power_of_ten = number > 0 and number.log10() == number.log10().to_integral_value()
        if number not in operands and not power_of_ten and not (number == int(number) <= max(2, n_operands)):
            raise ValueError(f"{number} is no operand")
        return Fraction(number)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_fraction(node.operand, operands, n_operands)
    if isinstance(node, ast.BinOp) and type(node.op) in _EXACT:
        return _EXACT[type(node.op)](
            _fraction(node.left, operands, n_operands), _fraction(node.right, operands, n_operands)
        )
    raise ValueError("not arithmetic")
