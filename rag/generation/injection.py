"""Sentences in a filing that address the model rather than the reader are dropped from its prompt."""

from __future__ import annotations

import re

from ingest import split_sentences

# Instructions aimed at an assistant, not statements about a company: "ignore the previous instructions",
# "忽略之前的所有指令", "SYSTEM: you are now ...". A filing has no reason to say these to its reader.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|directions)\b"
    r"|\byou are now\b|\b(?:system|assistant)\s*:|\breply only with\b|\banswer only\b"
    r"|(?:忽略|无视|忘记|忘掉|不要理会)[^。！？\n]{0,20}(?:指令|指示|提示词?|规则|要求)"
    r"|(?:系统|助手)\s*[:：]|你现在是",
    re.IGNORECASE,
)


def without_instructions(text: str) -> str:
    """`text` without the sentences that give the model instructions; the stored passage is unchanged."""
    pieces, position = [], 0
    for start, end in split_sentences(text):
        if _INSTRUCTION.search(text[start:end]):
            pieces.append(text[position:start])
            position = end
    return "".join(pieces) + text[position:]
