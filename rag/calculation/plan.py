"""Calculations planned by code: the operation a question's wording asks for, over the table rows it names.

Most arithmetic an analyst asks of a filing has a handful of shapes: a line item's change or percentage change
between two periods, its average or sum over periods, one line item as a share or ratio of another, the
difference or sum of two. Where a question has one of those shapes and names rows of the tables retrieved, code
picks the operands (the row by its name, the column by its year) and writes the formula; a 1.5B model asked for
the same picked the wrong column or row one time in three (averaging three quarters of four, a total for a row).
Anything else (no shape recognised, a row not named well enough, a period no column holds) is left to the
model's calculation step (`rag.calculation.formula`), whose operands are checked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from fintext.years import without_years, years_in
from fintext.years import period_year
from ingest import Fact
from ingest.facts import compares_periods
from rag.calculation.calculate import printed_number
from rag.calculation.formula import Formula
from rag.calculation.lookup import score_rows, span_of, terms
from rag.types import Operand

# The shapes, most specific first: a percentage change is a change, a share is a ratio.
_OPERATIONS = (
    # A rate's "absolute percentage change" is its change in points, not its growth.
    ("change", re.compile(r"\babsolute (?:percentage )?(?:change|increase|decrease|difference)", re.IGNORECASE)),
    (
        "growth",
        re.compile(
            r"\bpercent(?:age)?\s+(?:change|increase|decrease|growth|rise|decline|fall|drop)"
            r"|%\s*(?:change|increase|decrease)|\bgrowth rate\b|\brate of (?:growth|change|increase|decrease)\b"
            r"|\bby what percent(?:age)?\b|\bhow much percent"
            r"|增长率|增速|增幅|降幅|变动(?:比例|幅度|率)|(?:增长|增加|减少|下降|变动|变化)了?(?:百分之多少|多少%|的?百分比)"
            # Chinese reports print growth as a percentage ("同比增长11.10%"); an amount is asked in its unit.
            r"|增长了?多少(?![万亿千百]*元)",
            re.IGNORECASE,
        ),
    ),
    (
        "share",
        re.compile(
            r"\bas an? (?:percentage|percent|%|proportion|share|fraction|portion) of\b"
            r"|\b(?:what )?(?:percentage|percent|proportion|share|fraction|portion) (?:of|that)\b|占",
            re.IGNORECASE,
        ),
    ),
    ("ratio", re.compile(r"\bratio\b|比率|之比", re.IGNORECASE)),
    ("average", re.compile(r"\baverage\b|\bmean\b|平均", re.IGNORECASE)),
    (
        "sum",
        re.compile(r"\bsum\b|\bcombined\b|\baltogether\b|\bin total\b(?=\s*[?.,]|$)|\btotal of\b|合计|总和|之和|共计", re.I),
    ),
    (
        "change",
        re.compile(
            r"\bchange\b|\bincrease\b|\bdecrease\b|\bdifference\b|\bdiffer\b"
            r"|\bhow much (?:more|less|higher|lower|larger|smaller|bigger)\b"
            r"|变动|变化|增加|减少|增长|下降|相差|差额|差异|多多少|少多少|高多少|低多少",
            re.IGNORECASE,
        ),
    ),
)
# Ratios analysts name rather than define: how a question names one, the rows of its numerator and denominator (in
# either language, any one found), whether it is a percentage. Asked only when no other operation is.
_NAMED_RATIOS = (
    (re.compile(r"净利率|净利润率|销售净利率|net (?:profit )?margin", re.I), ("净利润", "net income"), ("营业收入", "revenue"), True),
    (re.compile(r"毛利率|gross (?:profit )?margin", re.I), ("毛利", "gross profit", "gross margin"), ("营业收入", "revenue"), True),
    (re.compile(r"营业利润率|operating (?:profit )?margin", re.I), ("营业利润", "operating income"), ("营业收入", "revenue"), True),
    (
        re.compile(r"资产负债率|(?:debt|liabilit(?:y|ies))[- ]to[- ]assets?(?: ratio)?", re.I),
        ("负债合计", "total liabilities"),
        ("资产总计", "total assets"),
        True,
    ),
    (re.compile(r"流动比率|current ratio", re.I), ("流动资产合计", "total current assets"), ("流动负债合计", "total current liabilities"), False),
)  # fmt: skip
# "What is the total X in 2018 and 2019?": a total over the periods named, not the row called "Total".
_TOTAL = re.compile(r"\btotal\b|总计|总共", re.IGNORECASE)
# Asked as a percentage: a share is shown in percent, not as a ratio (a "proportion" is as often 0.48 as 48%).
# A row's "Total" is often dropped when it is asked for ("current assets" of "Total current assets").
_TOTAL_PREFIX = re.compile(r"^\s*total\s+|^合计|^总计", re.IGNORECASE)
_IN_PERCENT = re.compile(r"percent|%|百分|比例|占比|比重", re.IGNORECASE)
# The figures asked are themselves percentages ("the change in the percent of total sales"), not a result in percent.
_OF_PERCENTAGES = re.compile(r"\b(?:percent(?:age)?|%)\s+of\b|占比|比重", re.IGNORECASE)
_RATE_WORDS = re.compile(r"percent|%|\brates?\b|margin|ratio|yield|\bwacc\b|率|比例|占比|比重", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?"
# A day of a month as questions and column heads print it: "July 27", "27 July", "Jul. 27".
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\b|\b(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')}", re.IGNORECASE)
# A span of years: "2017-2019", "from 2017 to 2019", "between 2017 and 2019", "2017至2019年".
_YEAR_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:-|–|to|through|and|至|到|—|~)\s*(?:fiscal\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
# Two line items in one question: the words holding both, and what may stand between them ("X as a percentage of Y",
# "ratio of X to Y", "difference between X and Y", "X占Y的比例"). The words are split at each place the separator
# stands, and the split whose halves both name a row best is taken: "the ratio of cost of revenue to revenue".
_BETWEEN = r"in|of|to|over|against|within|among|relative to|compared (?:to|with)|divided by"
_TWO_ITEMS = (
    # "What percentage of the total unrealized gain is generated from U.S. government obligations": the whole first.
    (
        re.compile(
            r"(?:percentage|percent|proportion|share|portion) of (?P<rest>(?:the )?total .+)$", re.IGNORECASE
        ),
        r"\s(?:is|was|are|were)\s+(?:generated |made up |accounted for |represented |contributed )?(?:from|of|by|for|in|using)?\s*",
        True,
    ),
    (re.compile(r"^(?P<rest>.+)$"), r"\s+as an? (?:percentage|percent|%|proportion|share|fraction|portion|ratio) of\s+", False),
    (
        re.compile(r"(?:percentage|percent|proportion|share|fraction|portion|ratio|constitution) of\s+(?P<rest>.+)$", re.I),
        rf"\s+(?:{_BETWEEN})\s+",
        False,
    ),
    (re.compile(r"(?P<rest>[\w\s,'-]+?)\s+ratio\b", re.IGNORECASE), r"[\s-]+to[\s-]+", False),
    (re.compile(r"(?:difference|sum|total) (?:between|of)\s+(?P<rest>.+)$", re.IGNORECASE), r"\s+and\s+", False),
    (re.compile(r"(?P<rest>[^，,]+?)的?(?:比例|比重|百分比|比率)"), r"占", False),
    (re.compile(r"(?P<rest>[^，,]+?)(?:之|的)?(?:比|差额|差|合计|之和|总和)"), r"与|和", False),
)
# What a question says around the line item and the operation: "What was the", "in fiscal", "是多少".
_SCAFFOLD = re.compile(
    r"\b(?:what|how much|how|was|were|is|are|the|did|does|do|in|for|of|from|to|between|and|by|year|years|fiscal"
    r"|period|value|amount|absolute|annual|over|during|at|as|end)\b|是多少|为多少|多少|是|年度|年",
    re.IGNORECASE,
)
_PUNCTUATION = re.compile(r"[?？。.,，;；:：()（）]")


@dataclass(frozen=True)
class Plan:
    """A calculation set up by code: the `operation`, its operands (table cells, in the order `expression` names
    them) and the `expression` over their printed numbers, as `rag.calculation.calculate.compute` reads one."""

    operation: str
    operands: tuple[Fact, ...]
    expression: str
    name: str = ""  # what the question calls the result, for a named ratio ("净利率", "current ratio")

    def formula(self, chunk_ids: Sequence[str], language: str) -> Formula:
        """The plan as `rag.calculation.formula.calculate` computes one, each operand citing its chunk's place in `chunk_ids`."""
        operands = tuple(
            Operand(f"{fact.label} ({fact.header})", fact.value, chunk_ids.index(fact.chunk_id) + 1)
            for fact in self.operands
        )
        return Formula(self.quantity(language), operands, self.expression)

    def quantity(self, language: str) -> str:
        """What the result is, as the answer names it: "Percentage change of Revenue (2019, 2018)"."""
        chinese = language == "zh"
        labels = {"a": self.operands[0].label, "b": self.operands[-1].label}
        if self.name:
            name, heads = self.name, [self.operands[0].header]
        elif self.operation in _PAIR_NAMES:
            name, heads = _PAIR_NAMES[self.operation][chinese].format(**labels), [self.operands[0].header]
        else:
            name, heads = _ROW_NAMES[self.operation][chinese].format(**labels), [fact.header for fact in self.operands]
        return f"{name}（{'、'.join(heads)}）" if chinese else f"{name} ({', '.join(heads)})"


