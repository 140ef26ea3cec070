import pytest

from fintext.figures import (
    Figure,
    chinese_reading,
    english_reading,
    extract_figures,
    matches_any,
    parse_figure,
    same_figure,
)

CLOUD_REVENUE = 3.1742e10

# (text, currency): every way the sample's cloud revenue of 317.42 亿 can be written.
CLOUD_REVENUE_FORMS = [
    ("317.42亿", ""),
    ("317.42 亿", ""),
    ("317.42 亿元", "CNY"),
    ("317.42亿元", "CNY"),
    ("31.742 billion yuan", "CNY"),
    ("RMB 31,742 million", "CNY"),
    ("RMB31,742mn", "CNY"),
    ("人民币317.42亿元", "CNY"),
    ("¥31.742bn", "CNY"),
    ("￥317.42亿", "CNY"),
    ("CNY 31.742 billion", "CNY"),
    ("31,742,000,000元", "CNY"),
    ("３１７．４２亿", ""),
]


def _summary(figures: list[Figure]) -> list[tuple[float, float, str, str]]:
    return [(figure.low, figure.high, figure.kind, figure.currency) for figure in figures]


@pytest.mark.parametrize(("text", "currency"), CLOUD_REVENUE_FORMS)
def test_every_form_of_an_amount_normalises_to_the_same_value(text, currency):
    figure = parse_figure(text)
    assert (figure.low, figure.high, figure.kind, figure.currency) == (CLOUD_REVENUE, CLOUD_REVENUE, "amount", currency)
    assert figure.text == text


@pytest.mark.parametrize("text", [text for text, _ in CLOUD_REVENUE_FORMS])
def test_every_form_of_an_amount_is_the_same_figure_as_the_chinese_one(text):
    assert same_figure(parse_figure(text), parse_figure("317.42亿"), rel_tol=0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5千", 5e3),
        ("5万", 5e4),
        ("5十万", 5e5),
        ("5百万", 5e6),
        ("5千万", 5e7),
        ("5亿", 5e8),
        ("5万亿", 5e12),
        ("5 thousand", 5e3),
        ("5k", 5e3),
        ("5 million", 5e6),
        ("5 mn", 5e6),
        ("5m", 5e6),
        ("5M.", 5e6),
        ("5 billion", 5e9),
        ("5bn", 5e9),
        ("5b", 5e9),
        ("5 trillion", 5e12),
        ("5tn", 5e12),
    ],
)
def test_scale_words_multiply_and_make_an_amount(text, value):
    figure = parse_figure(text)
    assert (figure.low, figure.kind) == (value, "amount")


