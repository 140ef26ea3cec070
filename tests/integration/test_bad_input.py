"""Bad input: a rejected file fails alone in one clear line and leaves the library exactly as it was."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from pathlib import Path

import gradio as gr
import httpx
import pytest
from fpdf import FPDF
from gradio.utils import get_upload_folder
from PIL import Image

from rag.workspace.files import UPLOAD_SOURCE_PREFIX
from tests.conftest import FIXTURES, free_port, new_assistant
from tests.unit.test_load_html import ARTICLE
from ui.app import _ingest_uploads, build_app, launch

FIXTURE = FIXTURES / "xinghe_2024q4.pdf"
GOOD = FIXTURES / "library" / "xinghe_2024q3.md"
# 32 bytes in UTF-8, so the big file is exactly 50 MB.
BIG_LINE = "营业收入同比增长 13%。\n".encode()
SCRIPT = "var revenue = window.__DATA__ || {}; function track(e) { console.log('clicked', e); }"
STYLE = "body { color: red; } .ad { display: none; }"
NOSCRIPT = "Please enable JavaScript to view this page."
# What the scripts, styles and <noscript> above would leave in a chunk if any of them leaked.
PAGE_MACHINERY = ("console.log", "window.", "color: red", "display: none", "JavaScript")
SCRIPT_ONLY_PAGE = (
    f"<html><head><title>星河科技</title><style>{STYLE}</style><script>{SCRIPT}</script></head>"
    f"<body><noscript>{NOSCRIPT}</noscript><script>{SCRIPT}</script></body></html>"
)
ARTICLE_PAGE = (
    f"<html><head><meta charset='utf-8'><title>星河科技发布业绩</title><style>{STYLE}</style><script>{SCRIPT}</script>"
    f"</head><body><noscript>{NOSCRIPT}</noscript><article><h1>星河科技发布2024年第四季度业绩</h1>"
    + "".join(f"<p>{paragraph}</p><script>{SCRIPT}</script><style>{STYLE}</style>" for paragraph in ARTICLE)
    + f"</article><script>{SCRIPT}</script></body></html>"
)
GBK_TEXT = "星河科技2024年第四季度营业收入为3015.27百万元，同比增长15.8%。"
# 𠮷 is outside GBK: only GB18030 encodes it.
GB18030_TEXT = "𠮷野家控股2024财年营业收入为1876.5亿日元，同比增长8.1%。"
BIG5_TEXT = "雲帆科技今日公佈2024年第四季度業績，本季度營業收入為2801.54百萬元人民幣，同比增長7.6%。"
NAMED_TEXT = "星河科技第四季度净利润为356.20百万元。"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\0" * 100


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    assistant = new_assistant(tmp_path_factory.mktemp("bad-input"), embedder)
    [result] = assistant.ingest([GOOD])
    assert result.status == "added", result.error
    return assistant


def snapshot(assistant):
    """All a rejected file must leave as it was: the documents, the chunks, the BM25 index's rows, the vectors."""
    library = assistant.library
    return library.documents(), library.count_chunks(), library._keyword_index().chunk_ids, library.count_vectors()


def _chunk_texts(assistant, doc_id: str) -> list[str]:
    manifest = assistant.library._manifest
    return [chunk.text for chunk in manifest.chunks(manifest.chunk_ids(doc_id)).values()]


def _writes(name: str, content: Callable[[], bytes]) -> Callable[[Path], Path]:
    """What makes the file `name` holding `content()` in a given folder; content is made then, not at import."""

    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content())
        return path

    return make


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Revenue was RMB 3,015.27 million.")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    return bytes(pdf.output())


