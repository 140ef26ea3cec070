"""The generated PDF filing ingested through the assistant: its chunks keep their pages into citations (real embedder)."""

from cli.present import format_sources
from rag.types import Answer, Citation, Passage
from tests.conftest import FIXTURES, new_assistant

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