@pytest.mark.parametrize("text", ["5 m", "5 months", "5 b", "36kr", "5 kg"])
def test_single_letter_scales_count_only_right_after_the_number_and_alone(text):
    figure = extract_figures(text)[0]
    assert (figure.low, figure.kind, figure.text) == (float(text[: figure.end]), "number", text[: figure.end])


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("86.71美元", 86.71, "USD"),
        ("86.71 美元", 86.71, "USD"),
        ("$86.71", 86.71, "USD"),
        ("US$86.71", 86.71, "USD"),
        ("USD 86.71", 86.71, "USD"),
        ("86.71 dollars", 86.71, "USD"),
        ("HK$86.71", 86.71, "HKD"),
        ("HKD 86.71", 86.71, "HKD"),
        ("86.71港元", 86.71, "HKD"),
        ("86.71 港币", 86.71, "HKD"),
        ("86.71元", 86.71, "CNY"),
        ("86.71 yuan", 86.71, "CNY"),
        ("¥86.71", 86.71, "CNY"),
        ("RMB 86.71", 86.71, "CNY"),
        ("5亿美元", 5e8, "USD"),
        ("US$5m", 5e6, "USD"),
        ("HK$3bn", 3e9, "HKD"),
        ("100万港元", 1e6, "HKD"),
        ("€86.71", 86.71, "EUR"),
        ("EUR 86.71", 86.71, "EUR"),
        ("86.71 euros", 86.71, "EUR"),
        ("86.71亿欧元", 86.71e8, "EUR"),
        ("£3bn", 3e9, "GBP"),
        ("86.71 pounds", 86.71, "GBP"),
        ("86.71英镑", 86.71, "GBP"),
        ("JPY 5 billion", 5e9, "JPY"),
        ("5亿日元", 5e8, "JPY"),
        ("C$86.71", 86.71, "CAD"),
        ("A$5m", 5e6, "AUD"),
        ("S$86.71", 86.71, "SGD"),
        ("NT$86.71", 86.71, "TWD"),
        ("5亿新加坡元", 5e8, "SGD"),
    ],
)
def test_a_currency_alone_makes_an_amount_and_sets_the_currency(text, value, currency):
    figure = parse_figure(text)
    assert _summary([figure]) == [(value, value, "amount", currency)]
    assert figure.text == text


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("31,742", [31742]),
        ("1,117,320,768", [1117320768]),
        ("31,742.5", [31742.5]),
        ("317.42", [317.42]),
        ("0.6", [0.6]),
        ("3, 4", [3, 4]),
        ("3,4", [3, 4]),
        ("1,2345", [1, 2345]),
        ("2024,100", [2024, 100]),
    ],
)
def test_a_comma_separates_thousands_only_before_exactly_three_digits(text, values):
    figures = extract_figures(text)
    assert [figure.low for figure in figures] == values
    assert all(figure.kind == "number" for figure in figures)


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [
        ("１３％", "13%"),
        ("３１，７４２", "31,742"),
        ("３１７．４２亿元", "317.42亿元"),
        ("－３％", "-3%"),
        ("60％～70％", "60%~70%"),
        ("１２，３４５元", "12,345元"),
    ],
)
def test_full_width_digits_and_signs_read_like_ascii_and_keep_the_original_text(text, ascii_text):
    figure, expected = parse_figure(text), parse_figure(ascii_text)
    assert _summary([figure]) == _summary([expected])
    assert (figure.text, figure.start, figure.end) == (text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "value", "kind", "currency"),
    [
        ("13%", 13, "percent", ""),
        ("13 %", 13, "percent", ""),
        ("13％", 13, "percent", ""),
        ("13 percent", 13, "percent", ""),
        ("13 per cent", 13, "percent", ""),
        ("0.6%", 0.6, "percent", ""),
        ("3个百分点", 3, "percent", ""),
        ("3 个百分点", 3, "percent", ""),
        ("3 percentage points", 3, "percent", ""),
        ("1 percentage point", 1, "percent", ""),
        ("-3%", -3, "percent", ""),
        ("−3%", -3, "percent", ""),
        ("负3%", -3, "percent", ""),
        ("－3％", -3, "percent", ""),
        ("-5 亿元", -5e8, "amount", "CNY"),
        ("-42", -42, "number", ""),
    ],
)
def test_percent_words_and_minus_signs_give_the_kind_and_sign(text, value, kind, currency):
    figure = parse_figure(text)
    assert (figure.low, figure.high, figure.kind, figure.currency, figure.text) == (value, value, kind, currency, text)


def test_a_series_of_growth_rates_keeps_the_leading_minus_and_the_years():
    text = "2023 年一季度至 2024 年三季度,云智能集团收入同比增速分别为,-3%、4%、2%、3%、3%、6% 和 7%"
    assert _summary(extract_figures(text)) == [
        (2023, 2023, "number", ""),
        (2024, 2024, "number", ""),
        *[(value, value, "percent", "") for value in (-3, 4, 2, 3, 3, 6, 7)],
    ]


