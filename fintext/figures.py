"""Find financial figures (amounts, percentages, ranges) in Chinese and English text and normalise them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from fintext.text import fold_script, fold_width


@dataclass(frozen=True)
class _Currency:
    """A currency's code, the words written before an amount ("US$5") and after it ("5美元"), and how an English
    and a Chinese reading of an amount name it."""

    code: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    english: str
    chinese: str


_CURRENCY_TABLE = (
    _Currency("CNY", ("人民币", "rmb", "cny", "¥", "￥"), ("人民币", "元", "rmb", "cny", "yuan"), "RMB ", "元"),
    _Currency("USD", ("usd", "us$", "$"), ("美元", "usd", "dollars"), "US$", "美元"),
    _Currency("HKD", ("hkd", "hk$"), ("港元", "港币", "hkd"), "HK$", "港元"),
    _Currency("EUR", ("eur", "€"), ("欧元", "eur", "euro", "euros"), "€", "欧元"),
    _Currency("GBP", ("gbp", "£"), ("英镑", "gbp", "pounds", "sterling"), "£", "英镑"),
    _Currency("JPY", ("jpy",), ("日元", "jpy", "yen"), "JPY ", "日元"),
    # Other dollars, so that "C$5" is not read as "$5" in US dollars.
    _Currency("CAD", ("cad", "c$"), ("加元", "cad"), "C$", "加元"),
    _Currency("AUD", ("aud", "a$"), ("澳元", "aud"), "A$", "澳元"),
    _Currency("SGD", ("sgd", "s$"), ("新加坡元", "sgd"), "S$", "新加坡元"),
    _Currency("TWD", ("twd", "nt$"), ("新台币", "twd"), "NT$", "新台币"),
)
_CURRENCIES = {word: currency.code for currency in _CURRENCY_TABLE for word in (*currency.before, *currency.after)}
_PREFIX_CURRENCIES = tuple(word for currency in _CURRENCY_TABLE for word in currency.before)
_SUFFIX_CURRENCIES = tuple(word for currency in _CURRENCY_TABLE for word in currency.after)
_POWERS = {
    "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8, "十亿": 9, "百亿": 10, "千亿": 11, "万亿": 12,
    "thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "b": 9,
    "trillion": 12, "tn": 12,
}
_PERCENTS = ("%", "个百分点", "百分点", "percentage points", "percentage point", "percent", "per cent")


def _words(words: Iterable[str]) -> str:
    """An alternation of `words`, longest first, where an English word may not be part of a longer word."""
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        before = r"(?<![a-z])" if word[0].isascii() and word[0].isalpha() else ""
        after = r"(?![a-z])" if word[-1].isascii() and word[-1].isalpha() else ""
        alternatives.append(before + re.escape(word) + after)
    return "|".join(alternatives)


# Spaces may sit between a number and its unit, but a line break ends the figure.
_SP = r"[^\S\n]*"
# k, m and b count as scales only right after the digits ("5m", not "5 m" or "5 months").
_SCALE = _words([word for word in _POWERS if word not in ("k", "m", "b")]) + r"|(?<=[0-9])[kmb](?![a-z])"
# A hyphen right after a number, word or unit ("60%-70%", "3亿-5%") joins two figures; elsewhere it is a
# minus sign ("分别为,-3%").
_SIGN = r"(?<![0-9a-z%.千万亿元点])-|负"
# A comma separates thousands only before exactly three digits: "31,742" is one number, "3, 4" and "3,4" two.
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"


def _part(tag: str) -> str:
    # Filings print a negative in brackets: "(2,686)", "(2)%".
    return (
        rf"(?:(?P<{tag}pre>{_words(_PREFIX_CURRENCIES)}){_SP})?(?P<{tag}sign>{_SIGN})?"
        rf"(?:\((?P<{tag}neg>{_NUMBER})\)|(?P<{tag}num>{_NUMBER}))"
        rf"(?:{_SP}(?P<{tag}pct>{_words(_PERCENTS)})"
        rf"|(?:{_SP}(?P<{tag}scale>{_SCALE}))?(?:{_SP}(?P<{tag}suf>{_words(_SUFFIX_CURRENCIES)}))?)"
    )


_FIGURE = re.compile(_part("a_"), re.IGNORECASE)
# A hyphen joins a range only with nothing around it ("60%-70%"); the word connectors allow spaces.
# A change word right before "X to Y": the two are a change and its result, or a start and an end, not a range.
_CHANGED_BY = re.compile(
    r"(?:\b(?:from|increased|decreased|rose|grew|fell|declined|up|down|by)|从|由|增长|增加|减少|下降|提高|降低)[ \t]*$",
    re.IGNORECASE,
)
_CHANGE_WORD_REACH = 16
_RANGE_TAIL = re.compile(rf"(?:-|{_SP}(?:~|至|到|(?<![a-z])to(?![a-z])){_SP})" + _part("b_"), re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure found in text, normalised so equal amounts compare equal."""

    low: float  # the normalised value; for a range, its lower end
    high: float  # == low unless the figure is a range like 60%-70%
    kind: str  # "percent", "amount" (has a scale word or a currency) or "number" (a bare number)
    currency: str  # an ISO code ("CNY", "USD", "EUR", ...; `_CURRENCY_TABLE`), or "" when unknown
    text: str  # exactly as matched in the original text
    start: int
    end: int


