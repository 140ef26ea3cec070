"""What a filing is about (company, short name, stock code, period, type, language, date), read from its title
and cover pages, and a readable title when the file's own is useless."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import fields, replace

from fintext.fiscal import MONTHS, FiscalCalendar, read_calendar
from fintext.text import CJK, CJK_CHARS, detect_language, fold_width
from ingest.records import DocumentMetadata, SourceDocument

# Titles and first pages name the company, the period and the kind of document; the body talks about others.
_OPENING_CHARS = 600
# A release's dateline ("SANTA CLARA, Calif., Jan. 26, 2023 --") can follow a letterhead and a list of highlights.
_PUBLISHED_CHARS = 2_000
_PERIOD_END_BEFORE = re.compile(r"(?:ended|ending|as\s+of|as\s+at|through|截至|截止)\s*$", re.IGNORECASE)
# Where a cover states the period it covers: a 10-K's in its first lines, a results release's in its headline.
_STATEMENT_CHARS = 2_000
# The cover and first pages: a filing's name, codes and period are printed there (a 10-K's cover is a page, a
# Chinese report's first page can be 50 characters, so at least _COVER_MIN_CHARS and at most _COVER_MAX_CHARS).
_COVER_PAGES = 3
_COVER_MIN_CHARS = 6_000
_COVER_MAX_CHARS = 12_000
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORDINAL = r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)"

# Periods, most specific first: a quarter names its year too, and a fiscal quarter is not a calendar one.
_FISCAL_QUARTER_PATTERNS = (
    re.compile(r"FY\s*(?P<year>20\d\d)\s*[Qq](?P<quarter>[1-4])", re.IGNORECASE),
    re.compile(r"[Qq](?P<quarter>[1-4])\s*FY\s*(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(r"(?P<year>20\d\d)\s*财年\s*(?:第)?(?P<quarter>[一二三四1-4])\s*(?:财季|季度)"),
    # "fiscal 2023 third quarter", "third quarter of fiscal 2023".
    re.compile(rf"fiscal\s+(?:year\s+)?(?P<year>20\d\d)\s+{_ORDINAL}[\s-]+quarter", re.IGNORECASE),
    re.compile(rf"{_ORDINAL}[\s-]+quarter\s+(?:of\s+)?fiscal\s+(?:year\s+)?(?P<year>20\d\d)", re.IGNORECASE),
)
_QUARTER_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)\s*[Qq](?P<quarter>[1-4])"),
    re.compile(r"[Qq](?P<quarter>[1-4])\s*(?:FY)?\s*(?P<year>20\d\d)"),
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?:第)?(?P<quarter>[一二三四1-4])\s*季度"),
    # Quarters named by their last month: "2024年12月季度", "December quarter 2024".
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?P<month>3|6|9|12)\s*月(?:份)?\s*季度"),
    re.compile(r"(?P<month_name>March|June|September|December)\s+quarter(?:\s+of)?\s+(?P<year>20\d\d)", re.IGNORECASE),
    # "fourth-quarter and full-year 2022": the release of a year's last quarter.
    re.compile(rf"{_ORDINAL}[\s-]+quarter\s+and\s+(?:full|fiscal)[\s-]+year\s+(?:of\s+)?(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(
        rf"{_ORDINAL}[\s-]+quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>20\d\d))?",
        re.IGNORECASE,
    ),
    # A year to date is the report of the quarter it ends with: "2024年1-9月", "2024年前三季度", "January to
    # September 2024", "the first nine months of 2024" are a third quarterly report's.
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?:1\s*[-—–至到~]\s*(?P<month>3|9)\s*月|前(?P<quarter>三)季度)"),
    re.compile(r"January\s*(?:to|through|-|–)\s*(?P<month_name>March|September),?\s+(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(r"first\s+(?P<months_run>three|nine)\s+months\s+of\s+(?:fiscal\s+)?(?P<year>20\d\d)", re.IGNORECASE),
)
_HALF_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)\s*[Hh](?P<half>[12])\b"),
    re.compile(r"\b[Hh](?P<half>[12])\s*(?:FY)?\s*(?P<year>20\d\d)"),
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?:(?P<cn_half>上|下)半年|半年度|半年|中期|1\s*[-—–至到~]\s*6\s*月)"),
    re.compile(r"(?:January\s*(?:to|through|-|–)\s*June,?|first\s+six\s+months\s+of(?:\s+fiscal)?)\s+(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(r"(?P<en_half>first|second|1st|2nd)\s+half\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(r"(?P<year>20\d\d)\s+(?:interim|half[- ]year(?:ly)?)\s+(?:report|results)", re.IGNORECASE),
    re.compile(r"(?:interim|half[- ]year(?:ly)?)\s+(?:report|results)\s+(?P<year>20\d\d)", re.IGNORECASE),
)
_FISCAL_YEAR_PATTERNS = (
    re.compile(r"\bFY\s*(?P<year>20\d\d)\b", re.IGNORECASE),
    re.compile(r"(?P<year>20\d\d)\s*财年"),
    re.compile(r"fiscal(?:\s+year)?\s+(?P<year>20\d\d)", re.IGNORECASE),
)
_BARE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_YEAR_PATTERNS = (re.compile(r"(?P<year>20\d\d)\s*年(?:度|年报)?"), re.compile(r"\b(?P<year>20\d\d)\b"))
_DATE_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
    re.compile(r"(?P<year>20\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<month_name>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),\s*(?P<year>20\d\d)"),
)

# The period a cover states, by its kind. A date a period ends on ("for the quarterly period ended July 1, 2023",
# "截至2024年12月31日止年度") is a calendar quarter, half or year by the nearest quarter, half or year end.
_EN_DATE = (
    r"(?P<month_name>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>20\d\d)"
)
_CN_DATE = r"(?P<year>20\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
_REPORT = r"(?:报告|報告)"
_RESULTS = r"(?:业绩|業績)"
_YEAR_ENDED = (
    re.compile(rf"year\s+ended:?\s+{_EN_DATE}", re.IGNORECASE),
    re.compile(rf"截至\s*{_CN_DATE}\s*止\s*(?:的)?\s*(?:财政|財政|会计|會計)?年度"),
)
_QUARTER_ENDED = (
    re.compile(
        rf"(?:quarterly\s+period|quarter(?:\s+and\s+(?:full\s+|fiscal\s+)?year)?|three\s+months|thirteen\s+weeks|13\s+weeks)"
        rf"\s+ended:?\s+{_EN_DATE}",
        re.IGNORECASE,
    ),
    re.compile(rf"截至\s*{_CN_DATE}\s*止\s*(?:的)?\s*(?:三個月|三个月|季度|第[一二三四]季度)"),
)
_HALF_ENDED = (
    re.compile(rf"(?:six\s+months|half[- ]year|26\s+weeks|twenty-six\s+weeks)\s+ended:?\s+{_EN_DATE}", re.IGNORECASE),
    re.compile(rf"截至\s*{_CN_DATE}\s*止\s*(?:的)?\s*(?:六個月|六个月|半年度|半年)"),
)
_ANNUAL_NAMED = (
    re.compile(rf"(?P<year>20\d\d)\s*年\s*(?:年度|度)\s*{_REPORT}|(?P<year2>20\d\d)\s*年\s*年[报報]"),
    re.compile(rf"(?P<year>20\d\d)\s*年\s*(?:年度|度|全年)\s*{_RESULTS}"),
    # "2024年度财务报告": the year's accounts, which an annual report's cover and auditors name.
    re.compile(rf"(?P<year>20\d\d)\s*年\s*度\s*(?:财务|財務)\s*{_REPORT}"),
    re.compile(r"(?P<year>20\d\d)\s+annual\s+report|annual\s+report\s+(?P<year2>20\d\d)", re.IGNORECASE),
    re.compile(r"full[- ]year\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>20\d\d)|(?P<year2>20\d\d)\s+full[- ]year", re.IGNORECASE),
)

# Document types. The earliest mention wins (a 10-Q's cover names the 10-K it follows further down), first within
# the opening, then (the named kinds only) anywhere on the cover.
_DOC_TYPES = (
    ("current report", re.compile(r"\b[86]-K\b|\bcurrent report\b", re.IGNORECASE)),
    (
        "annual report",
        re.compile(r"\b(?:10-K|20-F|40-F)\b|(?<!半)年度(?:报告|報告)|(?<![半季])年[报報]|\bannual report\b", re.IGNORECASE),
    ),
    (
        "half-year report",
        re.compile(
            r"半年度(?:报告|報告)|半年[报報]|中期(?:报告|報告)|\binterim report\b|\bhalf[- ]year(?:ly)? report\b", re.IGNORECASE
        ),
    ),
    ("quarterly report", re.compile(r"\b10-Q\b|季度(?:报告|報告)|季[报報]|\bquarterly report\b", re.IGNORECASE)),
    (
        "earnings release",
        re.compile(
            rf"{_RESULTS}(?:公告|公佈|公布|快报|快報|报告|報告)|\bresults announcement\b|\bearnings (?:release|results)\b"
            r"|\b(?:reports?|announces?|posts?)\b[^.\n]{0,80}?\bresults\b",
            re.IGNORECASE,
        ),
    ),
    ("prospectus", re.compile(r"招股说明书|招股書|招股书|\bprospectus\b", re.IGNORECASE)),
)
# Words that say "results" without naming a kind of document count only in the opening.
_LOOSE_DOC_TYPES = (("earnings release", re.compile(rf"{_RESULTS}|财报|財報|earnings|results", re.IGNORECASE)),)
_SEC_FORM = re.compile(r"\b(10-K|10-Q|8-K|20-F|40-F|6-K)\b")
# Which kinds of period a type of document is about, in the order they are looked for on each line.
_PERIOD_KINDS = {
    "annual report": ("year",),
    "half-year report": ("half",),
    "quarterly report": ("quarter",),
    "earnings release": ("quarter", "half", "year"),
    "current report": ("quarter", "half", "year"),
}

# A company named in a title: the words before the period or before a reporting verb.
_CN_COMPANY = re.compile(rf"^\s*(?P<name>[{CJK_CHARS}A-Za-z]{{2,12}}?)(?:集团|股份有限公司|有限责任公司|有限公司|公司|股份)?\s*(?:20\d\d|发布|公布|宣布|的?财报|的?业绩|年报|季报)")
_EN_COMPANY = re.compile(
    r"^\s*(?P<name>(?:[A-Z][\w&.'-]*\s+){0,3}?[A-Z][\w&.'-]*)\s+"
    r"(?i:reports?|announces?|posts?|(?:Q[1-4]|FY|20\d\d|10-[KQ]|first|second|third|fourth|annual|quarterly|"
    r"march|june|september|december)\b)"
)

# A company's full name as a cover prints it: a line of its own ending in a legal form.
_CN_LEGAL_FORM = r"(?:股份有限公司|有限责任公司|有限責任公司|有限公司|股份公司|集团公司|集團公司)"
_CN_NAME = rf"[{CJK_CHARS}][{CJK_CHARS}（）()·]{{1,30}}?{_CN_LEGAL_FORM}"
_CN_LEGAL_WORDS = re.compile(r"股份|有限|责任|責任|公司|集团|集團|控股|[（）()·\s]")
_CN_NAME_LINE = re.compile(rf"^\s*(?P<name>{_CN_NAME})(?:\s+[A-Za-z][A-Za-z0-9 .,&'’()-]*)?\s*$")
# A cover's title line that leads with the name: "金花企业（集团）股份有限公司2024 年年度报告".
_CN_NAME_TITLE_LINE = re.compile(rf"^\s*(?P<name>{_CN_NAME})\s*(?:20\d\d|19\d\d)\s*年")
# A name under a label of its own: "公司的中文名称: 金花企业（集团）股份有限公司", "出版機關：臺灣銀行股份有限公司".
_CN_NAME_LABELLED = re.compile(
    rf"(?:公司的?中文名[称稱]|中文名[称稱]|公司名[称稱]|法定名[称稱]|出版機關|出版机关|發行人|发行人)\s*[:：|]\s*(?P<name>{_CN_NAME})"
)
# "星河科技有限公司（“星河科技”或“本公司”）": a full name and what the text calls it from then on.
_CN_NAME_IN_PROSE = re.compile(
    rf"(?<![{CJK_CHARS}])(?P<name>{_CN_NAME})\s*[（(]\s*(?:以下简称|以下簡稱|下称|下稱|简称|簡稱)?\s*[:：]?\s*"
    rf"[“「\"『](?P<short>[{CJK_CHARS}A-Za-z0-9]{{2,12}})[”」\"』]"
)
_EN_LEGAL_FORM = (
    r"(?i:Co(?:mpany)?\.?,?\s*(?:Ltd|Limited)\.?|Corporation|Incorporated|Inc\.?|Corp\.?|Company|Co\.|Ltd\.?|Limited"
    r"|plc|N\.V\.|S\.A\.|SE|AG|L\.P\.|LLC|Holdings?|Group)"
)
_EN_WORD = r"[A-Z0-9][\w&'’.\-]*"
_EN_NAME = rf"(?:The\s+)?{_EN_WORD}(?:,?\s+(?:&\s+)?{_EN_WORD}){{0,5}}?,?\s+(?:&\s+)?{_EN_LEGAL_FORM}"
_EN_NAME_LINE = re.compile(rf"^\s*(?P<name>{_EN_NAME})\s*$")
_EN_NAME_IN_PROSE = re.compile(
    rf"(?P<name>{_EN_NAME})\s+(?:\([^)]{{0,60}}\)\s+)?(?:today\s+)?(?:reported|announced|reports|announces|posted)\b"
)
_REGISTRANT = re.compile(r"\(\s*Exact name of (?:the\s+)?registrant", re.IGNORECASE)
# What stands above that label is the name, legal form or not, if it reads like one (words, not a file number).
_REGISTRANT_NAME = re.compile(r"^[A-Za-z0-9][\w&'’.,\- ]{1,80}$")
# Names on a cover that are not the filer's: exchanges, regulators, auditors, the listing notes.
_NOT_A_FILER = re.compile(
    r"交易所|事务所|事務所|结算|結算|证券登记|證券登記|監督管理|监督管理|Exchange|Stock Market|Commission|Nasdaq|NYSE"
    r"|Notes due",
    re.IGNORECASE,
)

# Codes and short names: "公司代码：600519 公司简称：贵州茅台", "股份代號：700", a 10-K's "Trading Symbol" table.
_CN_LABEL = r"(?:公司|股票|证券|證券|股份|A\s*股|B\s*股|H\s*股)"
_CN_SHORT_NAME = re.compile(rf"{_CN_LABEL}\s*(?:简|簡)\s*(?:称|稱)\s*[:：]?\s*(?P<value>[*＊A-Za-z0-9{CJK_CHARS}]{{2,16}})")
_CN_CODE = re.compile(rf"{_CN_LABEL}\s*(?:代码|代碼|代號|代号)\s*[:：]?\s*(?P<value>\d{{3,6}})(?!\d)")
_EN_CODE = re.compile(r"\bstock\s+code\s*[:：]?\s*(?P<value>\d{3,6})(?!\d)", re.IGNORECASE)
# A label that ran into the value with no space between: "贵州茅台公司代码" is "贵州茅台".
_NEXT_LABEL = re.compile(rf"{_CN_LABEL}?(?:代码|代碼|代號|代号|简称|簡稱)|公告编号|公告編號|编号|編號")
_GENERIC_SHORT_NAMES = frozenset({"公司", "本公司", "集团", "本集团", "集團", "本集團", "发行人", "發行人"})
_TRADING_SYMBOL = re.compile(r"Trading\s+Symbol", re.IGNORECASE)
# Capitals as printed, even inside a pattern that ignores case ("Trading Symbol(s) | Name of each exchange" names none).
_TICKER = r"(?P<value>(?-i:[A-Z]{1,5}(?:\.[A-Z])?))"
_TICKER_PATTERNS = (
    # The 12(b) table: "Common Stock, $0.00001 par value per share AAPL The Nasdaq Stock Market LLC".
    re.compile(rf"(?<![\w.]){_TICKER}\s*\|?\s*(?:The\s+)?(?:Nasdaq|NASDAQ|New\s+York\s+Stock\s+Exchange|NYSE|Chicago\s+Stock|Cboe|CBOE)"),
    re.compile(rf"Trading\s+Symbol\(?s?\)?\s*[:|]\s*{_TICKER}\b", re.IGNORECASE),
)
_TICKER_IN_PROSE = re.compile(rf"\((?:NASDAQ|Nasdaq|NYSE|NYSE American)(?:\s*GS)?\s*:\s*{_TICKER}\)")
_NOT_TICKERS = frozenset({"LLC", "INC", "NONE", "THE", "NA", "USD", "CORP", "LTD", "PLC"})
_TABLE_CHARS = 1_500

# Titles that say nothing about the filing: a filer id, a file name, a cover's first words, a bare legal form.
_USELESS_TITLE_WORDS = re.compile(
    r"(?<![A-Za-z])(?:united\s+states|securities\s+and\s+exchange\s+commission|washington|d\.?\s*c|exhibit|news"
    r"|press|for\s+immediate|release|table\s+of\s+contents|untitled|document|form|reports?|results|earnings|annual"
    r"|quarterly|current|interim|financial|statements?|fiscal|full|year|quarter|half|first|second|third|fourth|Q[1-4]"
    r"|FY|H[12]|inc|corp|corporation|company|co|ltd|limited|plc|group|holdings?)(?![A-Za-z])"
    r"|目录|目錄|重要提示|公告|报告|報告|业绩|業績|年度|年报|年報|季度|季报|季報|半年|中期|第[一二三四]|[年月日]"
    r"|股份|有限|责任|責任|公司|集团|集團|控股",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"_|\.(?:docx?|pdf|html?|txt|xlsx?)$|^microsoft word\b", re.IGNORECASE)
_CN_NUMERALS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = re.compile(r"[零〇○一二三四五六七八九]{4}(?=\s*年)")
# Taiwan dates its filings by the Republic's years (民國113年 = 2024), written in figures or numerals (一一三年).
_ROC_ERA = re.compile(r"中華民國|中华民国|民國|民国")
_ROC_YEAR = re.compile(
    r"(?:(?:中華民國|中华民国|民國|民国)\s*)?(?<![\d.,])(?P<year>1[0-4]\d|一[零〇○一二三四][零〇○一二三四五六七八九])(?=\s*年)"
)
_ROC_OFFSET = 1911
_CN_MONTH_DAY = re.compile(r"(?<=[年月])\s*(?P<number>[一二三四五六七八九十]{1,3})\s*(?=[月日])")
_CN_QUARTER_NAMES = "一二三四"
_TITLE_TYPES_ZH = {
    "annual report": "年度报告", "half-year report": "半年度报告", "quarterly report": "季度报告",
    "earnings release": "业绩公告", "prospectus": "招股说明书",
}  # fmt: skip


def detect_metadata(document: SourceDocument) -> DocumentMetadata:
    """What the title and the cover of `document` say about it; fields they do not reveal stay ""."""
    title = document.title if is_informative_title(document.title) else ""
    cover = _arabic_dates(_gregorian_years(fold_width(cover_text(document))))
    calendar = read_calendar(document.text)
    opening = f"{document.title}\n{cover[:_OPENING_CHARS]}"
    doc_type, named = _doc_type(opening, cover)
    language = detect_language(document.text)
    short_name, stock_code = codes_on_cover(cover)
    company = (
        company_on_cover(cover, language)
        or company_in_title(title)
        or _company_in_prose(cover, language)
    )  # fmt: skip
    if not short_name and (match := _CN_NAME_IN_PROSE.search(cover)) and match["short"] not in _GENERIC_SHORT_NAMES:
        short_name = match["short"]
    return DocumentMetadata(
        company=_as_written(company, document.text),
        # A type read from loose words ("财报", "results") says too little to look for its period on the cover.
        period=(named and find_report_period(f"{title}\n{cover[:_STATEMENT_CHARS]}", doc_type, calendar))
        or _fallback_period(title, opening, doc_type),
        doc_type=doc_type,
        language=language,
        published=find_published(opening) or find_published(cover[:_PUBLISHED_CHARS]),
        short_name=short_name,
        stock_code=stock_code,
        fiscal_year_end=str(calendar),
    )


def with_metadata(document: SourceDocument, overrides: DocumentMetadata | None = None) -> SourceDocument:
    """`document` with detected metadata, each field the caller gave in `overrides` taking precedence, and a
    title made from it when the document's own says nothing (a filer id, "UNITED STATES", "股份有限公司")."""
    detected = detect_metadata(document)
    given = {field.name: getattr(overrides, field.name) for field in fields(DocumentMetadata)} if overrides else {}
    chosen = replace(detected, **{name: value for name, value in given.items() if value})
    metadata = replace(chosen, period=normalize_period(chosen.period) or chosen.period)
    title = document.title if is_informative_title(document.title) else made_title(metadata, document)
    return replace(document, metadata=metadata, title=title or document.title)


