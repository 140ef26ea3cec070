"""TAT-QA's contexts as caibao reads them: the CI subset, the HTML page of a context, answers read as predictions."""

import dataclasses
import json
from pathlib import Path

import pytest

from evals.tatqa import (
    TatqaContext,
    TatqaQuestion,
    ci_subset,
    context_html,
    load_contexts,
    of_answer_types,
    prediction_of,
)
from ingest import Fact
from ingest.html import read_html
from rag import Answer, Derived, Operand

TABLE = (
    ("", "", "Years Ended September 30,", ""),
    ("", "2019", "2018", "2017"),
    ("", "", "(in millions)", ""),
    ("Fixed Price", "$  1,452.4", "$  1,146.2", "$  1,036.9"),
    ("Other <b>& misc</b>", "44.1", "56.7", "70.8"),
    ("Total sales", "$1,496.5", "$1,202.9", "$1,107.7"),
)
PARAGRAPHS = ("Sales by Contract Type: substantially all of our contracts are fixed-price type contracts.",
              "On a cost-plus type contract, we are paid our allowable incurred costs plus a profit.")  # fmt: skip


def _question(uid: str) -> TatqaQuestion:
    return TatqaQuestion(uid, "What is the amount of total sales in 2019?", ("$1,496.5",), "span", "table", "million", "")


def _context(uid: str, n_questions: int) -> TatqaContext:
    return TatqaContext(uid, TABLE, PARAGRAPHS, tuple(_question(f"{uid}-q{index}") for index in range(n_questions)))


CONTEXTS = [_context(f"context-{index:02d}", 1 + index % 7) for index in range(40)]


def _uids(contexts: list[TatqaContext]) -> list[str]:
    return [question.uid for context in contexts for question in context.questions]


def test_the_ci_subset_is_the_same_for_the_same_seed_and_exactly_as_large_as_asked():
    first, again = ci_subset(CONTEXTS, 60, seed=7), ci_subset(CONTEXTS, 60, seed=7)
    assert _uids(first) == _uids(again)
    assert len(_uids(first)) == 60
    assert _uids(ci_subset(CONTEXTS, 60, seed=8)) != _uids(first)


def test_the_ci_subset_takes_whole_contexts_but_the_last():
    chosen = ci_subset(CONTEXTS, 25, seed=3)
    whole = {context.uid: context for context in CONTEXTS}
    assert all(context.questions == whole[context.uid].questions for context in chosen[:-1])
    assert chosen[-1].questions == whole[chosen[-1].uid].questions[: len(chosen[-1].questions)]
    assert len(_uids(ci_subset(CONTEXTS, 10_000))) == len(_uids(CONTEXTS))


def test_a_context_page_holds_its_paragraphs_and_every_row_escaped():
    page = context_html(_context("3ffd9053-a45d", 1))
    assert "<title>TAT-QA context 3ffd9053</title>" in page
    assert all(f"<p>{paragraph}</p>" in page for paragraph in PARAGRAPHS)
    assert "<td>Other &lt;b&gt;&amp; misc&lt;/b&gt;</td>" in page
    assert "<th>Years Ended September 30, 2019</th>" in page  # the head rows merged into one
    assert page.index("<p>(in millions)</p>") < page.index("<table>")  # the head's unit as the table's caption
    assert page.index(PARAGRAPHS[1]) < page.index("<table>")


def test_caibao_reads_the_page_as_rows_labelled_by_year_in_the_captions_unit():
    text = read_html(context_html(_context("c", 1)).encode(), Path("c.html")).text
    assert "Total sales | Years Ended September 30, 2019: $ 1,496.5 million" in text
    assert "Other <b>& misc</b> | Years Ended September 30, 2019: 44.1 million" in text
    assert PARAGRAPHS[0] in text


def test_the_table_follows_the_paragraph_declaring_its_unit():
    paragraphs = ("The table below presents net sales by contract type (in millions):", "A note after the table.")
    page = context_html(TatqaContext("c", TABLE[:2] + TABLE[3:], paragraphs, ()))
    assert page.index(paragraphs[0]) < page.index("<table>") < page.index(paragraphs[1])


