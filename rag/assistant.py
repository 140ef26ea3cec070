"""The public API: `Assistant().ingest(paths)` and `Assistant().ask(question)`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM, ChatMessage

from fintext.text import detect_language
from ingest import DocumentMetadata, IngestError, ProgressCallback, chunk_document, load_document
from ingest.metadata import with_metadata
from ingest.page_image import PageImage, highlighted_page
from rag.answer.asking import Asking, Clock, Services
from rag.answer.sequence import answer_stream
from rag.answer_queue import AnswerQueue
from rag.calculation.formula import build_formula_messages
from rag.generation.condense import build_condensation, condense_question
from rag.generation.llm import fix_prefixes, make_llm, prefill
from rag.generation.prompts import build_messages
from rag.retrieval.names import LibraryNames
from rag.retrieval.retrieve import HybridRetriever
from rag.retrieval.search import Searcher
from rag.retrieval.translate import TRANSLATE_EXAMPLES, build_translation, translate_question
from rag.settings import Settings
from rag.types import Answer, Citation, Passage, Turn
from rag.workspace.context import PassageContext, passage_context
from rag.workspace.conversations import ConversationBook
from rag.workspace.examples import example_questions
from rag.workspace.files import UPLOAD_SOURCE_PREFIX, IngestResult, expand_paths, upload_name
from store import DocumentInfo, Library, make_embedder
from store.scope import Scope

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
        """What the library's companies are called, and what a question's names refer to (`rag.retrieval.names`)."""
        return LibraryNames(self.library, self.settings, self._translated)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.library, self.settings.candidates, self.settings.fact_min_score)

    @cached_property
    def searcher(self) -> Searcher:
        """The passages a question is answered from (`rag.retrieval.search`)."""
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
        """Questions the library's latest filings answer, on the headline lines of their tables (`rag.workspace.examples`);
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
        """`ask_stream` for a checked question, once its turn at the models has come: the strategies of
        `rag.answer.sequence`, in order, over the question standing alone."""
        clock = Clock()
        question = condense_question(self.llm, history[-self.settings.history_turns :], asked) if history else asked
        asking = Asking(
            asked, question, detect_language(asked), company, period, top_k or self.settings.top_k, self._services(), clock
        )  # fmt: skip
        yield from answer_stream(asking)

    def _services(self) -> Services:
        return Services(
            self.settings, self.library, self.retriever, self.names, self.searcher, lambda: self.llm, self._answer_alone
        )  # fmt: skip

    def _answer_alone(self, question: str, company: str, period: str) -> Answer:
        """The answer to `question` asked of `company` (and `period`), without a conversation: a comparison's side."""
        *_, answer = self._answer(question, (), None, company, period)
        return answer


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