def cover_text(document: SourceDocument) -> str:
    """The first pages of `document` (about 3, within 6,000 to 12,000 characters): where a filing names itself."""
    starts = document.page_starts
    end = starts[_COVER_PAGES] if len(starts) > _COVER_PAGES else len(document.text)
    return document.text[: min(max(end, _COVER_MIN_CHARS), _COVER_MAX_CHARS)]


def find_period(text: str) -> str:
    """The first period `text` names, normalised ("2024Q4", "FY2025", "2024H1", "2024"), or ""."""
    return _specific_period(text) or _first(_YEAR_PATTERNS, text, lambda match: match["year"])


def normalize_period(text: str) -> str:
    """A period as the user wrote it ("2024年第四季度", "q4 2024", "fy2025") in the normal form, or ""."""
    return find_period(text.strip())


def find_report_period(text: str, doc_type: str, calendar: FiscalCalendar | None = None) -> str:
    """The period a filing of `doc_type` covers, from the first line of `text` that states one of the kind such a
    filing covers (an annual report's year, a 10-Q's quarter), or "". A period stated by its end date is named in
    the filer's fiscal `calendar` when its year does not end in December: Walmart's "quarterly period ended April
    30, 2023" is FY2024Q1, Apple's ended July 1, 2023 FY2023Q3."""
    kinds = _PERIOD_KINDS.get(doc_type, ())
    if not kinds:
        return ""
    if calendar and not calendar.is_calendar_year and (fiscal := _fiscal_period(text, kinds, calendar)):
        return fiscal
    for line in text.splitlines():
        for kind in kinds:
            if period := _PERIOD_FINDERS[kind](line):
                return period
    return ""


