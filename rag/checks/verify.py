"""The grounding check: every figure an answer states must be in a passage its claim cites."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fintext.figures import Figure, extract_figures, matches_any, parse_figure
from fintext.years import years_in
from ingest.tables import caption_readings
from rag.calculation.calculate import constants, recomputes
from rag.calculation.lookup import asks_change, asks_count, spans_named
from rag.checks.citations import Claim, claimed_figures, join_claims, question_numbers, split_claims, strip_markers
from rag.types import Derived

# An answer adding at most this many character pairs to the question restates it ("为什么X？" → "X。"); one
# word of new content ("十年", "批发") already adds two.
_MAX_NEW_PAIRS = 1
_NUMERALS = frozenset("零一二两三四五六七八九十百千万亿0123456789")
# A labelled table cell as ingest writes a row: "Revenue | Year Ended June 30, 2019: $ 125,843 million | …".
_CELL = re.compile(r"(?:^|\| )([^|:\n]+): ([^|\n]+)", re.MULTILINE)
# A row a table labels by its year, years down the side ("2019年 | 每10股派息数(元)（含税）: 170.25元 | …").
_YEAR_ROW = re.compile(r"^(?:FY\s?)?((?:19|20)\d\d)(?:年度|年)?\s*\|.*$", re.MULTILINE)


@dataclass(frozen=True)
class Grounding:
    """The claims of an answer whose figures their cited passages do not state, and those figures."""

    unsupported: tuple[tuple[Claim, tuple[Figure, ...]], ...]

    @property
    def ok(self) -> bool:
        return not self.unsupported

    @property
    def figures(self) -> tuple[str, ...]:
        return tuple(figure.text.strip() for _, figures in self.unsupported for figure in figures)


def check_grounding(
    text: str, sources: Mapping[int, str], question: str = "", derived: Sequence[Derived] = ()
) -> Grounding:
    """Check each claim of `text` against the passages its markers name (`sources`: marker → passage text).

    A bare number the answer repeats from `question` restates what was asked (`question_numbers`). A figure
    computed by code (`derived`) is backed where the claim cites each of its operands and it recomputes. Where
    the question counts something (`asks_count`), a figure without a currency is not backed by an amount of money.
    """
    given = question_numbers(question)
    asked = spans_named(question)
    year = _one_year_asked(question)
    # Each passage is read once, however many claims cite it.
    stated = {marker: _stated(passage, asked, year) for marker, passage in sources.items()}
    # An answer may drop a sum's currency: "39,669 million iPhone units" read iPhone net sales of $39,669 million.
    counting = asks_count(question)
    unsupported = []
    for claim in split_claims(text):
        offered = [figure for marker in claim.markers for figure in stated.get(marker, [])]
        # A computed figure backs the claim with the constants of its formula (the 100 of a percentage, the 2 of an
        # average), which the claim shows in its working.
        backing = [item for item in derived if _backs(item, claim.markers, offered)]
        offered += [parse_figure(text) for item in backing for text in (item.result, *constants(item))]
        uncounted = [figure for figure in offered if not figure.currency]
        missing = tuple(
            figure
            for figure in claimed_figures(claim.text, given)
            if not matches_any(figure, uncounted if counting and not figure.currency else offered)
        )
        if missing:
            unsupported.append((claim, missing))
    return Grounding(tuple(unsupported))


def _backs(derived: Derived, markers: Sequence[int], offered: list[Figure]) -> bool:
    """Whether `derived` may back a claim citing `markers` whose passages state `offered`: it recomputes, and
    each operand is cited and stated there."""
    try:
        operands = [parse_figure(operand.text) for operand in derived.operands]
    except ValueError:
        return False
    return recomputes(derived) and all(
        operand.marker in markers and matches_any(figure, offered)
        for operand, figure in zip(derived.operands, operands)
    )


def _one_year_asked(question: str) -> str:
    """The one year `question` asks of, when it names one and asks no change ("" else): a change or a comparison
    needs the other year's figures too."""
    years = {str(year) for year in years_in(question)}
    return years.pop() if len(years) == 1 and not asks_change(question) else ""


def _stated(passage: str, asked: set[str], year: str = "") -> list[Figure]:
    """The figures `passage` states for a question asking of the spans `asked` (`spans_named`) and of `year`: as
    printed, and its unlabelled table lines' amounts in their caption's unit ("Net income 1,802.3" under "Dollars
    in millions" states $1,802.3 million, as an answer rightly writes it).

    A cell whose column names another span states nothing for the question: a year's revenue is no answer to
    "revenue in the quarter ended June 30, 2019", though both columns end that day. Nor does a row labelled by
    another year than the one asked: 2019's dividend is no answer to 2020's.
    """
    other_span = [
        cell.span(2)
        for cell in _CELL.finditer(passage)
        if asked and (spans := spans_named(cell[1])) and not spans & asked
    ]
    other_span += [row.span() for row in _YEAR_ROW.finditer(passage) if year and row[1] != year]
    printed = [figure for figure in extract_figures(passage) if not any(a <= figure.start < b for a, b in other_span)]
    return printed + [parse_figure(reading) for reading in caption_readings(passage)]


def drop_unsupported(text: str, grounding: Grounding) -> str:
    """`text` without the claims whose figures failed the check: never present an unbacked figure as fact."""
    failed = {claim for claim, _ in grounding.unsupported}
    kept = join_claims([claim for claim in split_claims(text) if claim not in failed]).strip()
    return kept if any(character.isalnum() for character in kept) else ""


def echoes_question(text: str, question: str) -> bool:
    """Whether `text` only restates `question`: no figure and no word of its own."""
    answer = strip_markers(text)
    given = extract_figures(question)
    if any(not matches_any(figure, given) for figure in extract_figures(answer)):
        return False
    # Character pairs rather than jieba words: the same clause is cut differently inside a longer question.
    pairs = _character_pairs(answer)
    new = pairs - _character_pairs(question)
    # A number written in words ("排第几？" → "排第二") is the answer itself, however short.
    return bool(pairs) and len(new) <= _MAX_NEW_PAIRS and not _NUMERALS.intersection("".join(new))


def _character_pairs(text: str) -> set[str]:
    letters = "".join(character for character in text.lower() if character.isalnum())
    return {letters[i : i + 2] for i in range(len(letters) - 1)}
