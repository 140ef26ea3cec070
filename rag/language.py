"""The languages answers are written in, and the fixed abstention message for each."""

from __future__ import annotations

from ingest.text import detect_language

__all__ = ["ABSTENTION_MESSAGES", "LANGUAGE_NAMES", "detect_language"]

ABSTENTION_MESSAGES = {
    "zh": "文档中没有找到这个问题的答案。",
    "en": "The documents do not contain the answer to this question.",
}
LANGUAGE_NAMES = {"zh": "简体中文 (Simplified Chinese)", "en": "English"}