def _fiscal_period(text: str, kinds: tuple[str, ...], calendar: FiscalCalendar) -> str:
    """The first period `text` states by its end ("for the quarterly period ended April 30, 2023"), named in
    `calendar`: "FY2024Q1", "FY2023", "FY2024H1"; "" when it states none."""
    ended = {"quarter": _QUARTER_ENDED, "half": _HALF_ENDED, "year": _YEAR_ENDED}
    for line in text.splitlines():
        for kind in kinds:
            for pattern in ended[kind]:
                if (match := pattern.search(line)) and (end := _date(match)):
                    year = f"FY{calendar.year_of(end)}"
                    quarter = calendar.quarter_of(end)
                    return {"year": year, "quarter": f"{year}Q{quarter}", "half": f"{year}H{1 if quarter <= 2 else 2}"}[kind]
    return ""


def find_doc_type(opening: str, cover: str = "") -> str:
    """The kind of document `opening` (its title and first lines) or else `cover` says it is, normalised, or ""."""
    return _doc_type(opening, cover)[0]


def _doc_type(opening: str, cover: str) -> tuple[str, bool]:
    """`find_doc_type`, and whether a kind of document was named (a form, "年度报告") rather than loosely implied."""
    kinds = (*_DOC_TYPES, *_LOOSE_DOC_TYPES)
    if (found := _earliest_type(opening, kinds)) is not None:
        return kinds[found][0], found < len(_DOC_TYPES)
    found = _earliest_type(cover, _DOC_TYPES)
    return (_DOC_TYPES[found][0], True) if found is not None else ("", False)


