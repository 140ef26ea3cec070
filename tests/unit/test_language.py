import pytest

from fintext.text import detect_language
from rag.language import ABSTENTION_MESSAGES


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("阿里云智能集团收入同比增长多少？", "zh"),
        ("What was Cloud Intelligence revenue?", "en"),
        ("阿里云 AI 收入是多少", "zh"),
        ("How much did 阿里云 grow in the December quarter?", "en"),
        ("13%", "en"),
        ("What English company name does 贵州茅台酒股份有限公司 give in its 2020 annual report?", "en"),
        ("微软2019财年智能云（Intelligent Cloud）部门的营业利润是多少？", "zh"),
        ("阿里巴巴Cloud Intelligence Group的收入是多少？", "zh"),
    ],
)
def test_a_question_is_chinese_when_chinese_carries_most_of_it(question, language):
    assert detect_language(question) == language


def test_abstention_messages_exist_for_both_languages():
    assert set(ABSTENTION_MESSAGES) == {"zh", "en"}
