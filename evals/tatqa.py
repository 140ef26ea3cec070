"""TAT-QA through the Assistant: each context ingested alone as an HTML page, its questions asked and scored."""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from evals.runner import percentile
from evals.tatqa_metric import gold_answers, score
from fintext.figures import Figure, extract_figures, parse_figure
from ingest.tables import declared_unit
from rag import Answer, Assistant
from rag.calculation.calculate import recomputes, working
from rag.checks.citations import strip_markers
from rag.generation.llm import describe_llm

ANSWER_TYPES = ("span", "multi-span", "arithmetic", "count")
ANSWER_SOURCES = ("table", "text", "table-text")
# The CI subset: 30 questions from whole contexts, one ingest each (tests/integration/test_eval_tatqa.py). 30, not
# 60: at ~15 s a question on 2 cores, 60 would take `make test` past 45 minutes.
CI_SEED = 2021
CI_QUESTIONS = 30
TATQA_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "tatqa" / "tatqa_dataset_dev.json"
# A value cell that is a figure ("$ 5,686", "(82)", "4.00%"); a year alone ("2019") heads a column instead.
_FIGURE_CELL = re.compile(r"^-?\(?-?\d[\d,]*(?:\.\d+)?\)?%?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A minus printed before a currency ("-$12.6 million", as rag.calculation.calculate prints a fall): ingest's reader starts the
# figure at the "$" and loses it.
_MINUS_BEFORE = re.compile(r"[-−]\s*$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# A date or a period's length names a period, its numbers are no figures: "As of December 31, 2019", "52 weeks ended".
_DATE = re.compile(
    rf"\b\d{{1,2}}[ -](?:weeks?|months?)\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b,?(?: (?:19|20)\d\d\b)?"
    rf"|\b\d{{1,2}} {_MONTH}(?: (?:19|20)\d\d\b)?"
)
# Where a [n] marker stood before a full stop: "contracts [1]." reads "contracts ." without it.
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:])")


@dataclass(frozen=True)
class TatqaQuestion:
    """One TAT-QA question: `answer` is a tuple of spans (span, multi-span) or a number (arithmetic, count)."""

    uid: str
    question: str
    answer: tuple[str, ...] | float | int | str
    answer_type: str
    answer_from: str
    scale: str
    derivation: str


@dataclass(frozen=True)
class TatqaContext:
    """A table (rows of cell strings, its header rows first), the paragraphs around it, in order, and its questions."""

    uid: str
    table: tuple[tuple[str, ...], ...]
    paragraphs: tuple[str, ...]
    questions: tuple[TatqaQuestion, ...]


@dataclass(frozen=True)
class TatqaItem:
    """How one question fared: the prediction read from the answer (`prediction_of`), TAT-QA's EM and F1 of it."""

    uid: str
    context_uid: str
    question: str
    answer_type: str
    answer_from: str
    gold: tuple[str, ...]
    gold_scale: str
    prediction: str
    pred_scale: str
    em: float
    f1: float
    answer: str
    abstained: bool
    working: tuple[str, ...]  # each derived figure's working (`rag.calculation.calculate.working`)
    unrecomputed: int  # derived figures stated whose expression does not give their result again
    timings: dict[str, float]
    error: str = ""  # why the context could not be ingested; its questions then score 0

    @property
    def recomputes(self) -> bool:
        return self.unrecomputed == 0


