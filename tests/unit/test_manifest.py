"""The SQLite manifest: pages and metadata persist, and libraries made before they existed still open."""

import sqlite3

from fintext.text import keyword_tokens
from ingest import ChunkRecord, DocumentMetadata, SourceDocument
from store.manifest import DocumentInfo, Manifest

# The chunks table as caibao made it before it stored pages.
OLD_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    encoding TEXT NOT NULL, n_chars INTEGER NOT NULL, n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL);
CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL,
    tokens TEXT NOT NULL);
INSERT INTO documents VALUES ('old', '/old.txt', '旧文件', 'utf-8', 4, 1, 1.0);
INSERT INTO chunks VALUES ('old-0', 'old', 0, 0, 4, '营业收入', '营业 收入');
"""
# The documents table as caibao made it with company, period, type, language and date but no short name or code.
METADATA_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    encoding TEXT NOT NULL, n_chars INTEGER NOT NULL, n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL,
    company TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '', doc_type TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '', published TEXT NOT NULL DEFAULT '');
CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL,
    tokens TEXT NOT NULL, page INTEGER);
INSERT INTO documents VALUES ('old', '/old.pdf', '旧年报', 'pdf', 4, 1, 1.0, '星河科技', 'FY2024', 'annual report', 'zh', '');
INSERT INTO chunks VALUES ('old-0', 'old', 0, 0, 4, '营业收入', '营业 收入', 1);
"""
MOUTAI = DocumentMetadata(company="贵州茅台酒股份有限公司", period="FY2020", short_name="贵州茅台", stock_code="600519")


def _chunk(doc_id: str, page: int | None) -> ChunkRecord:
    return ChunkRecord(f"{doc_id}-0", doc_id, f"/{doc_id}.pdf", "新", 0, 0, 7, "3015.27", page=page)


def test_chunk_pages_round_trip_through_the_manifest(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,))
    manifest.put(DocumentInfo.new(document, 2), [_chunk("new", 2)])
    assert manifest.chunks(["new-0"])["new-0"].page == 2


def test_an_old_library_gains_the_page_column_and_keeps_its_chunks(tmp_path):
    path = tmp_path / "manifest.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
    manifest = Manifest(path)
    assert manifest.chunks(["old-0"])["old-0"].page is None
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,))
    manifest.put(DocumentInfo.new(document, 1), [_chunk("new", 3)])
    assert manifest.chunks(["new-0"])["new-0"].page == 3
    manifest.close()
    # Opening it again finds the column there and adds nothing.
    assert Manifest(path).chunks(["old-0", "new-0"])["new-0"].page == 3


def test_short_name_and_stock_code_round_trip_through_the_manifest(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,), metadata=MOUTAI)
    manifest.put(DocumentInfo.new(document, 1), [_chunk("new", 1)])
    info = manifest.document("new")
    assert (info.company, info.short_name, info.stock_code, info.period) == ("贵州茅台酒股份有限公司", "贵州茅台", "600519", "FY2020")


def test_a_library_without_short_names_gains_the_columns_and_keeps_its_documents(tmp_path):
    path = tmp_path / "manifest.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(METADATA_SCHEMA)
    manifest = Manifest(path)
    old = manifest.document("old")
    assert (old.company, old.period, old.short_name, old.stock_code) == ("星河科技", "FY2024", "", "")
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,), metadata=MOUTAI)
    manifest.put(DocumentInfo.new(document, 1), [_chunk("new", 2)])
    manifest.close()
    reopened = Manifest(path)
    assert [(d.doc_id, d.short_name, d.stock_code) for d in reopened.documents()] == [("old", "", ""), ("new", "贵州茅台", "600519")]
    assert reopened.chunks(["old-0"])["old-0"].page == 1


def _table_chunk(doc_id: str, page: int, text: str, index: int = 0) -> ChunkRecord:
    return ChunkRecord(f"{doc_id}-{index}", doc_id, f"/{doc_id}.pdf", "年报", index, 0, len(text), text, page, period="FY2020")


ROW = "营业收入 | 2020年: 94,915,380,916.72元 | 本期比上年同期增减(%): 11.10%"


