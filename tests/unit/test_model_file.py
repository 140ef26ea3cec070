"""The packaged GGUF: its parts are installed, and assembling them checks size and checksum (no model loaded)."""

import hashlib
import sys
import types

import pytest

from rag.generation.model_file import QWEN_CODER_1_5B, ModelFileError, PackagedModel, assemble


def _fake_parts(tmp_path, monkeypatch, chunks: list[bytes]) -> None:
    for i, chunk in enumerate(chunks, start=1):
        part = tmp_path / f"part{i}.bin"
        part.write_bytes(chunk)
        module = types.ModuleType(f"fake_model_part{i}")
        module.get_part_path = lambda part=part: str(part)
        monkeypatch.setitem(sys.modules, f"fake_model_part{i}", module)


def _model(content: bytes, sha256: str | None = None) -> PackagedModel:
    return PackagedModel("m.gguf", "fake_model_part", 3, len(content), sha256 or hashlib.sha256(content).hexdigest())


def test_assemble_joins_parts_in_order_and_reuses_the_verified_file(tmp_path, monkeypatch):
    chunks = [b"first-", b"second-", b"third"]
    _fake_parts(tmp_path, monkeypatch, chunks)
    model = _model(b"".join(chunks))
    path = assemble(model, tmp_path / "cache")
    assert path.read_bytes() == b"first-second-third"
    (tmp_path / "part1.bin").write_bytes(b"XXXXXX")
    assert assemble(model, tmp_path / "cache").read_bytes() == b"first-second-third"


def test_assemble_rejects_a_checksum_mismatch_and_leaves_nothing(tmp_path, monkeypatch):
    _fake_parts(tmp_path, monkeypatch, [b"a", b"b", b"c"])
    with pytest.raises(ModelFileError, match="sha256"):
        assemble(_model(b"abc", sha256="0" * 64), tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_assemble_rejects_parts_of_the_wrong_total_size(tmp_path, monkeypatch):
    _fake_parts(tmp_path, monkeypatch, [b"a", b"b", b"c"])
    with pytest.raises(ModelFileError, match="bytes"):
        assemble(PackagedModel("m.gguf", "fake_model_part", 3, 4, "0" * 64), tmp_path / "cache")


def test_packaged_qwen_parts_are_installed():
    parts = QWEN_CODER_1_5B.part_paths()
    assert len(parts) == 22
    assert sum(part.stat().st_size for part in parts) == QWEN_CODER_1_5B.size
