"""Generate tests/fixtures/xinghe_2024q4.pdf, a three-page bilingual results filing with a table on page 2."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF, FontFace

# Debian's fonts-wqy-microhei (`apt-get install fonts-wqy-microhei`): TrueType outlines, which fpdf2 embeds as
# Identity-H like most real filings. Noto CJK (CFF outlines) makes fpdf2 write an embedded encoding CMap that
# pdfminer cannot read, so its text would come out empty.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "xinghe_2024q4.pdf"
# Fixed, so regenerating gives the same bytes and git sees no change.
CREATED = datetime(2025, 2, 20, tzinfo=UTC)

TITLE = "星河科技 2024年第四季度业绩公告"
PAGE_1 = [
    "星河科技有限公司（“星河科技”或“本公司”）今日公布截至2024年12月31日止第四季度未经审计的业绩。",
    "本季度公司继续推进云计算与智能硬件两大业务，客户数量稳步增长，经营效率持续改善。",
    (
        "Galaxy Tech Ltd. today announced its unaudited results for the fourth quarter ended December 31, 2024. "
        "Cloud services and smart devices both grew, and operating efficiency kept improving."
    ),
]
TABLE_CAPTION = "主要财务数据（人民币百万元）"
TABLE = [
    ["项目", "2024Q4", "2023Q4", "同比"],
    ["营业收入", "3015.27", "2603.48", "15.8%"],
    ["毛利", "1120.62", "1015.36", "10.4%"],
    ["净利润", "356.20", "301.75", "18.0%"],
    ["经营活动现金流量净额", "512.33", "468.90", "9.3%"],
]
PAGE_2_NOTE = "Revenue for the quarter was RMB 3,015.27 million, up 15.8% year over year."
PAGE_3 = [
    "展望2025年，星河科技将加大研发投入，预计全年营业收入保持稳健增长。",
    "公司董事会建议派发末期股息每股0.12元，须经股东周年大会批准。",
    "Outlook: Galaxy Tech expects steady revenue growth in 2025 and will keep investing in research and development.",
]


def build() -> FPDF:
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.set_title(TITLE)
    pdf.add_font("MicroHei", fname=CJK_FONT)
    pdf.set_font("MicroHei", size=11)
    _text_page(pdf, TITLE, PAGE_1)
    _table_page(pdf)
    _text_page(pdf, "业务展望 Outlook", PAGE_3)
    return pdf


def _text_page(pdf: FPDF, heading: str, paragraphs: list[str]) -> None:
    pdf.add_page()
    _heading(pdf, heading)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)


def _table_page(pdf: FPDF) -> None:
    pdf.add_page()
    _heading(pdf, TABLE_CAPTION)
    # The font has no bold face, so the heading row is set in the regular one.
    headings = FontFace(emphasis="", fill_color=(230, 230, 230))
    aligns = ("LEFT", "RIGHT", "RIGHT", "RIGHT")
    with pdf.table(col_widths=(50, 30, 30, 20), text_align=aligns, headings_style=headings) as table:
        for row in TABLE:
            table.row(row)
    pdf.ln(6)
    pdf.multi_cell(0, 7, PAGE_2_NOTE, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font_size(16)
    pdf.multi_cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(11)
    pdf.ln(4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    build().output(str(args.out))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
