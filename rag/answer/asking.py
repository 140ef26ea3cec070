"""One question on its way to an answer: what was asked, of what, and what was found for it, each found once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from llama_index.core.llms import LLM

from fintext.fiscal import FiscalCalendar
from fintext.text import detect_language, script_spellings
from ingest import Fact
from rag.calculation.lookup import FactAnswer, lookup_fact, names_quoted
from rag.checks.citations import cite
from rag.generation.budget import Excerpt, fit_to_budget
from rag.language import ABSTENTION_MESSAGES
from rag.retrieval.names import LibraryNames
from rag.retrieval.retrieve import HybridRetriever
from rag.retrieval.scoping import company_names, named_subjects
from rag.retrieval.search import Searcher
from rag.retrieval.translate import quoted_in
from rag.settings import Settings
from rag.types import Answer, Passage
from store import DocumentInfo, Library
from store.scope import Scope


@dataclass
class Clock:
    """Seconds since the question came in, by step ("retrieve_s", "first_token_s", …): the timings an Answer reports."""

    started: float = field(default_factory=time.perf_counter)
    steps: dict[str, float] = field(default_factory=dict)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def mark(self, step: str) -> None:
        """Record `step` as done now, unless it was recorded before (a first token comes once)."""
        self.steps.setdefault(step, self.elapsed())

    def since_retrieval(self) -> float:
        """Seconds since the passages were found: how long a model took over them."""
        return self.elapsed() - self.steps["retrieve_s"]


@dataclass(frozen=True)
class Services:
    """What the strategies answer with: the library and its searches, the names of its companies, the LLM (loaded
    on first use) and a way to answer another question in full (each side of a comparison)."""

    settings: Settings
    library: Library
    retriever: HybridRetriever
    names: LibraryNames
    searcher: Searcher
    load_llm: Callable[[], LLM]
    answer_alone: Callable[[str, str, str], Answer]  # (question, company, period) -> its answer

    @property
    def llm(self) -> LLM:
        return self.load_llm()

    def documents_of(self, facts: Iterable[Fact]) -> set[DocumentInfo]:
        """The library's documents the table cells `facts` are of."""
        documents = {document.doc_id: document for document in self.library.documents()}
        return {documents[fact.doc_id] for fact in facts if fact.doc_id in documents}


@dataclass(frozen=True)
class Search:
    """The passages found for a question (`pool`, best first), the `query` that found them (the question or its
    translation) and the `scope` searched (the company a translation named, when the question's own did not)."""

    pool: list[Passage]
    query: str
    scope: Scope


@dataclass(frozen=True)
class Tables:
    """The table cells of the passages found for a question (one company's), and what their rows are matched by:
    the documents' periods, the company's names, the words their row and column names use (`rag.calculation.lookup`)."""

    facts: list[Fact]
    periods: dict[str, str]
    names: frozenset[str]
    vocabulary: frozenset[str]
    calendars: dict[str, FiscalCalendar]


