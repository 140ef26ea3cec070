"""Persistence: the Library of documents (Chroma + BM25 + manifest) and the embedding models."""

from store.offline import apply_offline_env

apply_offline_env()

from store.embedder import make_embedder  # noqa: E402
from store.library import AddResult, Library, ScoredChunk  # noqa: E402
from store.manifest import DocumentInfo  # noqa: E402

__all__ = ["AddResult", "DocumentInfo", "Library", "ScoredChunk", "make_embedder"]
