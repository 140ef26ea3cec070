"""The keyword index on disk: one folder per set of live chunks, written aside and renamed into place."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from fintext.text import KEYWORD_TOKENS_VERSION
from store.keyword import KeywordIndex

logger = logging.getLogger(__name__)

_PARTIAL = ".partial-"
# A save takes well under a second, so a partial folder this old was left by a crash, not a running writer.
_ABANDONED_AFTER_S = 3600


class KeywordStore:
    """Saved keyword indexes under `folder`, each named by a fingerprint of the chunk ids it covers.

    Chunk ids hash their text, so the same ids mean the same tokens when one version of `keyword_tokens` made them
    (the fingerprint names it too): an index saved under the manifest's current fingerprint is in step with it, and
    any other one is stale whatever crash left it there.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._folder = folder

    def load(self, chunk_ids: set[str]) -> KeywordIndex | None:
        """The saved index over exactly `chunk_ids`, or None when there is none or it cannot be read."""
        path = self._folder / _fingerprint(chunk_ids)
        if not path.is_dir():
            return None
        try:
            index = KeywordIndex.load(path)
        except Exception:  # whatever the damage (truncated array, bad JSON, missing file), the cure is a rebuild
            logger.warning("keyword index %s is unreadable; rebuilding it", path, exc_info=True)
            index = None
        if index is None or set(index.chunk_ids) != chunk_ids:
            shutil.rmtree(path, ignore_errors=True)
            return None
        return index

    def save(self, index: KeywordIndex) -> None:
        """Make `index` the saved one; a reader finds either a complete folder or none."""
        target = self._folder / _fingerprint(index.chunk_ids)
        partial = Path(tempfile.mkdtemp(prefix=_PARTIAL, dir=self._folder))
        try:
            index.save(partial)
            partial.rename(target)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
            # The manifest can always rebuild the index, so a failed save must not fail a write it already committed;
            # another writer having saved the same chunks first is not even worth a warning.
            if not target.is_dir():
                logger.warning("could not save the keyword index under %s", self._folder, exc_info=True)
            return
        self._remove_all_but(target)

    def _remove_all_but(self, keep: Path) -> None:
        for path in self._folder.iterdir():
            if path != keep and (not path.name.startswith(_PARTIAL) or _abandoned(path)):
                shutil.rmtree(path, ignore_errors=True)


def _fingerprint(chunk_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join([KEYWORD_TOKENS_VERSION, *sorted(chunk_ids)]).encode()).hexdigest()[:32]


def _abandoned(partial: Path) -> bool:
    try:
        return time.time() - partial.stat().st_mtime > _ABANDONED_AFTER_S
    except FileNotFoundError:  # its writer renamed it into place meanwhile
        return False