# How an answer names a result: (English, Chinese).
_ROW_NAMES = {
    "growth": ("Percentage change of {a}", "{a}增长率"),
    "change": ("Change of {a}", "{a}变动"),
    "average": ("Average of {a}", "{a}平均值"),
    "sum": ("Sum of {a}", "{a}合计"),
}
_PAIR_NAMES = {
    "share": ("{a} as a share of {b}", "{a}占{b}的比例"),
    "ratio": ("Ratio of {a} to {b}", "{a}与{b}之比"),
    "difference": ("{a} minus {b}", "{a}与{b}之差"),
    "pair sum": ("{a} plus {b}", "{a}与{b}合计"),
}


def operations_of(question: str) -> list[str]:
    """The operations `question` may ask for, the likeliest first ("growth", "share", "ratio", "average", "sum",
    "change"): "the change in the percent of total sales" is a change if no share of two rows is found."""
    found = list(dict.fromkeys(name for name, pattern in _OPERATIONS if pattern.search(question)))
    if not found and _TOTAL.search(question) and len(_years_named(question)) >= 2:
        return ["sum"]
    if not found and _named_ratio(question):
        return ["named ratio"]
    return found


def _named_ratio(question: str) -> tuple[str, tuple[str, ...], tuple[str, ...], bool] | None:
    """The named ratio `question` asks for: as it names it, its numerator's and denominator's rows, in percent."""
    for name, top, bottom, percent in _NAMED_RATIOS:
        if match := name.search(question):
            return match.group(), top, bottom, percent
    return None


