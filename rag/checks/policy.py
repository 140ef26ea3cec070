"""The answer policy: what a draft is worth, whether it abstains, when it gets a retry and which of two wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fintext.text import tokenize
from fintext.text import detect_language
from rag.checks.citations import normalize_markers, repair_markers, split_claims, strip_markers
from rag.checks.verify import Grounding, check_grounding, echoes_question
from rag.generation.prompts import ECHO_RETRY_PROMPT, LANGUAGE_RETRY_PROMPT, NOT_FOUND, RETRY_PROMPT
from rag.language import LANGUAGE_NAMES
from rag.types import Passage

# Refusals the model writes in its own words instead of NOT_FOUND; an uncited one is an abstention.
REFUSAL = re.compile(
    r"未提及|没有提及|没有提到|未提供|没有提供|无法回答|无法确定|没有相关|不包含|"
    r"not (?:mentioned|provided|specified|stated|given|contain)|do(?:es)? not (?:mention|provide|contain|say|specify)|"
    r"cannot be (?:determined|answered)|no information",
    re.IGNORECASE,
)

# Fewer words than this ("By 9%") do not show which language an answer is in.
_MIN_WORDS_FOR_LANGUAGE = 3


def is_refusal(text: str) -> bool:
    """Whether `text` says, in the model's own words, that the passages do not answer."""
    return bool(REFUSAL.search(text))


def is_abstention(text: str, cited: bool) -> bool:
    """Empty, the NOT_FOUND sentinel, or an uncited refusal."""
    return not text or NOT_FOUND in text or (not cited and is_refusal(text))


def in_other_language(text: str, language: str) -> bool:
    """Whether `text` is written in another language; a bare figure ("9%[2]") is in every language."""
    words = tokenize(strip_markers(text))
    return len(words) >= _MIN_WORDS_FOR_LANGUAGE and detect_language(" ".join(words)) != language


@dataclass(frozen=True)
class Draft:
    """One generated answer: markers normalised and repaired, whether it abstains, and its grounding."""

    text: str
    abstains: bool
    grounding: Grounding
    echoes: bool = False  # it only restates the question

    @classmethod
    def of(cls, raw: str, passages: list[Passage], question: str) -> Draft:
        text = normalize_markers(raw.strip(), len(passages))
        # Judged before markers are repaired: a refusal that echoes a passage's words must not gain a citation.
        # normalize_markers kept only markers naming a passage, so any marker left is a citation.
        if is_abstention(text, cited=any(claim.markers for claim in split_claims(text))):
            return cls(text, True, Grounding(()))
        text = repair_markers(text, passages, question)
        sources = {marker: passage.chunk.text for marker, passage in enumerate(passages, start=1)}
        return cls(text, False, check_grounding(text, sources, question), echoes_question(text, question))

    def flaws(self, language: str) -> tuple[int, bool, bool]:
        """Unbacked figures, restating the question, answering in another language: worst first, for comparing."""
        return len(self.grounding.figures), self.echoes, in_other_language(self.text, language)

    def needs_retry(self, language: str) -> bool:
        return not self.abstains and any(self.flaws(language))

    def retry_request(self, language: str) -> str:
        """What to tell the model about this draft's worst flaw when asking it to try again."""
        if not self.grounding.ok:
            return RETRY_PROMPT.format(figures=", ".join(self.grounding.figures))
        if self.echoes:
            return ECHO_RETRY_PROMPT
        return LANGUAGE_RETRY_PROMPT.format(language=LANGUAGE_NAMES[language])


def better_draft(first: Draft, retried: Draft, language: str) -> Draft:
    """Which of a flawed draft and its retry the user gets."""
    if retried.abstains:
        # Giving up beats an unbacked figure or a restated question, not an answer in the other language.
        return retried if first.echoes or not first.grounding.ok else first
    return retried if retried.flaws(language) < first.flaws(language) else first


class SentinelGate:
    """Holds streamed text back while it could still be the NOT_FOUND sentinel, so it never reaches a user."""

    def __init__(self) -> None:
        self._held = ""
        self._open = False

    def feed(self, delta: str) -> str:
        """The part of the stream so far that may be shown now."""
        if self._open:
            return delta
        self._held += delta
        stripped = self._held.lstrip()
        if NOT_FOUND.startswith(stripped) or stripped.startswith(NOT_FOUND):
            return ""
        self._open = True
        return self._held
