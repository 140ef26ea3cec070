"""The text around a cited passage: its neighbouring chunks stitched back into the document's own words."""

import dataclasses

from ingest import ChunkRecord, SourceDocument, chunk_document
from rag import Citation, PassageContext
from rag.workspace.context import GAP, passage_context
from store.manifest import DocumentInfo, Manifest

SENTENCES = [f"第{n}段：本季度营业收入同比增长{n}%，经营利润为{n * 10}亿元。" for n in range(1, 41)]
TEXT = "".join(SENTENCES)


def _document(doc_id: str) -> SourceDocument:
    return SourceDocument(doc_id, f"/{doc_id}.txt", doc_id, TEXT, "utf-8")


def _cited(chunk: ChunkRecord) -> Citation:
    return Citation(1, chunk.title, chunk.source, chunk.doc_id, chunk.chunk_id, chunk.char_start, chunk.char_end,
                    chunk.text, 0.5)  # fmt: skip


def test_overlapping_neighbours_give_each_character_of_the_document_once():
    chunks = chunk_document(_document("a"), min_chars=60, max_chars=120)
    assert len(chunks) >= 5 and chunks[2].char_start < chunks[1].char_end  # the splitter overlaps them
    context = passage_context(_cited(chunks[2]), chunks[1:4])
    assert context == PassageContext(TEXT[chunks[1].char_start : chunks[2].char_start],
                                     TEXT[chunks[2].char_end : chunks[3].char_end])  # fmt: skip


def test_the_first_and_last_passages_have_nothing_on_their_outer_side():
    chunks = chunk_document(_document("a"), min_chars=60, max_chars=120)
    assert passage_context(_cited(chunks[0]), chunks[:2]).before == ""
    assert passage_context(_cited(chunks[-1]), chunks[-2:]).after == ""


def test_a_stretch_no_neighbour_holds_is_marked_as_left_out():
    chunks = chunk_document(_document("a"), min_chars=60, max_chars=120)
    early = dataclasses.replace(chunks[0], char_end=10, text=TEXT[:10])
    context = passage_context(_cited(chunks[2]), [early, chunks[2]])
    assert context.before == TEXT[:10] + GAP


def test_the_manifest_returns_a_chunks_neighbours_within_its_own_document(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    for doc_id in ("a", "b"):
        document = _document(doc_id)
        chunks = chunk_document(document, min_chars=60, max_chars=120)
        manifest.put(DocumentInfo.new(document, len(chunks)), chunks)
    around = manifest.chunks_around(chunks[3].chunk_id, 1)
    assert [chunk.chunk_index for chunk in around] == [2, 3, 4]
    assert {chunk.doc_id for chunk in around} == {"b"}
    assert [chunk.chunk_index for chunk in manifest.chunks_around(chunks[0].chunk_id, 2)] == [0, 1, 2]
    assert manifest.chunks_around("gone", 1) == []
