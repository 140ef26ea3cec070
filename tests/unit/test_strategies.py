"""Each answer strategy (rag/answer/) on a question in context, without models or a library: when it answers (or
abstains) and when it declines, and the sequence that tries them in order."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ingest import ChunkRecord, Fact
from rag.answer import (
    aggregate,
    comparison,
    evidence_floor,
    generation,
    model_formula,
    passing_name,
    planned_calculation,
    sequence,
    table_cell,
    uncovered_period,
    unknown_company,
)
from rag.answer.asking import Asking, Search, Services, Tables
from rag.calculation.lookup import FactAnswer
from rag.generation.budget import Excerpt
from rag.language import ABSTENTION_MESSAGES, NOT_COMPUTED_MESSAGES
from rag.settings import Settings
from rag.types import Answer, Passage
from store.scope import Scope

MOUTAI = "贵州茅台酒股份有限公司"
TEXT = "营业收入 | 2020年: 94,915,380,916.72元 | 2019年: 85,429,573,467.25元"


def _passage(text: str = TEXT, chunk_id: str = "c1", dense: float | None = 0.95, keyword: float | None = 9.0) -> Passage:
    chunk = ChunkRecord(chunk_id, "moutai", "/moutai.pdf", "年报", 0, 0, len(text), text, company=MOUTAI, period="FY2020")
    return Passage(chunk, 0.03, 1, dense, keyword)


def _names(**answers: object) -> SimpleNamespace:
    """A LibraryNames that answers each call with what the test gave ("" or [] for the rest)."""
    defaults = {"uncovered_period": "", "unknown_subject": "", "named_in_passing": "", "companies_compared": [], "held": MOUTAI}
    values = {**defaults, **answers}
    return SimpleNamespace(**{name: (lambda *_, value=value: value) for name, value in values.items()})


class _FakeLLM:
    """Streams `reply` a few characters at a time, and answers a chat with it too."""

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def stream_chat(self, messages):
        for start in range(0, len(self.reply), 4):
            yield SimpleNamespace(delta=self.reply[start : start + 4])

    def chat(self, messages):
        return SimpleNamespace(message=SimpleNamespace(content=self.reply))


def _asking(question: str, *, company: str = "", period: str = "", names: SimpleNamespace | None = None,
            pool: list[Passage] | None = None, scope: Scope | None = None, llm: _FakeLLM | None = None,
            **found: object) -> Asking:  # fmt: skip
    services = Services(
        Settings(), SimpleNamespace(documents=lambda: [], facts=lambda ids: []), SimpleNamespace(), names or _names(),
        SimpleNamespace(floors=lambda: (0.875, 3.0)), lambda: llm, lambda *_: None,
    )  # fmt: skip
    asking = Asking(question, question, "zh" if any("\u4e00" <= c <= "\u9fff" for c in question) else "en", company, period, 4, services)
    asking.__dict__["scope"] = scope or Scope()
    asking.__dict__["search"] = Search(pool if pool is not None else [_passage()], question, scope or Scope())
    asking.clock.steps["retrieve_s"] = 0.0
    asking.__dict__.update(found)
    return asking


def test_an_uncovered_period_abstains_naming_the_year_and_what_is_held():
    answer = uncovered_period.answer(_asking("贵州茅台2015年营业收入是多少？", names=_names(uncovered_period="2015")))
    assert answer.abstained and "2015年" in answer.text and MOUTAI in answer.text


def test_an_uncovered_period_declines_when_the_period_is_covered_or_given():
    assert uncovered_period.answer(_asking("贵州茅台2020年营业收入是多少？")) is None
    given = _asking("营业收入是多少？", period="FY2015", names=_names(uncovered_period="2015"))
    assert uncovered_period.answer(given) is None


def test_an_unknown_company_abstains_naming_it_only_when_nothing_restricts_the_search():
    names = _names(unknown_subject="比亚迪")
    answer = unknown_company.answer(_asking("比亚迪2024年营业收入是多少？", names=names))
    assert answer.abstained and "比亚迪" in answer.text
    assert unknown_company.answer(_asking("比亚迪2024年营业收入是多少？", company=MOUTAI, names=names)) is None
    assert unknown_company.answer(_asking("2024年营业收入是多少？")) is None


def test_a_peer_named_in_passing_abstains_when_no_passage_names_it_and_declines_when_one_does():
    alone = _asking("云南白药的营业收入是多少？", passing="云南白药", passages=[])
    answer = passing_name.answer(alone)
    assert answer.abstained and "云南白药" in answer.text
    assert passing_name.answer(_asking("云南白药的营业收入是多少？", passing="云南白药", passages=[_passage()])) is None
    assert passing_name.answer(_asking("营业收入是多少？", passing="", passages=[])) is None


def test_the_evidence_floor_abstains_below_both_floors_and_declines_above_either():
    low = _asking("如何做红烧肉？", passages=[_passage(dense=0.80, keyword=1.0)])
    assert evidence_floor.answer(low).text == ABSTENTION_MESSAGES["zh"]
    assert evidence_floor.answer(_asking("营业收入是多少？", passages=[_passage(dense=0.80, keyword=5.0)])) is None
    assert evidence_floor.answer(_asking("营业收入是多少？", passages=[_passage(dense=0.90, keyword=None)])) is None


def test_an_aggregate_not_computed_is_refused_and_a_plain_question_declined():
    answer = aggregate.answer(_asking("What was the average revenue in 2022 and 2023?"))
    assert answer.abstained and answer.text == NOT_COMPUTED_MESSAGES["en"]
    assert aggregate.answer(_asking("What was revenue in 2023?")) is None


def _revenue_answer(complete: bool = True) -> FactAnswer:
    fact = Fact("c1", "moutai", 0, 1, "营业收入", "2020年", "94,915,380,916.72元", 2020)
    return FactAnswer(fact, (), 1.0, complete)


def test_a_table_cell_that_answers_the_whole_question_is_the_answer_citing_its_row():
    answer = table_cell.answer(_asking("贵州茅台2020年营业收入是多少？", found=_revenue_answer()))
    assert not answer.abstained and "94,915,380,916.72元" in answer.text and "[1]" in answer.text
    assert answer.facts[0].label == "营业收入" and answer.citations[0].chunk_id == "c1"


def test_a_table_cell_declines_when_none_is_found_or_it_answers_part_of_the_question():
    assert table_cell.answer(_asking("贵州茅台2020年营业收入是多少？", found=None)) is None
    assert table_cell.answer(_asking("营业收入是多少？同比增长多少？", found=_revenue_answer(complete=False))) is None


def test_a_table_cell_whose_figure_the_row_does_not_print_is_declined_by_the_grounding_check():
    pool = [_passage("营业收入 | 2020年: 1元")]
    assert table_cell.answer(_asking("贵州茅台2020年营业收入是多少？", pool=pool, found=_revenue_answer())) is None


def test_a_planned_calculation_declines_a_question_asking_none_or_without_tables():
    tables = Tables([], {}, frozenset(), frozenset(), {})
    assert planned_calculation.answer(_asking("贵州茅台2020年营业收入是多少？", tables=tables)) is None
    assert planned_calculation.answer(_asking("2020年营业收入的同比增长率是多少？", tables=None)) is None


GROWTH_REPLY = (
    '{"quantity": "2020年营业收入增长率", "operands": [{"name": "2020年营业收入", "value": "94,915,380,916.72元", "passage": 1},'
    ' {"name": "2019年营业收入", "value": "85,429,573,467.25元", "passage": 1}],'
    ' "formula": "(94915380916.72 - 85429573467.25) / 85429573467.25 * 100"}'
)


def test_a_model_formula_is_computed_by_code_with_its_working():
    asking = _asking("2020年营业收入的同比增长率是多少？", llm=_FakeLLM(GROWTH_REPLY), excerpts=[Excerpt(_passage(), TEXT)])
    answer = model_formula.answer(asking)
    assert not answer.abstained and "11.10%" in answer.text and answer.derived and "formula_s" in answer.timings


def test_a_model_formula_declines_a_question_asking_no_calculation_or_a_reply_without_operands():
    excerpts = [Excerpt(_passage(), TEXT)]
    assert model_formula.answer(_asking("2020年营业收入是多少？", llm=_FakeLLM(GROWTH_REPLY), excerpts=excerpts)) is None
    empty = _FakeLLM('{"quantity": "", "operands": [], "formula": ""}')
    assert model_formula.answer(_asking("2020年营业收入的同比增长率是多少？", llm=empty, excerpts=excerpts)) is None


def test_a_comparison_declines_when_a_company_is_given_or_fewer_than_two_are_compared():
    two = _names(companies_compared=[MOUTAI, "Microsoft Corporation"])
    assert comparison.answer(_asking("茅台和微软谁的营业收入更高？", company=MOUTAI, names=two)) is None
    assert comparison.answer(_asking("茅台的营业收入是多少？", names=_names(companies_compared=[MOUTAI]))) is None


def test_generation_streams_the_models_answer_and_keeps_a_figure_its_cited_passage_states():
    llm = _FakeLLM("2020年营业收入为94,915,380,916.72元[1]。")
    asking = _asking("贵州茅台2020年营业收入是多少？", llm=llm, excerpts=[Excerpt(_passage(), TEXT)])
    *pieces, answer = generation.stream(asking)
    assert "".join(pieces) == llm.reply and not answer.abstained and answer.verified
    assert answer.citations[0].chunk_id == "c1" and "first_token_s" in answer.timings


def test_generation_abstains_when_the_model_finds_nothing():
    asking = _asking("贵州茅台2020年营业收入是多少？", llm=_FakeLLM("NOT_FOUND"), excerpts=[Excerpt(_passage(), TEXT)])
    *pieces, answer = generation.stream(asking)
    assert pieces == [] and answer.abstained and answer.text == ABSTENTION_MESSAGES["zh"]


def test_the_sequence_gives_the_first_strategys_answer_and_names_it(monkeypatch):
    tried = []

    def strategy(name: str, answers: bool) -> SimpleNamespace:
        def answer(asking):
            tried.append(name)
            return asking.abstain(name) if answers else None

        return SimpleNamespace(__name__=f"rag.answer.{name}", answer=answer)

    monkeypatch.setattr(sequence, "STRATEGIES", (strategy("first", False), strategy("second", True), strategy("third", True)))
    [answer] = list(sequence.answer_stream(_asking("营业收入是多少？")))
    assert tried == ["first", "second"] and answer.strategy == "second" and answer.text == "second"


def test_the_strategies_are_tried_refusals_first_then_code_then_the_model():
    order = [sequence.strategy_name(strategy) for strategy in sequence.STRATEGIES]
    assert order == [
        "comparison", "uncovered_period", "unknown_company", "table_cell", "planned_calculation", "passing_name",
        "evidence_floor", "model_formula", "aggregate",
    ]  # fmt: skip


@pytest.mark.parametrize("module", [*sequence.STRATEGIES, generation])
def test_each_strategy_says_when_it_answers_and_when_it_declines(module):
    doc = module.__doc__ or ""
    assert ("Answers" in doc or "Abstains" in doc) and ("declines" in doc or "Always answers" in doc)

