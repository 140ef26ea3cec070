"""The answer policy: abstentions, drafts and their flaws, the retry choice and the NOT_FOUND gate (no models)."""

import pytest

from ingest import ChunkRecord
from rag.checks.policy import Draft, SentinelGate, better_draft, in_other_language, is_abstention, is_refusal
from rag.generation.prompts import NOT_FOUND
from rag.types import Passage

QUESTION = "阿里云智能集团收入同比增长多少？"
PASSAGES = [
    Passage(ChunkRecord("c1", "d", "/a.txt", "t", 0, 0, 30, "阿里云智能集团收入317.42亿，同比增长13%。"), 0.03, 1),
    Passage(ChunkRecord("c2", "d", "/a.txt", "t", 1, 30, 50, "淘天集团收入1,360.9亿元。"), 0.02, 2),
]


def test_an_uncited_refusal_abstains_and_a_cited_one_does_not():
    assert is_refusal("The passages do not mention Tencent.") and is_refusal("文档未提及腾讯的营收。")
    assert is_abstention("文档未提及腾讯的营收。", cited=False)
    assert not is_abstention("文档未提及腾讯，但阿里云增长13%[1]。", cited=True)
    assert is_abstention(f"{NOT_FOUND}", cited=True) and is_abstention("", cited=False)


def test_a_grounded_draft_has_no_flaws_and_needs_no_retry():
    draft = Draft.of("阿里云智能集团收入同比增长13%[1]。", PASSAGES, QUESTION)
    assert not draft.abstains and draft.grounding.ok and not draft.echoes
    assert draft.flaws("zh") == (0, False, False) and not draft.needs_retry("zh")


def test_a_figure_its_cited_passage_lacks_is_a_flaw_named_in_the_retry_request():
    draft = Draft.of("阿里云智能集团收入同比增长15%[2]。", PASSAGES, QUESTION)
    assert draft.grounding.figures == ("15%",)
    assert draft.needs_retry("zh") and "15%" in draft.retry_request("zh")


def test_a_draft_that_only_restates_the_question_is_an_echo():
    draft = Draft.of("阿里云智能集团收入同比增长[1]。", PASSAGES, QUESTION)
    assert draft.echoes and draft.needs_retry("zh")


def test_an_answer_in_the_other_language_is_a_flaw_but_a_bare_figure_is_in_every_language():
    assert in_other_language("Cloud revenue grew 13% [1].", "zh")
    assert not in_other_language("13%[1]", "zh")
    assert Draft.of("Cloud Intelligence revenue grew 13% [1].", PASSAGES, QUESTION).needs_retry("zh")


def test_an_abstaining_draft_is_never_retried():
    draft = Draft.of(NOT_FOUND, PASSAGES, QUESTION)
    assert draft.abstains and not draft.needs_retry("zh")


@pytest.mark.parametrize(
    ("first", "retried", "winner"),
    [
        ("阿里云智能集团收入同比增长15%[2]。", "阿里云智能集团收入同比增长13%[1]。", "retried"),
        ("阿里云智能集团收入同比增长13%[1]。 淘天增长9%[2]。", "阿里云智能集团收入同比增长15%[2]。 淘天增长9%[2]。", "first"),
        ("阿里云智能集团收入同比增长15%[2]。", NOT_FOUND, "retried"),
        ("Cloud Intelligence revenue grew 13% [1].", NOT_FOUND, "first"),
    ],
    ids=["fewer-unbacked-figures", "not-worse", "giving-up-beats-an-unbacked-figure", "giving-up-loses-to-other-language"],
)
def test_the_retry_wins_only_when_it_is_better(first, retried, winner):
    drafts = {"first": Draft.of(first, PASSAGES, QUESTION), "retried": Draft.of(retried, PASSAGES, QUESTION)}
    assert better_draft(drafts["first"], drafts["retried"], "zh") is drafts[winner]


def test_the_gate_holds_back_the_sentinel_and_releases_an_answer_whole():
    gate = SentinelGate()
    assert [gate.feed(piece) for piece in (" ", NOT_FOUND[:3], NOT_FOUND[3:])] == ["", "", ""]
    gate = SentinelGate()
    assert "".join(gate.feed(piece) for piece in ("阿里", "云增长", "13%")) == "阿里云增长13%"