@pytest.mark.parametrize(
    ("text", "low", "high", "kind", "currency"),
    [
        ("60%-70%", 60, 70, "percent", ""),
        ("60-70%", 60, 70, "percent", ""),
        ("60%至70%", 60, 70, "percent", ""),
        ("60% 至 70%", 60, 70, "percent", ""),
        ("60%到70%", 60, 70, "percent", ""),
        ("60% to 70%", 60, 70, "percent", ""),
        ("60%~70%", 60, 70, "percent", ""),
        ("60% ~ 70%", 60, 70, "percent", ""),
        ("-5%~-3%", -5, -3, "percent", ""),
        ("3.5万亿-4.2万亿", 3.5e12, 4.2e12, "amount", ""),
        ("3.5万亿元-4.2万亿元", 3.5e12, 4.2e12, "amount", "CNY"),
        ("5000万-1亿", 5e7, 1e8, "amount", ""),
        ("$3-4 billion", 3e9, 4e9, "amount", "USD"),
        ("3 to 5 million yuan", 3e6, 5e6, "amount", "CNY"),
        ("3-4美元", 3, 4, "amount", "USD"),
        ("2023-2024", 2023, 2024, "number", ""),
    ],
)
def test_ranges_are_one_figure(text, low, high, kind, currency):
    figure = parse_figure(text)
    assert (figure.low, figure.high, figure.kind, figure.currency, figure.text) == (low, high, kind, currency, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60% -70%", [(60, 60, "percent", ""), (-70, -70, "percent", "")]),
        ("60%, -70%", [(60, 60, "percent", ""), (-70, -70, "percent", "")]),
        ("rose 13% to 317 million", [(13, 13, "percent", ""), (3.17e8, 3.17e8, "amount", "")]),
        ("下降 31% 至 390.2 亿元", [(31, 31, "percent", ""), (3.902e10, 3.902e10, "amount", "CNY")]),
        ("下降 31%,至 390.2 亿元", [(31, 31, "percent", ""), (3.902e10, 3.902e10, "amount", "CNY")]),
        ("从 13% 至 7%", [(13, 13, "percent", ""), (7, 7, "percent", "")]),
        ("2024-01", [(2024, 2024, "number", ""), (1, 1, "number", "")]),
        ("3美元-4港元", [(3, 3, "amount", "USD"), (4, 4, "amount", "HKD")]),
        ("3亿-5%", [(3e8, 3e8, "amount", ""), (5, 5, "percent", "")]),
        ("increased $8.3 billion to $52.2 billion", [(8.3e9, 8.3e9, "amount", "USD"), (5.22e10, 5.22e10, "amount", "USD")]),
        ("增长 29% 到 32%", [(29, 29, "percent", ""), (32, 32, "percent", "")]),
    ],
)
def test_what_only_looks_like_a_range_stays_separate_figures(text, expected):
    assert _summary(extract_figures(text)) == expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("2024 年", [2024]),
        ("2024年", [2024]),
        ("1 月 24 日", [1, 24]),
        ("Q4", [4]),
        ("6 个季度", [6]),
        ("三个月", []),
        ("百分之十三", []),
        ("no figures here", []),
        ("", []),
    ],
)
def test_dates_and_counts_are_numbers_and_chinese_numerals_are_not_figures(text, values):
    figures = extract_figures(text)
    assert [figure.low for figure in figures] == values
    assert all(figure.kind == "number" for figure in figures)


def test_offsets_point_into_the_original_text():
    text = "营收 ２８０１．５４ 亿元，增长 8%;云收入 RMB 31,742 million (up 13 %), 约 60%-70% 用于推理, US$86.71."
    figures = extract_figures(text)
    assert [figure.text for figure in figures] == [
        "２８０１．５４ 亿元",
        "8%",
        "RMB 31,742 million",
        "13 %",
        "60%-70%",
        "US$86.71",
    ]
    assert all(text[figure.start : figure.end] == figure.text for figure in figures)


def test_figures_are_frozen():
    figure = parse_figure("13%")
    with pytest.raises(AttributeError):
        figure.low = 14  # type: ignore[misc]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("317.42亿", "31.742 billion yuan", True),
        ("31.7 billion", "317.42亿", True),
        ("32 billion", "317.42亿", False),
        ("317.42亿元", "$31.742 billion", False),
        ("317.42亿", "$31.742 billion", True),
        ("86.71美元", "$86.71", True),
        ("86.71美元", "HK$86.71", False),
        ("13%", "13％", True),
        ("13%", "13 percent", True),
        ("13%", "14%", False),
        ("13%", "13", False),
        ("13%", "13亿", False),
        ("13%", "13美元", False),
        ("3个百分点", "3%", True),
        ("317.42", "317.42亿", False),
        ("317.42", "317.42", True),
        ("86.71", "86.71美元", True),
        ("€5 million", "5 million euros", True),
        ("€5 million", "$5 million", False),
        ("£5m", "€5m", False),
        ("C$5 million", "US$5 million", False),
        ("5亿欧元", "€500 million", True),
        ("86.71", "86.72", True),
        ("60%-70%", "60%至70%", True),
        ("60%-70%", "60%", False),
        ("60%-70%", "60%-75%", False),
        ("3.5万亿元-4.2万亿元", "3.5 trillion to 4.2 trillion yuan", True),
        ("0%", "0 %", True),
        ("0%", "0.0001%", False),
        ("-3%", "−3%", True),
        ("-3%", "3%", False),
        ("36.413%", "36.5%", False),
        ("91.5%", "91.48%", True),
        ("13.33%", "13.3%", True),
    ],
)
def test_same_figure_is_symmetric_and_tells_values_kinds_and_currencies_apart(a, b, same):
    first, second = parse_figure(a), parse_figure(b)
    assert same_figure(first, second) is same
    assert same_figure(second, first) is same


