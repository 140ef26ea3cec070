"""A library of several filings (a PDF, Markdown, HTML; two companies, two periods): questions that differ only
by company or period get the right filing's figure with a page-level citation, embedded and on a Chroma server."""

import pytest

from fintext.figures import extract_figures, matches_any, parse_figure
from rag import Assistant, Settings
from store.scope import Scope
from tests.conftest import FIXTURES, new_assistant

FILINGS = [FIXTURES / "xinghe_2024q4.pdf", FIXTURES / "library" / "xinghe_2024q3.md", FIXTURES / "library" / "yunfan_2024q4.html"]
# (question, company, period, figure, page of the passage stating it or None for formats without pages)
QUESTIONS = [
    ("星河科技2024年第四季度营业收入是多少？", "星河科技", "2024Q4", "3015.27百万元", 2),
    ("星河科技2024年第三季度营业收入是多少？", "星河科技", "2024Q3", "2463.18百万元", None),
    ("云帆电商2024年第四季度营业收入是多少？", "云帆电商", "2024Q4", "5120.40百万元", None),
    ("星河科技2024年第四季度净利润是多少？", "星河科技", "2024Q4", "356.20百万元", 2),
]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, embedder, llm) -> Assistant:
    return _ingested(new_assistant(tmp_path_factory.mktemp("filings"), embedder, llm))


@pytest.fixture(scope="module")
def on_server(tmp_path_factory, embedder, llm, chroma_url) -> Assistant:
    settings = Settings.from_env(home=tmp_path_factory.mktemp("filings-server"), chroma_url=chroma_url)
    return _ingested(Assistant(settings, llm=llm, embed_model=embedder))


def _ingested(assistant: Assistant) -> Assistant:
    results = assistant.ingest(FILINGS)
    assert all(result.status == "added" for result in results), results
    return assistant


def test_ingest_reads_the_company_and_period_of_each_filing(embedded):
    found = {(document.company, document.period, document.doc_type) for document in embedded.documents()}
    assert found == {
        ("星河科技", "2024Q4", "earnings release"),
        ("星河科技", "2024Q3", "earnings release"),
        ("云帆电商", "2024Q4", "earnings release"),
    }


@pytest.mark.parametrize(("question", "company", "period", "figure", "page"), QUESTIONS[:3])
def test_a_question_naming_company_and_period_is_scoped_to_that_filing(embedded, question, company, period, figure, page):
    assert embedded.scope_for(question) == Scope(company, period)
    passages = embedded.retrieve(question, scope=embedded.scope_for(question))
    assert {(p.chunk.company, p.chunk.period) for p in passages} == {(company, period)}
    assert any(_states(p.chunk.text, figure) for p in passages)


def test_a_period_only_another_company_reports_does_not_scope_the_named_company_to_nothing(embedded):
    # 2024Q3 is 星河科技's filing; 云帆电商's own (2024Q4) is what is searched, not an empty scope.
    assert embedded.scope_for("云帆电商2024年第三季度营业收入是多少？") == Scope("云帆电商")


def test_explicit_filters_override_what_the_question_names(embedded):
    scope = embedded.scope_for("星河科技2024年第四季度营业收入是多少？", period="2024年第三季度")
    assert scope == Scope("星河科技", "2024Q3")
    passages = embedded.retrieve("营业收入是多少？", scope=Scope(company="云帆电商"))
    assert passages and all(p.chunk.company == "云帆电商" for p in passages)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "company", "period", "figure", "page"), QUESTIONS)
def test_each_question_is_answered_from_the_right_filing_with_its_page(embedded, question, company, period, figure, page):
    answer = embedded.ask(question)
    assert not answer.abstained, answer.text
    assert matches_any(parse_figure(figure), extract_figures(answer.text)), answer.text
    assert answer.scope == Scope(company, period)
    cited = [c for c in answer.citations if _states(c.text, figure)]
    assert cited, [c.text[:60] for c in answer.citations]
    assert cited[0].page == page


@pytest.mark.slow
@pytest.mark.parametrize(("question", "company", "period", "figure", "page"), QUESTIONS[:2])
def test_a_library_on_a_chroma_server_answers_the_same(on_server, question, company, period, figure, page):
    answer = on_server.ask(question)
    assert matches_any(parse_figure(figure), extract_figures(answer.text)), answer.text
    assert any(c.page == page and _states(c.text, figure) for c in answer.citations)


def test_a_document_removed_by_id_prefix_leaves_its_scope_empty(tmp_path, embedder):
    assistant = _ingested(new_assistant(tmp_path / "library", embedder))
    [yunfan] = [d for d in assistant.documents() if d.company == "云帆电商"]
    assert assistant.remove(yunfan.doc_id[:10]).doc_id == yunfan.doc_id
    assert assistant.retrieve("营业收入", scope=Scope(company="云帆电商")) == []
    assert assistant.scope_for("云帆电商的营业收入") == Scope()  # no longer in the library
    with pytest.raises(ValueError, match="documents have an id starting with"):
        assistant.remove("")


def _states(text: str, figure: str) -> bool:
    return matches_any(parse_figure(figure), extract_figures(text))
