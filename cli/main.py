"""The `caibao` command: parses the arguments and runs one subcommand against an `Assistant`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from cli.present import PhaseBars, format_debug, format_sources
from evals.tatqa import ANSWER_TYPES
from fintext.fiscal import FiscalCalendar
from ingest import DocumentMetadata
from rag import Answer, Assistant, Settings
from rag.workspace.export import conversation_markdown
from rag.workspace.files import expand_paths
from store import DocumentInfo


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env(
            home=args.home, top_k=getattr(args, "top_k", None), ui_host=getattr(args, "host", None),
            ui_port=getattr(args, "port", None), api_host=getattr(args, "api_host", None),
            api_port=getattr(args, "api_port", None),
        )  # fmt: skip
    except ValueError as error:  # a CAIBAO_* variable or flag out of range: say which, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        return args.run(Assistant(settings), args)
    except ConnectionError as error:  # a Chroma server or LLM endpoint that does not answer: one line, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caibao", description="Cited answers from company filings, offline.")
    parser.add_argument("--home", type=Path, help="library folder (default: $CAIBAO_HOME or ./.caibao)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="add files or folders of filings to the library")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--company", default="", help="company the files are about (default: read from the title)")
    ingest.add_argument("--period", default="", help="e.g. 2024Q4, FY2025, 2024年第四季度 (default: read from the title)")
    ingest.add_argument("--doc-type", default="", help="e.g. 'annual report', 'quarterly report', 'earnings release', news")
    ingest.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
    ingest.set_defaults(run=_ingest)

    ask = commands.add_parser("ask", help="answer a question from the library, with numbered sources")
    ask.add_argument("question")
    ask.add_argument("--top-k", type=int, help="passages given to the model")
    ask.add_argument("--company", default="", help="search only this company's documents")
    ask.add_argument("--period", default="", help="search only this period's documents (2024Q4, FY2025, ...)")
    ask.add_argument("--conversation", default="", metavar="ID",
                     help="continue a saved conversation (its earlier turns read with the question, the answer kept "
                          "in it); 'new' starts one and prints its id")  # fmt: skip
    ask.add_argument("--debug", action="store_true",
                     help="also print how it was answered: the strategy, the question searched and its scope")  # fmt: skip
    ask.set_defaults(run=_ask)

    talks = commands.add_parser("conversations", help="list or export the saved conversations")
    talks_commands = talks.add_subparsers(required=True, metavar="ACTION")
    talks_commands.add_parser("list", help="id, turns, last changed, title").set_defaults(run=_conversations_list)
    export = talks_commands.add_parser("export", help="print a conversation as Markdown, with its cited passages")
    export.add_argument("conversation_id")
    export.set_defaults(run=_conversations_export)

    docs = commands.add_parser("docs", help="list or remove the library's documents")
    docs_commands = docs.add_subparsers(required=True, metavar="ACTION")
    docs_commands.add_parser("list", help="title, company, period, chunks, ingested at, id").set_defaults(run=_docs_list)
    remove = docs_commands.add_parser("remove", help="remove a document by its id (or a unique prefix of it)")
    remove.add_argument("doc_id")
    remove.set_defaults(run=_docs_remove)

    evaluate = commands.add_parser("eval", help="score answers against gold questions; write report.json/.md and a chart")
    evaluate.add_argument("--gold", type=Path, action="append", help="gold .jsonl file (repeatable; default: the sample's)")
    evaluate.add_argument("--corpus", type=Path, action="append", help="files to ingest first (default: the sample filing)")
    evaluate.add_argument("--out", type=Path, default=Path("eval-report"), help="report folder (default: ./eval-report)")
    evaluate.add_argument("--check", action="store_true",
                          help="exit 1 when a score is below evals/thresholds.toml (with --tatqa: thresholds_tatqa.toml)")  # fmt: skip
    evaluate.add_argument("--tatqa", type=Path, help="a TAT-QA file (tatqa_dataset_dev.json): each context ingested "
                          "alone, scored with TAT-QA's EM/F1; --gold and --corpus are not used")  # fmt: skip
    evaluate.add_argument("--limit", type=int, help="with --tatqa: this many questions, of whole contexts (default: all)")
    evaluate.add_argument("--seed", type=int, help="with --tatqa --limit: the shuffle's seed (default: the CI subset's)")
    evaluate.add_argument("--answer-type", action="append", choices=ANSWER_TYPES,
                          help="with --tatqa: only questions of this answer type (repeatable; default: all)")  # fmt: skip
    evaluate.set_defaults(run=_eval)

    bench = commands.add_parser("bench", help="measure ingest, retrieval and answer speed against llama-index defaults")
    bench.add_argument("--quick", action="store_true", help="small sizes and a few questions (CI)")
    bench.add_argument("--out", type=Path, default=Path("bench"), help="where RESULTS.md and results.png go")
    bench.add_argument("--part", action="append", help="ingest, retrieval or answer (repeatable; default: all)")
    bench.set_defaults(run=_bench)

    ui = commands.add_parser("ui", help="serve the chat UI (default http://127.0.0.1:7860)")
    ui.add_argument("--host", help="address to listen on (default: $CAIBAO_UI_HOST or 127.0.0.1)")
    ui.add_argument("--port", type=int, help="port (default: $CAIBAO_UI_PORT or 7860)")
    ui.add_argument("--top-k", type=int, help="passages given to the model, until changed in the UI")
    ui.set_defaults(run=_ui)

    serve = commands.add_parser("serve", help="serve the OpenAI-compatible HTTP API (default http://127.0.0.1:8000/v1)")
    serve.add_argument("--host", dest="api_host", help="address to listen on (default: $CAIBAO_API_HOST or 127.0.0.1; "
                       "another than loopback needs $CAIBAO_API_KEY)")  # fmt: skip
    serve.add_argument("--port", dest="api_port", type=int, help="port (default: $CAIBAO_API_PORT or 8000)")
    serve.set_defaults(run=_serve)
    return parser


def _ingest(assistant: Assistant, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    failures = 0
    metadata = DocumentMetadata(
        company=args.company, period=args.period, doc_type=args.doc_type, published=args.published
    )
    paths = expand_paths(args.paths)
    with assistant.library.batch():
        for number, path in enumerate(paths, 1):
            with PhaseBars(f"[{number}/{len(paths)}] {path.name}") as bars:
                result = assistant.ingest_file(path, metadata=metadata, progress=bars.show)
            if result.ok:
                print(f"{result.status:9} {result.n_chunks:4d} chunks  {path}", file=sys.stderr)
            else:
                failures += 1
                print(f"error     {result.error}", file=sys.stderr)
    print(f"{len(assistant.documents())} documents, {assistant.library.count_chunks()} chunks in {assistant.settings.home} "
          f"({time.perf_counter() - started:.1f} s)")
    return 1 if failures else 0


def _ask(assistant: Assistant, args: argparse.Namespace) -> int:
    assistant.warm_up(read_new=False)  # the prompt states `caibao ui`, `serve` or an eval saved: ~1.6 s, not ~15 s
    answer: Answer | None = None
    streamed = ""
    conversation = args.conversation
    if conversation == "new":
        conversation = assistant.conversations.start().conversation_id
        print(f"conversation {conversation}", file=sys.stderr)
    try:
        for piece in assistant.ask_stream(args.question, company=args.company, period=args.period, conversation=conversation):
            if isinstance(piece, Answer):
                answer = piece
            else:
                print(piece, end="", flush=True)
                streamed += piece
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyError:
        print(f"error: no saved conversation has the id {conversation!r}; `caibao conversations list` shows them",
              file=sys.stderr)  # fmt: skip
        return 2
    assert answer is not None
    print()
    # The checked answer can differ from the draft that streamed: markers re-pointed, unbacked claims removed.
    if answer.text != streamed.strip():
        print(f"{'─' * 20} checked against the sources {'─' * 20}\n{answer.text}")
    if answer.unsupported_figures:
        print(f"removed, not found in the cited passages: {', '.join(answer.unsupported_figures)}")
    print(format_sources(answer))
    if args.debug:
        print(format_debug(answer))
    return 0


def _conversations_list(assistant: Assistant, _args: argparse.Namespace) -> int:
    print(f"{'id':32}  {'turns':>5}  {'last changed':16}  title")
    for info in assistant.conversations.list():
        changed = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.updated_at))
        print(f"{info.conversation_id:32}  {info.n_turns:5d}  {changed:16}  {info.title}")
    return 0


def _conversations_export(assistant: Assistant, args: argparse.Namespace) -> int:
    try:
        print(conversation_markdown(assistant.conversations.get(args.conversation_id)), end="")
    except KeyError:
        print(f"error: no saved conversation has the id {args.conversation_id!r}", file=sys.stderr)
        return 2
    return 0


def _docs_list(assistant: Assistant, _args: argparse.Namespace) -> int:
    documents = sorted(assistant.documents(), key=lambda document: document.ingested_at)
    print(f"{'id':12}  {'company (short name, code)':28}  {'type':16}  {'period':8}  {'chunks':>6}  {'ingested at':16}  title")
    for document in documents:
        ingested = time.strftime("%Y-%m-%d %H:%M", time.localtime(document.ingested_at))
        print(f"{document.doc_id[:12]}  {_company_cell(document):28}  {document.doc_type or '-':16}  "
              f"{_period_cell(document):8}  {document.n_chunks:6d}  {ingested:16}  {document.title}")  # fmt: skip
    print(f"{len(documents)} documents")
    return 0


def _company_cell(document: DocumentInfo) -> str:
    """The company with its short name and code beside it: "贵州茅台酒股份有限公司 (贵州茅台 600519)"."""
    company = document.company or "-"
    others = list(dict.fromkeys(name for name in (document.short_name, document.stock_code) if name and name != company))
    return f"{company} ({' '.join(others)})" if others else company


def _period_cell(document: DocumentInfo) -> str:
    """The period with the filer's fiscal calendar where its year does not end in December: "FY2024Q1 (fiscal year
    ends Jan 31)"."""
    calendar = FiscalCalendar.parse(document.fiscal_year_end).describe()
    return f"{document.period or '-'} ({calendar})" if calendar else document.period or "-"