def test_contexts_load_with_their_questions_in_order(tmp_path):
    raw = [{
        "table": {"uid": "t1", "table": [["", "2019"], ["Sales", "1"]]},
        "paragraphs": [{"uid": "p2", "order": 2, "text": "second"}, {"uid": "p1", "order": 1, "text": "first"}],
        "questions": [{"uid": "q1", "order": 1, "question": "How many?", "answer": "3", "answer_type": "count",
                       "answer_from": "table", "scale": "", "derivation": "a##b##c"}],
    }]  # fmt: skip
    path = tmp_path / "tatqa.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    [context] = load_contexts(path)
    assert context.paragraphs == ("first", "second")
    assert context.table == (("", "2019"), ("Sales", "1"))
    assert context.questions[0].answer == "3"


def _answer(text: str, derived: tuple[Derived, ...] = (), abstained: bool = False) -> Answer:
    return Answer("q", text, (), abstained, "en", {"total_s": 1.0}, derived=derived)


def _derived(kind: str, result: str, value: float) -> Derived:
    operands = (Operand("Other (2019)", "44.1 million", 1), Operand("Other (2018)", "56.7 million", 1))
    return Derived(kind, "44.1 - 56.7", operands, result, value)


def test_an_abstention_predicts_nothing():
    assert prediction_of(_answer("NOT_FOUND", abstained=True)) == ("", "")


@pytest.mark.parametrize(
    ("derived", "expected"),
    [
        (_derived("difference", "-12.6 million", -12.6), ("-12600000.0", "")),
        (_derived("difference", "-$12.6 million", -12.6), ("-12600000.0", "")),  # the minus before the "$" kept
        (_derived("growth", "-22.22%", -22.22), ("-22.22", "percent")),
        (_derived("change", "+0.25 percentage points", 0.25), ("0.25", "percent")),
    ],
)
def test_a_derived_figure_is_the_prediction(derived, expected):
    second = _derived("growth", "-22.22%", -22.22)
    assert prediction_of(_answer("Other fell by 12.6 million [1], or 22.22% [1].", (derived, second))) == expected


def test_the_one_figure_of_an_answer_is_its_prediction_with_its_scale_applied():
    assert prediction_of(_answer("Total sales were $1,496.5 million [1].")) == ("1496500000.0", "")
    assert prediction_of(_answer("The discount rate was 4.00% [2].")) == ("4.0", "percent")
    assert prediction_of(_answer("It was 5 [1], that is 5 [2].")) == ("5.0", "")


def test_an_answer_with_no_figure_or_several_is_its_text_without_markers():
    assert prediction_of(_answer("Fixed-price type contracts [1].")) == ("Fixed-price type contracts.", "")
    assert prediction_of(_answer("Sales were 44.1 [1] and 56.7 [1].")) == ("Sales were 44.1 and 56.7.", "")


def test_a_lookups_answer_is_the_cell_it_was_read_from():
    cell = Fact("c1", "d1", 0, 0, "Net sales", "Year Ended March 31, 2019", "$ 5,563.7 million", 2019)
    answer = dataclasses.replace(_answer("Net sales (Year Ended March 31, 2019): $ 5,563.7 million [1]."), facts=(cell,))
    assert prediction_of(answer) == ("5563700000.0", "")


def test_years_are_not_the_figure_an_answer_states_unless_it_states_no_other():
    assert prediction_of(_answer("In 2019 net sales were $5,563.7 million [1].")) == ("5563700000.0", "")
    assert prediction_of(_answer("Sales were largest in 2019 [1].")) == ("2019.0", "")
    assert prediction_of(_answer("Assets (As of December 31, 2018): $ 22,201 thousand [1].")) == ("22201000.0", "")
    assert prediction_of(_answer("Income tax expense (2019): $1,609,000 [1].")) == ("1609000.0", "")
    assert prediction_of(_answer("Loss (52 weeks ended 30 Mar 2019): -42.7 [1].")) == ("-42.7", "")


def test_contexts_keep_only_the_answer_types_asked_and_those_left_without_questions_go():
    arithmetic = TatqaQuestion("q1", "What is the change?", 1.0, "arithmetic", "table", "", "1 - 0")
    span = TatqaQuestion("q2", "Who?", ("X",), "span", "text", "", "")
    contexts = [TatqaContext("a", (), (), (arithmetic, span)), TatqaContext("b", (), (), (span,))]
    assert of_answer_types(contexts, ["arithmetic"]) == [TatqaContext("a", (), (), (arithmetic,))]
