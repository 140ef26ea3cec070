"""The company and period a question names, turned into a search scope when the library holds them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import accumulate

from fintext.fiscal import dates_in
from fintext.text import CJK, CJK_CHARS, fold_script, word_frequency, words
from ingest.metadata import find_period
from store import DocumentInfo
from store.scope import Scope

# Legal-form words a question leaves out: "星河科技集团" is asked about as "星河科技", "Alibaba Group" as "Alibaba".
_SUFFIXES = re.compile(
    r"(?:集团|控股|股份|有限公司|有限|公司|\s+(?:group|holdings?|inc\.?|ltd\.?|limited|corp\.?|corporation|co\.?|plc))+$",
    re.IGNORECASE,
)
# Places a Chinese name may start with: "贵州茅台" is asked about as "茅台", and "贵州" is not one company.
_PLACES = frozenset({
    "中国", "中华", "全国", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东",
    "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "宁夏", "新疆", "西藏", "台湾", "香港",
    "澳门", "深圳", "广州", "杭州", "南京", "武汉", "成都", "西安", "苏州", "宁波", "厦门", "青岛", "大连", "沈阳", "长沙", "郑州", "济南",
    "合肥", "福州", "昆明", "贵阳", "南宁", "海口", "兰州", "太原", "无锡", "佛山", "东莞", "珠海", "烟台", "宜宾", "泸州", "黑龙江",
    "内蒙古", "石家庄",
})  # fmt: skip
# Two-character prefixes that name places or industries rather than one company ("中国平安" is not "中国").
_GENERIC_PREFIXES = {place[:2] for place in _PLACES} | {"中信", "招商", "华夏", "国泰", "东方", "南方"}
_MIN_SHORT_NAME = 4
# What is left of a name without its place is a name only if it is not an everyday word: "茅台" is, "银行" (北京银行),
# "机场" (上海机场) and "平安" (中国平安) are not; jieba's dictionary counts how common a word is.
_MAX_NAME_WORD_FREQUENCY = 200
# A name a question opens with is asked about by its first word, which everyday words outnumber: "微软" counts
# 1,757 in jieba's dictionary, "什么" 59,317, "要" 156,581.
_MAX_SUBJECT_WORD_FREQUENCY = 2000
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
# A stock code in a question: "600519", "00700"; four digits that read as a year ("2020") are not one.
_CODE = re.compile(r"\d{4,6}")
_YEAR = re.compile(r"(?:19|20)\d\d")
# How many years before its own an annual report, or a quarterly one, prints figures for.
_ANNUAL_YEARS_BACK = 2
_QUARTER_YEARS_BACK = 1
# A report's outlook and plans name the year after it ("2021年计划实现营业总收入…").
_YEARS_AHEAD = 1
# A question asking what a report expects or plans, which may be of the period after the report's own.
_OUTLOOK = re.compile(
    r"forecast|outlook|guidance|guide|expect|anticipat|\bplan|target|预计|预期|预测|计划|目标|展望|指引|规划",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"((?:19|20)\d\d)Q([1-4])")
_HALF = re.compile(r"((?:19|20)\d\d)H([12])")
# A ticker is matched as printed, in capitals: "MSFT"; "cost" in a question is not Costco's COST.
_TICKER = re.compile(r"[A-Z][A-Z.]{1,5}")
# A name ends where a word of its own does not go on: "茅台" in "茅台2020年" and "茅台的", not in "茅台酒".
_NAME_END = f"(?:(?![{CJK_CHARS}])|(?=[的在和与及公]))"


def scope_of_question(
    question: str, companies: Iterable[str], periods: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None
) -> Scope:
    """The known company and period that `question` names; a name or period the library lacks is ignored,
    so a question never gets scoped to nothing.

    `aliases` gives other names of a company: its short name and stock code ("贵州茅台", "600519", "MSFT").
    """
    aliases = aliases or {}
    mentioned = [
        company for company in set(companies) if company and _mentions(question, company, aliases.get(company, ()))
    ]
    # The longest name wins: "阿里巴巴" is mentioned inside "阿里巴巴影业" too.
    company = max(mentioned, key=lambda name: (len(name), name), default="")
    known = set(periods)
    period = find_period(question)
    # "2020年" asks about the year an annual report calls FY2020; the year of a date other than a calendar year's
    # end does not ("the three months ended April 30, 2023" are in Walmart's fiscal 2024, not Oracle's fiscal 2023).
    in_a_year = all((date.month, date.day) == (12, 31) for date in dates_in(question))
    if period not in known and f"FY{period}" in known and _YEAR.fullmatch(period) and in_a_year:
        period = f"FY{period}"
    return Scope(company=company, period=period if period in known else "")


def companies_named(
    question: str, companies: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None
) -> list[str]:
    """Every known company `question` names, each once ("茅台和五粮液谁的营业收入更高" names two); a name inside a
    longer one's ("阿里巴巴" in "阿里巴巴影业") is the longer one's."""
    aliases = aliases or {}
    mentioned = [
        company for company in set(companies) if company and _mentions(question, company, aliases.get(company, ()))
    ]
    folded = {company: fold_script(company) for company in mentioned}
    return sorted(
        (
            company
            for company in mentioned
            if not any(company != other and folded[company] in folded[other] for other in mentioned)
        ),
        key=lambda company: (len(company), company),
    )


def company_aliases(company: str) -> set[str]:
    """How a question may write `company`: in full, without its legal form, or by its short name; in Simplified
    characters (`fold_script`), as `_mentions` compares them ("臺灣銀行" is asked about as "台湾银行")."""
    company = fold_script(company)
    stripped = _SUFFIXES.sub("", company).strip() or company
    aliases = {company.lower(), stripped.lower()}
    unbracketed = _bare_name(company)
    if re.fullmatch(f"[{CJK_CHARS}]+", unbracketed):
        chinese = {unbracketed} | _without_place(unbracketed)
        if len(unbracketed) >= _MIN_SHORT_NAME and unbracketed[:2] not in _GENERIC_PREFIXES:
            chinese.add(unbracketed[:2])
        aliases |= chinese | {spelled for name in chinese for spelled in _pinyin_spellings(name)}
    elif (words_of_name := stripped.split()) and len(words_of_name[0]) >= _MIN_SHORT_NAME:
        aliases.add(words_of_name[0].lower())
    return aliases


def _bare_name(company: str) -> str:
    """`company` without its legal form and bracketed remarks: "臺灣銀行" of "臺灣銀行股份有限公司", "金花企业" of
    "金花企业（集团）股份有限公司"."""
    stripped = _SUFFIXES.sub("", company).strip() or company
    return _SUFFIXES.sub("", _BRACKETED.sub("", stripped)).strip()


def _legal_name_stripped(company: str) -> str:
    """`_bare_name` when long enough to name the company alone ("臺灣銀行"), else ""."""
    bare = _bare_name(company)
    return bare if len(bare) >= _MIN_SHORT_NAME else ""


@lru_cache(maxsize=4096)
def _pinyin_spellings(name: str) -> tuple[str, ...]:
    """How an English question spells a Chinese name in pinyin: "金花" as "jinhua", "华润三九" as "huarunsanjiu",
    "huarun sanjiu" or "sanjiu" (a name the filing prints in English too, "GINWA", is found on its cover instead)."""
    # Imported here: its dictionaries take ~0.6 s to load, and only a question in Latin letters needs them.
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    if len(syllables) != len(name) or not all(syllable.isalpha() and syllable.isascii() for syllable in syllables):
        return ()
    # A four-character name is two words: "Huarun Sanjiu", or its distinctive second one alone, "Sanjiu".
    halves = (f"{''.join(syllables[:2])} {''.join(syllables[2:])}", "".join(syllables[2:])) if len(syllables) == 4 else ()
    return ("".join(syllables), *halves)


def short_name_aliases(name: str) -> set[str]:
    """How a question may write a short name or stock code: "贵州茅台" or "茅台", "600519", "MSFT" (names in
    Simplified characters, see `company_aliases`)."""
    name = name.strip()
    if name.isdigit():
        if not _CODE.fullmatch(name) or _YEAR.fullmatch(name):
            return set()
        # A Hong Kong code is written "00700", "0700" or "0700.HK".
        hong_kong = {name[1:], f"{name[1:]}.HK", f"{name}.HK"} if len(name) == 5 and name.startswith("0") else set()
        return {name, *hong_kong}
    if _TICKER.fullmatch(name):
        return {name}
    return company_aliases(name) if len(name) >= 2 else set()


def company_names(documents: Iterable[DocumentInfo]) -> set[str]:
    """The ways a question names the company of `documents`: full name, stock code, and the short name's forms
    ("贵州茅台", "茅台"); a Chinese full name's shorter forms are not ("茅台酒" is its product as well), but for the
    name without its legal form ("臺灣銀行" of a bank that prints no short name), and an English one's are ("Intel" of
    "Intel Corporation", which prints no short name)."""
    return {
        name
        for document in documents
        for name in (
            document.company,
            _legal_name_stripped(document.company),
            document.stock_code,
            *short_name_aliases(document.short_name),
            *(company_aliases(document.company) if document.company.isascii() else ()),
        )
        if name
    }


def without_names(text: str, names: Iterable[str]) -> str:
    """`text` with `names` taken out where they stand as names (an English possessive with them): whose figure
    is asked is not which one, and a product named after the company ("茅台酒") keeps its words."""
    text = re.sub(r"(?:^|\s)['’]s\b", " ", replace_names(text, names, " "))
    return re.sub(r"\s{2,}", " ", text).strip()


def replace_names(text: str, names: Iterable[str], replacement: str) -> str:
    """`text` with `names` replaced by `replacement` where they stand as names, the longest first: a Latin name as
    a word, a Chinese one where a word ends after it ("贵州茅台" in "贵州茅台茅台酒的毛利率", not "茅台" there), in
    either script ("臺灣銀行" in "台湾银行的…"): found in the folded text (`fold_script`, character for character),
    replaced in `text` as written."""
    for name in sorted(filter(None, names), key=len, reverse=True):
        if name[-1].isascii():
            start = r"(?<![A-Za-z0-9])" if name[0].isascii() else ""
            text = re.sub(f"{start}{re.escape(name)}(?![A-Za-z0-9])", lambda _: replacement, text, flags=re.IGNORECASE)
            continue
        folded = fold_script(text)
        ends = set(accumulate(len(word) for word in words(folded)))
        pieces, position = [], 0
        for match in re.finditer(re.escape(fold_script(name)), folded):
            if match.start() >= position and (match.end() in ends or re.match(_NAME_END, folded[match.end() :])):
                pieces += [text[position : match.start()], replacement]
                position = match.end()
        text = "".join(pieces) + text[position:]
    return text


def _without_place(name: str) -> set[str]:
    """`name` without the place it starts with, when what is left is a name and not an everyday word."""
    place = max((place for place in _PLACES if name.startswith(place)), key=len, default="")
    rest = name[len(place) :]
    return {rest} if place and len(rest) >= 2 and word_frequency(rest) < _MAX_NAME_WORD_FREQUENCY else set()


def _mentions(question: str, company: str, other_names: Iterable[str] = ()) -> bool:
    """Whether `question` names `company`, or one of its `other_names`, in either script."""
    text = fold_script(question).lower()
    if any(_contains(text, alias) for alias in company_aliases(company)):
        return True
    for name in other_names:
        for alias in short_name_aliases(name):
            # Codes and tickers are matched as printed; names in any case.
            if _CODE.fullmatch(alias) or _TICKER.fullmatch(alias):
                if re.search(rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![A-Za-z0-9])", question):
                    return True
            elif _contains(text, alias):
                return True
    return False


def _contains(text: str, alias: str) -> bool:
    """Whether folded, lower-case `text` holds `alias` (in either script); Latin names must stand as words: "Meta"
    is not in "metadata"."""
    if alias.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text) is not None
    return fold_script(alias) in text


def uncovered_period(question: str, periods: Iterable[str]) -> str:
    """The year (or quarter, "2023Q2") `question` asks about when none of the documents' `periods` reports on
    it, else "".

    A report prints its own period and the ones before it for comparison (an annual report three years, a quarter
    the year-ago quarter), so FY2020 answers for 2018-2020 and 2023Q2 for 2022-2023Q2. Of what comes after its own
    period it gives only an outlook or plans, for the year after: a question asking what a report expects or
    plans (`_OUTLOOK`) may reach that far, another may not ("Microsoft's revenue for fiscal year 2020" is in no
    FY2019 10-K). A document of unknown period might cover any year, so with one in `periods` nothing is uncovered.
    """
    named = find_period(question)
    asked = _YEAR.match(named.removeprefix("FY"))
    periods = list(periods)
    if asked is None or not periods or any(not period for period in periods):
        return ""
    year = int(asked.group())
    outlook = bool(_OUTLOOK.search(question))
    for period in periods:
        held = _YEAR.search(period)
        annual = period.startswith("FY") and "Q" not in period or bool(_YEAR.fullmatch(period))
        reaches = _ANNUAL_YEARS_BACK if annual else _QUARTER_YEARS_BACK
        # An annual report's plans are for the next year, never for one of its quarters.
        ahead = _YEARS_AHEAD if outlook and not (annual and "Q" in named) else 0
        within = bool(held) and int(held.group()) - reaches <= year <= int(held.group()) + ahead
        # An annual report prints its own year's quarters, not the years' before it.
        if annual and _QUARTER.fullmatch(named) and not outlook:
            within = bool(held) and year == int(held.group())
        if within and (outlook or not (_later_quarter(named, period) or _other_interim_quarter(named, period))):
            return ""
    return named if _QUARTER.fullmatch(named) else str(year)


def _later_quarter(asked: str, held: str) -> bool:
    """Whether calendar quarter `asked` ("2023Q2") comes after quarter `held` ("2023Q1") of the same year. A
    fiscal quarter ("FY2023Q3") is not compared: where a company's fiscal year ends is not known here."""
    asked_quarter, held_quarter = _QUARTER.fullmatch(asked), _QUARTER.fullmatch(held)
    return (
        bool(asked_quarter and held_quarter)
        and asked_quarter[1] == held_quarter[1]
        and asked_quarter[2] > held_quarter[2]
    )


