"""The chat UI in a real Chromium: answers with their sources, follow-ups, uploads, abstention, offline."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pdfplumber
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from evals import FILINGS_DIR
from ingest import load_document
from rag import Assistant
from tests.conftest import SAMPLE, TEST_OUTPUT, assistant_over, free_port
from ui import build_app, launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
# From STACK.md: headless without sandbox or GPU, no background traffic, and every host but the app's unresolvable.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]  # fmt: skip
SCREENSHOTS = TEST_OUTPUT / "ui"
# The first question of the session may load the LLM; a cold answer takes ~30 s on 2 cores.
ANSWER_TIMEOUT_MS = 240_000
# Gradio fades updated components back in; screenshots taken at once look greyed out.
SETTLE_MS = 600
CONTOSO = """# Contoso Foods fourth quarter 2025 results

Contoso Foods reported fourth-quarter revenue of USD 812 million, up 17% year over year, driven by its
online grocery business. Operating margin widened to 9.4% from 7.1% a year earlier.

The company opened 23 new stores in the quarter and expects capital expenditure of USD 150 million next year.
"""
# Markup a document may carry; shown anywhere in the UI it must stay text and never run.
HOSTILE = """<img src=x onerror="window.pwned = 1"> Fabrikam Robotics annual report 2025

