"""The SQLite manifest: which documents and chunks are live. It is the library's source of truth."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path

from fintext.text import KEYWORD_TOKENS_VERSION, keyword_tokens
from ingest import ChunkRecord, Fact, SourceDocument
from ingest.facts import FACTS_VERSION, extract_facts
from store.scope import Scope
from store.sqlite import open_database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    encoding TEXT NOT NULL,
    n_chars INTEGER NOT NULL,
    n_chunks INTEGER NOT NULL,
    ingested_at REAL NOT NULL,
    company TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    short_name TEXT NOT NULL DEFAULT '',
    stock_code TEXT NOT NULL DEFAULT '',
    fiscal_year_end TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    tokens TEXT NOT NULL,
    page INTEGER,
    section TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS facts (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    chunk_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    column_index INTEGER NOT NULL,
    label TEXT NOT NULL,
    header TEXT NOT NULL,
    value TEXT NOT NULL,
    year INTEGER,
    page INTEGER,
    caption TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS facts_by_chunk ON facts(chunk_id);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
# (table, column, type) added to _SCHEMA after libraries were already made: opening an older one adds them.
_ADDED_COLUMNS = (
    ("chunks", "page", "INTEGER"),
    ("chunks", "section", "TEXT NOT NULL DEFAULT ''"),
    ("facts", "caption", "TEXT NOT NULL DEFAULT ''"),
    *(
        ("documents", name, "TEXT NOT NULL DEFAULT ''")
        for name in (
            "company", "period", "doc_type", "language", "published", "short_name", "stock_code", "fiscal_year_end"
        )
    ),
)
_CHUNK_COLUMNS = "chunk_id, doc_id, chunk_index, char_start, char_end, text, tokens, page, section"
_FACT_COLUMNS = "chunk_id, doc_id, row_index, column_index, label, header, value, year, page, caption"
_CHUNK_RECORDS = (
    "SELECT c.chunk_id, c.doc_id, d.source, d.title, c.chunk_index, c.char_start, c.char_end, c.text, c.page, "
    "d.company, d.period, c.section, d.fiscal_year_end FROM chunks c JOIN documents d USING (doc_id)"
)
_QUALIFIED_FACT_COLUMNS = ", ".join(f"f.{column}" for column in _FACT_COLUMNS.split(", "))
_DOCUMENT_COLUMNS = (
    "doc_id, source, title, encoding, n_chars, n_chunks, ingested_at, company, period, doc_type, language, published, "
    "short_name, stock_code, fiscal_year_end"
)


@dataclass(frozen=True)
class DocumentInfo:
    """One live document as the library lists it, with its metadata ("" where unknown; see DocumentMetadata)."""

    doc_id: str
    source: str
    title: str
    encoding: str
    n_chars: int
    n_chunks: int
    ingested_at: float
    company: str = ""
    period: str = ""
    doc_type: str = ""
    language: str = ""
    published: str = ""
    short_name: str = ""
    stock_code: str = ""
    fiscal_year_end: str = ""

    @classmethod
    def new(cls, document: SourceDocument, n_chunks: int) -> DocumentInfo:
        metadata = document.metadata
        return cls(
            document.doc_id, document.source, document.title, document.encoding, len(document.text), n_chunks,
            time.time(), metadata.company, metadata.period, metadata.doc_type, metadata.language, metadata.published,
            metadata.short_name, metadata.stock_code, metadata.fiscal_year_end,
        )  # fmt: skip


class Manifest:
    """Documents and chunks in one SQLite file; every change is a single transaction."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = open_database(path, _SCHEMA)
        self._add_missing_columns()
        self._refresh_facts()
        self._refresh_tokens()

    def document(self, doc_id: str) -> DocumentInfo | None:
        row = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return DocumentInfo(*row) if row else None

    def document_for_source(self, source: str) -> DocumentInfo | None:
        row = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE source = ?", (source,)).fetchone()
        return DocumentInfo(*row) if row else None

    def documents(self) -> list[DocumentInfo]:
        rows = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY ingested_at").fetchall()
        return [DocumentInfo(*row) for row in rows]

    def put(self, info: DocumentInfo, chunks: list[ChunkRecord]) -> None:
        """Make `info` the live document for its source, replacing any older version, atomically; its chunks'
        keyword tokens and its tables' facts (`extract_facts`) go in with it."""
        # Tokenised and read before the write lock is taken: jieba over a long report takes seconds.
        rows = [_chunk_row(chunk, _tokens(chunk)) for chunk in chunks]
        facts = extract_facts(chunks)
        with self._transaction():
            self._db.execute("DELETE FROM documents WHERE source = ? OR doc_id = ?", (info.source, info.doc_id))
            marks = ", ".join("?" * len(_document_row(info)))
            self._db.execute(f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({marks})", _document_row(info))
            self._db.executemany(f"INSERT INTO chunks ({_CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._insert_facts(facts)

    def facts(self, chunk_ids: Iterable[str]) -> list[Fact]:
        """The table facts of these chunks, each document's in reading order."""
        ids = list(chunk_ids)
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            f"SELECT {_FACT_COLUMNS} FROM facts WHERE chunk_id IN ({marks}) ORDER BY doc_id, row_index, column_index",
            ids,
        )
        return [Fact(*row) for row in rows]

    def facts_in(self, scope: Scope) -> list[Fact]:
        """The table facts of the documents `scope` admits, each document's in reading order."""
        rows = self._db.execute(
            f"SELECT {_QUALIFIED_FACT_COLUMNS} "
            "FROM facts f JOIN documents d USING (doc_id) WHERE (? = '' OR d.company = ?) AND (? = '' OR d.period = ?) "
            "ORDER BY f.doc_id, f.row_index, f.column_index",
            (scope.company, scope.company, scope.period, scope.period),
        )
        return [Fact(*row) for row in rows]

    def fact_names(self, doc_id: str) -> set[tuple[str, str]]:
        """The distinct (row label, column header) pairs of a document's facts."""
        return set(self._db.execute("SELECT DISTINCT label, header FROM facts WHERE doc_id = ?", (doc_id,)))

    def documents_mentioning(
        self, phrase: str, first_pages: int | None = None, min_chunks: int = 1, whole_word: bool = False
    ) -> set[str]:
        """The documents whose text (only its first `first_pages` pages, when given, or as many chunks of a source
        without pages) holds `phrase` in `min_chunks` chunks or more (`mention_counts`)."""
        counts = self.mention_counts(phrase, first_pages, whole_word)
        return {doc_id for doc_id, count in counts.items() if count >= min_chunks}

    def mention_counts(self, phrase: str, first_pages: int | None = None, whole_word: bool = False) -> Counter[str]:
        """How many chunks of each document (of its first `first_pages` pages, when given, or as many chunks of a
        source without pages) hold `phrase`, in any case for Latin letters; with `whole_word`, a Latin phrase only
        where it stands as a word ("Sam" is not in "same")."""
        pattern = "%" + phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.execute(
            "SELECT doc_id, text FROM chunks WHERE text LIKE ? ESCAPE '\\' "
            "AND (? IS NULL OR COALESCE(page, chunk_index + 1) <= ?)",
            (pattern, first_pages, first_pages),
        )
        # SQLite has no regular expressions: LIKE finds the candidates, a pattern the words.
        word = _as_word(phrase) if whole_word else None
        return Counter(doc_id for doc_id, text in rows if word is None or word.search(text))

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return cursor.rowcount > 0

    def chunk_ids(self, doc_id: str | None = None) -> set[str]:
        if doc_id is None:
            rows = self._db.execute("SELECT chunk_id FROM chunks")
        else:
            rows = self._db.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))
        return {row[0] for row in rows}

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, ChunkRecord]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(f"{_CHUNK_RECORDS} WHERE c.chunk_id IN ({marks})", ids).fetchall()
        return {row[0]: ChunkRecord(*row) for row in rows}

    def chunks_around(self, chunk_id: str, reach: int) -> list[ChunkRecord]:
        """`chunk_id`'s chunk and up to `reach` chunks either side of it in its document, in document order."""
        rows = self._db.execute(
            f"{_CHUNK_RECORDS} JOIN chunks cited ON cited.doc_id = c.doc_id WHERE cited.chunk_id = ? "
            "AND c.chunk_index BETWEEN cited.chunk_index - ? AND cited.chunk_index + ? ORDER BY c.chunk_index",
            (chunk_id, reach, reach),
        ).fetchall()
        return [ChunkRecord(*row) for row in rows]

    def chunk_ids_in(self, scope: Scope) -> frozenset[str]:
        """The chunks of the documents `scope` admits."""
        rows = self._db.execute(
            "SELECT c.chunk_id FROM chunks c JOIN documents d USING (doc_id) "
            "WHERE (? = '' OR d.company = ?) AND (? = '' OR d.period = ?)",
            (scope.company, scope.company, scope.period, scope.period),
        )
        return frozenset(row[0] for row in rows)

    def chunk_tokens(self) -> list[tuple[str, list[str]]]:
        rows = self._db.execute("SELECT chunk_id, tokens FROM chunks ORDER BY doc_id, chunk_index")
        return [(chunk_id, tokens.split(" ") if tokens else []) for chunk_id, tokens in rows]

    def count_chunks(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def library_id(self) -> str:
        """A random id made on first use and kept with the chunks it names (a shared Chroma server's collection)."""
        select = "SELECT value FROM meta WHERE key = 'library_id'"
        if row := self._db.execute(select).fetchone():
            return row[0]
        with self._lock:
            # OR IGNORE: another process opening the same new home may have made one meanwhile; its id wins.
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('library_id', ?)", (uuid.uuid4().hex,))
        return self._db.execute(select).fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever any connection commits, so cached indexes know to rebuild."""
        return self.others_version() + self._db.total_changes

    def others_version(self) -> int:
        """Changes only when another connection (another process) commits, never for this one's own writes."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write, whole or not at all: IMMEDIATE takes SQLite's write lock before the first read, so no other
        process writes between what it reads and what it writes."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _insert_facts(self, facts: list[Fact]) -> None:
        marks = ", ".join("?" * len(_FACT_COLUMNS.split(", ")))
        self._db.executemany(f"INSERT INTO facts ({_FACT_COLUMNS}) VALUES ({marks})", [astuple(fact) for fact in facts])

    def _refresh_facts(self) -> None:
        """Read every document's facts again from its chunks when they were read by another version of
        `extract_facts` (or by a caibao from before facts): the chunks hold all it needs."""
        select = "SELECT value FROM meta WHERE key = 'facts_version'"
        if (row := self._db.execute(select).fetchone()) and row[0] == FACTS_VERSION:
            return
        with self._transaction():
            self._db.execute("DELETE FROM facts")
            for (doc_id,) in self._db.execute("SELECT doc_id FROM documents").fetchall():
                ids = [chunk_id for (chunk_id,) in self._db.execute(
                    "SELECT chunk_id FROM chunks WHERE doc_id = ? ORDER BY chunk_index", (doc_id,)
                )]  # fmt: skip
                chunks = self.chunks(ids)
                self._insert_facts(extract_facts(chunks[chunk_id] for chunk_id in ids))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('facts_version', ?)", (FACTS_VERSION,))

    def _refresh_tokens(self) -> None:
        """Make every chunk's keyword tokens again when they were made by another version of `keyword_tokens` (or
        by a caibao from before versions): a query is cut the new way, and a word the two cut differently is missed."""
        select = "SELECT value FROM meta WHERE key = 'tokens_version'"
        if (row := self._db.execute(select).fetchone()) and row[0] == KEYWORD_TOKENS_VERSION:
            return
        with self._transaction():
            chunks = [ChunkRecord(*row) for row in self._db.execute(_CHUNK_RECORDS).fetchall()]
            self._db.executemany(
                "UPDATE chunks SET tokens = ? WHERE chunk_id = ?", [(_tokens(chunk), chunk.chunk_id) for chunk in chunks]
            )
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('tokens_version', ?)", (KEYWORD_TOKENS_VERSION,))

    def _add_missing_columns(self) -> None:
        """Bring a library made by an older caibao up to _SCHEMA; its rows get NULL (unknown) in the new columns."""
        if not self._missing_columns():
            return
        with self._transaction():
            # IMMEDIATE, then look again: another process opening the same old library may have added them.
            for table, column, kind in self._missing_columns():
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        tables = {table for table, _, _ in _ADDED_COLUMNS}
        present = {(table, row[1]) for table in tables for row in self._db.execute(f"PRAGMA table_info({table})")}
        return [added for added in _ADDED_COLUMNS if added[:2] not in present]


def _document_row(info: DocumentInfo) -> tuple:
    return astuple(info)


def _tokens(chunk: ChunkRecord) -> str:
    """The chunk's keyword tokens as the chunks table holds them."""
    return " ".join(keyword_tokens(chunk.searched_text))


def _chunk_row(chunk: ChunkRecord, tokens: str) -> tuple:
    return (
        chunk.chunk_id,
        chunk.doc_id,
        chunk.chunk_index,
        chunk.char_start,
        chunk.char_end,
        chunk.text,
        tokens,
        chunk.page,
        chunk.section,
    )


def _as_word(phrase: str) -> re.Pattern[str] | None:
    """`phrase` standing as a word, when it begins and ends with a Latin letter or digit (else None): as written
    or in capitals when it mixes cases ("Target" is a retailer, "targets" a word), else in any case."""
    if not re.fullmatch(r"[A-Za-z0-9](?:.*[A-Za-z0-9])?", phrase, re.DOTALL):
        return None
    if phrase in (phrase.lower(), phrase.upper()):
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(phrase)}(?![A-Za-z0-9])", re.IGNORECASE)
    spellings = "|".join(map(re.escape, dict.fromkeys((phrase, phrase.upper()))))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{spellings})(?![A-Za-z0-9])")
