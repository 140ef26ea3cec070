"""Retrieval over real filings of three companies in two languages (the CI library): the passage holding the answer is among those
the model is shown, however the question names the company."""

import pytest

from evals import FILINGS_GOLD, load_gold
from evals.score import holds_evidence
from tests.conftest import new_assistant

GOLD = {item.id: item for item in load_gold(FILINGS_GOLD)}


@pytest.fixture(scope="module")
def filings(ci_filings_home, embedder, llm):
    return new_assistant(ci_filings_home, embedder, llm)


@pytest.mark.parametrize(
    "item_id",
    [
        # 贵州茅台 is printed on every subsidiary's row of its related-party tables, which outranked the answer.
        "moutai-why-zh-002",
        "moutai-fig-zh-018",
        # "Kweichow Moutai" had been translated as 开滦集团, 康师傅 or 喀什木酒业. The name now comes back 贵州茅台, but
        # read from the translation prefix's own state (the same answer whatever was asked before) "liquor business's
        # gross margin" comes back "酒业的毛利润", gross profit, and the row 酒类 | 毛利率 is not found: a line item
        # matched across languages needs more than the model's translation (#37). Not strict: another CPU's floats
        # may translate it right.
        pytest.param(
            "moutai-fig-en-007",
            marks=pytest.mark.xfail(reason="translated as 毛利润 (gross profit), not 毛利率 (#37)", strict=False),
        ),
        # 苹果公司 is named nowhere in Apple's 10-Q: its passages are found once the name is translated.
        "aapl-fig-zh-001",
    ],
)
def test_the_passage_answering_is_shown_to_the_model_whatever_names_the_company(filings, item_id):
    item = GOLD[item_id]
    passages = filings.retrieve(item.question)
    ranks = [p.rank for p in passages if holds_evidence(item, p.chunk.text, p.chunk.source, p.chunk.page)]
    assert ranks, [(p.chunk.page, p.chunk.text[:60]) for p in passages]