def _docs_remove(assistant: Assistant, args: argparse.Namespace) -> int:
    try:
        removed = assistant.remove(args.doc_id)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"removed {removed.doc_id[:12]}  {removed.title}")
    return 0


def _eval(assistant: Assistant, args: argparse.Namespace) -> int:
    if args.tatqa:
        return _eval_tatqa(assistant, args)
    from evals import SAMPLE_CORPUS, SAMPLE_GOLD, load_gold, run_eval
    from evals.report import failed_thresholds, item_line, summary_table, write_report

    gold = args.gold or [SAMPLE_GOLD]
    corpus = args.corpus or ([] if args.gold else [SAMPLE_CORPUS])
    failed = [result for result in assistant.ingest(corpus) if not result.ok]
    for result in failed:
        print(f"error: {result.error}", file=sys.stderr)
    n_items = sum(len(load_gold(path)) for path in gold)
    with tqdm(total=n_items, desc="eval", unit="q", file=sys.stderr) as progress:
        report = run_eval(assistant, gold, on_item=lambda result: (tqdm.write(item_line(result)), progress.update()))
    print(summary_table(report))
    for path in write_report(report, args.out):
        print(f"wrote {path}")
    below = failed_thresholds(report) if args.check else []
    for failure in below:
        print(f"below threshold: {failure}", file=sys.stderr)
    return 1 if below or failed else 0


