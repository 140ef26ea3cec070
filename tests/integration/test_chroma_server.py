"""The library with its vectors on a real `chroma run` server, the manifest and BM25 index still in its home."""

from __future__ import annotations

import time
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from ingest import chunk_document, load_document
from rag import Assistant, Settings
from store import Library
from tests.conftest import SAMPLE, free_port

QUESTION = "阿里云智能集团收入同比增长多少？"


@pytest.fixture(scope="module")
def server(chroma_url) -> chromadb.ClientAPI:
    """A client of our own, to count what is really on the server."""
    port = int(chroma_url.rsplit(":", 1)[1])
    return chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))


def _assistant(home: Path, chroma_url: str, embedder, **settings) -> Assistant:
    return Assistant(Settings.from_env(home=home, chroma_url=chroma_url, **settings), embed_model=embedder)


def _counts(assistant: Assistant, server: chromadb.ClientAPI) -> tuple[int, int, int]:
    """Manifest chunks, the library's vector count and the server's count of the library's collection."""
    library = assistant.library
    return library.count_chunks(), library.count_vectors(), server.get_collection(library._collection.name).count()


def test_ingest_replace_and_remove_keep_the_server_in_step(tmp_path, chroma_url, server, embedder, sample_text):
    home, path = tmp_path / "library", tmp_path / "filing.txt"
    sample_text = sample_text[:1600]  # enough to hold 317.42; embedding the whole filing twice takes 15 s
    path.write_text(sample_text, encoding="utf-8")
    assistant = _assistant(home, chroma_url, embedder)
    [added] = assistant.ingest([path])
    assert added.status == "added"
    assert _counts(assistant, server) == (added.n_chunks,) * 3
    assert not (home / "chroma").exists(), "vectors went to the embedded store, not the server"
    path.write_text(sample_text.replace("317.42", "999.99"), encoding="utf-8")
    [replaced] = assistant.ingest([path])
    assert replaced.status == "replaced"
    assert _counts(assistant, server) == (replaced.n_chunks,) * 3
    assert "999.99" in " ".join(hit.chunk.text for hit in assistant.library.dense_search("阿里云智能集团收入", 5))
    assert assistant.library.remove(replaced.doc_id)
    assert _counts(assistant, server) == (0, 0, 0)


def test_retrieval_finds_the_passage_without_the_llm(tmp_path, chroma_url, embedder):
    assistant = _assistant(tmp_path / "library", chroma_url, embedder)
    [result] = assistant.ingest([SAMPLE])
    assert result.ok
    reopened = _assistant(tmp_path / "library", chroma_url, embedder)
    assert reopened.library.count_vectors() == result.n_chunks
    passages = reopened.retrieve(QUESTION)
    assert any("317.42" in passage.chunk.text for passage in passages)
    assert any("317.42" in hit.chunk.text for hit in reopened.library.dense_search(QUESTION, 3))  # 3rd embedded too
    assert "llm" not in reopened.__dict__, "retrieval loaded the LLM"


def test_two_libraries_on_one_server_do_not_see_or_sweep_each_others_vectors(
    tmp_path, chroma_url, server, embedder, sample_text
):
    first = _assistant(tmp_path / "first", chroma_url, embedder)
    second = _assistant(tmp_path / "second", chroma_url, embedder)
    # The same file in both: identical chunk ids, which one shared collection could not keep apart.
    shared = tmp_path / "shared.txt"
    shared.write_text(sample_text[:1000], encoding="utf-8")
    [a] = first.ingest([shared])
    [b] = second.ingest([shared])
    assert a.doc_id == b.doc_id
    extra = tmp_path / "other.txt"
    extra.write_text("星河科技云业务收入同比增长 11%，达到 55 亿元。", encoding="utf-8")
    [c] = second.ingest([extra])
    assert first.library._collection.name != second.library._collection.name
    # Opening sweeps vectors the manifest does not know: each library must only ever look at its own.
    first_again = _assistant(tmp_path / "first", chroma_url, embedder)
    assert _counts(first_again, server) == (a.n_chunks,) * 3
    assert _counts(second, server) == (b.n_chunks + c.n_chunks,) * 3
    assert not any("星河" in hit.chunk.text for hit in first_again.library.dense_search("星河科技云业务收入", 5))
    assert first_again.library.remove(a.doc_id)
    second_again = _assistant(tmp_path / "second", chroma_url, embedder)
    assert _counts(second_again, server) == (b.n_chunks + c.n_chunks,) * 3
    assert _counts(first_again, server) == (0, 0, 0)


def test_a_collection_name_given_is_used_as_is(tmp_path, chroma_url, server, embedder):
    library = Library(tmp_path / "library", embedder, chroma_url, "caibao_by_hand")
    assert library._collection.name == "caibao_by_hand"
    assert "caibao_by_hand" in [collection.name for collection in server.list_collections()]


def test_an_unreachable_server_fails_fast_with_a_clear_error(tmp_path, embedder):
    url = f"http://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match=f"no Chroma server answers at {url} .*chroma run --path DIR") as error:
        Library(tmp_path / "library", embedder, url)
    assert time.perf_counter() - started < 5
    assert "\n" not in str(error.value)


def test_a_malformed_url_is_refused(tmp_path, embedder):
    with pytest.raises(ValueError, match="bad Chroma URL"):
        Library(tmp_path / "library", embedder, "127.0.0.1:8001")


def test_an_embedded_library_opened_after_a_server_one_keeps_its_vectors_in_its_home(
    tmp_path, chroma_url, server, embedder, sample_text
):
    Library(tmp_path / "on-server", embedder, chroma_url)
    library = Library(tmp_path / "embedded", embedder)
    filing = tmp_path / "filing.txt"
    filing.write_text(sample_text[:1000], encoding="utf-8")
    document = load_document(filing)
    added = library.add(document, chunk_document(document))
    on_disk = chromadb.PersistentClient(
        path=str(tmp_path / "embedded" / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    assert on_disk.get_collection("caibao_chunks").count() == added.n_chunks
    assert "caibao_chunks" not in [collection.name for collection in server.list_collections()]
