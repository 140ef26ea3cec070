import itertools
import re

import pytest

from ingest import SourceDocument, chunk_document, load_document, split_sentences
from tests.conftest import SAMPLE

NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*%?")


def _document(text: str) -> SourceDocument:
    return SourceDocument(doc_id="d" * 64, source="/x.txt", title="x", text=text, encoding="utf-8")


def test_split_sentences_splits_on_chinese_and_english_terminators():
    text = "收入增长13%。利润呢？很好！Revenue rose 3.5% to $317.42 million. Margins held; fine"
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == ["收入增长13%。", "利润呢？", "很好！", "Revenue rose 3.5% to $317.42 million.", "Margins held; fine"]


def test_split_sentences_keeps_abbreviations_and_decimals_whole():
    text = "Mr. Wu said U.S. sales were 1.5 billion. Next sentence."
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == ["Mr. Wu said U.S. sales were 1.5 billion.", "Next sentence."]


def test_split_sentences_cuts_an_overlong_sentence_at_a_soft_break_never_inside_a_number():
    text = "收入" + "，增长 317.42 亿元" * 60
    spans = split_sentences(text, max_chars=100)
    assert len(spans) > 1
    assert all(end - start <= 100 for start, end in spans)
    for start, end in spans:
        piece = text[start:end]
        assert "317.42" in piece or "317" not in piece


def test_chunk_spans_reproduce_the_sample_text():
    document = load_document(SAMPLE)
    chunks = chunk_document(document)
    assert len(chunks) >= 10
    for chunk in chunks:
        assert document.text[chunk.char_start : chunk.char_end] == chunk.text
    assert [chunk.chunk_index for chunk in chunks] == list(range(len(chunks)))


def test_chunk_sizes_stay_within_bounds_on_the_sample():
    chunks = chunk_document(load_document(SAMPLE), min_chars=150, max_chars=400)
    assert all(len(chunk.text) <= 400 for chunk in chunks)
    assert all(len(chunk.text) >= 150 for chunk in chunks)


def test_no_chunk_boundary_cuts_a_number():
    document = load_document(SAMPLE)
    numbers = {(m.start(), m.end()) for m in NUMBER.finditer(document.text)}
    for chunk in chunk_document(document):
        for start, end in numbers:
            inside = chunk.char_start < end and start < chunk.char_end
            assert not inside or (chunk.char_start <= start and end <= chunk.char_end), document.text[start:end]
    assert any("317.42" in chunk.text for chunk in chunk_document(document))


def test_consecutive_chunks_overlap_by_one_sentence():
    text = "".join(f"第{i}句话的内容在这里写得比较长一些，用来测试重叠。" for i in range(40))
    chunks = chunk_document(_document(text), min_chars=50, max_chars=120)
    for previous, current in itertools.pairwise(chunks):
        assert current.char_start < previous.char_end
        assert text[current.char_start : previous.char_end].endswith("。")


def test_chunk_ids_are_deterministic_and_distinct():
    document = load_document(SAMPLE)
    first, second = chunk_document(document), chunk_document(document)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert len({c.chunk_id for c in first}) == len(first)


@pytest.mark.parametrize("text", ["短。", "One sentence only"])
def test_a_short_document_is_one_chunk(text):
    [chunk] = chunk_document(_document(text))
    assert chunk.text == text
