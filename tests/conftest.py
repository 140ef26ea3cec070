"""Shared by both tiers: paths, the sample, helpers to build assistants, and the markers each test gets.

tests/unit holds pure logic (no models, Chroma, subprocesses, browser or network); tests/integration holds the
rest. The fixtures that load models or start servers live in tests/integration/conftest.py.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from evals import SAMPLE_CORPUS
from rag import Assistant, Settings

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
SAMPLE = SAMPLE_CORPUS
CHROMA = Path(sys.executable).parent / "chroma"
CAIBAO = Path(sys.executable).parent / "caibao"
# Reports and screenshots the tests leave behind for people (and CI artifacts) to look at.
TEST_OUTPUT = REPO / "build" / "test-output"
# A test that uses any of these (directly or through another fixture) runs the local LLM: seconds per test.
_LOADS_THE_LLM = {"llm", "sample_assistant"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`unit` or `integration` by folder, and `slow` on every test that needs the LLM."""
    for item in items:
        path = Path(item.path).resolve()
        if path.is_relative_to(TESTS / "unit"):
            item.add_marker(pytest.mark.unit)
        elif path.is_relative_to(TESTS / "integration"):
            item.add_marker(pytest.mark.integration)
        if _LOADS_THE_LLM & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def new_assistant(home: Path, embedder, llm=None) -> Assistant:
    """An assistant over the library at `home` sharing the session's loaded models."""
    return Assistant(Settings.from_env(home=home), llm=llm, embed_model=embedder)


def assistant_over(path: Path, tmp_path_factory, embedder, llm) -> Assistant:
    """An assistant over a fresh library holding just the file at `path`."""
    assistant = new_assistant(tmp_path_factory.mktemp(path.stem), embedder, llm)
    [result] = assistant.ingest([path])
    assert result.ok, result.error
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
