"""The main text of an HTML page, without navigation, sidebars and footers, using trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ingest.decode import decode_text
from ingest.errors import IngestError
from ingest.scales import render_text_tables

# Where a page names its charset: <meta charset="gbk"> or <meta http-equiv=... content="text/html; charset=gbk">.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HEAD_BYTES = 4096


@dataclass(frozen=True)
class PageText:
    """An HTML page's main text, its charset as decoded, and its title ("" when it has none)."""

    text: str
    encoding: str
    title: str


def read_html(raw: bytes, path: Path) -> PageText:
    """Decode the page and keep only its main content; raise IngestError when there is none."""
    html, encoding = decode_text(raw, path, declared_charset(raw))
    # favor_precision: on a page with no article (a menu, a login wall) the default falls back to
    # returning the navigation links as text; precision returns nothing, which is the truth.
    # <noscript> holds what a script-only page says without scripts ("please enable JavaScript"), not content.
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        prune_xpath="//noscript",
    )  # fmt: skip
    text = render_text_tables(extracted.text or "").strip() if extracted else ""
    if not text:
        raise IngestError(f"{path}: no main text found in the HTML page")
    title = " ".join((extracted.title or "").split())
    return PageText(text=text + "\n", encoding=encoding, title=title)


def declared_charset(raw: bytes) -> str | None:
    """The charset a page's <meta> tag declares, if any."""
    match = _META_CHARSET.search(raw[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None
