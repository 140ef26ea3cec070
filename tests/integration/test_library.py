"""The Library with the real embedder and a real Chroma in a temporary folder."""

import shutil

import pytest

from ingest import chunk_document, load_document
from store import Library
from store.keyword import KeywordIndex
from store.keyword_store import KeywordStore
from tests.conftest import SAMPLE, new_assistant


@pytest.fixture
def assistant(tmp_path, embedder):
    return new_assistant(tmp_path / "library", embedder)


def _counts(assistant):
    library = assistant.library
    return len(library.documents()), library.count_chunks(), library.count_vectors()


def test_ingest_twice_adds_nothing_the_second_time(assistant):
    [first] = assistant.ingest([SAMPLE])
    counts = _counts(assistant)
    [second] = assistant.ingest([SAMPLE])
    assert (first.status, second.status) == ("added", "unchanged")
    assert second.doc_id == first.doc_id
    assert _counts(assistant) == counts == (1, first.n_chunks, first.n_chunks)


def test_a_changed_file_replaces_its_old_chunks(assistant, tmp_path, sample_text):
    path = tmp_path / "filing.txt"
    path.write_text(sample_text, encoding="utf-8")
    [old] = assistant.ingest([path])
    path.write_text(sample_text.replace("317.42", "999.99"), encoding="utf-8")
    [new] = assistant.ingest([path])
    assert new.status == "replaced"
    assert new.doc_id != old.doc_id
    assert _counts(assistant) == (1, new.n_chunks, new.n_chunks)
    hits = assistant.library.keyword_search("阿里云智能集团收入", 3) + assistant.library.dense_search("阿里云智能集团收入", 5)
    texts = " ".join(hit.chunk.text for hit in hits)
    assert "999.99" in texts and "317.42" not in texts


def test_a_copy_under_another_name_is_not_ingested_twice(assistant, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SAMPLE, copy)
    results = assistant.ingest([SAMPLE, copy])
    assert [result.status for result in results] == ["added", "unchanged"]
    assert len(assistant.library.documents()) == 1


def test_bad_files_fail_alone_and_leave_the_store_unchanged(assistant, tmp_path):
    assistant.ingest([SAMPLE])
    before = _counts(assistant)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("腾讯云收入同比增长 11%，达到 55 亿元。".encode("gbk"))
    results = assistant.ingest([tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "missing.txt", gbk])
    assert [result.status for result in results] == ["failed", "failed", "failed", "added"]
    assert all(result.error for result in results[:3])
    assert _counts(assistant) == (before[0] + 1, before[1] + 1, before[2] + 1)
    [hit] = assistant.library.keyword_search("腾讯云收入", 1)
    assert "11%" in hit.chunk.text


def test_remove_forgets_the_document_in_every_index(assistant):
    [result] = assistant.ingest([SAMPLE])
    assert assistant.library.remove(result.doc_id)
    assert _counts(assistant) == (0, 0, 0)
    assert assistant.library.keyword_search("阿里云", 3) == []
    assert assistant.library.dense_search("阿里云", 3) == []
    assert not assistant.library.remove(result.doc_id)


def test_vectors_left_by_a_crashed_write_are_ignored_and_swept(tmp_path, embedder):
    home = tmp_path / "library"
    library = Library(home, embedder)
    document = load_document(SAMPLE)
    chunks = chunk_document(document)
    # A write that stored vectors but died before its manifest transaction.
    from store.library import _node

    library._vectors.add([_node(c, e) for c, e in zip(chunks, embedder.get_text_embedding_batch([c.text for c in chunks]))])
    assert library.count_vectors() == len(chunks)
    assert library.dense_search("阿里云智能集团收入", 3) == []
    reopened = Library(home, embedder)
    assert (reopened.count_vectors(), reopened.count_chunks()) == (0, 0)


def test_the_library_persists_across_reopen(tmp_path, embedder):
    home = tmp_path / "library"
    first = new_assistant(home, embedder)
    [result] = first.ingest([SAMPLE])
    again = new_assistant(home, embedder)
    assert [doc.doc_id for doc in again.documents()] == [result.doc_id]
    assert again.library.count_vectors() == result.n_chunks
    [hit] = again.library.keyword_search("自由现金流", 1)
    assert "390.2" in hit.chunk.text


def _add(library, path):
    document = load_document(path)
    return library.add(document, chunk_document(document))


def _keyword_texts(library, query):
    return " ".join(hit.chunk.text for hit in library.keyword_search(query, 5))


def _no_rebuild(*_):
    raise AssertionError("the keyword index was rebuilt instead of loaded")


def test_reopen_loads_the_saved_keyword_index_without_rebuilding(tmp_path, embedder, monkeypatch):
    home = tmp_path / "library"
    _add(Library(home, embedder), SAMPLE)
    monkeypatch.setattr(KeywordIndex, "build", _no_rebuild)
    assert "317.42" in _keyword_texts(Library(home, embedder), "317.42")


