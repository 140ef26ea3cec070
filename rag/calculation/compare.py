"""Comparisons across companies: one scoped answer a side, then the verdict and the difference computed by code.

"茅台和苹果谁的营业利润更高？" is two lookups, not one: each company's figure comes from its own documents (a
search over both finds one of them, and a small model then compares a figure with a guess). The verdict is code's:
both figures parsed, compared in one unit, the difference computed (`rag.calculation.calculate.compute`) and cited to both
sides. A side the documents do not answer is named, never guessed; figures in different currencies are shown
side by side without a verdict, since no exchange rate is in the documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fintext.figures import extract_figures, parse_figure
from rag.calculation.calculate import compute, printed_number
from rag.checks.citations import strip_markers
from rag.retrieval.scoping import replace_names
from rag.types import Answer, Citation, Derived, Operand

# A question asking which of two is higher, or to compare them.
_ASKS_COMPARISON = re.compile(
    r"谁|哪家|哪个|哪一|更高|更低|更多|更少|更大|更小|比较|对比|相比|\bcompare|\bwhich\b|\bhigher\b|\blower\b|\blarger\b"
    r"|\bsmaller\b|\bmore than\b|\bless than\b|\bversus\b|\bvs\.?",
    re.IGNORECASE,
)
_MESSAGES = {
    "zh": {
        "higher": "{name}更高，高出{difference}（计算：{working}）",
        "equal": "两者相同",
        "units": "两者单位不同（{a}、{b}），未作比较",
        "missing": "文档中没有找到{name}的这一数据，无法比较",
        "periods": "（注意：两者的报告期不同）",
    },
    "en": {
        "higher": "{name} is higher, by {difference} (computed: {working})",
        "equal": "The two are equal",
        "units": "The two are in different units ({a}, {b}), so they are not compared",
        "missing": "The documents do not give this figure for {name}, so the two cannot be compared",
        "periods": " (note: the two reports cover different periods)",
    },
}


# What is left of a comparison once its names and these words are gone is the measure each side is asked for.
_COMPARISON_WORDS = {
    "zh": re.compile(r"谁的|谁|哪家公司的?|哪家的?|哪个的?|哪一个的?|哪一家的?|更高|更低|更多|更少|更大|更小|比较一下|比较|对比|相比|是多少|和|与|跟|及|、|[，,？?。]"),
    "en": re.compile(
        r"\b(?:which|who|compare[sd]?|company|companies|of the two|had|has|have|did|does|was|were|is|the|a|higher|lower"
        r"|larger|smaller|bigger|greater|more|less|or|and|vs\.?|versus|between)\b|['’]s\b|[,?]",
        re.IGNORECASE,
    ),
}  # fmt: skip


def side_question(question: str, names: Sequence[str], company: str, language: str) -> str:
    """The question one side answers: the measure `question` compares (without the sides' `names` and the words of
    comparing) asked of `company` alone: "茅台和苹果谁的营业利润更高？" → "<company>营业利润是多少？"."""
    measure = " ".join(_COMPARISON_WORDS[language].sub(" ", replace_names(question, names, " ")).split())
    if language == "zh":
        return f"{company}{measure.replace(' ', '')}是多少？"
    return f"What was {company}'s {measure}?"


@dataclass(frozen=True)
class Side:
    """One company's answer to its share of a comparison: the figure it states (as printed) and the citation
    backing it; `figure` is "" when the documents did not answer for this company."""

    company: str
    answer: Answer
    figure: str = ""
    citation: Citation | None = None
    period: str = ""  # the period of the company's documents

    @property
    def label(self) -> str:
        """The side as the answer names it: its company and, since two reports rarely cover one period, the period."""
        return f"{self.company} ({self.period})" if self.period else self.company


def asks_comparison(question: str) -> bool:
    return bool(_ASKS_COMPARISON.search(question))


def side_of(company: str, answer: Answer, period: str = "") -> Side:
    """`answer` read as one side: the cell a lookup read, else the one figure the answer states, with its citation."""
    if answer.abstained or not answer.citations:
        return Side(company, answer)
    if answer.facts:
        figure = answer.facts[0].value
    else:
        figures = {
            parse_figure(figure.text).low: figure.text.strip() for figure in extract_figures(strip_markers(answer.text))
        }
        if len(figures) != 1:
            return Side(company, answer)
        (figure,) = figures.values()
    citation = next((c for c in answer.citations if any(f.low == parse_figure(figure).low for f in extract_figures(c.text))), None)  # fmt: skip
    return Side(company, answer, figure, citation, period) if citation else Side(company, answer, period=period)


def compose(sides: Sequence[Side], language: str) -> tuple[str, tuple[Derived, ...]]:
    """The comparison as text citing the n-th side with a figure as [n], and the difference computed (empty when
    none could be: a side is missing, or the two are in different units)."""
    text, derived = _composed(sides, language)
    return text.strip(), derived


def _composed(sides: Sequence[Side], language: str) -> tuple[str, tuple[Derived, ...]]:
    messages = _MESSAGES[language]
    separator, stop, colon = ("；", "。", "：") if language == "zh" else ("; ", ". ", ": ")
    # Marker n cites the n-th side that has a figure.
    present = [side for side in sides if side.figure]
    stated = separator.join(
        f"{side.label}{colon}{side.figure}{_marker(n, language)}" for n, side in enumerate(present, 1)
    )
    stated = f"{stated}{stop}" if stated else ""
    if missing := [side.label for side in sides if not side.figure]:
        return stated + messages["missing"].format(
            name=("、" if language == "zh" else " and ").join(missing)
        ) + stop, ()
    both = _marker(1, language) + _marker(2, language)
    first, second = parse_figure(sides[0].figure), parse_figure(sides[1].figure)
    # A cell without its currency ("39,240 million" under "$ in millions") is not in another one.
    if first.kind != second.kind or (first.currency and second.currency and first.currency != second.currency):
        return stated + messages["units"].format(a=sides[0].figure, b=sides[1].figure) + both + stop, ()
    if first.low == second.low:
        return stated + messages["equal"] + both + stop, ()
    operands = [Operand(side.label, side.figure, n) for n, side in enumerate(sides[:2], 1)]
    higher, lower = operands if first.low > second.low else operands[::-1]
    # The numbers as printed, unsigned: `compute` gives a negative cell its sign back.
    expression = " - ".join(f"{abs(printed_number(operand.text) or 0)}" for operand in (higher, lower))
    difference = compute(expression, [higher, lower], False, language)
    if difference is None:
        return stated, ()
    working = f"{higher.text} − {lower.text}"
    verdict = messages["higher"].format(name=higher.name, difference=difference.result, working=working)
    if sides[0].period != sides[1].period:
        verdict += messages["periods"]
    return stated + verdict + both + stop, (difference,)


def _marker(number: int, language: str) -> str:
    return f"[{number}]" if language == "zh" else f" [{number}]"