def _other_interim_quarter(asked: str, held: str) -> bool:
    """Whether calendar quarter `asked` ("2023Q3") is another quarter than the one interim report `held` ("2024Q2",
    "2024H1" ends its second) is of: such a report prints its own quarter and the year-ago one, never the others."""
    asked_quarter = _QUARTER.fullmatch(asked)
    held_quarter = _QUARTER.fullmatch(held) or _HALF.fullmatch(held)
    if not (asked_quarter and held_quarter):
        return False
    last_quarter = str(2 * int(held_quarter[2])) if "H" in held else held_quarter[2]
    return asked_quarter[2] != last_quarter


# Who a question is about, as it writes them: the name before the period or 的 a Chinese question opens with
# ("比亚迪2020年的…", "腾讯12月季度…", "阿里巴巴本季度…"), an English possessive ("Tesla's") or the subject of "did … report".
_OPENERS = ("根据", "截至", "截止", "请问", "关于", "对于", "在", "为")
# Words that point at a company rather than name it ("什么公司", "这家银行", "上市公司").
_DETERMINERS = frozenset({"什么", "哪家", "哪个", "哪些", "这家", "那家", "这个", "那个", "该", "本", "其", "其他", "其它", "各", "上市", "子", "母", "上市公司", "子公司", "母公司"})
_CHINESE_SUBJECT = re.compile(
    rf"^(?:{'|'.join(_OPENERS)})?(?P<name>[{CJK_CHARS}A-Za-z]{{2,16}}?)(?=\d|的|在|第|本|上|今年|去年|全年|截至|截止)"
)
_NAME_WORDS = r"[A-Z][\w&.-]*(?:\s+(?:[A-Z][\w&.-]*|of|and|&))*"
# A question's capitalised first words are no name: "Is Walmart's gross margin…" asks about Walmart.
_QUESTION_OPENING = re.compile(
    r"^(?:(?:Is|Are|Was|Were|Does|Do|Did|Has|Have|Had|Will|Can|Could|Should|What|Which|How|Why|When|Where|Who|In|For"
    r"|By|Compared|According|From|During|At|On|As|Of|Per|Based)(?:\s+|$))+"
)
_ENGLISH_SUBJECTS = (
    re.compile(rf"(?P<name>{_NAME_WORDS})['’]s\b"),
    # The subject between an auxiliary and a verb a company does ("did Kweichow Moutai propose"): not any word, as
    # "did Q1 revenue grow" has no subject.
    re.compile(
        rf"\b(?i:did|does|do|will)\s+(?P<name>{_NAME_WORDS})\s+(?:report|post|generate|earn|record|have|make|sell|pay|"
        r"propose|declare|announce|spend|invest|incur|recogni[sz]e|achieve|reali[sz]e|return|distribute|repurchase|"
        r"issue|deliver|raise|borrow|hold|employ|acquire)\b"
    ),
)


