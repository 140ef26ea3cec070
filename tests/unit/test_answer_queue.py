"""The LLM's turn: one caller at a time, first come first served, `Busy` beyond the line's limit, as the
assistant and the chat report it (no models)."""

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from rag import Assistant, Busy, Settings
from rag.answer_queue import AnswerQueue
from ui.app import SEARCHING, _respond

# Holders let go by themselves after this long, so that a queue that wrongly blocks fails a test instead of hanging it.
HOLD_AT_MOST_S = 5


def _start(target: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _holding(queue: AnswerQueue, release: threading.Event) -> threading.Thread:
    """A thread that joins the line and, once its turn comes, keeps it until `release` is set."""

    def hold() -> None:
        with queue.turn():
            release.wait(HOLD_AT_MOST_S)

    return _start(hold)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HOLD_AT_MOST_S
    while not condition():
        assert time.monotonic() < deadline, "the queue never got there"
        time.sleep(0.005)


def test_callers_take_turns_one_at_a_time_in_order_of_arrival():
    queue, release = AnswerQueue(limit=10), threading.Event()
    order: list[int] = []
    holders: list[int] = []
    most_at_once = 0

    def ask(caller: int) -> None:
        nonlocal most_at_once
        with queue.turn():
            holders.append(caller)
            most_at_once = max(most_at_once, len(holders))
            order.append(caller)
            time.sleep(0.01)  # long enough for an overlapping caller to show up in `holders`
            holders.remove(caller)

    first = _holding(queue, release)
    _until(lambda: queue.depth == 1)
    callers = []
    for caller in range(8):
        callers.append(_start(lambda caller=caller: ask(caller)))
        _until(lambda caller=caller: queue.depth == caller + 2)  # arrivals in a known order
    release.set()
    for thread in [first, *callers]:
        thread.join(HOLD_AT_MOST_S)
    assert order == list(range(8))
    assert most_at_once == 1
    assert queue.depth == 0


@pytest.mark.parametrize(("limit", "answering"), [(2, "3 questions;"), (0, "1 question;")])
def test_a_caller_beyond_the_limit_is_told_busy_at_once(limit, answering):
    queue, release = AnswerQueue(limit), threading.Event()
    holders = [_holding(queue, release) for _ in range(limit + 1)]  # one answering, `limit` waiting
    _until(lambda: queue.depth == limit + 1)
    started = time.monotonic()
    with pytest.raises(Busy, match=f"busy answering {answering} please retry in a moment") as busy, queue.turn():
        pass
    assert time.monotonic() - started < 0.5
    assert busy.value.answering == limit + 1
    assert queue.depth == limit + 1, "a refused caller must not take a place in the line"
    release.set()
    for thread in holders:
        thread.join(HOLD_AT_MOST_S)
    assert queue.depth == 0


def test_an_error_inside_the_turn_gives_it_back():
    queue = AnswerQueue(limit=1)
    for _ in range(3):
        with pytest.raises(ZeroDivisionError), queue.turn():
            1 / 0  # noqa: B018
        assert queue.depth == 0
    with queue.turn():
        assert queue.depth == 1


def test_an_abandoned_stream_gives_the_turn_back():
    """A chat client that disconnects mid-answer closes the generator holding the turn."""
    queue = AnswerQueue(limit=1)

    def stream():
        with queue.turn():
            yield from range(3)

    pieces = stream()
    next(pieces)
    assert queue.depth == 1
    pieces.close()
    assert queue.depth == 0


def test_a_turn_taken_in_one_thread_can_be_given_back_in_another():
    """Gradio steps a streaming handler on whichever worker thread is free."""
    queue = AnswerQueue(limit=1)
    turn = queue.turn()
    turn.__enter__()
    _start(lambda: turn.__exit__(None, None, None)).join(HOLD_AT_MOST_S)
    assert queue.depth == 0


@pytest.mark.parametrize("method", ["ask", "retrieve"])
def test_the_assistant_refuses_beyond_its_line_before_touching_a_model(tmp_path, method):
    assistant = Assistant(Settings.from_env(home=tmp_path, max_waiting_questions=0))
    with assistant._queue.turn(), pytest.raises(Busy, match="busy answering 1 question"):
        getattr(assistant, method)("阿里云智能集团收入同比增长多少？")
    assert not {"llm", "embed_model", "library"} & assistant.__dict__.keys(), "no model should have loaded"


class _BusyAssistant:
    def ask_stream(self, *_: object) -> Iterator[str]:
        raise Busy(3)
        yield  # a generator, as the real one: Busy comes with the first piece asked for


def test_the_chat_shows_busy_as_the_reply_and_gives_the_question_back():
    *_, (textbox, messages, history, *_) = _respond(_BusyAssistant(), "阿里自由现金流是多少？", [], [], 4)
    assert textbox == "阿里自由现金流是多少？"
    assert [message["role"] for message in messages] == ["user", "assistant"]
    assert "busy answering 3 questions" in messages[-1]["content"] and SEARCHING not in messages[-1]["content"]
    assert history == []
