"""The sample gold set is well-formed and every evidence is verbatim in the source."""

import json
import re
from collections import Counter

import pytest

from decimal import Decimal

from evals import FILINGS_GOLD, SAMPLE_CORPUS, SAMPLE_GOLD, load_gold
from evals.score import exact_value
from fintext.figures import extract_figures


@pytest.fixture(scope="module")
def gold():
    return load_gold(SAMPLE_GOLD)


def test_gold_set_meets_the_minimum_counts(gold):
    categories = Counter(item.category for item in gold)
    assert len(gold) >= 45
    assert categories["why"] >= 6
    assert categories["unanswerable"] >= 10
    assert sum(item.lang == "en" for item in gold) >= 8


def test_every_evidence_is_a_verbatim_substring_of_the_source(gold):
    source = SAMPLE_CORPUS.read_text(encoding="utf-8")
    for item in gold:
        assert (item.evidence in source) if item.answerable else item.evidence == "", item.id


def test_every_percent_and_amount_in_the_source_is_asked_at_least_once(gold):
    source = SAMPLE_CORPUS.read_text(encoding="utf-8")
    asked = {
        figure.text.replace(" ", "") for item in gold for answer in item.figures for figure in extract_figures(answer)
    }
    stated = {figure.text.replace(" ", "") for figure in extract_figures(source) if figure.kind != "number"}
    assert stated - asked == set()


def test_every_operand_of_a_sample_calculation_is_verbatim_in_the_source(gold):
    source = SAMPLE_CORPUS.read_text(encoding="utf-8")
    calculations = [item for item in gold if item.category == "calculation"]
    assert len(calculations) >= 3
    for item in calculations:
        assert all(operand in source for operand in item.operands), item.id


@pytest.mark.parametrize("path", [SAMPLE_GOLD, FILINGS_GOLD], ids=["sample", "filings"])
def test_every_calculation_recomputes_its_figure_from_its_operands_alone(path):
    for item in (item for item in load_gold(path) if item.category == "calculation"):
        numbers = {
            Decimal(re.search(r"\d[\d,]*(?:\.\d+)?", operand).group().replace(",", "")) for operand in item.operands
        }
        value = exact_value(item.formula, numbers, len(numbers))
        (figure,) = item.figures
        printed = re.search(r"\d[\d,]*(?:\.(\d+))?", figure)
        decimals = len(printed[1] or "")
        assert value is not None, item.id
        assert f"{float(value):,.{decimals}f}" == printed.group(), item.id


def test_a_malformed_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "question": "q", "lang": "zh", "category": "figure"}) + "\n")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        load_gold(path)
