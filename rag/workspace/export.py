"""A saved conversation as Markdown: each question, its answer, the working of computed figures, and the cited
passages with their sources and pages."""

from __future__ import annotations

import time

from rag.calculation.calculate import working
from rag.types import Answer, Citation
from rag.workspace.conversations import Conversation


def conversation_markdown(conversation: Conversation) -> str:
    info = conversation.info
    began = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.created_at))
    parts = [f"# {info.title or 'Conversation'}", f"_caibao conversation, begun {began}, {info.n_turns} questions_"]
    for number, answer in enumerate(conversation.answers, 1):
        parts.append(_turn(number, answer))
    return "\n\n".join(parts) + "\n"


def _turn(number: int, answer: Answer) -> str:
    lines = [f"## {number}. {answer.question}", "", answer.text]
    if answer.derived:
        lines += ["", "Computed:", *(f"- {working(derived)}" for derived in answer.derived)]
    if answer.unsupported_figures:
        lines += ["", f"Removed, not found in the cited passages: {', '.join(answer.unsupported_figures)}"]
    if answer.citations:
        lines += ["", "Sources:", *(_source(citation) for citation in answer.citations)]
    return "\n".join(lines)


def _source(citation: Citation) -> str:
    """The citation's source line, then the sentences it was cited for (the whole passage when none were found),
    as a Markdown quote."""
    page = f", p. {citation.page}" if citation.page is not None else ""
    quoted = [quote.text for quote in citation.quotes] or [citation.text]
    body = "\n".join(f"  > {' '.join(text.split())}" for text in quoted)
    return f"- [{citation.marker}] {citation.title}{page} — `{citation.source}`\n{body}"
