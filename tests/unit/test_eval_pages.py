"""Gold items pinned to a file and its pages: evidence counts only in a passage from that file and one of those pages."""

import json

import pytest

from evals.gold import GoldItem, load_gold
from evals.score import holds_evidence, score_answer
from ingest import ChunkRecord
from rag import Answer, Citation, Passage

SOURCE = "moutai_2020_annual_report.pdf"
EVIDENCE = "94,915,380,916.72"
# How the income statement's row reads once extracted: the table's cells spaced and wrapped at will.
PASSAGE = "合并利润表\n项目 2020年度 2019年度\n其中：营业收入 94,915,380, 916.72\n85,429,573,467.25"


def _item(source=SOURCE, pages=(5, 53), evidence=EVIDENCE) -> GoldItem:
    return GoldItem(
        "moutai-fig-zh-001", "贵州茅台2020年的营业收入是多少？", "zh", "figure", True, ("94,915,380,916.72元",), (),
        evidence, source, tuple(pages),
    )  # fmt: skip


def _passage(text=PASSAGE, source=f"/home/analyst/filings/{SOURCE}", page: int | None = 53, rank=1) -> Passage:
    chunk = ChunkRecord(
        chunk_id=f"c{rank}", doc_id="d", source=source, title="贵州茅台2020年年度报告", chunk_index=0,
        char_start=0, char_end=len(text), text=text, page=page,
    )  # fmt: skip
    return Passage(chunk, 0.03, rank)


def _answer(*passages: Passage) -> Answer:
    citations = tuple(Citation.of(marker, passage) for marker, passage in enumerate(passages, start=1))
    return Answer("q", "2020年营业收入为949.15亿元[1]。", citations, False, "zh", {"total_s": 1.0})


def test_a_passage_of_the_right_file_and_page_holds_the_evidence_whatever_its_spacing():
    passage = _passage()
    result = score_answer(_item(), _answer(passage), [passage])
    assert result.citation_hit is True
    assert result.evidence_rank == 1


def test_the_same_text_on_a_page_not_listed_does_not_hold_the_evidence():
    passage = _passage(page=54)
    result = score_answer(_item(), _answer(passage), [passage])
    assert result.citation_hit is False
    assert result.evidence_rank is None


def test_a_passage_without_a_page_does_not_hold_evidence_pinned_to_pages():
    assert not holds_evidence(_item(), PASSAGE, f"/filings/{SOURCE}", None)


@pytest.mark.parametrize(
    "source", ["/filings/microsoft_2019_10k.pdf", f"/filings/{SOURCE}.txt", f"/filings/old_{SOURCE}", "paste"]
)
def test_the_same_text_and_page_from_another_file_does_not_hold_the_evidence(source):
    passage = _passage(source=source)
    result = score_answer(_item(), _answer(passage), [passage])
    assert result.citation_hit is False
    assert result.evidence_rank is None


@pytest.mark.parametrize("source", [SOURCE, f"/work/shared/filings/{SOURCE}", f"C:\\filings\\{SOURCE}"])
def test_the_file_is_matched_by_its_name_at_the_end_of_the_path(source):
    assert holds_evidence(_item(), PASSAGE, source, 53)


def test_the_rank_is_that_of_the_first_passage_on_a_listed_page():
    retrieved = [_passage(page=54, rank=1), _passage(source="/filings/apple_2023q3_10q.pdf", rank=2), _passage(rank=3)]
    assert score_answer(_item(), _answer(*retrieved), retrieved).evidence_rank == 3


def test_any_cited_passage_on_a_listed_page_is_a_citation_hit():
    cited = (_passage(page=54, rank=1), _passage(page=5, rank=2))
    assert score_answer(_item(), _answer(*cited), list(cited)).citation_hit is True


def test_a_passage_on_the_right_page_without_the_evidence_does_not_hold_it():
    passage = _passage(text="其中：营业收入 85,429,573,467.25")
    assert score_answer(_item(), _answer(passage), [passage]).citation_hit is False


def test_an_item_naming_its_file_but_no_pages_accepts_any_page_of_that_file():
    item = _item(pages=())
    assert holds_evidence(item, PASSAGE, f"/filings/{SOURCE}", 99)
    assert holds_evidence(item, PASSAGE, f"/filings/{SOURCE}", None)
    assert not holds_evidence(item, PASSAGE, "/filings/intel_2022q4_earnings.pdf", 53)


def test_an_item_listing_pages_but_no_file_accepts_those_pages_of_any_file():
    item = _item(source="")
    assert holds_evidence(item, PASSAGE, "/filings/anything.pdf", 5)
    assert not holds_evidence(item, PASSAGE, "/filings/anything.pdf", 6)


def test_items_without_file_or_pages_still_need_the_evidence_verbatim_anywhere():
    item = _item(source="", pages=(), evidence="营业收入 94,915,380,")
    assert holds_evidence(item, PASSAGE, "/elsewhere/notes.txt", None)
    assert holds_evidence(item, PASSAGE, "/elsewhere/notes.txt", 7)
    # Without a file or pages the check is today's verbatim one: a different spacing is a miss.
    assert not holds_evidence(item, "营业收入  94,915,380,", "/elsewhere/notes.txt", None)
    assert not holds_evidence(item, "营业收入94,915,380,", "/elsewhere/notes.txt", None)


def test_items_without_file_or_pages_score_exactly_as_before():
    item = _item(source="", pages=(), evidence="94,915,380, 916.72")
    passage = _passage(source="/s.txt", page=None)
    result = score_answer(item, _answer(passage), [passage])
    assert (result.citation_hit, result.evidence_rank) == (True, 1)
    spaced_differently = _item(source="", pages=(), evidence="94,915,380,916.72")
    result = score_answer(spaced_differently, _answer(passage), [passage])
    assert (result.citation_hit, result.evidence_rank) == (False, None)


def test_gold_lines_without_source_and_pages_load_with_empty_defaults(tmp_path):
    path = tmp_path / "old.jsonl"
    line = {"id": "a", "question": "q", "lang": "zh", "category": "figure", "answerable": True, "evidence": "e"}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    [item] = load_gold(path)
    assert (item.source, item.pages) == ("", ())


def test_gold_lines_with_source_and_pages_load_them(tmp_path):
    path = tmp_path / "filings.jsonl"
    line = {"id": "a", "question": "q", "lang": "zh", "category": "figure", "answerable": True, "evidence": "e"}
    path.write_text(json.dumps(line | {"source": SOURCE, "pages": [5, 53]}) + "\n", encoding="utf-8")
    [item] = load_gold(path)
    assert (item.source, item.pages) == (SOURCE, (5, 53))


@pytest.mark.parametrize("pages", [[0], ["5"], 5, [True], [5.0]])
def test_a_gold_line_with_malformed_pages_names_the_file_and_line(tmp_path, pages):
    path = tmp_path / "bad.jsonl"
    line = {"id": "a", "question": "q", "lang": "zh", "category": "figure", "answerable": True, "pages": pages}
    path.write_text("\n" + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: pages"):
        load_gold(path)