# Hanyu Pinyin's syllables, as an initial and a final (a few impossible pairs such as "bong" let through, which only
# makes a word more often read as pinyin): a name that spells out as syllables ("Xinghe", "Moutai") may be a Chinese
# company romanised, one that does not ("Amazon", "Tesla") is not. Written out because no
# pinyin library is installed and only the syllable inventory, not a dictionary, is needed.
_PINYIN_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_PINYIN_FINAL = r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|a|o|e|i|u|v)"
_PINYIN_WORD = re.compile(rf"(?:{_PINYIN_INITIAL}?{_PINYIN_FINAL})+", re.IGNORECASE)

# A filing prints its company's names, in both languages where it has them, on its first pages (公司的外文名称
# "Kweichow Moutai Co., Ltd." on page 4 of a 年报); a question naming one of them is about that company.
COVER_PAGES = 6


def _is_name(text: str) -> bool:
    """Whether `text` starts with a name ("比亚迪", "贵州百灵", "腾讯控股") rather than an everyday word ("要实现",
    "为什么阿里…", "与三个月前…"): its first word, after a place, is rare in jieba's dictionary, or it names a
    company by its kind ("第一银行": "第一" is an everyday word, the bank a company)."""
    first, *rest = words(text)
    if first in _PLACES and rest:
        first = rest[0]
    if first in _OPENERS or first in _DETERMINERS:
        return False
    return not is_everyday_word(first) or bool(_INSTITUTION.search(text))