def test_a_documents_table_facts_go_in_with_it_and_leave_with_it(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    document = SourceDocument("new", "/new.pdf", "年报", ROW, "pdf", page_starts=(0,), metadata=MOUTAI)
    manifest.put(DocumentInfo.new(document, 1), [_table_chunk("new", 5, ROW)])
    facts = manifest.facts(["new-0"])
    assert [(fact.label, fact.header, fact.value, fact.year, fact.page) for fact in facts] == [
        ("营业收入", "2020年", "94,915,380,916.72元", 2020, 5),
        ("营业收入", "本期比上年同期增减(%)", "11.10%", None, 5),
    ]
    assert manifest.fact_names("new") == {("营业收入", "2020年"), ("营业收入", "本期比上年同期增减(%)")}
    manifest.remove("new")
    assert manifest.facts(["new-0"]) == []


def test_facts_are_read_again_from_the_chunks_when_the_library_was_made_without_them(tmp_path):
    path = tmp_path / "manifest.sqlite3"
    manifest = Manifest(path)
    document = SourceDocument("new", "/new.pdf", "年报", ROW, "pdf", page_starts=(0,), metadata=MOUTAI)
    manifest.put(DocumentInfo.new(document, 1), [_table_chunk("new", 5, ROW)])
    manifest.close()
    with sqlite3.connect(path) as db:  # as an older caibao left it: no facts, no version
        db.execute("DELETE FROM facts")
        db.execute("DELETE FROM meta WHERE key = 'facts_version'")
    assert [fact.value for fact in Manifest(path).facts(["new-0"])] == ["94,915,380,916.72元", "11.10%"]


def test_keyword_tokens_are_made_again_when_the_library_was_made_by_another_tokenizer(tmp_path):
    path = tmp_path / "manifest.sqlite3"
    document = SourceDocument("new", "/new.pdf", "年报", ROW, "pdf", page_starts=(0,), metadata=MOUTAI)
    chunk = _table_chunk("new", 5, ROW)
    Manifest(path).put(DocumentInfo.new(document, 1), [chunk])
    with sqlite3.connect(path) as db:  # as an older caibao left it: other tokens, no version
        db.execute("UPDATE chunks SET tokens = 'old'")
        db.execute("DELETE FROM meta WHERE key = 'tokens_version'")
    assert Manifest(path).chunk_tokens() == [("new-0", keyword_tokens(chunk.searched_text))]


def test_documents_mentioning_a_name_anywhere_or_on_their_first_pages(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    chunks = [_table_chunk("new", 4, "公司的外文名称: Kweichow Moutai Co., Ltd."), _table_chunk("new", 60, "Tesla 100%_", 1)]
    document = SourceDocument("new", "/new.pdf", "年报", "x", "pdf", page_starts=(0,), metadata=MOUTAI)
    manifest.put(DocumentInfo.new(document, 2), chunks)
    assert manifest.documents_mentioning("kweichow moutai", first_pages=6) == {"new"}
    assert manifest.documents_mentioning("Tesla") == {"new"} and manifest.documents_mentioning("Tesla", 6) == set()
    # LIKE's wildcards in a name are matched as written.
    assert manifest.documents_mentioning("100%_") == {"new"} and manifest.documents_mentioning("10_%") == set()
    # Named in one chunk only: not in two or more.
    assert manifest.documents_mentioning("Tesla", min_chunks=2) == set()
    assert manifest.documents_mentioning("Moutai", min_chunks=1) == {"new"}
    # As a word: "Kweichow" is printed, "Kwei" only inside it.
    assert manifest.documents_mentioning("Kwei") == {"new"} and manifest.documents_mentioning("Kwei", whole_word=True) == set()
    assert manifest.documents_mentioning("kweichow", whole_word=True) == {"new"}
    # A name mixing cases is matched as written or in capitals: "Target" the retailer, not the word "target".
    assert manifest.documents_mentioning("KWEICHOW", whole_word=True) == {"new"}
    assert manifest.documents_mentioning("Kweichow Moutai", whole_word=True) == {"new"}
    assert manifest.documents_mentioning("Kweichow moutai", whole_word=True) == set()