@dataclass
class Asking:
    """`question` (the standalone form of `asked`) on its way to an answer in `language`, restricted to `company`
    and `period` when the caller said so ("" for none). What a strategy needs is found the first time one asks for
    it: the scope, the search, the tables, the cell a lookup reads, the passages and excerpts for the model."""

    asked: str
    question: str
    language: str
    company: str
    period: str
    top_k: int
    services: Services
    clock: Clock = field(default_factory=Clock)

    @cached_property
    def scope(self) -> Scope:
        """The documents the question is asked of: the caller's company and period, else those it names."""
        return self.services.names.scope(self.question, self.company, self.period)

    @cached_property
    def search(self) -> Search:
        """The passages for the question; again, scoped, when its translation names a held company its own words
        did not ("Bank of Taiwan" → 台银)."""
        services, question, scope = self.services, self.question, self.scope
        pool, query = services.searcher.search(question, self.top_k, scope)
        if (rescoped := services.names.rescoped(question, query, scope)) != scope:
            scope = rescoped
            pool, query = services.searcher.search(question, self.top_k, scope)
        self.clock.mark("retrieve_s")
        return Search(pool, query, scope)

    @property
    def unrestricted(self) -> bool:
        """Whether neither the caller nor the question's names restrict the search to one company."""
        return not self.company and not self.search.scope.company

    @cached_property
    def tables(self) -> Tables | None:
        """The table cells of the rows found and what they are matched against; None when those rows are of more
        than one company, or of one the question is not about."""
        services, query = self.services, self.search.query
        facts = services.library.facts(passage.chunk.chunk_id for passage in self.search.pool)
        found_in = services.documents_of(facts)
        if len({document.company for document in found_in}) != 1:
            return None
        # Never one company's row for another: the question may be about someone those filings never mention.
        held = {document.doc_id for document in found_in}
        if any(not held & services.names.about(subject) for subject in named_subjects(query)):
            return None
        periods = periods_of(found_in)
        vocabulary = frozenset().union(*(services.retriever.fact_vocabulary(doc_id) for doc_id in periods))
        return Tables(facts, periods, frozenset(company_names(found_in)), vocabulary, calendars_of(found_in))

    @cached_property
    def found(self) -> FactAnswer | None:
        """The cell the question asks for (`rag.calculation.lookup`), matched by the search's query: a Chinese filing's rows are
        named in Chinese, so an English question is matched as translated. The period asked is read from the
        question itself, which no translation has changed."""
        tables, query, question = self.tables, self.search.query, self.question
        if tables is None:
            return None
        by_query = self._looked_up(query, tables)
        quoted = quoted_in(question, detect_language(query), tables.names) if query != question else ""
        # A line item the question quotes as the filing prints it ("(营业总收入)") names the row better than the
        # translation does ("合并财务报表中的营业总收入"); unless the translation's row holds the quoted words: then the
        # quote names a part of what is asked ("智能云（Intelligent Cloud）部门的营业利润", a segment's operating income).
        if quoted and not (by_query and names_quoted(by_query.fact, quoted)):
            return self._looked_up(quoted, tables) or by_query
        return by_query

    def _looked_up(self, named: str, tables: Tables) -> FactAnswer | None:
        return lookup_fact(
            named, tables.facts, tables.periods, tables.names, tables.vocabulary, self.services.settings.fact_min_score,
            asked_as=self.question, calendars=tables.calendars,
        )  # fmt: skip

    @cached_property
    def passing(self) -> str:
        """A company the question names that documents mention only in passing (`LibraryNames.named_in_passing`),
        when nothing else restricts the search; else ""."""
        return self.services.names.named_in_passing(self.question) if self.unrestricted else ""

    @cached_property
    def passages(self) -> list[Passage]:
        """The best `top_k` passages for the model, a cell that answers part of the question (a figure, not the
        change also asked) first; of a company named only in passing, only those naming it: the rest are the
        filer's, whose figures a model would hand out as the peer's (a holdings table's 云南白药 drew 金花's revenue)."""
        pool = self.search.pool
        passages = _first(pool, self.found.fact.chunk_id)[: self.top_k] if self.found else pool[: self.top_k]
        if self.passing:
            return [passage for passage in passages if _names(passage.chunk.text, self.passing)]
        return passages

    @cached_property
    def excerpts(self) -> list[Excerpt]:
        """The passages' sentences that fit the prompt budget, best for the query first (`rag.generation.budget`)."""
        return fit_to_budget(self.search.query, self.passages, self.services.settings.prompt_budget_tokens)

    def scope_answered(self) -> Scope:
        """The scope an answer reports: the one searched once a search has run, else the one asked."""
        return self.search.scope if "search" in self.__dict__ else self.scope

    def abstain(self, text: str = "", scope: Scope | None = None) -> Answer:
        """An answer saying the documents do not hold one: `text` says why when it is known."""
        self.clock.steps["total_s"] = self.clock.elapsed()
        return Answer(
            self.asked, text or ABSTENTION_MESSAGES[self.language], (), abstained=True, language=self.language,
            timings=self.clock.steps, standalone_question=self.question,
            scope=self.scope_answered() if scope is None else scope,
        )  # fmt: skip

    def answer(self, text: str, passages: list[Passage], abstained: bool = False, **details: object) -> Answer:
        """The answer `text`, citing `passages` by their [n]; `details` are the Answer's other fields."""
        self.clock.steps["total_s"] = self.clock.elapsed()
        return Answer(
            self.asked, text, cite(text, passages), abstained=abstained, language=self.language,
            timings=self.clock.steps, standalone_question=self.question, **details,
        )  # fmt: skip


def periods_of(documents: Iterable[DocumentInfo]) -> dict[str, str]:
    """Each document's period ("FY2020", "2023Q2"), by id."""
    return {document.doc_id: document.period for document in documents}


def calendars_of(documents: Iterable[DocumentInfo]) -> dict[str, FiscalCalendar]:
    """Each document's fiscal calendar, by id: how its columns name a year."""
    return {document.doc_id: FiscalCalendar.parse(document.fiscal_year_end) for document in documents}


def _first(pool: list[Passage], chunk_id: str) -> list[Passage]:
    """`pool` with the passage of `chunk_id` moved to the front."""
    return sorted(pool, key=lambda passage: passage.chunk.chunk_id != chunk_id)


def _names(text: str, name: str) -> bool:
    """Whether `text` prints `name`, in either script and any case."""
    folded = text.lower()
    return any(spelling.lower() in folded for spelling in script_spellings(name))