def plan_calculation(
    question: str,
    facts: Sequence[Fact],
    periods: dict[str, str],
    names: Iterable[str],
    vocabulary: frozenset[str],
    min_score: float,
    asked_as: str = "",
) -> Plan | None:
    """The calculation `question` asks for over `facts` (one company's table cells, in reading order), or None
    when its shape is none of the known ones or a row or column it needs is not found (see `lookup_fact` for
    `periods`, `names`, `vocabulary`, `min_score` and `asked_as`, the question as the user wrote it, whose years
    are the ones asked)."""
    if not facts:
        return None
    rows = _Rows(facts, tuple(names), vocabulary, min_score)
    plans = (_planned(question, asked_as or question, name, rows, periods) for name in operations_of(question))
    return next(filter(None, plans), None)


def _planned(question: str, original: str, operation: str, rows: _Rows, periods: dict[str, str]) -> Plan | None:
    years = _years_named(original, spread=operation in ("average", "sum"))
    if operation == "named ratio":
        return _named(question, rows, years, periods)
    if operation in ("share", "ratio") or (operation in ("change", "sum") and not _asks_periods(years)):
        pair = _pair(without_years(question), rows)
        if pair is not None:
            return _two_rows(operation, pair, years, periods, question)
        if operation in ("share", "ratio"):
            return None
    row = rows.best(_subject(question, operation))
    if row is None:
        return None
    return _one_row(operation, row, years, periods, question)


