"""Answers, sources and the document list as the chat UI shows them (HTML, no Gradio objects)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from fintext.text import MARKER
from ingest import IngestProgress
from rag import Answer, Citation, IngestResult, PassageContext
from rag.calculation.calculate import working
from store import DocumentInfo

DOCUMENT_COLUMNS = [
    "title", "company", "short name", "code", "period", "type", "source", "chunks", "characters", "ingested", "id",
]  # fmt: skip
_NO_SOURCES = '<div class="cb-sources-empty">Sources of the answer appear here. 答案引用的原文段落显示在这里。</div>'
# Badge wording in both languages: the badge must read right whichever language the question was in.
_NOT_FOUND_BADGE = "Not in the documents · 文档中未找到"
_UNVERIFIED_BADGE = "Unverified figure removed · 未核实的数字已删除"


def source_anchor(marker: int) -> str:
    return f"cb-source-{marker}"


def answer_html(answer: Answer) -> str:
    """The checked answer: markers linked to their sources, badges for abstention and removed figures.

    Wrapped in `.cb-answer`, which the streamed draft before it never has.
    """
    parts = []
    if answer.abstained:
        parts.append(_badge(_NOT_FOUND_BADGE, "cb-not-found"))
    parts.append(link_markers(html.escape(answer.text), {citation.marker for citation in answer.citations}))
    if not answer.verified:
        figures = ", ".join(html.escape(figure) for figure in answer.unsupported_figures)
        parts.append(_badge(f"{_UNVERIFIED_BADGE}: {figures}", "cb-unverified"))
    if answer.facts:
        # Figures copied from the filing's table by code, not written by the model: say which cells.
        cells = " · ".join(html.escape(f"{fact.label} | {fact.header}: {fact.value}") for fact in answer.facts)
        parts.append(f'<div class="cb-facts">Read from the table · 取自表格: {cells}</div>')
    if answer.derived:
        lines = " · ".join(html.escape(working(derived)) for derived in answer.derived)
        parts.append(f'<div class="cb-derived">Computed · 计算: {lines}</div>')
    if answer.scope:
        searched = " · ".join(value for value in (answer.scope.company, answer.scope.period) if value)
        parts.append(f'<div class="cb-scope">Searched only · 仅检索: {html.escape(searched)}</div>')
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(f'<div class="cb-understood">Searched for · 检索问题: {html.escape(answer.standalone_question)}</div>')
    return '<div class="cb-answer">' + "\n".join(parts) + "</div>"


def link_markers(text: str, markers: Iterable[int]) -> str:
    """`text` with each [n] that names a cited source turned into a link to that source's card."""
    known = set(markers)

    def link(match: re.Match[str]) -> str:
        marker = int(match.group(1))
        if marker not in known:
            return match.group(0)
        return f'<a class="cb-cite" href="#{source_anchor(marker)}">[{marker}]</a>'

    return MARKER.sub(link, text)


def sources_html(answer: Answer | None) -> str:
    """One card per cited source: title, where it is from, its scores, the passage with the used sentences marked."""
    if answer is None or not answer.citations:
        return _NO_SOURCES
    return "\n".join(_source_card(citation) for citation in answer.citations)


def highlight_quotes(citation: Citation) -> str:
    """The passage as escaped HTML with each quoted sentence wrapped in <mark>."""
    text, pieces, position = citation.text, [], 0
    for quote in sorted(citation.quotes, key=lambda quote: quote.char_start):
        start = max(quote.char_start - citation.char_start, position)
        end = min(quote.char_end - citation.char_start, len(text))
        if start >= end:
            continue
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def documents_rows(documents: Sequence[DocumentInfo]) -> list[list[object]]:
    """The library's documents as rows under `DOCUMENT_COLUMNS`, newest first."""
    newest_first = sorted(documents, key=lambda document: document.ingested_at, reverse=True)
    return [
        [
            document.title,
            document.company,
            document.short_name,
            document.stock_code,
            document.period,
            document.doc_type,
            document.source,
            document.n_chunks,
            document.n_chars,
            datetime.fromtimestamp(document.ingested_at).strftime("%Y-%m-%d %H:%M"),
            document.doc_id[:12],
        ]
        for document in newest_first
    ]


def ingest_report(results: Sequence[IngestResult], names: Sequence[str]) -> str:
    """One Markdown line per uploaded file: what happened to it, or why it was refused."""
    lines = []
    for result, name in zip(results, names, strict=True):
        if result.ok:
            chunks = "chunk" if result.n_chunks == 1 else "chunks"
            lines.append(f"- **{name}**: {result.status}, {result.n_chunks} {chunks}")
        else:
            # The error names the temporary upload path; the user knows the file by its own name.
            reason = result.error.split(": ", 1)[-1]
            lines.append(f"- **{name}**: not ingested — {reason}. The library is unchanged.")
    return "\n".join(lines)


def view_choices(citations: Sequence[Citation]) -> list[tuple[str, str]]:
    """Every citation as a (label, marker) radio choice: a PDF's names its page, any other source its context."""
    return [(f"[{c.marker}] {c.title}, " + (f"p. {c.page}" if c.page is not None else "in context"), str(c.marker))
            for c in citations]  # fmt: skip


def context_html(citation: Citation, context: PassageContext) -> str:
    """The cited passage, its quoted sentences marked, between the document's text just before and after it."""
    return (
        f'<div class="cb-context">{_source_head(citation, f" · chars {citation.char_start}–{citation.char_end}")}'
        f'<div class="cb-context-text"><span class="cb-context-around">{html.escape(context.before)}</span>'
        f'<span class="cb-context-passage">{highlight_quotes(citation)}</span>'
        f'<span class="cb-context-around">{html.escape(context.after)}</span></div></div>'
    )


def progress_label(file_label: str, progress: IngestProgress) -> str:
    """What the upload's progress bar says: the file, the phase, the count and the time left at the rate so far."""
    label = f"{file_label} · {progress.phase} {progress.done}/{progress.total} {progress.unit}s"
    if progress.eta_s is None or progress.done >= progress.total:
        return label
    minutes, seconds = divmod(math.ceil(progress.eta_s), 60)
    left = f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
    return f"{label} · about {left} left"


def _source_card(citation: Citation) -> str:
    scores = [f"fused {citation.score:.4f}"]
    if citation.dense_score is not None:
        scores.append(f"cosine {citation.dense_score:.3f}")
    if citation.keyword_score is not None:
        scores.append(f"BM25 {citation.keyword_score:.2f}")
    span = f"chars {citation.char_start}–{citation.char_end}"
    if citation.page is not None:
        span = f"p. {citation.page} · {span}"
    return (
        f'<div class="cb-source" id="{source_anchor(citation.marker)}">{_source_head(citation)}'
        f'<div class="cb-source-meta">{html.escape(citation.source)} · {span} · {" · ".join(scores)}</div>'
        f"{_section_line(citation)}"
        f'<div class="cb-passage">{highlight_quotes(citation)}</div>'
        "</div>"
    )


def _source_head(citation: Citation, after_title: str = "") -> str:
    """The marker and the document's title (then `after_title`, plain text) heading a source card or view."""
    return (
        f'<div class="cb-source-head"><span class="cb-marker">[{citation.marker}]</span> '
        f"<b>{html.escape(citation.title)}</b>{html.escape(after_title)}</div>"
    )


def _section_line(citation: Citation) -> str:
    if not citation.section:
        return ""
    return f'<div class="cb-source-section">§ {html.escape(citation.section)}</div>'


def _badge(text: str, kind: str) -> str:
    return f'<span class="cb-badge {kind}">{text}</span>'
