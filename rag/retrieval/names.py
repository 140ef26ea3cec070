"""The library's companies as its documents name them, and what a question's names refer to: the scope searched,
a company no document is about, a peer named in passing, a name given in the other language."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from fintext.fiscal import FiscalCalendar, dates_in
from fintext.text import CJK, CJK_CHARS, detect_language
from ingest.metadata import normalize_period
from rag.calculation.compare import asks_comparison
from rag.retrieval.scoping import (
    COVER_PAGES,
    abbreviates,
    companies_named,
    company_names,
    is_other_filer,
    may_be_pinyin,
    name_starts,
    named_subjects,
    scope_of_question,
    uncovered_period,
)  # fmt: skip
from rag.settings import Settings
from store import DocumentInfo, Library
from store.scope import Scope

# Two names asked about together: "茅台和苹果", "Apple or Microsoft".
_CONJUNCTION = re.compile(r"[和与跟及、]|\s+(?:and|or|vs\.?|versus)\s+", re.IGNORECASE)

# A name written in Chinese characters only ("特斯拉"), as a translation into Chinese must be to be looked up.
_CJK_NAME = re.compile(f"[{CJK_CHARS}]+")


class LibraryNames:
    """Names as the library's documents print them, asked of by a question: `translate(text, language)` puts a name
    into the other language (the LLM, once per text) where the library holds documents in both."""

    def __init__(self, library: Library, settings: Settings, translate: Callable[[str, str], str]) -> None:
        self.library = library
        self.settings = settings
        self._translate = translate

    def _documents(self) -> list[DocumentInfo]:
        return self.library.documents()

    def scope_for(self, question: str, company: str = "", period: str = "") -> Scope:
        """The search scope: `company`/`period` as given, else what the question names that the library holds."""
        documents = self._documents()
        aliases = _aliases(documents)
        named = scope_of_question(question, aliases.keys(), (d.period for d in documents), aliases)
        company = company or named.company or self._company_on_cover(question, documents)
        period = normalize_period(period) or period or self._period_ending(question, company, documents)
        # A year the question names may be another company's period ("Moutai's total assets at the end of 2019"
        # over Microsoft's FY2019 10-K): searching the one company's documents, whose reports print that year
        # too, beats searching nothing. `uncovered_period` still says when none of them covers it.
        if not period and not any(Scope(company, named.period).admits(d.company, d.period) for d in documents):
            return Scope(company=company)
        return Scope(company=company, period=period or named.period)

    @staticmethod
    def _period_ending(question: str, company: str, documents: list[DocumentInfo]) -> str:
        """The one period of `company`'s documents (anyone's without one) that ends on the last date the question
        names, in each document's fiscal calendar ("截至2025年3月31日" is a first quarterly report's, "the three
        months ended April 30, 2023" Walmart's FY2024Q1), else ""."""
        if not (dates := dates_in(question)):
            return ""
        ending = {
            document.period
            for document in documents
            if (not company or document.company == company)
            and document.period in FiscalCalendar.parse(document.fiscal_year_end).periods_ending(dates[-1])
        }
        return ending.pop() if len(ending) == 1 else ""

    def _company_on_cover(self, question: str, documents: list[DocumentInfo]) -> str:
        """The one company whose filings' first pages print a name the question is asked about ("Kweichow
        Moutai's …" of 贵州茅台酒股份有限公司), else ""."""
        return next(filter(None, (self._cover_company(subject, documents) for subject in named_subjects(question))), "")

    def _cover_company(self, name: str, documents: list[DocumentInfo]) -> str:
        """The one company of `documents` whose filings print `name` on their first pages, as a word, else "": a
        possessive's "Sam" (of "Sam's Club's") is in every filing's "same"."""
        companies = {document.doc_id: document.company for document in documents}
        printing = self.library.documents_mentioning(name, COVER_PAGES, whole_word=True)
        named = {companies.get(doc_id, "") for doc_id in printing}
        return named.pop() if len(named) == 1 else ""

    def scope(self, question: str, company: str = "", period: str = "") -> Scope:
        """`scope_for`, and else the company a name in the question is once translated ("微软" over Microsoft's
        10-K: an English filing never prints it). Asks the LLM, so only in a turn at the models."""
        scope = self.scope_for(question, company, period)
        if scope.company or not (translated := self.company_translated(question)):
            return scope
        return self.scope_for(question, translated, period)

    def company_translated(self, question: str) -> str:
        """The one company held that a name no document is about (`about`) names once translated, else "" (at
        once when the library holds one company's documents: scoping to it would change nothing). A name some
        filing mentions in passing may still be another's in the other language: a Taiwanese report's "蘋果"."""
        documents = self._documents()
        if len({document.company for document in documents}) < 2:
            return ""
        aliases = _aliases(documents)
        for subject in named_subjects(question):
            other = "en" if CJK.search(subject) else "zh"
            if self._is_subject(subject) or not any(document.language == other for document in documents):
                continue
            if named := _held_company(self._translate(subject, other), documents, aliases):
                return named
        return ""

    def rescoped(self, question: str, query: str, scope: Scope) -> Scope:
        """`scope` with the company the translated question (`query`) names, when the name alone was translated as
        none: "Bank of Taiwan" alone came back "台新银行", in the question "台银", 臺灣銀行's short name."""
        if scope.company or query == question:
            return scope
        documents = self._documents()
        if len({document.company for document in documents}) < 2:
            return scope
        aliases = _aliases(documents)
        for subject in named_subjects(query):
            if named := _held_company(subject, documents, aliases):
                return self.scope_for(question, named, scope.period)
        return scope

    def names_for(self, question: str, scope: Scope) -> set[str]:
        """How `question` may name `scope`'s company ({} without one): its documents' names (`company_names`) and
        what the question calls it in another language ("Kweichow Moutai", "微软")."""
        if not scope.company:
            return set()
        names = company_names(self.company_documents(scope))
        return names | {subject for subject in named_subjects(question) if self._names_company(subject, scope.company)}

    def _names_company(self, subject: str, company: str) -> bool:
        """Whether `subject` names `company`: holding one of its names in another script than its filings'
        ("China Resources Sanjiu" holds the pinyin "Sanjiu" of 华润三九; "Walmart International" is a segment of
        Walmart, whose filings would print its name), printed on the first pages of its filings only, or translated."""
        documents = self._documents()
        own = {document.language for document in documents if document.company == company}
        translated = all(not written_in(subject, language) for language in own)
        if translated and scope_of_question(subject, [company], (), _aliases(documents)).company == company:
            return True
        if self._cover_company(subject, documents) == company:
            return True
        return not self._mentioned(subject) and self.company_translated(subject) == company

    def name_in(self, scope: Scope, language: str) -> str:
        """What `scope`'s company is called in `language`'s script by its documents ("" when they do not say)."""
        documents = self.company_documents(scope) if scope.company else []
        names = [name for document in documents for name in (document.short_name, document.company)]
        return next((name for name in names if name and written_in(name, language)), "")

    def unknown_subject(self, question: str, query: str) -> str:
        """A name the question is asked about ("比亚迪", "Tesla") that no document mentions, else "".

        "微软" is in no English filing, "Microsoft" is: where the library holds documents in the other language,
        a name counts as missing only if no translation of it names a held company either (`_names_a_company`): the
        name translated alone ("特斯拉"), or as the translated question (`query`, when searched with one) names it. A Chinese
        name with no English translation at all is missing (a wrong figure is worse than none), and so is a Latin
        one without characters unless it may be pinyin: a romanised Chinese name ("Xinghe") is not called missing.
        """
        if other_filer := self._other_filer(question):
            return other_filer
        missing = [name for name in named_subjects(question) if not self._mentioned(name)]
        if not missing:
            return ""
        other = "en" if detect_language(question) == "zh" else "zh"
        if not any(document.language == other for document in self._documents()):
            return missing[0]
        translated_question = query if query != question else self._translate(question, other)
        in_question = [name for name in named_subjects(translated_question) if written_in(name, other)]
        for name in missing:
            candidates = (self._translate(name, other), *in_question)
            translations = [translated for translated in candidates if translated and written_in(translated, other)]
            if not translations and other == "zh" and may_be_pinyin(name):
                # A romanised name the model could not put into characters ("Xinghe" came back as "xinghe科技"):
                # whether 星河 or 兴和 is meant is a guess either way, so the passages and the model decide. A name
                # that is no pinyin ("Amazon Web Services") is a foreign company's, which the filings would print.
                continue
            if not any(map(self._names_a_company, translations)):
                return name
        return ""

    def _names_a_company(self, name: str) -> bool:
        """Whether `name` starts with a company's name (`_printed_starts`): "淘天客户管理收入增长", a translated
        question's noun phrase, starts with 淘天 (`_is_company_name`)."""
        return any(map(self._is_company_name, self._printed_starts(name)))

    def _is_company_name(self, printed: str) -> bool:
        """Whether `printed` is a company's name rather than a word: on some document's first pages, a held
        company's short name, its characters taken in order from the full name (`abbreviates`), or the subject
        (`about`) of one company's documents only (an article's 淘天, a segment). "Target" comes back "目标", a
        word three filers' reports print again and again, on no cover; "Bank of Taiwan" comes back "台银", which
        the bank's report prints, though its cover says 臺灣銀行."""
        if self.library.documents_mentioning(printed, COVER_PAGES, whole_word=True):
            return True
        documents = self._documents()
        if any(abbreviates(printed, document.company) for document in documents):
            return True
        companies = {document.doc_id: document.company for document in documents}
        return len({companies.get(doc_id, "") for doc_id in self.about(printed)}) == 1

    def _other_filer(self, question: str) -> str:
        """A company the question names by its kind ("兆丰银行") that is none of the library's filers, where every
        document names its filer in the name's script (a filing may mention a peer; it does not report on it)."""
        documents = self._documents()
        for name in named_subjects(question):
            same_script = all(d.company and bool(CJK.search(d.company)) == bool(CJK.search(name)) for d in documents)
            if documents and same_script and is_other_filer(name, documents):
                return name
        return ""

    def _mentioned(self, name: str) -> bool:
        """Whether some document mentions `name` (`_printed_as`)."""
        return bool(self._printed_as(name))

    def _printed_as(self, name: str) -> str:
        """How some document prints `name`, else "": a Chinese one by its longest start of two characters or more,
        since a question runs on after the name ("阿里巴巴目前的员工…"), but not by a place it starts with ("云南" of
        "云南白药", which a filing names as its province)."""
        return next(self._printed_starts(name), "")

    def _printed_starts(self, name: str) -> Iterator[str]:
        """The starts of `name` some document prints, longest first (`_printed_as`): a Latin name only whole."""
        if not CJK.match(name):
            if self.library.documents_mentioning(name, whole_word=True):
                yield name
            return
        yield from (start for start in name_starts(name) if self.library.documents_mentioning(start))

    def _is_subject(self, name: str) -> bool:
        """Whether some document is about `name` as it prints it (`_printed_as`, `about`)."""
        return bool((printed := self._printed_as(name)) and self.about(printed))

    def named_in_passing(self, question: str) -> str:
        """A name the question is asked about, as printed, that documents mention but none is about (`about`): a
        peer a filing names once in a table of its holdings. "" when there is none, and for a name in another
        script than the filers mentioning it: a Chinese filing prints its own English name once or twice."""
        companies = {document.doc_id: document.company for document in self._documents()}
        for name in filter(None, map(self._printed_as, named_subjects(question))):
            mentioning = [companies.get(doc_id, "") for doc_id in self.library.documents_mentioning(name, whole_word=True)]
            same_script = all(bool(CJK.search(company)) == bool(CJK.search(name)) for company in mentioning)
            if same_script and not self.about(name):
                return name
        return ""

    def about(self, name: str) -> set[str]:
        """The documents about `name`: naming it on their first pages or again and again (a segment, a product, a
        subsidiary). A peer a filing names once in an industry review is no subject of its tables, whose figures
        are the filer's; a news article may still say something of it, which the passages and the model answer."""
        on_cover = self.library.documents_mentioning(name, COVER_PAGES, whole_word=True)
        sizes = {document.doc_id: document.n_chunks for document in self._documents()}
        settings = self.settings
        # A long document's subject comes back in a share of its chunks, not a fixed few.
        often = {
            doc_id
            for doc_id, count in self.library.mention_counts(name, whole_word=True).items()
            if count >= max(settings.min_mentions, math.ceil(sizes.get(doc_id, 0) * settings.min_mention_share))
        }
        return on_cover | often

    def company_documents(self, scope: Scope) -> list[DocumentInfo]:
        """The documents of `scope`'s company (all of them without one); its period is what is being checked."""
        return [d for d in self._documents() if not scope.company or d.company == scope.company]

    def held(self, scope: Scope) -> str:
        """What the library (or `scope`'s company) holds, as an abstention names it."""
        documents = self.company_documents(scope)
        return "; ".join(
            sorted({" ".join(filter(None, (d.company, d.period, d.doc_type))) or d.title for d in documents})
        )

    def uncovered_period(self, question: str, scope: Scope) -> str:
        """The year asked when no document in `scope`'s company reports on it, else ""."""
        documents = self.company_documents(scope)
        return uncovered_period(question, (document.period for document in documents))

    def companies_compared(self, question: str) -> list[str]:
        """The companies held that a comparison question names ("茅台和苹果谁的营业利润更高？"), in the other
        language too ("苹果" of Apple Inc.); [] when it is no comparison."""
        if not asks_comparison(question):
            return []
        documents = self._documents()
        aliases = _aliases(documents)
        named = companies_named(question, aliases.keys(), aliases)
        for subject in split_subjects(question):
            if not companies_named(subject, aliases.keys(), aliases) and (company := self._company_called(subject)):
                named.append(company)
        return list(dict.fromkeys(named))

    def _company_called(self, name: str) -> str:
        """The one company held that `name` names: on its filings' first pages, or once translated."""
        documents = self._documents()
        aliases = _aliases(documents)
        if company := self._cover_company(name, documents):
            return company
        other = "en" if CJK.search(name) else "zh"
        translated = self._translate(name, other)
        named = companies_named(translated, aliases.keys(), aliases) if translated else []
        return named[0] if len(named) == 1 else ""


