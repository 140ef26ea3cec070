"""The assistant's grounding check and retry, with a scripted LLM standing in for the model's wording."""

from collections.abc import Sequence

import pytest
from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata
from llama_index.core.llms.callbacks import llm_completion_callback
from pydantic import Field

from tests.conftest import SAMPLE, new_assistant


class ScriptedLLM(CustomLLM):
    """Replies with the given drafts in order and records the prompts it saw."""

    replies: list[str]
    prompts: list[str] = Field(default_factory=list)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
        self.prompts.append(prompt)
        return CompletionResponse(text=self.replies.pop(0))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
        text = self.complete(prompt).text
        yield CompletionResponse(text=text, delta=text)


@pytest.fixture(scope="module")
def library_home(tmp_path_factory, embedder):
    home = tmp_path_factory.mktemp("grounding")
    new_assistant(home, embedder).ingest([SAMPLE])
    return home


def _ask(library_home, embedder, replies: Sequence[str], question: str = "阿里云智能集团收入是多少？"):
    llm = ScriptedLLM(replies=list(replies), prompts=[])
    answer = new_assistant(library_home, embedder, llm).ask(question)
    return answer, llm


def test_a_converted_unit_is_retried_and_the_fixed_answer_is_verified(library_home, embedder):
    answer, llm = _ask(library_home, embedder, ["Cloud revenue was 317.42 billion [1].", "阿里云智能集团收入 317.42 亿[1]。"])
    assert answer.verified and answer.unsupported_figures == ()
    assert "317.42 亿" in answer.text
    assert any("317.42 亿" in citation.text for citation in answer.citations)
    assert "317.42 billion" in llm.prompts[1] and "retry_s" in answer.timings


def test_a_figure_still_unsupported_after_the_retry_is_removed(library_home, embedder):
    drafts = ["收入增长 13%[1]。利润率为 45%[1]。", "收入增长 13%[1]。利润率为 45%[1]。"]
    answer, _ = _ask(library_home, embedder, drafts)
    assert not answer.verified
    assert answer.unsupported_figures == ("45%",)
    assert "45%" not in answer.text and "13%" in answer.text


def test_nothing_left_after_removal_means_abstaining(library_home, embedder):
    answer, _ = _ask(library_home, embedder, ["收入为 999 亿[1]。", "收入为 888 亿[1]。"])
    assert answer.abstained and answer.citations == ()


def test_a_supported_first_draft_is_not_retried(library_home, embedder):
    answer, llm = _ask(library_home, embedder, ["阿里云智能集团收入同比增长 13%[1]。"])
    assert answer.verified and len(llm.prompts) == 1 and "retry_s" not in answer.timings


def test_a_draft_restating_the_question_is_retried_then_abstains(library_home, embedder):
    answer, llm = _ask(library_home, embedder, ["阿里云智能集团收入是[1]。", "阿里云智能集团收入是多少[1]。"])
    assert "only repeats the question" in llm.prompts[1]
    assert answer.abstained


def test_a_restated_question_fixed_by_the_retry_is_answered(library_home, embedder):
    answer, _ = _ask(library_home, embedder, ["阿里云智能集团收入是[1]。", "阿里云智能集团收入 317.42 亿[1]。"])
    assert not answer.abstained and "317.42 亿" in answer.text


def test_an_answer_in_the_wrong_language_is_retried_in_the_questions(library_home, embedder):
    question = "How fast did Cloud Intelligence revenue grow?"
    # The English question is translated first (one scripted reply), then answered in Chinese, then in English.
    replies = ["阿里云智能集团收入同比增长多少？", "阿里云智能集团收入同比增长 13%[1]。", "Cloud Intelligence revenue grew 13% [1]."]
    answer, llm = _ask(library_home, embedder, replies, question)
    assert "in English" in llm.prompts[2]
    assert answer.text == "Cloud Intelligence revenue grew 13% [1]."


def test_an_answer_in_the_wrong_language_is_kept_when_the_retry_gives_up(library_home, embedder):
    question = "How fast did Cloud Intelligence revenue grow?"
    replies = ["阿里云智能集团收入同比增长多少？", "阿里云智能集团收入同比增长 13%[1]。", "NOT_FOUND"]
    answer, _ = _ask(library_home, embedder, replies, question)
    assert not answer.abstained and "13%" in answer.text