def find_date(text: str) -> str:
    """The first full date in `text` as an ISO string, or ""."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = MONTHS.get(match["month_name"].lower()) if "month_name" in match.groupdict() else int(match["month"])
            day = int(match["day"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{match['year']}-{month:02d}-{day:02d}"
    return ""


def find_published(text: str) -> str:
    """The earliest full date in `text` that is not a period's end ("for the quarter ended March 31, 2023", "截至
    2024年12月31日止"), as an ISO string, or ""."""
    dates = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            before, after = text[max(0, match.start() - 20) : match.start()], text[match.end() : match.end() + 3]
            if (date := _date(match)) and not _PERIOD_END_BEFORE.search(before) and not after.lstrip().startswith("止"):
                dates.append((match.start(), date))
    return min(dates)[1].isoformat() if dates else ""


def company_in_title(title: str) -> str:
    """The company a title leads with ("星河科技2024年第四季度业绩" → "星河科技"), or ""."""
    pattern = _CN_COMPANY if detect_language(title) == "zh" else _EN_COMPANY
    match = pattern.search(title)
    # "FY2025 Q3 results" leads with a period, not a company; "Form 10-Q for …" with a form.
    if not match or find_period(match["name"]) or not is_informative_title(match["name"]):
        return ""
    return match["name"].strip()