def _asks_periods(years: list[int]) -> bool:
    return len(years) >= 2


def _years_named(question: str, spread: bool = False) -> list[int]:
    """The years `question` names, earliest first; with `spread`, every year of a span it names ("from 2017 to
    2019" averages three years; a change over it compares its ends)."""
    years = set(years_in(question))
    if spread:
        for match in _YEAR_RANGE.finditer(question):
            first, last = sorted((int(match[1]), int(match[2])))
            years.update(range(first, last + 1))
    return sorted(years)


def _subject(question: str, operation: str) -> str:
    """`question` without its operation's words and its years: what is left names the line item(s)."""
    for name, pattern in _OPERATIONS:
        if name == operation:
            question = pattern.sub(" ", question)
    return without_years(question)


def _words(subject: str) -> str:
    return " ".join(_SCAFFOLD.sub(" ", _PUNCTUATION.sub(" ", subject)).split())


@dataclass(frozen=True)
class _Rows:
    """The table rows a question's line items are looked for in, and how well a name must match."""

    facts: Sequence[Fact]
    names: tuple[str, ...]
    vocabulary: frozenset[str]
    min_score: float

    def best(self, subject: str) -> list[Fact] | None:
        """The cells of the row `subject` names best (`match`), or None below `min_score`."""
        found = self.match(subject)
        return found[1] if found and found[0] >= self.min_score else None

    def match(self, subject: str) -> tuple[float, list[Fact]] | None:
        """How well the row `subject` names best is named, and its cells; None when no row shares a word with it.

        A row is named by its whole label, its own without its group's caption ("Appliances" under "Communications
        Solutions"), or that without a leading "Total"; on a tie the row its own label names better wins, then its
        whole label, then the first."""
        words = _words(subject)
        # A rate's row answers a question about a rate only: "total net revenue" is not "Percentage of total net revenues".
        rates = bool(_RATE_WORDS.search(subject))
        dated = [fact for fact in self.facts if fact.year is not None and (rates or not _is_rate(fact.value))]
        variants = [dated, [replace(fact, label=_own_label(fact)) for fact in dated]]
        variants.append([replace(fact, label=_TOTAL_PREFIX.sub("", fact.label)) for fact in variants[1]])
        scored = (score_rows(words, facts, self.names, self.vocabulary, said=subject) for facts in variants)
        whole, own, bare = ([score for score, _ in found] for found in scored)
        if not whole:
            return None
        keys = [(max(scores), scores[1], scores[0], -index) for index, scores in enumerate(zip(whole, own, bare))]
        best = max(keys)
        first = dated[-best[-1]]
        return best[0], [fact for fact in self.facts if fact.doc_id == first.doc_id and fact.row == first.row]


def _own_label(fact: Fact) -> str:
    return fact.label.removeprefix(fact.caption).strip() or fact.label


def _pair(text: str, rows: _Rows) -> tuple[list[Fact], list[Fact]] | None:
    """The two rows a question naming two line items names ("X as a percentage of Y"), in its order; None when it
    names no two or either is not found, or both halves find the same row."""
    text = " ".join(_PUNCTUATION.sub(" ", text).split())
    for pattern, separator, reversed_order in _TWO_ITEMS:
        if not (match := pattern.search(text)):
            continue
        rest = match["rest"]
        splits = [(rest[: cut.start()], rest[cut.end() :]) for cut in re.finditer(separator, rest, re.IGNORECASE)]
        found = [(rows.match(first), rows.match(second)) for first, second in splits]
        scored = [
            (min(a[0], b[0]), a[1], b[1])
            for a, b in found
            if a and b and (a[1][0].doc_id, a[1][0].row) != (b[1][0].doc_id, b[1][0].row)
        ]
        if scored and (best := max(scored, key=lambda entry: entry[0]))[0] >= rows.min_score:
            return (best[2], best[1]) if reversed_order else (best[1], best[2])
    return None