def test_keyword_search_after_replace_and_remove_holds_across_reopen(tmp_path, embedder, monkeypatch, sample_text):
    home, path = tmp_path / "library", tmp_path / "filing.txt"
    path.write_text(sample_text, encoding="utf-8")
    _add(Library(home, embedder), path)
    path.write_text(sample_text.replace("317.42", "999.99"), encoding="utf-8")
    replaced = _add(Library(home, embedder), path)
    with monkeypatch.context() as patch:
        patch.setattr(KeywordIndex, "build", _no_rebuild)
        reopened = Library(home, embedder)
        assert "999.99" in _keyword_texts(reopened, "999.99")
        assert "317.42" not in _keyword_texts(reopened, "阿里云智能集团收入 317.42")
    assert reopened.remove(replaced.doc_id)
    monkeypatch.setattr(KeywordIndex, "build", _no_rebuild)
    assert Library(home, embedder).keyword_search("阿里云智能集团收入", 5) == []


def test_an_index_not_saved_before_a_crash_is_rebuilt_on_open(tmp_path, embedder, monkeypatch, sample_text):
    home, path = tmp_path / "library", tmp_path / "filing.txt"
    path.write_text(sample_text, encoding="utf-8")
    library = Library(home, embedder)
    _add(library, path)
    path.write_text(sample_text.replace("317.42", "999.99"), encoding="utf-8")
    # The manifest commits the new version, then the process dies before the index is saved.
    monkeypatch.setattr(KeywordStore, "save", lambda *_: None)
    _add(library, path)
    monkeypatch.undo()
    reopened = Library(home, embedder)
    assert "999.99" in _keyword_texts(reopened, "999.99")
    assert "317.42" not in _keyword_texts(reopened, "317.42")
    monkeypatch.setattr(KeywordIndex, "build", _no_rebuild)
    assert "999.99" in _keyword_texts(Library(home, embedder), "999.99")


def test_a_home_without_a_keyword_index_gets_one_on_open(tmp_path, embedder):
    home = tmp_path / "library"
    _add(Library(home, embedder), SAMPLE)
    shutil.rmtree(home / "keyword")
    assert "317.42" in _keyword_texts(Library(home, embedder), "317.42")
    assert len(list((home / "keyword").iterdir())) == 1


def test_a_corrupt_keyword_index_is_rebuilt_on_open(tmp_path, embedder):
    home = tmp_path / "library"
    _add(Library(home, embedder), SAMPLE)
    [folder] = (home / "keyword").iterdir()
    (folder / "vocab.index.json").write_text("{truncated", encoding="utf-8")
    assert "317.42" in _keyword_texts(Library(home, embedder), "317.42")
    assert (folder / "vocab.index.json").read_text(encoding="utf-8").startswith("{\"")


def test_a_batch_of_writes_builds_the_keyword_index_once_at_its_end(tmp_path, embedder, monkeypatch, sample_text):
    home, other = tmp_path / "library", tmp_path / "other.txt"
    other.write_text(sample_text.replace("317.42", "888.88"), encoding="utf-8")
    library, builds, build = Library(home, embedder), [], KeywordIndex.build
    monkeypatch.setattr(KeywordIndex, "build", lambda tokens: builds.append(len(tokens)) or build(tokens))
    with library.batch():
        _add(library, SAMPLE)
        _add(library, other)
        assert builds == []
    assert len(builds) == 1 and builds[0] == library.count_chunks()
    assert "888.88" in _keyword_texts(library, "888.88")
    monkeypatch.setattr(KeywordIndex, "build", _no_rebuild)
    assert "888.88" in _keyword_texts(Library(home, embedder), "888.88")


def test_ingest_reports_embedding_progress_a_batch_at_a_time(assistant, monkeypatch):
    monkeypatch.setattr(assistant.embed_model, "embed_batch_size", 4)
    heard = []
    result = assistant.ingest_file(SAMPLE, progress=heard.append)
    batch = assistant.embed_model.embed_batch_size
    assert result.n_chunks > batch, "the sample must need more than one batch for this test to say anything"
    assert {(step.phase, step.unit, step.total) for step in heard} == {("embedding", "chunk", result.n_chunks)}
    assert [step.done for step in heard] == [*range(0, result.n_chunks, batch), result.n_chunks]
    assert [step.elapsed_s for step in heard] == sorted(step.elapsed_s for step in heard)
    again = []
    assistant.ingest_file(SAMPLE, progress=again.append)
    assert again == [], "an unchanged file embeds nothing"


def test_a_chunk_keeps_its_section_through_storage_and_is_found_by_it(assistant, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        "贵州茅台酒股份有限公司2020年年度报告\n第二节 公司简介和主要财务指标\n七、 近三年主要会计数据和财务指标\n"
        "(一) 主要会计数据\n营业收入 | 2020年: 94,915,380,916.72元\n第三节 公司业务概要\n公司主要业务是茅台酒的生产与销售。\n",
        encoding="utf-8",
    )
    assistant.ingest([report])
    hits = assistant.library.keyword_search("财务指标", 5) + assistant.library.dense_search("财务指标", 5)
    [row] = {hit.chunk for hit in hits if "94,915,380,916.72" in hit.chunk.text}
    assert "财务指标" not in row.text, "found by the heading above it, not by its own words"
    assert row.section.endswith("七、 近三年主要会计数据和财务指标 › (一) 主要会计数据")