def company_on_cover(cover: str, language: str = "") -> str:
    """The full name a cover prints on a line of its own or as the registrant ("贵州茅台酒股份有限公司",
    "MICROSOFT CORPORATION"), in `language`'s script when it prints both, or ""."""
    lines = [line.strip() for line in cover.splitlines()]
    for number, line in enumerate(lines):
        if _REGISTRANT.search(line):
            before = _REGISTRANT.split(line)[0].strip()
            name = before or next((previous for previous in reversed(lines[:number]) if previous), "")
            if _REGISTRANT_NAME.match(name):
                return name
    chinese = next(
        (
            m["name"]
            for line in lines
            for pattern in (_CN_NAME_LINE, _CN_NAME_TITLE_LINE)
            if (m := pattern.match(line)) and _is_filer(m["name"])
        ),
        "",
    ) or next((m["name"] for m in _CN_NAME_LABELLED.finditer(cover) if _is_filer(m["name"])), "")
    english = next((m["name"] for line in lines if (m := _EN_NAME_LINE.match(line)) and _is_filer(m["name"])), "")
    return (chinese or english) if language == "zh" else (english or chinese)


def codes_on_cover(cover: str) -> tuple[str, str]:
    """(short name, stock code) as a cover labels them ("公司简称：贵州茅台", "公司代码：600519"); a US filing's
    ticker (its cover's trading symbol) is both. "" where the cover has none."""
    short_name = next(
        (value for match in _CN_SHORT_NAME.finditer(cover) if (value := _until_next_label(match["value"]))), ""
    )
    code = next((match["value"] for pattern in (_CN_CODE, _EN_CODE) if (match := pattern.search(cover))), "")
    if short_name or code:
        return short_name, code
    ticker = _ticker(cover)
    return ticker, ticker


