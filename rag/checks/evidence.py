"""What a stretch of source text offers a claim: the figures it states and the words it uses."""

from __future__ import annotations

from dataclasses import dataclass

from fintext.figures import Figure, extract_figures, matches_any
from fintext.text import tokenize


@dataclass(frozen=True)
class Evidence:
    """The figures and search words of a passage or a sentence."""

    figures: tuple[Figure, ...]
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Evidence:
        return cls(tuple(extract_figures(text)), frozenset(tokenize(text)))

    def states(self, figure: Figure) -> bool:
        return matches_any(figure, self.figures)

    def word_share(self, words: set[str]) -> float:
        """The share of `words` this text also uses; 0 when there are none."""
        return len(words & self.words) / len(words) if words else 0.0