def _one_row(operation: str, row: list[Fact], years: list[int], periods: dict[str, str], question: str) -> Plan | None:
    """A calculation over cells of one row: its change or growth between two periods, its average or sum."""
    if len(dated := _dated_cells(row, question)) >= 2:
        # Periods named by their days ("the quarters ended January 26 and April 27, 2019"), latest first.
        cells, years = dated, sorted(fact.year for fact in dated)  # type: ignore[misc]
        chosen: list[Fact] | None = dated
    else:
        cells = _period_cells(row, question)
        chosen = None
    if not cells:
        return None
    if operation in ("change", "growth"):
        pair = (chosen[0], chosen[-1]) if chosen else _two_periods(cells, years)
        if pair is None:
            return None
        later, earlier = pair
        a, b = _number(later), _number(earlier)
        expression = f"{a} - {b}" if operation == "change" else f"({a} - {b}) / {b} * 100"
        return Plan(operation, (later, earlier), expression)
    if operation in ("average", "sum"):
        chosen = chosen or _several_periods(cells, years, operation, periods)
        if len(chosen) < 2:
            return None
        total = " + ".join(_number(fact) for fact in chosen)
        expression = f"({total}) / {len(chosen)}" if operation == "average" else total
        return Plan(operation, tuple(chosen), expression)
    return None


def _dated_cells(row: list[Fact], question: str) -> list[Fact]:
    """The row's cells whose heads print a day the question names, one a day, latest first; [] unless it names
    two or more days the heads print."""
    named = _days(question)
    if len(named) < 2:
        return []
    found: dict[tuple[int, int], Fact] = {}
    for fact in row:
        days = [day for day in _days(fact.header) if day in named]
        if fact.year is not None and len(days) == 1 and not compares_periods(fact.header):
            found.setdefault(days[0], fact)
    return sorted(found.values(), key=lambda fact: (fact.year, *_days(fact.header)[0]), reverse=True) if len(found) >= 2 else []


def _days(text: str) -> list[tuple[int, int]]:
    """The (month, day) pairs `text` names."""
    return [
        (_MONTHS.index((match["month"] or match["month2"])[:3].lower()) + 1, int(match["day"] or match["day2"]))
        for match in _MONTH_DAY.finditer(text)
    ]


def _is_rate(value: str) -> bool:
    return value.rstrip().endswith(("%", "％", "points", "百分点"))


def _named(question: str, rows: _Rows, years: list[int], periods: dict[str, str]) -> Plan | None:
    """A named ratio ("净利率", "current ratio") from the rows its definition names, of the period asked."""
    name, top, bottom, percent = _named_ratio(question)  # type: ignore[misc]
    numerator, denominator = (_first_row(names, rows) for names in (top, bottom))
    if numerator is None or denominator is None:
        return None
    plan = _two_rows("ratio", (numerator, denominator), years, periods, question)
    if plan is None:
        return None
    expression = plan.expression.removesuffix(" * 100") + (" * 100" if percent else "")
    return replace(plan, expression=expression, name=name)


def _first_row(names: Sequence[str], rows: _Rows) -> list[Fact] | None:
    return next(filter(None, (rows.best(name) for name in names)), None)