def _eval_tatqa(assistant: Assistant, args: argparse.Namespace) -> int:
    from evals.tatqa import CI_SEED, ci_subset, load_contexts, of_answer_types, run_tatqa
    from evals.tatqa_report import failed_tatqa_thresholds, tatqa_item_line, tatqa_summary, write_tatqa_report

    try:
        contexts = load_contexts(args.tatqa)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read {args.tatqa} as a TAT-QA file: {error}", file=sys.stderr)
        return 2
    if args.answer_type:
        contexts = of_answer_types(contexts, args.answer_type)
    if args.limit is not None:
        contexts = ci_subset(contexts, args.limit, CI_SEED if args.seed is None else args.seed)
    n_items = sum(len(context.questions) for context in contexts)
    with tqdm(total=n_items, desc="tatqa", unit="q", file=sys.stderr) as progress:
        report = run_tatqa(assistant, contexts, dataset=str(args.tatqa),
                           on_item=lambda item: (tqdm.write(tatqa_item_line(item)), progress.update()))  # fmt: skip
    print(tatqa_summary(report))
    for path in write_tatqa_report(report, args.out):
        print(f"wrote {path}")
    below = failed_tatqa_thresholds(report) if args.check else []
    for failure in below:
        print(f"below threshold: {failure}", file=sys.stderr)
    return 1 if below else 0


def _bench(_assistant: Assistant, args: argparse.Namespace) -> int:
    from bench.run import PART_NAMES, run_bench

    unknown = set(args.part or ()) - set(PART_NAMES)
    if unknown:
        print(f"error: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PART_NAMES)}", file=sys.stderr)
        return 2
    for path in run_bench(args.quick, args.out, tuple(args.part or PART_NAMES)):
        print(f"wrote {path}")
    return 0


def _ui(assistant: Assistant, _args: argparse.Namespace) -> int:
    # Imported here: gradio takes seconds to import and only this command needs it.
    from ui import build_app, launch

    print("loading models and reading the prompts' fixed part, so the first answer is as fast as the next …", flush=True)
    assistant.warm_up()
    launch(build_app(assistant), assistant.settings)
    return 0


def _serve(assistant: Assistant, _args: argparse.Namespace) -> int:
    # Imported here, like the UI: only this command needs the web stack.
    from api import serve

    try:
        serve(assistant)
    except ValueError as error:  # a public address without an API key
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
