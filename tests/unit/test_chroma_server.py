"""The settings that put the library's vectors on a `chroma run` server (no server started)."""

from rag import Settings


def test_settings_read_the_chroma_variables():
    environ = {"CAIBAO_CHROMA_URL": "http://chroma:8001", "CAIBAO_CHROMA_COLLECTION": "team_a"}
    settings = Settings.from_env(environ)
    assert (settings.chroma_url, settings.chroma_collection) == ("http://chroma:8001", "team_a")
    assert (Settings().chroma_url, Settings().chroma_collection) == ("", "")
