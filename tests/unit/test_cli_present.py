"""What `caibao ask` prints beside the answer."""

from cli.present import format_debug
from rag.types import Answer
from store.scope import Scope


def test_caibao_ask_debug_names_the_strategy_the_question_searched_and_its_scope():
    answer = Answer(
        "茅台呢？", "营业收入（2020年）：94,915,380,916.72元[1]", (), abstained=False, language="zh",
        standalone_question="贵州茅台2020年营业收入是多少？", scope=Scope("贵州茅台酒股份有限公司", "FY2020"), strategy="table_cell",
    )  # fmt: skip
    assert format_debug(answer).splitlines() == [
        "strategy: table_cell", "searched: 贵州茅台2020年营业收入是多少？", "scope: 贵州茅台酒股份有限公司 FY2020",
    ]  # fmt: skip


def test_caibao_ask_debug_says_the_whole_library_was_searched_without_a_scope():
    answer = Answer("如何做红烧肉？", "文档中没有找到这个问题的答案。", (), abstained=True, language="zh")
    assert format_debug(answer).splitlines()[-1] == "scope: the whole library"
