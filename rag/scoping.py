"""The company and period a question names, turned into a search scope when the library holds them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.metadata import find_period
from ingest.text import CJK_CHARS
from store.scope import Scope

# Legal-form words a question leaves out: "星河科技集团" is asked about as "星河科技", "Alibaba Group" as "Alibaba".
_SUFFIXES = re.compile(
    r"(?:集团|控股|股份|有限公司|有限|公司|\s+(?:group|holdings?|inc\.?|ltd\.?|limited|corp\.?|corporation|co\.?|plc))+$",
    re.IGNORECASE,
)
# Two-character prefixes that name places or industries rather than one company ("中国平安" is not "中国").
_GENERIC_PREFIXES = frozenset({"中国", "中信", "上海", "北京", "深圳", "广州", "香港", "招商", "华夏", "国泰", "东方", "南方"})
_MIN_SHORT_NAME = 4


def scope_of_question(question: str, companies: Iterable[str], periods: Iterable[str]) -> Scope:
    """The known company and period that `question` names; a name or period the library lacks is ignored,
    so a question never gets scoped to nothing."""
    mentioned = [company for company in companies if company and _mentions(question, company)]
    # The longest name wins: "阿里巴巴" is mentioned inside "阿里巴巴影业" too.
    company = max(mentioned, key=len, default="")
    period = find_period(question)
    return Scope(company=company, period=period if period in set(periods) else "")


def company_aliases(company: str) -> set[str]:
    """How a question may write `company`: in full, without its legal form, or by its short name."""
    stripped = _SUFFIXES.sub("", company).strip() or company
    aliases = {company.lower(), stripped.lower()}
    if re.fullmatch(f"[{CJK_CHARS}]+", stripped) and len(stripped) >= _MIN_SHORT_NAME:
        if stripped[:2] not in _GENERIC_PREFIXES:
            aliases.add(stripped[:2])
    elif (first := stripped.split()[0]) and len(first) >= _MIN_SHORT_NAME:
        aliases.add(first.lower())
    return aliases


def _mentions(question: str, company: str) -> bool:
    text = question.lower()
    return any(_contains(text, alias) for alias in company_aliases(company))


def _contains(text: str, alias: str) -> bool:
    # Latin names must stand as words: "Meta" is not in "metadata".
    if alias.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text) is not None
    return alias in text
