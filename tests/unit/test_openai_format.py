"""OpenAI chat requests read as a question with its history; answers written as completions (pure, no models)."""

import json

import pytest

from api.errors import BadRequest
from api.openai_format import completion, conversation_of, final_chunk, stream_chunk
from rag import Answer, Citation, Turn
from rag.types import Derived, Operand


def test_the_last_user_message_is_the_question_and_earlier_pairs_the_history():
    question, history = conversation_of([
        {"role": "system", "content": "You are a pirate."},
        {"role": "user", "content": "贵州茅台2020年营业收入是多少？"},
        {"role": "assistant", "content": "949.15亿元[1]。"},
        {"role": "user", "content": [{"type": "text", "text": "同比增长"}, {"type": "text", "text": "多少？"}]},
    ])  # fmt: skip
    assert question == "同比增长多少？"
    assert history == [Turn("贵州茅台2020年营业收入是多少？", "949.15亿元[1]。")]


@pytest.mark.parametrize(
    "messages",
    [[], [{"role": "assistant", "content": "hello"}], [{"role": "user", "content": "  "}], [{"role": "system", "content": "x"}]],
)
def test_a_request_without_a_users_question_last_is_refused(messages):
    with pytest.raises(BadRequest, match="last message must be the user's question"):
        conversation_of(messages)


ANSWER = Answer(
    question="净利率是多少？",
    text="净利率 = 466.97亿 ÷ 979.93亿 = 47.65% [1]。",
    citations=(Citation(1, "贵州茅台 2020 年年度报告", "moutai.pdf", "d1", "c1", 0, 40, "净利润 466.97亿 营业总收入 979.93亿", 0.03, page=7),),
    abstained=False,
    language="zh",
    derived=(Derived("ratio", "46697 / 97993 * 100", (Operand("净利润", "466.97亿"), Operand("营业总收入", "979.93亿")), "47.65%", 47.653),),
)  # fmt: skip


def test_a_completion_carries_the_text_and_under_caibao_its_citations_and_working():
    body = completion(ANSWER, "chatcmpl-1", 1700000000)
    assert body["choices"][0]["message"] == {"role": "assistant", "content": ANSWER.text}
    assert body["object"] == "chat.completion" and body["model"] == "caibao"
    extra = body["caibao"]
    assert extra["citations"][0]["page"] == 7 and extra["citations"][0]["source"] == "moutai.pdf"
    assert extra["derived"][0]["operands"][1] == {"name": "营业总收入", "text": "979.93亿", "marker": 1}
    assert extra["verified"] is True and extra["abstained"] is False
    json.dumps(body)  # every field is plain JSON


def test_the_stream_ends_with_the_checked_answer_and_a_stop():
    event = json.loads(final_chunk(ANSWER, "chatcmpl-1", 1).removeprefix("data: "))
    assert event["choices"][0] == {"index": 0, "delta": {}, "finish_reason": "stop"}
    assert event["caibao"]["text"] == ANSWER.text and event["caibao"]["citations"][0]["marker"] == 1
    piece = stream_chunk("chatcmpl-1", 1, {"content": "47.65%"})
    assert piece.startswith("data: ") and piece.endswith("\n\n")
    assert json.loads(piece.removeprefix("data: "))["object"] == "chat.completion.chunk"