Fabrikam Robotics reported 2025 revenue of USD 640 million, up 12% year over year. <script>window.pwned = 1</script>
Its warehouse robot unit shipped 5,400 units. <b onmouseover="window.pwned = 1">Bold claims</b> are data too.
"""


@dataclass
class Browsing:
    """A page of the app and every request it sent somewhere other than the app."""

    page: Page
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embedder, llm) -> Iterator[str]:
    assistant = assistant_over(SAMPLE, tmp_path_factory, embedder, llm)
    app = build_app(assistant)
    yield launch(app, assistant.settings, port=free_port(), block=False)
    app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install_browser.sh` (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browsing(browser, app_url) -> Iterator[Browsing]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    browsing = Browsing(context.new_page())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app_host = urlparse(app_url).netloc

    def record(request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != app_host:
            browsing.outside.append(request.url)

    browsing.page.on("request", record)
    browsing.page.goto(app_url)
    browsing.page.locator("#cb-question textarea").wait_for()
    yield browsing
    context.close()


def test_a_question_streams_a_cited_answer_with_its_source_passage(browsing):
    page = browsing.page
    answer = _ask(page, "阿里云智能集团收入同比增长多少？")
    assert "13%" in answer.inner_text()
    sources = page.locator("#cb-sources")
    # The sentence the answer used is highlighted inside the passage.
    assert any("13%" in text for text in sources.locator("mark").all_inner_texts())
    # Every marker links to a source card shown beside the chat.
    links = answer.locator("a.cb-cite")
    assert links.count() >= 1
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        assert sources.locator(href).count() == 1
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=SCREENSHOTS / "answer.png")
    assert browsing.outside == []


def test_a_follow_up_question_keeps_the_conversation(browsing):
    page = browsing.page
    first = _ask(page, "阿里云智能集团本季度收入是多少？")
    assert "317.42" in first.inner_text()
    follow_up = _ask(page, "同比增长多少？")
    assert "13%" in follow_up.inner_text()
    assert "阿里云" in follow_up.locator(".cb-understood").inner_text()
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=SCREENSHOTS / "follow-up.png")


def test_an_off_topic_question_shows_the_not_in_documents_state(browsing):
    answer = _ask(browsing.page, "今天北京的天气怎么样？")
    assert answer.locator(".cb-not-found").is_visible()
    assert "文档中没有找到" in answer.inner_text()
    assert "cb-sources-empty" in browsing.page.locator("#cb-sources").inner_html()


def test_an_uploaded_markdown_file_is_answered_from_then_removed(browsing, tmp_path):
    page = browsing.page
    filing = tmp_path / "contoso.md"
    filing.write_text(CONTOSO, encoding="utf-8")
    _open_tab(page, "Documents")
    report = _upload(page, filing)
    assert "contoso.md" in report and "added" in report
    assert "Contoso Foods fourth quarter 2025 results" in page.locator("#cb-documents").inner_text()
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=SCREENSHOTS / "documents.png")

    _open_tab(page, "Ask")
    answer = _ask(page, "What was Contoso Foods' fourth-quarter revenue?")
    assert "812" in answer.inner_text()
    assert "upload/contoso.md" in page.locator("#cb-sources").inner_text()

    _open_tab(page, "Documents")
    page.locator("#cb-remove input").click()
    page.get_by_role("option", name="Contoso Foods").click()
    page.get_by_role("button", name="Remove").click()
    page.locator("#cb-upload-report", has_text="Removed").wait_for()
    assert "Contoso" not in page.locator("#cb-documents").inner_text()


def test_a_bad_upload_gets_a_clear_message_and_changes_nothing(browsing, tmp_path):
    page = browsing.page
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"\x00\x01PK\x03\x04" * 200)
    _open_tab(page, "Documents")
    before = page.locator("#cb-documents").inner_text()
    report = _upload(page, scan)
    assert "scan.txt" in report and "not ingested" in report and "binary" in report
    assert page.locator("#cb-documents").inner_text() == before


def test_markup_inside_a_document_is_shown_as_text_and_never_runs(browsing, tmp_path):
    page = browsing.page
    filing = tmp_path / "fabrikam.txt"
    filing.write_text(HOSTILE, encoding="utf-8")
    _open_tab(page, "Documents")
    assert "added" in _upload(page, filing)
    _open_tab(page, "Ask")
    answer = _ask(page, "What was Fabrikam Robotics' 2025 revenue?")
    assert "640" in answer.inner_text()
    sources = page.locator("#cb-sources")
    assert "<script>" in sources.inner_text() or "onerror" in sources.inner_text()
    for panel in ("#cb-chat", "#cb-sources", "#cb-documents"):
        assert page.locator(f"{panel} script, {panel} [onerror], {panel} [onmouseover]").count() == 0
    assert page.evaluate("window.pwned") is None


def _ask(page: Page, question: str) -> Locator:
    """Type `question`, press Enter and return the checked answer once it has replaced the streamed draft."""
    bot_messages = page.locator("#cb-chat [data-testid='bot']")
    asked_before = bot_messages.count()
    box = page.locator("#cb-question textarea")
    box.fill(question)
    box.press("Enter")
    answer = bot_messages.nth(asked_before)
    answer.locator(".cb-answer").wait_for(timeout=ANSWER_TIMEOUT_MS)
    return answer


def _upload(page: Page, path: Path) -> str:
    report = page.locator("#cb-upload-report")
    page.locator("#cb-upload input[type=file]").set_input_files(path)
    report.filter(has_text=path.name).wait_for(timeout=ANSWER_TIMEOUT_MS)
    return report.inner_text()


def _open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_uploading_a_long_filing_shows_chunks_embedded_and_time_left(browsing, tmp_path, sample_text, embedder):
    page = browsing.page
    # Sections of the sample (about 14 chunks each) under their own headings: several embedding batches, so
    # the bar shows a count and a time left between them, however large a batch the embedder takes.
    sections = 4 * embedder.embed_batch_size // 10
    filing = tmp_path / "long_filing.txt"
    filing.write_text("\n\n".join(f"第{number}部分 {sample_text}" for number in range(1, sections + 1)), encoding="utf-8")
    _open_tab(page, "Documents")
    page.locator("#cb-upload input[type=file]").set_input_files(filing)
    moving = page.locator("#cb-upload").get_by_text(
        re.compile(r"long_filing\.txt · embedding \d+/\d+ chunks · about .* left")
    )
    moving.wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.screenshot(path=SCREENSHOTS / "upload-progress.png")
    report = page.locator("#cb-upload-report").filter(has_text=filing.name)
    report.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "added" in report.inner_text()

    page.locator("#cb-remove input").click()
    page.get_by_role("option", name="第1部分").click()
    page.get_by_role("button", name="Remove").click()
    page.locator("#cb-upload-report", has_text="Removed").wait_for()


MCDONALDS = FILINGS_DIR / "mcdonalds_2023q1_earnings.pdf"


@pytest.fixture(scope="module")
def filing_app(tmp_path_factory, embedder, llm) -> Iterator[tuple[str, Assistant]]:
    if not MCDONALDS.is_file():
        pytest.skip(f"{MCDONALDS} is absent: the real-filings tests run only where the shared filings are")
    assistant = assistant_over(MCDONALDS, tmp_path_factory, embedder, llm)
    app = build_app(assistant)
    yield launch(app, assistant.settings, port=free_port(), block=False), assistant
    app.close()


def _open(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.locator("#cb-question textarea").wait_for()
    return context, page


def _highlighted_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Of the light pixels inside `box`, the share tinted by the highlight (white under it turns yellow)."""
    left, top, right, bottom = (round(value) for value in box)
    pixels = [image.getpixel((x, y)) for x in range(left, right) for y in range(top, bottom)]
    light = [(r, g, b) for r, g, b, *_ in pixels if r > 200]
    return sum(b < 200 for _r, _g, b in light) / max(len(light), 1)