@dataclass
class TatqaReport:
    """Every item's result, the aggregate metrics and the same per answer type and source."""

    dataset: str
    items: list[TatqaItem]
    metrics: dict[str, float] = field(default_factory=dict)
    groups: dict[str, dict[str, float]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    finished_at: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def load_contexts(path: Path) -> list[TatqaContext]:
    """The contexts of a TAT-QA file (tatqa_dataset_dev.json), in file order."""
    return [_context(raw) for raw in json.loads(path.read_text(encoding="utf-8"))]


def _context(raw: dict) -> TatqaContext:
    paragraphs = sorted(raw["paragraphs"], key=lambda paragraph: int(paragraph["order"]))
    return TatqaContext(
        uid=raw["table"]["uid"],
        table=tuple(tuple(str(cell) for cell in row) for row in raw["table"]["table"]),
        paragraphs=tuple(paragraph["text"] for paragraph in paragraphs),
        questions=tuple(_question(question) for question in sorted(raw["questions"], key=lambda q: int(q["order"]))),
    )


def _question(raw: dict) -> TatqaQuestion:
    answer = raw["answer"]
    return TatqaQuestion(
        uid=raw["uid"],
        question=raw["question"],
        answer=tuple(str(span) for span in answer) if isinstance(answer, list) else answer,
        answer_type=raw["answer_type"],
        answer_from=raw["answer_from"],
        scale=raw["scale"],
        derivation=raw.get("derivation", ""),
    )


def of_answer_types(contexts: Sequence[TatqaContext], answer_types: Iterable[str]) -> list[TatqaContext]:
    """The contexts with only their questions of `answer_types` ("arithmetic", …), those left without any dropped."""
    wanted = set(answer_types)
    kept = [replace(context, questions=tuple(q for q in context.questions if q.answer_type in wanted)) for context in contexts]
    return [context for context in kept if context.questions]


def ci_subset(contexts: Sequence[TatqaContext], n_questions: int = CI_QUESTIONS, seed: int = CI_SEED) -> list[TatqaContext]:
    """Whole contexts in a fixed shuffled order until they hold `n_questions`, the last one's questions cut to make
    it exactly that many (all of them when there are fewer): one ingest per context keeps a subset cheap."""
    shuffled = list(contexts)
    random.Random(seed).shuffle(shuffled)
    chosen, left = [], n_questions
    for context in shuffled:
        if left <= 0:
            break
        chosen.append(replace(context, questions=context.questions[:left]))
        left -= len(chosen[-1].questions)
    return chosen


def context_html(context: TatqaContext) -> str:
    """The context as a filing's HTML page: its paragraphs as <p>, its table as a <table> under one header row.

    The table follows the first paragraph that declares a unit ("… by contract type (in millions):"), else all of
    them: caibao labels a table's amounts with the unit of the line right above it (`ingest.tables.label_table_units`),
    and in TAT-QA's paragraphs, in report order, the one declaring the unit is the table's caption. A unit the
    table's head rows print alone ("(In thousands)") is set above the table as its caption, for the same reason.
    The head rows are merged into one: caibao labels each value with the last header row only, and TAT-QA heads
    span rows ("Years Ended September 30," over "2019 | 2018 | 2017", a "(in millions)" row under them).
    """
    head, body = _split_head(context.table)
    captions = [cell for row in head for cell in row if _is_unit_caption(cell)]
    head = [tuple("" if _is_unit_caption(cell) else cell for cell in row) for row in head]
    rows = ([_merged_head(head, _width(context.table))] if head else []) + [list(row) for row in body]
    table = [
        "<table>",
        *(_html_row(row, "th" if head and index == 0 else "td") for index, row in enumerate(rows)),
        "</table>",
    ]
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in context.paragraphs]
    at = next((index + 1 for index, text in enumerate(context.paragraphs) if declared_unit(text).template), len(paragraphs))
    caption = [f"<p>{html.escape(text)}</p>" for text in dict.fromkeys(captions)]
    title = f"TAT-QA context {context.uid[:8]}"
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body><article>',
        *paragraphs[:at], *caption, *table, *paragraphs[at:],
        "</article></body></html>",
        "",
    ])  # fmt: skip