def is_informative_title(title: str) -> bool:
    """Whether `title` names something beyond a form, a legal form and a period: not "UNITED STATES",
    "0000320193-23-000077", "股份有限公司", "Exhibit 99.1 - 3.31.23 - Q1", a file name or "2020年年度报告"."""
    title = " ".join(title.split())
    # A cover's line of labels ("证券代码：000999 证券简称：华润三九 公告编号：2024-111") names no document.
    if not title or _FILE_NAME.search(title) or _CN_CODE.search(title):
        return False
    rest = re.sub(r"[\d\W_]+", "", _USELESS_TITLE_WORDS.sub(" ", title))
    return len(CJK.findall(rest)) >= 2 or len(re.findall(r"[A-Za-z]", rest)) >= 3


def made_title(metadata: DocumentMetadata, document: SourceDocument | None = None) -> str:
    """A title from what the filing is: "贵州茅台酒股份有限公司 2020 年年度报告", "Microsoft Corporation Form 10-K
    FY2019", "Intel Corporation Earnings Release 2022Q4"; "" without a company."""
    company, period, doc_type = metadata.company, metadata.period, metadata.doc_type
    if not company:
        return ""
    if CJK.search(company) or metadata.language == "zh":
        return f"{company} {_chinese_title(period, doc_type)}".strip()
    cover = cover_text(document) if document else ""
    form = next((m[1] for m in _SEC_FORM.finditer(cover[: _OPENING_CHARS * 2]) if _form_type(m[1]) == doc_type), "")
    kind = f"Form {form}" if form else doc_type.title()
    return " ".join(part for part in (company, kind, period) if part)


def _chinese_title(period: str, doc_type: str) -> str:
    kind = _TITLE_TYPES_ZH.get(doc_type, doc_type)
    if match := re.fullmatch(r"(?:FY)?(20\d\d)", period):
        return f"{match[1]} 年{kind}" if doc_type == "annual report" else f"{match[1]} 年度{kind}"
    if match := re.fullmatch(r"(?:FY)?(20\d\d)Q([1-4])", period):
        quarter = f"第{_CN_QUARTER_NAMES[int(match[2]) - 1]}季度"
        return f"{match[1]} 年{quarter}{'报告' if doc_type == 'quarterly report' else kind}"
    if match := re.fullmatch(r"(20\d\d)H([12])", period):
        half = "半年度" if match[2] == "1" else "下半年"
        return f"{match[1]} 年{half}{'报告' if doc_type == 'half-year report' else kind}"
    return " ".join(part for part in (period, kind) if part)


