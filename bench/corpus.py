"""Seeded synthetic filings text (Chinese and English, with figures) and clustered unit vectors for the benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

# (Chinese, English) names of the same thing, so both languages talk about one set of companies and metrics.
COMPANIES = (
    ("阿里巴巴", "Alibaba"), ("腾讯控股", "Tencent"), ("星河科技", "Xinghe Tech"), ("云帆集团", "Yunfan Group"),
    ("比亚迪", "BYD"), ("美团", "Meituan"), ("京东集团", "JD.com"), ("小米集团", "Xiaomi"),
    ("百度集团", "Baidu"), ("网易", "NetEase"), ("拼多多", "PDD Holdings"), ("宁德时代", "CATL"),
)  # fmt: skip
METRICS = (
    ("营业收入", "revenue"), ("净利润", "net income"), ("经营利润", "operating profit"),
    ("自由现金流", "free cash flow"), ("研发投入", "R&D expense"), ("云业务收入", "cloud revenue"),
    ("国际业务收入", "international commerce revenue"), ("广告收入", "advertising revenue"),
    ("销售费用", "sales and marketing expense"), ("经调整EBITA", "adjusted EBITA"),
)  # fmt: skip
REASONS = (
    ("云业务需求增加", "higher cloud demand"), ("海外市场扩张", "overseas expansion"),
    ("营销费用减少", "lower marketing spend"), ("汇率波动", "currency movements"),
    ("原材料价格上涨", "higher input costs"), ("人工智能相关产品收入增长", "growth in AI-related products"),
)  # fmt: skip
YEARS = tuple(range(2019, 2026))
# Share of chunks written in Chinese; the rest are English, as in a mixed filings library.
CHINESE_SHARE = 0.65


@dataclass(frozen=True)
class Fact:
    """One figure a sentence states, enough to ask a question about it."""

    company: int
    metric: int
    year: int
    quarter: int


@dataclass(frozen=True)
class SyntheticChunk:
    """A chunk's text and a question its first sentence answers, both in the chunk's language."""

    text: str
    question: str
    company: str
    period: str


def synthetic_chunks(n: int, seed: int) -> list[SyntheticChunk]:
    """`n` chunks of 2–4 sentences about one company each, the same for the same seed."""
    rng = random.Random(seed)
    return [_chunk(rng) for _ in range(n)]


def synthetic_article(index: int, seed: int, chars: int = 4000) -> str:
    """A markdown results announcement of about `chars` characters, titled with its company and period."""
    rng = random.Random(seed * 100_003 + index)
    chinese = rng.random() < CHINESE_SHARE
    fact = _fact(rng)
    zh, en = COMPANIES[fact.company]
    title = (
        f"# {zh}{fact.year}年第{fact.quarter}季度业绩公告" if chinese else f"# {en} Q{fact.quarter} {fact.year} results"
    )
    paragraphs = [title]
    while sum(len(paragraph) for paragraph in paragraphs) < chars:
        facts = [
            _fact(rng, company=fact.company, year=fact.year, quarter=fact.quarter) for _ in range(rng.randint(3, 6))
        ]
        paragraphs.append(("" if chinese else " ").join(_sentence(rng, each, chinese) for each in facts))
    return "\n\n".join(paragraphs) + "\n"


def clustered_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    """`n` unit vectors around `max(8, n // 100)` topic centres, varying mostly in a 64-d subspace.

    Embeddings of real text are neither uniform on the sphere (far harder for HNSW) nor tight balls (far easier):
    they cluster by topic and vary along a few directions. The mix below is a stated assumption, not a fit.
    """
    rng = np.random.default_rng(seed)
    centres = _unit(rng.standard_normal((max(8, n // 100), dim)))
    basis = np.linalg.qr(rng.standard_normal((dim, _SUBSPACE)))[0].T
    return _unit(centres[rng.integers(0, len(centres), n)] + _spread(rng, n, basis)).astype(np.float32)


def uniform_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    """`n` unit vectors in random directions: no structure, the worst case for an HNSW index."""
    return _unit(np.random.default_rng(seed).standard_normal((n, dim))).astype(np.float32)


def near(vectors: np.ndarray, rows: np.ndarray, seed: int) -> np.ndarray:
    """Unit vectors close to `vectors[rows]`: the query vector of a question about those chunks."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((vectors.shape[1], _SUBSPACE)))[0].T
    return _unit(vectors[rows] + _QUERY_SPREAD * _spread(rng, len(rows), basis)).astype(np.float32)


