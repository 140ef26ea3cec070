"""Figures answered from table facts: the row a question names, in the column of the period it asks for.

A lookup never guesses: it answers only when one company's facts are in scope, the question asks for a figure
(not a reason), names at most one period (or a year and the one before, for a change), and a row's name and the
question cover each other well enough (`min_score`); otherwise the passage path answers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from fintext.figures import Figure, extract_figures, matches_any
from fintext.fiscal import MONTHS, FiscalCalendar, dates_in
from fintext.text import CJK_CHARS, fold_script, fold_width
from fintext.years import year_matches
from fintext.years import period_year
from ingest import Fact
from ingest.facts import compares_periods
from rag.calculation.calculate import change
from rag.retrieval.scoping import without_names
from rag.types import Derived, Operand

# A year naming the report a figure is read from, not the period asked for: "根据2020年年报，2019年的…".
_REPORT_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:年年报|年年度报告|年度报告|年报|年半年报|年第[一二三四1-4]季度报告|年半年度报告"
    r"|(?:annual |quarterly |interim |half-year )?report|form 10-k|10-k|10-q)",
    re.IGNORECASE,
)
# The clause naming the report a figure is read from ("根据贵州茅台2020年年报，", ", according to the 2020 annual
# report"): it names no line item, and its "年报" or "report" would count against every row that does not print it.
_SOURCE_CLAUSE = re.compile(
    rf"(?:根据|依据|按照|据|在)[^，,。；;？?]*?{_REPORT_YEAR.pattern}[^，,。；;？?]*[，,]?"
    rf"|[^，,。；;？?]*?{_REPORT_YEAR.pattern}\s*(?:中|里|内)(?:的)?[，,]?"
    rf"|[，,]?\s*\b(?:according to|as (?:stated|reported|disclosed) in|per|in)\s+[^，,。；;？?]*?{_REPORT_YEAR.pattern}",
    re.IGNORECASE,
)
# A question asking why or how, not how much: a figure would not answer it.
_EXPLAINS = re.compile(
    r"为什么|为何|原因|理由|怎么|如何|\bwhy\b|\breasons?\b|\bdr(?:o|i)ve|\bexplain|\bbecause\b", re.IGNORECASE
)
# How close an answer's figure and a cell's are to be the same reading (an answer copies a cell's digits).
_CELL_TOLERANCE = 1e-4
# The spans a question or a column head names, the longer-than-a-quarter ones first ("前三季度" is not a quarter).
_SPANS = (
    (
        "ytd",
        re.compile(
            r"前三季度|上半年|半年度|1\s*[-—–至到~]\s*[69]\s*月|年初至|累计|(?:six|nine|twenty-six|thirty-nine) (?:months|weeks)"
            r"|year[- ]to[- ]date|first half|first (?:two|three) quarters|first (?:six|nine) months"
            r"|january\s*(?:to|through|-|–)\s*(?:june|september)",
            re.IGNORECASE,
        ),
    ),
    ("quarter", re.compile(r"季度|\bQ[1-4]\b|quarter|(?:three|thirteen) (?:months|weeks)|13 weeks", re.IGNORECASE)),
    ("year", re.compile(r"全年|年度|财年|full[- ]year|fiscal year|years? ended|twelve months|annual", re.IGNORECASE)),
)
# A column of the report's own period or the same one a year before (or its change on it), not a balance at its end.
_REPORT_PERIOD_HEAD = re.compile(r"^(本报告期|本期|上年同期|上期)(?:金额|发生额|数)?(?:$|比)")
# A quarter as questions and heads name it; its number (Chinese numerals and English ordinals by _QUARTER_NUMBERS).
_QUARTER_NAMED = re.compile(
    r"第?([一二三四1-4])季度|\bQ([1-4])\b|\b(first|second|third|fourth)\s+(?:fiscal\s+)?quarter", re.IGNORECASE
)
_PERIOD_QUARTER = re.compile(r"Q([1-4])$")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
# A capitalised English word of three letters or more: a name, when it is not a sentence's first.
_PROPER_NOUN = re.compile(r"\b[A-Z][a-z]{2,}\b")
# How long a year to date a question or a column head names.
_YTD_MONTHS = (
    (6, re.compile(r"上半年|半年度|1\s*[-—–至到~]\s*6\s*月|年初至(?:第)?二季度末|six months|twenty-six weeks|first half"
                   r"|first two quarters|january\s*(?:to|through|-|–)\s*june", re.IGNORECASE)),
    (9, re.compile(r"前三季度|1\s*[-—–至到~]\s*9\s*月|年初至(?:第)?三季度末|nine months|thirty-nine weeks"
                   r"|first three quarters|january\s*(?:to|through|-|–)\s*september", re.IGNORECASE)),
)  # fmt: skip
# A period as a Chinese question names it: "第三季度", "前三季度", "上半年", "1-9月", "年初至三季度末", "单季".
_CHINESE_PERIOD = re.compile(
    r"第?[一二三四1-4]季度(?:末)?|前三季度|[上下]半年|全年|\d{1,2}\s*[-—–至到~]\s*\d{1,2}\s*月|年初至[^，,？?的]{0,6}末|单季度?|年度|年末|年底"
)
_FIRST_CLAUSE = re.compile(r"[？?；;]|[，,]\s*(?:and|以及|并且|同比|比上年|较上年)\b|[，,]\s*and\s")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
# Particles that glue a Chinese question or label together carry no line item ("…股东的净利润", "是多少").
_PARTICLES = frozenset("的了是吗呢么")
# Verbs by which a figure is achieved or recorded ("实现营业收入", "录得收入"): they name no line item, and a
# vocabulary holding them ("内部交易未实现利润") counted "实现" against the row "直销 | 营业收入".
_FILLER_PAIRS = frozenset({"实现", "录得"})
# English function words, by the same reasoning.
_STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "by", "as", "at", "from", "with", "its", "it", "this",
    "that", "what", "which", "how", "much", "many", "was", "were", "is", "are", "did", "does", "do", "be", "been", "has",
    "have", "had", "than",
})  # fmt: skip
# English endings folded by `_stem`, longest first; a stem keeps at least _MIN_STEM letters.
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", ""))
_MIN_STEM = 3
_PERIOD_WORDS = frozenset({"fiscal", "fy"})
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")
# A label's bracketed note ("（净亏损以“－”号填列）", "(in millions)") says how it is printed, not what it is.
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
# A question asking how a figure changed: a cell of the year alone does not answer it.
_ASKS_CHANGE = re.compile(
    r"增长|增减|变化|变动|下降|减少|增加|\b(?:grow|grew|growth|increase|decrease|decline|change|rise|rose|fall|fell)",
    re.IGNORECASE,
)
# A word that redefines a measure: non-GAAP or adjusted EPS is not EPS, nor 扣非净利润 净利润. A row whose name (or
# column) does not print it is not the figure asked, however well the rest matches.
_QUALIFIER = re.compile(r"non[- ]?gaap|adjusted|excluding|扣除|扣非|剔除|不含", re.IGNORECASE)
# A question answered by a year, a name or a list, not by one cell: "In which year was X higher?", "What are the
# components of Y?", "Which of the years had Z above $8,200?".
_ASKS_NOT_A_CELL = re.compile(
    r"\b(?:in )?which (?:of the )?(?:years?|quarters?|periods?|months?|items?|components?|segments?)\b"
    r"|\bwhat (?:are|were) the (?:items|components|types|categories|segments)\b|哪一?年|哪些年|哪个季度|哪些项目|哪些",
    re.IGNORECASE,
)
# A question asking for a share, rate or ratio: an amount does not answer it ("gross margin percentage" is not the
# gross margin in dollars).
_ASKS_SHARE = re.compile(r"percentage|\bpercent\b|\brate\b|\bratio\b|率|比例|占比|百分比", re.IGNORECASE)
_SHARE = re.compile(r"%|百分点|percent", re.IGNORECASE)
# A question asking how many of something (units, people, stores): a sum of money does not answer it.
_ASKS_COUNT = re.compile(r"\bhow many\b|多少(?:个|家|名|人|位|台|辆|吨|件|部|款|瓶)|几(?:个|家|名|位)", re.IGNORECASE)
# Cells of the asked one's row shown beside it (its change on the year before): at most this many.
_MAX_COMPANIONS = 2
# A line item named by this many terms or more (six Chinese character pairs, "扣除非经常性损益"; six English words)
# is specific enough for the one row holding them all to be the one asked (`_sole_row_named`).
_MIN_SOLE_NAME_TERMS = 6
# A question shortening a long line item leaves out a qualifier of up to this many characters ("上市公司").
_MAX_ELIDED = 4
# Filings print a negative in brackets: "(2,686)", "(1)%".
_ACCOUNTING_NEGATIVE = re.compile(r"\((\d[\d,]*(?:\.\d+)?)\)")
# Amounts in 元 this large read more easily in 亿元 (and billions): "94,915,380,916.72元（约949.15亿元）".
_YI = 1e8


@dataclass(frozen=True)
class FactAnswer:
    """The fact a question asks for, the cells of its row worth showing beside it, how well it matched, and
    whether they answer all of it (`complete`: not when it also asks for a change or a second figure that no
    cell beside this one holds)."""

    fact: Fact
    companions: tuple[Fact, ...]
    score: float
    complete: bool = True
    prior: Fact | None = None  # the row's cell of the period before, when the change asked is computed from it
    growth_first: bool = False  # the question asks for a percentage: the growth is the answer, the difference beside it

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (self.fact, *self.companions, *filter(None, [self.prior]))

    def derived(self, language: str) -> tuple[Derived, ...]:
        """The change from `prior` to the asked cell, computed (`rag.calculation.calculate.change`); empty without a prior."""
        if self.prior is None:
            return ()
        derived = change(_operand(self.fact), _operand(self.prior), language)
        return tuple(sorted(derived, key=lambda item: item.kind != "growth")) if self.growth_first else derived


def _operand(fact: Fact) -> Operand:
    return Operand(f"{fact.label} ({fact.header})", _signed(fact.value))


def lookup_fact(
    question: str,
    facts: Sequence[Fact],
    periods: dict[str, str],
    names: Iterable[str],
    vocabulary: frozenset[str],
    min_score: float,
    asked_as: str = "",
    calendars: Mapping[str, FiscalCalendar] | None = None,
) -> FactAnswer | None:
    """The fact answering `question` among `facts` (one company's, in reading order), or None.

    `asked_as` is the question as the user wrote it when `question` is its translation: the period asked is read
    from it (a small model's translation drops or changes years: "…2019年…according to the 2020 annual report"
    came back as "2020年年报中…"), and it must ask for a figure too. `calendars` are the documents' fiscal
    calendars: a date the question names ("the three months ended April 30, 2023") is of the fiscal year its
    document's columns are named by (Walmart's fiscal 2024).

    `periods` maps each document to the period it reports on ("FY2020", "2023Q2"); `names` are the ways a
    question may name its company ("贵州茅台", "茅台", "600519"), which say whose figure is asked, not which one;
    `vocabulary` the `terms` of every row and column name of its documents (`vocabulary_of`): a question's word
    in none of them ("多少", "what") names no line item. (Counting the words the documents' prose uses as well,
    so that a qualifier no table prints would count against a row, answered 4 fewer gold items from tables and
    no wrong one fewer.)
    """
    original = asked_as or question
    if not facts or any(
        pattern.search(text) for pattern in (_EXPLAINS, _ASKS_NOT_A_CELL) for text in (question, original)
    ):
        return None
    if (years := _asked_years(original)) is None or _names_what_no_row_does(question, names, vocabulary):
        return None
    asked = _Asked(
        years[-1] if years else None, span_of(original), periods, tuple(dates_in(original)), calendars or {},
        ytd_months(original), quarter_named(original),
    )  # fmt: skip
    qualifiers = {_folded(match) for match in _QUALIFIER.findall(question)}
    # "…, and by what percentage did it increase?" asks for an amount and then its change, not for a share.
    share = any(_ASKS_SHARE.search(_first_clause(text)) for text in (question, original))
    counting = asks_count(question) or asks_count(original)
    words = line_item_words(question, names, vocabulary)
    scored = [
        (score, fact.year is not None, fact)
        for score, fact in _scored(words, facts, words.said)
        if asked.admits(fact) and _names_measure(fact, qualifiers, share) and not (counting and _is_amount_or_rate(fact.value))
    ]
    scored = _sole_row_named(scored, words, min_score)
    # The best score; on a tie the column naming the year, then the cell naming more of what was asked ("operating
    # profit in Intelligent Cloud": the segment's operating income, not its revenue, which names less and so loses
    # nothing to unsaid words), then a row that answers the whole question, then the earlier row (a report
    # summarises before it details).
    best = max((entry[:2] for entry in scored), default=(0.0, False))
    if best[0] < min_score:
        return None
    later_clauses = _FIRST_CLAUSE.split(question.strip(), maxsplit=1)[1:]
    change_asked = asks_change(question) or asks_change(original)
    percent_asked = any(_ASKS_SHARE.search(text) for text in (question, original))
    more_asked = change_asked or any(re.search(r"\w", clause) for clause in later_clauses)
    wanted = _Wanted(more_asked, change_asked, growth_first=percent_asked)
    named_well = [fact for score, named, fact in scored if (score, named) == best]
    tied = [
        _answer(fact, facts, asked, best[0], wanted)
        for fact in sorted(named_well, key=lambda fact: -_covered(fact, words.content - words.periods))
    ]
    return next((answer for answer in tied if answer.complete), tied[0])


def _covered(fact: Fact, content: frozenset[str]) -> int:
    """How many of the question's line-item words the cell's row and column name (a period's words, "半年", pick
    the column by `_Asked` and do not count: a parent company's "2024 年半年度" is no better named than "本期数")."""
    return len(content & (terms(fact.label) | terms(fact.header)))


def names_quoted(fact: Fact, quoted: str) -> bool:
    """Whether the cell's row or column holds every word `quoted`: then the quote names a part of it."""
    return terms(quoted) <= terms(f"{fact.label} {fact.header}")


def _names_what_no_row_does(question: str, names: Iterable[str], vocabulary: frozenset[str]) -> bool:
    """Whether an English question's first clause names something (a capitalised word past its first, not the
    company's) that no row or column of the tables names: "How much did Cerner contribute to Oracle's total
    revenues?" asks of an acquisition's share, which the "Total revenues" row does not give."""
    clause = _first_clause(without_names(question, names))
    proper = [word for word in _PROPER_NOUN.findall(clause)[1:] if word.lower() not in MONTHS]
    return any(not terms(word) <= vocabulary for word in proper)


def _names_measure(fact: Fact, qualifiers: set[str], share: bool) -> bool:
    """Whether `fact` is of the measure asked: its row or column prints each of the question's `qualifiers`, and it
    is a percentage when the question asks for a `share`."""
    name = _folded(f"{fact.label} {fact.header}")
    return all(qualifier in name for qualifier in qualifiers) and (not share or bool(_SHARE.search(fact.value)))


def asks_change(question: str) -> bool:
    """Whether `question` asks how a figure changed ("同比增长多少", "How much did X grow?")."""
    return bool(_ASKS_CHANGE.search(question))


def asks_count(question: str) -> bool:
    """Whether `question` asks how many of something ("How many iPhone units…", "多少名员工")."""
    return bool(_ASKS_COUNT.search(question))


def _is_amount_or_rate(value: str) -> bool:
    """Whether a cell is a sum of money or a percentage, which answers no "how many"."""
    return bool(_SHARE.search(value)) or any(figure.currency for figure in extract_figures(value))


def _folded(text: str) -> str:
    """`text` as qualifiers are compared: lower case, Simplified, "Non GAAP" and "non-GAAP" alike."""
    return re.sub(r"non[- ]?gaap", "non-gaap", fold_script(fold_width(text)).lower())


def _first_clause(question: str) -> str:
    return _FIRST_CLAUSE.split(question.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class _Wanted:
    """What a question wants besides the cell: `more` than it (a change, a second figure), a `change` of it, and,
    asking a percentage, the growth first (`growth_first`)."""

    more: bool
    change: bool
    growth_first: bool


def _answer(fact: Fact, facts: Sequence[Fact], asked: _Asked, score: float, wanted: _Wanted) -> FactAnswer:
    """`fact` with the cells beside it, complete unless the question wants more than they hold. A change asked of
    a row that prints none is computed from the row's cell of the period before (`_prior`)."""
    companions = _beside(fact, facts, asked)
    if companions or compares_periods(fact.header) or not wanted.more:
        return FactAnswer(fact, companions, score)
    prior = _prior(fact, facts) if wanted.change else None
    return FactAnswer(fact, (), score, complete=prior is not None, prior=prior, growth_first=wanted.growth_first)


def _prior(fact: Fact, facts: Sequence[Fact]) -> Fact | None:
    """The cell of `fact`'s row for the same span one year earlier ("Three Months Ended June 25, 2022" beside
    "Three Months Ended July 1, 2023"), or None."""
    if fact.year is None:
        return None
    return next(
        (
            other
            for other in facts
            if other.doc_id == fact.doc_id
            and other.row == fact.row
            and other.year == fact.year - 1
            and span_of(other.header) == span_of(fact.header)
        ),
        None,
    )


def score_rows(
    question: str, facts: Sequence[Fact], names: Iterable[str], vocabulary: frozenset[str], said: str = ""
) -> list[tuple[float, Fact]]:
    """Each of `facts` with how well its row and column name the line item `question` asks for (`_score`, 0 to
    1); none when the question names no line item (no word of it is in `vocabulary`). See `lookup_fact`. `said`,
    when given, is the wording the line item was asked in before words that name no line item ("during", "period")
    were taken out of `question`: a row's name may still hold them ("Granted during the period")."""
    words = line_item_words(question, names, vocabulary)
    said_terms = words.said | terms(_first_clause(without_names(said, names))) if said else words.said
    return _scored(words, facts, said_terms)


def _scored(words: LineItemWords, facts: Sequence[Fact], said_terms: frozenset[str]) -> list[tuple[float, Fact]]:
    if not words.content - words.periods:
        return []
    return [(_score(fact, words.content, said_terms, words.periods), fact) for fact in facts]


@dataclass(frozen=True)
class LineItemWords:
    """The `terms` a question names its line item with: all it `said` in its first clause (a second one, "同比增长
    多少？", asks for a cell beside it), without the company's names; its `content`, those some row or column of the
    documents prints; and of them the `periods` it asks for ("第三季度"): a period names a column, not the row, so
    a cell whose column does not print it is none the less covered (`_Asked` picks its column), and one whose
    column does is the better named."""

    said: frozenset[str]
    content: frozenset[str]
    periods: frozenset[str]


def line_item_words(question: str, names: Iterable[str], vocabulary: frozenset[str]) -> LineItemWords:
    clause = _first_clause(without_names(_SOURCE_CLAUSE.sub(" ", question), names))
    said = terms(clause)
    return LineItemWords(said, said & vocabulary, said - terms(_CHINESE_PERIOD.sub(" ", clause)))


def _sole_row_named(
    scored: list[tuple[float, bool, Fact]], words: LineItemWords, min_score: float
) -> list[tuple[float, bool, Fact]]:
    """`scored` with the cells of the one row whose label holds every word of a long line-item name the question
    says counted as named well enough: a question shortens "归属于上市公司股东的扣除非经常性损益的净利润" to
    "扣除非经常性损益的净利润", which no other row's label holds whole. A short name ("净利润") or one two rows hold is
    left to the scores."""
    core = words.content - words.periods
    # Pairs no row prints: "于股" where the question left "上市公司" out of "归属于上市公司股东".
    elided = words.said - words.content - words.periods
    if len(core) + len(elided) < _MIN_SOLE_NAME_TERMS:
        return scored
    holders = [(named, fact) for _, named, fact in scored if _holds(fact, core, elided, words.said)]
    if len({_folded(_BRACKETED.sub("", fact.label)) for _, fact in holders}) != 1:
        # Two names of one line item (a summary's "归属于上市公司股东的净利润", the income statement's "归属于母公司股东的
        # 净利润") may still hold one figure in the column asked: then which of them is read makes no difference.
        cells = [fact for named, fact in holders if named] or [fact for _, fact in holders]
        if len({_amount(fact.value) for fact in cells}) != 1:
            return scored
    return [
        (max(score, min_score), named, fact) if _holds(fact, core, elided, words.said) else (score, named, fact)
        for score, named, fact in scored
    ]


def _holds(fact: Fact, core: frozenset[str], elided: frozenset[str], said: frozenset[str]) -> bool:
    """Whether the row's label holds every `core` term of the question's line item and, with the `elided` pairs
    it holds with up to _MAX_ELIDED characters between ("于股" of "归属于上市公司股东"), _MIN_SOLE_NAME_TERMS of them;
    and prints no qualifier the question does not say ("扣除非经常性损益")."""
    label = _BRACKETED.sub("", fact.label)
    unsaid = {_folded(match) for match in _QUALIFIER.findall(label)} - {_folded(q) for q in _QUALIFIER.findall(" ".join(said))}
    held = core <= terms(label) and len(core) + len(elided & _gapped_pairs(label)) >= _MIN_SOLE_NAME_TERMS
    return held and not unsaid


@lru_cache(maxsize=65536)
def _gapped_pairs(text: str) -> frozenset[str]:
    """The Chinese character pairs of `text` with up to _MAX_ELIDED characters between them, in Simplified."""
    found: set[str] = set()
    for run in _CJK_RUN.findall(fold_script(fold_width(text))):
        found.update(run[i] + run[j] for i in range(len(run)) for j in range(i + 2, min(len(run), i + 2 + _MAX_ELIDED)))
    return frozenset(found)


def _amount(value: str) -> str:
    """A cell's number alone, so "74,611,329.88元" and "74,611,329.88" are one figure."""
    return re.sub(r"[^\d.-]", "", _signed(value))


@dataclass(frozen=True)
class _Asked:
    """The period a question asks for: its `year` (None: each document's own), its `span` ("quarter", …, "")."""

    year: int | None
    span: str
    periods: dict[str, str]
    dates: tuple[datetime.date, ...] = ()  # the full dates the question names
    calendars: Mapping[str, FiscalCalendar] = field(default_factory=dict)

    months: int | None = None  # how long a year to date the question asks for (`ytd_months`)
    quarter: int | None = None  # the quarter the question names (`quarter_named`)

    def admits(self, fact: Fact, span: str | None = None) -> bool:
        period = self.periods.get(fact.doc_id, "")
        asked_span = self.span if span is None else span
        return (
            _in_period(fact, self._year_in(fact.doc_id), period_year(period))
            and _same_span(asked_span, fact, period)
            and not (asked_span == "ytd" and _other_months(self.months, fact, period))
            and not (asked_span == "quarter" and _other_quarter(self.quarter, fact, period))
        )

    def _year_in(self, doc_id: str) -> int | None:
        """The year asked, as `doc_id`'s columns name years: a date in its fiscal calendar."""
        calendar = self.calendars.get(doc_id)
        if self.dates and calendar is not None and not calendar.is_calendar_year:
            return calendar.year_of(self.dates[-1])
        return self.year


def _beside(fact: Fact, facts: Sequence[Fact], asked: _Asked) -> tuple[Fact, ...]:
    """The cells of `fact`'s row worth showing with it: those naming no period (its change on the year before),
    of the span asked; beside a line item's own column, only the columns about that item."""
    row = [other for other in facts if other.doc_id == fact.doc_id and other.row == fact.row and other is not fact]
    beside = [other for other in row if other.year is None and asked.admits(other, asked.span or span_of(fact.header))]
    if fact.year is None:
        # A line item's own column ("营业收入") goes with the columns about it ("营业收入比上年增减（%）"), and a
        # change column printed right after it ("营业收入 | 同比（%）") is its change too.
        own = terms(_BRACKETED.sub("", fact.header))
        beside = [
            other
            for other in beside
            if len(own & terms(other.header)) * 2 >= len(own) > 0
            or (other.column == fact.column + 1 and compares_periods(other.header))
        ]
        beside.sort(key=lambda other: (other.column != fact.column + 1, -len(own & terms(other.header))))
    return tuple(beside[:_MAX_COMPANIONS])


@lru_cache(maxsize=65536)
def terms(text: str) -> frozenset[str]:
    """What a row name and a question are compared by: Chinese character pairs (robust to how a phrase is cut),
    in Simplified characters (a Taiwanese "利息淨收益" row is asked about as "利息净收益"), and English words without
    their endings, function words, months or digits."""
    # A possessive names its owner ("Walmart International's net sales" asks of the segment, not of "international'").
    folded = _POSSESSIVE.sub("", fold_script(fold_width(text)).lower())
    found: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        pairs = (run[i : i + 2] for i in range(len(run) - 1))
        found.update(pair for pair in pairs if not _PARTICLES.intersection(pair) and pair not in _FILLER_PAIRS)
    # A hyphenated word counts whole and by its parts: "EARNINGS PER SHARE-DILUTED" names "diluted earnings per
    # share", while "non-GAAP" still asks for a word a "GAAP" row lacks.
    english = [part for word in _WORD.findall(folded) for part in {word, *word.split("-")} if part]
    # A month or "fiscal" names a period ("as of May 31, 2023", "in fiscal 2023"), which the column is matched by
    # (`_Asked`), not a line item.
    found.update(_stem(word) for word in english if word not in _STOPWORDS and word not in MONTHS and word not in _PERIOD_WORDS)
    return frozenset(found)


def _stem(word: str) -> str:
    """`word` without its inflection, so "generated" meets "generate" and "activities" "activity". Hand-rolled
    rather than a stemmer library: row names need only these endings folded, and none is a dependency yet."""
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def answer_text(answer: FactAnswer, language: str) -> str:
    """The answer as a sentence citing the row as [1]: the asked cell first, then its companions, or the change
    computed from the period before with its working."""
    parts = []
    for fact in (answer.fact, *answer.companions):
        value = f"{_signed(fact.value)}{_reading(fact.value, language)}"
        if language == "zh":
            parts.append(
                f"{fact.label}（{fact.header}）：{value}[1]" if fact is answer.fact else f"{fact.header}：{value}[1]"
            )
        else:
            parts.append(
                f"{fact.label} ({fact.header}): {value} [1]" if fact is answer.fact else f"{fact.header}: {value} [1]"
            )
    if derived := answer.derived(language):
        parts.append(_change_text(answer, derived, language))
    return "；".join(parts) + "。" if language == "zh" else "; ".join(parts) + "."


def _change_text(answer: FactAnswer, derived: tuple[Derived, ...], language: str) -> str:
    """The computed change on the prior cell, with the working of its growth (else of its difference)."""
    assert answer.prior is not None
    prior, current = _signed(answer.prior.value), _signed(answer.fact.value)
    results = ("，" if language == "zh" else ", ").join(item.result for item in derived)
    grows = any(item.kind == "growth" for item in derived)
    subtracted = f"({prior})" if prior.startswith("-") else prior  # "− (-42,890,580.25元)", not "− -42,…"
    working = f"({current} − {subtracted}) ÷ {subtracted}" if grows else f"{current} − {subtracted}"
    if language == "zh":
        return f"较{answer.prior.header}（{prior}）变动：{results}（计算：{working}）[1]"
    return f"change on {answer.prior.header} ({prior}): {results} (computed: {working}) [1]"


def of_another_period(
    question: str, figures: Sequence[Figure], facts: Sequence[Fact], periods: Mapping[str, str],
    calendars: Mapping[str, FiscalCalendar],
) -> bool:  # fmt: skip
    """Whether the table cells `figures` (an answer's) are read from are, all of them, of another year or span than
    `question` asks (`_Asked.admits`, as a lookup chooses its column): a 第三季度报告's nine-month R&D expense for
    "单季（7-9月）", a 2023 column for 2024. False when no figure is a cell of `facts`, and when the question
    names no year or span, or two years (a change: the earlier year's cell is part of the answer)."""
    years = _asked_years(question)
    span = span_of(question)
    if years is None or not (years or span) or len({year for _, _, year in year_matches(question)}) > 1:
        return False
    asked = _Asked(
        years[-1] if years else None, span, dict(periods), tuple(dates_in(question)), calendars,
        ytd_months(question), quarter_named(question),
    )  # fmt: skip
    cells = [_cells_stating(figure, facts) for figure in figures]
    read = [fact for found in cells for fact in found]
    return bool(read) and not any(asked.admits(fact) for fact in read)


def _cells_stating(figure: Figure, facts: Sequence[Fact]) -> list[Fact]:
    # Tighter than the grounding check's rounding: a figure is read from a cell, not near one.
    return [fact for fact in facts if matches_any(figure, extract_figures(fact.value)[:1], rel_tol=_CELL_TOLERANCE)]


def _asked_years(question: str) -> list[int] | None:
    """The year asked for (none when the question names none: the document's own), or None when the question names periods a lookup cannot
    answer alone (two years apart: a comparison)."""
    report_years = {match.start(1) for match in _REPORT_YEAR.finditer(question)}
    years = sorted({year for start, end, year in year_matches(question) if not report_years & set(range(start, end))})
    if len(years) > 2 or (len(years) == 2 and years[1] - years[0] != 1):
        return None
    # "2020年末比2019年末增长了多少": the later year's row, whose change column compares the two.
    return years[-1:]


def span_of(text: str) -> str:
    """How long a period `text` names: "ytd", "quarter" or "year"; "" when it names none."""
    return next((span for span, pattern in _SPANS if pattern.search(text)), "")


def spans_named(text: str) -> set[str]:
    """Every span `text` names ("2023财年第三季度" names a year and a quarter)."""
    return {span for span, pattern in _SPANS if pattern.search(text)}


def _same_span(asked: str, fact: Fact, period: str) -> bool:
    """Whether the cell's column may be of the span asked: a quarter's figure never answers for a year. A bare
    year over an annual report's column ("2020年") is that year's."""
    printed = span_of(fact.header) or _report_span(fact.header, period)
    printed = printed or ("year" if period.startswith("FY") and fact.year is not None else "")
    # A first quarter's year to date is the quarter.
    if period.endswith("Q1") and {asked, printed} == {"quarter", "ytd"}:
        return True
    return not (asked and printed) or asked == printed


def ytd_months(text: str) -> int | None:
    """How many months from the year's start `text` names ("上半年" 6, "前三季度" 9, "nine months" 9), else None."""
    return next((months for months, pattern in _YTD_MONTHS if pattern.search(text)), None)


def quarter_named(text: str) -> int | None:
    """The quarter `text` names ("第二季度", "二季度", "Q2", "second quarter"), else None."""
    if match := _QUARTER_NAMED.search(text):
        named = next(group for group in match.groups() if group)
        return _QUARTER_NUMBERS.get(named.lower()) or int(named)
    return None


def _other_quarter(asked: int | None, fact: Fact, period: str) -> bool:
    """Whether the cell is of another quarter than asked: its head names one ("第一季度（1-3月份）"), or it is a
    quarterly report's own column ("本报告期", "上年同期", "Three Months Ended …"), of the report's quarter."""
    printed = quarter_named(fact.header)
    if printed is None:
        printed = _report_quarter(period)
    return asked is not None and printed is not None and printed != asked


def _other_months(asked: int | None, fact: Fact, period: str) -> bool:
    """Whether the cell's year to date runs for other months than asked: a third quarter report's "年初至报告期末"
    is nine months, no answer to "上半年"."""
    printed = ytd_months(fact.header)
    if printed is None and (quarter := _report_quarter(period)):
        printed = 3 * quarter
    return asked is not None and printed is not None and printed != asked


def _report_quarter(period: str) -> int | None:
    """The quarter a quarterly report's period ends ("2024Q3", "FY2024Q1"), else None."""
    return int(match[1]) if (match := _PERIOD_QUARTER.search(period)) else None


def _report_span(header: str, period: str) -> str:
    """The span of a column headed by the report's own period: "本报告期" is the quarter of a quarterly report, the
    six months of a half-year one (from the year's start, as "上半年" asks), the year of an annual one; a statement's
    "本期发生额" / "上期金额" runs from the year's start in a quarterly report too (a 第三季度报告's income statement
    is of the nine months). "" for a balance at a period's end ("本报告期末") or another head."""
    compact = re.sub(r"[\s（）()]", "", header)
    if not (match := _REPORT_PERIOD_HEAD.match(compact)):
        return ""
    if period.startswith("FY") and "Q" not in period:
        return "year"
    if "Q" in period:
        return "quarter" if match[1] == "本报告期" else "ytd"
    return "ytd" if "H" in period else ""


def _in_period(fact: Fact, asked: int | None, document_year: int | None) -> bool:
    """A column of the year asked (the document's own when none is); or one naming no period (a change, a
    segment's line item), which speaks of the document's own year."""
    year = asked if asked is not None else document_year
    if fact.year is not None:
        return year is None or fact.year == year
    return year is None or year == document_year


def _score(fact: Fact, content: set[str], question_terms: frozenset[str], periods: frozenset[str] = frozenset()) -> float:
    """How well the cell and the question name each other: the share of the question's line-item words the cell
    covers, times the share of the cell's name the question says. A period column's head (its year, "Three
    Months Ended") may add coverage but is not part of the name."""
    label = terms(_BRACKETED.sub("", fact.label))
    header = terms(_BRACKETED.sub("", fact.header))
    name = label if fact.year is not None else label | header
    if not name:
        return 0.0
    # A bracketed note need not be asked for, but a question that asks for it ("cash used in", of "Net cash (used
    # in) provided by") is covered by it.
    named = label | header | terms(fact.label) | terms(fact.header)
    asked = content - (periods - named)
    coverage = len(asked & named) / len(asked)
    precision = len(name & question_terms) / len(name)
    return coverage * precision


def vocabulary_of(names: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The `terms` of (row label, column header) names, as `lookup_fact` wants its `vocabulary`."""
    return frozenset().union(*(terms(label) | terms(header) for label, header in names))


def _signed(value: str) -> str:
    """An accounting negative with its minus sign: "(1)%" → "-1%", "$ (2,686) million" → "$ -2,686 million"."""
    return _ACCOUNTING_NEGATIVE.sub(r"-\1", value)


def _reading(value: str, language: str) -> str:
    """A large 元 amount again in 亿元 (Chinese) or in billions, under ten billion in millions (English: 2.46亿 as
    "0.25 billion" was 1.6% off, which the grounding check rightly refused); "" for anything else."""
    figures = extract_figures(value)
    if len(figures) != 1 or figures[0].currency != "CNY" or abs(figures[0].low) < _YI or "亿" in value:
        return ""
    amount = figures[0].low
    if language == "zh":
        return f"（约{amount / _YI:,.2f}亿元）"
    return f" (about RMB {amount / 1e9:,.2f} billion)" if abs(amount) >= 1e10 else f" (about RMB {amount / 1e6:,.2f} million)"