def name_starts(name: str) -> list[str]:
    """The starts of a Chinese `name` that may stand for it where printed, longest first: not a place or an
    everyday word, printed everywhere ("第一" of 第一银行, "贵州" of 贵州百灵)."""
    starts = (name[:end] for end in range(len(name), 1, -1))
    return [start for start in starts if not is_place(start) and not is_everyday_word(start)]


def is_everyday_word(word: str) -> bool:
    """Whether jieba's dictionary counts `word` among everyday words ("第一", "目标"), which no name begins with."""
    return word_frequency(word) >= _MAX_SUBJECT_WORD_FREQUENCY


def named_subjects(question: str) -> list[str]:
    """The companies (or other proper names) `question` is asked about, as written; [] when it names none."""
    names = []
    if (match := _CHINESE_SUBJECT.match(question.strip())) and _is_name(match["name"]):
        names.append(match["name"])
    for pattern in _ENGLISH_SUBJECTS:
        names += [_QUESTION_OPENING.sub("", match["name"]) for match in pattern.finditer(question)]
    return list(dict.fromkeys(name.strip() for name in names if len(name.strip()) >= 2))


# What a company's name ends with when it names the company by its kind: "兆丰银行", "中信证券", "Acme Group".
_INSTITUTION = re.compile(
    r"(?:银行|證券|证券|保险|保險|信托|信託|基金|集团|集團|控股|股份|公司|医药|醫藥|药业|藥業)$"
    r"|\s(?:Bank|Bancorp|Group|Holdings?|Corporation|Corp\.?|Inc\.?|Ltd\.?|Limited|plc)$",
    re.IGNORECASE,
)


