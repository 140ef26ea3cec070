"""Where a benchmarked answer's first token waited: the LLM calls before the answering one and its prompt reading."""

from bench.answer import _Call, _CallLog, _measured


def _log(*calls: _Call) -> _CallLog:
    return _CallLog(chat=False, calls=list(calls))


def test_the_wait_splits_into_earlier_calls_and_the_answering_calls_prefill():
    translation = _Call("translate", start=1.0, end=2.5)
    answering = _Call("answer", start=3.0, end=6.0, text="42", first=4.2, last=6.0)
    retry = _Call("retry", start=6.5, end=8.0)  # after the first token: not part of its wait
    measured = _measured("result", _log(translation, answering, retry), 0.0, 8.0, lambda text: len(text.split()))  # type: ignore[arg-type]
    assert measured.first_token_s == 4.2 and measured.total_s == 8.0
    assert measured.other_llm_s == 1.5
    assert abs(measured.prefill_s - 1.2) < 1e-9
    assert measured.llm_calls == 3


def test_an_answer_no_call_streamed_waited_for_every_call():
    planning = _Call("plan", start=0.5, end=3.0)
    measured = _measured("result", _log(planning), 0.0, 3.2, lambda text: 1)  # type: ignore[arg-type]
    assert measured.first_token_s == measured.total_s == 3.2
    assert measured.other_llm_s == 2.5 and measured.prefill_s is None and measured.prompt_tokens is None
