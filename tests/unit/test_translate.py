"""When and how the question is translated into the passages' language for cross-lingual retrieval (no model)."""

from fintext.text import detect_language
from ingest import ChunkRecord
from rag.retrieval.translate import TRANSLATE_EXAMPLES, build_translation, quoted_in, translation_language
from rag.types import Passage

ZH, EN = "阿里云收入同比增长13%。", "Cloud revenue grew 13% year over year to RMB 31.7 billion."
FLOORS = (0.875, 3.0)


def _passage(text: str, dense: float = 0.8, keyword: float | None = None) -> Passage:
    return Passage(ChunkRecord("c", "d", "/s.txt", "t", 0, 0, len(text), text), 0.1, 1, dense, keyword)


def test_translation_language_is_the_passages_when_none_is_in_the_question_language():
    assert translation_language("What was cloud revenue?", [_passage(ZH), _passage(ZH)], *FLOORS) == "zh"
    assert translation_language("云收入是多少？", [_passage(EN)], *FLOORS) == "en"


def test_translation_language_is_empty_when_all_passages_are_in_the_question_language():
    assert translation_language("云收入是多少？", [_passage(ZH, dense=0.5)], *FLOORS) == ""
    assert translation_language("What was cloud revenue?", [], *FLOORS) == ""


def test_translation_language_in_a_mixed_pool_depends_on_own_language_evidence():
    strong, weak = _passage(EN, dense=0.93), _passage(EN, dense=0.79, keyword=1.3)
    assert translation_language("What was cloud revenue?", [_passage(ZH), strong], *FLOORS) == ""
    assert translation_language("What was cloud revenue?", [weak, _passage(ZH)], *FLOORS) == "zh"


def test_build_translation_ends_with_the_request_after_fixed_examples():
    messages = build_translation("What was revenue?", "zh")
    assert len(messages) == 2 + 2 * len(TRANSLATE_EXAMPLES["zh"])
    # Only examples of the direction asked: a model shown both kept half a Chinese question untranslated.
    assert all(detect_language(message.content) == "zh" for message in messages[2::2])
    assert messages[-1].content.endswith("What was revenue?")
    assert "Chinese" in messages[-1].content


def test_a_line_item_quoted_in_the_passages_script_is_read_from_the_question_names_and_codes_aside():
    asked = "What total operating revenue (营业总收入) did Kweichow Moutai's consolidated income statement show for 2020?"
    assert quoted_in(asked, "zh", []) == "营业总收入"
    assert quoted_in("苹果公司2023财年第三季度Services收入是多少？", "en", ["Apple"]) == "Services"
    assert quoted_in("苹果公司Q3的营业利润是多少？", "en", []) == ""
    assert quoted_in("What name does 贵州茅台酒股份有限公司 give?", "zh", ["贵州茅台酒股份有限公司"]) == ""
