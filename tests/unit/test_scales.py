"""A table whose caption is lost takes the unit the prose states one of its rows in (`ingest.scales`)."""

from ingest.scales import reconcile_units, render_text_tables

_TABLE = """| 項目 | 113 年度 | 112 年度 | 增（減）金額 | 變動比例（%） |
| --- | --- | --- | --- | --- |
| 利息淨收益 | 36,832,209 | 38,166,328 | （1,334,119） | （3.50） |
| 營業費用 | 25,976,070 | 25,206,301 | 769,769 | 3.05 |"""


def test_a_row_the_prose_restates_rounded_gives_its_table_the_unit():
    text = render_text_tables("113 年度利息淨收益 368.3 億元，營業費用 259.8 億元。\n\n" + _TABLE)
    assert "利息淨收益 | 113 年度: 36,832,209千元 | 112 年度: 38,166,328千元 | 增（減）金額: (1,334,119)千元 | 變動比例（%）: (3.50)%" in text
    assert "營業費用 | 113 年度: 25,976,070千元" in text


def test_a_table_stays_bare_when_no_prose_restates_a_row():
    text = render_text_tables("本行經營穩健。\n\n" + _TABLE)
    assert "利息淨收益 | 113 年度: 36,832,209 | 112 年度: 38,166,328" in text


def test_a_figure_about_another_line_item_does_not_set_the_unit():
    # 368.3 億元 rounds 36,832,209 千元, but the clause names another measure.
    text = render_text_tables("113 年度手續費收入 368.3 億元。\n\n" + _TABLE)
    assert "36,832,209 |" in text


def test_rows_pointing_to_two_scales_leave_the_table_bare():
    text = render_text_tables("利息淨收益 368.3 億元；營業費用 2,597.61 億元。\n\n" + _TABLE)
    assert "36,832,209 |" in text and "25,976,070 |" in text


def test_a_table_already_in_its_captions_unit_is_kept():
    pages = ["單位：新臺幣百萬元\n利息淨收益 | 113 年度: 36,832百万元", "利息淨收益 368.3 億元"]
    assert reconcile_units(pages) == pages


def test_an_english_row_takes_the_scale_of_the_dollar_figure_the_text_states():
    pages = ["Total revenues were $49.95 billion in fiscal 2023.\nTotal revenues | 2023: 49,954 | 2022: 42,440"]
    assert reconcile_units(pages)[0].endswith("Total revenues | 2023: $ 49,954 million | 2022: $ 42,440 million")


def test_one_restated_row_vouches_for_itself_only():
    # A table of business volumes mixes 億元 and 億美元 rows: one row's unit is not its neighbours'.
    text = render_text_tables("113 年度利息淨收益 368.3 億元。\n\n" + _TABLE)
    assert "利息淨收益 | 113 年度: 36,832,209千元" in text
    assert "營業費用 | 113 年度: 25,976,070 |" in text


def test_a_row_in_another_currency_keeps_its_own():
    volumes = "| 項目 | 113 年度 |\n| --- | --- |\n| 存款業務 | 50,316.9 |\n| 外匯業務 | 3,756.3 |"
    text = render_text_tables("存款業務 50,316.9 億元；外匯業務 3,756.3 億美元。\n\n" + volumes)
    assert "存款業務 | 113 年度: 50,316.9亿元" in text and "外匯業務 | 113 年度: 3,756.3亿美元" in text