def written_in(name: str, language: str) -> bool:
    """Whether `name` is written wholly in `language`'s script: "特斯拉" in Chinese, "xinghe科技" in neither."""
    return bool(_CJK_NAME.fullmatch(name)) if language == "zh" else not CJK.search(name)


def _held_company(name: str, documents: Sequence[DocumentInfo], aliases: dict[str, set[str]]) -> str:
    """The one held company `name` names: by a name or alias ("沃尔玛" comes back "Wal-Mart", which Walmart Inc.
    writes without the hyphen), else as its short name (`abbreviates`: "台银" of 臺灣銀行); "" for none or several."""
    for spelling in dict.fromkeys([name, re.sub(r"(?<=\w)[-.](?=\w)", "", name)]):
        if spelling and (named := scope_of_question(spelling, aliases, (), aliases).company):
            return named
    abbreviated = {document.company for document in documents if abbreviates(name, document.company)}
    return abbreviated.pop() if len(abbreviated) == 1 else ""


def _aliases(documents: Iterable[DocumentInfo]) -> dict[str, set[str]]:
    """Each company's other names: a document's short name and stock code ("茅台", "600519", "MSFT")."""
    aliases: dict[str, set[str]] = {}
    for document in documents:
        aliases.setdefault(document.company, set()).update(filter(None, (document.short_name, document.stock_code)))
    return aliases


def split_subjects(question: str) -> list[str]:
    """The names `question` is asked about, a pair asked together split apart ("茅台和苹果" → 茅台, 苹果)."""
    return [part.strip() for name in named_subjects(question) for part in _CONJUNCTION.split(name) if part.strip()]
