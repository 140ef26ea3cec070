"""The public API: `Assistant().ingest(paths)` and `Assistant().ask(question)`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PureWindowsPath

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM, ChatMessage

from fintext.figures import extract_figures
from fintext.fiscal import FiscalCalendar
from fintext.text import detect_language, script_spellings
from ingest import SUPPORTED_SUFFIXES, DocumentMetadata, Fact, IngestError, ProgressCallback, chunk_document, load_document
from ingest.facts import compares_periods
from ingest.metadata import with_metadata
from ingest.page_image import PageImage, highlighted_page
from rag.answer_queue import AnswerQueue
from rag.budget import Excerpt, fit_to_budget
from rag.citations import cite, strip_markers
from rag.compare import compose, side_of, side_question
from rag.condense import build_condensation, condense_question
from rag.context import PassageContext, passage_context
from rag.conversations import ConversationBook
from rag.examples import example_questions
from rag.formula import (
    Formula,
    asks_aggregate,
    asks_calculation,
    build_formula_messages,
    calculate,
    names_calculation,
    read_formula,
    states_the_result,
)
from rag.language import (
    ABSTENTION_MESSAGES,
    NO_COMPANY_MESSAGES,
    NO_PERIOD_MESSAGES,
    NOT_COMPUTED_MESSAGES,
)
from rag.llm import fix_prefixes, make_llm, prefill
from rag.lookup import FactAnswer, answer_text, asks_change, lookup_fact, names_quoted, of_another_period
from rag.names import LibraryNames, split_subjects
from rag.plan import plan_calculation
from rag.policy import Draft, SentinelGate, better_draft
from rag.prompts import build_messages, build_retry
from rag.retrieve import HybridRetriever, has_evidence
from rag.scoping import company_names, named_subjects
from rag.search import Searcher
from rag.settings import Settings
from rag.translate import (
    TRANSLATE_EXAMPLES,
    build_translation,
    quoted_in,
    translate_question,
)
from rag.types import Answer, Citation, Passage, Turn
from rag.verify import check_grounding, drop_unsupported
from store import DocumentInfo, Library, make_embedder
from store.scope import Scope

# Uploads are listed under this folder name, apart from the files a user ingests from disk by path.
UPLOAD_SOURCE_PREFIX = "upload/"


@dataclass(frozen=True)
class IngestResult:
    """One file's outcome: status is 'added', 'replaced', 'unchanged' or 'failed' (see `error`).

    `timings` holds the seconds of each step: parse_s (reading and metadata), chunk_s, embed_s and write_s
    (Chroma, manifest and BM25 index).
    """

    path: str
    status: str
    doc_id: str = ""
    n_chunks: int = 0
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True)
class _Tables:
    """The table cells of the passages found for a question (one company's), and what their rows are matched by:
    the documents' periods, the company's names, the words their row and column names use (`rag.lookup`)."""

    facts: list[Fact]
    periods: dict[str, str]
    names: frozenset[str]
    vocabulary: frozenset[str]
    calendars: dict[str, FiscalCalendar]

    @property
    def matched_by(self) -> tuple[list[Fact], dict[str, str], frozenset[str], frozenset[str]]:
        return self.facts, self.periods, self.names, self.vocabulary


class Assistant:
    """Question answering over the library at `settings.home`; models load on first use and stay warm."""

    def __init__(
        self, settings: Settings | None = None, *, llm: LLM | None = None, embed_model: BaseEmbedding | None = None
    ) -> None:
        """`llm` and `embed_model` let callers share already-loaded models; by default they come from settings."""
        self.settings = settings or Settings.from_env()
        if llm is not None:
            self.__dict__["llm"] = _with_fixed_prefixes(llm)
        if embed_model is not None:
            self.__dict__["embed_model"] = embed_model
        # The eval retrieves and then asks the same question; translating it once is enough.
        self._translations: dict[tuple[str, str], str] = {}
        # llama.cpp is not thread-safe: concurrent askers take turns at the models.
        self._queue = AnswerQueue(self.settings.max_waiting_questions)

    @cached_property
    def embed_model(self) -> BaseEmbedding:
        settings = self.settings
        return make_embedder(settings.embedder, settings.embed_engine, settings.embed_threads)

    @cached_property
    def library(self) -> Library:
        settings = self.settings
        return Library(settings.home, self.embed_model, settings.chroma_url, settings.chroma_collection)

    @cached_property
    def conversations(self) -> ConversationBook:
        """The conversations saved in this library's home; `ask(..., conversation=ID)` continues one."""
        return ConversationBook(self.settings.home)

    @cached_property
    def llm(self) -> LLM:
        return _with_fixed_prefixes(make_llm(self.settings))

    @cached_property
    def names(self) -> LibraryNames:
        """What the library's companies are called, and what a question's names refer to (`rag.names`)."""
        return LibraryNames(self.library, self.settings, self._translated)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.library, self.settings.candidates, self.settings.fact_min_score)

    @cached_property
    def searcher(self) -> Searcher:
        """The passages a question is answered from (`rag.search`)."""
        return Searcher(self.library, self.retriever, self.settings, self.names, self._translated)

    def warm_up(self, read_new: bool = True) -> None:
        """Load the models and the library now, and read the fixed few-shot prompts into the LLM's cache, so
        that the first question is answered as fast as the next (`caibao ui` does this before it serves).
        Without `read_new`, only the prompts' states an earlier process saved are resumed: a one-off question
        reads just the prefixes it needs, ~15 s, rather than all, ~37 s on 2 cores."""
        # The retriever, not `retrieve`: an English word over a Chinese library would also cost a translation.
        with self._queue.turn():
            self.retriever.retrieve("warm up", 1, Scope())
            prefill(self.llm, _fixed_prefixes(), read_new)

    def ingest(self, paths: Iterable[str | Path], metadata: DocumentMetadata | None = None) -> list[IngestResult]:
        """Ingest files (directories are walked for supported files); a bad file fails alone."""
        with self.library.batch():
            return [self.ingest_file(path, metadata=metadata) for path in expand_paths(paths)]

    def ingest_file(
        self,
        path: str | Path,
        source: str | None = None,
        metadata: DocumentMetadata | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestResult:
        """Ingest one file, named `source` in the library when given (see `load_document`).

        Company, period, type, language and date are detected from its title and opening; the non-empty fields
        of `metadata` override them. `progress` hears how far reading (PDF pages) and embedding (chunks) have got.
        """
        started = time.perf_counter()
        try:
            limits = self.settings.ingest_max_mb, self.settings.ingest_max_chars
            read = load_document(path, source, *limits, progress=progress, workers=self.settings.ingest_workers)
            document = with_metadata(read, metadata)
        except (IngestError, OSError) as error:
            return IngestResult(str(path), "failed", error=str(error))
        parsed = time.perf_counter()
        chunks = chunk_document(document, self.settings.chunk_min_chars, self.settings.chunk_max_chars)
        chunked = time.perf_counter()
        # A PDF is kept so that a citation can show its page; the text formats show the passage itself.
        original = Path(path) if document.encoding == "pdf" else None
        added = self.library.add(document, chunks, progress, original)
        timings = {
            "parse_s": parsed - started, "chunk_s": chunked - parsed, "embed_s": added.embed_s,
            "write_s": time.perf_counter() - chunked - added.embed_s,
        }  # fmt: skip
        return IngestResult(str(path), added.status, added.doc_id, added.n_chunks, timings=timings)

    def ingest_upload(self, path: str | Path, name: str, progress: ProgressCallback | None = None) -> IngestResult:
        """Ingest a file a user uploaded (UI or API) from its temporary `path`, listed as `upload/<name>`: a later
        upload of the same name replaces it."""
        return self.ingest_file(path, source=UPLOAD_SOURCE_PREFIX + upload_name(name), progress=progress)

    def documents(self) -> list[DocumentInfo]:
        return self.library.documents()

    def example_questions(self, limit: int = 4) -> list[str]:
        """Questions the library's latest filings answer, on the headline lines of their tables (`rag.examples`);
        [] when no document has such a table."""
        documents = self.documents()
        labels = {document.doc_id: {label for label, _ in self.library.fact_names(document.doc_id)} for document in documents}
        return example_questions(documents, labels, limit)

    def cited_page(self, citation: Citation, scale: float = 1.5) -> PageImage | None:
        """The PDF page `citation` starts on, drawn with the sentences it was cited for (else its whole passage)
        highlighted where the page prints them; None for a source that is no PDF kept in the library."""
        original = self.library.original(citation.doc_id)
        if original is None or citation.page is None:
            return None
        quotes = [quote.text for quote in citation.quotes] or [citation.text]
        return highlighted_page(original, citation.page, quotes, scale)

    def cited_context(self, citation: Citation, reach: int = 1) -> PassageContext:
        """The document's text around `citation`'s passage: `reach` chunks' worth either side."""
        return passage_context(citation, self.library.chunks_around(citation.chunk_id, reach))

    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove the document whose id is or starts with `doc_id`; ValueError unless exactly one matches."""
        matches = [document for document in self.documents() if document.doc_id.startswith(doc_id.strip() or "?")]
        if len(matches) != 1:
            raise ValueError(
                f"{len(matches)} documents have an id starting with {doc_id!r}; `caibao docs list` shows them"
            )
        self.library.remove(matches[0].doc_id)
        return matches[0]

    def scope_for(self, question: str, company: str = "", period: str = "") -> Scope:
        """The search scope: `company`/`period` as given, else what the question names that the library holds."""
        return self.names.scope_for(question, company, period)

    def retrieve(self, question: str, top_k: int | None = None, scope: Scope | None = None) -> list[Passage]:
        """The passages an answer would be written from (`settings.top_k` of them unless `top_k` is given), from
        the documents in `scope`; without one, in the scope an answer would search (`scope_for`)."""
        # A turn at the models as for an answer: the search may ask the LLM to translate the question.
        top_k = top_k or self.settings.top_k
        with self._queue.turn():
            return self.searcher.search(question, top_k, scope or self.names.scope(question))[0][:top_k]

    def _translated(self, question: str, language: str) -> str:
        """`question` translated into `language` by the LLM, once per question ("" when it gave nothing usable)."""
        key = (question, language)
        if key not in self._translations:
            self._translations[key] = translate_question(self.llm, question, language)
        return self._translations[key]

    def ask(
        self, question: str, history: Sequence[Turn] = (), top_k: int | None = None, company: str = "", period: str = "",
        conversation: str = "",
    ) -> Answer:  # fmt: skip
        """Answer `question` from the library, citing passages as [n]; see `Answer.abstained`.

        `history` holds the conversation so far: a follow-up ("同比增长多少？") is first rewritten to stand alone.
        `company` and `period` ("2024Q4", "2024年第四季度") restrict the search to those documents; without them
        a company or period the question names is used when the library holds documents of it (`scope_for`).
        `conversation`, a saved conversation's id, supplies the history instead and keeps the answer in it
        (KeyError when there is no such conversation).
        """
        *_, answer = self.ask_stream(question, history, top_k, company, period, conversation)
        return answer

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), top_k: int | None = None, company: str = "", period: str = "",
        conversation: str = "",
    ) -> Iterator[str | Answer]:  # fmt: skip
        """Yield the answer text in pieces as the model writes it, then the finished `Answer`.

        Concurrent callers are answered one at a time, in order; beyond `settings.max_waiting_questions` waiting,
        `Busy` is raised at once.
        """
        asked = question.strip()
        if not asked:
            raise ValueError("the question is empty")
        if len(asked) > self.settings.max_question_chars:
            raise ValueError(
                f"the question is {len(asked):,} characters long; ask it in at most {self.settings.max_question_chars:,}"
            )
        if conversation:
            history = self.conversations.get(conversation).history(self.settings.history_turns)
        with self._queue.turn():
            for piece in self._answer(asked, history, top_k, company, period):
                if conversation and isinstance(piece, Answer):
                    self.conversations.record(conversation, piece)
                yield piece

    def _answer(
        self, asked: str, history: Sequence[Turn], top_k: int | None, company: str, period: str
    ) -> Iterator[str | Answer]:
        """`ask_stream` for a checked question, once its turn at the models has come."""
        language = detect_language(asked)
        started = time.perf_counter()
        question = condense_question(self.llm, history[-self.settings.history_turns :], asked) if history else asked
        if not company and len(compared := self.names.companies_compared(question)) >= 2:
            yield self._comparison(asked, question, compared, period, language, started)
            return
        scope = self.names.scope(question, company, period)
        if not period and (missing := self.names.uncovered_period(question, scope)):
            # Never another period's figure for the one asked: say which is missing and what there is.
            shown = f"{missing}年" if language == "zh" and missing.isdigit() else missing
            text = NO_PERIOD_MESSAGES[language].format(period=shown, held=self.names.held(scope))
            yield self._abstain(asked, question, scope, language, {}, started, text)
            return
        top_k = top_k or self.settings.top_k
        pool, query = self.searcher.search(question, top_k, scope)
        if (rescoped := self.names.rescoped(question, query, scope)) != scope:
            scope = rescoped
            pool, query = self.searcher.search(question, top_k, scope)
        timings = {"retrieve_s": time.perf_counter() - started}
        if not company and not scope.company and (name := self.names.unknown_subject(question, query)):
            # Never another company's figure for the one asked: say whom no document mentions.
            text = NO_COMPANY_MESSAGES[language].format(name=name, held=self.names.held(scope))
            yield self._abstain(asked, question, scope, language, timings, started, text)
            return
        tables = self._tables(query, pool)
        found = self._lookup(question, query, tables)
        answer = found and _answers(found, question) and self._fact_answer(found, asked, question, scope, language, pool, timings, started)  # fmt: skip
        if not answer and asks_calculation(question):
            answer = self._planned(asked, question, query, tables, pool, scope, language, timings, started)
        if answer:
            yield answer
            return
        # A cell that answers part of the question (a figure, not the change also asked) is the model's first passage.
        passages = _first(pool, found.fact.chunk_id)[:top_k] if found else pool[:top_k]
        if not company and not scope.company and (passing := self.names.named_in_passing(question)):
            # Of a company no document is about, only a passage naming it can say anything: the rest are the
            # filer's, whose figures a model would hand out as the peer's (a holdings table's 云南白药 drew 金花's
            # revenue).
            passages = [passage for passage in passages if _names(passage.chunk.text, passing)]
            if not passages:
                text = NO_COMPANY_MESSAGES[language].format(name=passing, held=self.names.held(scope))
                yield self._abstain(asked, question, scope, language, timings, started, text)
                return
        if not has_evidence(passages, *self.searcher.floors()):
            yield self._abstain(asked, question, scope, language, timings, started)
            return
        excerpts = fit_to_budget(query, passages, self.settings.prompt_budget_tokens)
        # Markers number what the model was shown; passages left out of the prompt cannot be cited.
        passages = [excerpt.passage for excerpt in excerpts]
        # A result the excerpts print is read by the model, not set up as a formula (7-30 s more, now and then wrong).
        if asks_calculation(question) and not states_the_result(question, excerpts) and (calculated := self._calculated(asked, question, excerpts, scope, language, timings, started)):  # fmt: skip
            yield calculated
            return
        if asks_aggregate(question):
            # On TAT-QA dev the free answer to such a question was wrong 9 times in 12: a year's figure as the average.
            yield self._abstain(asked, question, scope, language, timings, started, NOT_COMPUTED_MESSAGES[language])
            return
        messages = build_messages(question, excerpts, language)
        raw = yield from self._stream(messages, timings, started)
        draft = self._with_retry(Draft.of(raw, passages, question), messages, passages, question, timings)
        text = drop_unsupported(draft.text, draft.grounding)
        if draft.abstains or draft.echoes or not text or self._of_another_period(question, text, passages):
            yield self._abstain(asked, question, scope, language, timings, started)
            return
        timings["total_s"] = time.perf_counter() - started
        yield Answer(
            asked, text, cite(text, passages), abstained=False, language=language, timings=timings,
            verified=draft.grounding.ok, unsupported_figures=draft.grounding.figures, standalone_question=question,
            scope=scope,
        )  # fmt: skip

    def _fact_answer(
        self, found: FactAnswer, asked: str, question: str, scope: Scope, language: str, pool: list[Passage],
        timings: dict[str, float], started: float,
    ) -> Answer | None:  # fmt: skip
        """The answer read from the table cell `found` among the passages `pool` (`_lookup`), its row cited; None
        when the answer would not pass the grounding check."""
        cited = next(passage for passage in pool if passage.chunk.chunk_id == found.fact.chunk_id)
        passages = [Passage(cited.chunk, cited.score, 1, cited.dense_score, cited.keyword_score)]
        text = answer_text(found, language)
        derived = found.derived(language)
        if not check_grounding(text, {1: cited.chunk.text}, question, derived).ok:
            return None
        timings["total_s"] = time.perf_counter() - started
        return Answer(
            asked, text, cite(text, passages), abstained=False, language=language, timings=timings,
            standalone_question=question, scope=scope, facts=found.facts, derived=derived,
        )  # fmt: skip

    def _comparison(
        self, asked: str, question: str, companies: list[str], period: str, language: str, started: float
    ) -> Answer:
        """Each company's figure from its own documents (`rag.compare`), then which is higher and by how much."""
        documents = self.documents()
        names = company_names(documents) | set(split_subjects(question))
        sides = []
        for company in companies[:2]:
            *_, answer = self._answer(
                side_question(question, sorted(names), company, language), (), None, company, period
            )
            periods = sorted({d.period for d in documents if d.company == company and d.period})
            sides.append(side_of(company, answer, ", ".join(periods)))
        text, derived = compose(sides, language)
        cited = [side.citation for side in sides if side.citation is not None]
        chunks = self.library.chunks([citation.chunk_id for citation in cited])
        passages = [
            Passage(chunks[c.chunk_id], c.score, n, c.dense_score, c.keyword_score) for n, c in enumerate(cited, 1)
        ]
        timings = {"total_s": time.perf_counter() - started}
        # The sides' periods ("2023Q2") are the library's metadata, named like the question's own years: no passage
        # need print them.
        labelled = " ".join([question, *(side.period for side in sides)])
        if not check_grounding(text, {n: p.chunk.text for n, p in enumerate(passages, 1)}, labelled, derived).ok:
            return self._abstain(asked, question, Scope(), language, timings, started)
        return Answer(
            asked, text, cite(text, passages), abstained=not passages, language=language, timings=timings,
            standalone_question=question, derived=derived,
        )  # fmt: skip

    def _calculated(
        self, asked: str, question: str, excerpts: list[Excerpt], scope: Scope, language: str,
        timings: dict[str, float], started: float,
    ) -> Answer | None:  # fmt: skip
        """The answer computed from a formula the model sets up over `excerpts` (`rag.formula`), with its working;
        None when the model set none up, an operand is in no passage, or it does not compute."""
        passages = [excerpt.passage for excerpt in excerpts]
        reply = self.llm.chat(build_formula_messages(question, excerpts, language)).message.content or ""
        timings["formula_s"] = time.perf_counter() - started - timings["retrieve_s"]
        formula = read_formula(reply)
        return formula and self._computed(asked, question, formula, passages, scope, language, timings, started)

    def _computed(
        self, asked: str, question: str, formula: Formula, passages: list[Passage], scope: Scope, language: str,
        timings: dict[str, float], started: float, facts: tuple[Fact, ...] = (),
    ) -> Answer | None:  # fmt: skip
        """The answer `formula` computes over `passages` (numbered from 1), its every operand located in its passage
        and the result recomputed by the grounding check; None when any of that fails."""
        calculation = calculate(formula, passages, question, language)
        if not calculation:
            return None
        derived = tuple(filter(None, [calculation.derived]))
        sources = {marker: passage.chunk.text for marker, passage in enumerate(passages, start=1)}
        if not check_grounding(calculation.text, sources, question, derived).ok:
            return None
        timings["total_s"] = timings["first_token_s"] = time.perf_counter() - started
        return Answer(
            asked, calculation.text, cite(calculation.text, passages), abstained=False, language=language,
            timings=timings, standalone_question=question, scope=scope, facts=facts, derived=derived,
        )  # fmt: skip

    def _tables(self, query: str, pool: list[Passage]) -> _Tables | None:
        """The table cells of the rows in `pool` and what they are matched against; None when those rows are of
        more than one company, or of one the question is not about."""
        facts = self.library.facts(passage.chunk.chunk_id for passage in pool)
        found_in = self._documents_of(facts)
        if len({document.company for document in found_in}) != 1:
            return None
        # Never one company's row for another: the question may be about someone those filings never mention.
        held = {document.doc_id for document in found_in}
        if any(not held & self.names.about(subject) for subject in named_subjects(query)):
            return None
        periods = _periods(found_in)
        vocabulary = frozenset().union(*(self.retriever.fact_vocabulary(doc_id) for doc_id in periods))
        return _Tables(facts, periods, frozenset(company_names(found_in)), vocabulary, _calendars(found_in))

    def _documents_of(self, facts: Iterable[Fact]) -> set[DocumentInfo]:
        """The library's documents the table cells `facts` are of."""
        documents = {document.doc_id: document for document in self.documents()}
        return {documents[fact.doc_id] for fact in facts if fact.doc_id in documents}

    def _lookup(self, question: str, query: str, tables: _Tables | None) -> FactAnswer | None:
        """The cell of `tables` that `query` asks for (`rag.lookup`).

        `query` is what the passages were found by: a Chinese filing's rows are named in Chinese, so an English
        question is matched as translated; its own words would match only what a Chinese table prints in English.
        The period asked is read from `question` itself, which no translation has changed.
        """
        if tables is None:
            return None
        by_query = self._lookup_named(query, question, tables)
        quoted = quoted_in(question, detect_language(query), tables.names) if query != question else ""
        # A line item the question quotes as the filing prints it ("(营业总收入)") names the row better than the
        # translation does ("合并财务报表中的营业总收入"); unless the translation's row holds the quoted words: then the
        # quote names a part of what is asked ("智能云（Intelligent Cloud）部门的营业利润", a segment's operating income).
        if quoted and not (by_query and names_quoted(by_query.fact, quoted)):
            return self._lookup_named(quoted, question, tables) or by_query
        return by_query

    def _lookup_named(self, named: str, question: str, tables: _Tables) -> FactAnswer | None:
        return lookup_fact(
            named, *tables.matched_by, self.settings.fact_min_score, asked_as=question, calendars=tables.calendars
        )

    def _planned(
        self, asked: str, question: str, query: str, tables: _Tables | None, pool: list[Passage], scope: Scope,
        language: str, timings: dict[str, float], started: float,
    ) -> Answer | None:  # fmt: skip
        """The answer computed by a calculation code set up over `tables` (`rag.plan`): operands cited, working
        shown; None when the question has no shape it knows, a row or column is not found, or it does not check."""
        # A translated question names rows in the model's words ("operating profit"): only as well as a lookup needs.
        min_score = self.settings.plan_min_score if query == question else self.settings.fact_min_score
        plan = tables and plan_calculation(query, *tables.matched_by, min_score, asked_as=question)
        if not plan:
            return None
        chunk_ids = list(dict.fromkeys(fact.chunk_id for fact in plan.operands))
        by_chunk = {passage.chunk.chunk_id: passage for passage in pool}
        passages = [replace(by_chunk[chunk_id], rank=marker) for marker, chunk_id in enumerate(chunk_ids, start=1)]
        return self._computed(asked, question, plan.formula(chunk_ids, language), passages, scope, language, timings, started, plan.operands)  # fmt: skip

    def _stream(self, messages: list[ChatMessage], timings: dict[str, float], started: float) -> Iterator[str]:
        """Yield what the model writes as it writes it (never the NOT_FOUND sentinel); return the whole text."""
        raw = ""
        gate = SentinelGate()
        for delta in self.llm.stream_chat(messages):
            timings.setdefault("first_token_s", time.perf_counter() - started)
            raw += delta.delta or ""
            if visible := gate.feed(delta.delta or ""):
                yield visible
        timings["generate_s"] = time.perf_counter() - started - timings["retrieve_s"]
        return raw

    def _with_retry(
        self,
        draft: Draft,
        messages: list[ChatMessage],
        passages: list[Passage],
        question: str,
        timings: dict[str, float],
    ) -> Draft:
        """A flawed draft (unbacked figures, a restated question, the wrong language) gets one more try;
        the better of the two wins (`rag.policy`)."""
        language = detect_language(question)
        if not draft.needs_retry(language):
            return draft
        started = time.perf_counter()
        reply = self.llm.chat(build_retry(messages, draft.text, draft.retry_request(language))).message.content or ""
        timings["retry_s"] = time.perf_counter() - started
        return better_draft(draft, Draft.of(reply, passages, question), language)

    def _of_another_period(self, question: str, text: str, passages: list[Passage]) -> bool:
        """Whether the answer `text` reads its figures only from table cells of `passages` of another year or span
        than `question` asks (`rag.lookup.of_another_period`): well cited, but not what was asked. A
        calculation's working may quote any period's figures."""
        if asks_calculation(question):
            return False
        facts = self.library.facts(passage.chunk.chunk_id for passage in passages)
        held = self._documents_of(facts)
        figures = extract_figures(strip_markers(text))
        return of_another_period(question, figures, facts, _periods(held), _calendars(held))

    @staticmethod
    def _abstain(
        asked: str,
        question: str,
        scope: Scope,
        language: str,
        timings: dict[str, float],
        started: float,
        text: str = "",
    ) -> Answer:
        """An answer saying the documents do not hold one: `text` says why when it is known."""
        timings["total_s"] = time.perf_counter() - started
        return Answer(
            asked, text or ABSTENTION_MESSAGES[language], (), abstained=True, language=language, timings=timings, standalone_question=question,
            scope=scope,
        )  # fmt: skip


def _names(text: str, name: str) -> bool:
    """Whether `text` prints `name`, in either script and any case."""
    folded = text.lower()
    return any(spelling.lower() in folded for spelling in script_spellings(name))


def _periods(documents: Iterable[DocumentInfo]) -> dict[str, str]:
    """Each document's period ("FY2020", "2023Q2"), by id."""
    return {document.doc_id: document.period for document in documents}


def _calendars(documents: Iterable[DocumentInfo]) -> dict[str, FiscalCalendar]:
    """Each document's fiscal calendar, by id: how its columns name a year."""
    return {document.doc_id: FiscalCalendar.parse(document.fiscal_year_end) for document in documents}


def _with_fixed_prefixes(llm: LLM) -> LLM:
    """`llm`, reading every prompt from the state of the few-shot start it begins with, warmed up or not: the same
    answer in every process, whatever was asked before."""
    fix_prefixes(llm, _fixed_prefixes())
    return llm


def _fixed_prefixes() -> list[list[ChatMessage]]:
    """The few-shot starts every prompt begins with: answer, translation (both ways), follow-up, formula."""
    return [
        build_messages("", [], "zh")[:-1],
        *(build_translation("", language)[:-1] for language in TRANSLATE_EXAMPLES),
        build_condensation((), "")[:-1],
        build_formula_messages("", [], "zh")[:-1],
    ]


def _answers(found: FactAnswer, question: str) -> bool:
    """Whether the lookup `found` answers all of `question`. A calculation is answered by cells only when one is the
    figure asked, printed (a row "毛利率" for "毛利率是多少？"), or it asks a change that a change column or the cell
    of the year before gives; not by an operand of it ("Other" for "the sum of Other and Total")."""
    if not found.complete or not asks_calculation(question):
        return found.complete
    names = " ".join(f"{fact.label} {fact.header}" for fact in found.facts)
    changes = found.prior is not None or any(compares_periods(fact.header) for fact in found.companions)
    return names_calculation(names, question) or (changes and asks_change(question))


def _first(pool: list[Passage], chunk_id: str) -> list[Passage]:
    """`pool` with the passage of `chunk_id` moved to the front."""
    return sorted(pool, key=lambda passage: passage.chunk.chunk_id != chunk_id)


def upload_name(name: str) -> str:
    """The name an upload is listed under after `upload/`: its last segment split at / and \\, without leading
    dots, so that no name reads as a path out of the upload folder ("..\\evil.txt" becomes "evil.txt")."""
    return PureWindowsPath(name).name.lstrip(".")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files under any directory, in a stable order."""
    expanded: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            expanded.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        else:
            expanded.append(path)
    return expanded