@pytest.mark.parametrize(
    ("a", "b", "rel_tol", "same"),
    [
        ("200", "201", 0.005, True),
        ("200", "201.02", 0.005, False),
        ("200亿", "201亿", 0.005, True),
        ("200亿", "201.02亿", 0.005, False),
        ("31.7 billion", "317.42亿", 0.001, False),
        ("32 billion", "317.42亿", 0.01, True),
        ("317.42亿", "317.4200001亿", 0, False),
    ],
)
def test_same_figure_allows_a_relative_difference_up_to_the_tolerance(a, b, rel_tol, same):
    assert same_figure(parse_figure(a), parse_figure(b), rel_tol=rel_tol) is same


@pytest.mark.parametrize("text", ["", "no figures here", "3% and 4%", "317.42亿 and 13%"])
def test_parse_figure_needs_exactly_one_figure(text):
    with pytest.raises(ValueError):
        parse_figure(text)


def test_the_sample_articles_figures_are_read_with_their_values_and_offsets(sample_text):
    figures = extract_figures(sample_text)
    assert all(sample_text[figure.start : figure.end] == figure.text for figure in figures)
    found = {figure.text: figure for figure in figures}
    expected = {
        "317.42 亿": (3.1742e10, 3.1742e10, "amount", ""),
        "2801.54 亿元": (2.80154e11, 2.80154e11, "amount", "CNY"),
        "510.66 亿元": (5.1066e10, 5.1066e10, "amount", "CNY"),
        "86.71 美元": (86.71, 86.71, "amount", "USD"),
        "3.5 万亿元": (3.5e12, 3.5e12, "amount", "CNY"),
        "48.8 万亿元": (4.88e13, 4.88e13, "amount", "CNY"),
        "60%-70%": (60, 70, "percent", ""),
        "0.6%": (0.6, 0.6, "percent", ""),
        "-3%": (-3, -3, "percent", ""),
    }
    for text, summary in expected.items():
        assert _summary([found[text]]) == [summary], text
    assert any(same_figure(figure, parse_figure("RMB 31.742 billion")) for figure in figures)
    assert not any(same_figure(figure, parse_figure("RMB 32 billion")) for figure in figures)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("317.42 亿", "31.742 billion"),
        ("2801.54 亿元", "RMB 280.154 billion"),
        ("3.5 万亿元", "RMB 3.5 trillion"),
        ("3 万元", "RMB 30,000"),
        ("1.2万亿-1.5万亿元", "RMB 1.2-1.5 trillion"),
        ("135.98 美元", ""),
        ("13%", ""),
        ("US$ 1.2 billion", ""),
        ("86.71亿欧元", "€8.671 billion"),
        ("5000万英镑", "£50 million"),
    ],
)
def test_english_reading_writes_wan_and_yi_amounts_in_english_words(text, reading):
    figure = parse_figure(text)
    assert english_reading(figure) == reading
    if reading:
        assert same_figure(parse_figure(reading), figure)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("$22,998 million", "229.98亿美元"),
        ("$15.4 billion", "154亿美元"),
        ("RMB 3.5 trillion", "3.5万亿元"),
        ("$ 697.9 million", "6.979亿美元"),
        ("350 thousand", "35万"),
        ("€8,671 million", "86.71亿欧元"),
        ("C$2.5 billion", "25亿加元"),
        ("317.42亿元", ""),
        ("$1.84", ""),
        ("13%", ""),
    ],
)
def test_chinese_reading_writes_english_scaled_amounts_in_wan_and_yi(text, reading):
    figure = parse_figure(text)
    assert chinese_reading(figure) == reading
    if reading:
        assert same_figure(parse_figure(reading), figure)


def test_a_bracketed_figure_is_negative_as_filings_print_losses_and_declines():
    assert [(figure.low, figure.kind) for figure in extract_figures("Change: (2)% | Interest (2,686) | $ (97) million")] == [
        (-2.0, "percent"), (-2686.0, "number"), (-97e6, "amount"),
    ]  # fmt: skip
    # The grounding check compares signs loosely, so "-2%" in an answer is backed by a source's "(2)%".
    assert matches_any(extract_figures("-2%")[0], extract_figures("(2)%"))
