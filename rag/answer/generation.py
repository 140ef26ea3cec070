"""The model's answer from the excerpts, written as it streams, then checked: every figure in a passage it cites.

Always answers, last: a flawed draft (unbacked figures, the question restated, the wrong language) gets one more
try and the better one is kept (`rag.checks.policy`); figures no cited passage backs are dropped. Abstains when the model
says the documents do not answer, echoes the question, keeps nothing, or reads its figures only from cells of
another period than the one asked."""

from __future__ import annotations

import time
from collections.abc import Iterator

from llama_index.core.llms import LLM, ChatMessage

from fintext.figures import extract_figures
from fintext.text import detect_language
from rag.answer.asking import Asking, Clock, calendars_of, periods_of
from rag.calculation.formula import asks_calculation
from rag.calculation.lookup import of_another_period
from rag.checks.citations import strip_markers
from rag.checks.policy import Draft, SentinelGate, better_draft
from rag.checks.verify import drop_unsupported
from rag.generation.prompts import build_messages, build_retry
from rag.types import Answer, Passage


def stream(asking: Asking) -> Iterator[str | Answer]:
    """Yield what the model writes as it writes it (never the NOT_FOUND sentinel), then the finished Answer."""
    question, llm = asking.question, asking.services.llm
    passages = [excerpt.passage for excerpt in asking.excerpts]
    messages = build_messages(question, asking.excerpts, asking.language)
    raw = yield from _streamed(llm, messages, asking.clock)
    draft = _with_retry(asking, Draft.of(raw, passages, question), messages, passages)
    text = drop_unsupported(draft.text, draft.grounding)
    if draft.abstains or draft.echoes or not text or _of_another_period(asking, text, passages):
        yield asking.abstain()
        return
    yield asking.answer(
        text, passages, verified=draft.grounding.ok, unsupported_figures=draft.grounding.figures,
        scope=asking.search.scope,
    )  # fmt: skip


def _streamed(llm: LLM, messages: list[ChatMessage], clock: Clock) -> Iterator[str]:
    """Yield what the model writes as it writes it (never the NOT_FOUND sentinel); return the whole text."""
    raw = ""
    gate = SentinelGate()
    for delta in llm.stream_chat(messages):
        clock.mark("first_token_s")
        raw += delta.delta or ""
        if visible := gate.feed(delta.delta or ""):
            yield visible
    clock.steps["generate_s"] = clock.since_retrieval()
    return raw


def _with_retry(asking: Asking, draft: Draft, messages: list[ChatMessage], passages: list[Passage]) -> Draft:
    """A flawed draft (unbacked figures, a restated question, the wrong language) gets one more try;
    the better of the two wins (`rag.checks.policy`)."""
    question = asking.question
    language = detect_language(question)
    if not draft.needs_retry(language):
        return draft
    started = time.perf_counter()
    reply = asking.services.llm.chat(build_retry(messages, draft.text, draft.retry_request(language))).message.content or ""
    asking.clock.steps["retry_s"] = time.perf_counter() - started
    return better_draft(draft, Draft.of(reply, passages, question), language)


def _of_another_period(asking: Asking, text: str, passages: list[Passage]) -> bool:
    """Whether the answer `text` reads its figures only from table cells of `passages` of another year or span
    than the question asks (`rag.calculation.lookup.of_another_period`): well cited, but not what was asked. A calculation's
    working may quote any period's figures."""
    if asks_calculation(asking.question):
        return False
    services = asking.services
    facts = services.library.facts(passage.chunk.chunk_id for passage in passages)
    held = services.documents_of(facts)
    figures = extract_figures(strip_markers(text))
    return of_another_period(asking.question, figures, facts, periods_of(held), calendars_of(held))
