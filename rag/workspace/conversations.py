"""A library's saved conversations as typed answers: resumed, renamed, deleted and exported as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from rag.types import Answer, Turn
from store.conversations import ConversationInfo, Conversations

# Every field of an answer, nested dataclasses included, to JSON and back, so a resumed conversation shows its
# sources and checks as they were.
_ANSWER_JSON = TypeAdapter(Answer)
CONVERSATIONS_FILE = "conversations.sqlite3"


@dataclass(frozen=True)
class Conversation:
    """A saved conversation: what it is called and its answers in the order they were asked."""

    info: ConversationInfo
    answers: list[Answer]

    def history(self, turns: int) -> list[Turn]:
        """The last `turns` exchanges, as `Assistant.ask` reads a follow-up against them."""
        return [Turn(answer.question, answer.text) for answer in self.answers[-turns:]] if turns else []


class ConversationBook:
    """The conversations kept in a library home (`conversations.sqlite3` beside the manifest)."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self._saved = Conversations(home / CONVERSATIONS_FILE)

    def list(self) -> list[ConversationInfo]:
        return self._saved.list()

    def start(self, title: str = "") -> ConversationInfo:
        return self._saved.start(title)

    def get(self, conversation_id: str) -> Conversation:
        """KeyError when no conversation has this id."""
        info = self._saved.info(conversation_id)
        if info is None:
            raise KeyError(conversation_id)
        answers = [_ANSWER_JSON.validate_json(turn.record) for turn in self._saved.turns(conversation_id)]
        return Conversation(info, answers)

    def record(self, conversation_id: str, answer: Answer) -> None:
        self._saved.append(conversation_id, answer.question, _ANSWER_JSON.dump_json(answer).decode("utf-8"))

    def rename(self, conversation_id: str, title: str) -> bool:
        return self._saved.rename(conversation_id, title)

    def delete(self, conversation_id: str) -> bool:
        return self._saved.delete(conversation_id)

    def close(self) -> None:
        self._saved.close()
