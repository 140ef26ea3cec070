"""How answers, sources and documents are rendered for the UI (pure functions, no browser)."""

from ingest import Fact, IngestProgress
from rag import Answer, Citation, IngestResult, Operand, PassageContext, Quote
from rag.calculation.calculate import change
from store import DocumentInfo
from store.scope import Scope
from ui.render import (
    DOCUMENT_COLUMNS,
    answer_html,
    context_html,
    documents_rows,
    highlight_quotes,
    ingest_report,
    link_markers,
    progress_label,
    source_anchor,
    sources_html,
    view_choices,
)

PASSAGE = "第一句。收入 317.42 亿,同比增长 13%。<b>第三句</b>。"
# The passage sits at document offset 100; the quoted sentence is its second one.
QUOTE_START = 100 + PASSAGE.index("收入")
QUOTE_END = 100 + PASSAGE.index("<b>")


def _citation(marker: int = 2, quotes: tuple[Quote, ...] = (), **scores) -> Citation:
    return Citation(
        marker=marker, title="阿里财报", source="/docs/a.txt", doc_id="d" * 64, chunk_id="c", char_start=100,
        char_end=100 + len(PASSAGE), text=PASSAGE, score=0.0323, quotes=quotes, **scores,
    )  # fmt: skip


def _answer(text: str, citations=(), **fields) -> Answer:
    return Answer(question=fields.pop("question", "阿里云收入同比增长多少？"), text=text, citations=citations,
                  abstained=fields.pop("abstained", False), language="zh", **fields)


def test_link_markers_links_only_cited_markers():
    assert link_markers("增长 13%[2]，另见[5]。", [2]) == (
        f'增长 13%<a class="cb-cite" href="#{source_anchor(2)}">[2]</a>，另见[5]。'
    )


