"""The chat handler streams then settles on the checked answer; `caibao ui` serves the app (real models)."""

import subprocess

import pytest

from rag import Turn
from tests.conftest import CAIBAO, free_port, wait_until_up
from ui.app import SEARCHING, _respond
from ui.render import sources_html

QUESTION = "阿里云智能集团收入同比增长多少？"


@pytest.mark.slow
def test_the_chat_streams_the_draft_then_shows_the_checked_answer_and_its_sources(sample_assistant):
    updates = list(_respond(sample_assistant, f"  {QUESTION} ", [], [], 4))
    first, *drafts, final = updates
    assert first[1][-1]["content"] == SEARCHING
    assert drafts, "the answer should stream in pieces before the checked version"
    assert all("cb-answer" not in update[1][-1]["content"] for update in drafts)
    textbox, messages, history, sources, conversation, citations, *_ = final
    assert textbox == ""
    assert [message["role"] for message in messages] == ["user", "assistant"]
    assert messages[0]["content"] == QUESTION
    assert "cb-answer" in messages[-1]["content"] and "13%" in messages[-1]["content"]
    assert history == [Turn(QUESTION, history[0].answer)] and "13%" in history[0].answer
    assert "13%" in sources and sources != sources_html(None)
    saved = sample_assistant.conversations.get(conversation)
    assert [answer.question for answer in saved.answers] == [QUESTION] and saved.answers[0].citations == tuple(citations)


def test_a_blank_question_changes_nothing_in_the_chat(sample_assistant):
    [(textbox, messages, history, *_)] = list(_respond(sample_assistant, "   ", [], [], 4))
    assert (textbox, messages, history) == ("   ", [], [])


def test_an_overlong_question_is_refused_in_the_chat_and_given_back(sample_assistant):
    overlong = "阿里云收入" * 2_000
    *_, (textbox, messages, history, *_) = _respond(sample_assistant, overlong, [], [], 4)
    assert textbox == overlong and history == []
    assert "10,000 characters" in messages[-1]["content"] and "Traceback" not in messages[-1]["content"]


def test_caibao_ui_serves_the_app_on_the_given_port(tmp_path):
    port = free_port()
    command = [str(CAIBAO), "--home", str(tmp_path), "ui", "--port", str(port)]
    log = tmp_path / "ui.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        page = wait_until_up(f"http://127.0.0.1:{port}/", server, log)
        assert "caibao" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