# Within-topic variation: a low-rank part and a smaller isotropic part (norms ~0.7 and ~0.4 against a unit centre).
_SUBSPACE = 64
_LOW_RANK, _ISOTROPIC = 0.7, 0.4
# A query sits nearer its chunk than two chunks of a topic sit to each other.
_QUERY_SPREAD = 0.5


def _spread(rng: np.random.Generator, n: int, basis: np.ndarray) -> np.ndarray:
    rank, dim = basis.shape
    low_rank = rng.standard_normal((n, rank)) @ basis / np.sqrt(rank)
    return _LOW_RANK * low_rank + _ISOTROPIC * rng.standard_normal((n, dim)) / np.sqrt(dim)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def _chunk(rng: random.Random) -> SyntheticChunk:
    chinese = rng.random() < CHINESE_SHARE
    first = _fact(rng)
    facts = [first] + [_fact(rng, company=first.company) for _ in range(rng.randint(1, 3))]
    text = ("" if chinese else " ").join(_sentence(rng, fact, chinese) for fact in facts)
    zh, en = COMPANIES[first.company]
    return SyntheticChunk(text, _question(first, chinese), zh if chinese else en, f"{first.year}Q{first.quarter}")


def _fact(rng: random.Random, company: int | None = None, year: int | None = None, quarter: int | None = None) -> Fact:
    return Fact(
        company if company is not None else rng.randrange(len(COMPANIES)),
        rng.randrange(len(METRICS)),
        year or rng.choice(YEARS),
        quarter or rng.randint(1, 4),
    )


def _sentence(rng: random.Random, fact: Fact, chinese: bool) -> str:
    """One sentence stating `fact` with fresh figures (two decimals, so most figures are unique tokens)."""
    value, pct, share = f"{rng.uniform(1, 5000):.2f}", f"{rng.uniform(0.1, 60):.1f}", f"{rng.uniform(1, 90):.1f}"
    zh_company, en_company = COMPANIES[fact.company]
    zh_metric, en_metric = METRICS[fact.metric]
    zh_reason, en_reason = rng.choice(REASONS)
    y, q = fact.year, fact.quarter
    if chinese:
        templates = (
            f"{zh_company}{y}年第{q}季度{zh_metric}为{value}亿元，同比增长{pct}%。",
            f"{zh_company}{y}年第{q}季度{zh_metric}同比下降{pct}%，至{value}亿元，主要由于{zh_reason}。",
            f"报告期内，{zh_company}{zh_metric}达到{value}亿元，较上年同期增加{pct}%，占总收入的{share}%。",
            f"截至{y}年{3 * q}月30日，{zh_company}的{zh_metric}为{value}亿元，环比变动{pct}%。",
        )
    else:
        templates = (
            f"{en_company} reported {en_metric} of RMB{value} billion for Q{q} {y}, up {pct}% year over year.",
            f"In Q{q} {y}, {en_metric} at {en_company} fell {pct}% to US${value} million, mainly due to {en_reason}.",
            f"{en_company}'s {en_metric} reached RMB{value} billion in fiscal {y}, {share}% of total revenue.",
            f"As of the end of Q{q} {y}, {en_company} held {en_metric} of RMB{value} billion, {pct}% more than a year ago.",
        )
    return rng.choice(templates)


def _question(fact: Fact, chinese: bool) -> str:
    zh_company, en_company = COMPANIES[fact.company]
    zh_metric, en_metric = METRICS[fact.metric]
    if chinese:
        return f"{zh_company}{fact.year}年第{fact.quarter}季度{zh_metric}是多少？"
    return f"What was {en_company}'s {en_metric} in Q{fact.quarter} {fact.year}?"