def test_answer_html_escapes_the_model_text_and_links_its_markers():
    html = answer_html(_answer("<script>x</script> 增长 13%[2]。", (_citation(),)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'href="#{source_anchor(2)}"' in html
    assert "cb-badge" not in html


def test_answer_html_shows_the_not_found_badge_when_abstaining():
    html = answer_html(_answer("文档中没有找到这个问题的答案。", abstained=True))
    assert "cb-not-found" in html and "文档中没有找到这个问题的答案。" in html


def test_answer_html_shows_the_unverified_badge_with_the_removed_figures():
    html = answer_html(_answer("增长 13%[2]。", (_citation(),), verified=False, unsupported_figures=("15%",)))
    assert "cb-unverified" in html and "15%" in html


def test_answer_html_shows_the_scope_the_search_was_restricted_to():
    scoped = _answer("3015.27百万元[2]。", (_citation(),), scope=Scope("星河科技", "2024Q4"))
    assert "星河科技 · 2024Q4" in answer_html(scoped)
    assert "cb-scope" not in answer_html(_answer("13%[2]。", (_citation(),)))


def test_answer_html_names_the_table_cells_a_lookup_read_the_figures_from():
    cell = Fact("c", "d", 3, 0, "营业收入", "2020年", "94,915,380,916.72元", 2020, 5)
    html = answer_html(_answer("营业收入（2020年）：94,915,380,916.72元[2]。", (_citation(),), facts=(cell,)))
    assert "cb-facts" in html and "营业收入 | 2020年: 94,915,380,916.72元" in html
    assert "cb-facts" not in answer_html(_answer("13%[2]。", (_citation(),)))


def test_answer_html_shows_the_working_of_a_computed_figure():
    derived = change(Operand("2020年", "94,915,380,916.72元", 2), Operand("2019年", "85,429,573,467.25元", 2), "zh")
    html = answer_html(_answer("营业收入增长11.10%[2]。", (_citation(),), derived=derived))
    assert "cb-derived" in html and "+11.10% = (94915380916.72 - 85429573467.25) / 85429573467.25 * 100" in html
    assert "[2] 2019年: 85,429,573,467.25元" in html


def test_answer_html_shows_what_a_follow_up_was_searched_as():
    follow_up = _answer("13%[2]。", (_citation(),), question="同比呢？", standalone_question="阿里云收入同比增长多少？")
    assert "阿里云收入同比增长多少？" in answer_html(follow_up)
    same = _answer("13%[2]。", (_citation(),), standalone_question="阿里云收入同比增长多少？")
    assert "cb-understood" not in answer_html(same)


def test_highlight_quotes_marks_the_quoted_sentence_by_its_document_offsets():
    citation = _citation(quotes=(Quote(PASSAGE[QUOTE_START - 100 : QUOTE_END - 100], QUOTE_START, QUOTE_END),))
    assert highlight_quotes(citation) == "第一句。<mark>收入 317.42 亿,同比增长 13%。</mark>&lt;b&gt;第三句&lt;/b&gt;。"


def test_highlight_quotes_without_quotes_is_the_escaped_passage():
    assert highlight_quotes(_citation()) == "第一句。收入 317.42 亿,同比增长 13%。&lt;b&gt;第三句&lt;/b&gt;。"


def test_sources_html_has_one_card_per_citation_with_its_anchor_and_scores():
    answer = _answer("13%[2]，1[3]。", (_citation(2, dense_score=0.914, keyword_score=2.56), _citation(3)))
    html = sources_html(answer)
    assert html.count('class="cb-source"') == 2
    assert f'id="{source_anchor(2)}"' in html and f'id="{source_anchor(3)}"' in html
    assert "cosine 0.914" in html and "BM25 2.56" in html and "fused 0.0323" in html
    assert html.count("cosine") == 1  # passage [3] was found by neither score, only fused


def test_sources_html_shows_the_page_only_when_the_source_has_pages():
    html = sources_html(_answer("2801.54[2]，1[3]。", (_citation(2, page=2), _citation(3))))
    assert html.count("p. 2 · chars") == 1 and "p. None" not in html


def test_sources_html_names_the_section_a_passage_is_in_escaped_and_only_when_known():
    html = sources_html(_answer("1[2]，2[3]。", (_citation(2, section="第二节 主要财务指标 › 七、<b>会计数据</b>"), _citation(3))))
    assert html.count("cb-source-section") == 1 and "§ 第二节 主要财务指标 › 七、&lt;b&gt;会计数据&lt;/b&gt;" in html


def test_sources_html_without_an_answer_is_the_placeholder():
    assert "cb-sources-empty" in sources_html(None)
    assert "cb-sources-empty" in sources_html(_answer("文档中没有找到这个问题的答案。", abstained=True))


def test_documents_rows_lists_newest_first_with_chunk_counts():
    old = DocumentInfo("a" * 64, "/a.txt", "旧", "utf-8", 1000, 3, 1_700_000_000.0)
    new = DocumentInfo("b" * 64, "upload/b.md", "新", "utf-8", 200, 1, 1_700_000_100.0, "星河科技", "2024Q4", "news")
    rows = [dict(zip(DOCUMENT_COLUMNS, row, strict=True)) for row in documents_rows([old, new])]
    assert [row["title"] for row in rows] == ["新", "旧"]
    assert (rows[0]["company"], rows[0]["period"], rows[0]["type"]) == ("星河科技", "2024Q4", "news")
    assert (rows[0]["source"], rows[0]["chunks"], rows[0]["characters"], rows[0]["id"]) == ("upload/b.md", 1, 200, "b" * 12)
    assert (rows[1]["short name"], rows[1]["code"]) == ("", "")


def test_documents_rows_show_the_short_name_and_code_beside_the_company():
    info = DocumentInfo("c" * 64, "/m.pdf", "贵州茅台酒股份有限公司 2020 年年度报告", "pdf", 9, 1, 1.0, "贵州茅台酒股份有限公司", "FY2020",
                        "annual report", "zh", "", "贵州茅台", "600519")  # fmt: skip
    [row] = [dict(zip(DOCUMENT_COLUMNS, row, strict=True)) for row in documents_rows([info])]
    assert DOCUMENT_COLUMNS.index("short name") == DOCUMENT_COLUMNS.index("company") + 1
    assert (row["company"], row["short name"], row["code"], row["period"]) == ("贵州茅台酒股份有限公司", "贵州茅台", "600519", "FY2020")


def test_ingest_report_names_files_by_their_upload_names_and_says_the_library_is_unchanged():
    results = [
        IngestResult("/tmp/gradio/x/ok.md", "added", "d", 4),
        IngestResult("/tmp/gradio/z/one.md", "replaced", "e", 1),
        IngestResult("/tmp/gradio/y/empty.md", "failed", error="/tmp/gradio/y/empty.md: file is empty"),
    ]
    report = ingest_report(results, ["ok.md", "one.md", "empty.md"])
    assert "**ok.md**: added, 4 chunks" in report and "**one.md**: replaced, 1 chunk\n" in report
    assert "**empty.md**: not ingested — file is empty. The library is unchanged." in report
    assert "/tmp/gradio" not in report


def test_progress_label_gives_count_and_time_left_at_the_rate_so_far():
    label = progress_label("[1/2] report.pdf", IngestProgress("embedding", "chunk", 100, 500, 25.0))
    assert label == "[1/2] report.pdf · embedding 100/500 chunks · about 1 min 40 s left"
    assert progress_label("f", IngestProgress("reading", "page", 3, 4, 1.5)) == "f · reading 3/4 pages · about 1 s left"


def test_progress_label_has_no_time_left_before_the_first_unit_or_after_the_last():
    assert progress_label("f", IngestProgress("embedding", "chunk", 0, 500, 0.0)) == "f · embedding 0/500 chunks"
    assert progress_label("f", IngestProgress("embedding", "chunk", 500, 500, 90.0)) == "f · embedding 500/500 chunks"


def test_view_choices_name_a_pdf_citations_page_and_show_other_sources_in_context():
    pdf = Citation(1, "年报", "/r.pdf", "d", "c1", 0, 4, "营业收入", 0.03, page=7)
    choices = view_choices([pdf, _citation(marker=2)])
    assert choices == [("[1] 年报, p. 7", "1"), ("[2] 阿里财报, in context", "2")]


def test_context_html_puts_the_marked_passage_between_the_escaped_text_around_it():
    quote = Quote(PASSAGE[QUOTE_START - 100 : QUOTE_END - 100], QUOTE_START, QUOTE_END)
    rendered = context_html(_citation(quotes=(quote,)), PassageContext("前文<i>。", "后文。"))
    before, passage, after = rendered.split('<span class="cb-context')[1:]
    assert "前文&lt;i&gt;。" in before and "后文。" in after
    assert "<mark>收入 317.42 亿,同比增长 13%。</mark>" in passage and "&lt;b&gt;第三句" in passage
