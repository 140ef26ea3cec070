"""Saved conversations: each question and the answer given, kept as the caller serialised it, in SQLite."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from store.sqlite import open_database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    conversation_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(conversation_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    record TEXT NOT NULL,
    asked_at REAL NOT NULL,
    PRIMARY KEY (conversation_id, position)
);
"""
# A conversation as listed (`ConversationInfo`'s fields), its turns counted.
_LISTED = (
    "SELECT c.conversation_id, c.title, c.created_at, c.updated_at, COUNT(t.position) FROM conversations c "
    "LEFT JOIN turns t USING (conversation_id)"
)
# The first question, cut to this, names a conversation until the user renames it.
TITLE_MAX_CHARS = 60


@dataclass(frozen=True)
class ConversationInfo:
    """A saved conversation as listed: its id, title, when it began and last changed, and how many turns."""

    conversation_id: str
    title: str
    created_at: float
    updated_at: float
    n_turns: int


@dataclass(frozen=True)
class SavedTurn:
    """One question of a conversation and its answer's `record` (JSON the rag layer wrote and reads back)."""

    question: str
    record: str
    asked_at: float


class Conversations:
    """The conversations of one library home; every change is one transaction, so a crash loses no half-turn."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = open_database(path, _SCHEMA)

    def list(self) -> list[ConversationInfo]:
        """Every conversation, the one changed last first."""
        rows = self._db.execute(f"{_LISTED} GROUP BY c.conversation_id ORDER BY c.updated_at DESC").fetchall()
        return [ConversationInfo(*row) for row in rows]

    def info(self, conversation_id: str) -> ConversationInfo | None:
        row = self._db.execute(
            f"{_LISTED} WHERE c.conversation_id = ? GROUP BY c.conversation_id", (conversation_id,)
        ).fetchone()
        return ConversationInfo(*row) if row else None

    def turns(self, conversation_id: str) -> list[SavedTurn]:
        rows = self._db.execute(
            "SELECT question, record, asked_at FROM turns WHERE conversation_id = ? ORDER BY position", (conversation_id,)
        ).fetchall()
        return [SavedTurn(*row) for row in rows]

    def start(self, title: str = "") -> ConversationInfo:
        now = time.time()
        info = ConversationInfo(uuid.uuid4().hex, _title(title), now, now, 0)
        with self._lock:
            self._db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?)", (info.conversation_id, info.title, now, now)
            )
        return info

    def append(self, conversation_id: str, question: str, record: str) -> None:
        """Add a turn; an untitled conversation takes its first question as its title. KeyError if it is gone."""
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                found = self._db.execute(
                    "SELECT title FROM conversations WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()
                if found is None:
                    raise KeyError(conversation_id)
                self._db.execute(
                    "INSERT INTO turns SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ? FROM turns WHERE conversation_id = ?",
                    (conversation_id, question, record, now, conversation_id),
                )
                self._db.execute(
                    "UPDATE conversations SET updated_at = ?, title = ? WHERE conversation_id = ?",
                    (now, found[0] or _title(question), conversation_id),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def rename(self, conversation_id: str, title: str) -> bool:
        with self._lock:
            changed = self._db.execute(
                "UPDATE conversations SET title = ? WHERE conversation_id = ?", (_title(title), conversation_id)
            ).rowcount
        return bool(changed)

    def delete(self, conversation_id: str) -> bool:
        with self._lock:
            removed = self._db.execute("DELETE FROM conversations WHERE conversation_id = ?", (conversation_id,)).rowcount
        return bool(removed)

    def close(self) -> None:
        self._db.close()


def _title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_MAX_CHARS else text[: TITLE_MAX_CHARS - 1] + "…"
