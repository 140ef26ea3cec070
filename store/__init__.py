"""Persistence: the Library of documents (Chroma + BM25 + manifest) and the embedding models."""

from store.offline import apply_offline_env

apply_offline_env()

from store.embedder import make_embedder
from store.library import AddResult, Library, ScoredChunk
from store.manifest import DocumentInfo

__all__ = ["AddResult", "DocumentInfo", "Library", "ScoredChunk", "make_embedder"]