def _split_head(table: Sequence[Sequence[str]]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The header rows (those above the first row of figures, less the group names right above it) and the rest."""
    rows = [tuple(cell.strip() for cell in row) for row in table]
    first = next((index for index, row in enumerate(rows) if any(_is_figure(cell) for cell in row[1:])), None)
    if first is None:  # a table of words only: no column heads to tell apart from its rows
        return [], rows
    while first > 0 and _is_group_name(rows[first - 1]):
        first -= 1
    return rows[:first], rows[first:]


def _is_group_name(row: Sequence[str]) -> bool:
    """A row naming the rows below it, not the columns: "Transportation Solutions:" alone in its row (a caption
    ending on a colon may sit in another column)."""
    filled = [cell for cell in row if cell]
    return len(filled) == 1 and (bool(row[0]) or filled[0].endswith(":"))


def _is_figure(cell: str) -> bool:
    compact = re.sub(r"[\s$€£]", "", cell)
    return bool(_FIGURE_CELL.match(compact)) and not _YEAR.match(compact)


def _is_unit_caption(cell: str) -> bool:
    """A cell that only declares the unit of the table's amounts: "(in millions)", "(Dollars in thousands)"."""
    return cell.startswith("(") and cell.endswith(")") and bool(declared_unit(cell).template)


def _width(table: Sequence[Sequence[str]]) -> int:
    return max((len(row) for row in table), default=0)


def _merged_head(head: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each column's heads top to bottom in one cell ("Years Ended September 30, 2019"); a head over several columns
    (given once, in one of them) is spread over them first."""
    columns: list[list[str]] = [[] for _ in range(width)]
    for row in head:
        cells = [*row, *([""] * (width - len(row)))]
        for column, cell in enumerate([cells[0], *_spread(cells[1:])]):
            columns[column].append(cell)
    return [" ".join(cell for cell in column if cell) for column in columns]


def _spread(values: Sequence[str]) -> list[str]:
    """The head over each value column. n heads over k*n columns, each inside its block of k, head k columns each (a
    centred "2019" over its three); else heads with empty cells between them each head the columns up to the next
    ("Domestic", "", "International", ""); heads side by side ("F19", "F18", "", "") head their own column only."""
    filled = [(index, value) for index, value in enumerate(values) if value]
    if not filled or len(filled) == len(values):
        return list(values)
    if len(values) % len(filled) == 0:
        width = len(values) // len(filled)
        if all(index // width == block for block, (index, _) in enumerate(filled)):
            return [filled[index // width][1] for index in range(len(values))]
    if any(later - earlier == 1 for (earlier, _), (later, _) in itertools.pairwise(filled)):
        return list(values)
    return [next((value for start, value in reversed(filled) if start <= index), filled[0][1]) for index in range(len(values))]


def _html_row(cells: Sequence[str], tag: str) -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in cells) + "</tr>"


def prediction_of(answer: Answer) -> tuple[str, str]:
    """How a caibao answer reads as a TAT-QA prediction (text, scale), by general rules that never see the gold:
    nothing when it abstained; else the first figure it computed; else the table cell a lookup read it from; else
    the one figure its text states (dates and years aside, when it states others); else its text.

    A percentage (or percentage points) is given as printed with the scale "percent" (23.42 → "23.42", "percent");
    any other figure as its value with its scale word applied ("12.6 million" → "12600000.0", "").
    """
    if answer.abstained:
        return "", ""
    # The cell comes before the text: a lookup's answer names the cell's column beside its value, "Net sales (Year
    # Ended March 31, 2019): $ 5,563.7 million", and the year would make it two figures.
    printed = [derived.result for derived in answer.derived[:1]] + [fact.value for fact in answer.facts[:1]]
    for text in printed:
        try:
            return _reading(parse_figure(text), text)
        except ValueError:
            continue  # not one figure: read on
    text = _SPACE_BEFORE_STOP.sub(r"\1", " ".join(strip_markers(answer.text).split()))
    figures = _stated(extract_figures(_DATE.sub(" ", text)))
    if len({(figure.low, figure.high, figure.kind == "percent") for figure in figures}) == 1:
        return _reading(figures[0], text)
    return text, ""


def _stated(figures: list[Figure]) -> list[Figure]:
    """The figures an answer states: its years too only when it states nothing else ("2019 [1]" answers "which year")."""
    others = [figure for figure in figures if not _YEAR.match(figure.text.strip("() "))]  # "(2019)" is no negative
    return others or figures


def _reading(figure: Figure, text: str) -> tuple[str, str]:
    value = -figure.low if figure.low > 0 and _MINUS_BEFORE.search(text[: figure.start]) else figure.low
    return (f"{value}", "percent") if figure.kind == "percent" else (f"{value}", "")


def run_tatqa(
    assistant: Assistant,
    contexts: Iterable[TatqaContext],
    on_item: Callable[[TatqaItem], None] = lambda _: None,
    dataset: str = "",
) -> TatqaReport:
    """Ingest each context alone into the assistant's library, ask its questions, score them, remove it again;
    `on_item` hears of each item as it is scored (for progress output)."""
    assistant.warm_up()  # timings as a user of `caibao ui` sees them, the first question included
    items: list[TatqaItem] = []
    ingest_s: list[float] = []
    with tempfile.TemporaryDirectory(prefix="caibao-tatqa-") as folder:
        for context in contexts:
            _clear(assistant)  # its questions must find this context's passages, no other's
            path = Path(folder) / f"tatqa-{context.uid}.html"
            path.write_text(context_html(context), encoding="utf-8")
            started = time.perf_counter()
            result = assistant.ingest_file(path, source=f"TAT-QA/{context.uid}.html")
            ingest_s.append(time.perf_counter() - started)
            for question in context.questions:
                items.append(_run_item(assistant, context, question) if result.ok else _failed(context, question, result.error))
                on_item(items[-1])
            _clear(assistant)
    settings = assistant.settings
    return TatqaReport(
        dataset=dataset,
        items=items,
        metrics={**metrics(items), **_ingest_metrics(ingest_s)},
        groups=group_metrics(items),
        settings={"llm": describe_llm(settings), "embedder": settings.embedder, "top_k": str(settings.top_k),
                  "prompt_budget_tokens": str(settings.prompt_budget_tokens), "contexts": str(len(ingest_s))},
        finished_at=time.strftime("%Y-%m-%d %H:%M:%S"),
    )  # fmt: skip


def _clear(assistant: Assistant) -> None:
    for document in assistant.documents():
        assistant.library.remove(document.doc_id)


def _run_item(assistant: Assistant, context: TatqaContext, question: TatqaQuestion) -> TatqaItem:
    answer = assistant.ask(question.question)
    prediction, pred_scale = prediction_of(answer)
    gold = gold_answers(list(question.answer) if isinstance(question.answer, tuple) else question.answer, question.answer_type)
    scored = score(gold, question.scale, question.answer_type, prediction, pred_scale)
    return TatqaItem(
        uid=question.uid,
        context_uid=context.uid,
        question=question.question,
        answer_type=question.answer_type,
        answer_from=question.answer_from,
        gold=tuple(gold),
        gold_scale=question.scale,
        prediction=prediction,
        pred_scale=pred_scale,
        em=scored.em,
        f1=scored.f1,
        answer=answer.text,
        abstained=answer.abstained,
        working=tuple(working(derived) for derived in answer.derived),
        unrecomputed=sum(not recomputes(derived) for derived in answer.derived),
        timings=dict(answer.timings),
    )


def _failed(context: TatqaContext, question: TatqaQuestion, error: str) -> TatqaItem:
    gold = gold_answers(list(question.answer) if isinstance(question.answer, tuple) else question.answer, question.answer_type)
    return TatqaItem(
        uid=question.uid, context_uid=context.uid, question=question.question, answer_type=question.answer_type,
        answer_from=question.answer_from, gold=tuple(gold), gold_scale=question.scale, prediction="", pred_scale="",
        em=0.0, f1=0.0, answer="", abstained=True, working=(), unrecomputed=0, timings={}, error=error,
    )  # fmt: skip


def metrics(items: Sequence[TatqaItem]) -> dict[str, float]:
    """Overall and per answer type EM, F1, counts and total-time percentiles; abstention; derived figures checked."""
    derived = sum(len(item.working) for item in items)
    unrecomputed = sum(item.unrecomputed for item in items)
    scores = {
        "items": float(len(items)),
        **_scores(items, ""),
        "abstention_rate": _mean(float(item.abstained) for item in items),
        "derived": float(derived),
        "unrecomputed": float(unrecomputed),
        # A minimum can gate a share, not a count: 1.0 is every stated derived figure recomputing (none stated: 1.0).
        "derived_recomputed": (derived - unrecomputed) / derived if derived else 1.0,
    }
    for answer_type in ANSWER_TYPES:
        scores |= _scores([item for item in items if item.answer_type == answer_type], f"_{answer_type.replace('-', '_')}")
    return scores


def _scores(items: Sequence[TatqaItem], suffix: str) -> dict[str, float]:
    totals = [item.timings["total_s"] for item in items if "total_s" in item.timings]
    scores = {"em": _mean(item.em for item in items), "f1": _mean(item.f1 for item in items)}
    if suffix:
        scores["items"] = float(len(items))
    if totals:
        scores |= {"total_p50_s": percentile(totals, 0.50), "total_p95_s": percentile(totals, 0.95)}
    return {f"{name}{suffix}": value for name, value in scores.items()}


def _ingest_metrics(seconds: Sequence[float]) -> dict[str, float]:
    if not seconds:
        return {}
    return {"ingest_p50_s": percentile(seconds, 0.50), "ingest_p95_s": percentile(seconds, 0.95)}


def group_metrics(items: Sequence[TatqaItem]) -> dict[str, dict[str, float]]:
    """EM, F1, items and total p50 per answer type and per where the answer is ("from table", "from text", …)."""
    groups = {name: [item for item in items if item.answer_type == name] for name in ANSWER_TYPES}
    groups |= {f"from {name}": [item for item in items if item.answer_from == name] for name in ANSWER_SOURCES}
    return {name: _group_scores(group) for name, group in groups.items() if group}


def _group_scores(group: Sequence[TatqaItem]) -> dict[str, float]:
    totals = [item.timings["total_s"] for item in group if "total_s" in item.timings]
    return {
        "items": float(len(group)),
        "em": _mean(item.em for item in group),
        "f1": _mean(item.f1 for item in group),
        "total_p50_s": percentile(totals, 0.50) or 0.0,
    }


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