def _broken_pdf() -> bytes:
    return FIXTURE.read_bytes()[: FIXTURE.stat().st_size // 2]


def _big_text() -> bytes:
    return BIG_LINE * (50 * 2**20 // len(BIG_LINE))


def _scanned_pdf() -> bytes:
    """A page that is only an image, as a scanner makes it: no text layer."""
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, format="PDF")
    return out.getvalue()


def _folder(folder: Path) -> Path:
    (folder / "filings").mkdir()
    return folder / "filings"


REJECTED = [
    pytest.param(_writes("empty.txt", lambda: b""), "file is empty", id="empty"),
    pytest.param(_writes("blank.txt", lambda: b" \n\t\r\n  "), "no text", id="whitespace"),
    pytest.param(_writes("nuls.txt", lambda: bytes(range(256)) * 8), "binary", id="binary"),
    pytest.param(_writes("image.txt", lambda: PNG_HEADER), "binary", id="png"),
    pytest.param(_writes("big.txt", _big_text), "characters of text, over the 3,000,000 limit", id="50mb"),
    pytest.param(_writes("broken.pdf", _broken_pdf), "cannot read the PDF", id="broken-pdf"),
    pytest.param(_writes("locked.pdf", _encrypted_pdf), "encrypted", id="encrypted-pdf"),
    pytest.param(_writes("scan.pdf", _scanned_pdf), "no text layer", id="scanned-pdf"),
    pytest.param(_writes("app.html", SCRIPT_ONLY_PAGE.encode), "no main text", id="script-only-html"),
    pytest.param(_writes("figures.csv", lambda: b"a,b\n1,2\n"), "unsupported file type .csv", id="csv"),
    pytest.param(_folder, "is a directory", id="directory"),
    pytest.param(lambda folder: folder / "missing.txt", "no such file", id="missing"),
]


@pytest.mark.parametrize(("make", "reason"), REJECTED)
def test_rejected_input_fails_in_one_line_and_changes_nothing(assistant, tmp_path, make, reason):
    path = make(tmp_path)
    before = snapshot(assistant)
    result = assistant.ingest_file(path)
    assert result.status == "failed"
    assert result.error.startswith(f"{path}: ") and re.search(reason, result.error), result.error
    assert "\n" not in result.error and "Traceback" not in result.error
    assert snapshot(assistant) == before
    if path.is_file():
        path.unlink()  # pytest keeps the last runs' temporary folders, and the big file is 50 MB


ACCEPTED = [
    pytest.param("gbk.txt", GBK_TEXT.encode("gbk"), [GBK_TEXT], id="gbk"),
    pytest.param("gb18030.txt", GB18030_TEXT.encode("gb18030"), [GB18030_TEXT], id="gb18030"),
    pytest.param("big5.txt", BIG5_TEXT.encode("big5"), [BIG5_TEXT], id="big5"),
    pytest.param("news.html", ARTICLE_PAGE.encode(), ARTICLE, id="html-with-scripts"),
    pytest.param("星河科技 2024年 第四季度 业绩.md", NAMED_TEXT.encode(), [NAMED_TEXT], id="chinese-name-with-spaces"),
]


@pytest.mark.parametrize(("name", "content", "expected"), ACCEPTED)
def test_accepted_input_keeps_its_text_and_name(assistant, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = assistant.ingest_file(path)
    assert result.status == "added", result.error
    [document] = [document for document in assistant.documents() if document.doc_id == result.doc_id]
    assert Path(document.source).name == name
    chunks = _chunk_texts(assistant, result.doc_id)
    assert all(any(text in chunk for chunk in chunks) for text in expected), chunks
    assert not any(machinery in chunk for chunk in chunks for machinery in PAGE_MACHINERY), chunks


def test_same_file_twice_is_unchanged_the_second_time(assistant):
    before = snapshot(assistant)
    [again] = assistant.ingest([GOOD])
    assert again.status == "unchanged"
    assert snapshot(assistant) == before


@pytest.fixture(scope="module")
def ui_url(assistant):
    """The real app over the module's library, its upload limit lowered to 1 MB so an oversize upload is small."""
    app = build_app(assistant)
    yield launch(app, dataclasses.replace(assistant.settings, ui_max_upload_mb=1), port=free_port(), block=False)
    app.close()


def _upload(url: str, name: str, content: bytes) -> httpx.Response:
    """Upload one file the way the browser does, before any handler of ours runs."""
    return httpx.post(f"{url.rstrip('/')}/gradio_api/upload", files=[("files", (name, content))])


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("../../evil.txt", "upload/evil.txt"),
        ("..\\evil.txt", "upload/evil.txt"),
        ("/etc/evil.txt", "upload/evil.txt"),
        ("星河科技 2024 年报.txt", "upload/星河科技 2024 年报.txt"),
    ],
    ids=["dot-dot-slash", "dot-dot-backslash", "absolute", "chinese-with-spaces"],
)
def test_upload_name_stays_inside_the_upload_folder(assistant, ui_url, name, source):
    # The name is in the text so that each upload is a new document, not "unchanged".
    text = f"星河科技营业收入为3015.27百万元（上传为 {name}）。"
    response = _upload(ui_url, name, text.encode())
    [stored] = response.json()
    assert Path(stored).resolve().is_relative_to(Path(get_upload_folder()).resolve())
    report = _ingest_uploads(assistant, [stored], gr.Progress())
    assert f"**{source.removeprefix(UPLOAD_SOURCE_PREFIX)}**" in report
    [document] = [document for document in assistant.documents() if document.source == source]
    assert any(text in chunk for chunk in _chunk_texts(assistant, document.doc_id))


def test_upload_over_the_size_limit_is_refused_and_changes_nothing(assistant, ui_url):
    before = snapshot(assistant)
    response = _upload(ui_url, "big.txt", BIG_LINE * (2 * 2**20 // len(BIG_LINE)))
    assert response.status_code == 413
    assert "maximum allowed size of 1048576 bytes" in response.text
    assert snapshot(assistant) == before
