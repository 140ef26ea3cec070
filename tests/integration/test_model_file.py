"""A GGUF path setting: the LLM loads that file instead of assembling the packaged parts (real local LLM)."""

from rag.generation.model_file import QWEN_CODER_1_5B, assemble


def test_a_gguf_path_setting_loads_that_file_instead_of_assembling(tmp_path):
    from rag import Settings
    from rag.generation.llm import make_llm

    gguf = assemble(QWEN_CODER_1_5B, Settings().model_cache)
    llm = make_llm(Settings(llm_model_path=str(gguf), model_cache=tmp_path / "unused-cache"))
    assert llm.model_path == str(gguf)
    assert not (tmp_path / "unused-cache").exists()
    assert "4" in llm.complete("2+2=").text
