from ingest import ChunkRecord
from rag.citations import cite, normalize_markers
from rag.types import Passage


def _passages(n: int) -> list[Passage]:
    return [
        Passage(ChunkRecord(f"c{i}", "d", "/s.txt", "t", i, i * 10, i * 10 + 5, f"text {i}"), 1.0 / i, i)
        for i in range(1, n + 1)
    ]


def test_normalize_markers_rewrites_variants_and_drops_out_of_range_markers():
    text = "增长13%【1】。利润[2, 3]与[2、1]，另有[7]和[0]。"
    assert normalize_markers(text, 3) == "增长13%[1]。利润[2][3]与[2][1]，另有和。"


def test_normalize_markers_leaves_other_brackets_alone():
    assert normalize_markers("a [note] [1]", 2) == "a [note] [1]"


def test_cite_maps_marker_n_to_passage_n_in_order_of_first_use():
    passages = _passages(3)
    citations = cite("b [3]. a [1]. again [3].", passages)
    assert [c.marker for c in citations] == [3, 1]
    assert [c.chunk_id for c in citations] == ["c3", "c1"]
    assert citations[0].text == "text 3"
    assert (citations[0].char_start, citations[0].char_end) == (30, 35)


def test_cite_without_markers_is_empty():
    assert cite("no markers here", _passages(2)) == ()
