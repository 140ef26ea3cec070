"""Picking the sentences of a cited passage that the answer used, located in the source document."""

from __future__ import annotations

from fintext.figures import extract_figures
from fintext.text import tokenize
from ingest import ChunkRecord, split_sentences
from rag.checks.evidence import Evidence
from rag.types import Passage, Quote

# A paraphrase spreads its words over a passage, so one sentence is held to a lower share than the one
# that ties an uncited claim to a whole passage in rag.checks.citations.
_MIN_WORD_SHARE = 0.5


def quote_sentences(claims: list[str], passage: Passage) -> tuple[Quote, ...]:
    """The sentences of `passage` that `claims` used, in document order, each once.

    A claim with figures used the sentence stating each of them (of several, the one stating most of the
    claim's figures, then sharing most of its words); a figure the passage does not state quotes nothing.
    A claim without figures used the sentence sharing most of its words, if it shares at least half of them.
    """
    chunk = passage.chunk
    spans = split_sentences(chunk.text)
    sentences = [Evidence.of(chunk.text[start:end]) for start, end in spans]
    used = sorted({index for claim in claims for index in _used(claim, sentences)})
    return tuple(_quote(chunk, *spans[index]) for index in used)


def _used(claim: str, sentences: list[Evidence]) -> set[int]:
    """Indexes of the sentences `claim` used."""
    figures = extract_figures(claim)
    words = set(tokenize(claim))

    def fit(index: int) -> tuple[int, float]:
        sentence = sentences[index]
        return sum(map(sentence.states, figures)), sentence.word_share(words)

    if figures:
        stating = [[index for index, sentence in enumerate(sentences) if sentence.states(figure)] for figure in figures]
        return {max(indexes, key=fit) for indexes in stating if indexes}
    best = max(range(len(sentences)), key=fit, default=None)
    return {best} if best is not None and sentences[best].word_share(words) >= _MIN_WORD_SHARE else set()


def _quote(chunk: ChunkRecord, start: int, end: int) -> Quote:
    return Quote(chunk.text[start:end], chunk.char_start + start, chunk.char_start + end)
