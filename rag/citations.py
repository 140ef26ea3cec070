"""Reading `[n]` citation markers out of generated text and tying them to passages."""

from __future__ import annotations

import re

from rag.types import Citation, Passage

_MARKER = re.compile(r"\[(\d+)\]")
# Variants small models write instead of [n]: 【1】, [1, 2], [1、2], [1][2] all become [1][2].
_MARKER_GROUP = re.compile(r"[\[【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】]")
_GROUP_SEPARATOR = re.compile(r"\s*[,，、]\s*")


def normalize_markers(text: str, n_passages: int) -> str:
    """Rewrite marker variants as [n] and drop markers that point at no passage."""

    def rewrite(match: re.Match[str]) -> str:
        numbers = [int(number) for number in _GROUP_SEPARATOR.split(match.group(1))]
        return "".join(f"[{number}]" for number in numbers if 1 <= number <= n_passages)

    return _MARKER_GROUP.sub(rewrite, text)


def cite(text: str, passages: list[Passage]) -> tuple[Citation, ...]:
    """One Citation per distinct marker in `text`, in order of first use; marker n is passages[n-1]."""
    markers = dict.fromkeys(int(number) for number in _MARKER.findall(text))
    return tuple(Citation.of(marker, passages[marker - 1]) for marker in markers if 1 <= marker <= len(passages))
