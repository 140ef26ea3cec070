"""HTML loading with the real trafilatura: the article stays, navigation and footers go."""

import pytest

from ingest import SUPPORTED_SUFFIXES, IngestError, chunk_document, load_document

ARTICLE = [
    "星河科技今日公布2024年第四季度未经审计业绩。本季度营业收入为2801.54百万元人民币，同比增长7.6%，主要受云计算业务增长带动。",
    "公司净利润为356.20百万元，同比增长18.0%。管理层表示，智能硬件业务的毛利率持续改善，经营活动现金流保持健康。",
    "展望2025年，星河科技预计将继续加大研发投入，并计划派发末期股息每股0.12元。分析人士认为，公司在云服务领域的竞争力正在增强。",
]
PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="{charset}"><title>星河科技发布2024年第四季度业绩 - 财经新闻网</title></head>
<body>
<header><nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/stocks">股票行情</a>
<a href="/login">登录</a> <a href="/register">注册</a></nav></header>
<div class="sidebar"><h3>热门推荐</h3><ul><li><a href="/a">某公司股价大涨</a></li><li><a href="/b">基金经理访谈</a></li></ul></div>
<article><h1>星河科技发布2024年第四季度业绩</h1>{paragraphs}</article>
<footer><p>版权所有 &copy; 2025 财经新闻网 | <a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | 京ICP备12345678号</p></footer>
</body></html>
"""


def _page(charset: str = "utf-8", paragraphs: list[str] = ARTICLE) -> str:
    return PAGE.format(charset=charset, paragraphs="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))


def _write(tmp_path, html: str, encoding: str = "utf-8", name: str = "news.html"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def test_html_and_htm_are_supported_suffixes():
    assert ".html" in SUPPORTED_SUFFIXES and ".htm" in SUPPORTED_SUFFIXES


def test_the_article_is_kept_and_the_boilerplate_dropped(tmp_path):
    document = load_document(_write(tmp_path, _page()))
    assert all(paragraph in document.text for paragraph in ARTICLE)
    for boilerplate in ("登录", "注册", "首页", "热门推荐", "版权所有", "京ICP备", "联系我们"):
        assert boilerplate not in document.text
    assert document.page_starts == ()


def test_the_title_comes_from_the_page_metadata(tmp_path):
    document = load_document(_write(tmp_path, _page()))
    assert document.title.startswith("星河科技发布2024年第四季度业绩")


@pytest.mark.parametrize(("encoding", "charset"), [("gbk", "gbk"), ("gb18030", "gb2312")])
def test_a_gbk_page_is_decoded(tmp_path, encoding, charset):
    document = load_document(_write(tmp_path, _page(charset), encoding, name="news.htm"))
    assert ARTICLE[0] in document.text
    assert document.encoding == "gb18030"


def test_a_big5_page_is_decoded_by_its_declared_charset(tmp_path):
    # Big5 bytes also decode as GB18030 without error, into nonsense; the page's own declaration decides.
    sentence = "星河科技今日公佈2024年第四季度業績，本季度營業收入為2801.54百萬元人民幣，同比增長7.6%。"
    html = f'<html><head><meta charset="big5"><title>業績公告</title></head><body><article><p>{sentence * 3}</p></article></body></html>'
    document = load_document(_write(tmp_path, html, "big5"))
    assert sentence in document.text
    assert document.encoding == "big5"


def test_table_rows_are_rendered_under_their_headers(tmp_path):
    table = (
        "<table><tr><th>项目</th><th>2024Q4</th><th>2023Q4</th></tr>"
        "<tr><td>营业收入</td><td>2801.54</td><td>2603.48</td></tr><tr><td>净利润</td><td>356.20</td><td>301.75</td></tr></table>"
    )
    document = load_document(_write(tmp_path, _page(paragraphs=[*ARTICLE[:2], table, ARTICLE[2]])))
    # No caption says the unit; the article's prose states both rows in 百万元 (`ingest.scales`).
    assert "营业收入 | 2024Q4: 2801.54百万元 | 2023Q4: 2603.48百万元" in document.text.splitlines()
    assert "净利润 | 2024Q4: 356.20百万元 | 2023Q4: 301.75百万元" in document.text.splitlines()


def test_a_page_without_main_text_raises_a_clear_error(tmp_path):
    path = _write(tmp_path, _page(paragraphs=[]).replace("<h1>星河科技发布2024年第四季度业绩</h1>", ""))
    with pytest.raises(IngestError, match="no main text"):
        load_document(path)


def test_chunks_of_an_html_page_have_no_page_number(tmp_path):
    document = load_document(_write(tmp_path, _page()))
    chunks = chunk_document(document)
    assert chunks and all(chunk.page is None for chunk in chunks)
    assert all(document.text[chunk.char_start : chunk.char_end] == chunk.text for chunk in chunks)
