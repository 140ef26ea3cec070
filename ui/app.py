"""The Gradio app: chat with streamed, cited answers beside their sources, and the document library."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

from store.offline import apply_offline_env

apply_offline_env()

import gradio as gr  # after apply_offline_env: gradio reads the analytics switch at import
from PIL import Image

from ingest import SUPPORTED_SUFFIXES, IngestProgress
from rag import Answer, Assistant, Busy, Citation, Settings, Turn
from rag.generation.llm import describe_llm
from rag.workspace.conversations import Conversation
from rag.workspace.export import conversation_markdown
from rag.workspace.files import upload_name
from store.scope import Scope
from ui.render import (
    DOCUMENT_COLUMNS,
    answer_html,
    context_html,
    documents_rows,
    ingest_report,
    progress_label,
    sources_html,
    view_choices,
)

# About the sample article that `make demo` ingests: shown while no document in the library has a results table
# to draw examples from (`Assistant.example_questions`).
EXAMPLE_QUESTIONS = (
    "阿里云智能集团收入同比增长多少？",
    "为什么阿里云收入重回双位数增长？",
    "What was Cloud Intelligence revenue?",
    "How much did Alibaba's free cash flow fall?",
)
SEARCHING = "🔎 …"
# Local fonts only: the default theme loads its fonts from Google, which an offline machine cannot reach.
THEME = gr.themes.Default(
    font=["Noto Sans CJK SC", "Noto Sans", "system-ui", "sans-serif"],
    font_mono=["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"],
)
CSS = """
.cb-badge { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 0.85em; margin: 2px 0; }
.cb-not-found { background: #eef2f7; color: #334155; border: 1px solid #94a3b8; }
.cb-unverified { background: #fff7ed; color: #9a3412; border: 1px solid #fb923c; }
.cb-understood, .cb-scope, .cb-facts { color: #64748b; font-size: 0.85em; }
.cb-source { border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.cb-source:target { border-color: #f59e0b; box-shadow: 0 0 0 2px #fde68a; }
.cb-source-meta { color: #64748b; font-size: 0.8em; margin: 2px 0 6px; word-break: break-all; }
.cb-source-section { color: #475569; font-size: 0.8em; margin: 0 0 6px; }
.cb-passage { white-space: pre-wrap; line-height: 1.6; }
.cb-passage mark { background: #fde68a; padding: 0 1px; }
.cb-marker { color: #b45309; font-weight: bold; }
.cb-small-label { color: #64748b; font-size: 0.85em; }
.cb-context { border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px 10px; }
.cb-context-text { white-space: pre-wrap; line-height: 1.6; max-height: 32em; overflow-y: auto; }
.cb-context-around { color: #64748b; }
.cb-context-passage { background: #f1f5f9; }
.cb-context-passage mark { background: #fde68a; padding: 0 1px; }
"""
# llama.cpp runs one generation at a time and ingest shares the embedder: questions and library changes queue.
_MODEL_QUEUE = "models"


def build_app(assistant: Assistant) -> gr.Blocks:
    """The whole UI over `assistant`'s library; models load on the first question or upload."""
    settings = assistant.settings
    with gr.Blocks(title="caibao 财报") as app:
        gr.Markdown("## caibao 财报 — cited answers from your filings · 基于财报原文的可溯源问答")
        with gr.Tab("Ask 问答"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    gr.Markdown("Saved conversations · 历史对话", elem_classes="cb-small-label")
                    with gr.Row(equal_height=True):
                        saved = gr.Dropdown(
                            _conversation_choices(assistant), value=None, label="Saved conversations · 历史对话",
                            show_label=False, container=False, scale=4, elem_id="cb-conversations",
                        )  # fmt: skip
                        new_chat = gr.Button("New · 新对话", size="sm", variant="secondary", scale=1, min_width=100)
                    with gr.Row(equal_height=True):
                        title = gr.Textbox(
                            label="Title · 标题", show_label=False, container=False, placeholder="Title · 标题",
                            max_lines=1, elem_id="cb-conversation-title", scale=4,
                        )  # fmt: skip
                        rename = gr.Button("Rename", size="sm", elem_id="cb-rename", scale=0, min_width=80)
                        export = gr.DownloadButton(
                            "Export .md", size="sm", elem_id="cb-export", scale=0, min_width=100, value=None,
                        )  # fmt: skip
                        delete = gr.Button(
                            "Delete", size="sm", variant="stop", elem_id="cb-delete", scale=0, min_width=80,
                        )  # fmt: skip
                    chat = gr.Chatbot(elem_id="cb-chat", height=520, label="Chat", buttons=["copy"])
                    question = gr.Textbox(
                        elem_id="cb-question", show_label=False, submit_btn="Ask",
                        placeholder="Ask about the filings · 输入问题，例如：阿里云智能集团收入同比增长多少？",
                    )  # fmt: skip
                    with gr.Row():
                        examples = [
                            gr.Button(text, size="sm", elem_classes="cb-example", visible=bool(text))
                            for text in _examples(assistant)
                        ]
                with gr.Column(scale=2):
                    gr.Markdown("### Sources · 引用来源")
                    sources = gr.HTML(sources_html(None), elem_id="cb-sources")
                    pages = gr.Radio([], label="Show a cited page or passage in context · 查看原文", elem_id="cb-pages")
                    page = gr.Image(show_label=False, elem_id="cb-page", type="pil", interactive=False, visible=False)
                    context = gr.HTML(visible=False, elem_id="cb-context")
            with gr.Row():
                company = gr.Dropdown(
                    _metadata_choices(assistant, "company"), value="", label="Company · 公司", elem_id="cb-company",
                    info="Auto: the company the question names, if the library holds it",
                )  # fmt: skip
                period = gr.Dropdown(
                    _metadata_choices(assistant, "period"), value="", label="Period · 报告期", elem_id="cb-period",
                    info="Auto: the period the question names (2024Q4, FY2025, 2024年第四季度)",
                )  # fmt: skip
            with gr.Accordion("Settings · 设置", open=False):
                top_k = gr.Slider(1, 10, value=settings.top_k, step=1, label="Passages per answer (top-k)")
                gr.Textbox(describe_llm(settings), label="Model", interactive=False)
                gr.Textbox(f"{settings.embedder} · library {settings.home}", label="Embedder and library", interactive=False)
                gr.Checkbox(
                    False, label="Rerank", interactive=False,
                    info="No Chinese-capable reranker ships in a pip package; BM25 + dense fusion ranks the passages.",
                )  # fmt: skip
        with gr.Tab("Documents 文档"):
            upload = gr.File(
                label=f"Upload filings ({', '.join(SUPPORTED_SUFFIXES)})", file_count="multiple",
                file_types=list(SUPPORTED_SUFFIXES), elem_id="cb-upload",
            )  # fmt: skip
            upload_report = gr.Markdown(elem_id="cb-upload-report")
            table = gr.Dataframe(
                documents_rows(assistant.documents()), headers=DOCUMENT_COLUMNS, interactive=False,
                elem_id="cb-documents", wrap=True,
            )  # fmt: skip
            with gr.Row():
                to_remove = gr.Dropdown(
                    _document_choices(assistant), label="Document to remove", scale=4, elem_id="cb-remove"
                )
                remove = gr.Button("Remove · 删除", variant="stop", scale=1)
        turns = gr.State([])
        conversation = gr.State("")  # the saved conversation's id, "" until the first question starts one
        cited = gr.State([])  # the last answer's citations, for the page view

        def respond(
            text: str, messages: list, history: list[Turn], k: float, firm: str, term: str, talk: str
        ) -> Iterator[tuple]:
            yield from _respond(assistant, text, messages, history, int(k), Scope(firm or "", term or ""), talk)

        asked = {
            "fn": respond,
            "inputs": [question, chat, turns, top_k, company, period, conversation],
            "outputs": [question, chat, turns, sources, conversation, cited, pages, page, context, saved, title, export],
        }
        question.submit(**asked, concurrency_id=_MODEL_QUEUE)
        for button in examples:
            button.click(lambda text: text, inputs=button, outputs=question).then(**asked, concurrency_id=_MODEL_QUEUE)
        shown = [chat, turns, sources, conversation, cited, pages, page, context, title, export]
        new_chat.click(lambda: _shown(None), outputs=shown)
        saved.input(lambda talk: _shown(_saved(assistant, talk)), inputs=saved, outputs=shown)
        pages.input(lambda marker, citations: _page(assistant, marker, citations), inputs=[pages, cited], outputs=[page, context])

        def renamed(talk: str, name: str) -> tuple:
            if talk:
                assistant.conversations.rename(talk, name)
            listed = gr.Dropdown(choices=_conversation_choices(assistant), value=talk or None)
            return listed, _export_file(_saved(assistant, talk))

        rename.click(renamed, inputs=[conversation, title], outputs=[saved, export])

        def deleted(talk: str) -> tuple:
            if talk:
                assistant.conversations.delete(talk)
            return gr.Dropdown(choices=_conversation_choices(assistant), value=None), *_shown(None)

        delete.click(deleted, inputs=conversation, outputs=[saved, *shown])

        # Gradio finds the progress tracker by its default value.
        library_views = [table, to_remove, company, period, *examples]

        def refreshed_views() -> tuple:
            return (
                documents_rows(assistant.documents()),
                gr.Dropdown(choices=_document_choices(assistant), value=None),
                gr.Dropdown(choices=_metadata_choices(assistant, "company")),
                gr.Dropdown(choices=_metadata_choices(assistant, "period")),
                *(gr.Button(value=text, visible=bool(text)) for text in _examples(assistant)),
            )

        def ingest_uploads(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
            return _ingest_uploads(assistant, paths or [], progress), None, *refreshed_views()

        upload.upload(
            ingest_uploads, inputs=upload, outputs=[upload_report, upload, *library_views], concurrency_id=_MODEL_QUEUE,
            show_progress_on=upload,
        )  # fmt: skip

        def remove_document(doc_id: str | None) -> tuple:
            return _remove(assistant, doc_id), *refreshed_views()

        remove.click(remove_document, inputs=to_remove, outputs=[upload_report, *library_views], concurrency_id=_MODEL_QUEUE)
    return app


def launch(app: gr.Blocks, settings: Settings, *, port: int | None = None, block: bool = True) -> str:
    """Serve `app` where `settings` say (or on `port`) and return its URL; `block=False` returns at once (tests)."""
    # Past max_size waiting events Gradio itself tells the user that the queue is full, rather than queueing on;
    # at 0 it would refuse every event, even into an idle queue, so one may always wait.
    app.queue(default_concurrency_limit=1, max_size=max(settings.max_waiting_questions, 1))
    _, url, _ = app.launch(
        server_name=settings.ui_host, server_port=port or settings.ui_port, prevent_thread_lock=not block, theme=THEME,
        css=CSS, show_error=True, quiet=not block, footer_links=[], ssr_mode=False,
        max_file_size=settings.ui_max_upload_mb * gr.FileSize.MB,
    )  # fmt: skip
    return url


def _respond(
    assistant: Assistant, text: str, messages: list, history: list[Turn], top_k: int, scope: Scope | None = None,
    conversation: str = "",
) -> Iterator[tuple]:  # fmt: skip
    """Stream one answer into the chat, then replace the draft by the checked answer and show its sources; the
    answer is kept in the saved `conversation` (a new one when "")."""
    unchanged = (gr.skip(),) * 8  # conversation, citations, view choices, page, context, saved list, title, export
    question = text.strip()
    if not question:
        yield text, messages, history, gr.skip(), *unchanged
        return
    asked = [*messages, {"role": "user", "content": question}]
    yield "", [*asked, _reply(SEARCHING)], history, sources_html(None), *unchanged
    streamed, answer = "", None
    scope = scope or Scope()
    try:
        for piece in assistant.ask_stream(question, history, top_k, scope.company, scope.period):
            if isinstance(piece, Answer):
                answer = piece
            else:
                streamed += piece
                yield "", [*asked, _reply(streamed)], history, gr.skip(), *unchanged
    except (Busy, ValueError) as refused:
        # Busy, or a question over the length limit: the question goes back into the box to retry or shorten.
        yield question, [*asked, _reply(str(refused))], history, gr.skip(), *unchanged
        return
    assert answer is not None
    saved = _recorded(assistant, conversation, answer)
    kept = saved.info.conversation_id
    # The checked answer replaces the draft: markers re-pointed, claims with unbacked figures removed.
    yield (
        "", [*asked, _reply(answer_html(answer))], [*history, Turn(question, answer.text)], sources_html(answer),
        kept, list(answer.citations), gr.Radio(choices=view_choices(answer.citations), value=None), *_no_view(),
        gr.Dropdown(choices=_conversation_choices(assistant), value=kept), saved.info.title, _export_file(saved),
    )  # fmt: skip


def _recorded(assistant: Assistant, conversation: str, answer: Answer) -> Conversation:
    """The saved `conversation` with `answer` added; a new one when it is "" or gone (another tab deleted it)."""
    book = assistant.conversations
    try:
        book.record(conversation, answer)
    except KeyError:
        conversation = book.start().conversation_id
        book.record(conversation, answer)
    return book.get(conversation)


def _saved(assistant: Assistant, conversation: str | None) -> Conversation | None:
    try:
        return assistant.conversations.get(conversation) if conversation else None
    except KeyError:
        return None


def _shown(conversation: Conversation | None) -> tuple:
    """The chat, history, sources, conversation id, citations, view choices, page, context, title and export file
    of a saved conversation resumed (or of a new, empty one)."""
    answers = conversation.answers if conversation else []
    messages = [message for answer in answers for message in ({"role": "user", "content": answer.question},
                                                                _reply(answer_html(answer)))]  # fmt: skip
    last = answers[-1] if answers else None
    citations = list(last.citations) if last else []
    return (
        messages, [Turn(answer.question, answer.text) for answer in answers], sources_html(last),
        conversation.info.conversation_id if conversation else "", citations,
        gr.Radio(choices=view_choices(citations), value=None), *_no_view(),
        conversation.info.title if conversation else "", _export_file(conversation),
    )  # fmt: skip


def _page(assistant: Assistant, marker: str | None, citations: list[Citation]) -> tuple:
    """The chosen citation's PDF page with its quoted sentences highlighted; for a source without a kept PDF, its
    passage in the document's surrounding text."""
    citation = next((citation for citation in citations if str(citation.marker) == marker), None)
    if citation is None:
        return _no_view()
    shown = assistant.cited_page(citation)
    if shown is None:
        in_context = context_html(citation, assistant.cited_context(citation))
        return gr.Image(value=None, visible=False), gr.HTML(in_context, visible=True)
    image = gr.Image(value=Image.open(io.BytesIO(shown.png)), visible=True, label=f"p. {shown.page}")
    return image, gr.HTML(visible=False)


def _no_view() -> tuple:
    """The page image and the passage-in-context panel, both hidden."""
    return gr.Image(value=None, visible=False), gr.HTML(visible=False)


def _export_file(saved: Conversation | None) -> str | None:
    """The conversation written as Markdown to a file the export button downloads."""
    if saved is None:
        return None
    path = Path(tempfile.mkdtemp(prefix="caibao-export-")) / f"conversation-{saved.info.conversation_id[:8]}.md"
    path.write_text(conversation_markdown(saved), encoding="utf-8")
    return str(path)


def _examples(assistant: Assistant) -> list[str]:
    """One text a button: the library's own questions ("" hides a button they leave over), else the sample's."""
    own = assistant.example_questions(len(EXAMPLE_QUESTIONS)) or list(EXAMPLE_QUESTIONS)
    return own + [""] * (len(EXAMPLE_QUESTIONS) - len(own))


def _conversation_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [(f"{info.title or 'untitled'} ({info.n_turns})", info.conversation_id) for info in assistant.conversations.list()]


def _reply(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


def _ingest_uploads(assistant: Assistant, paths: list[str], progress: gr.Progress) -> str:
    names = [upload_name(path) for path in paths]
    results = []
    with assistant.library.batch():
        for number, (path, name) in enumerate(zip(paths, names, strict=True), 1):
            file_label = f"[{number}/{len(paths)}] {name}"

            def show(step: IngestProgress, file_label: str = file_label) -> None:
                progress((step.done, step.total), desc=progress_label(file_label, step), unit=f"{step.unit}s")

            progress(0, desc=f"{file_label} · reading")
            results.append(assistant.ingest_upload(path, name, progress=show))
    return ingest_report(results, names)


def _remove(assistant: Assistant, doc_id: str | None) -> str:
    if not doc_id:
        return "Choose a document to remove first."
    try:
        removed = assistant.remove(doc_id)
    except ValueError:
        return "That document is no longer in the library."
    return f"Removed **{removed.title}**."


def _metadata_choices(assistant: Assistant, name: str) -> list[tuple[str, str]]:
    """"Auto" and the values of one metadata field (company or period) the library's documents have."""
    values = sorted({getattr(document, name) for document in assistant.documents()} - {""})
    return [("Auto · 自动", ""), *((value, value) for value in values)]


def _document_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [(f"{document.title} ({document.n_chunks} chunks)", document.doc_id) for document in assistant.documents()]