def _two_rows(
    operation: str, pair: tuple[list[Fact], list[Fact]], years: list[int], periods: dict[str, str], question: str
) -> Plan | None:
    """A calculation over two rows' cells of one period: a share, a ratio, a difference or a sum."""
    first_cells, second_cells = (_period_cells(row, question) for row in pair)
    common = sorted({fact.year for fact in first_cells} & {fact.year for fact in second_cells}, reverse=True)
    document_years = [period_year(periods.get(fact.doc_id, "")) for fact in first_cells[:1]]
    if years:
        wanted = years[-1] if len(years) == 1 else None
    else:
        wanted = next((year for year in document_years if year in common), common[0] if common else None)
    if wanted is None or wanted not in common:
        return None
    a = next(fact for fact in first_cells if fact.year == wanted)
    b = next(fact for fact in second_cells if fact.year == wanted)
    expressions = {
        # A proportion or a share is as often written 0.87 as 87%: in percent when the question says so.
        "share": f"{_number(a)} / {_number(b)}" + (" * 100" if _IN_PERCENT.search(question) else ""),
        "ratio": f"{_number(a)} / {_number(b)}" + (" * 100" if _IN_PERCENT.search(question) else ""),
        "change": f"{_number(a)} - {_number(b)}",
        "sum": f"{_number(a)} + {_number(b)}",
    }
    named = {"change": "difference", "sum": "pair sum"}.get(operation, operation)
    return Plan(named, (a, b), expressions[operation])


def _period_cells(row: list[Fact], question: str) -> list[Fact]:
    """The row's cells of one period each, of the span the question names (else of the first cell's span): a
    change column names no period, and a row printing a quarter and its year to date gives each year twice. Of
    two columns of one year ("Subscribers 2019", "Net additions 2019") the one whose head the question names, a
    column of percentages ("% of Total") when it asks of percentages."""
    asked = span_of(question)
    dated = [fact for fact in row if fact.year is not None and not compares_periods(fact.header)]
    dated = [fact for fact in dated if printed_number(fact.value) is not None]
    if not dated:
        return []
    span = asked if any(span_of(fact.header) == asked for fact in dated) else span_of(dated[0].header)
    asked_terms = terms(question)
    of_percentages = bool(_OF_PERCENTAGES.search(question))

    def named(fact: Fact) -> int:
        return len(terms(fact.header) & asked_terms) + (of_percentages and _is_rate(fact.value))

    kept: dict[int, Fact] = {}
    for fact in dated:
        if span_of(fact.header) != span:
            continue
        held = kept.get(fact.year)  # type: ignore[arg-type]
        if held is None or named(fact) > named(held):
            kept[fact.year] = fact  # type: ignore[index]
    return list(kept.values())


def _two_periods(cells: list[Fact], years: list[int]) -> tuple[Fact, Fact] | None:
    """The later and the earlier cell a change is asked between: the years named (their ends), else the one year
    named and the year before it, else the row's two latest."""
    by_year = {fact.year: fact for fact in cells}
    if len(years) >= 2:
        later, earlier = years[-1], years[0]
    elif len(years) == 1:
        later, earlier = years[0], years[0] - 1
    else:
        latest = sorted(by_year, reverse=True)  # type: ignore[arg-type]
        if len(latest) < 2:
            return None
        later, earlier = latest[0], latest[1]
    if later not in by_year or earlier not in by_year:
        return None
    return by_year[later], by_year[earlier]


def _several_periods(cells: list[Fact], years: list[int], operation: str, periods: dict[str, str]) -> list[Fact]:
    """The cells an average or a sum is over: the years named; one year named, for an average, that year and the
    year before (an average balance is of the year's opening and closing); none named, every period the row
    prints."""
    by_year = {fact.year: fact for fact in cells}
    if len(years) == 1 and operation == "average":
        years = [years[0] - 1, years[0]]
    if not years:
        return sorted(cells, key=lambda fact: -(fact.year or 0))
    if any(year not in by_year for year in years):
        return []
    return [by_year[year] for year in sorted(years, reverse=True)]


def _number(fact: Fact) -> str:
    """The cell's number as the expression writes it: unsigned, without separators (compute signs it)."""
    number = printed_number(fact.value)
    assert number is not None
    return f"{abs(number)}"
