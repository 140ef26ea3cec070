"""TAT-QA's metric: exact match and DROP's bag-of-words F1 over answers written with their scale applied."""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

SCALES = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "percent": 0.01}
# Only what TAT-QA's numbers are written with; float() alone would also take "nan", "inf" and "1e5".
_PLAIN_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)$")
_ARTICLES = frozenset({"a", "an", "the"})
_PUNCTUATION = frozenset(string.punctuation)
_TOKEN_SEPARATORS = re.compile(r"[ -]")
# Arithmetic and count answers are numbers: a bag of words that half overlaps is not half right.
_EXACT_ONLY = frozenset({"arithmetic", "count"})


@dataclass(frozen=True)
class Score:
    em: float
    f1: float


def gold_answers(answer: object, answer_type: str) -> list[str]:
    """A question's gold answer as strings: the spans as given, an arithmetic result's number, a count's integer."""
    if answer_type == "count":
        return [str(int(float(str(answer))))]
    if answer_type == "arithmetic":
        return [str(answer)]
    return [str(span) for span in answer] if isinstance(answer, list) else [str(answer)]


def to_number(text: str) -> float | None:
    """The number `text` prints ("$1,496.5", "23.42%", "(12.6)" is -12.6), or None when it is not only a number."""
    stripped = re.sub(r"[$,%\s]", "", text)
    negative = stripped.startswith("(") and stripped.endswith(")")
    stripped = stripped[1:-1] if negative else stripped
    if not _PLAIN_NUMBER.match(stripped):
        return None
    return -float(stripped) if negative else float(stripped)


def answer_string(answers: Sequence[str], scale: str) -> str:
    """The answers, sorted, as one string: numbers with the scale applied ("%.4f"), text with the scale word after it.

    A number printed with "%" carries its scale itself and is read as TAT-QA's reader reads it, a fraction ("36%" is
    0.3600, as 36 with the scale "percent" is): a gold span "36%" always comes with the scale "", and a percentage
    predicted with the scale "percent" must match it. A scale TAT-QA does not know counts as 1.
    """
    parts = []
    for text in sorted(answers):
        number = to_number(text)
        if number is None:
            parts.append(f"{text} {scale}" if scale else text)
        elif "%" in text:
            parts.append(f"{number / 100:.4f}")
        else:
            parts.append(f"{round(number, 2) * SCALES.get(scale, 1.0):.4f}")
    return " ".join(parts)


def prediction_strings(prediction: str | Sequence[str], scale: str) -> list[str]:
    """The readings of a prediction scored against the gold; a lone number with no scale also as printed, so 0.2342
    matches 23.42 percent (the scaled reading would round it to 0.23 first)."""
    answers = [prediction] if isinstance(prediction, str) else list(prediction)
    readings = [answer_string(answers, scale)]
    if len(answers) == 1 and not scale and "%" not in answers[0] and (number := to_number(answers[0])) is not None:
        readings.append(f"{number:.4f}")
    return readings


def score(gold: Sequence[str], gold_scale: str, answer_type: str, prediction: str | Sequence[str], pred_scale: str) -> Score:
    """EM and F1 of `prediction` against `gold` (both read with their scales), the best over the prediction's readings."""
    answers = [prediction] if isinstance(prediction, str) else list(prediction)
    if not any(answer.strip() for answer in answers):
        return Score(0.0, 0.0)
    gold_text = answer_string(gold, gold_scale)
    pairs = [_drop_metrics(reading, gold_text) for reading in prediction_strings(answers, pred_scale)]
    em, f1 = max(em for em, _ in pairs), max(f1 for _, f1 in pairs)
    return Score(em, em if answer_type in _EXACT_ONLY else f1)


def normalize(text: str) -> str:
    """DROP's normalisation: lower case, split on spaces and hyphens, punctuation off all but numbers, numbers as
    floats, articles dropped. A hyphen splits "-12.6" too, so a sign is lost on both sides alike (DROP's reading)."""
    tokens = (_normalize_token(token) for token in _TOKEN_SEPARATORS.split(text.lower()))
    return " ".join(token for token in tokens if token)


def _normalize_token(token: str) -> str:
    # Punctuation first, then numbers: "$1,294,253" in a sentence is the number 1294253.0 once "$" and "," are off.
    if _as_float(token) is None:
        token = "".join(char for char in token if char not in _PUNCTUATION)
    number = _as_float(token)
    if number is not None:
        return str(number)
    return "" if token in _ARTICLES else token.strip()


def _as_float(token: str) -> float | None:
    try:
        number = float(token)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _drop_metrics(predicted: str, gold: str) -> tuple[float, float]:
    """(EM, F1) of one string against another, each one span here (`answer_string` joins a list into one)."""
    predicted_spans, gold_spans = [normalize(predicted)], [normalize(gold)]
    em = 1.0 if set(predicted_spans) == set(gold_spans) and len(predicted_spans) == len(gold_spans) else 0.0
    scores = [[_bag_f1(set(p.split()), set(g.split())) for g in gold_spans] for p in predicted_spans]
    aligned = _best_alignment(scores)
    f1 = sum(aligned) / max(len(predicted_spans), len(gold_spans))
    return em, round(f1, 2)


def _bag_f1(predicted: set[str], gold: set[str]) -> float:
    """F1 of two token sets; 0 when the gold states numbers and the prediction none of them (DROP's number check)."""
    common = len(predicted & gold)
    if not common or not _numbers_agree(predicted, gold):
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _numbers_agree(predicted: set[str], gold: set[str]) -> bool:
    gold_numbers = {token for token in gold if _as_float(token) is not None}
    predicted_numbers = {token for token in predicted if _as_float(token) is not None}
    return not gold_numbers or bool(gold_numbers & predicted_numbers)


def _best_alignment(scores: list[list[float]]) -> list[float]:
    """The scores of the one-to-one pairing of predicted and gold spans with the highest total."""
    if len(scores) == 1 and len(scores[0]) == 1:
        return scores[0]
    # scipy comes with scikit-learn under sentence-transformers; it is needed only for several spans a side.
    from scipy.optimize import linear_sum_assignment

    rows, columns = linear_sum_assignment([[-value for value in row] for row in scores])
    return [scores[row][column] for row, column in zip(rows, columns, strict=True)]
