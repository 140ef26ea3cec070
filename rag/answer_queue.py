"""A first-come, first-served turn at the LLM: one question at a time, a bounded line behind it."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class Busy(RuntimeError):
    """Raised instead of queueing a question when the line is full; the caller should retry in a moment."""

    def __init__(self, answering: int) -> None:
        super().__init__(
            f"caibao is busy answering {answering} question{'s' * (answering != 1)}; please retry in a moment. "
            f"caibao 正在回答 {answering} 个问题，请稍后重试。"
        )
        self.answering = answering


class AnswerQueue:
    """`with queue.turn():` waits, in order of arrival, until no other caller holds the turn.

    llama.cpp is not thread-safe, so concurrent askers take turns; at most `limit` wait behind the one answering
    and any more get `Busy` at once, rather than a wait with no end in sight.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._changed = threading.Condition()
        # The holder of the turn first, then the waiting callers in order of arrival.
        self._line: deque[object] = deque()

    @property
    def depth(self) -> int:
        """Questions being answered or waiting for their turn."""
        return len(self._line)

    @contextmanager
    def turn(self) -> Iterator[None]:
        # A plain ticket rather than a thread id: Gradio may step one generator from several worker threads.
        ticket = object()
        with self._changed:
            if len(self._line) > self.limit:
                raise Busy(len(self._line))
            self._line.append(ticket)
            try:
                self._changed.wait_for(lambda: self._line[0] is ticket)
            except BaseException:
                # An interrupted waiter must leave the line, or everyone behind it would wait forever.
                self._leave(ticket)
                raise
        try:
            yield
        finally:
            with self._changed:
                self._leave(ticket)

    def _leave(self, ticket: object) -> None:
        self._line.remove(ticket)
        self._changed.notify_all()
