"""A conversation exported as Markdown: each question, its answer, the working and the quoted sources (pure)."""

from rag.types import Answer, Citation, Derived, Operand, Quote
from rag.workspace.conversations import Conversation
from rag.workspace.export import conversation_markdown
from store.conversations import ConversationInfo

CITATION = Citation(
    1, "贵州茅台 2020 年年度报告", "moutai.pdf", "d1", "c1", 100, 160, "营业收入 949.15亿 …其余文字", 0.03,
    quotes=(Quote("营业收入 949.15亿", 100, 112),), page=7,
)  # fmt: skip


def test_each_turn_shows_its_answer_working_and_quoted_sources():
    computed = Answer(
        "净利率是多少？", "净利率 = 466.97亿 ÷ 949.15亿 = 49.20% [1]。", (CITATION,), False, "zh",
        derived=(Derived("ratio", "46697 / 94915 * 100", (Operand("净利润", "466.97亿"), Operand("营业收入", "949.15亿")), "49.20%", 49.2),),
    )  # fmt: skip
    refused = Answer("员工人数？", "文档中没有这个信息。", (), True, "zh", unsupported_figures=("3万",))
    info = ConversationInfo("c1", "茅台", 1_700_000_000.0, 1_700_000_100.0, 2)
    markdown = conversation_markdown(Conversation(info, [computed, refused]))
    assert markdown.startswith("# 茅台\n")
    first, second = markdown.split("## 1. 净利率是多少？")[1].split("## 2. 员工人数？")
    assert "49.20% [1]" in first and "Computed:\n- " in first
    assert "- [1] 贵州茅台 2020 年年度报告, p. 7 — `moutai.pdf`\n  > 营业收入 949.15亿" in first
    assert "其余文字" not in first  # the quoted sentence, not the whole passage
    assert "Sources:" not in second and "Removed, not found in the cited passages: 3万" in second
