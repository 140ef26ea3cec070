"""The unit tier loads no models and starts no servers: the fixtures that would are errors here, not a silent wait."""

from __future__ import annotations

import pytest


def _refused(name: str, what: str):
    def fixture():
        pytest.fail(f"unit tests {what}: move this test to tests/integration")

    return pytest.fixture(fixture, scope="session", name=name)


embedder = _refused("embedder", "load no models")
llm = _refused("llm", "load no models")
sample_assistant = _refused("sample_assistant", "load no models")
chroma_url = _refused("chroma_url", "start no Chroma server")
