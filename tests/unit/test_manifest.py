"""The SQLite manifest: pages persist, and a library made before pages existed still opens."""

import sqlite3

from ingest import ChunkRecord, SourceDocument
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


def _chunk(doc_id: str, page: int | None) -> ChunkRecord:
    return ChunkRecord(f"{doc_id}-0", doc_id, f"/{doc_id}.pdf", "新", 0, 0, 7, "3015.27", page=page)


def test_chunk_pages_round_trip_through_the_manifest(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,))
    manifest.put(DocumentInfo.new(document, 2), [_chunk("new", 2)], ["3015.27"])
    assert manifest.chunks(["new-0"])["new-0"].page == 2


def test_an_old_library_gains_the_page_column_and_keeps_its_chunks(tmp_path):
    path = tmp_path / "manifest.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
    manifest = Manifest(path)
    assert manifest.chunks(["old-0"])["old-0"].page is None
    document = SourceDocument("new", "/new.pdf", "新", "3015.27", "pdf", page_starts=(0,))
    manifest.put(DocumentInfo.new(document, 1), [_chunk("new", 3)], ["3015.27"])
    assert manifest.chunks(["new-0"])["new-0"].page == 3
    manifest.close()
    # Opening it again finds the column there and adds nothing.
    assert Manifest(path).chunks(["old-0", "new-0"])["new-0"].page == 3
