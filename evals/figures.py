"""The eval's own figure reader, apart from fintext.figures, so a blind spot of the system's check shows in scores."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from fintext.text import fold_script

TOLERANCE = 0.005

# Every character maps to exactly one character, so a match in the folded text slices the original at the same
# offsets and a figure keeps the text it was written with.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: " ",  # ideographic space
    0x00A0: " ",
    0x2212: "-",  # the minus sign typesetters use instead of a hyphen
    0x2013: "~",  # an en dash only ever joins a range ("60–70%"), never marks a negative
    0x301C: "~",
    0xFFE5: "¥",
}
_WIDE_DIGITS = frozenset("０１２３４５６７８９")

_CURRENCIES = {
    "CNY": ("rmb", "cny", "人民币", "¥", "元", "yuan"),
    "USD": ("usd", "us$", "$", "美元", "美金", "us dollars"),
    "HKD": ("hkd", "hk$", "港元", "港币", "港幣", "hk dollars"),
    "EUR": ("eur", "€", "欧元", "euro", "euros"),
    "GBP": ("gbp", "£", "英镑", "pounds", "sterling"),
    "JPY": ("jpy", "日元", "yen"),
    "CAD": ("cad", "c$", "加元"),
    "AUD": ("aud", "a$", "澳元"),
    "SGD": ("sgd", "s$", "新加坡元"),
    "TWD": ("twd", "nt$", "新台币"),
    # A dollar of no named country still makes an amount, but must not rule out a US$ or HK$ figure.
    "": ("dollars", "dollar"),
}
_CURRENCY_OF = {word: code for code, words in _CURRENCIES.items() for word in words}
# Symbols go before the digits; codes may go either side ("EUR 5", "5 EUR").
_SYMBOLS = ("¥", "$", "us$", "hk$", "€", "£", "c$", "a$", "s$", "nt$")
_CODES = ("rmb", "cny", "usd", "hkd", "eur", "gbp", "jpy", "cad", "aud", "sgd", "twd")
_WRITTEN_BEFORE = ("人民币", *_SYMBOLS, *_CODES)
_WRITTEN_AFTER = tuple(word for word in _CURRENCY_OF if word not in _SYMBOLS)

_POWER_OF = {
    "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8, "十亿": 9, "百亿": 10, "千亿": 11, "万亿": 12,
    "thousand": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9, "trillion": 12,
    "mn": 6, "mm": 6, "bn": 9, "tn": 12, "k": 3, "m": 6, "b": 9,
}  # fmt: skip
# One letter is a scale only stuck to the digits and alone: "5m" is five million, "5 m" and "5 months" are not.
_LETTER_SCALES = ("k", "m", "b")


def _any_of(words: Iterable[str]) -> str:
    # Longest first, so 万亿 wins over 万 and "us dollars" over "dollars"; an English word must end at a word's end.
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(
        re.escape(word) + ("(?![a-z])" if word[-1].isascii() and word[-1].isalpha() else "") for word in ordered
    )


_GAP = r"[ \t]*"  # a line break ends a figure: a unit on the next line belongs to something else
_NUMBER = re.compile(
    rf"""
    (?: (?<![a-z]) (?P<before>{_any_of(_WRITTEN_BEFORE)}) {_GAP}
      | (?<![a-z0-9.]) (?<![a-z]-) )               # not the tail of a label: Q4, FY2024, H1, COVID-19
    (?P<sign>[-+]|负)?
    (?P<digits>(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?)
    (?: {_GAP} (?P<points>个?百分点|percentage[ ]points?(?![a-z])|pp(?:ts?)?(?![a-z]))
      | {_GAP} (?P<basis>个?基点|basis[ ]points?(?![a-z])|bps?(?![a-z]))
      | {_GAP} (?P<percent>%|percent(?![a-z])|per[ ]cent(?![a-z])|pct(?![a-z]))
      | (?: (?P<letter>[kmb](?![a-z])) | {_GAP} (?P<scale>{_any_of(w for w in _POWER_OF if w not in _LETTER_SCALES)}) )?
        (?: {_GAP} (?P<after>{_any_of(_WRITTEN_AFTER)}) )?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may stand between the two ends of a range; "-" only with nothing around it, as "3 - 4" reads as arithmetic.
_JOINERS = ("至", "到", "to")
# "from 29% to 32%" and "从29%到32%" are a change between two figures, not a range of one.
_CHANGE = re.compile(r"(?:(?<![a-z])from|从|由)[ \t]*$", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:(?<![a-z])between|介于)[ \t]*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Figure:
    """A figure with its value normalised: 317.42亿, RMB 31.742 billion and 31,742 million yuan hold one `value`.

    `kind` is "percent", "points" (percentage points; a basis point is 0.01 of one), "amount" (a scale word or a
    currency), "count" (a bare number) or "year". `upper` is the top of a range such as 60%-70%, else None.
    """

    value: Decimal
    kind: str
    currency: str = ""  # an ISO code ("CNY", "USD", "EUR", ...; `_CURRENCIES`), or "" when the text names none
    upper: Decimal | None = None
    text: str = ""

    @property
    def top(self) -> Decimal:
        return self.value if self.upper is None else self.upper

    def ends(self) -> tuple[Figure, ...]:
        """The two ends of a range as figures of their own; a single figure is its own only end."""
        if self.upper is None:
            return (self,)
        return (replace(self, upper=None), replace(self, value=self.upper, upper=None))


@dataclass(frozen=True)
class _Piece:
    """One number and the unit words written beside it, before a range lends units from one end to the other."""

    number: Decimal
    power: int | None
    measure: str | None  # "percent", "points" or "basis"
    currency: str | None  # None: no currency word; "": a word naming no country
    year_like: bool
    start: int
    end: int

    def figure(self, text: str, upper: _Piece | None = None) -> Figure:
        top = None if upper is None else upper.value
        end = self.end if upper is None else upper.end
        return Figure(self.value, self.kind, self.currency or "", top, text[self.start : end])

    @property
    def kind(self) -> str:
        if self.measure:
            return "percent" if self.measure == "percent" else "points"
        if self.power is not None or self.currency is not None:
            return "amount"
        return "year" if self.year_like else "count"

    @property
    def value(self) -> Decimal:
        if self.measure == "basis":
            return self.number.scaleb(-2)
        return self.number.scaleb(self.power or 0)


def figures_in(text: str) -> list[Figure]:
    """Every figure in `text` in reading order; a range such as 60%-70% or $3-4 billion is one figure."""
    folded = _fold(text)
    figures: list[Figure] = []
    pending: _Piece | None = None  # the last piece, while a range could still start at it
    last_end = -1
    for match in _NUMBER.finditer(folded):
        piece = _piece(match, folded, joined=match.start("digits") - 1 == last_end == match.start())
        if piece is None:
            continue
        last_end = piece.end
        ends = _range(pending, piece, folded) if pending else None
        if ends:
            figures.append(ends[0].figure(text, ends[1]))
            pending = None
            continue
        if pending:
            figures.append(pending.figure(text))
        pending = piece
    if pending:
        figures.append(pending.figure(text))
    return figures


def same_figure(a: Figure, b: Figure, tolerance: float = TOLERANCE) -> bool:
    """Whether `a` and `b` are one figure: comparable kinds and currencies, each end within `tolerance` (relative)."""
    return _comparable(a, b) and _close(a.value, b.value, tolerance) and _close(a.top, b.top, tolerance)


def found_in(figure: Figure, candidates: Iterable[Figure], tolerance: float = TOLERANCE) -> bool:
    """Whether some candidate is `figure`, whatever its sign: filings write a decline unsigned ("下降 9%")."""
    mirrored = replace(figure, value=-figure.top, upper=None if figure.upper is None else -figure.value)
    return any(same_figure(figure, other, tolerance) or same_figure(mirrored, other, tolerance) for other in candidates)


def figure_in_text(figure_text: str, text: str, tolerance: float = TOLERANCE) -> bool:
    """Whether `text` states the figure `figure_text` ("317.42亿", "60%-70%").

    Written without digits ("十年", "第二") or as several numbers ("9月1日"), it must appear as written, spaces
    and character widths aside: reading "9月1日" as the numbers 9 and 1 would accept "1月9日".
    """
    wanted = figures_in(figure_text)
    if len(wanted) != 1:
        return _squeeze(figure_text) in _squeeze(text)
    return any(states(figure, wanted[0], tolerance) for figure in figures_in(text))


def states(figure: Figure, wanted: Figure, tolerance: float = TOLERANCE) -> bool:
    """Whether `figure` states `wanted`: the same within `tolerance`, or a percentage rounding to it."""
    return found_in(wanted, [figure], tolerance) or _rounds_to(figure, wanted)


def _rounds_to(figure: Figure, gold: Figure) -> bool:
    """Whether `figure` is a percentage that rounds to `gold`'s printed decimals: a filing's "grew 23%" is the
    22.5% an answer computes from the two years' amounts. Relative tolerance cannot see that: 22.5 is 2% from 23."""
    if figure.kind != gold.kind or gold.kind not in ("percent", "points") or gold.upper is not None:
        return False
    decimals = len(match[1]) if (match := re.search(r"\d\.(\d+)", gold.text)) else 0
    return abs(abs(figure.value) - abs(gold.value)) <= Decimal(5) / 10 ** (decimals + 1)


def unbacked(claim: str, sources: Iterable[str], question: str = "", tolerance: float = TOLERANCE) -> list[Figure]:
    """The figures of `claim` that none of `sources` states.

    A bare number taken from `question` ("2024年", "1月24日") restates what was asked, so it needs no source; an
    amount or a percentage always does. A figure the claim gives as one end of a source's range, or a range whose
    two ends a source states apart, is backed: the numbers are there with their units.
    """
    offered = [figure for figure in figures_in(question) if figure.kind in ("count", "year")]
    offered += [figure for source in sources for figure in figures_in(source)]
    offered += [end for figure in offered if figure.upper is not None for end in figure.ends()]
    return [
        figure
        for figure in figures_in(claim)
        if not (found_in(figure, offered, tolerance) or all(found_in(end, offered, tolerance) for end in figure.ends()))
    ]


_ACCOUNTING_NEGATIVE = re.compile(r"\(\d[\d,]*(?:\.\d+)?\)")


def _fold(text: str) -> str:
    # Traditional characters as Simplified ("368.3億元" is 368.3亿元), one for one.
    folded = list(fold_script(text).translate(_HALF_WIDTH))
    for index, character in enumerate(text):
        # "，" separates thousands only between full-width digits ("３１，７４２"); after ASCII digits it ends a
        # clause ("5，120亿" is 5 and 120亿), and reading it as a separator would invent a figure.
        if character == "，" and not (
            0 < index < len(text) - 1 and text[index - 1] in _WIDE_DIGITS and text[index + 1] in _WIDE_DIGITS
        ):
            folded[index] = character
    # Filings print a negative in brackets: "(2)%" is -2% and "(2,686)" is -2,686. Same length, so that the
    # positions of what is read stay those of `text`.
    for match in _ACCOUNTING_NEGATIVE.finditer(text):
        folded[match.start()], folded[match.end() - 1] = "-", " "
    return "".join(folded)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", _fold(text)).casefold()


def _piece(match: re.Match[str], folded: str, joined: bool) -> _Piece | None:
    """The number `match` found, or None when it is part of a label ("4Q24", "5G", "36kr") rather than a figure."""
    units = ("before", "points", "basis", "percent", "letter", "scale", "after")
    following = folded[match.end() : match.end() + 1]
    if not any(match[name] for name in units) and following.isascii() and following.isalpha():
        return None
    sign = match["sign"]
    # A hyphen straight after the previous figure joins a range ("60%-70%"); it is no minus sign.
    negative = sign in ("-", "负") and not (joined and sign == "-")
    digits = match["digits"].replace(",", "")
    number = Decimal(digits)
    scale = match["letter"] or match["scale"]
    currency_word = match["before"] or match["after"]
    measure = "points" if match["points"] else "basis" if match["basis"] else "percent" if match["percent"] else None
    return _Piece(
        number=-number if negative else number,
        power=_POWER_OF[scale.lower()] if scale else None,
        measure=measure,
        currency=None if currency_word is None else _CURRENCY_OF[currency_word.lower()],
        year_like=digits.isdigit() and len(digits) == 4 and digits[:2] in ("19", "20") and not negative,
        start=match.start() if not (joined and sign == "-") else match.start() + 1,
        end=match.end(),
    )


def _range(low: _Piece, high: _Piece, folded: str) -> tuple[_Piece, _Piece] | None:
    """`low` and `high` as the ends of one range, or None when the text between them or their units rule it out."""
    gap = folded[low.end : high.start]
    word = gap.strip(" \t").lower()
    before = folded[: low.start]
    if "\n" in gap:
        return None
    connected = gap == "-" or word == "~"
    connected = connected or (word in _JOINERS and not _CHANGE.search(before))
    connected = connected or (word in ("and", "和", "与") and bool(_BETWEEN.search(before)))
    if not connected:
        return None
    # A unit written once serves both ends: "60-70%", "$3-4 billion", "3亿-5亿美元".
    low = replace(
        low,
        measure=low.measure or high.measure,
        power=low.power if low.power is not None else high.power,
        currency=low.currency if low.currency is not None else high.currency,
    )
    high = replace(high, currency=high.currency if high.currency is not None else low.currency)
    if low.measure != high.measure or low.kind != high.kind or (low.power is None) != (high.power is None):
        return None
    if low.currency and high.currency and low.currency != high.currency:
        return None
    return (low, high) if low.value < high.value else None


def _comparable(a: Figure, b: Figure) -> bool:
    if a.currency and b.currency and a.currency != b.currency:
        return False
    # A bare number may lack the unit the other side writes, but a year is never an amount ("2024" is not 2024元).
    return a.kind == b.kind or {a.kind, b.kind} in ({"amount", "count"}, {"count", "year"})


def _close(x: Decimal, y: Decimal, tolerance: float) -> bool:
    return abs(x - y) <= Decimal(str(tolerance)) * max(abs(x), abs(y))
