"""The Library: Chroma vectors, the BM25 keyword index and the manifest, kept in step."""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
import filelock
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from fintext.text import script_spellings
from ingest import ChunkRecord, Fact, PhaseProgress, ProgressCallback, SourceDocument
from store.keyword import KeywordIndex
from store.keyword_store import KeywordStore
from store.manifest import DocumentInfo, Manifest
from store.scope import Scope

COLLECTION = "caibao_chunks"
# Chroma's default HNSW search gave recall@10 of ~0.5 in our measurement; these give ~0.9.
HNSW_METADATA = {"hnsw:space": "cosine", "hnsw:construction_ef": 200, "hnsw:search_ef": 400}
# Chroma's HttpClient has no timeout: a wrong address would hang opening the library for minutes.
_CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ScoredChunk:
    chunk: ChunkRecord
    score: float


@dataclass(frozen=True)
class AddResult:
    """What `Library.add` did: 'added', 'replaced' (an older version of the source) or 'unchanged'; `embed_s` of
    its time went to the embedder."""

    doc_id: str
    status: str
    n_chunks: int
    replaced_doc_id: str | None = None
    embed_s: float = 0.0


class Library:
    """Documents searchable by meaning and by keyword. The manifest decides what is live.

    Writes go vectors first, then one manifest transaction, then removal of the vectors it superseded,
    so a crash at any point leaves either the old or the new version live, never both or neither;
    vectors the manifest does not know are ignored by search and swept on the next open.
    The BM25 index is saved under `home/keyword` after every write (or `batch` of writes) and loaded on open only if
    it covers exactly the manifest's chunks; otherwise it is rebuilt from the tokens in the manifest.
    With `chroma_url` the vectors live on that Chroma server, in `collection` (default: one unique to this
    library, see `Settings.chroma_collection`); the manifest and BM25 index stay in `home` either way.
    """

    def __init__(self, home: Path, embed_model: BaseEmbedding, chroma_url: str = "", collection: str = "") -> None:
        home.mkdir(parents=True, exist_ok=True)
        self._home = home
        self._embed_model = embed_model
        self._manifest = Manifest(home / "manifest.sqlite3")
        self._chroma_url = chroma_url
        self._collection_name = collection or (
            f"{COLLECTION}-{self._manifest.library_id()}" if chroma_url else COLLECTION
        )
        self._open_vectors()
        self._write_lock = threading.Lock()
        # Held by a write from its first vector to its last deletion, across processes: the sweep on open must not
        # take another process's not-yet-committed vectors for a crashed write's leftovers.
        self._writing = filelock.FileLock(home / "write.lock")
        self._keyword_store = KeywordStore(home / "keyword")
        self._keyword: tuple[int, KeywordIndex] | None = None
        self._batches = 0  # open `batch()` blocks: their writes leave the BM25 index to the end of the outermost
        self._sweep_orphan_vectors()
        self._keyword_index()

    def add(
        self, document: SourceDocument, chunks: list[ChunkRecord], progress: ProgressCallback | None = None,
        original: Path | None = None,
    ) -> AddResult:  # fmt: skip
        """Make `document` live with `chunks`, replacing an older version of the same source; `progress` hears
        of each batch of chunks embedded. `original`, the file it was read from, is kept (see `original`)."""
        with self._write_lock, self._writing:
            if self._manifest.document(document.doc_id) is not None:
                return AddResult(document.doc_id, "unchanged", len(self._manifest.chunk_ids(document.doc_id)))
            previous = self._manifest.document_for_source(document.source)
            if original is not None:
                # Before the manifest makes the document live: a crash leaves at most a copy nobody lists.
                self._keep_original(document.doc_id, original)
            started = time.perf_counter()
            embeddings = self._embed(chunks, progress)
            embed_s = time.perf_counter() - started
            self._vectors.add([_node(chunk, embedding) for chunk, embedding in zip(chunks, embeddings, strict=True)])
            stale_ids = self._manifest.chunk_ids(previous.doc_id) if previous else set()
            info = DocumentInfo.new(document, n_chunks=len(chunks))
            self._manifest.put(info, chunks)
            self._delete_vectors(stale_ids)
            if previous:
                self._original_path(previous.doc_id).unlink(missing_ok=True)
            self._refresh_keyword_index()
        status = "replaced" if previous else "added"
        return AddResult(document.doc_id, status, len(chunks), previous.doc_id if previous else None, embed_s)

    def remove(self, doc_id: str) -> bool:
        """Forget a document; False if it was not in the library."""
        with self._write_lock, self._writing:
            chunk_ids = self._manifest.chunk_ids(doc_id)
            removed = self._manifest.remove(doc_id)
            self._delete_vectors(chunk_ids)
            self._original_path(doc_id).unlink(missing_ok=True)
            self._refresh_keyword_index()
        return removed

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Writes inside bring the BM25 index up to date once, at the end, instead of after each: rebuilding it is
        O(library) (3.4 s at 100k chunks), so a folder of filings added one by one paid it per file. A search in
        between still sees every committed write (`_keyword_index` checks the manifest's version)."""
        self._batches += 1
        try:
            yield
        finally:
            self._batches -= 1
            if not self._batches:
                with self._write_lock:
                    self._keyword_index()

    def documents(self) -> list[DocumentInfo]:
        return self._manifest.documents()

    def original(self, doc_id: str) -> Path | None:
        """The copy of the file a live document was read from, kept when it was added (PDFs: their pages are
        shown with the cited sentences highlighted, though an upload's own file is long gone); None if none."""
        path = self._original_path(doc_id)
        return path if path.is_file() and self._manifest.document(doc_id) is not None else None

    def _original_path(self, doc_id: str) -> Path:
        return self._home / "originals" / doc_id

    def _keep_original(self, doc_id: str, source: Path) -> None:
        target = self._original_path(doc_id)
        target.parent.mkdir(exist_ok=True)
        partial = target.with_name(f"{doc_id}.partial-{os.getpid()}")
        shutil.copyfile(source, partial)
        os.replace(partial, target)  # whole or absent, never half-written

    def count_chunks(self) -> int:
        return self._manifest.count_chunks()

    def fact_names(self, doc_id: str) -> set[tuple[str, str]]:
        """The distinct (row label, column header) pairs of a document's facts."""
        return self._manifest.fact_names(doc_id)

    def documents_mentioning(
        self, phrase: str, first_pages: int | None = None, min_chunks: int = 1, whole_word: bool = False
    ) -> set[str]:
        """The ids of the documents whose text, or first `first_pages` pages, holds `phrase` in either script
        (`script_spellings`: "台湾银行" is printed "臺灣銀行" in a Taiwanese filing), in `min_chunks` chunks or more;
        a Latin phrase only as a word with `whole_word`."""
        counts = self.mention_counts(phrase, first_pages, whole_word)
        return {doc_id for doc_id, count in counts.items() if count >= min_chunks}

    def mention_counts(self, phrase: str, first_pages: int | None = None, whole_word: bool = False) -> Counter[str]:
        """How many chunks of each document hold `phrase` in its likeliest spelling (`documents_mentioning`)."""
        counts: Counter[str] = Counter()
        for spelling in script_spellings(phrase):
            for doc_id, count in self._manifest.mention_counts(spelling, first_pages, whole_word).items():
                counts[doc_id] = max(counts[doc_id], count)
        return counts

    def facts(self, chunk_ids: Iterable[str]) -> list[Fact]:
        """The table facts of these chunks (see `ingest.facts`), each document's in reading order."""
        return self._manifest.facts(chunk_ids)

    def facts_in(self, scope: Scope) -> list[Fact]:
        """The table facts of the documents `scope` admits (every document's for an empty one), in reading order."""
        return self._manifest.facts_in(scope)

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, ChunkRecord]:
        """The live chunks among `chunk_ids`, by id."""
        return self._manifest.chunks(chunk_ids)

    def chunks_around(self, chunk_id: str, reach: int = 1) -> list[ChunkRecord]:
        """`chunk_id`'s chunk and its document's `reach` chunks before and after it, in order ([] if it is gone)."""
        return self._manifest.chunks_around(chunk_id, reach)

    def count_vectors(self) -> int:
        return self._collection.count()

    def dense_search(self, query: str, k: int, scope: Scope | None = None) -> list[ScoredChunk]:
        """The `k` live chunks nearest to `query` in embedding space, among the documents `scope` admits."""
        embedding = self._embed_model.get_query_embedding(query)
        self._see_others_vectors()
        filters = scope.vector_filters() if scope else None
        result = self._vectors.query(VectorStoreQuery(query_embedding=embedding, similarity_top_k=k, filters=filters))
        return self._live(list(zip(result.ids or [], result.similarities or [], strict=True)))

    def keyword_search(self, query: str, k: int, scope: Scope | None = None) -> list[ScoredChunk]:
        """The `k` live chunks with the best BM25 score for `query`'s jieba tokens, among those `scope` admits."""
        allowed = self._manifest.chunk_ids_in(scope) if scope else None
        return self._live(self._keyword_index().search(query, k, allowed))

    def close(self) -> None:
        """Close the manifest and release the Chroma client. Chroma shares one client per folder within a process and
        its searches use an in-memory index, so a library opened again after another process wrote would otherwise
        search stale vectors."""
        self._manifest.close()
        self._client.close()

    def _embed(self, chunks: list[ChunkRecord], progress: ProgressCallback | None) -> list[list[float]]:
        """Embeddings of `chunks`, a batch at a time (the embedder's own batch size) so that progress can be told:
        a 120-page report is minutes of embedding on two cores."""
        embedding = PhaseProgress(progress, "embedding", "chunk", len(chunks))
        batch_size = max(1, self._embed_model.embed_batch_size)
        embeddings: list[list[float]] = []
        for start in range(0, len(chunks), batch_size):
            batch = chunks[start : start + batch_size]
            embeddings += self._embed_model.get_text_embedding_batch([chunk.searched_text for chunk in batch])
            embedding.update(len(embeddings))
        return embeddings

    def _open_vectors(self) -> None:
        self._client = (
            _server_client(self._chroma_url)
            if self._chroma_url
            else chromadb.PersistentClient(path=str(self._home / "chroma"), settings=_chroma_settings())
        )
        self._collection = self._client.get_or_create_collection(
            self._collection_name, metadata=HNSW_METADATA, embedding_function=None
        )
        self._vectors = ChromaVectorStore(chroma_collection=self._collection)
        self._vectors_seen = self._manifest.others_version()

    def _see_others_vectors(self) -> None:
        """Reopen embedded Chroma after another process committed: its searches use an in-memory index loaded at
        open, so a UI left running would not find what `caibao ingest` added meanwhile (a server is always current)."""
        if not self._vectors_stale():
            return
        with self._write_lock:
            # Another thread may have reopened while this one waited for the lock.
            if self._vectors_stale():
                self._client.close()
                self._open_vectors()

    def _vectors_stale(self) -> bool:
        return not self._chroma_url and self._manifest.others_version() != self._vectors_seen

    def _live(self, hits: list[tuple[str, float]]) -> list[ScoredChunk]:
        chunks = self._manifest.chunks(chunk_id for chunk_id, _ in hits)
        return [ScoredChunk(chunks[chunk_id], score) for chunk_id, score in hits if chunk_id in chunks]

    def _keyword_index(self) -> KeywordIndex:
        """The index in step with the manifest: the one in memory, else the saved one, else rebuilt and saved.

        Opening and every write call it too, so the saved index never lags the manifest by more than a crash.
        """
        version = self._manifest.data_version()
        if self._keyword is None or self._keyword[0] != version:
            index = self._keyword_store.load(self._manifest.chunk_ids()) or self._rebuild_keyword_index()
            self._keyword = (version, index)
        return self._keyword[1]

    def _refresh_keyword_index(self) -> None:
        if not self._batches:
            self._keyword_index()

    def _rebuild_keyword_index(self) -> KeywordIndex:
        index = KeywordIndex.build(self._manifest.chunk_tokens())
        self._keyword_store.save(index)
        return index

    def _delete_vectors(self, chunk_ids: set[str]) -> None:
        if chunk_ids:
            self._collection.delete(ids=sorted(chunk_ids))

    def _sweep_orphan_vectors(self) -> None:
        """Drop vectors a crashed write left behind, so counts and search agree with the manifest; not while another
        process is writing, whose vectors wait for their manifest commit (search ignores them either way)."""
        try:
            with self._writing.acquire(blocking=False):
                orphans = set(self._collection.get(include=[])["ids"]) - self._manifest.chunk_ids()
                self._delete_vectors(orphans)
        except filelock.Timeout:
            return


