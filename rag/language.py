"""The languages answers are written in, and the fixed abstention message for each."""

from __future__ import annotations

ABSTENTION_MESSAGES = {
    "zh": "文档中没有找到这个问题的答案。",
    "en": "The documents do not contain the answer to this question.",
}
# When the question names a year no document reports on: which year, and what the library (or the company) holds.
NO_PERIOD_MESSAGES = {
    "zh": "文档库中没有{period}的报告，无法回答；现有文件：{held}。",
    "en": "The library holds no report for {period}, so this cannot be answered; it holds: {held}.",
}
# When the question names a company (or another name) that no document mentions: that name, and what there is.
NO_COMPANY_MESSAGES = {
    "zh": "文档库中没有关于“{name}”的文件，无法回答；现有文件：{held}。",
    "en": "No document in the library is about {name}, so this cannot be answered; it holds: {held}.",
}
# When an average, a sum or a difference is asked and no formula over cited figures computed it: the model's free
# answer would quote one of its operands as the whole (a year's figure as the average).
NOT_COMPUTED_MESSAGES = {
    "zh": "文档中有相关数据，但未能从有出处的数据中算出所问的数值，因此不作回答。",
    "en": "The documents hold related figures, but the figure asked could not be computed from cited figures, so it is not answered.",
}
LANGUAGE_NAMES = {"zh": "简体中文 (Simplified Chinese)", "en": "English"}