def _form_type(form: str) -> str:
    return {"10-K": "annual report", "20-F": "annual report", "40-F": "annual report", "10-Q": "quarterly report",
            "8-K": "current report", "6-K": "current report"}[form]  # fmt: skip


def _specific_period(text: str) -> str:
    """A quarter, half or fiscal year `text` names (not a bare calendar year), normalised, or ""."""
    for pattern in _FISCAL_QUARTER_PATTERNS:
        if match := pattern.search(text):
            return f"FY{match['year']}Q{_quarter(match)}"
    for pattern in _QUARTER_PATTERNS:
        if (match := pattern.search(text)) and match.groupdict().get("year"):
            return f"{match['year']}Q{_quarter(match)}"
    if half := _first(_HALF_PATTERNS, text, lambda match: f"{match['year']}H{_half(match)}"):
        return half
    return _first(_FISCAL_YEAR_PATTERNS, text, lambda match: f"FY{match['year']}")


def _quarter_on_line(line: str) -> str:
    for pattern in _FISCAL_QUARTER_PATTERNS:
        if match := pattern.search(line):
            return f"FY{match['year']}Q{_quarter(match)}"
    if ended := _first(_QUARTER_ENDED, line, _nearest_quarter):
        return ended
    for pattern in _QUARTER_PATTERNS:
        if (match := pattern.search(line)) and match.groupdict().get("year"):
            return f"{match['year']}Q{_quarter(match)}"
    return ""


def _half_on_line(line: str) -> str:
    return _first(_HALF_ENDED, line, _nearest_half) or _first(_HALF_PATTERNS, line, lambda m: f"{m['year']}H{_half(m)}")


def _year_on_line(line: str) -> str:
    return (
        _first(_YEAR_ENDED, line, _fiscal_year)
        or _first(_ANNUAL_NAMED, line, lambda match: f"FY{match.groupdict().get('year') or match['year2']}")
        or _first(_FISCAL_YEAR_PATTERNS, line, lambda match: f"FY{match['year']}")
    )  # fmt: skip


_PERIOD_FINDERS: dict[str, Callable[[str], str]] = {"quarter": _quarter_on_line, "half": _half_on_line, "year": _year_on_line}


def _fallback_period(title: str, opening: str, doc_type: str) -> str:
    """The period a document that states none on a cover is about: its title's, else the first specific one its
    opening names (a quarter, a fiscal year), else the latest year its opening names: earlier ones are its
    comparatives and history ("IMFT was formed in 2006" above a table of 2019 and 2018 is not a report on 2006).
    Years further down are not looked at: an article's body names targets and history of any year."""
    period = find_period(title) or _specific_period(opening) or max(_BARE_YEAR.findall(opening), default="")
    # An annual report's year is its fiscal year, even where the cover prints the year alone.
    return f"FY{period}" if doc_type == "annual report" and re.fullmatch(r"20\d\d", period) else period


def _first(patterns: tuple[re.Pattern[str], ...], text: str, convert: Callable[[re.Match[str]], str]) -> str:
    for pattern in patterns:
        if (match := pattern.search(text)) and (value := convert(match)):
            return value
    return ""


def _earliest_type(text: str, types: tuple[tuple[str, re.Pattern[str]], ...]) -> int | None:
    """The index in `types` of the one `text` mentions first, or None."""
    found = [(match.start(), order) for order, (_, pattern) in enumerate(types) if (match := pattern.search(text))]
    return min(found)[1] if found else None


def _date(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    month = MONTHS.get(groups["month_name"].lower()) if groups.get("month_name") else int(groups["month"])
    try:
        return datetime.date(int(groups["year"]), month or 0, int(groups["day"]))
    except ValueError:
        return None


def _fiscal_year(match: re.Match[str]) -> str:
    """The fiscal year a year ending on the matched date is named for ("FY2019"): its own, unless it ends in the
    first days of January (a 52/53-week year: "the year ended January 1, 2023" is fiscal 2022)."""
    if not (end := _date(match)):
        return ""
    return f"FY{end.year - 1 if end.month == 1 and end.day <= 7 else end.year}"


def _nearest_quarter(match: re.Match[str]) -> str:
    if not (end := _date(match)):
        return ""
    ends = [datetime.date(end.year - 1, 12, 31)] + [_period_end(end.year, month) for month in (3, 6, 9, 12)]
    nearest = min(ends, key=lambda candidate: abs((candidate - end).days))
    return f"{nearest.year}Q{nearest.month // 3}"


def _nearest_half(match: re.Match[str]) -> str:
    if not (end := _date(match)):
        return ""
    ends = [datetime.date(end.year - 1, 12, 31), datetime.date(end.year, 6, 30), datetime.date(end.year, 12, 31)]
    nearest = min(ends, key=lambda candidate: abs((candidate - end).days))
    return f"{nearest.year}H{nearest.month // 6}"


def _period_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 31 if month in (3, 12) else 30)


