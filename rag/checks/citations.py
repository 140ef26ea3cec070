"""Reading `[n]` citation markers out of generated text, pointing them at the right passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fintext.figures import Figure, extract_figures, matches_any
from fintext.text import MARKER, tokenize
from rag.checks.evidence import Evidence
from rag.checks.quotes import quote_sentences
from rag.types import Citation, Passage

_MARKER_RUN = re.compile(r"(?:\s*\[\d+\])+")
# Variants small models write instead of [n]: 【1】, [1, 2], [1、2], [1][2] all become [1][2].
_MARKER_GROUP = re.compile(r"[\[【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】]")
_GROUP_SEPARATOR = re.compile(r"\s*[,，、]\s*")
_CLOSING_PUNCTUATION = "。.！!？?；;，, \n"
# An uncited claim without figures is tied to the passage sharing most of its words, if it shares this many.
_MIN_WORD_OVERLAP = 0.6


def normalize_markers(text: str, n_passages: int) -> str:
    """Rewrite marker variants as [n] and drop markers that point at no passage."""

    def rewrite(match: re.Match[str]) -> str:
        numbers = [int(number) for number in _GROUP_SEPARATOR.split(match.group(1))]
        return "".join(f"[{number}]" for number in numbers if 1 <= number <= n_passages)

    return _MARKER_GROUP.sub(rewrite, text)


def strip_markers(text: str) -> str:
    """The text without its [n] markers, so their numbers are not read as figures."""
    return MARKER.sub(" ", text)


@dataclass(frozen=True)
class Claim:
    """A stretch of answer text and the run of markers that closes it ("" and () for an uncited tail)."""

    text: str
    markers: tuple[int, ...]
    run: str


def split_claims(text: str) -> list[Claim]:
    """The answer as claims: each is the text before a run of markers, or the trailing text with none."""
    claims = []
    position = 0
    for run in _MARKER_RUN.finditer(text):
        markers = tuple(int(number) for number in MARKER.findall(run.group()))
        claims.append(Claim(text[position : run.start()], markers, run.group()))
        position = run.end()
    if position < len(text):
        claims.append(Claim(text[position:], (), ""))
    return claims


def join_claims(claims: list[Claim]) -> str:
    return "".join(claim.text + claim.run for claim in claims)


def question_numbers(question: str) -> list[Figure]:
    """The bare numbers `question` gives (a year, a quarter's "Q1"): an answer restating them claims no fact, so
    they need no passage; an amount or a percentage always does."""
    return [figure for figure in extract_figures(question) if figure.kind == "number"]


def claimed_figures(claim: str, given: list[Figure]) -> list[Figure]:
    """The figures `claim` states that are not numbers the question gave (`question_numbers`)."""
    return [figure for figure in extract_figures(claim) if not matches_any(figure, given)]


def repair_markers(text: str, passages: list[Passage], question: str = "") -> str:
    """Point each claim's markers at a passage that states the claim's figures.

    Small models often cite the neighbour of the right passage; when no cited passage holds all of a
    claim's figures and another passage does, that passage's marker replaces them. A claim with no marker
    gets the passage holding its figures or, without figures, the passage sharing most of its words.
    The year or quarter a claim repeats from `question` is no figure a passage must hold: "in Q1 2023" would
    otherwise leave every passage short of the "1" and the "2023".
    """
    evidence = [Evidence.of(passage.chunk.text) for passage in passages]
    given = question_numbers(question)
    return "".join(
        _with_markers(claim, _markers_for(claimed_figures(claim.text, given), claim.text, list(claim.markers), evidence))
        for claim in split_claims(text)
    )


def _with_markers(claim: Claim, markers: list[int]) -> str:
    if tuple(markers) == claim.markers:
        return claim.text + claim.run
    if claim.run:
        spacing = claim.run[: len(claim.run) - len(claim.run.lstrip())]
        return claim.text + spacing + _render(markers)
    body = claim.text.rstrip(_CLOSING_PUNCTUATION)
    return body + _render(markers) + claim.text[len(body) :]


def cite(text: str, passages: list[Passage]) -> tuple[Citation, ...]:
    """One Citation per distinct marker in `text`, in order of first use; marker n is passages[n-1].

    Each carries the sentences of its passage that the claims citing it used (see `quote_sentences`).
    """
    claims = split_claims(text)
    markers = dict.fromkeys(marker for claim in claims for marker in claim.markers)
    return tuple(_citation(marker, passages[marker - 1], claims) for marker in markers if 1 <= marker <= len(passages))


def _citation(marker: int, passage: Passage, claims: list[Claim]) -> Citation:
    citing = [claim.text for claim in claims if marker in claim.markers]
    return Citation.of(marker, passage, quote_sentences(citing, passage))


def _markers_for(claimed: list[Figure], claim: str, cited: list[int], evidence: list[Evidence]) -> list[int]:
    if not claimed:
        return cited or _best_word_match(claim, evidence)
    supporting = [
        marker
        for marker, offered in enumerate(evidence, start=1)
        if all(offered.states(figure) for figure in claimed)
    ]
    kept = [marker for marker in cited if marker in supporting]
    if kept:
        return kept
    return supporting[:1] or cited


def _best_word_match(claim: str, evidence: list[Evidence]) -> list[int]:
    words = set(tokenize(claim))
    if not words or not evidence:
        return []
    overlaps = [offered.word_share(words) for offered in evidence]
    best = max(range(len(overlaps)), key=overlaps.__getitem__)
    return [best + 1] if overlaps[best] >= _MIN_WORD_OVERLAP else []


def _render(markers: list[int]) -> str:
    return "".join(f"[{marker}]" for marker in markers)