def is_place(word: str) -> bool:
    """Whether `word` names a place or a prefix many companies share ("云南", "中国", "招商"), not one company."""
    return word in _PLACES or word in _GENERIC_PREFIXES


def is_other_filer(subject: str, filers: Iterable[DocumentInfo]) -> bool:
    """Whether `subject` names a company by its kind ("兆丰银行", "云南白药集团") that is none of `filers`: it neither
    contains a name or alias of one ("贵州茅台酒销售公司" is 茅台's) nor is part of one's full name ("台湾银行" of
    臺灣銀行股份有限公司). A peer of the same industry that a filing mentions in passing is still not in the library."""
    if not _INSTITUTION.search(subject.strip()):
        return False
    asked = fold_script(subject).lower()
    for filer in filers:
        names = {*company_aliases(filer.company), *short_name_aliases(filer.short_name), filer.stock_code.lower()}
        if fold_script(filer.company).lower().find(asked) >= 0 or any(name and name in asked for name in names):
            return False
    return True


def may_be_pinyin(name: str) -> bool:
    """Whether a Latin `name`'s first word, the one that tells companies apart ("Xinghe" of "Xinghe Technology"),
    spells out as pinyin syllables: only then may it be a Chinese name the translator could not put back into
    characters ("Amazon Web Services" is not one)."""
    first = re.match(r"[A-Za-z]+", name.strip())
    return bool(first and _PINYIN_WORD.fullmatch(first[0]))


def abbreviates(short: str, company: str) -> bool:
    """Whether the Chinese `short` name is made of `company`'s characters in their order, as a 简称 is ("台银" of
    臺灣銀行股份有限公司, "茅台" of 贵州茅台酒股份有限公司), in either script; a word such as "目标" is no company's."""
    if len(short) < 2 or not all(CJK.match(character) for character in short):
        return False
    remaining = iter(fold_script(company))
    return all(character in remaining for character in fold_script(short))
