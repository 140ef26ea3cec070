"""The chat handler streams then settles on the checked answer; `caibao ui` serves the app (real models)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rag import Turn
from ui.app import SEARCHING, _respond
from ui.render import sources_html

QUESTION = "阿里云智能集团收入同比增长多少？"


@pytest.mark.slow
def test_run_respond_streams_the_draft_then_shows_the_checked_answer_and_its_sources(sample_assistant):
    updates = list(_respond(sample_assistant, f"  {QUESTION} ", [], [], 4))
    first, *drafts, final = updates
    assert first[1][-1]["content"] == SEARCHING
    assert drafts, "the answer should stream in pieces before the checked version"
    assert all("cb-answer" not in update[1][-1]["content"] for update in drafts)
    textbox, messages, history, sources = final
    assert textbox == ""
    assert [message["role"] for message in messages] == ["user", "assistant"]
    assert messages[0]["content"] == QUESTION
    assert "cb-answer" in messages[-1]["content"] and "13%" in messages[-1]["content"]
    assert history == [Turn(QUESTION, history[0].answer)] and "13%" in history[0].answer
    assert "317.42" in sources and sources != sources_html(None)


def test_run_respond_to_a_blank_question_changes_nothing(sample_assistant):
    [(textbox, messages, history, _)] = list(_respond(sample_assistant, "   ", [], [], 4))
    assert (textbox, messages, history) == ("   ", [], [])


def test_run_caibao_ui_serves_the_app_on_the_given_port(tmp_path):
    port = 7800 + os.getpid() % 100
    command = [str(Path(sys.executable).parent / "caibao"), "--home", str(tmp_path), "ui", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/", deadline=time.monotonic() + 120)
        assert "caibao" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get_when_up(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
