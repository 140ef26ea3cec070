"""An SQLite file as the store keeps it: autocommit with explicit transactions, WAL, foreign keys, its schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_database(path: Path, schema: str) -> sqlite3.Connection:
    """The database at `path` with `schema` (CREATE … IF NOT EXISTS) applied; shared by threads, which the caller
    serialises for writes. WAL lets readers in other processes go on while one writes."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(schema)
    return db