@dataclass(frozen=True)
class _Part:
    """One number with its own unit words, before a range borrows units between its ends."""

    number: Decimal
    power: int | None
    percent: bool
    currency: str

    @property
    def kind(self) -> str:
        if self.percent:
            return "percent"
        return "amount" if self.power is not None or self.currency else "number"

    @property
    def value(self) -> Decimal:
        # Decimal keeps 317.42亿 and 31,742 million the exact same float.
        return self.number.scaleb(self.power or 0)


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order; a range such as 60%-70% is one figure."""
    # One-to-one folding: an offset into the folded text is the same offset into the original.
    folded = fold_script(fold_width(text))
    figures: list[Figure] = []
    pos = 0
    while match := _FIGURE.search(folded, pos):
        first = _read_part(match, "a_")
        tail = _RANGE_TAIL.match(folded, match.end())
        # "increased $8.3 billion to $52.2 billion", "从29%到32%": two figures, a change and where it led.
        changed = tail is not None and _CHANGED_BY.search(folded, max(0, match.start() - _CHANGE_WORD_REACH), match.start())
        ends = _as_range(first, _read_part(tail, "b_")) if tail and not changed else None
        low, high = ends or (first, first)
        pos = tail.end() if tail and ends else match.end()
        figures.append(_figure(text, low, high, match.start(), pos))
    return figures


def parse_figure(text: str) -> Figure:
    """The one figure in `text`, such as "317.42亿"; ValueError when there is none or more than one."""
    figures = extract_figures(text)
    if len(figures) != 1:
        raise ValueError(f"expected exactly one figure in {text!r}, found {len(figures)}")
    return figures[0]


def same_figure(a: Figure, b: Figure, rel_tol: float = 0.005) -> bool:
    """Whether `a` and `b` state the same figure, allowing rounding within `rel_tol` at each end.

    Percentages must also agree to the coarser one's printed decimals: within 0.5% of 36.5%, a small model's
    "36.413%" (the gross margin's $36,413 million misread) passed for it.
    """
    close = _comparable(a, b) and _close(a.low, b.low, rel_tol) and _close(a.high, b.high, rel_tol)
    if not close or a.kind != "percent":
        return close
    half_unit = 0.5 * 10 ** -min(printed_decimals(a.text), printed_decimals(b.text)) + 1e-9
    return abs(a.low - b.low) <= half_unit and abs(a.high - b.high) <= half_unit


def printed_decimals(text: str) -> int:
    """How many decimals the first number of `text` is printed with."""
    match = _DECIMALS.search(text)
    return len(match[1]) if match else 0


def _read_part(match: re.Match[str], tag: str) -> _Part:
    number = Decimal((match[f"{tag}num"] or match[f"{tag}neg"]).replace(",", ""))
    scale = match[f"{tag}scale"]
    currency = match[f"{tag}pre"] or match[f"{tag}suf"] or ""
    return _Part(
        number=-number if match[f"{tag}sign"] or match[f"{tag}neg"] else number,
        power=_POWERS[scale.lower()] if scale else None,
        percent=match[f"{tag}pct"] is not None,
        currency=_CURRENCIES.get(currency.lower(), ""),
    )


def _figure(text: str, low: _Part, high: _Part, start: int, end: int) -> Figure:
    currency = "" if low.percent else low.currency
    return Figure(float(low.value), float(high.value), low.kind, currency, text[start:end], start, end)


def _as_range(low: _Part, high: _Part) -> tuple[_Part, _Part] | None:
    """Both ends of a range, or None when they cannot be one ("13% to 317 million", "2024-01")."""
    if low.currency and high.currency and low.currency != high.currency:
        return None
    # "60-70%" and "$3-4 billion" state the unit once, on the upper end.
    if low.power is None and not low.percent:
        low = replace(low, power=high.power, percent=high.percent)
    currency = low.currency or high.currency
    low, high = replace(low, currency=currency), replace(high, currency=currency)
    if low.kind != high.kind or low.value > high.value:
        return None
    return low, high


def _comparable(a: Figure, b: Figure) -> bool:
    if "percent" in (a.kind, b.kind):
        return a.kind == b.kind
    # Amounts and bare numbers compare by value; only two known, different currencies rule a match out.
    return not (a.currency and b.currency and a.currency != b.currency)


def _close(x: float, y: float, rel_tol: float) -> bool:
    return math.isclose(x, y, rel_tol=rel_tol, abs_tol=1e-9)


def matches_any(figure: Figure, candidates: Iterable[Figure], rel_tol: float = 0.005) -> bool:
    """Whether some candidate states `figure`; a flipped sign counts, as filings write declines unsigned ("下降 9%")."""
    flipped = replace(figure, low=-figure.high, high=-figure.low)
    return any(same_figure(figure, other, rel_tol) or same_figure(flipped, other, rel_tol) for other in candidates)


_DECIMALS = re.compile(r"\d\.(\d+)")
_ENGLISH_SCALES = ((12, "trillion"), (9, "billion"), (6, "million"))
_ENGLISH_CURRENCIES = {currency.code: currency.english for currency in _CURRENCY_TABLE}
# Scale words an English reader has to convert; "亿" is 10^8, which English has no word for.
_CHINESE_SCALE = re.compile(r"[万亿]")


def english_reading(figure: Figure) -> str:
    """An amount written with 万 or 亿 in English words ("317.42亿元" → "RMB 31.742 billion"); "" otherwise."""
    if figure.kind != "amount" or not _CHINESE_SCALE.search(figure.text):
        return ""
    number, word = _scaled(figure, _ENGLISH_SCALES)
    return f"{_ENGLISH_CURRENCIES.get(figure.currency, '')}{number} {word}".strip()


_CHINESE_SCALES = ((12, "万亿"), (8, "亿"), (4, "万"))
_CHINESE_CURRENCIES = {currency.code: currency.chinese for currency in _CURRENCY_TABLE}
# Scale words a Chinese reader has to convert: English counts in thousands, Chinese in 万 and 亿.
_ENGLISH_SCALE = re.compile(r"thousand|million|billion|trillion", re.IGNORECASE)


def chinese_reading(figure: Figure) -> str:
    """An amount written with an English scale word in 万 or 亿 ("$22,998 million" → "229.98亿美元"); "" otherwise.

    A small model asked to answer in Chinese from "$22,998 million" wrote "22,998亿美元", copying the digits
    beside the Chinese unit it knew.
    """
    if figure.kind != "amount" or not _ENGLISH_SCALE.search(figure.text):
        return ""
    number, word = _scaled(figure, _CHINESE_SCALES)
    return f"{number}{word}{_CHINESE_CURRENCIES.get(figure.currency, '')}"


def _scaled(figure: Figure, scales: tuple[tuple[int, str], ...]) -> tuple[str, str]:
    """`figure`'s value (both ends of a range) in the largest of `scales` it reaches, and that scale's word."""
    power, word = next(((p, w) for p, w in scales if abs(figure.low) >= 10**p), (0, ""))
    ends = [_decimal_text(value / 10**power) for value in dict.fromkeys((figure.low, figure.high))]
    return "-".join(ends), word


def _decimal_text(value: float) -> str:
    """`value` without float noise or trailing zeros: 31.742000000000001 → "31.742".

    Twelve significant digits rather than fixed decimals, so the small end of a range such as
    -1万亿-1万 keeps its digits ("-1-0.00000001 trillion").
    """
    return f"{Decimal(f'{value:.12g}').normalize():,f}"
