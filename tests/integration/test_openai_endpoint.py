"""The OpenAI-compatible backend, against llama.cpp's own server on 127.0.0.1 serving the packaged GGUF."""

import subprocess
import sys
import time

import pytest

from rag import Assistant, Settings
from rag.generation.model_file import QWEN_CODER_1_5B, assemble
from tests.conftest import SAMPLE, free_port, wait_until_up

_STARTUP_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    settings = Settings.from_env()
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(assemble(QWEN_CODER_1_5B, settings.model_cache)),
        "--model_alias", "qwen", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(settings.llm_context), "--n_threads", str(settings.llm_threads),
    ]  # fmt: skip
    # The server logs a lot while loading: a file, not a pipe nobody drains, or it blocks on a full pipe.
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_up(f"{base}/models", server, log, _STARTUP_TIMEOUT_S)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_openai_compatible_endpoint_gives_a_cited_answer(llama_server, tmp_path, embedder):
    settings = Settings.from_env(home=tmp_path / "library", llm_api_base=llama_server, llm_api_model="qwen")
    assistant = Assistant(settings, embed_model=embedder)
    assistant.ingest([SAMPLE])
    assert type(assistant.llm).__name__ == "OpenAILike"
    answer = assistant.ask("阿里云智能集团收入同比增长多少？")
    assert not answer.abstained
    assert "13%" in answer.text
    assert any("317.42" in citation.text for citation in answer.citations)


def test_an_unreachable_endpoint_fails_fast_with_a_connection_error(tmp_path, embedder):
    settings = Settings.from_env(home=tmp_path / "library", llm_api_base=f"http://127.0.0.1:{free_port()}/v1")
    assistant = Assistant(settings, embed_model=embedder)
    assistant.ingest([SAMPLE])
    started = time.monotonic()
    with pytest.raises(Exception, match="(?i)connect"):
        assistant.ask("阿里云智能集团收入同比增长多少？")
    assert time.monotonic() - started < 30
