"""The public API: `Assistant().ingest(paths)` and `Assistant().ask(question)`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM, ChatMessage

from ingest import SUPPORTED_SUFFIXES, DocumentMetadata, IngestError, ProgressCallback, chunk_document, load_document
from ingest.metadata import normalize_period, with_metadata
from rag.answer_queue import AnswerQueue
from rag.budget import fit_to_budget
from rag.citations import cite, normalize_markers, repair_markers, split_claims, strip_markers
from rag.condense import build_condensation, condense_question
from rag.language import ABSTENTION_MESSAGES, LANGUAGE_NAMES, detect_language
from rag.llm import make_llm, prefill
from rag.prompts import ECHO_RETRY_PROMPT, LANGUAGE_RETRY_PROMPT, NOT_FOUND, RETRY_PROMPT, build_messages, build_retry
from rag.retrieve import HybridRetriever, has_evidence
from rag.scoping import scope_of_question
from rag.settings import Settings
from rag.translate import build_translation, translate_question, translation_language
from rag.types import Answer, Passage, Turn
from rag.verify import Grounding, check_grounding, drop_unsupported, echoes_question
from store import DocumentInfo, Library, make_embedder
from store.keyword import tokenize
from store.scope import Scope

# Refusals the model writes in its own words instead of NOT_FOUND; an uncited one is an abstention.
_REFUSAL = re.compile(
    r"未提及|没有提及|没有提到|未提供|没有提供|无法回答|无法确定|没有相关|不包含|"
    r"not (?:mentioned|provided|specified|stated|given|contain)|do(?:es)? not (?:mention|provide|contain|say|specify)|"
    r"cannot be (?:determined|answered)|no information",
    re.IGNORECASE,
)

# Fewer words than this ("By 9%") do not show which language an answer is in.
_MIN_WORDS_FOR_LANGUAGE = 3


@dataclass(frozen=True)
class IngestResult:
    """One file's outcome: status is 'added', 'replaced', 'unchanged' or 'failed' (see `error`)."""

    path: str
    status: str
    doc_id: str = ""
    n_chunks: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class Assistant:
    """Question answering over the library at `settings.home`; models load on first use and stay warm."""

    def __init__(
        self, settings: Settings | None = None, *, llm: LLM | None = None, embed_model: BaseEmbedding | None = None
    ) -> None:
        """`llm` and `embed_model` let callers share already-loaded models; by default they come from settings."""
        self.settings = settings or Settings.from_env()
        if llm is not None:
            self.__dict__["llm"] = llm
        if embed_model is not None:
            self.__dict__["embed_model"] = embed_model
        # The eval retrieves and then asks the same question; translating it once is enough.
        self._translations: dict[tuple[str, str], str] = {}
        # llama.cpp is not thread-safe: concurrent askers take turns at the models.
        self._queue = AnswerQueue(self.settings.max_waiting_questions)

    @cached_property
    def embed_model(self) -> BaseEmbedding:
        return make_embedder(self.settings.embedder)

    @cached_property
    def library(self) -> Library:
        settings = self.settings
        return Library(settings.home, self.embed_model, settings.chroma_url, settings.chroma_collection)

    @cached_property
    def llm(self) -> LLM:
        return make_llm(self.settings)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.library, self.settings.candidates)

    def warm_up(self) -> None:
        """Load the models and the library now, and read the fixed few-shot prompts into the LLM's cache, so
        that the first question is answered as fast as the next (`caibao ui` does this before it serves)."""
        # The retriever, not `retrieve`: an English word over a Chinese library would also cost a translation.
        with self._queue.turn():
            self.retriever.retrieve("warm up", 1, Scope())
            prefill(
                self.llm,
                [build_messages("", [], "zh")[:-1], build_translation("", "en")[:-1], build_condensation((), "")[:-1]],
            )

    def ingest(self, paths: Iterable[str | Path], metadata: DocumentMetadata | None = None) -> list[IngestResult]:
        """Ingest files (directories are walked for supported files); a bad file fails alone."""
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
        try:
            limits = self.settings.ingest_max_mb, self.settings.ingest_max_chars
            document = with_metadata(load_document(path, source, *limits, progress=progress), metadata)
        except (IngestError, OSError) as error:
            return IngestResult(str(path), "failed", error=str(error))
        chunks = chunk_document(document, self.settings.chunk_min_chars, self.settings.chunk_max_chars)
        added = self.library.add(document, chunks, progress)
        return IngestResult(str(path), added.status, added.doc_id, added.n_chunks)

    def documents(self) -> list[DocumentInfo]:
        return self.library.documents()

    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove the document whose id is or starts with `doc_id`; ValueError unless exactly one matches."""
        matches = [document for document in self.documents() if document.doc_id.startswith(doc_id.strip() or "?")]
        if len(matches) != 1:
            raise ValueError(f"{len(matches)} documents have an id starting with {doc_id!r}; `caibao docs list` shows them")
        self.library.remove(matches[0].doc_id)
        return matches[0]

    def scope_for(self, question: str, company: str = "", period: str = "") -> Scope:
        """The search scope: `company`/`period` as given, else what the question names that the library holds."""
        documents = self.documents()
        named = scope_of_question(question, (d.company for d in documents), (d.period for d in documents))
        return Scope(company=company or named.company, period=normalize_period(period) or period or named.period)

    def retrieve(self, question: str, top_k: int | None = None, scope: Scope | None = None) -> list[Passage]:
        """The passages an answer would be written from (`settings.top_k` of them unless `top_k` is given),
        from the documents in `scope` only when one is given."""
        # A turn at the models as for an answer: the search may ask the LLM to translate the question.
        with self._queue.turn():
            return self._search(question, top_k or self.settings.top_k, scope or Scope())[0]

    def _search(self, question: str, top_k: int, scope: Scope) -> tuple[list[Passage], str]:
        """`retrieve`'s passages and the query that found them: `question`, or its translation."""
        pool = self.retriever.retrieve(question, max(top_k, self.settings.candidates), scope)
        # An English question shares almost no words with Chinese filings (and the reverse), and the small
        # multilingual embedder does not bridge that alone; searching with the question translated into the
        # passages' language does. Fusing in the original query as well measured worse on the gold set.
        if translated := self._translation(question, pool):
            return self.retriever.retrieve(translated, top_k, scope), translated
        return pool[:top_k], question

    def _translation(self, question: str, pool: list[Passage]) -> str:
        """`question` in the other language when `pool` calls for a second search (`translation_language`)."""
        settings = self.settings
        if not (language := translation_language(question, pool, settings.min_dense_score, settings.min_keyword_score)):
            return ""
        key = (question, language)
        if key not in self._translations:
            self._translations[key] = translate_question(self.llm, question, language)
        return self._translations[key]

    def ask(
        self, question: str, history: Sequence[Turn] = (), top_k: int | None = None, company: str = "", period: str = ""
    ) -> Answer:
        """Answer `question` from the library, citing passages as [n]; see `Answer.abstained`.

        `history` holds the conversation so far: a follow-up ("同比增长多少？") is first rewritten to stand alone.
        `company` and `period` ("2024Q4", "2024年第四季度") restrict the search to those documents; without them
        a company or period the question names is used when the library holds documents of it (`scope_for`).
        """
        *_, answer = self.ask_stream(question, history, top_k, company, period)
        return answer

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), top_k: int | None = None, company: str = "", period: str = ""
    ) -> Iterator[str | Answer]:
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
        with self._queue.turn():
            yield from self._answer(asked, history, top_k, company, period)

    def _answer(
        self, asked: str, history: Sequence[Turn], top_k: int | None, company: str, period: str
    ) -> Iterator[str | Answer]:
        """`ask_stream` for a checked question, once its turn at the models has come."""
        language = detect_language(asked)
        started = time.perf_counter()
        question = condense_question(self.llm, history[-self.settings.history_turns :], asked) if history else asked
        scope = self.scope_for(question, company, period)
        passages, query = self._search(question, top_k or self.settings.top_k, scope)
        timings = {"retrieve_s": time.perf_counter() - started}
        if not has_evidence(passages, self.settings.min_dense_score, self.settings.min_keyword_score):
            yield self._abstain(asked, question, scope, language, timings, started)
            return
        excerpts = fit_to_budget(query, passages, self.settings.prompt_budget_tokens)
        # Markers number what the model was shown; passages left out of the prompt cannot be cited.
        passages = [excerpt.passage for excerpt in excerpts]
        messages = build_messages(question, excerpts, language)
        raw = yield from self._stream(messages, timings, started)
        draft = self._with_retry(_Draft.of(raw, passages, question), messages, passages, question, timings)
        text = drop_unsupported(draft.text, draft.grounding)
        if draft.abstains or draft.echoes or not text:
            yield self._abstain(asked, question, scope, language, timings, started)
            return
        timings["total_s"] = time.perf_counter() - started
        yield Answer(
            asked, text, cite(text, passages), abstained=False, language=language, timings=timings,
            verified=draft.grounding.ok, unsupported_figures=draft.grounding.figures, standalone_question=question,
            scope=scope,
        )  # fmt: skip

    def _stream(self, messages: list[ChatMessage], timings: dict[str, float], started: float) -> Iterator[str]:
        """Yield what the model writes as it writes it (never the NOT_FOUND sentinel); return the whole text."""
        raw = ""
        gate = _SentinelGate()
        for delta in self.llm.stream_chat(messages):
            timings.setdefault("first_token_s", time.perf_counter() - started)
            raw += delta.delta or ""
            if visible := gate.feed(delta.delta or ""):
                yield visible
        timings["generate_s"] = time.perf_counter() - started - timings["retrieve_s"]
        return raw

    def _with_retry(
        self, draft: _Draft, messages: list[ChatMessage], passages: list[Passage], question: str, timings: dict[str, float]
    ) -> _Draft:
        """A flawed draft (unbacked figures, a restated question, the wrong language) gets one more try;
        the better of the two wins."""
        language = detect_language(question)
        if draft.abstains or not any(draft.flaws(language)):
            return draft
        started = time.perf_counter()
        reply = self.llm.chat(build_retry(messages, draft.text, draft.retry_request(language))).message.content or ""
        timings["retry_s"] = time.perf_counter() - started
        retried = _Draft.of(reply, passages, question)
        if retried.abstains:
            # Giving up beats an unbacked figure or a restated question, not an answer in the other language.
            return retried if draft.echoes or not draft.grounding.ok else draft
        return retried if retried.flaws(language) < draft.flaws(language) else draft

    @staticmethod
    def _abstain(
        asked: str, question: str, scope: Scope, language: str, timings: dict[str, float], started: float
    ) -> Answer:
        timings["total_s"] = time.perf_counter() - started
        return Answer(
            asked, ABSTENTION_MESSAGES[language], (), abstained=True, language=language, timings=timings,
            standalone_question=question, scope=scope,
        )  # fmt: skip


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files under any directory, in a stable order."""
    expanded: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            expanded.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            expanded.append(path)
    return expanded


def _in_other_language(text: str, language: str) -> bool:
    """Whether `text` is written in another language; a bare figure ("9%[2]") is in every language."""
    words = tokenize(strip_markers(text))
    return len(words) >= _MIN_WORDS_FOR_LANGUAGE and detect_language(" ".join(words)) != language


def _is_abstention(text: str, cited: bool) -> bool:
    return not text or NOT_FOUND in text or (not cited and bool(_REFUSAL.search(text)))


@dataclass(frozen=True)
class _Draft:
    """One generated answer: markers normalised and repaired, whether it abstains, and its grounding."""

    text: str
    abstains: bool
    grounding: Grounding
    echoes: bool = False  # it only restates the question

    @classmethod
    def of(cls, raw: str, passages: list[Passage], question: str) -> _Draft:
        text = normalize_markers(raw.strip(), len(passages))
        # Judged before markers are repaired: a refusal that echoes a passage's words must not gain a citation.
        # normalize_markers kept only markers naming a passage, so any marker left is a citation.
        if _is_abstention(text, cited=any(claim.markers for claim in split_claims(text))):
            return cls(text, True, Grounding(()))
        text = repair_markers(text, passages)
        sources = {marker: passage.chunk.text for marker, passage in enumerate(passages, start=1)}
        return cls(text, False, check_grounding(text, sources, question), echoes_question(text, question))

    def flaws(self, language: str) -> tuple[int, bool, bool]:
        """Unbacked figures, restating the question, answering in another language: worst first, for comparing."""
        return len(self.grounding.figures), self.echoes, _in_other_language(self.text, language)

    def retry_request(self, language: str) -> str:
        if not self.grounding.ok:
            return RETRY_PROMPT.format(figures=", ".join(self.grounding.figures))
        if self.echoes:
            return ECHO_RETRY_PROMPT
        return LANGUAGE_RETRY_PROMPT.format(language=LANGUAGE_NAMES[language])


class _SentinelGate:
    """Holds streamed text back while it could still be the NOT_FOUND sentinel, so it never reaches a user."""

    def __init__(self) -> None:
        self._held = ""
        self._open = False

    def feed(self, delta: str) -> str:
        if self._open:
            return delta
        self._held += delta
        stripped = self._held.lstrip()
        if NOT_FOUND.startswith(stripped) or stripped.startswith(NOT_FOUND):
            return ""
        self._open = True
        return self._held
