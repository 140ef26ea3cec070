"""The `caibao` console script, run as a user would."""

import re
import subprocess
from pathlib import Path

from tests.conftest import CAIBAO, FIXTURES, SAMPLE


def _caibao(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CAIBAO), "--home", str(home), *args], check=False, capture_output=True, text=True, timeout=600)


def test_ingest_then_ask_prints_a_cited_answer(tmp_path):
    home = tmp_path / "library"
    first = _caibao(home, "ingest", str(SAMPLE))
    assert first.returncode == 0, first.stderr
    assert "added" in first.stderr and "1 documents" in first.stdout
    again = _caibao(home, "ingest", str(SAMPLE.parent))
    assert "unchanged" in again.stderr

    asked = _caibao(home, "ask", "阿里云智能集团收入同比增长多少？")
    assert asked.returncode == 0, asked.stderr
    answer, _, sources = asked.stdout.partition("Sources")
    assert "13%" in answer
    assert "13%" in sources
    assert re.search(r"^\[\d+\] ", sources, re.MULTILINE)


def test_ingest_reports_a_bad_file_and_exits_non_zero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = _caibao(tmp_path / "library", "ingest", str(empty))
    assert result.returncode == 1
    assert "error" in result.stderr and "empty" in result.stderr
    assert "0 documents" in result.stdout


def test_ask_an_empty_question_exits_2(tmp_path):
    result = _caibao(tmp_path / "library", "ask", " ")
    assert result.returncode == 2
    assert "empty" in result.stderr


def test_docs_list_shows_metadata_given_or_detected_and_docs_remove_takes_an_id_prefix(tmp_path):
    home = tmp_path / "library"
    pdf = FIXTURES / "xinghe_2024q4.pdf"
    assert _caibao(home, "ingest", str(pdf)).returncode == 0
    given = _caibao(home, "ingest", str(SAMPLE), "--company", "阿里巴巴", "--period", "2024年第四季度")
    assert given.returncode == 0, given.stderr
    listed = _caibao(home, "docs", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[1]: line.split() for line in listed.stdout.splitlines()[1:-1]}
    assert "2024Q4" in rows["星河科技"] and "2024Q4" in rows["阿里巴巴"]
    assert "2 documents" in listed.stdout

    removed = _caibao(home, "docs", "remove", rows["阿里巴巴"][0][:8])
    assert removed.returncode == 0, removed.stderr
    assert "阿里巴巴" not in _caibao(home, "docs", "list").stdout
    missing = _caibao(home, "docs", "remove", "zzzz")
    assert missing.returncode == 1 and "0 documents have an id starting with 'zzzz'" in missing.stderr


def test_ingest_shows_pages_read_and_chunks_embedded_with_a_rate(tmp_path):
    pdf = FIXTURES / "xinghe_2024q4.pdf"
    result = _caibao(tmp_path / "library", "ingest", str(pdf))
    assert result.returncode == 0, result.stderr
    [added] = re.findall(r"added\s+(\d+) chunks", result.stderr)
    # A rate either way up: tqdm writes "s/chunk" once a step takes over a second (the passage engine loads with
    # the first batch, and a loaded machine is slow).
    assert re.search(r"\[1/1\] xinghe_2024q4\.pdf reading: 100%.*\b3/3 \[.*(page/s|s/page)\]", result.stderr)
    assert re.search(rf"\[1/1\] xinghe_2024q4\.pdf embedding: 100%.*\b{added}/{added} \[.*(chunk/s|s/chunk)\]", result.stderr)
