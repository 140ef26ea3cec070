import pytest

from ingest import IngestError, load_document
from tests.conftest import SAMPLE

GBK_TEXT = "阿里云智能集团收入 317.42 亿，同比增长 13%。"


def test_the_utf8_sample_loads_with_its_title_and_a_content_hash_id(sample_text):
    document = load_document(SAMPLE)
    assert document.text == sample_text
    assert document.title.startswith("今天小编分享的科技经验")
    assert len(document.doc_id) == 64
    assert document.source == str(SAMPLE)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_legacy_encodings_are_decoded_as_gb18030(tmp_path, encoding):
    path = tmp_path / "gbk.txt"
    path.write_bytes(GBK_TEXT.encode(encoding))
    document = load_document(path)
    assert document.text == GBK_TEXT
    assert document.encoding == "gb18030"


def test_same_text_in_different_encodings_has_the_same_doc_id(tmp_path):
    (tmp_path / "a.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(GBK_TEXT.encode("utf-8"))
    assert load_document(tmp_path / "a.txt").doc_id == load_document(tmp_path / "b.txt").doc_id


def test_windows_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes("# 标题\r\n正文。\r\n".encode())
    document = load_document(path)
    assert document.text == "# 标题\n正文。\n"
    assert document.title == "标题"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "no text"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "binary"),
        ("table.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_bad_files_raise_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as raised:
        load_document(path)
    assert "\n" not in str(raised.value)


def test_missing_path_and_directory_raise_a_clear_error(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        load_document(tmp_path / "missing.txt")
    with pytest.raises(IngestError, match="is a directory"):
        load_document(tmp_path)


def test_a_markdown_tables_rows_are_labelled_by_their_heads_and_caption(tmp_path):
    path = tmp_path / "bank.md"
    path.write_text(
        "# 財務績效\n\n單位：新臺幣千元\n\n| 項目 | 113 年度 | 112 年度 |\n| --- | --- | --- |\n"
        "| 利息淨收益 | 36,832,209 | 38,166,328 |\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "利息淨收益 | 113 年度: 36,832,209千元 | 112 年度: 38,166,328千元" in text
    plain = tmp_path / "notes.txt"
    plain.write_text("| a | 1 |\n| --- | --- |\n| b | 2 |\n", encoding="utf-8")
    assert load_document(plain).text.startswith("| a | 1 |")  # only Markdown's tables are read as tables