def test_a_cited_text_passage_opens_in_the_documents_own_surrounding_text(browsing):
    page = browsing.page
    _ask(page, "阿里云智能集团收入同比增长多少？")
    page.locator("#cb-pages label").first.click()
    shown = page.locator("#cb-context .cb-context-passage")
    shown.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("#cb-page img").count() == 0  # a text file has no page to draw
    around = page.locator("#cb-context .cb-context-around").all_text_contents()
    passage = shown.text_content()
    document = load_document(SAMPLE).text
    # The three pieces are one unbroken stretch of the file, with more than the passage itself around it.
    assert "".join([around[0], passage, around[1]]) in document and len(around[0]) + len(around[1]) > 0
    assert any("13%" in text for text in shown.locator("mark").all_text_contents())


def test_a_cited_pdf_page_opens_with_the_quoted_words_highlighted(browser, filing_app):
    url, assistant = filing_app
    context, page = _open(browser, url)
    try:
        _ask(page, "What was McDonald's global comparable sales growth in the first quarter of 2023?")
        page.locator("#cb-pages label").first.click()
        shown = page.locator("#cb-page img")
        shown.wait_for(timeout=ANSWER_TIMEOUT_MS)
        image = Image.open(io.BytesIO(page.request.get(shown.get_attribute("src")).body())).convert("RGB")
        page.wait_for_timeout(SETTLE_MS)
        page.screenshot(path=SCREENSHOTS / "cited-page.png")
    finally:
        context.close()
    # What was cited, from the saved conversation; where its words are, from pdfplumber (not pdfium, which drew).
    latest = assistant.conversations.list()[0].conversation_id
    citation = assistant.conversations.get(latest).answers[-1].citations[0]
    quoted = " ".join(quote.text for quote in citation.quotes) or citation.text
    with pdfplumber.open(MCDONALDS) as pdf:
        pdf_page = pdf.pages[citation.page - 1]
        scale = image.width / pdf_page.width
        words = pdf_page.extract_words()
    boxes = {w["text"]: (w["x0"] * scale, w["top"] * scale, w["x1"] * scale, w["bottom"] * scale) for w in words}
    figures = [word for word in boxes if re.search(r"\d", word) and len(word) >= 4 and word in quoted]
    others = [word for word in boxes if re.search(r"\d", word) and len(word) >= 4 and word not in quoted]
    assert figures and others
    assert all(_highlighted_share(image, boxes[word]) > 0.5 for word in figures), figures
    assert all(_highlighted_share(image, boxes[word]) < 0.1 for word in others[:10])


def test_a_conversation_is_saved_resumed_after_a_restart_renamed_exported_and_deleted(browser, tmp_path_factory, embedder, llm):
    first_run = assistant_over(SAMPLE, tmp_path_factory, embedder, llm)
    app = build_app(first_run)
    context, page = _open(browser, launch(app, first_run.settings, port=free_port(), block=False))
    try:
        _ask(page, "阿里云智能集团本季度收入是多少？")
        title = page.locator("#cb-conversation-title input")
        expect(title).to_have_value("阿里云智能集团本季度收入是多少？")
        _ask(page, "同比增长多少？")
        page.get_by_role("button", name="New · 新对话").click()
        page.wait_for_function("document.querySelector('#cb-chat').innerText.indexOf('同比增长多少') < 0")
        expect(title).to_have_value("")
    finally:
        context.close()
        app.close()
        first_run.library.close()
        first_run.conversations.close()
    # A restart: a new assistant and app over the same library home.
    restarted = Assistant(first_run.settings, llm=llm, embed_model=embedder)
    app = build_app(restarted)
    context, page = _open(browser, launch(app, restarted.settings, port=free_port(), block=False))
    try:
        page.locator("#cb-conversations input").click()
        page.get_by_role("option", name=re.compile(r"阿里云智能集团本季度收入是多少？ \(2\)")).click()
        chat = page.locator("#cb-chat")
        chat.get_by_text("同比增长多少？", exact=True).wait_for()
        assert "13%" in chat.inner_text() and "317.42" in chat.inner_text()
        assert any("13%" in text for text in page.locator("#cb-sources mark").all_inner_texts())
        page.locator("#cb-conversation-title input").fill("阿里云 FY25Q3")
        page.locator("#cb-rename").click()
        page.locator("#cb-conversations input").click()
        page.get_by_role("option", name="阿里云 FY25Q3 (2)").wait_for()
        page.keyboard.press("Escape")
        with page.expect_download() as downloading:
            page.locator("#cb-export").click()
        exported = Path(downloading.value.path()).read_text(encoding="utf-8")
        assert exported.startswith("# 阿里云 FY25Q3\n") and "## 2. 同比增长多少？" in exported and "Sources:" in exported
        page.locator("#cb-delete").click()
        page.wait_for_function("document.querySelector('#cb-chat').innerText.indexOf('同比增长多少') < 0")
        assert restarted.conversations.list() == []
    finally:
        context.close()
        app.close()
