"""The passages a question is answered from: both retrievers over its scope, the company's names left out, again in
the passages' language when none in its own reach the evidence floors, and no row restated by the parent company."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fintext.text import CJK
from rag.retrieval.names import LibraryNames, written_in
from rag.retrieval.restated import without_restated
from rag.retrieval.retrieve import HybridRetriever, has_evidence, keyword_floor
from rag.retrieval.scoping import replace_names, without_names
from rag.retrieval.translate import translation_language
from rag.settings import Settings
from rag.types import Passage
from store import Library
from store.scope import Scope


class Searcher:
    """Search over `library` by `retriever`; `translate(question, language)` puts a question into the other
    language (the LLM, once per question)."""

    def __init__(
        self, library: Library, retriever: HybridRetriever, settings: Settings, names: LibraryNames,
        translate: Callable[[str, str], str],
    ) -> None:  # fmt: skip
        self.library = library
        self.retriever = retriever
        self.settings = settings
        self._names = names
        self._translate = translate

    def search(self, question: str, top_k: int, scope: Scope) -> tuple[list[Passage], str]:
        """The best passages for `question` (at least `top_k`, `settings.candidates` when more), and the query that
        found them: `question`, or its translation."""
        # Within one company's documents its names tell no passage from another but weigh with both the embedder
        # and BM25: its name on every subsidiary's row of a related-party table outranked the income statement.
        names = self._names.names_for(question, scope)
        pool = self._retrieve(question, names, top_k, scope)
        # An English question shares almost no words with Chinese filings (and the reverse), and the small
        # multilingual embedder does not bridge that alone; searching with the question translated into the
        # passages' language does. Fusing in the original query as well measured worse on the gold set.
        query = question
        if translated := self._translation(question, pool, scope, names):
            pool, query = self._retrieve(translated, names, top_k, scope), translated
        # Never both a consolidated statement's row and the parent company's restating it with another value.
        return without_restated(pool, self.library.facts(passage.chunk.chunk_id for passage in pool), query), query

    def _retrieve(self, query: str, names: set[str], top_k: int, scope: Scope) -> list[Passage]:
        """The passages for `query` without the company's `names`; as asked, names and all, when those leave the
        best `top_k` below the evidence floors, which were set on questions as asked (a short filing's passages
        share little with "How much did online sales grow?" but the company's name)."""
        size = max(top_k, self.settings.candidates)
        floors = self.floors()
        if (stripped := without_names(query, names)) and stripped != query:
            pool = self.retriever.retrieve(stripped, size, scope)
            if has_evidence(pool[:top_k], *floors):
                return pool
        return self.retriever.retrieve(query, size, scope)

    def floors(self) -> tuple[float, float]:
        """The evidence floors (dense, keyword) for this library: the keyword one scaled to its size."""
        settings = self.settings
        n_chunks = self.library.count_chunks()
        return settings.min_dense_score, keyword_floor(
            settings.min_keyword_score, n_chunks, settings.keyword_floor_chunks
        )

    def _translation(self, question: str, pool: list[Passage], scope: Scope, names: set[str]) -> str:
        """`question` in the other language when `pool` calls for a second search (`translation_language`), the
        company it names called as the filings in that language call it: a small model guesses at a romanised
        Chinese name ("Kweichow Moutai" came back as 开滦集团, 康师傅 and 科威特麦塔里姆)."""
        if not (language := translation_language(question, pool, *self.floors())):
            return ""
        return self._translate(_renamed(question, names, self._names.name_in(scope, language)), language)


def _renamed(question: str, names: Iterable[str], name: str) -> str:
    """`question` with `names` written in another script than `name` replaced by `name` (unchanged without one)."""
    if not name:
        return question
    language = "zh" if CJK.search(name) else "en"
    return replace_names(question, [other for other in names if not written_in(other, language)], name)
