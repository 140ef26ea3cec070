"""PDFs read into documents: the generated filing's pages kept into citations (real embedder), and a long real
filing laid out by worker processes as by one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.present import format_sources
from evals import FILINGS_DIR
from ingest import IngestProgress, load_document
from rag.types import Answer, Citation, Passage
from tests.conftest import FIXTURES, REPO, new_assistant

FIXTURE = FIXTURES / "xinghe_2024q4.pdf"


def test_a_pdf_ingested_through_the_assistant_keeps_its_pages_into_citations(tmp_path, embedder):
    assistant = new_assistant(tmp_path / "library", embedder)
    [result] = assistant.ingest([FIXTURE])
    assert result.ok, result.error
    question = "星河科技2024年第四季度营业收入是多少？"
    hits = assistant.library.keyword_search(question, 3) + assistant.library.dense_search(question, 3)
    revenue = [hit.chunk for hit in hits if "3015.27" in hit.chunk.text and "2024Q4" in hit.chunk.text]
    assert revenue and all(chunk.page == 2 for chunk in revenue)
    assert all(hit.chunk.page in (1, 2, 3) for hit in hits)
    citation = Citation.of(1, Passage(revenue[0], score=0.5, rank=1))
    assert citation.page == 2
    answer = Answer(question=question, text="3015.27百万元[1]。", citations=(citation,), abstained=False, language="zh")
    assert "[1] 星河科技 2024年第四季度业绩公告, p. 2 — " in format_sources(answer)


def _real_filing(name: str) -> Path:
    path = FILINGS_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real-filings tests run only where the shared filings are")
    return path


def test_a_long_filing_laid_out_by_two_processes_reads_as_by_one(tmp_path):
    path = _real_filing("apple_2023q3_10q.pdf")  # 29 pages: two workers, several runs of pages each
    heard: list[IngestProgress] = []
    alone = load_document(path, workers=1)
    shared = load_document(path, progress=heard.append, workers=2)
    assert shared.text == alone.text and shared.page_starts == alone.page_starts
    assert len(shared.page_starts) == 29
    pages_read = [step.done for step in heard if step.phase == "reading"]
    assert pages_read == sorted(pages_read) and pages_read[-1] == 29


def test_a_script_without_a_main_guard_reads_a_long_filing_with_workers(tmp_path):
    # A worker that re-imported the caller's main module would run this script again, and the pool would hang.
    path = _real_filing("apple_2023q3_10q.pdf")
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from ingest.load import load_document\n"
        f"print(len(load_document({str(path)!r}, workers=2).page_starts), 'pages')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "29 pages"
