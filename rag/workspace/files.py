"""Files a user gives the library: what ingesting each came to, the name an upload is listed under, folders walked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from ingest import SUPPORTED_SUFFIXES

# Uploads are listed under this folder name, apart from the files a user ingests from disk by path.
UPLOAD_SOURCE_PREFIX = "upload/"


@dataclass(frozen=True)
class IngestResult:
    """One file's outcome: status is 'added', 'replaced', 'unchanged' or 'failed' (see `error`).

    `timings` holds the seconds of each step: parse_s (reading and metadata), chunk_s, embed_s and write_s
    (Chroma, manifest and BM25 index).
    """

    path: str
    status: str
    doc_id: str = ""
    n_chunks: int = 0
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def upload_name(name: str) -> str:
    """The name an upload is listed under after `upload/`: its last segment split at / and \\, without leading
    dots, so that no name reads as a path out of the upload folder ("..\\evil.txt" becomes "evil.txt")."""
    return PureWindowsPath(name).name.lstrip(".")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files under any directory, in a stable order."""
    expanded: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            expanded.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        else:
            expanded.append(path)
    return expanded