def _chroma_settings() -> ChromaSettings:
    """Settings for one client: chromadb writes the client's kind, path and server into the object it is given, so a
    shared one turned every embedded library opened after a server-backed one into a client of that server."""
    return ChromaSettings(anonymized_telemetry=False)


def _server_client(url: str) -> ClientAPI:
    """A client of the Chroma server at `url`, or a one-line error saying how to start one."""
    parts = urlsplit(url)
    try:
        ssl, port = parts.scheme == "https", parts.port
    except ValueError as error:  # a port that is not a number
        raise ValueError(f"bad Chroma URL {url!r}: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"bad Chroma URL {url!r}: expected http(s)://host:port")
    port = port or (443 if ssl else 8000)
    try:
        urllib.request.urlopen(f"{parts.scheme}://{parts.netloc}/api/v2/heartbeat", timeout=_CONNECT_TIMEOUT_S).close()
        return chromadb.HttpClient(host=parts.hostname, port=port, ssl=ssl, settings=_chroma_settings())
    except (OSError, ValueError) as error:
        raise ConnectionError(
            f"no Chroma server answers at {url} ({error}); start one with: "
            f"chroma run --path DIR --host 127.0.0.1 --port {port}"
        ) from error


def _node(chunk: ChunkRecord, embedding: list[float]) -> TextNode:
    metadata = {
        "doc_id": chunk.doc_id, "chunk_index": chunk.chunk_index, "title": chunk.title, "source": chunk.source,
        # Searched with `Scope.vector_filters`, so Chroma filters by them before ranking.
        "company": chunk.company, "period": chunk.period,
    }  # fmt: skip
    # Chroma rejects None metadata values, so a chunk without a page has no "page" key at all.
    if chunk.page is not None:
        metadata["page"] = chunk.page
    return TextNode(id_=chunk.chunk_id, text=chunk.text, metadata=metadata, embedding=embedding)
