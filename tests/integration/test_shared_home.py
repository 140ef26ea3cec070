"""One home used by two processes at once: an opening never sweeps a writer's vectors, an open library sees new ones."""

from __future__ import annotations

import os
import subprocess
import sys

from ingest import chunk_document, load_document
from store import Library
from store.library import _node
from tests.conftest import CAIBAO, SAMPLE

# The CLI must write where the test reads: embedded Chroma in the home and the same embedder.
_ENV = {name: value for name, value in os.environ.items() if not name.startswith("CAIBAO_")}
_HOLD_WRITE_LOCK = "import filelock, sys; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); sys.stdin.read()"
FILING = """Fabrikam Robotics annual report 2025

Fabrikam Robotics reported 2025 revenue of USD 640 million, up 12% year over year, as warehouse robots sold well.
"""


def test_opening_while_another_process_writes_keeps_its_vectors(tmp_path, embedder):
    home = tmp_path / "library"
    writer = Library(home, embedder)
    chunks = chunk_document(load_document(SAMPLE))
    embeddings = embedder.get_text_embedding_batch([chunk.text for chunk in chunks])
    # Another process is inside a write: its vectors are stored, its manifest commit is still to come.
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_WRITE_LOCK, str(home / "write.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        writer._vectors.add([_node(chunk, embedding) for chunk, embedding in zip(chunks, embeddings, strict=True)])
        opened_meanwhile = Library(home, embedder)
        assert opened_meanwhile.count_vectors() == len(chunks)
        assert opened_meanwhile.dense_search("阿里云智能集团收入", 3) == []
    finally:
        holder.communicate("", timeout=30)
    # The writer died without committing: now they are a crashed write's leftovers, swept on the next open.
    assert Library(home, embedder).count_vectors() == 0


def test_a_library_left_open_finds_what_caibao_ingest_added(tmp_path, embedder):
    home = tmp_path / "library"
    library = Library(home, embedder)
    library.add(document := load_document(SAMPLE), chunk_document(document))
    assert "Fabrikam" not in " ".join(hit.chunk.text for hit in library.dense_search("Fabrikam Robotics revenue", 3))
    filing = tmp_path / "fabrikam.txt"
    filing.write_text(FILING, encoding="utf-8")
    command = [str(CAIBAO), "--home", str(home), "ingest", str(filing)]
    done = subprocess.run(command, capture_output=True, text=True, env=_ENV, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    [dense_hit] = library.dense_search("Fabrikam Robotics revenue", 1)
    [keyword_hit] = library.keyword_search("Fabrikam Robotics revenue", 1)
    assert "640" in dense_hit.chunk.text and dense_hit.chunk == keyword_hit.chunk
    assert library.count_vectors() == library.count_chunks()


def test_a_write_after_another_process_wrote_keeps_both_searchable(tmp_path, embedder):
    home = tmp_path / "library"
    library = Library(home, embedder)
    library.dense_search("revenue", 1)
    filing = tmp_path / "fabrikam.txt"
    filing.write_text(FILING, encoding="utf-8")
    command = [str(CAIBAO), "--home", str(home), "ingest", str(filing)]
    done = subprocess.run(command, capture_output=True, text=True, env=_ENV, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    library.add(document := load_document(SAMPLE), chunk_document(document))
    library.close()
    reopened = Library(home, embedder)
    [hit] = reopened.dense_search("Fabrikam Robotics revenue", 1)
    assert "640" in hit.chunk.text
    assert reopened.count_vectors() == reopened.count_chunks()
