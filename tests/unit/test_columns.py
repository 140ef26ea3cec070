"""Ruleless tables read from word positions: figures under the heads they stand below, spans over their columns."""

from ingest.columns import read_columns

_CHAR_WIDTH = 5.0
_HEIGHT = 8.0


def _line(top: float, *words: tuple[float, str]) -> dict:
    """A pdfplumber text line of `words`, each (x0, text), its characters `_CHAR_WIDTH` wide."""
    chars = []
    for x0, text in words:
        x = x0
        for character in text:
            # A space is a quarter of the font's height, as printed: it separates words, not cells.
            if character == " ":
                x += _HEIGHT / 4
                continue
            chars.append({"text": character, "x0": x, "x1": x + _CHAR_WIDTH, "top": top, "bottom": top + _HEIGHT})
            x += _CHAR_WIDTH
    text = " ".join(text for _, text in words)
    return {"text": text, "x0": words[0][0], "x1": chars[-1]["x1"], "top": top, "bottom": top + _HEIGHT, "chars": chars}


RELEASE = [
    _line(0, (20, "Results were strong this quarter, as the table below shows.")),
    _line(20, (225, "GAAP"), (440, "Non-GAAP")),
    _line(30, (150, "Q4 2022"), (220, "Q4 2021"), (290, "vs. Q4 2021"), (370, "Q4 2022"), (440, "Q4 2021"), (510, "vs. Q4 2021")),
    _line(40, (20, "Gross margin"), (155, "39.2%"), (225, "53.6%"), (290, "down 14.5 ppts"), (375, "43.8%"), (445, "55.8%"), (510, "down 12.1 ppts")),
    _line(50, (20, "Tax rate"), (155, "17.0%"), (225, "11.0%"), (290, "up 6 ppts"), (375, "45.7%"), (445, "11.7%"), (510, "up 34.1 ppts")),
    _line(60, (20, "The company generated $7.7 billion in cash from operations.")),
]  # fmt: skip


def test_each_figure_is_named_by_the_heads_above_its_column_and_the_span_over_them():
    lines = [line["text"] for line in read_columns(RELEASE)]
    assert lines[3] == (
        "Gross margin | GAAP Q4 2022: 39.2% | GAAP Q4 2021: 53.6% | GAAP vs. Q4 2021: down 14.5 ppts"
        " | Non-GAAP Q4 2022: 43.8% | Non-GAAP Q4 2021: 55.8% | Non-GAAP vs. Q4 2021: down 12.1 ppts"
    )
    assert lines[4].startswith("Tax rate | GAAP Q4 2022: 17.0% | GAAP Q4 2021: 11.0% | GAAP vs. Q4 2021: up 6 ppts")
    # Prose and the head lines are left as printed.
    assert [lines[0], lines[1], lines[2], lines[5]] == [RELEASE[i]["text"] for i in (0, 1, 2, 5)]


def test_a_signed_or_unit_word_stays_with_its_figure_and_a_percentage_column_keeps_its_unit():
    statement = [
        _line(0, (20, "Dollars in millions"), (300, "Inc/ (Dec)")),
        _line(10, (20, "Quarters Ended March 31,"), (170, "2023"), (240, "2022"), (300, "Change")),
        _line(20, (20, "Revenues"), (160, "$"), (170, "5,897.8"), (230, "$"), (240, "5,665.6"), (305, "4"), (320, "%")),
        _line(30, (20, "Net income"), (170, "1,802.3"), (240, "1,104.4"), (300, "63")),
    ]
    lines = [line["text"] for line in read_columns(statement)]
    assert lines[2] == (
        "Revenues | Quarters Ended March 31, 2023: $ 5,897.8 | Quarters Ended March 31, 2022: $ 5,665.6"
        " | Inc/ (Dec) Change: 4 %"
    )
    assert lines[3].endswith("| Inc/ (Dec) Change: 63%")


def test_a_table_whose_heads_name_no_period_or_miss_a_column_is_left_as_printed():
    no_period = [
        _line(0, (150, "Units"), (220, "Share")),
        _line(10, (20, "Phones"), (155, "120"), (225, "40%")),
        _line(20, (20, "Tablets"), (155, "60"), (225, "20%")),
    ]
    missing_head = [
        _line(0, (150, "2023")),
        _line(10, (20, "Phones"), (155, "120"), (225, "40%")),
        _line(20, (20, "Tablets"), (155, "60"), (225, "20%")),
    ]
    for lines in (no_period, missing_head):
        assert [line["text"] for line in read_columns(lines)] == [line["text"] for line in lines]


def test_a_rows_scale_labels_its_amounts_and_heads_not_centred_over_even_runs_do_not_span():
    lines = [
        # Two heads over four columns, but each stands over the last column of its pair: not spans.
        _line(0, (230, "Change"), (370, "Change")),
        _line(10, (150, "Q4 2022"), (220, "Q4 2021"), (290, "2022"), (360, "2021")),
        _line(20, (20, "Revenue ($B)"), (155, "$14.0"), (225, "$20.5"), (295, "$63.1"), (365, "$79.0")),
        _line(30, (20, "Net income ($B)"), (155, "$(0.7)"), (225, "$4.6"), (295, "$8.0"), (365, "$19.9")),
    ]
    rows = [line["text"] for line in read_columns(lines)][2:]
    assert rows[0] == (
        "Revenue ($B) | Q4 2022: $ 14.0 billion | Change Q4 2021: $ 20.5 billion | 2022: $ 63.1 billion"
        " | Change 2021: $ 79.0 billion"
    )
    assert rows[1].startswith("Net income ($B) | Q4 2022: $ (0.7) billion |")


def test_a_row_with_a_long_label_is_read_by_its_value_cells():
    lines = [
        _line(0, (20, "Business Unit Revenue and Trends"), (400, "Q4 2022"), (460, "vs. Q4 2021"), (560, "2022"), (680, "vs. 2021")),
        _line(10, (20, "Client Computing Group (CCG)"), (400, "$6.6 billion"), (465, "down 36%"), (560, "$31.7 billion"), (680, "down 23%")),
        _line(20, (20, "Accelerated Computing Systems and Graphics (AXG)"), (400, "$247 million"), (465, "up 1%"), (560, "$837 million"), (680, "up 8%")),
    ]  # fmt: skip
    rows = [line["text"] for line in read_columns(lines)][1:]
    assert rows[1] == (
        "Accelerated Computing Systems and Graphics (AXG) | Q4 2022: $247 million | vs. Q4 2021: up 1%"
        " | 2022: $837 million | vs. 2021: up 8%"
    )