def _is_filer(name: str) -> bool:
    # "股份有限公司" alone is a legal form, not a name.
    return not _NOT_A_FILER.search(name) and len(_CN_LEGAL_WORDS.sub("", name)) >= 2


def _company_in_prose(cover: str, language: str) -> str:
    """A full name the opening sentences introduce ("McDonald's Corporation today announced", "星河科技有限公司
    （“星河科技”）"), or ""."""
    chinese = next((m["name"] for m in _CN_NAME_IN_PROSE.finditer(cover) if _is_filer(m["name"])), "")
    english = next((m["name"] for m in _EN_NAME_IN_PROSE.finditer(cover) if _is_filer(m["name"])), "")
    return (chinese or english) if language == "zh" else (english or chinese)


def _as_written(name: str, text: str) -> str:
    """`name` in the case the document writes it in running text when the cover prints it in capitals
    ("MICROSOFT CORPORATION" → "Microsoft Corporation"), else title-cased word by word."""
    name = " ".join(name.split())
    letters = re.findall("[A-Za-z]", name)
    # Capitals all through, bar a "Mc" or an "'s": "McDONALD'S CORPORATION".
    if not letters or sum(letter.isupper() for letter in letters) < 0.8 * len(letters):
        return name
    for match in re.finditer(re.escape(name).replace(r"\ ", r"\s+"), text, re.IGNORECASE):
        if sum(letter.isupper() for letter in match[0]) < 0.5 * len(letters):
            return " ".join(match[0].split())
    return " ".join(_title_case(word) for word in name.split())


def _title_case(word: str) -> str:
    # Short words and ones with digits or "&" are initials ("IBM", "3M", "AT&T"); legal forms are words.
    if re.fullmatch(r"(?:INC|CORP|CO|LTD|THE|AND|OF)\.?,?", word):
        return word.capitalize() if word not in ("AND", "OF") else word.lower()
    if len(word.strip(".,")) <= 3 or re.search(r"[\d&]", word):
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def _until_next_label(value: str) -> str:
    value = _NEXT_LABEL.split(value)[0].strip()
    return value if len(value) >= 2 and value not in _GENERIC_SHORT_NAMES else ""


def _ticker(cover: str) -> str:
    for table in _TRADING_SYMBOL.finditer(cover):
        window = cover[table.start() : table.start() + _TABLE_CHARS]
        for pattern in _TICKER_PATTERNS:
            for match in pattern.finditer(window):
                if match["value"] not in _NOT_TICKERS:
                    return match["value"]
    return next((m["value"] for m in _TICKER_IN_PROSE.finditer(cover[: _OPENING_CHARS * 4]) if m["value"] not in _NOT_TICKERS), "")


def _gregorian_years(text: str) -> str:
    """`text` with the Republic of China's years as the common era's ("民國113年" → "2024年") when it dates by them
    (it names the era somewhere), so a Taiwanese filing's "113 年度" is its 2024; the length may change."""
    if not _ROC_ERA.search(text):
        return text
    return _ROC_YEAR.sub(lambda match: str(_ROC_OFFSET + _roc_number(match["year"])), text)


def _roc_number(year: str) -> int:
    return int(year) if year.isdigit() else int("".join(str(_CN_NUMERALS[char]) for char in year))


def _arabic_dates(text: str) -> str:
    """Dates in Chinese numerals as digits ("二零二四年十二月三十一日" → "2024年12月31日"), character counts aside."""
    text = _CN_YEAR.sub(lambda match: "".join(str(_CN_NUMERALS[char]) for char in match[0]), text)
    return _CN_MONTH_DAY.sub(lambda match: str(_cn_number(match["number"])), text)


def _cn_number(numerals: str) -> int:
    if "十" not in numerals:
        return _CN_NUMERALS.get(numerals, 0)
    tens, _, ones = numerals.partition("十")
    return _CN_NUMERALS.get(tens, 1) * 10 + _CN_NUMERALS.get(ones, 0)


def _quarter(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("ordinal"):
        return _EN_ORDINALS[groups["ordinal"].lower()]
    if groups.get("month_name"):
        return MONTHS[groups["month_name"].lower()] // 3
    if groups.get("month"):
        return int(groups["month"]) // 3
    if groups.get("months_run"):
        return {"three": 1, "nine": 3}[groups["months_run"].lower()]
    return _CN_DIGITS[groups["quarter"]]


def _half(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("half"):
        return int(groups["half"])
    if groups.get("cn_half"):
        return 1 if groups["cn_half"] == "上" else 2
    if groups.get("en_half"):
        return 1 if groups["en_half"].lower() in ("first", "1st") else 2
    return 1
